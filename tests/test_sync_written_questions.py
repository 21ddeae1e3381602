"""``overleg sync`` of the written-questions process on a local fake of Open Data: the recorded
records of questions, postponement notices and answers (``document-page-antwoorden.json``), each
with a Zaak added (the recording has the expansion stripped), and files the test writes for them.

The Zaak numbers are constructed: the three records of Bromet's questions on a small farm
(questions 2025D04676, notice 2025D07573, answer 2025D08844) share ``2025Z01925``, every other
record has a Zaak of its own. Nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_helpers import client_for as api_client
from fake_services import FakeOpenData, recorded
from overleg.connectors import opendata
from overleg.connectors.sync import FileKeeper, Outcome, Summary, sync_entries, tk_entries
from overleg.model import Committee, Document, DocumentType
from overleg.store import Store, open_store
from overleg.store.users import fast_hasher
from overleg.vocabulary.dates import dutch_date
from test_connectors import client_for
from test_store_contract import empty_url  # noqa: F401  (the SQLite and PostgreSQL fixture)

PROCESS = ("Schriftelijke vragen", "Mededeling (uitstel antwoord)", "Antwoord schriftelijke vragen")
BROMET = {"2025D04676": "questions", "2025D07573": "notice", "2025D08844": "answer"}
ZAAK = "2025Z01925"
SINCE = "2025-01-01T00:00:00Z"


@pytest.fixture
def store(empty_url: str) -> Iterator[Store]:  # noqa: F811
    opened = open_store(empty_url, hasher=fast_hasher())
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()


def _zaak_of(record: dict[str, Any], k: int) -> str:
    return ZAAK if record["DocumentNummer"] in BROMET else f"2025Z{90000 + k:05d}"


def _process_records() -> list[dict[str, Any]]:
    """The recorded records of the three kinds, each with a Zaak as Open Data expands it."""
    found = [r for r in recorded("document-page-antwoorden.json") if isinstance(r, dict) and r["Soort"] in PROCESS]
    return [{**r, "Zaak": [{"Nummer": _zaak_of(r, k), "Voortouwnaam": "vaste commissie voor Landbouw"}]}
            for k, r in enumerate(found)]


def _day(record: dict[str, Any]) -> str:
    return dutch_date(dt.date.fromisoformat(str(record["Datum"])[:10]))


def _questions(record: dict[str, Any], zaak: str) -> str:
    """The Kamer's "Schriftelijke vragen" document: the Zaak above the heading, bare numbers."""
    return (f"{zaak}\nVragen van het lid Bromet (GroenLinks-PvdA) aan de minister van Landbouw, Visserij, "
            f"Voedselzekerheid en Natuur over {record['Onderwerp']} (ingezonden {_day(record)}).\n\n"
            "1\nBent u bekend met dit bericht?\n\n2\nWat gaat u hieraan doen?\n")


def _notice(record: dict[str, Any], zaak: str) -> str:
    """The minister's letter putting the answers off (no Aanhangsel number printed)."""
    subject = str(record["Onderwerp"]).split(" over ", 1)[-1]
    return (f"Datum {_day(record)}\nBetreft Uitstel beantwoording\n\nGeachte voorzitter,\n\n"
            f"De vragen van het lid Bromet (GroenLinks-PvdA) over {subject} ({zaak}) kunnen niet binnen de "
            "gebruikelijke termijn van drie weken worden beantwoord. Voor de beantwoording is afstemming met "
            "andere departementen nodig. Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden.\n\n"
            "De minister van Landbouw, Visserij, Voedselzekerheid en Natuur,\n\nJ.A. Wiersma\n")


def _answer(record: dict[str, Any], zaak: str) -> str:
    """The answers as the Aanhangsel prints them, with the number the record gives; the page
    does not print the Zaak (``zaak`` unused): the record's Zaak is what links it."""
    year = str(record["Vergaderjaar"])
    subject = str(record["Onderwerp"]).split(" over ", 1)[-1]
    return (f"Tweede Kamer der Staten-Generaal\nVergaderjaar {year.replace('-', '–')} Aanhangsel van de Handelingen\n"
            f"{int(str(record['Aanhangselnummer'])[-4:])}\n"
            f"Vragen van het lid Bromet (GroenLinks-PvdA) aan de Minister van Landbouw, Visserij, Voedselzekerheid "
            f"en Natuur over {subject} (ingezonden 5 februari 2025).\n\n"
            "Antwoord van Minister Wiersma (Landbouw, Visserij, Voedselzekerheid en Natuur) "
            f"(ontvangen {_day(record)}).\n\n"
            "Vraag 1\nBent u bekend met dit bericht?\n\nAntwoord 1\nJa.\n\n"
            "Vraag 2\nWat gaat u hieraan doen?\n\nAntwoord 2\nIk ga in gesprek met de verpachter.\n")


WRITERS = {"Schriftelijke vragen": _questions, "Mededeling (uitstel antwoord)": _notice,
           "Antwoord schriftelijke vragen": _answer}


def _fake() -> tuple[FakeOpenData, list[dict[str, Any]]]:
    records = _process_records()
    resources = {str(r["Id"]): WRITERS[str(r["Soort"])](r, str(r["Zaak"][0]["Nummer"])).encode() for r in records}
    return FakeOpenData(list(records), resources), records


def _sync(fake: FakeOpenData, store: Store, state: Path) -> Summary:
    with client_for(fake) as client:
        summary = Summary()
        return sync_entries(tk_entries(client, SINCE, opendata.QUESTION_SOORTEN, None, summary), client, store,
                            FileKeeper(state), "tk", summary=summary)


