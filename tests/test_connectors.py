"""Connectors on recorded payloads and local fakes only: paging, retries, resume, versions, bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from fake_services import BASE, FakeOpenData, recorded, sru_response
from overleg.connectors import opendata, sru
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.sync import FileKeeper, Outcome, StoreKeeper, Summary, SyncState, ob_entries, tk_entries
from overleg.connectors.sync import sync_entries as run
from overleg.errors import FetchError, ReaderError
from overleg.model import Committee, Document, DocumentId, DocumentType
from overleg.readers import read
from overleg.store import Store, open_store
from overleg.store.users import fast_hasher
from test_store_contract import empty_url  # noqa: F401  (the SQLite and PostgreSQL fixture)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src/overleg/examples"
SINCE = "2025-08-12T00:00:00Z"
SOORTEN = opendata.QUESTION_SOORTEN


class FakeTime:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def client_for(handler: Callable[[httpx.Request], httpx.Response],
               politeness: Politeness | None = None, time: FakeTime | None = None) -> PoliteClient:
    time = time or FakeTime()
    return PoliteClient(politeness or Politeness(min_interval=0.5), transport=httpx.MockTransport(handler),
                        sleep=time.sleep, clock=time.clock)


@pytest.fixture
def store(empty_url: str) -> Iterator[Store]:  # noqa: F811
    opened = open_store(empty_url, hasher=fast_hasher())
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()


def _day() -> tuple[list[object], dict[str, bytes]]:
    """The recorded page of 12-14 August 2025; each question document gets a bundled example as its file."""
    records = recorded("document-page-so-reports.json")
    files = [EXAMPLES / "kst-21501-02-3349.txt", *sorted(EXAMPLES.glob("ah-tk-*.pdf"))]
    wanted = [r for r in records if isinstance(r, dict) and r["Soort"] in SOORTEN and not r["Verwijderd"]]
    assert wanted, "the recorded page holds question documents"
    return records, {str(r["Id"]): files[k % len(files)].read_bytes() for k, r in enumerate(wanted)}


def _resource_requests(fake: FakeOpenData) -> int:
    return sum(1 for u in fake.log if u.endswith("/Resource"))


def _sync(fake: FakeOpenData, store: Store | None, state: Path | StoreKeeper,
          summary: Summary | None = None) -> Summary:
    """One run of ``fake``'s entries; ``state``: a state file, or the keeper in the store."""
    keeper = FileKeeper(state) if isinstance(state, Path) else state
    with client_for(fake) as client:
        summary = summary or Summary()
        return run(tk_entries(client, SINCE, SOORTEN, None, summary), client, store, keeper, "tk", summary=summary)


def test_pages_are_followed_by_next_link_until_the_last() -> None:
    records = recorded("document-page-antwoorden.json")
    fake = FakeOpenData(records, {}, page_size=100)
    with client_for(fake) as client:
        pages = list(opendata.pages(client, "2025-01-01T00:00:00Z"))
    assert [len(found) for found, _ in pages] == [100, 100, 50]
    assert pages[-1][1] is None
    ids = [r.id for found, _ in pages for r in found if isinstance(r, opendata.DocumentRecord)]
    assert sorted(ids) == sorted(str(r["Id"]) for r in records if isinstance(r, dict))


def test_429_and_503_are_retried_with_retry_after_and_exponential_backoff() -> None:
    fake = FakeOpenData([], {"x": b"data"})
    fake.fail_next = [429, 503, 503]
    time = FakeTime()
    with client_for(fake, Politeness(min_interval=0, backoff=1.0), time) as client:
        assert client.get(f"{BASE}/Document(x)/Resource").content == b"data"
    assert time.sleeps == [3.0, 2.0, 4.0]  # Retry-After of the 429, then 1*2**1, 1*2**2
    assert client.requests == 4


