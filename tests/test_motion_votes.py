"""Outcome and votes of motions from Open Data: the Zaak payload read into model values, and
``overleg motions sync`` against a local fake of the service (no network)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from corpus_support import migrated_store
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.motion_sync import sync_motions
from overleg.connectors.opendata import Malformed
from overleg.connectors.opendata_votes import ZaakVotes, read_zaak, zaak_query
from overleg.corpus.ingest.pipeline import ingest
from overleg.model.motion import MotionOutcome, Vote
from overleg.store import Store
from overleg.store.motions import MotionRepository

ROOT = Path(__file__).resolve().parent.parent
ZAKEN = json.loads((ROOT / "tests/fixtures/opendata/motion-zaken.json").read_text(encoding="utf-8"))["value"]
BUNDLED = ROOT / "src/overleg/examples/moties"
BASE = "http://fake.test/OData/v4/2.0"


class FakeZaken:
    """Answers ``Zaak?$filter=... Volgnummer eq N and Kamerstukdossier/any(d: d/Nummer eq X ...)``
    from the fixture; ``junk`` entries are added to every answer; ``fail`` paths answer 500."""

    def __init__(self, zaken: list[dict[str, object]], junk: tuple[object, ...] = (), fail: int | None = None) -> None:
        self.zaken, self.junk, self.fail = zaken, junk, fail
        self.log: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = urlsplit(str(request.url))
        self.log.append(str(request.url))
        if not url.path.endswith("/Zaak"):
            return httpx.Response(404)
        where = parse_qs(url.query)["$filter"][0]
        volg = int(re.search(r"Volgnummer eq (\d+)", where).group(1))  # type: ignore[union-attr]
        nummer = int(re.search(r"d/Nummer eq (\d+)", where).group(1))  # type: ignore[union-attr]
        extra = re.search(r"d/Toevoeging eq '([^']*)'", where)
        if self.fail == volg:
            return httpx.Response(500)
        found = [z for z in self.zaken if z["Volgnummer"] == volg
                 and any(d["Nummer"] == nummer and d["Toevoeging"] == (extra.group(1) if extra else None)
                         for d in z["Kamerstukdossier"])]  # type: ignore[attr-defined]
        return httpx.Response(200, json={"value": [*self.junk, *found]})


def client(fake: FakeZaken) -> PoliteClient:
    return PoliteClient(Politeness(min_interval=0, retries=0), transport=httpx.MockTransport(fake),
                        sleep=lambda _: None)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def test_a_zaak_gives_the_decision_the_kind_of_vote_and_each_groups_seats_and_choice() -> None:
    read = read_zaak(ZAKEN[0])
    assert isinstance(read, ZaakVotes)
    assert (read.zaak, read.dossier, read.number) == ("2025Z06999", "21501-02", "3121")
    assert read.outcome == MotionOutcome("Aangenomen.", "Stemmen - aangenomen", "Met handopsteken",
                                         dt.date(2025, 4, 15), "2025Z06999")
    assert read.outcome.result == "aangenomen"
    assert read.votes[:2] == (Vote("PVV", 37, "Tegen"), Vote("GroenLinks-PvdA", 25, "Voor"))
    assert len(read.votes) == 15  # the withdrawn entry left out, the one without a choice skipped
    assert read.skipped == 1
    assert sum(v.seats or 0 for v in read.votes if v.choice == "Voor") == 75


def test_a_roll_call_vote_lists_each_member_with_the_group() -> None:
    read = read_zaak(ZAKEN[1])
    assert isinstance(read, ZaakVotes) and read.outcome is not None
    assert (read.outcome.vote_kind, read.outcome.result) == ("Hoofdelijk", "verworpen")
    assert read.votes[0] == Vote("SP", 5, "Voor", "Van Nispen")
    assert read.votes[-1].choice == "Niet deelgenomen"


def test_a_held_motion_has_its_decision_without_votes_and_a_zaak_without_decision_has_none() -> None:
    held = read_zaak(ZAKEN[2])
    assert isinstance(held, ZaakVotes) and held.outcome is not None
    assert (held.outcome.result, held.votes) == ("aangehouden", ())
    assert held.outcome.date == dt.date(2025, 4, 29)  # no voting session expanded: the day it was changed
    empty = read_zaak(ZAKEN[3])
    assert isinstance(empty, ZaakVotes) and empty.outcome is None


@pytest.mark.parametrize("entry", ["a string", 7, {"Soort": "Motie"}, {"Id": "x", "Besluit": "niet een lijst"}])
def test_an_entry_that_is_no_zaak_is_malformed_never_fatal(entry: object) -> None:
    assert isinstance(read_zaak(entry), Malformed)


def test_the_query_asks_for_the_paper_by_dossier_addition_and_number() -> None:
    q = zaak_query("21501-02", "3121")
    assert q["$filter"] == ("Soort eq 'Motie' and Volgnummer eq 3121 and "
                            "Kamerstukdossier/any(d: d/Nummer eq 21501 and d/Toevoeging eq '02')")
    assert "Besluit($expand=Stemming" in q["$expand"]


def test_sync_stores_the_decision_and_votes_of_each_stored_motion(store: Store) -> None:
    ingest([BUNDLED], store, jobs=1)
    fake = FakeZaken(ZAKEN, junk=("not a zaak",))
    report = sync_motions(store, client(fake), base=BASE)
    assert report.checked == 5
    assert sorted(report.decided) == ["kst-21501-02-3121", "kst-29924-272", "kst-34104-439"]
    assert report.undecided == ["kst-36682-10"]
    assert report.not_found == ["kst-36278-32"]
    assert report.skipped == 5 + 1  # the junk entry in each of the 5 answers, the Stemming without a choice
    repo = MotionRepository(store.engine)
    ceder = repo.get("kst-21501-02-3121")
    assert ceder is not None and ceder.outcome is not None
    assert (ceder.outcome.decision, ceder.outcome.result, ceder.outcome.date) == (
        "Aangenomen.", "aangenomen", dt.date(2025, 4, 15))
    assert [(v.group, v.seats, v.choice) for v in ceder.votes][:3] == [
        ("PVV", 37, "Tegen"), ("GroenLinks-PvdA", 25, "Voor"), ("VVD", 24, "Tegen")]
    assert ceder.synced_at is not None
    assert repo.list(result="aangehouden")[0].id == "kst-34104-439"
    again = sync_motions(store, client(FakeZaken(ZAKEN)), base=BASE)
    assert len(again.decided) == 3
    assert len(repo.get("kst-21501-02-3121").votes) == 15  # type: ignore[union-attr]  # replaced, not added


def test_a_failing_request_is_reported_for_its_motion_and_the_others_go_on(store: Store) -> None:
    ingest([BUNDLED], store, jobs=1)
    report = sync_motions(store, client(FakeZaken(ZAKEN, fail=3121)), base=BASE)
    assert [motion_id for motion_id, _ in report.failures] == ["kst-21501-02-3121"]
    assert sorted(report.decided) == ["kst-29924-272", "kst-34104-439"]
    assert "1 failed" in report.summary()
