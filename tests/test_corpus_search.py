"""Search over the bundled examples, ingested once per database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_support import EXAMPLES, migrated_store
from overleg.cli import app
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.errors import InvalidQuery
from overleg.store import Store

BACKENDS = ["sqlite", "postgresql"]

# a fixed set: single words, common words, stems, folding, phrases, operators, prefixes, odd input
QUERIES = [
    "Rafah", "vraag", "vragen", "Oekraine", "Oekraïne", "de", "het", "kabinet", "minister", "Gaza",
    '"humanitaire hulp"', '"staakt het vuren"', "Gaza NOT Rafah", "Israël OR Iran", "sancties AND Rusland",
    "minist*", "klimaat*", "(wapens OR munitie) AND export", "-Gaza kabinet", "cryptografie",
    "zorg", "onderwijs", "politie", "Europese Unie", "motie", "toezegging", "brief", "2024",
    "D66-fractie", "één",
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """The bundled examples ingested into each database, once per module, on first use."""
    with ExitStack() as stack:

        class Lazy(dict[str, Store]):
            def __missing__(self, kind: str) -> Store:
                store = stack.enter_context(migrated_store(kind, tmp_path_factory.mktemp(kind)))
                report = ingest([EXAMPLES], store, jobs=2)
                assert report.ok, report.summary()
                self[kind] = store
                return store

        yield Lazy()


@pytest.fixture(params=BACKENDS)
def examples(request: pytest.FixtureRequest, ingested: dict[str, Store]) -> Store:
    return ingested[request.param]


def test_rafah_finds_item_3_of_the_seed_first(examples: Store) -> None:
    hits = search(examples, "Rafah")
    assert (hits[0].document_id, hits[0].item) == ("kst-21501-02-3349", 3)
    assert "«Rafah»" in hits[0].snippet


def test_search_json_lists_hits_with_document_item_score_and_snippet(examples: Store) -> None:
    result = CliRunner().invoke(app, ["search", "Rafah", "--json", "--database", examples.url])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert (hits[0]["document_id"], hits[0]["item"]) == ("kst-21501-02-3349", 3)
    assert all({"document_id", "item", "score", "snippet"} <= set(h) for h in hits)


def test_vraag_also_finds_vragen(examples: Store) -> None:
    snippets = " ".join(h.snippet for h in search(examples, "vraag", limit=200))
    assert "«vragen»" in snippets and "«vraag»" in snippets


def test_a_word_without_its_diacritics_finds_the_word_with_them(examples: Store) -> None:
    hits = search(examples, "Oekraine")
    assert hits and all("«Oekraïne»" in h.snippet or "«Oekraine»" in h.snippet for h in hits)


def test_a_phrase_matches_only_the_words_in_sequence(examples: Store) -> None:
    hits = search(examples, '"humanitaire hulp"', limit=100)
    assert hits
    assert all(" ".join(h.snippet.split()).count("«") >= 2 for h in hits)


def test_not_leaves_out_entries_with_the_negated_word(examples: Store) -> None:
    hits = search(examples, "Gaza NOT Rafah", limit=100)
    assert hits
    for hit in hits:
        doc = examples.documents.get(hit.document_id)
        item = doc.item(hit.item) if hit.item is not None else None
        if item is not None and hit.kind in ("question", "answer"):
            body = item.question if hit.kind == "question" else item.answer or ""
            assert "gaza" in body.lower() and "rafah" not in body.lower()


HOSTILE = [
    '"', '""', '"""', "(", ")", ")(", "((((((((", "*", "**", "-", "--", "AND", "OR", "NOT", "AND OR NOT",
    "'; DROP TABLE documents; --", "\" OR 1=1 --", "a\" NEAR(b c)", "rafah*)*(", "{col}: x", "col:rafah",
    "^rafah", "NEAR(a b, 3)", "x NOT", "NOT NOT NOT", "\x00", "ü̈̈", "🙂", "%_\\", "a & b | !c <-> d:*",
    "(" * 100 + "rafah", "rafah" + ")" * 100, '"rafah', "rafah\"", "-rafah", "rafah -", "\\\"", "' OR ''='",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_reach_no_error_beyond_a_friendly_message(examples: Store, query: str) -> None:
    try:
        hits = search(examples, query)
    except InvalidQuery as e:
        assert str(e)
        return
    assert isinstance(hits, list)
    assert examples.documents.list(limit=1000)  # nothing was dropped