def test_connection_errors_are_retried_then_fail_with_a_fetch_error() -> None:
    fake = FakeOpenData([], {})
    fake.fail_next = [httpx.ConnectError] * 10
    time = FakeTime()
    with (client_for(fake, Politeness(min_interval=0, retries=3, backoff=0.5), time) as client,
          pytest.raises(FetchError, match="connection failed after 4 attempts")):
        client.get(f"{BASE}/Document")
    assert time.sleeps == [0.5, 1.0, 2.0]


def test_requests_keep_a_minimum_interval() -> None:
    fake = FakeOpenData([], {"x": b"1"})
    time = FakeTime()
    with client_for(fake, Politeness(min_interval=2.0), time) as client:
        for _ in range(3):
            client.get(f"{BASE}/Document(x)/Resource")
    assert time.sleeps == [2.0, 2.0]


def test_a_status_that_is_not_retried_fails_at_once() -> None:
    fake = FakeOpenData([], {})
    with client_for(fake) as client, pytest.raises(FetchError, match="HTTP 404"):
        client.get(f"{BASE}/Document(missing)/Resource")
    assert len(fake.log) == 1


def test_sync_of_a_recorded_day_completes_and_a_second_run_fetches_nothing(store: Store, tmp_path: Path) -> None:
    records, resources = _day()
    fake = FakeOpenData(records, resources)
    state = tmp_path / "state.json"
    first = _sync(fake, store, state)
    expected_ids = {str(read(data, "x").id) for data in resources.values()}
    assert first.counts[Outcome.FAILED] == 0
    assert first.counts[Outcome.NEW] == len(expected_ids)
    # a file served for a second record is that record's document too: its numbers join as a new version
    assert first.counts[Outcome.NEW] + first.counts[Outcome.CHANGED] == len(resources)
    assert {v.id for v in store.documents.list()} == expected_ids
    assert _resource_requests(fake) == len(resources)
    fetched_before = _resource_requests(fake)
    second = _sync(fake, store, state)
    assert _resource_requests(fake) == fetched_before
    assert sum(second.counts.values()) == 0


def test_sync_resumes_after_a_failure_half_way(store: Store, tmp_path: Path) -> None:
    records, resources = _day()
    fake = FakeOpenData(records, resources, page_size=60)
    fake.broken_pages = {2}
    state = tmp_path / "state.json"
    with pytest.raises(FetchError):
        _sync(fake, store, state)
    done_first = _resource_requests(fake)
    saved = FileKeeper(state).load("tk")
    assert saved.cursor is not None
    fake.broken_pages = set()
    second = _sync(fake, store, state)
    assert second.counts[Outcome.FAILED] == 0
    assert _resource_requests(fake) == len(resources)  # nothing fetched twice
    assert 0 < done_first < len(resources)  # the failure came half-way
    assert {v.id for v in store.documents.list()} == {str(read(d, "x").id) for d in resources.values()}


def test_a_changed_document_becomes_a_new_version(store: Store, tmp_path: Path) -> None:
    seed = (EXAMPLES / "kst-21501-02-3349.txt").read_bytes()
    record = {"Id": "aaaa-1", "Soort": "Verslag van een schriftelijk overleg", "DocumentNummer": "2026D1",
              "Onderwerp": "Verslag", "Datum": "2026-02-20T00:00:00+01:00", "GewijzigdOp": "2026-02-20T10:00:00+01:00",
              "Verwijderd": False, "ContentType": "text/plain"}
    fake = FakeOpenData([record], {"aaaa-1": seed})
    state = tmp_path / "state.json"
    assert _sync(fake, store, state).counts[Outcome.NEW] == 1
    corrected = seed.replace(b"Het besluit van Isra", b"Het genomen besluit van Isra", 1)
    assert corrected != seed
    fake.records = [{**record, "GewijzigdOp": "2026-02-21T09:00:00+01:00"}]
    fake.resources["aaaa-1"] = corrected
    second = _sync(fake, store, state)
    assert second.counts[Outcome.CHANGED] == 1
    versions = store.documents.versions("kst-21501-02-3349")
    assert [v.version for v in versions] == [1, 2]
    assert "genomen besluit" in (store.documents.get("kst-21501-02-3349").item(1).answer or "")  # type: ignore[union-attr]


