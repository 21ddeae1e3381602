"""Ranked full-text search over the corpus, the same on SQLite and PostgreSQL.

Matching is exact (every entry that matches the query is a candidate); ranking is *bounded*:
the candidates are walked newest first (highest entry id: the most recently indexed) and only
the first ``RANK_WINDOW`` of them are scored (bm25 on SQLite, ts_rank on PostgreSQL), the best
``limit`` returned. A rare term is ranked over all its matches; a term in every other item costs
``RANK_WINDOW`` scorings instead of hundreds of thousands. docs/search.md says why.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from overleg.corpus.analysis import fold, stem
from overleg.corpus.pgwindow import window_ids
from overleg.corpus.query import Node, Or, Phrase, Prefix, Term, parse, positive_leaves, to_fts5, to_tsquery_sql
from overleg.store.core import Store
from overleg.store.engine import read

RANK_WINDOW = 500
SNIPPET_WORDS = 32
MARK = ("«", "»")


@dataclass(frozen=True)
class SearchFilters:
    """Filters on hits; text filters match a folded substring ("buitenlandse" finds the
    "Minister van Buitenlandse Zaken"). ``group`` matches the item's faction or an asker's party."""

    type: str | None = None
    group: str | None = None
    asker: str | None = None
    party: str | None = None
    committee: str | None = None
    ministry: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    has_commitment: bool = False
    referral_only: bool = False


@dataclass(frozen=True)
class Hit:
    document_id: str
    item: int | None
    kind: str
    score: float
    snippet: str
    document_type: str
    title: str | None
    date: dt.date | None

    @property
    def href(self) -> str:
        """The hit on the web UI's document page: the item's stable anchor (writers/html.py),
        the answer's when the hit is an answer."""
        anchor = ""
        if self.item is not None:
            anchor = f"#antwoord-{self.item}" if self.kind == "answer" else f"#vraag-{self.item}"
        return f"/documents/{self.document_id}{anchor}"

    @property
    def api_href(self) -> str:
        return f"/api/documents/{self.document_id}"

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON: the CLI's ``--json``, the REST API and the web page's twin share it."""
        return {"document_id": self.document_id, "item": self.item, "kind": self.kind,
                "score": round(self.score, 6), "snippet": self.snippet, "document_type": self.document_type,
                "title": self.title, "date": self.date.isoformat() if self.date else None,
                "href": self.href, "api_href": self.api_href}


def search(store: Store, query: str, filters: SearchFilters | None = None, limit: int = 20,
           offset: int = 0) -> list[Hit]:
    """The best ``limit`` hits for ``query`` after the first ``offset``; one hit per (document,
    item). Raises only ``QueryError`` (for the user) on a query with nothing to search for."""
    node = parse(query)
    with read(store.engine) as conn:
        return run(conn, node, filters or SearchFilters(), limit, offset)


def run(conn: Connection, node: Node, filters: SearchFilters, limit: int, offset: int = 0) -> list[Hit]:
    """Search an open connection with a parsed query. Pages are slices of one order (score,
    then newest entry), so consecutive pages never repeat a hit."""
    where, params = filter_conditions(filters)
    wanted = offset + limit
    params.update(window=RANK_WINDOW, fetch=wanted * 3)
    if conn.dialect.name == "postgresql":
        sql = _postgres_sql(conn, node, where, params)
    else:
        params["match"] = to_fts5(node)
        sql = _sqlite_sql(where, _sqlite_score(conn, node, params))
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
    return [Hit(document_id=row.document_id, item=row.item, kind=row.kind, score=float(row.score),
                snippet=snippet(row.body, node), document_type=row.type, title=row.title, date=_date(row.date))
            for row in kept[offset:wanted]]


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_JOINS = "JOIN search_documents d ON d.document_id = e.document_id"
# the window is scored; only the best rows are then read in full (bodies are large)
_OUTER = ("SELECT e.id, e.document_id, e.item, e.kind, e.body, d.type, d.title, d.date, top.score "
          "FROM (SELECT id, score FROM ranked ORDER BY score DESC, id DESC LIMIT :fetch) top "
          "JOIN search_entries e ON e.id = top.id " + _JOINS + " ORDER BY top.score DESC, e.id DESC")


def _sqlite_sql(where: str, score: str) -> str:
    return (f"WITH ranked AS (SELECT w.id, {score} AS score FROM ({_sqlite_window(where)}) w "
            "JOIN search_entries s ON s.id = w.id) " + _OUTER)


def _sqlite_window(where: str) -> str:
    # FTS5 walks the matches in rowid order (descending natively) and stops after the window.
    # Not bm25(): it counts every match of every word for its IDF, which for a common word is
    # the whole cost the window avoids (280 ms for "de" in a million items). See _sqlite_score.
    joins = f"JOIN search_entries e ON e.id = search_fts.rowid {_JOINS} " if where else ""
    return (f"SELECT search_fts.rowid AS id FROM search_fts {joins}WHERE search_fts MATCH :match{where} "
            "ORDER BY search_fts.rowid DESC LIMIT :window")


def window_condition(conn: Connection, node: Node, filters: SearchFilters, params: dict[str, Any]) -> str:
    """A condition on entry ``e`` that holds for exactly the rank window of ``node`` under
    ``filters`` (the entries a search ranks, hence every hit its pages can show), its values
    added to ``params``. For counting over the same entries the search sees (``corpus.facets``)."""
    where, found = filter_conditions(filters)
    params.update(found, window=RANK_WINDOW)
    if conn.dialect.name == "postgresql":
        tsq: dict[str, str] = {}
        query = to_tsquery_sql(node, tsq)
        params["ids"] = window_ids(conn, node, query, where, f"{_JOINS} " if where else "", {**params, **tsq},
                                   RANK_WINDOW)
        return "e.id = ANY(:ids)"
    params["match"] = to_fts5(node)
    return f"e.id IN ({_sqlite_window(where)})"


DF_CAP = 20_000
_K1, _B, _AVG_CHARS = 1.2, 0.75, 400.0


def _sqlite_score(conn: Connection, node: Node, params: dict[str, Any]) -> str:
    """BM25 over the window, computed in SQL from the stored stemmed text: a word's frequency is
    counted by ``replace`` on `` stem ``, the length is the text's; each word's IDF comes from its
    number of matching entries counted up to DF_CAP (bounded: the cap is where a word is common
    anyway). A prefix counts once per entry."""
    leaves = positive_leaves(node)
    total = 1.0
    if len(leaves) > 1:  # the entries' primary key (a rowid alias: its max is one b-tree step)
        total = float(conn.execute(text("SELECT coalesce(max(id), 1) FROM search_entries")).scalar() or 1)
    terms = []
    for n, leaf in enumerate(leaves):
        if len(leaves) > 1:
            df = conn.execute(text("SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :m "
                                   "LIMIT :cap)"), {"m": to_fts5(leaf), "cap": DF_CAP}).scalar() or 0
            idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        else:
            idf = 1.0  # one word: its IDF is the same for every hit
        params[f"idf{n}"] = idf
        if isinstance(leaf, Prefix):
            tf = "1.0"
        else:
            params[f"pat{n}"] = " " + (leaf.stem if isinstance(leaf, Term) else " ".join(leaf.stems)) + " "
            padded = "(' ' || s.stemmed || ' ')"
            tf = (f"((length({padded}) - length(replace({padded}, :pat{n}, ' '))) * 1.0 "
                  f"/ max(length(:pat{n}) - 1, 1))")
        norm = f"{_K1} * (1 - {_B} + {_B} * length(s.stemmed) / {_AVG_CHARS})"
        terms.append(f":idf{n} * {tf} * {_K1 + 1} / ({tf} + {norm})")
    return "(" + " + ".join(terms) + ")"


def _postgres_sql(conn: Connection, node: Node, where: str, params: dict[str, Any]) -> str:
    """The window found first (``pgwindow``: a plan per how common the words are), then scored."""
    tsq: dict[str, str] = {}
    query = to_tsquery_sql(node, tsq)
    joins = f"{_JOINS} " if where else ""
    ids = window_ids(conn, node, query, where, joins, {**params, **tsq}, RANK_WINDOW)
    # ranked by the words a hit contains: ts_rank scores a negated part as zero
    leaves = positive_leaves(node)
    rank_query = to_tsquery_sql(leaves[0] if len(leaves) == 1 else Or(tuple(leaves)), tsq)
    params.update(tsq)
    params["ids"] = ids
    return ("WITH ranked AS (SELECT e.id, ts_rank(e.tsv, " + rank_query + ") AS score "
            "FROM search_entries e WHERE e.id = ANY(:ids)) " + _OUTER)


def _like(value: str) -> str:
    escaped = _text(fold(value)).strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text(value: str) -> str:
    """A filter's text as a bound value: without NUL, which PostgreSQL's text cannot hold."""
    return value.replace("\x00", "")


def _facet(name: str, param: str) -> str:
    return (f" AND EXISTS (SELECT 1 FROM search_facets f WHERE f.document_id = e.document_id "
            f"AND f.facet = '{name}' AND f.value LIKE :{param} ESCAPE '\\')")


def filter_conditions(f: SearchFilters) -> tuple[str, dict[str, Any]]:
    """SQL conditions (on entry ``e`` and document ``d``) with their bound values."""
    where = ""
    params: dict[str, Any] = {}
    if f.type:
        where += " AND d.type = :f_type"
        params["f_type"] = _text(f.type)
    if f.group:
        where += (" AND (e.faction LIKE :f_group ESCAPE '\\' OR EXISTS (SELECT 1 FROM search_facets f "
                  "WHERE f.document_id = e.document_id AND f.facet = 'party' AND f.value LIKE :f_group ESCAPE '\\'))")
        params["f_group"] = _like(f.group)
    for name, value in (("asker", f.asker), ("party", f.party), ("committee", f.committee),
                        ("ministry", f.ministry)):
        if value:
            where += _facet(name, f"f_{name}")
            params[f"f_{name}"] = _like(value)
    if f.date_from:
        where += " AND d.date >= :f_from"
        params["f_from"] = f.date_from
    if f.date_to:
        where += " AND d.date <= :f_to"
        params["f_to"] = f.date_to
    if f.has_commitment:
        where += " AND e.has_commitment = :f_true"
        params["f_true"] = True
    if f.referral_only:
        where += " AND e.referral_only = :f_true"
        params["f_true"] = True
    return where, params


_WORD = re.compile(r"[^\W_]+")


def snippet(body: str, node: Node, words: int = SNIPPET_WORDS) -> str:
    """A window of ``body`` around the first match, the matched words (whole phrases only) marked «thus»."""
    spans = [m.span() for m in _WORD.finditer(body)]
    if not spans:
        return body[:200]
    folded = fold(body)
    same = len(folded) == len(body)  # folding kept every offset (no ligature or ĳ expanded)
    leaves = positive_leaves(node)
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase) for s in leaf.stems}
    stems = []
    for a, b in spans:
        word = folded[a:b] if same else fold(body[a:b])
        # a stem keeps the start of its word: only words starting like a query word are stemmed
        stems.append(stem(word) if word[:2] in starts else "")
    marked: set[int] = set()
    for leaf in leaves:
        if isinstance(leaf, Term):
            marked.update(n for n, s in enumerate(stems) if s == leaf.stem)
        elif isinstance(leaf, Prefix):
            marked.update(n for n, s in enumerate(stems) if s and s.startswith(leaf.stem))
        else:
            k = len(leaf.stems)
            for n in range(len(stems) - k + 1):
                if tuple(stems[n:n + k]) == leaf.stems:
                    marked.update(range(n, n + k))
    first = min(marked) if marked else 0
    start = max(0, first - words // 4)
    end = min(len(spans), start + words)
    out: list[str] = []
    cursor = spans[start][0]
    for n in range(start, end):
        a, b = spans[n]
        out.append(body[cursor:a])
        out.append(f"{MARK[0]}{body[a:b]}{MARK[1]}" if n in marked else body[a:b])
        cursor = b
    text_ = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text_ + ("…" if end < len(spans) else "")