def test_filters_narrow_the_hits(examples: Store) -> None:
    everything = search(examples, "kabinet", limit=200)
    reports = search(examples, "kabinet", SearchFilters(type="verslag-schriftelijk-overleg"), limit=200)
    assert reports and len(reports) < len(everything)
    assert all(h.document_type == "verslag-schriftelijk-overleg" for h in reports)
    d66 = search(examples, "kabinet", SearchFilters(group="D66"), limit=200)
    assert d66 and len(d66) < len(everything)
    assert search(examples, "kabinet", SearchFilters(group="no such group"), limit=200) == []


def test_referral_only_and_commitment_filters_keep_only_such_items(examples: Store) -> None:
    referring = search(examples, "vraag", SearchFilters(referral_only=True), limit=200)
    assert referring and all(h.item is not None for h in referring)
    promised = search(examples, "informeren", SearchFilters(has_commitment=True), limit=200)
    assert promised and all(h.item is not None for h in promised)


@pytest.fixture
def both(ingested: dict[str, Store]) -> tuple[Store, Store]:
    return ingested["sqlite"], ingested["postgresql"]


@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_and_postgresql_find_the_same_documents(both: tuple[Store, Store], query: str) -> None:
    lite, pg = both
    found = [{(h.document_id, h.item) for h in search(store, query, limit=1000)} for store in (lite, pg)]
    assert found[0] == found[1]


def test_the_fixed_query_set_has_thirty_queries_that_mostly_find_something(both: tuple[Store, Store]) -> None:
    assert len(QUERIES) == 30
    assert sum(bool(search(both[0], q)) for q in QUERIES) >= 25