def test_malformed_entries_and_unreadable_files_are_reported_and_the_rest_is_ingested(
        store: Store, tmp_path: Path) -> None:
    records, resources = _day()
    broken: list[object] = ["not an object", {"Soort": "Mededeling"}, {"Id": "b-2", "GewijzigdOp": "yesterday"}]
    bad_file = next(iter(resources))
    resources[bad_file] = b"\x00\x01\x02 binary garbage"
    fake = FakeOpenData(broken + records, resources)
    summary = _sync(fake, store, tmp_path / "state.json")
    assert summary.counts[Outcome.FAILED] == len(broken) + 1
    reasons = " ".join(reason for _, reason in summary.failures)
    assert "not an object" in reasons and "no Id" in reasons and "binary" in reasons
    others = {str(read(d, "x").id) for k, d in resources.items() if k != bad_file}
    assert others <= {v.id for v in store.documents.list()}


def test_dry_run_lists_what_would_be_fetched_and_fetches_nothing(tmp_path: Path) -> None:
    records, resources = _day()
    fake = FakeOpenData(records, resources)
    with client_for(fake) as client:
        summary = Summary()
        run(tk_entries(client, SINCE, SOORTEN, None, summary), client, None, FileKeeper(tmp_path / "s.json"), "tk",
            dry_run=True, summary=summary)
    assert sorted(e.key for e in summary.listed) == sorted(resources)
    assert _resource_requests(fake) == 0
    assert not (tmp_path / "s.json").exists()


def test_open_data_record_gives_the_official_id_committee_and_version() -> None:
    rec = opendata.record({
        "Id": "d1", "Soort": "Verslag van een schriftelijk overleg", "GewijzigdOp": "2026-02-20T10:00:00+01:00",
        "Datum": "2026-02-20T00:00:00+01:00", "Volgnummer": 3349, "Vergaderjaar": "2025-2026",
        "Kamerstukdossier": [{"Nummer": 21501, "Toevoeging": "02"}],
        "Zaak": [{"Nummer": "2026Z01234", "Voortouwnaam": "vaste commissie voor Buitenlandse Zaken"}],
        "DocumentVersie": [{"Versienummer": 1}, {"Versienummer": 2}]})
    assert isinstance(rec, opendata.DocumentRecord)
    assert (rec.ob_id, rec.committee, rec.zaak, rec.version) == (
        "kst-21501-02-3349", "vaste commissie voor Buitenlandse Zaken", ("2026Z01234",), 2)
    assert opendata.matches(rec, SOORTEN, "Vaste commissie voor Buitenlandse Zaken", None)
    assert not opendata.matches(rec, SOORTEN, "vaste commissie voor Defensie", None)


def test_open_data_query_filters_on_changes_and_soort() -> None:
    q = opendata.query("2025-08-12T00:00:00Z", ("Mededeling (uitstel antwoord)", "Lijst van vragen en antwoorden"))
    assert q["$filter"] == ("GewijzigdOp ge 2025-08-12T00:00:00Z and "
                            "(Soort eq 'Mededeling (uitstel antwoord)' or Soort eq 'Lijst van vragen en antwoorden')")
    assert q["$orderby"].startswith("GewijzigdOp")
    assert all(part in q["$expand"] for part in ("Zaak", "Activiteit", "DocumentVersie"))


