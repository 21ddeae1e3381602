"""Links across the corpus: papers cited in any printed form resolve to stored documents, both
ways, and are served by the REST API and the command line (``overleg links``).

The pair is real text: the bundled Aanhangsel 302 with one sentence added to its second answer
that cites the bundled seed report the way ministry letters do ("Kamerstuk 21501-02-3349"),
a Staatscourant and a TK DocumentNummer; and the seed with an answer citing the bundled
Aanhangsel 1893 ("Aanhangsel Handelingen II 2023/24, nr. 1893").
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api_helpers import client_for
from corpus_support import EXAMPLES, SEED, migrated_store
from overleg.cli import app
from overleg.corpus import links
from overleg.corpus.ingest.pipeline import ingest
from overleg.errors import NotFound
from overleg.store import Store

ADDED = ("Zie ook het verslag van het schriftelijk overleg (Kamerstuk 21501-02-3349), de regeling "
         "(Stcrt. 2023, 31878) en de brief (2023D39037).")
SEED_ADDED = "Zie ook de antwoorden op de vragen van het lid (Aanhangsel Handelingen II 2023/24, nr. 1893)."


def _with_sentence(text: str, after: str, sentence: str) -> str:
    """``text`` with ``sentence`` at the end of the line that follows ``after``."""
    line_end = text.index("\n", text.index(after) + len(after))
    return text[:line_end] + " " + sentence + text[line_end:]


def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    aanhangsel = (EXAMPLES / "ah-tk-20232024-302.embedded-md.md").read_text(encoding="utf-8")
    (folder / "ah-tk-20232024-302.embedded-md.md").write_text(
        _with_sentence(aanhangsel, "Antwoord 2\n", ADDED), encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    (folder / SEED.name).write_text(_with_sentence(seed, "1. Antwoord van het kabinet \n", SEED_ADDED),
                                    encoding="utf-8")
    shutil.copy(EXAMPLES / "ah-tk-20232024-1893.pdf", folder / "ah-tk-20232024-1893.pdf")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with migrated_store("sqlite", tmp_path) as opened:
        report = ingest([corpus_folder(tmp_path)], opened, jobs=1)
        assert report.ok and report.new_documents == 3, report
        yield opened


def test_a_stored_report_cited_in_the_hyphenated_form_is_cited_by_the_aanhangsel(store: Store) -> None:
    found = links.links_of(store, "kst-21501-02-3349")
    [citing] = [p for p in found.cited_by if p.id == "ah-tk-20232024-302"]
    assert citing.stored and citing.where == (2,) and citing.citation == "Aanhangsel Handelingen II 2023/24, nr. 302"
    assert citing.url == "/documents/ah-tk-20232024-302"


def test_the_aanhangsel_cites_the_stored_report_and_the_papers_that_are_not_stored(store: Store) -> None:
    cites = {p.id: p for p in links.links_of(store, "ah-tk-20232024-302").cites}
    assert cites["kst-21501-02-3349"].stored and cites["kst-21501-02-3349"].where == (2,)
    assert cites["kst-21501-02-3349"].citation == "Kamerstuk 21 501-02, nr. 3349"
    assert not cites["stcrt-2023-31878"].stored
    assert cites["stcrt-2023-31878"].url == "https://zoek.officielebekendmakingen.nl/stcrt-2023-31878.html"
    assert cites["stcrt-2023-31878"].citation == "Stcrt. 2023, 31878"
    assert cites["2023D39037"].url == "https://www.tweedekamer.nl/kamerstukken/detail?id=2023D39037&did=2023D39037"
    assert not cites["ah-tk-20232024-76"].stored  # the footnote the Aanhangsel prints itself


def test_a_stored_aanhangsel_is_cited_by_the_stored_report(store: Store) -> None:
    found = links.links_of(store, "Aanhangsel Handelingen II 2023/24, nr. 1893")
    assert found.id == "ah-tk-20232024-1893"
    assert [(p.id, p.stored) for p in found.cited_by] == [("kst-21501-02-3349", True)]
    seed_cites = {p.id: p.stored for p in links.links_of(store, "kst-21501-02-3349").cites}
    assert seed_cites["ah-tk-20232024-1893"] is True
    assert sum(seed_cites.values()) == 1  # the seed's own citations are of papers not stored here


def test_links_of_a_document_not_stored_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        links.links_of(store, "kst-36180-190")


def test_the_rest_api_serves_both_sides_and_a_404_for_an_unknown_document(store: Store) -> None:
    with client_for(store) as client:
        body = client.get("/api/documents/kst-21501-02-3349/links").json()
        assert [p["id"] for p in body["cited_by"]] == ["ah-tk-20232024-302"]
        assert body["cited_by"][0]["where"] == [2] and body["citation"] == "Kamerstuk 21 501-02, nr. 3349"
        assert {"ah-tk-20232024-1893"} == {p["id"] for p in body["cites"] if p["stored"]}
        assert client.get("/api/documents/Kamerstuk%2021501-02-3349/links").json() == body
        missing = client.get("/api/documents/kst-36180-190/links")
        assert missing.status_code == 404 and "kst-36180-190" in missing.json()["message"]
        schema = client.get("/api/openapi.json").json()
        assert "/api/documents/{doc_id}/links" in schema["paths"]


def test_the_command_line_prints_the_links_as_text_and_as_the_apis_json(store: Store) -> None:
    url = str(store.engine.url)
    text = CliRunner().invoke(app, ["links", "ah-tk-20232024-302", "--database", url])
    assert text.exit_code == 0, text.output
    assert "Kamerstuk 21 501-02, nr. 3349 (kst-21501-02-3349, opgeslagen)  vraag 2" in text.output
    assert "Aangehaald in (0):" in text.output
    as_json = CliRunner().invoke(app, ["links", "kst-21501-02-3349", "--format", "json", "--database", url])
    with client_for(store) as client:
        assert json.loads(as_json.output) == client.get("/api/documents/kst-21501-02-3349/links").json()
    missing = CliRunner().invoke(app, ["links", "kst-36180-190", "--database", url])
    assert missing.exit_code != 0 and "kst-36180-190" in missing.output and "Traceback" not in missing.output
