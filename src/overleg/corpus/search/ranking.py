"""Ranked full-text search over the corpus, the same on SQLite and PostgreSQL.

Matching is exact (every entry that matches the query is a candidate); ranking is *bounded*:
the candidates are walked newest first (highest entry id: the most recently indexed) and only
the first ``RANK_WINDOW`` of them are scored (bm25 on SQLite, ts_rank on PostgreSQL), the best
``limit`` returned. A rare term is ranked over all its matches; a term in every other item costs
``RANK_WINDOW`` scorings instead of hundreds of thousands. docs/search.md says why. Pages
(``offset``) are slices of that one ranking; ``window_condition`` gives the window to others
(``search.facets`` counts over it).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

from sqlalchemy import Connection, text

from overleg.corpus.search.filters import SearchFilters, filter_conditions
from overleg.corpus.search.hits import Hit, snippet
from overleg.corpus.search.pgwindow import window_ids
from overleg.corpus.search.query import Node, Or, Prefix, Term, parse, positive_leaves, to_fts5, to_tsquery_sql
from overleg.store.core import Store
from overleg.store.engine import read

RANK_WINDOW = 500


def search(store: Store, query: str, filters: SearchFilters | None = None, limit: int = 20,
           offset: int = 0) -> list[Hit]:
    """The best ``limit`` hits for ``query`` after the first ``offset``; one hit per (document,
    item). Raises only ``InvalidQuery`` (for the user) on a query with nothing to search for."""
    node = parse(query)
    with read(store.engine) as conn:
        return search_parsed(conn, node, filters or SearchFilters(), limit, offset)


def search_parsed(conn: Connection, node: Node, filters: SearchFilters, limit: int, offset: int = 0) -> list[Hit]:
    """Search an open connection with a parsed query."""
    return ranked_page(conn, node, filters, limit, offset)[0]


def ranked_page(conn: Connection, node: Node, filters: SearchFilters, limit: int, offset: int = 0,
                ids: list[int] | None = None) -> tuple[list[Hit], bool]:
    """The hits from ``offset`` to ``offset + limit`` and whether more follow. Pages are slices of
    one order (score, then newest entry), so consecutive pages never repeat a hit. Only the
    page's own hits get a snippet. ``ids``: the window, when ``window_ids`` found it already."""
    where, params = filter_conditions(filters)
    wanted = offset + limit + 1  # one more: is there a next page?
    params.update(window=RANK_WINDOW, fetch=wanted * 3)
    if conn.dialect.name == "postgresql":
        found = ids if ids is not None else window_ids_of(conn, node, filters)
        sql = _postgres_sql(node, params, found or [])
    else:
        params["match"] = to_fts5(node)
        sql = _sqlite_sql(where, *_sqlite_score(conn, node, params))
    while True:
        rows = conn.execute(text(sql), params).all()
        kept: list[Any] = []
        seen: set[tuple[str, int | None]] = set()
        for row in rows:
            key = (row.document_id, row.item if row.item is not None else -row.id)
            if key not in seen:
                seen.add(key)
                kept.append(row)
        # several texts of one item can fill the rows fetched: fetch more until the page is full
        if len(kept) >= wanted or len(rows) < params["fetch"]:
            break
        params["fetch"] *= 4
    hits = [Hit(document_id=row.document_id, item=row.item, kind=row.kind, score=float(row.score),
                snippet=snippet(row.body, node, stemmed=row.stemmed), document_type=row.type, title=row.title,
                date=_date(row.date))
            for row in kept[offset:offset + limit]]
    return hits, len(kept) > offset + limit


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_JOINS = "JOIN search_documents d ON d.document_id = e.document_id"
# the window is scored; only the best rows are then read in full (bodies are large)
_OUTER = ("SELECT e.id, e.document_id, e.item, e.kind, e.body, e.stemmed, d.type, d.title, d.date, top.score "
          "FROM (SELECT id, score FROM ranked ORDER BY score DESC, id DESC LIMIT :fetch) top "
          "JOIN search_entries e ON e.id = top.id " + _JOINS + " ORDER BY top.score DESC, e.id DESC")


def _sqlite_sql(where: str, columns: str, score: str) -> str:
    # LIMIT -1 OFFSET 0 keeps SQLite from flattening the subquery, which would copy each tfN
    # expression into the score as many times as it is used there
    return (f"WITH ranked AS (SELECT id, {score} AS score FROM (SELECT w.id, {columns}, length(s.stemmed) AS len "
            f"FROM ({_sqlite_window(where)}) w JOIN search_entries s ON s.id = w.id LIMIT -1 OFFSET 0)) " + _OUTER)


def _sqlite_window(where: str) -> str:
    # FTS5 walks the matches in rowid order (descending natively) and stops after the window.
    # Not bm25(): it counts every match of every word for its IDF, which for a common word is
    # the whole cost the window avoids (280 ms for "de" in a million items). See _sqlite_score.
    joins = f"JOIN search_entries e ON e.id = search_fts.rowid {_JOINS} " if where else ""
    return (f"SELECT search_fts.rowid AS id FROM search_fts {joins}WHERE search_fts MATCH :match{where} "
            "ORDER BY search_fts.rowid DESC LIMIT :window")