def test_open_data_record_keeps_the_metadata_the_kamer_publishes() -> None:
    rec = opendata.record({
        "Id": "d2", "Soort": "Lijst van vragen en antwoorden", "DocumentNummer": "2025D31234", "Titel": "Jaarverslag",
        "Onderwerp": "Lijst van vragen over het jaarverslag", "GewijzigdOp": "2025-08-01T10:00:00+02:00",
        "Datum": "2025-07-31T00:00:00+02:00", "DatumOntvangst": "2025-07-30T00:00:00+02:00", "Volgnummer": 12,
        "Vergaderjaar": "2024-2025", "Aanhangselnummer": None, "Organisatie": "Tweede Kamer",
        "Kamerstukdossier": [{"Nummer": 36740, "Toevoeging": "XII"}], "@odata.etag": "W/1",
        "Zaak": [{"Nummer": "2025Z11111", "Voortouwnaam": "vaste commissie voor Infrastructuur en Waterstaat"}]})
    assert isinstance(rec, opendata.DocumentRecord)
    assert (rec.nummer, rec.onderwerp, rec.titel, rec.dossier, rec.volgnummer, rec.vergaderjaar) == (
        "2025D31234", "Lijst van vragen over het jaarverslag", "Jaarverslag", "36740-XII", 12, "2024-2025")
    assert (rec.received, rec.organisatie, rec.aanhangselnummer, rec.ob_id) == (
        dt.date(2025, 7, 30), "Tweede Kamer", None, "kst-36740-XII-12")
    assert rec.metadata is not None
    kept = json.loads(rec.metadata)
    assert kept["Zaak"][0]["Nummer"] == "2025Z11111" and kept["Titel"] == "Jaarverslag"
    assert "@odata.etag" not in kept  # the record's fields, not the service's annotations
    assert opendata.identifiers(rec) == ("tkdoc-2025D31234", "zaak-2025Z11111")
    odd = opendata.record({"Id": "d5", "GewijzigdOp": "2025-08-01T10:00:00Z", "DatumOntvangst": "gisteren",
                           "DocumentNummer": "not a number", "Zaak": [{"Nummer": "Z-1"}, "x"]})
    assert isinstance(odd, opendata.DocumentRecord) and odd.received is None  # an odd field is left out
    assert opendata.identifiers(odd) == ()  # only the Kamer's numbers make ids


def test_a_hostile_record_cannot_make_its_kept_metadata_grow_without_bound() -> None:
    rec = opendata.record({"Id": "d3", "GewijzigdOp": "2025-08-01T10:00:00Z", "Soort": "Schriftelijke vragen",
                           "Onderwerp": "x" * 50_000, "DocumentNummer": "2025D00001",
                           "Zaak": [{"Nummer": f"2025Z{k:05d}"} for k in range(5000)]})
    assert isinstance(rec, opendata.DocumentRecord) and rec.metadata is not None
    assert len(rec.metadata) <= opendata.MAX_METADATA_CHARS
    assert json.loads(rec.metadata) == {"DocumentNummer": "2025D00001", "GewijzigdOp": "2025-08-01T10:00:00Z",
                                        "Id": "d3", "Soort": "Schriftelijke vragen"}


def test_the_record_fills_what_the_document_leaves_open_and_what_it_prints_wins() -> None:
    rec = opendata.record({
        "Id": "d4", "Soort": "Mededeling (uitstel antwoord)", "DocumentNummer": "2025D07573",
        "GewijzigdOp": "2025-03-05T10:00:00+01:00", "Datum": "2025-02-21T00:00:00+01:00", "Vergaderjaar": "2024-2025",
        "Aanhangselnummer": "242501360",
        "Zaak": [{"Nummer": "2025Z01925", "Voortouwnaam": "vaste commissie voor LVVN"}]})
    assert isinstance(rec, opendata.DocumentRecord)
    bare = opendata.with_record(Document(type=DocumentType.MEDEDELING_UITSTEL), rec)
    assert (str(bare.id), bare.number, bare.date) == ("ah-tk-20242025-1360", "1360", dt.date(2025, 2, 21))
    assert bare.committee == Committee(name="vaste commissie voor LVVN")
    assert bare.identifiers == ("tkdoc-2025D07573", "zaak-2025Z01925")
    printed = Document(type=DocumentType.MEDEDELING_UITSTEL, id=DocumentId("ah-tk-20242025-1359"), number="1359",
                       date=dt.date(2025, 2, 20), committee=Committee(name="vaste commissie voor Landbouw"),
                       identifiers=("zaak-2025Z01925",))
    joined = opendata.with_record(printed, rec)
    assert (joined.id, joined.number, joined.date, joined.committee) == (
        printed.id, printed.number, printed.date, printed.committee)
    assert joined.identifiers == ("zaak-2025Z01925", "tkdoc-2025D07573")
    assert opendata.with_record(joined, rec) == joined  # joining again changes nothing


