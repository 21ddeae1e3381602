"""Analytics over the ingested bundled examples, on SQLite and PostgreSQL; CSV and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corpus_support import EXAMPLES, migrated_store
from overleg import exchange
from overleg.cli import app
from overleg.corpus import names
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.document_rules import ministry_of
from overleg.corpus.ingest.pipeline import ingest
from overleg.model import Asker, Commitment, Document, DocumentId, DocumentType, Item
from overleg.store import Store

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 27)


def truths() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]


def aanhangsel_truths() -> list[dict[str, Any]]:
    return [t for t in truths() if str(t["id"]).startswith("ah-tk-")]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def examples_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled examples ingested once per backend."""
    with migrated_store(request.param, tmp_path_factory.mktemp("analytics")) as store:
        report = ingest([EXAMPLES], store, jobs=2)
        assert report.ok, report.summary()
        yield store


def test_the_sixteen_aanhangsel_answer_times_are_the_days_between_their_truth_dates(examples_store: Store) -> None:
    records = {r.document_id: r for r in analytics.answer_time_records(analytics.load_corpus(examples_store))}
    expected = {str(t["id"]): (dt.date.fromisoformat(str(t["answered_on"]))
                               - dt.date.fromisoformat(str(t["questions_sent_on"]))).days
                for t in aanhangsel_truths()}
    assert len(expected) == 16
    assert {doc_id: records[doc_id].days for doc_id in expected} == expected


def test_answer_time_summary_matches_median_mean_and_p90_computed_from_the_truth(examples_store: Store) -> None:
    days = [(dt.date.fromisoformat(str(t["answered_on"])) - dt.date.fromisoformat(str(t["questions_sent_on"]))).days
            for t in truths() if t.get("type") == "schriftelijke-vragen" and t.get("answered_on")
            and t.get("questions_sent_on")]
    table = analytics.answer_times(analytics.load_corpus(examples_store))
    overall = next(row for row in table.to_dicts() if row["ministry"] == "(all)")
    assert overall["answered"] == len(days)
    assert overall["median_days"] == statistics.median(days)
    assert overall["mean_days"] == round(statistics.fmean(days), 2)
    # statistics.quantiles "inclusive" is the same linear interpolation, computed independently
    assert overall["p90_days"] == pytest.approx(statistics.quantiles(days, n=10, method="inclusive")[8])
    late = sum(1 for d in days if d > 21)
    assert overall["later_than_term"] == late
    assert overall["share_later_than_term"] == round(late / len(days), 4)


def _portfolio(office: str) -> str:
    found = re.search(r"\(([^()]+)\)\s*$", office)
    return found.group(1) if found else office


def test_each_aanhangsel_answer_counts_for_the_ministry_its_signatory_names(examples_store: Store) -> None:
    expected = {}
    for t in aanhangsel_truths():
        office = _portfolio(str(t["answered_by"][0]))
        if len(office) > 4:  # an abbreviation such as "BZ" is left to the unit test of ministry_of
            # the register's ministry of that day: a post ("Natuur en Stikstof") is of its ministry (LNV)
            day = dt.date.fromisoformat(str(t["answered_on"])) if t.get("answered_on") else None
            found = names.ministry(str(t["answered_by"][0]), day)
            expected[str(t["id"])] = found.shown if found.resolved else office
    records = {r.document_id: r.ministry for r in analytics.answer_time_records(analytics.load_corpus(examples_store))}
    assert len(expected) >= 14
    assert {doc_id: records[doc_id] for doc_id in expected} == expected


@pytest.mark.parametrize(("office", "ministry"), [
    ("Minister van Justitie en Veiligheid", "Justitie en Veiligheid"),
    ("Minister Yeşilgöz-Zegerius (Justitie en Veiligheid)", "Justitie en Veiligheid"),
    ("Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties", "Binnenlandse Zaken en Koninkrijksrelaties"),
    ("Minister Bruins Slot (BZ)", "Buitenlandse Zaken"),
    ("minister van Buitenlandse Zaken", "Buitenlandse Zaken"),
    ("Minister voor Klimaat en Energie", "Klimaat en Energie"),
])
def test_every_way_an_office_is_written_maps_to_its_ministry(office: str, ministry: str) -> None:
    assert ministry_of(office) == ministry


