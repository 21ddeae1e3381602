"""Stored written questions, notices and answers as cases, on SQLite and PostgreSQL: ``stats open``
with the six-week rule, answer times against the due date, the REST API, the web page, the Atom
feed, a follow's notifications and ``overleg vragen``. Dates are relative to today, as the pages count from today."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api_helpers import client_for
from corpus_support import migrated_store
from overleg import exchange
from overleg.cli import app
from overleg.corpus.alerts.notifications import Subscription, pending
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.analytics.written_questions import question_cases
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.filters import SearchFilters
from overleg.model import Asker, Document, DocumentId, DocumentType, Item
from overleg.store import Store
from overleg.vocabulary.dates import dutch_date

TODAY = dt.date.today()
VWS = "Minister van Volksgezondheid, Welzijn en Sport"
ATOM = "{http://www.w3.org/2005/Atom}"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def questions(zaak: str, sent: dt.date, asker: Asker, subject: str) -> Document:
    """The Kamer's questions as submitted: no answers yet."""
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, identifiers=(f"zaak-{zaak}",), questions_sent_on=sent,
                    askers=(asker,), addressees=(VWS,), subject=subject, items=(Item(1, f"Kent u {subject}?"),))


def notice(zaak: str, day: dt.date, asker: str, subject: str) -> Document:
    return Document(type=DocumentType.MEDEDELING_UITSTEL, identifiers=(f"zaak-{zaak}",), date=day,
                    title=f"Uitstel beantwoording vragen van het lid {asker} over {subject}", answered_by=(VWS,))


def stored_papers() -> list[Document]:
    return [
        # postponed, within six weeks: open, though three weeks have passed
        questions("2026Z01001", ago(30), Asker("Dobbe", "SP"), "de wachtlijsten in de jeugdzorg"),
        notice("2026Z01001", ago(15), "Dobbe", "de wachtlijsten in de jeugdzorg"),
        # postponed, past six weeks: overdue
        questions("2026Z01002", ago(60), Asker("Paulusma", "D66"), "het tekort aan huisartsen op het platteland"),
        notice("2026Z01002", ago(45), "Paulusma", "het tekort aan huisartsen op het platteland"),
        # a ministry letter answering the Zaak of the Kamer's questions, 30 days on: late
        questions("2026Z01003", ago(40), Asker("Dobbe", "SP"), "de sluiting van de spoedeisende hulp in Heerlen"),
        Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, identifiers=("zaak-2026Z01003",), questions_sent_on=ago(40),
                 answered_on=ago(10), askers=(Asker("Dobbe", "SP"),), answered_by=("Minister Agema (VWS)",),
                 subject="de sluiting van de spoedeisende hulp in Heerlen",
                 items=(Item(1, "Kent u het bericht?", "Ja."),)),
        # a notice as the notice reader gives it (its subject as the questions', the day they were
        # sent, no Zaak): linked by subject to the Aanhangsel it postponed, answered in time
        Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20252026-701"),
                 questions_sent_on=ago(70), answered_on=ago(30), askers=(Asker("Mutluer", "GroenLinks-PvdA"),),
                 answered_by=("Minister Agema (VWS)",), subject="de sluiting van het politiebureau in Wolvega",
                 items=(Item(1, "Klopt het bericht?", "Ja."),)),
        Document(type=DocumentType.MEDEDELING_UITSTEL, id=DocumentId("ah-tk-20252026-1352"), date=ago(50),
                 questions_sent_on=ago(70), askers=(Asker("Mutluer", "GroenLinks-PvdA"),), answered_by=(VWS,),
                 subject="de sluiting van het politiebureau in Wolvega"),
        # a notice whose questions are not stored: as old as it says they are, and overdue
        Document(type=DocumentType.MEDEDELING_UITSTEL, id=DocumentId("ah-tk-20252026-1353"), date=ago(40),
                 questions_sent_on=ago(60), askers=(Asker("Bikker", "ChristenUnie"),), answered_by=(VWS,),
                 subject="de bereikbaarheid van de huisartsenpost in Emmen"),
        # an Aanhangsel: questions and answer in one, 14 days: in time
        Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20252026-700"),
                 questions_sent_on=ago(100), answered_on=ago(86), askers=(Asker("Paulusma", "D66"),),
                 answered_by=("Minister Agema (VWS)",), subject="de vergoeding van fysiotherapie",
                 items=(Item(1, "Klopt het bericht?", "Nee."),)),
    ]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp_path = tmp_path_factory.mktemp("written-questions")
    folder = tmp_path / "in"
    folder.mkdir()
    for n, doc in enumerate(stored_papers()):
        (folder / f"{n}.json").write_text(exchange.to_json(doc), encoding="utf-8")
    with migrated_store(request.param, tmp_path) as opened:
        report = ingest([folder], opened, jobs=1)
        assert report.ok, report.summary()
        yield opened


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return client_for(store)