def test_sru_response_gives_identifiers_and_prefers_xml() -> None:
    data = sru_response([("kst-1-1", "http://fake.test/a.xml", "http://fake.test/a.pdf"),
                         ("kst-1-2", None, "http://fake.test/b.pdf")], 3)
    found, nxt = sru.parse_response(data, "test")
    assert [(p.id, p.url) for p in found] == [("kst-1-1", "http://fake.test/a.xml"), ("kst-1-2", "http://fake.test/b.pdf")]
    assert nxt == 3 and found[0].type == "Kamerstuk" and found[0].modified == "2026-02-24"


def test_sru_cql_queries_by_dossier_type_and_date() -> None:

    q = sru.cql(dt.date(2026, 2, 1), dossier="21501-02", types=("Kamerstuk",), until=dt.date(2026, 2, 28))
    assert 'dt.modified>="2026-02-01"' in q and 'dt.modified<="2026-02-28"' in q
    assert 'w.dossiernummer=="21501-02"' in q and 'w.publicatienaam=="Kamerstuk"' in q


def test_a_hostile_sru_response_is_refused() -> None:
    with pytest.raises(FetchError, match="not safe"):
        sru.parse_response(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "test")


def test_ob_sync_pages_through_sru_downloads_xml_and_a_second_run_fetches_nothing(
        store: Store, tmp_path: Path) -> None:
    official = (ROOT / "tests/fixtures/official/kst-21501-02-3349.xml").read_bytes()
    motion = (ROOT / "tests/fixtures/xml/kst-34104-439.xml").read_bytes()
    pages = {1: sru_response([("kst-21501-02-3349", "http://fake.test/r.xml", "http://fake.test/r.pdf")], 2),
             2: sru_response([("kst-34104-439", "http://fake.test/m.xml", None)], None)}
    files = {"/r.xml": official, "/m.xml": motion}
    log: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request.url.path)
        if request.url.path == "/sru":
            return httpx.Response(200, content=pages[int(request.url.params["startRecord"])])
        return httpx.Response(200, content=files[request.url.path])


    state = tmp_path / "ob.json"
    for expected in ({Outcome.NEW: 1, Outcome.SKIPPED: 1}, {}):
        with client_for(handler) as client:
            summary = run(ob_entries(client, dt.date(2026, 2, 1), (), None), client, store, FileKeeper(state), "ob")
        assert {o: n for o, n in summary.counts.items() if n} == expected
    assert log.count("/r.xml") == 1 and "/r.pdf" not in log
    assert store.documents.get("kst-21501-02-3349").items == read(EXAMPLES / "kst-21501-02-3349.txt").items


def test_state_file_of_another_source_is_refused(tmp_path: Path) -> None:
    from overleg.errors import ReaderError

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"source": "ob", "cursor": None}), encoding="utf-8")
    with pytest.raises(ReaderError, match="belongs to source"):
        FileKeeper(path).load("tk")


