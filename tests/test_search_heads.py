"""The heads of large posting segments (store.heads, corpus.search.term_index): a search that
takes its best entries from the heads must give exactly what reading every posting gives, on
both databases, whatever the query, the filters, the page and the ingest since the heads were
made."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from corpus_support import migrated_store
from overleg.corpus.search import bm25
from overleg.corpus.search.bm25 import IMPACTS
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.index import maintain
from overleg.corpus.search.ranking import search
from overleg.corpus.search.scoring import Matches
from overleg.corpus.search.term_index import TermIndex
from overleg.store import Store
from overleg.store.documents import bulk_insert
from overleg.store.engine import read, write
from overleg.store.postings import EntryTerms, new_entry_ids, write_segment

QUERIES = ["w0", "w1", "w3", "w40", "w399", "w0 OR w1", "w0 OR w1 OR w2 OR w3", "w0 AND w1", "w2 w5",
           "w0 NOT w1", "w1 NOT w399", '"w0 w1"', '"w0 w1"~3', "w0 NEAR/2 w2", "w1*", "w2* AND w0",
           "(w3 OR w4) AND NOT w0", "w0 OR w77"]

Top = list[tuple[str, int | None, str, float]]
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def small_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heads of 48 postings for segments of 64 or more: the generated corpus has dozens."""
    monkeypatch.setattr(bm25, "HEAD_FROM", 64)
    monkeypatch.setattr(bm25, "HEAD_SIZE", 48)


def _write(store: Store, seed: int, batches: list[tuple[int, int, int]]) -> None:
    """Entries from a seeded Zipf-like generator, a segment per batch (count, shortest, longest),
    each with its heads."""
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(400)]
    weights = [1 / (n + 1) for n in range(400)]
    docs = [(f"gen-{d}", dt.date(2020 + d % 5, 1 + d % 12, 1 + d % 28)) for d in range(200)]
    genre = {d: "schriftelijke-vragen" if n % 3 else "verslag-schriftelijk-overleg" for n, (d, _) in enumerate(docs)}
    with write(store.engine) as conn:
        bulk_insert(conn, "search_documents", ("document_id", "version", "type", "title", "date", "has_commitment"),
                    [(d, 1, genre[d], d, day, False) for d, day in docs])
    item = 0
    for count, shortest, longest in batches:
        rows = []
        for _ in range(count):
            item += 1
            doc, day = docs[rng.randrange(len(docs))]
            kind = rng.choice(("title", "question", "answer", "answer", "footnote"))
            words = rng.choices(vocabulary, weights, k=rng.randint(shortest, longest))
            rows.append((doc, day, item, kind, " ".join(words)))
        with write(store.engine) as conn:
            ids = new_entry_ids(conn, len(rows))
            bulk_insert(conn, "search_entries", ("id", "document_id", "item", "kind", "referral_only",
                                                 "has_commitment", "body"),
                        [(i, d, n, k, False, False, s) for i, (d, _, n, k, s) in zip(ids, rows, strict=True)])
            write_segment(conn, [EntryTerms(i, k, day, s.split(), genre[d])
                                 for i, (d, day, _, k, s) in zip(ids, rows, strict=True)], heads=IMPACTS)


def _top(store: Store, query: str, **kwargs: object) -> Top:
    return [(h.document_id, h.item, h.kind, h.score) for h in search(store, query, **kwargs)]  # type: ignore[arg-type]


def _pages(store: Store) -> list[Top]:
    """Every query's first two pages of 30 by relevance, its first by date, and two filtered."""
    spring = SearchFilters(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 6, 30))
    found = []
    for query in QUERIES:
        found += [_top(store, query, limit=30), _top(store, query, limit=30, offset=30),
                  _top(store, query, sort="date"), _top(store, query, filters=spring),
                  _top(store, query, filters=SearchFilters(type="verslag-schriftelijk-overleg"))]
    return found


def _without_heads(store: Store) -> list[Top]:
    with write(store.engine) as conn:
        conn.execute(text("DELETE FROM search_heads"))
    bm25._STATS.clear()
    return _pages(store)


def _heads(store: Store) -> int:
    with read(store.engine) as conn:
        return int(conn.execute(text("SELECT count(*) FROM search_heads")).scalar() or 0)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as store:
        yield store