def test_stats_open_counts_six_weeks_after_a_postponement_notice(store: Store) -> None:
    rows = analytics.open_questions(analytics.load_corpus(store), TODAY).to_dicts()
    assert [r["document_id"] for r in rows] == ["ah-tk-20252026-1353", "zaak-2026Z01002-vragen"]
    assert rows[1]["postponed"] == ago(45).isoformat()
    assert rows[1]["due"] == (ago(60) + dt.timedelta(weeks=6)).isoformat()
    # three weeks after the postponed questions were sent, the old flat term would have listed them
    earlier = analytics.open_questions(analytics.load_corpus(store), ago(8)).to_dicts()
    assert "zaak-2026Z01001-vragen" not in [r["document_id"] for r in earlier]
    # the groups as the register names them
    per_group = analytics.open_questions(analytics.load_corpus(store), TODAY, "group").to_dicts()
    assert per_group == [{"group": "CU", "open_questions": 1, "oldest_days_open": 60},
                         {"group": "D66", "open_questions": 1, "oldest_days_open": 60}]


def test_stats_open_on_the_command_line_takes_the_notice_into_account(store: Store) -> None:
    result = CliRunner().invoke(app, ["stats", "open", "--by", "ministry", "--format", "json",
                                      "--today", TODAY.isoformat(), "--database", store.url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"ministry": "Volksgezondheid, Welzijn en Sport", "open_questions": 2,
                                          "oldest_days_open": 60}]


def test_a_ministry_letter_is_one_case_with_the_questions_of_its_zaak(store: Store) -> None:
    records = {r.document_id: r for r in analytics.answer_time_records(analytics.load_corpus(store))}
    assert set(records) == {"zaak-2026Z01003-vragen", "ah-tk-20252026-700", "ah-tk-20252026-701"}
    assert records["zaak-2026Z01003-vragen"].days == 30 and records["zaak-2026Z01003-vragen"].late
    assert records["ah-tk-20252026-700"].days == 14 and not records["ah-tk-20252026-700"].late
    # 40 days, but a notice came: six weeks, in time
    assert records["ah-tk-20252026-701"].days == 40 and not records["ah-tk-20252026-701"].late
    overall = next(r for r in analytics.answer_times(analytics.load_corpus(store)).to_dicts()
                   if r["ministry"] == "(all)")
    assert (overall["answered"], overall["later_than_term"], overall["share_later_than_term"]) == (3, 1, 0.3333)


def test_a_stored_notice_without_a_zaak_is_linked_to_its_questions_by_subject(store: Store) -> None:
    cases = {c.key: c for c in question_cases(analytics.load_corpus(store), TODAY)}
    linked = cases["ah-tk-20252026-701"]
    assert [p.key for p in linked.papers] == ["ah-tk-20252026-701", "ah-tk-20252026-1352"]
    assert linked.linked_by.value == "onderwerp" and linked.notices == (ago(50),)
    alone = cases["ah-tk-20252026-1353"]
    assert (alone.submitted, alone.due, alone.status.value if alone.status else None) == (
        ago(60), ago(60) + dt.timedelta(weeks=6), "overdue")


def _case(cases: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(c for c in cases if c["key"] == key)


def test_the_api_lists_cases_by_status_and_group_and_shows_one_with_its_papers(client: TestClient) -> None:
    every = client.get("/api/written-questions").json()
    assert {c["key"]: c["status"] for c in every} == {
        "zaak-2026Z01001-vragen": "open", "zaak-2026Z01002-vragen": "overdue",
        "zaak-2026Z01003-vragen": "answered-late", "ah-tk-20252026-700": "answered",
        "ah-tk-20252026-701": "answered", "ah-tk-20252026-1353": "overdue"}
    overdue = client.get("/api/written-questions", params={"status": "overdue", "group": "D66"}).json()
    assert [c["key"] for c in overdue] == ["zaak-2026Z01002-vragen"]
    assert overdue[0]["postponed"] == [ago(45).isoformat()]
    sp = client.get("/api/written-questions", params={"group": "sp", "ministry": "volksgezondheid"}).json()
    assert {c["key"] for c in sp} == {"zaak-2026Z01001-vragen", "zaak-2026Z01003-vragen"}
    by_member = client.get("/api/written-questions", params={"member": "Paulusma"}).json()
    assert {c["key"] for c in by_member} == {"zaak-2026Z01002-vragen", "ah-tk-20252026-700"}
    one = client.get("/api/written-questions/zaak-2026Z01001-mededeling").json()  # by the notice's key
    assert one["key"] == "zaak-2026Z01001-vragen" and one["linked_by"] == "zaak"
    assert [(p["key"], p["roles"]) for p in one["papers"]] == [
        ("zaak-2026Z01001-vragen", ["questions"]), ("zaak-2026Z01001-mededeling", ["notice"])]
    assert one["due"] == (ago(30) + dt.timedelta(weeks=6)).isoformat()
    assert client.get("/api/written-questions", params={"status": "late"}).status_code == 422
    assert client.get("/api/written-questions/zaak-2026Z09999").status_code == 404


def test_the_overdue_feed_has_one_entry_per_overdue_case(client: TestClient) -> None:
    response = client.get("/api/feeds/overdue-questions.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}title") or "" for e in entries) == [
        "te laat: vragen van Bikker aan Volksgezondheid, Welzijn en Sport",
        "te laat: vragen van Paulusma aan Volksgezondheid, Welzijn en Sport"]
    assert all("uitstel gemeld op" in (e.findtext(f"{ATOM}summary") or "") for e in entries)