def _bromet(store: Store, kind: str) -> tuple[str, Document]:
    """The stored document of Bromet's questions, notice or answer, found by its Zaak."""
    ending = {"questions": "-vragen", "notice": "-mededeling", "answer": ""}[kind]
    key = f"zaak-{ZAAK}{ending}"
    doc_id = store.documents.owners([key]).get(key)
    assert doc_id is not None, kind
    return doc_id, store.documents.get(doc_id)


def test_the_default_kinds_are_real_open_data_soorten_and_the_process_kinds_are_among_them() -> None:
    real = {r.get("Soort") for name in ("antwoorden", "inbreng", "lijsten", "so-reports")
            for r in recorded(f"document-page-{name}.json") if isinstance(r, dict)}
    assert set(opendata.QUESTION_SOORTEN) <= real
    assert set(PROCESS) <= set(opendata.QUESTION_SOORTEN)
    assert "Motie" not in opendata.QUESTION_SOORTEN


def test_sync_stores_questions_notices_and_answers_with_their_metadata_and_zaak(store: Store, tmp_path: Path) -> None:
    fake, records = _fake()
    summary = _sync(fake, store, tmp_path / "state.json")
    assert summary.counts[Outcome.FAILED] == 0, summary.failures
    assert summary.counts[Outcome.NEW] == len(records)
    by_number = {str(r["DocumentNummer"]): r for r in records}
    kinds = {"questions": DocumentType.SCHRIFTELIJKE_VRAGEN, "notice": DocumentType.MEDEDELING_UITSTEL,
             "answer": DocumentType.SCHRIFTELIJKE_VRAGEN}
    for number, kind in BROMET.items():
        doc_id, doc = _bromet(store, kind)
        assert doc.type is kinds[kind]
        assert f"zaak-{ZAAK}" in doc.identifiers and f"tkdoc-{number}" in doc.identifiers
        (source,) = store.documents.sources(doc_id)
        assert source.metadata is not None and source.format == "text" and len(source.bytes_hash) == 64
        kept = json.loads(source.metadata)
        assert (kept["DocumentNummer"], kept["Soort"], kept["Zaak"][0]["Nummer"]) == (
            number, by_number[number]["Soort"], ZAAK)
        assert kept["Onderwerp"] == by_number[number]["Onderwerp"]
    # the questions print no id: known by their DocumentNummer; the notice's id is its Aanhangsel
    # number from the record, the answer's the one it prints
    assert _bromet(store, "questions")[0] == "tkdoc-2025D04676"
    assert _bromet(store, "notice")[0] == "ah-tk-20242025-1360"
    assert _bromet(store, "answer")[0] == "ah-tk-20242025-1532"
    notice = _bromet(store, "notice")[1]
    assert notice.items == () and [a.name for a in notice.askers] == ["Bromet"]
    assert notice.date == dt.date(2025, 2, 21) and "afstemming" in " ".join(notice.opening)
    questions = _bromet(store, "questions")[1]
    assert questions.committee == Committee(name="vaste commissie voor Landbouw")  # printed nowhere: the record's
    assert questions.date == dt.date(2025, 2, 5)


def test_a_second_sync_and_a_sync_from_scratch_change_nothing(store: Store, tmp_path: Path) -> None:
    fake, records = _fake()
    state = tmp_path / "state.json"
    _sync(fake, store, state)
    before = {v.id: v.version for v in store.documents.list(limit=1000)}
    fetched = sum(u.endswith("/Resource") for u in fake.log)
    assert sum(_sync(fake, store, state).counts.values()) == 0
    assert sum(u.endswith("/Resource") for u in fake.log) == fetched
    again = _sync(fake, store, tmp_path / "fresh.json")  # everything fetched again: the same content
    assert again.counts[Outcome.UNCHANGED] == len(records)
    assert {v.id: v.version for v in store.documents.list(limit=1000)} == before


def test_an_entry_that_failed_keeps_its_metadata_for_the_retry(store: Store, tmp_path: Path) -> None:
    fake, records = _fake()
    notice = next(r for r in records if r["DocumentNummer"] == "2025D07573")
    kept = fake.resources.pop(str(notice["Id"]))
    state = tmp_path / "state.json"
    assert _sync(fake, store, state).counts[Outcome.FAILED] == 1
    [failed] = FileKeeper(state).load("tk").failed
    assert failed.record is not None and failed.record.zaak == (ZAAK,)
    fake.resources[str(notice["Id"])] = kept
    assert _sync(fake, store, state).counts[Outcome.NEW] == 1
    doc_id, doc = _bromet(store, "notice")
    assert f"zaak-{ZAAK}" in doc.identifiers
    (source,) = store.documents.sources(doc_id)
    assert source.metadata is not None and json.loads(source.metadata)["DocumentNummer"] == "2025D07573"


def test_the_api_shows_the_open_data_metadata_of_a_source(store: Store, tmp_path: Path) -> None:
    fake, _ = _fake()
    _sync(fake, store, tmp_path / "state.json")
    client = api_client(store)
    listed = client.get("/api/documents/tkdoc-2025D04676/sources")
    assert listed.status_code == 200
    [source] = listed.json()
    assert source["metadata"]["DocumentNummer"] == "2025D04676"
    assert source["metadata"]["Zaak"] == [{"Nummer": ZAAK, "Voortouwnaam": "vaste commissie voor Landbouw"}]
    store.documents.save(Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, identifiers=("kenmerk-12345",)), "a.txt")
    [plain] = client.get("/api/documents/kenmerk-12345/sources").json()
    assert plain["metadata"] is None  # a file has no publisher's record
