"""Where users see motions: the pages /moties and /moties/{id}, the REST API, the command line,
and the document page's links to a stored motion; every citing report linked to the right paper."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api_helpers import client_for
from corpus_support import EXAMPLES, SEED, migrated_store
from overleg import read
from overleg.cli import app
from overleg.corpus.analytics.figures import most_cited
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.ingest.save import save_and_index
from overleg.corpus.links import list_motions
from overleg.extract.motions import find_motions
from overleg.model import Document, DocumentId, DocumentType, Item
from overleg.model.motion import MotionRecord, Submitter
from overleg.service import Credentials, Service
from overleg.store import Store
from overleg.store.motions import MotionRepository
from test_motion_votes import ZAKEN, FakeZaken

CEDER = "kst-21501-02-3121"
# the seed report cites "motie Piri (Kamerstuk 23432, nr. 620)"; that paper is not in the corpus,
# so a record stands in for it here (what the paper prints is not asserted anywhere)
PIRI_620 = MotionRecord(DocumentId("kst-23432-620"), "23432", "620", "MOTIE VAN HET LID PIRI", ("Piri",),
                        dt.date(2024, 1, 23), "De Kamer,\nverzoekt de regering ...", (), ("verzoekt de regering ...",),
                        submitter_details=(Submitter("Piri"),))


def citing_report() -> Document:
    """A report whose items cite the Ceder motion with its paper, and once by name only; its
    motions found as a reader finds them."""
    doc = Document(DocumentType.VERSLAG, id=DocumentId("kst-21501-02-9101"), title="Verslag over de motie Ceder",
                    items=(Item(1, "Hoe voert het kabinet de motie Ceder (Kamerstuk 21501-02, nr. 3121) uit?",
                                "De motie Ceder wordt uitgevoerd."),
                           Item(2, "En de motie Piri (Kamerstuk 23432, nr. 619)?", "Die ook, net als de motie Ceder.")))
    return replace(doc, motions=find_motions(doc))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("motions")) as store:
        report = ingest([EXAMPLES], store, jobs=1)
        assert report.ok and report.motions == {"new": 5}, report.summary()
        MotionRepository(store.engine).save_many([(PIRI_620, "test")])
        save_and_index(store, citing_report(), "citing.json")
        Service(store).motions.sync(Credentials.operator(), transport=httpx.MockTransport(FakeZaken(ZAKEN)),
                                    interval=0, base_url="http://fake.test/OData/v4/2.0")
        yield store


@pytest.fixture(scope="module")
def client(stored: Store) -> Iterator[TestClient]:
    with client_for(stored) as c:
        yield c


def test_the_report_citing_the_paper_is_listed_on_the_motion_with_its_item(stored: Store) -> None:
    view = Service(stored).motions.get(Credentials.public(), CEDER)
    assert [(c.document_id, c.name, c.items) for c in view.cited_by] == [("kst-21501-02-9101", "Ceder", (1, 2))]


def test_the_seed_reports_three_piri_motions_go_to_three_papers(stored: Store) -> None:
    service = Service(stored)
    view = service.motions.get(Credentials.public(), "kst-23432-620")
    assert [(c.document_id, c.items) for c in view.cited_by] == [("kst-21501-02-3349", (22,))]
    seed = read(SEED)
    assert [[str(r) for r in m.refs] for m in seed.motions if m.name == "Piri"] == [
        ["kst-23432-620"], ["kst-21501-20-2293"], ["kst-23432-619"]]


def test_most_cited_and_the_motions_across_documents_count_each_piri_paper_apart(stored: Store) -> None:
    motions = {m.motion_key: m for m in list_motions(stored) if m.name == "Piri"}
    assert sorted(motions) == ["kst-21501-20-2293", "kst-23432-619", "kst-23432-620"]
    assert motions["kst-23432-620"].sources == (("kst-21501-02-3349", (22,)),)
    cited = {(row[1], row[2]) for row in most_cited(stored, limit=100).rows if row[0] == "motion"}
    assert {key for key, name in cited if name == "Piri"} == set(motions)


def test_the_motion_list_page_searches_by_name_and_filters_by_outcome(client: TestClient) -> None:
    listed = client.get("/moties.json").json()
    assert listed["total"] == 6
    assert [m["id"] for m in client.get("/moties.json", params={"q": "ceder"}).json()["motions"]] == [CEDER]
    assert [m["id"] for m in client.get("/moties.json", params={"q": "21501-02"}).json()["motions"]] == [CEDER]
    accepted = client.get("/moties.json", params={"uitkomst": "aangenomen"}).json()
    assert [m["id"] for m in accepted["motions"]] == [CEDER]
    odd = client.get("/moties.json", params={"uitkomst": "weet-niet"}).json()
    assert odd["total"] == 6 and "bestaat niet" in odd["message"]
    html = client.get("/moties", params={"q": "Nispen"}).text
    assert "Kamerstuk 29 924, nr. 272" in html and "Verworpen" in html and "<html lang=\"nl\"" in html


def test_the_motion_page_shows_the_paper_the_decision_the_votes_and_who_cites_it(client: TestClient) -> None:
    data = client.get(f"/moties/{CEDER}.json").json()
    assert (data["citation"], data["date"], data["date_text"]) == (
        "Kamerstuk 21 501-02, nr. 3121", "2025-04-10", "Voorgesteld 10 april 2025")
    assert data["outcome"]["decision"] == "Aangenomen." and data["outcome"]["vote_kind"] == "Met handopsteken"
    assert (data["seats_for"], data["seats_against"]) == (75, 75)
    assert data["votes"][0] == {"group": "PVV", "seats": 37, "choice": "Tegen", "choice_name": "tegen", "member": None}
    assert data["cited_by"][0]["href"] == "/documents/kst-21501-02-9101#vraag-1"
    html = client.get(f"/moties/{CEDER}").text
    assert "<th scope=\"row\">GroenLinks-PvdA</th><td>25</td><td>voor</td>" in html
    assert "constaterende dat Israël meer gebied" in html and "Aangehaald in" in html
    assert client.get("/moties/kst-1-1").status_code == 404


def test_a_roll_call_vote_shows_each_member(client: TestClient) -> None:
    html = client.get("/moties/kst-29924-272").text
    assert "<th scope=\"col\">Kamerlid</th>" in html and "Van Nispen" in html


def test_the_document_page_links_a_cited_stored_motion_to_its_page(client: TestClient) -> None:
    html = client.get("/documents/kst-21501-02-9101").text
    assert f'<a href="/moties/{CEDER}" class="intern" data-stuk="{CEDER}">' in html
    data = client.get("/documents/kst-21501-02-9101.json").json()
    assert [m["href"] for m in data["cited_motions"]] == [f"/moties/{CEDER}"]


def test_the_api_lists_and_serves_motions(client: TestClient) -> None:
    listed = client.get("/api/motions", params={"result": "verworpen"}).json()
    assert [(m["id"], m["result"]) for m in listed] == [("kst-29924-272", "verworpen")]
    one = client.get("/api/motions/kst-34104-439").json()
    assert one["submitters"] == [{"name": "Rikkers-Oosterkamp", "full_name": "M.G.F. Rikkers-Oosterkamp",
                                  "party": None}]
    assert one["outcome"]["result"] == "aangehouden" and one["votes"] == []
    assert client.get("/api/motions/kst-1-1").status_code == 404
    assert client.get("/api/motions", params={"q": "x" * 201}).status_code == 422


def test_the_command_line_lists_shows_and_syncs(stored: Store, tmp_path: Path) -> None:
    if stored.dialect != "sqlite":
        pytest.skip("the command line is the same on both stores")
    runner = CliRunner()
    listed = runner.invoke(app, ["motions", "list", "--database", stored.url])
    assert listed.exit_code == 0, listed.output
    assert "kst-21501-02-3121" in listed.output and "Aangenomen." not in listed.output
    assert "aangenomen" in listed.output
    shown = runner.invoke(app, ["motions", "show", CEDER, "--database", stored.url])
    assert shown.exit_code == 0, shown.output
    assert "Besluit: Aangenomen. op 2025-04-15, met handopsteken" in shown.output
    assert "kst-21501-02-9101, vraag 1, 2" in shown.output
    as_json = json.loads(runner.invoke(app, ["motions", "show", CEDER, "--json", "--database", stored.url]).output)
    assert as_json["outcome"]["zaak"] == "2025Z06999"
    missing = runner.invoke(app, ["motions", "show", "kst-1-1", "--database", stored.url])
    assert missing.exit_code != 0 and "Geen motie" in missing.output