def test_searches_from_the_heads_give_what_every_posting_gives(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # the last batch's entries are far longer: the average length grows after the first heads
    # were made, so their bounds must be scaled to hold
    _write(store, 18, [(700, 3, 40), (700, 3, 40), (500, 60, 200)])
    assert _heads(store) > 20
    first = Matches._first
    taken: list[int] = []

    def counted(self: Matches, *args: Any) -> Any:
        found = first(self, *args)
        taken.append(len(found))
        return found

    monkeypatch.setattr(Matches, "_first", counted)
    with_heads = _pages(store)
    assert sum(len(page) for page in with_heads) > 1000
    assert sum(1 for n in taken if n) > 25  # many orders began with the heads' best
    assert with_heads == _without_heads(store)


def test_common_words_looked_up_in_dense_frequencies_give_what_their_postings_give(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from overleg.corpus.search import cache, term_index

    _write(store, 18, [(700, 3, 40), (700, 3, 40), (500, 60, 200)])
    made: list[int] = []
    dense = term_index._dense

    def counted(postings: Any, size: int) -> Any:
        made.append(len(postings.ids))
        return dense(postings, size)

    monkeypatch.setattr(term_index, "_dense", counted)
    cache.clear()
    with_dense = _pages(store)
    assert made  # the common words of the phrases and ANDs were looked up densely
    monkeypatch.setattr(term_index, "DENSE_SHARE", 0)  # never dense: every lookup a binary search
    cache.clear()
    assert _pages(store) == with_dense


def test_the_same_searches_give_the_same_on_both_databases(tmp_path: Path) -> None:
    found = []
    for kind in BACKENDS:
        with migrated_store(kind, tmp_path) as store:
            _write(store, 7, [(900, 2, 30), (600, 10, 120)])
            found.append(_pages(store))
    assert found[0] == found[1]


def test_a_common_word_s_first_page_is_read_from_its_heads_alone(store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "HEAD_FROM", 256)
    monkeypatch.setattr(bm25, "HEAD_SIZE", 64)  # a page needs 21 entries: more than the others' heads hold
    _write(store, 3, [(1500, 3, 40)])
    expected = _top(store, "w0")

    def refused(self: TermIndex, word: str) -> object:
        raise AssertionError(f"every posting of {word} was read")

    monkeypatch.setattr(TermIndex, "full", refused)
    bm25._STATS.clear()
    assert _top(store, "w0") == expected


def test_maintain_makes_the_heads_a_store_lacks_and_replaces_those_of_other_parameters(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(store, 5, [(800, 3, 40), (800, 3, 40)])
    expected = _pages(store)
    with write(store.engine) as conn:
        conn.execute(text("DELETE FROM search_heads"))
        maintain(conn)  # below the merge threshold: no term is merged, each large segment gets its head
    made = _heads(store)
    assert made > 20
    monkeypatch.setattr(bm25, "HEAD_SIZE", 8)  # other parameters: the old heads are not trusted
    with write(store.engine) as conn:
        maintain(conn)
        sizes = conn.execute(text("SELECT DISTINCT params FROM search_heads")).scalars().all()
    assert sizes == [IMPACTS.params] and "size=8" in IMPACTS.params
    bm25._STATS.clear()
    assert _pages(store) == expected


def test_a_full_merge_makes_one_head_per_large_term_and_searches_still_give_what_every_posting_gives(
        store: Store) -> None:
    _write(store, 11, [(500, 3, 40), (500, 3, 40), (500, 3, 40)])
    with write(store.engine) as conn:
        conn.execute(text("DELETE FROM search_entries WHERE id % 50 = 0"))
        maintain(conn, full=True)
        headed = conn.execute(text("SELECT count(*) FROM search_postings WHERE count >= 64")).scalar()
        heads = conn.execute(text("SELECT count(*), count(DISTINCT term) FROM search_heads")).one()
    assert heads[0] == heads[1] == headed
    bm25._STATS.clear()
    assert _pages(store) == _without_heads(store)


def test_the_genre_filter_on_the_entry_arrays_keeps_what_the_sql_filter_keeps(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from overleg.corpus.search import ranking
    from overleg.store.postings import UNKNOWN_GENRE

    _write(store, 23, [(600, 3, 40), (600, 3, 40)])
    genres = [SearchFilters(type="verslag-schriftelijk-overleg"), SearchFilters(type="schriftelijke-vragen"),
              SearchFilters(type="lijst-van-vragen-en-antwoorden")]
    on_arrays = [_top(store, q, filters=f, limit=40) for q in QUERIES for f in genres]
    monkeypatch.setattr(ranking, "genre_code", lambda genre: UNKNOWN_GENRE)
    in_sql = [_top(store, q, filters=f, limit=40) for q in QUERIES for f in genres]
    assert on_arrays == in_sql
    assert sum(map(len, on_arrays)) > 500 and not any(on_arrays[2::3])


def test_every_genre_overleg_reads_has_a_code_in_the_entry_stats() -> None:
    from overleg.model import DocumentType
    from overleg.store.postings import STORED_GENRES, UNKNOWN_GENRE, genre_code

    assert {t.value for t in DocumentType} <= set(STORED_GENRES) and len(STORED_GENRES) < UNKNOWN_GENRE
    assert genre_code("kamerbrief") == genre_code(None) == UNKNOWN_GENRE