def test_an_entry_that_failed_is_fetched_again_by_the_next_run_until_it_lands(store: Store, tmp_path: Path) -> None:
    records, resources = _day()
    missing_id = sorted(resources)[0]
    kept = resources.pop(missing_id)
    fake = FakeOpenData(records, resources)
    state = tmp_path / "state.json"
    first = _sync(fake, store, state)
    assert first.counts[Outcome.FAILED] == 1
    [failed] = FileKeeper(state).load("tk").failed
    assert failed.key == missing_id and failed.url is not None and failed.url.endswith(f"({missing_id})/Resource")
    second = _sync(fake, store, state)  # still missing: tried again, kept again
    assert (second.retried, second.counts[Outcome.FAILED]) == (1, 1)
    assert [f.key for f in FileKeeper(state).load("tk").failed] == [missing_id]
    fake.resources[missing_id] = kept
    third = _sync(fake, store, state)
    assert third.retried == 1 and third.counts[Outcome.FAILED] == 0
    assert third.counts[Outcome.NEW] + third.counts[Outcome.UNCHANGED] == 1
    assert "fetched again" in third.line()
    assert FileKeeper(state).load("tk").failed == ()
    before = _resource_requests(fake)
    assert sum(_sync(fake, store, state).counts.values()) == 0
    assert _resource_requests(fake) == before


def test_a_state_file_from_before_retries_keeps_its_failed_keys_and_retries_them(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"source": "tk", "cursor": SINCE, "done_at_cursor": [], "failed": ["abc-1"]}))
    [failed] = FileKeeper(state).load("tk").failed
    assert failed.key == "abc-1" and failed.url == opendata.resource_url("abc-1")
    FileKeeper(state).save(FileKeeper(state).load("tk"))
    assert json.loads(state.read_text())["failed"][0]["key"] == "abc-1"


def _now() -> dt.datetime:
    return dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


def test_the_store_keeps_the_state_so_a_second_run_fetches_nothing_and_a_failure_is_retried(store: Store) -> None:
    records, resources = _day()
    missing_id = sorted(resources)[0]
    kept = resources.pop(missing_id)
    fake = FakeOpenData(records, resources)
    first = _sync(fake, store, StoreKeeper(store, _now))
    assert first.counts[Outcome.FAILED] == 1 and first.counts[Outcome.NEW] > 0
    saved = StoreKeeper(store, _now).load("tk")
    listed = [r for r in records if isinstance(r, dict)]
    assert saved.cursor == max((str(r["GewijzigdOp"]) for r in listed), key=opendata._instant)
    assert [f.key for f in saved.failed] == [missing_id]
    fake.resources[missing_id] = kept
    before = _resource_requests(fake)
    second = _sync(fake, store, StoreKeeper(store, _now))  # only the failed entry is fetched again
    assert (second.retried, second.counts[Outcome.FAILED], _resource_requests(fake) - before) == (1, 0, 1)
    assert StoreKeeper(store, _now).load("tk").failed == ()
    assert sum(_sync(fake, store, StoreKeeper(store, _now)).counts.values()) == 0


def test_the_store_and_a_state_file_keep_the_same_state(store: Store, tmp_path: Path) -> None:
    state = SyncState("tk", "2025-08-12T10:00:00+02:00", ("a", "b"), ())
    StoreKeeper(store, _now).save(state)
    FileKeeper(tmp_path / "s.json").save(state)
    assert store.sync_states.load("tk") == (tmp_path / "s.json").read_text(encoding="utf-8") == state.to_json()
    assert StoreKeeper(store, _now).load("tk") == FileKeeper(tmp_path / "s.json").load("tk") == state
    assert StoreKeeper(store, _now).load("ob") == SyncState("ob")  # never ran: a first run


@pytest.mark.parametrize(("text", "reason"), [("{not json", "not a sync state"), ("[1, 2]", "not a sync state"),
                                               ('{"source": "ob", "cursor": null}', "belongs to source 'ob'")])
def test_a_corrupt_stored_state_is_refused_naming_the_store_and_the_source(
        store: Store, text: str, reason: str) -> None:
    store.sync_states.save("tk", text, _now())
    with pytest.raises(ReaderError, match=reason) as refused:
        StoreKeeper(store, _now).load("tk")
    assert refused.value.one_line().startswith(f"{store.display_url}: the stored sync state of 'tk': ")