def test_questions_per_party_per_month_count_the_items_of_the_truth(examples_store: Store) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for t in truths():
        if t.get("type") != "schriftelijke-vragen" or not t.get("questions_sent_on"):
            continue
        month = str(t["questions_sent_on"])[:7]
        day = dt.date.fromisoformat(str(t["questions_sent_on"]))
        # per group of the time, as the register names it (tests/test_names.py checks its rules)
        for party in dict.fromkeys(names.group(a["party"], day).shown for a in t["askers"] if a.get("party")):
            expected[(month, party)] += len(t["items"])
    table = analytics.questions_per_group(analytics.load_corpus(examples_store), "month")
    found = {(r["period"], r["name"]): r["questions"] for r in table.to_dicts() if r["kind"] == "party"}
    for key, count in expected.items():
        assert found[key] == count, key


def test_questions_per_group_of_the_report_add_up_to_its_items(examples_store: Store) -> None:
    seed = next(t for t in truths() if t["id"] == "kst-21501-02-3349")
    table = analytics.questions_per_group(analytics.load_corpus(examples_store), "year")
    groups = [r for r in table.to_dicts() if r["kind"] == "group"]
    assert groups
    assert sum(int(str(r["questions"])) for r in groups) == len(seed["items"])


def test_csv_output_has_the_rows_of_the_json_output(examples_store: Store) -> None:
    table = analytics.answer_kinds(analytics.load_corpus(examples_store))
    rows = list(csv.DictReader(io.StringIO(table.to_csv())))
    assert [r["ministry"] for r in rows] == [r["ministry"] for r in json.loads(table.to_json())]
    assert [int(r["answered_items"]) for r in rows] == [r["answered_items"] for r in table.to_dicts()]
    assert sum(int(r["referral_only"]) for r in rows) >= 1


def test_stats_command_prints_csv_json_and_a_table(examples_store: Store) -> None:
    runner = CliRunner()
    base = ["--database", examples_store.url]
    as_csv = runner.invoke(app, ["stats", "answer-times", "--format", "csv", *base])
    assert as_csv.exit_code == 0, as_csv.output
    assert next(csv.reader(io.StringIO(as_csv.stdout)))[:3] == ["ministry", "answered", "median_days"]
    as_json = runner.invoke(app, ["stats", "questions", "--period", "quarter", "--format", "json", *base])
    assert all(re.fullmatch(r"\d{4}-Q[1-4]", r["period"]) for r in json.loads(as_json.stdout))
    bounded = runner.invoke(app, ["stats", "answer-times", "--from", "2024-01-01", "--to", "2024-12-31",
                                  "--format", "json", *base])
    overall = next(r for r in json.loads(bounded.stdout) if r["ministry"] == "(all)")
    in_2024 = [t for t in truths() if str(t.get("questions_sent_on", "")).startswith("2024") and t.get("answered_on")
               and t.get("type") == "schriftelijke-vragen"]
    assert overall["answered"] == len(in_2024)
    wrong = runner.invoke(app, ["stats", "answer-times", "--from", "yesterday", *base])
    assert wrong.exit_code == 2


def _doc(doc_id: str, **kw: Any) -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId(doc_id), **kw)


