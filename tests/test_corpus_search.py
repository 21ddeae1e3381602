"""Search over the bundled examples, ingested once per database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from corpus_support import EXAMPLES, lazily_ingested, migrated_store
from db_support import database
from overleg.cli import app
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.analysis import analyse, stem
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
    yield from lazily_ingested(tmp_path_factory)


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


def test_db_maintain_merges_the_posting_segments_and_the_results_stay_the_same(examples: Store) -> None:
    before = {q: search(examples, q) for q in ("Rafah", "de", '"humanitaire hulp"', "minist*")}
    url = examples.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["db", "maintain", "--database", url])
    assert result.exit_code == 0, result.output
    assert "posting segments merged" in result.output
    assert ("statistics refreshed" in result.output) == (examples.dialect == "postgresql")
    with examples.engine.connect() as conn:
        segments = conn.execute(text("SELECT count(*) FROM search_postings GROUP BY term "
                                     "ORDER BY count(*) DESC LIMIT 1")).scalar()
    assert segments == 1
    assert {q: search(examples, q) for q in before} == before


def test_db_maintain_on_an_unmigrated_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["db", "maintain", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 2
    assert "overleg db upgrade" in result.output and "Traceback" not in result.output


# words, OR, AND, NOT, phrases, proximity, prefixes, filters, sort by date
TOP_QUERIES = [
    "de", "kabinet", "Rafah", "minister OR staatssecretaris", "sancties AND Rusland", "Gaza NOT Rafah",
    '"humanitaire hulp"', '"humanitaire hulp"~3', "kabinet NEAR/5 sancties", "minist*", "vraag*",
    "(wapens OR munitie) AND export", "Gaza -\"staakt het vuren\"", "brief", "zorg OR onderwijs OR politie",
    "bent OR u OR bekend OR met OR het OR bericht", "2024", "Oekraïne", "toezegging", "motie",
]


def _top(store: Store, query: str, **kwargs: object) -> list[tuple[str, int | None, str, float]]:
    return [(h.document_id, h.item, h.kind, h.score) for h in search(store, query, limit=20, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", TOP_QUERIES)
def test_sqlite_and_postgresql_give_the_same_top_20_with_the_same_scores(both: tuple[Store, Store], query: str) -> None:
    lite, pg = both
    assert _top(lite, query) == _top(pg, query)
    assert _top(lite, query, sort="date") == _top(pg, query, sort="date")
    only = SearchFilters(type="verslag-schriftelijk-overleg")
    assert _top(lite, query, filters=only) == _top(pg, query, filters=only)
    recent = SearchFilters(date_from=dt.date(2024, 6, 1), date_to=dt.date(2026, 3, 1))
    assert _top(lite, query, filters=recent) == _top(pg, query, filters=recent)


def test_a_date_range_keeps_exactly_the_hits_dated_within_it(examples: Store) -> None:
    every = search(examples, "de", limit=2000)
    low, high = dt.date(2024, 6, 1), dt.date(2026, 3, 1)
    within = search(examples, "de", SearchFilters(date_from=low, date_to=high), limit=2000)
    assert within and len(within) < len(every)
    assert {(h.document_id, h.item) for h in within} == {
        (h.document_id, h.item) for h in every if h.date is not None and low <= h.date <= high}


def test_the_top_queries_mostly_find_something(both: tuple[Store, Store]) -> None:
    assert sum(bool(search(both[0], q)) for q in TOP_QUERIES) >= 17


def test_an_old_exact_answer_outranks_newer_passing_mentions(examples: Store) -> None:
    """Every match is ranked: the best hit of a word is the text about it, wherever it was indexed."""
    hits = search(examples, "Rafah", limit=50)
    assert hits[0].score == max(h.score for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_sort_by_date_lists_the_newest_documents_first(examples: Store) -> None:
    hits = search(examples, "kabinet", limit=100, sort="date")
    dates = [h.date.toordinal() if h.date else 0 for h in hits]
    assert len(set(dates)) > 1 and dates == sorted(dates, reverse=True)
    assert {(h.document_id, h.item) for h in hits} <= {(h.document_id, h.item) for h in search(examples, "kabinet",
                                                                                               limit=1000)}


def test_near_finds_the_words_close_together_in_any_order_and_not_far_apart(examples: Store) -> None:
    close = search(examples, '"hulp humanitaire"~1', limit=200)
    assert close and len(close) <= len(search(examples, "hulp humanitaire", limit=1000))
    assert {(h.document_id, h.item) for h in search(examples, '"humanitaire hulp"', limit=200)} <= {
        (h.document_id, h.item) for h in close}
    near, far = stem("humanitaire"), stem("hulp")
    with examples.engine.connect() as conn:
        for hit in close:
            texts = [analyse(body) for body in conn.execute(text(
                "SELECT body FROM search_entries WHERE document_id = :d AND item = :i"),
                {"d": hit.document_id, "i": hit.item}).scalars()]

            def within_one(words: list[str]) -> bool:
                at = [n for n, w in enumerate(words) if w == near]
                return any(w == far and min(abs(n - a) for a in at) <= 2 for n, w in enumerate(words) if at)

            assert any(within_one(t.split()) for t in texts), hit


def test_a_negated_phrase_leaves_out_only_the_texts_with_the_phrase(examples: Store) -> None:
    gaza = {(h.document_id, h.item) for h in search(examples, "Gaza", limit=1000)}
    without = {(h.document_id, h.item) for h in search(examples, 'Gaza NOT "staakt het vuren"', limit=1000)}
    with_phrase = {(h.document_id, h.item) for h in search(examples, 'Gaza "staakt het vuren"', limit=1000)}
    assert with_phrase and without and without < gaza


def test_a_prefix_matches_at_most_its_most_frequent_terms(examples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from overleg.corpus.search import scoring

    every = search(examples, "minist*", limit=1000)
    monkeypatch.setattr(scoring, "PREFIX_TERMS", 1)
    fewer = search(examples, "minist*", limit=1000)
    assert fewer and len(fewer) < len(every)


def test_a_deleted_entry_is_never_found_and_its_id_is_never_given_again(tmp_path: Path) -> None:
    import dataclasses

    from overleg.corpus.search.index import index_document, maintain
    from overleg.store.engine import write

    for kind in BACKENDS:
        with migrated_store(kind, tmp_path) as store:
            assert ingest([EXAMPLES], store, jobs=1).ok
            seed = store.documents.get("kst-21501-02-3349")
            with store.engine.connect() as conn:
                highest = int(conn.execute(text("SELECT max(id) FROM search_entries")).scalar() or 0)
            changed = dataclasses.replace(seed, items=tuple(dataclasses.replace(i, answer="Geen antwoord.")
                                                       if i.number == 3 else i for i in seed.items))
            with write(store.engine) as conn:
                index_document(conn, "kst-21501-02-3349", 99, changed)
            assert ("kst-21501-02-3349", 3, "answer") not in {(h.document_id, h.item, h.kind)
                                                              for h in search(store, "Rafah", limit=100)}
            assert ("kst-21501-02-3349", 3, "answer") in {(h.document_id, h.item, h.kind)
                                                          for h in search(store, '"geen antwoord"', limit=100)}
            with store.engine.connect() as conn:
                lowest_new = conn.execute(text("SELECT min(id) FROM search_entries "
                                               "WHERE document_id = 'kst-21501-02-3349'")).scalar()
            assert int(lowest_new or 0) > highest
            def found() -> list[set[tuple[str, int | None, str]]]:
                return [{(h.document_id, h.item, h.kind) for h in search(store, q, limit=1000)}
                        for q in ("Rafah", "de", '"geen antwoord"')]

            before = found()
            with write(store.engine) as conn:
                merged = maintain(conn, full=True)
            assert merged.dropped > 0
            assert found() == before  # the same matches (scores move: N and df no longer count the dead)
            with write(store.engine) as conn:
                assert maintain(conn, full=True).dropped == 0


def test_deleted_entries_stay_counted_until_every_term_is_merged_so_no_posting_of_one_survives(
        tmp_path: Path) -> None:
    """A merge of some terms (after an ingest) leaves the stats counting the deleted entries, so
    the full merge after it still knows to drop their postings from the terms left out."""
    import dataclasses

    from overleg.corpus.search.index import index_document
    from overleg.store.blobs import decode_ids
    from overleg.store.engine import write
    from overleg.store.postings import merge_postings, read_postings

    for kind in BACKENDS:
        with migrated_store(kind, tmp_path) as store:
            assert ingest([EXAMPLES], store, jobs=1).ok
            seed = store.documents.get("kst-21501-02-3349")
            with store.engine.connect() as conn:
                old = {int(i) for i in conn.execute(text(
                    "SELECT id FROM search_entries WHERE document_id = 'kst-21501-02-3349'")).scalars()}
            changed = dataclasses.replace(seed, items=seed.items[:3])
            with write(store.engine) as conn:
                index_document(conn, "kst-21501-02-3349", 99, changed)
                partial = merge_postings(conn, min_segments=2)  # terms of one segment are left as they are
                assert partial.dropped > 0
                full = merge_postings(conn, min_segments=1)
            assert full.dropped > 0, kind  # the terms of one segment still held postings of deleted entries
            with store.engine.connect() as conn:
                terms = [str(t) for t in conn.execute(text("SELECT DISTINCT term FROM search_postings")).scalars()]
                left = {int(i) for seg in read_postings(conn, terms) for i in decode_ids(seg.ids)}
                counted = int(conn.execute(text("SELECT sum(count) FROM search_entry_stats")).scalar() or 0)
                entries = int(conn.execute(text("SELECT count(*) FROM search_entries")).scalar() or 0)
            assert not left & old
            assert counted == entries


def test_the_migration_fills_the_postings_of_an_existing_store(tmp_path: Path) -> None:
    """A store ingested before revision 0015 (entries only) is searchable after the upgrade, on
    both databases, its genre filter too."""
    from overleg.store import migrate, open_store
    from overleg.store.blobs import decode_ids
    from overleg.store.postings import read_postings

    for kind in BACKENDS:
        with database(kind, tmp_path) as url, open_store(url) as store:
            migrate.upgrade(store.engine, "0014")
            with store.engine.begin() as conn:
                conn.execute(text("INSERT INTO search_documents (document_id, version, type, title, date, "
                                  "has_commitment) VALUES ('doc-1', 1, 'schriftelijke-vragen', 'Rafah', "
                                  "'2024-01-02', false)"))
                for n, body in enumerate(["Rafah is open", "De grens bij Rafah, Rafah", "Iets anders"], start=1):
                    conn.execute(text("INSERT INTO search_entries (document_id, item, kind, referral_only, "
                                      "has_commitment, body, stemmed) VALUES ('doc-1', :n, 'answer', false, false, "
                                      ":b, :s)"), {"n": n, "b": body, "s": analyse(body)})
            migrate.upgrade(store.engine)
            with store.engine.connect() as conn:
                rafah = read_postings(conn, ["rafah"])
            assert len(rafah) == 1 and rafah[0].tfs == bytes([1, 2]) and list(decode_ids(rafah[0].ids)) == [1, 2]
            assert [h.item for h in search(store, "rafah")] == [2, 1]
            assert [h.item for h in search(store, '"grens bij rafah"')] == [2]
            # revision 0020 gave the entries their document's genre: the genre filter reads it
            assert [h.item for h in search(store, "rafah", SearchFilters(type="schriftelijke-vragen"))] == [2, 1]
            assert search(store, "rafah", SearchFilters(type="verslag-schriftelijk-overleg")) == []


def test_generated_entries_rank_alike_on_both_databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 entries from a seeded generator written straight into the index of each database:
    the same top 20, with the same scores, for words, operators, phrases, proximity and prefixes."""
    import random

    from overleg.store.documents import bulk_insert
    from overleg.store.engine import write
    from overleg.store.postings import EntryTerms, new_entry_ids, write_segment

    rng = random.Random(18)
    vocabulary = [f"w{n}" for n in range(400)]
    weights = [1 / (n + 1) for n in range(400)]
    docs = [(f"gen-{d}", f"2024-{1 + d % 12:02d}-{1 + d % 28:02d}") for d in range(300)]
    entries = [(docs[n % 300][0], n % 7, ("title", "question", "answer", "footnote")[n % 4],
                " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 120)))) for n in range(3000)]
    queries = ["w0", "w3", "w50", "w399", "w1 OR w2", "w5 AND w9", "w1 NOT w2", '"w0 w1"', '"w0 w1"~4',
               "w1 NEAR/2 w7", "w1*", "w2* AND w0", "(w3 OR w4) AND NOT w0", "w7 w8 w9"]
    found: list[list[tuple[list[tuple[str, int | None, str, float]], list[tuple[str, int | None, str, float]]]]] = []
    for kind in BACKENDS:
        with migrated_store(kind, tmp_path) as store:
            import datetime as dt

            with write(store.engine) as conn:
                bulk_insert(conn, "search_documents", ("document_id", "version", "type", "title", "date",
                                                       "has_commitment"),
                            [(d, 1, "schriftelijke-vragen", d, day, False) for d, day in docs])
                for start in range(0, len(entries), 1000):
                    batch = entries[start:start + 1000]
                    ids = new_entry_ids(conn, len(batch))
                    bulk_insert(conn, "search_entries", ("id", "document_id", "item", "kind", "referral_only",
                                                         "has_commitment", "body"),
                                [(i, d, item, k, False, False, s)
                                 for i, (d, item, k, s) in zip(ids, batch, strict=True)])
                    write_segment(conn, [EntryTerms(i, k, dt.date.fromisoformat(dict(docs)[d]), s.split())
                                         for i, (d, _, k, s) in zip(ids, batch, strict=True)])
            found.append([(_top(store, q), _top(store, q, sort="date")) for q in queries])
            if kind == "sqlite":  # the bitmaps and maps used for large arrays give what binary search gives
                from overleg.corpus.search import candidates, scoring

                monkeypatch.setattr(candidates, "DENSE_FROM", 1)
                monkeypatch.setattr(scoring, "DENSE_FROM", 1)
                assert [(_top(store, q), _top(store, q, sort="date")) for q in queries] == found[0]
                monkeypatch.undo()
    assert found[0] == found[1]
    assert all(top for top, _ in found[0][:4])


def test_the_entry_stats_read_since_the_last_search_equal_all_of_them_read_again(tmp_path: Path) -> None:
    """The per-entry arrays kept between searches are extended by the segments written since;
    the scores must be those of a process that reads every segment afresh."""
    from overleg.corpus.search import bm25
    from overleg.store.documents import bulk_insert
    from overleg.store.engine import write
    from overleg.store.generation import new_generation
    from overleg.store.postings import EntryTerms, new_entry_ids, write_segment

    with migrated_store("sqlite", tmp_path) as store:
        with write(store.engine) as conn:
            bulk_insert(conn, "search_documents", ("document_id", "version", "type", "title", "date",
                                                   "has_commitment"),
                        [("d", 1, "schriftelijke-vragen", "d", "2024-01-01", False)])

        def add(texts: list[str]) -> None:
            with write(store.engine) as conn:
                ids = new_entry_ids(conn, len(texts))
                bulk_insert(conn, "search_entries", ("id", "document_id", "item", "kind", "referral_only",
                                                     "has_commitment", "body"),
                            [(i, "d", n, "answer", False, False, t) for n, (i, t) in enumerate(zip(ids, texts,
                                                                                                       strict=True))])
                write_segment(conn, [EntryTerms(i, "answer", dt.date(2024, 1, 1), t.split())
                                     for i, t in zip(ids, texts, strict=True)])
                new_generation(conn)  # as every writer of the corpus tables does

        add(["a b c", "a a d", "b e"])
        first = _top(store, "a OR b")
        add(["a " * 30, "b c d e f g"])
        kept = _top(store, "a OR b")
        bm25._STATS.clear()
        assert _top(store, "a OR b") == kept != first


def test_a_search_reads_the_stats_tables_aggregate_only_after_the_generation_moved(tmp_path: Path) -> None:
    """The aggregate over the stats table touches a page per segment (0.37 ms a search at a
    million items): while the corpus tables' generation stands, the kept stats are used as they are."""
    from sqlalchemy import event

    from overleg.corpus.search import bm25
    from overleg.store.engine import write
    from overleg.store.generation import new_generation

    with migrated_store("sqlite", tmp_path) as store:
        assert ingest([EXAMPLES / "kst-21501-02-3349.txt"], store).ok
        seen: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        bm25._STATS.clear()
        search(store, "sancties")
        assert sum("FROM search_entry_stats" in s for s in seen) == 2  # the aggregate, then the rows
        seen.clear()
        search(store, "kabinet")
        assert not [s for s in seen if "search_entry_stats" in s]
        with write(store.engine) as conn:
            new_generation(conn)
        seen.clear()
        search(store, "sancties")
        assert sum("FROM search_entry_stats" in s for s in seen) == 1  # the same segments: not read again


def test_an_exact_search_without_a_filter_checks_about_as_many_candidates_as_it_shows(
        examples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every candidate of an exact query without a filter matches: the walk takes about one per
    hit (as many as the entries per hit so far say), where it took 84 for a page of 20, and the
    page is the one a walk that checks them all at once gives."""
    from overleg.corpus.search import ranking
    from overleg.corpus.search.query import parse
    from overleg.corpus.search.ranking import Ranked
    from overleg.store.engine import read

    for query in ("kabinet", "minister", "de", "het kabinet"):
        with read(examples.engine) as conn:
            walk = Ranked(conn, parse(query), SearchFilters())
            walk.take(hits=21)
        hits = [e.hit_key for e in walk.entries]
        needed = next(n for n in range(1, len(hits) + 1) if len(set(hits[:n])) == 21)
        assert walk._count <= 2 * needed, (query, walk._count, needed)
        found = _top(examples, query)
        monkeypatch.setattr(ranking, "MIN_CHECKED", 10_000)
        assert _top(examples, query) == found
        monkeypatch.undo()


def test_a_phrase_is_checked_on_at_most_its_best_candidates(examples: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrase of common words that matches rarely must not read every text of the corpus."""
    from overleg.corpus.search import ranking

    every = search(examples, '"humanitaire hulp"', limit=100)
    monkeypatch.setattr(ranking, "MAX_VERIFIED", 2)
    capped = search(examples, '"humanitaire hulp"', limit=100)
    assert len(every) > 2 and 1 <= len(capped) <= 2
    assert [(h.document_id, h.item) for h in capped] == [(h.document_id, h.item) for h in every[:len(capped)]]
    assert len(search(examples, "humanitaire hulp", limit=100)) > 2  # words alone are not capped