def test_the_page_lists_cases_with_their_dates_and_filters_in_dutch(client: TestClient) -> None:
    page = client.get("/schriftelijke-vragen")
    assert page.status_code == 200
    for text in ("Schriftelijke vragen", "Uitstel gemeld op", "Uiterlijk te beantwoorden op", "Beantwoord op",
                 'name="ministerie"', 'name="fractie"', 'name="lid"', 'name="status"', "verlopen",
                 'href="/schriftelijke-vragen"'):
        assert text in page.text, text
    twin = client.get("/schriftelijke-vragen.json", params={"status": "verlopen"}).json()
    assert sorted(c["key"] for c in twin["cases"]) == ["ah-tk-20252026-1353", "zaak-2026Z01002-vragen"]
    sp = client.get("/schriftelijke-vragen.json", params={"fractie": "SP"}).json()
    assert sp["total"] == 2
    wrong = client.get("/schriftelijke-vragen.json", params={"status": "misschien"}).json()
    assert wrong["message"] and wrong["total"] == 6


def test_a_case_page_shows_the_linked_papers_with_links(client: TestClient) -> None:
    page = client.get("/schriftelijke-vragen/zaak-2026Z01002-vragen")
    assert page.status_code == 200
    assert 'href="/documents/zaak-2026Z01002-mededeling"' in page.text
    assert "mededeling uitstel" in page.text and "gekoppeld via zaak 2026Z01002" in page.text
    assert client.get("/documents/zaak-2026Z01002-mededeling").status_code == 200  # the link leads somewhere
    assert client.get("/schriftelijke-vragen/onbekend").status_code == 404


def test_vragen_lists_overdue_cases_on_the_command_line(store: Store) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["vragen", "--status", "overdue", "--format", "json", "--database", store.url])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted((r["key"], r["postponed"], r["askers"]) for r in rows) == [
        ("ah-tk-20252026-1353", ago(40).isoformat(), "Bikker"),
        ("zaak-2026Z01002-vragen", ago(45).isoformat(), "Paulusma")]
    table = runner.invoke(app, ["vragen", "--ministerie", "volksgezondheid", "--lid", "dobbe", "--database",
                                store.url])
    assert table.exit_code == 0 and table.stdout.count("zaak-2026Z0100") == 2
    assert runner.invoke(app, ["vragen", "--status", "laat", "--database", store.url]).exit_code == 2


def test_a_follow_hears_of_the_answer_in_a_letter_and_of_the_six_week_term(store: Store) -> None:
    corpus = {s.id: s for s in analytics.load_corpus(store)}

    def told(target: str) -> list[tuple[str, str]]:
        follow = Subscription("f1", "u1", "follow", target, None, SearchFilters(), target, None, None, None)
        return [(n.key, n.text) for n in pending(store, follow, corpus, TODAY)]

    assert told("zaak-2026Z01001-vragen") == []  # postponed, six weeks not yet over
    [(key, text)] = told("zaak-2026Z01002-vragen")
    assert key == "overdue-question:zaak-2026Z01002-vragen"
    assert text.endswith(f"niet binnen zes weken (uitstel gemeld op {dutch_date(ago(45))}) beantwoord.")
    [(key, text)] = told("zaak-2026Z01003-vragen")  # the Kamer's questions, answered by the ministry's letter
    assert key == "answer:zaak-2026Z01003-vragen" and text.endswith(f"beantwoord op {dutch_date(ago(10))}.")