def synthetic_corpus() -> list[Document]:
    """A commitment that became overdue, one fulfilled by a later letter citing it, one open; an
    unanswered written question past its term and one within it."""
    return [
        _doc("ah-tk-20242025-100", questions_sent_on=dt.date(2025, 1, 6), answered_on=dt.date(2025, 2, 3),
             answered_by=("Minister Van Weel (Justitie en Veiligheid)",), askers=(Asker("Mutluer", "GroenLinks-PvdA"),),
             items=(Item(1, "Wanneer komt de brief?", "Ik stuur u voor de zomer een brief."),),
             commitments=(Commitment(1, "Ik stuur u voor de zomer een brief.", "voor de zomer",
                                     dt.date(2025, 6, 21)),)),
        _doc("ah-tk-20242025-200", questions_sent_on=dt.date(2025, 2, 6), answered_on=dt.date(2025, 3, 3),
             answered_by=("Minister van Justitie en Veiligheid",), askers=(Asker("Van Nispen", "SP"),),
             items=(Item(1, "Komt er een evaluatie?", "De evaluatie volgt in 2025."),),
             commitments=(Commitment(1, "De evaluatie volgt in 2025.", "in 2025", dt.date(2025, 12, 31)),)),
        _doc("ah-tk-20242025-300", questions_sent_on=dt.date(2025, 9, 1), answered_on=dt.date(2025, 9, 20),
             answered_by=("Minister Van Weel (Justitie en Veiligheid)",), askers=(Asker("Van Nispen", "SP"),),
             items=(Item(1, "Hoe staat het met de evaluatie?", "Zie de evaluatie.",
                         answer_refs=(DocumentId("ah-tk-20242025-200"),)),)),
        _doc("ah-tk-20252026-400", questions_sent_on=dt.date(2026, 10, 1), askers=(Asker("Dobbe", "SP"),),
             addressees=("Minister van Volksgezondheid, Welzijn en Sport",),
             items=(Item(1, "Kent u het bericht?"),),
             commitments=(Commitment(None, "Wordt nader bericht.", "in 2027", dt.date(2027, 12, 31)),)),
        _doc("ah-tk-20252026-500", questions_sent_on=TODAY - dt.timedelta(days=5), askers=(Asker("Dobbe", "SP"),),
             addressees=("Minister van Volksgezondheid, Welzijn en Sport",), items=(Item(1, "Klopt het bericht?"),)),
    ]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def synthetic_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp_path = tmp_path_factory.mktemp("synthetic")
    folder = tmp_path / "in"
    folder.mkdir()
    for doc in synthetic_corpus():
        (folder / f"{doc.id}.json").write_text(exchange.to_json(doc), encoding="utf-8")
    with migrated_store(request.param, tmp_path) as store:
        assert ingest([folder], store, jobs=1).ok
        yield store


def test_a_commitment_is_overdue_fulfilled_or_open(synthetic_store: Store) -> None:
    corpus = analytics.load_corpus(synthetic_store)
    states = {s.document_id: s for s in analytics.commitment_states(synthetic_store, corpus, TODAY)}
    assert states["ah-tk-20242025-100"].status == "overdue"
    assert states["ah-tk-20242025-200"].status == "fulfilled"
    assert states["ah-tk-20242025-200"].fulfilled_by == "ah-tk-20242025-300"
    assert states["ah-tk-20252026-400"].status == "open"
    per_ministry = {r["ministry"]: r for r in analytics.commitment_status(synthetic_store, corpus, TODAY).to_dicts()}
    assert per_ministry["Justitie en Veiligheid"] == {"ministry": "Justitie en Veiligheid", "commitments": 2,
                                                      "open": 0, "overdue": 1, "fulfilled": 1, "fulfilled_marked": 0}
    # before the due date passed the same commitment was still open
    earlier = analytics.commitment_states(synthetic_store, corpus, dt.date(2025, 6, 1))
    assert next(s for s in earlier if s.document_id == "ah-tk-20242025-100").status == "open"


def test_open_questions_list_only_unanswered_questions_past_their_term(synthetic_store: Store) -> None:
    corpus = analytics.load_corpus(synthetic_store)
    rows = analytics.open_questions(corpus, TODAY).to_dicts()
    assert [r["document_id"] for r in rows] == ["ah-tk-20252026-400"]
    assert rows[0]["days_open"] == (TODAY - dt.date(2026, 10, 1)).days
    per = {by: analytics.open_questions(corpus, TODAY, by).to_dicts() for by in ("ministry", "member", "group")}
    assert per["ministry"][0]["ministry"] == "Volksgezondheid, Welzijn en Sport"
    assert per["member"] == [{"member": "Dobbe", "open_questions": 1, "oldest_days_open": rows[0]["days_open"]}]
    assert per["group"][0]["group"] == "SP"


def test_most_cited_counts_citing_documents(synthetic_store: Store) -> None:
    rows = analytics.most_cited(synthetic_store).to_dicts()
    assert {"kind": "paper", "key": "ah-tk-20242025-200", "name": None, "citing_documents": 1} in rows