@pytest.mark.parametrize("query", ["de", "kabinet", "Rafah", "minist*", '"humanitaire hulp"', "Gaza NOT Rafah"])
def test_postgresql_window_is_the_newest_matches_whichever_plan_finds_it(
        ingested: dict[str, Store], query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tiny window and a range estimated far too narrow make the probe widen; a share of 1
    makes it walk the primary key. Both must give what a full scan gives: the newest matches."""
    from sqlalchemy import text

    from overleg.corpus.search import pgwindow
    from overleg.corpus.search.query import parse, to_tsquery_sql
    from overleg.store.engine import read

    node = parse(query)
    params: dict[str, str] = {}
    matches = to_tsquery_sql(node, params)
    with read(ingested["postgresql"].engine) as conn:
        every = [r[0] for r in conn.execute(text(f"SELECT id FROM search_entries e WHERE e.tsv @@ {matches} "
                                                 "ORDER BY id DESC"), params)]
        assert every
        for share in (1.0, 0.01, 0.0):
            monkeypatch.setattr(pgwindow, "_share", lambda node, freq, share=share: share)
            monkeypatch.setattr(pgwindow, "SPAN_MARGIN", 1e-6)  # a range of one window's width at first
            monkeypatch.setattr(pgwindow, "LISTED_MARGIN", 1e-6)
            assert pgwindow.window_ids(conn, node, matches, "", "", params, 7) == every[:7]


def test_postgresql_keeps_a_partial_index_of_the_newest_entries_and_replaces_it_once_outgrown(
        ingested: dict[str, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    """Built when the table holds over twice RECENT_ENTRIES, kept while it covers at most twice
    as many, then replaced by one over the newest RECENT_ENTRIES (the old one dropped)."""
    from sqlalchemy import text

    from overleg.corpus.search import pgwindow

    with ingested["postgresql"].engine.connect() as conn, conn.begin():
        newest = int(conn.execute(text("SELECT max(id) FROM search_entries")).scalar() or 0)
        assert newest > 40
        monkeypatch.setattr(pgwindow, "RECENT_ENTRIES", newest)
        assert pgwindow.refresh_recent_index(conn) is None  # too small a table for one
        monkeypatch.setattr(pgwindow, "RECENT_ENTRIES", newest // 4)
        first = pgwindow.refresh_recent_index(conn)
        assert first == f"{pgwindow.RECENT_PREFIX}{newest - newest // 4}"
        monkeypatch.setattr(pgwindow, "RECENT_ENTRIES", newest // 5)  # still covers at most twice as many
        assert pgwindow.refresh_recent_index(conn) == first
        monkeypatch.setattr(pgwindow, "RECENT_ENTRIES", newest // 10)
        second = pgwindow.refresh_recent_index(conn)
        assert second == f"{pgwindow.RECENT_PREFIX}{newest - newest // 10}"
        assert pgwindow.recent_indexes(conn) == [second]
        conn.rollback()


@pytest.mark.parametrize("query", ["de", "kabinet", "Rafah", "minist*", '"humanitaire hulp"', "Gaza NOT Rafah",
                                   "kabinet AND (Gaza OR Rafah)", "Israël's \"staakt\" -\\'het vuren"])
def test_postgresql_window_is_the_same_whether_the_partial_index_or_the_full_one_answers(
        ingested: dict[str, Store], query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a partial index over the newest quarter, a narrow probe is planned on it (the cut is
    written into the statement, so the planner can prove it inside the index) and widened past it
    onto the full index; the window is the newest matches either way, bound words with quotes
    and odd characters included."""
    from sqlalchemy import event, text

    from overleg.corpus.search import pgwindow
    from overleg.corpus.search.query import parse, to_tsquery_sql

    node = parse(query)
    params: dict[str, str] = {}
    matches = to_tsquery_sql(node, params)
    engine = ingested["postgresql"].engine
    with engine.connect() as conn, conn.begin():
        every = [r[0] for r in conn.execute(text(f"SELECT id FROM search_entries e WHERE e.tsv @@ {matches} "
                                                 "ORDER BY id DESC"), params)]
        newest = int(conn.execute(text("SELECT max(id) FROM search_entries")).scalar() or 0)
        monkeypatch.setattr(pgwindow, "RECENT_ENTRIES", newest // 4)
        index = pgwindow.refresh_recent_index(conn)
        assert index is not None
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: else never an index
        probes: list[str] = []

        def keep(conn_: object, cursor: object, statement: str, *args: object) -> None:
            if statement.startswith("SELECT e.id") and " AND e.id > " in statement:
                probes.append(statement)

        event.listen(engine, "before_cursor_execute", keep)
        try:
            monkeypatch.setattr(pgwindow, "_share", lambda node, freq: 0.01)
            for margin in ("SPAN_MARGIN", "LISTED_MARGIN"):  # a first range inside it
                monkeypatch.setattr(pgwindow, margin, newest / 8 * 0.01 / 3)
            assert pgwindow.window_ids(conn, node, matches, "", "", params, 3) == every[:3]
            assert pgwindow.window_ids(conn, node, matches, "", "", params, len(every) + 1) == every
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        assert probes
        conn.execute(text("SET LOCAL enable_indexscan = off"))
        plan = "\n".join(str(r[0]) for r in conn.exec_driver_sql("EXPLAIN " + probes[0], {**params, "window": 3}))
        assert index in plan
        conn.rollback()


def test_a_range_that_held_too_few_matches_widens_by_the_density_it_showed_within_bounds() -> None:
    from overleg.corpus.search import pgwindow

    half = pgwindow._widening(250, 500)
    assert half == pytest.approx(pgwindow.LISTED_MARGIN * 2)  # half a window found: twice the span, with margin
    assert pgwindow._widening(499, 500) == 2.0  # nearly full: still at least double, never a crawl
    assert pgwindow._widening(1, 500) == 16.0  # a trickle: at most x16 at once
    assert pgwindow._widening(0, 500) == 4.0  # nothing to go by


def test_db_maintain_merges_and_refreshes_on_postgresql_and_has_nothing_to_do_on_sqlite(
        examples: Store) -> None:
    url = examples.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["db", "maintain", "--database", url])
    assert result.exit_code == 0, result.output
    if examples.dialect == "postgresql":
        assert "statistics refreshed" in result.output and "no partial index" in result.output
    else:
        assert "nothing to maintain" in result.output
    assert search(examples, "Rafah")  # still searchable


def test_db_maintain_on_an_unmigrated_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["db", "maintain", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 2
    assert "overleg db upgrade" in result.output and "Traceback" not in result.output