def window_condition(conn: Connection, node: Node, filters: SearchFilters, params: dict[str, Any],
                     ids: list[int] | None = None) -> str:
    """A condition on entry ``e`` that holds for exactly the rank window of ``node`` under
    ``filters`` (the entries a search ranks, hence every hit its pages can show), its values
    added to ``params``. For counting over the same entries the search sees (``search.facets``).
    ``ids``: the window, when ``window_ids`` found it already."""
    where, found = filter_conditions(filters)
    params.update(found, window=RANK_WINDOW)
    if conn.dialect.name == "postgresql":
        params["ids"] = _int_array(ids if ids is not None else window_ids_of(conn, node, filters) or [])
        return _IN_IDS
    params["match"] = to_fts5(node)
    return f"e.id IN ({_sqlite_window(where)})"


DF_CAP = 20_000
_K1, _B, _AVG_CHARS = 1.2, 0.75, 400.0


def _sqlite_score(conn: Connection, node: Node, params: dict[str, Any]) -> tuple[str, str]:
    """BM25 over the window, computed in SQL from the stored stemmed text: a word's frequency is
    counted by ``replace`` on `` stem ``, the length is the text's; each word's IDF comes from its
    number of matching entries counted up to DF_CAP (bounded: the cap is where a word is common
    anyway). A prefix counts once per entry. Returns the per-row columns (``tfN``, ``len``) and the
    score over them: each frequency is computed once per row (the string work is most of the
    search's time on SQLite)."""
    leaves = positive_leaves(node)
    total = 1.0
    if len(leaves) > 1:  # the entries' primary key (a rowid alias: its max is one b-tree step)
        total = float(conn.execute(text("SELECT coalesce(max(id), 1) FROM search_entries")).scalar() or 1)
    columns, terms = [], []
    norm = f"{_K1} * (1 - {_B} + {_B} * len / {_AVG_CHARS})"
    for n, leaf in enumerate(leaves):
        if len(leaves) > 1:
            df = _matches_up_to_cap(conn, to_fts5(leaf))
            idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        else:
            idf = 1.0  # one word: its IDF is the same for every hit
        params[f"idf{n}"] = idf
        if isinstance(leaf, Prefix):
            columns.append(f"1.0 AS tf{n}")
        else:
            params[f"pat{n}"] = " " + (leaf.stem if isinstance(leaf, Term) else " ".join(leaf.stems)) + " "
            columns.append(f"(length(s.stemmed) + 2 - length(replace(' ' || s.stemmed || ' ', :pat{n}, ' '))) "
                           f"* 1.0 / max(length(:pat{n}) - 1, 1) AS tf{n}")
        terms.append(f":idf{n} * tf{n} * {_K1 + 1} / (tf{n} + {norm})")
    return ", ".join(columns), "(" + " + ".join(terms) + ")"


DF_SECONDS = 300.0
_DF: dict[tuple[str, str], tuple[float, int]] = {}


def _matches_up_to_cap(conn: Connection, match: str) -> int:
    """A word's number of matching entries, up to DF_CAP; kept per database for DF_SECONDS (it
    changes only with ingest, and a stale one only shifts a weight)."""
    key = (conn.engine.url.render_as_string(hide_password=False), match)
    now = time.monotonic()
    cached = _DF.get(key)
    if cached is not None and now - cached[0] < DF_SECONDS:
        return cached[1]
    df = int(conn.execute(text("SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :m "
                               "LIMIT :cap)"), {"m": match, "cap": DF_CAP}).scalar() or 0)
    if len(_DF) >= 10_000:
        _DF.clear()
    _DF[key] = (now, df)
    return df


def window_ids_of(conn: Connection, node: Node, filters: SearchFilters) -> list[int] | None:
    """The ids of the rank window on PostgreSQL (``pgwindow``: a plan per how common the words
    are), to find it once for both ranking and counting; None on SQLite, where the window is a
    subquery of each statement (the FTS5 walk is cheap)."""
    if conn.dialect.name != "postgresql":
        return None
    where, params = filter_conditions(filters)
    tsq: dict[str, str] = {}
    query = to_tsquery_sql(node, tsq)
    return window_ids(conn, node, query, where, f"{_JOINS} " if where else "", {**params, **tsq}, RANK_WINDOW)


def _postgres_sql(node: Node, params: dict[str, Any], ids: list[int]) -> str:
    """The window (found first: ``window_ids_of``) scored."""
    tsq: dict[str, str] = {}
    # ranked by the words a hit contains: ts_rank scores a negated part as zero
    leaves = positive_leaves(node)
    rank_query = to_tsquery_sql(leaves[0] if len(leaves) == 1 else Or(tuple(leaves)), tsq)
    params.update(tsq)
    params["ids"] = _int_array(ids)
    return ("WITH ranked AS (SELECT e.id, ts_rank(e.tsv, " + rank_query + ") AS score "
            f"FROM search_entries e WHERE {_IN_IDS}) " + _OUTER)


# the window's ids bound as one array literal: psycopg's dumping of a list costs more per element
_IN_IDS = "e.id = ANY(CAST(:ids AS integer[]))"


def _int_array(ids: list[int]) -> str:
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


