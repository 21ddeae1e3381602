"""Ranked full-text search over the corpus: every match ranked, the same on SQLite and PostgreSQL.

``search.scoring`` finds and scores every candidate from the postings (BM25 per field, numpy);
here the candidates are walked best first in growing chunks (``scoring.CHUNKS``) and each chunk
is checked in SQL against the live entries and the filters (one statement per chunk, ids bound
as one value), phrases verified on the stems of the candidates' bodies, until the page is full. A filter that
keeps few of the best candidates has its allowed ids read once instead (after ``NARROW_AFTER``
candidates), and the walk goes on within them. Pages (``offset``) are slices of one order
(score, then the newest entry; or the date first: ``sort="date"``), one hit per item; only the
page's hits are read in full and get a snippet. ``Ranked`` keeps one walk for a page and its
facet counts (``search.facets``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, text

from overleg.corpus.search.analysis import analyse
from overleg.corpus.search.bm25 import Ids
from overleg.corpus.search.filters import SearchFilters, filter_conditions
from overleg.corpus.search.hits import Hit, snippet
from overleg.corpus.search.query import Node, parse
from overleg.corpus.search.scoring import CHUNKS, NARROW_AFTER, Matches, Sort, Within, match, without_common
from overleg.store.core import Store
from overleg.store.engine import read, read_rows
from overleg.store.postings import UNKNOWN_GENRE, genre_code

__all__ = ["MAX_OFFSET", "MAX_VERIFIED", "Ranked", "Sort", "ranked_page", "search", "search_parsed"]

FIRST_CHECKED = 60  # candidates checked first, at least: a page of 20 hits takes 21 items, of one to three entries
MIN_CHECKED = 8  # candidates checked at a time, at least, when every candidate matches
MAX_VERIFIED = 20_000  # candidates of a phrase or proximity checked on their text, at most
MAX_OFFSET = 500  # the deepest page the API serves (every match is ranked; paging that deep is not reading)


def search(store: Store, query: str, filters: SearchFilters | None = None, limit: int = 20,
           offset: int = 0, sort: Sort = "relevance", *, loose: bool = False) -> list[Hit]:
    """The best ``limit`` hits for ``query`` after the first ``offset``; one hit per (document,
    item). ``sort``: "relevance" (score, then the newest entry) or "date" (the document's date,
    newest first, then score). Raises only ``InvalidQuery`` (for the user) on a query with
    nothing to search for. ``loose``: a pasted question's OR, its most common words left out
    (``scoring.without_common``)."""
    node = parse(query)
    with read(store.engine) as conn:
        return search_parsed(conn, node, filters or SearchFilters(), limit, offset, sort, loose=loose)


def search_parsed(conn: Connection, node: Node, filters: SearchFilters, limit: int, offset: int = 0,
                  sort: Sort = "relevance", *, loose: bool = False) -> list[Hit]:
    """Search an open connection with a parsed query."""
    return ranked_page(conn, node, filters, limit, offset, sort=sort, loose=loose)[0]


class RankedEntry(NamedTuple):
    """A live entry that matched, as the walk reads it: no body (bodies are large) and nothing of
    its document (read for the page's hits only, with their bodies). A named tuple, not a frozen
    dataclass: the walk makes one per candidate it checks, and a tuple is made in a third of the time."""

    id: int
    document_id: str
    item: int | None
    kind: str
    score: float

    @property
    def hit_key(self) -> tuple[str, int]:
        """One hit per item; a title or an uncited footnote is a hit on its own."""
        return self.document_id, self.item if self.item is not None else -self.id


class Ranked:
    """The matches of one query under one set of filters, walked best first on demand: what a
    page and its facet counts share."""

    def __init__(self, conn: Connection, node: Node, filters: SearchFilters, sort: Sort = "relevance", *,
                 loose: bool = False) -> None:
        self.conn = conn
        self.node = without_common(conn, node) if loose else node
        self.sort = sort
        self.matches: Matches = match(conn, self.node)
        # the date and genre filters are applied to the entry arrays before the walk: a narrow
        # one would otherwise have most of the best candidates checked in SQL only to be dropped
        days: tuple[int, int] | None = None
        if filters.date_from or filters.date_to:
            days = (filters.date_from.toordinal() if filters.date_from else 1,
                    filters.date_to.toordinal() if filters.date_to else dt.date.max.toordinal())
        genre = genre_code(filters.type) if filters.type else None
        if genre == UNKNOWN_GENRE:  # a genre the arrays do not know: left to SQL
            genre = None
        self.within = Within(days, genre)
        self.where, self.params = filter_conditions(replace(filters, type=None) if genre is not None else filters)
        self.entries: list[RankedEntry] = []
        self._chunks: Iterator[Ids] = self.matches.order(sort, within=self.within)
        self._pending: Ids = np.zeros(0, dtype=np.int64)  # the rest of the last chunk, not checked yet
        self._checked: list[Ids] = []
        self._count = 0
        self._narrowed = not self.where
        self.exhausted = False
        self.capped = False  # stopped at MAX_VERIFIED candidates of a phrase or proximity

    def take(self, entries: int | None = None, hits: int | None = None) -> None:
        """Walk on until ``entries`` matching entries or ``hits`` distinct hits are known, or none are left."""
        while not self.exhausted:
            have = len(self.hit_entries(hits)) if hits is not None else len(self.entries)
            wanted = hits if hits is not None else entries
            if wanted is None or have >= wanted:
                return
            self._next_chunk(wanted - have)

    def best_ids(self, count: int) -> list[int]:
        """The ids of the best ``count`` matching entries (what facets are counted over). With
        exact matches and no filter left to SQL every candidate matches, so the walk goes on over
        the candidates' ids alone: their rows are read only for what a page shows (reading a
        thousand rows to count them cost a search page ~50 ms at a million items). Call it last:
        ``entries`` does not grow with what it walks."""
        if self.where or not self.matches.exact:
            self.take(entries=count)
            return [e.id for e in self.entries[:count]]
        ids = [e.id for e in self.entries]
        while len(ids) < count and not self.exhausted:
            chunk = self._take_pending(None)
            if chunk is None:
                self.exhausted = True
                break
            self._checked.append(chunk)
            self._count += len(chunk)
            ids.extend(chunk.tolist())
        return ids[:count]

    def hit_entries(self, limit: int | None = None) -> list[RankedEntry]:
        """The best entry of each hit, in order (up to ``limit`` hits)."""
        seen: set[tuple[str, int]] = set()
        found: list[RankedEntry] = []
        for entry in self.entries:
            if entry.hit_key not in seen:
                seen.add(entry.hit_key)
                found.append(entry)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def _take_pending(self, wanted: int | None) -> Ids | None:
        """The next candidates to check: when ``wanted`` more matching entries are sought, about
        as many as the share that matched so far says it takes (a filter that keeps one in ten of
        the best has ten times as many checked, not all of the next chunk: each is a row read);
        None when none are left."""
        if not len(self._pending):
            chunk = next(self._chunks, None)
            if chunk is None:
                return None
            self._pending = chunk
        size = len(self._pending)
        if wanted is not None and self.matches.exact and not self.where:
            # every candidate matches (bar entries deleted since the last merge): what is not a new
            # hit is another entry of an item already found, so as many as the entries per hit so
            # far say, and a quarter more (the first time: one a hit). A rare word's 84 row
            # lookups were a sixth of its search, where 27 gave the page's 21 items.
            per_hit = self._count / max(len(self.hit_entries()), 1) if self._count else 1.0
            size = min(size, max(MIN_CHECKED, math.ceil(1.25 * wanted * per_hit)))
        elif wanted is not None and self._count:
            share = max(len(self.entries), 1) / self._count
            size = min(size, max(CHUNKS[0], int(2 * wanted / share)))
        elif wanted is not None:  # the first: a page's worth of items has some entries each
            size = min(size, max(FIRST_CHECKED, 4 * wanted))
        chunk, self._pending = self._pending[:size], self._pending[size:]
        return chunk

    def _next_chunk(self, wanted: int | None = None) -> None:
        if not self._narrowed and self._count >= NARROW_AFTER:
            # a filter that kept few of the best: its allowed ids once, and the walk within them
            self._narrowed = True
            allowed = np.array(sorted(self.conn.execute(text(
                f"SELECT e.id FROM search_entries e {_JOINS} WHERE 1 = 1{self.where}"), self.params).scalars().all()),
                dtype=np.int64)
            checked = np.sort(np.concatenate(self._checked)) if self._checked else np.zeros(0, dtype=np.int64)
            self._chunks = (c[~np.isin(c, checked, assume_unique=True)]
                            for c in self.matches.order(self.sort, allowed, self.within))
            self._pending = np.zeros(0, dtype=np.int64)  # the new order has them, if allowed
        if not self.matches.exact and self._count >= MAX_VERIFIED:
            # a phrase of common words that matches rarely: its best candidates only (each one's
            # text is read and checked; all two million took 27 s for "de de", 20,000 take ~0.3 s)
            self.exhausted = self.capped = True
            return
        chunk = self._take_pending(wanted)
        if chunk is None:
            self.exhausted = True
            return
        if not self.matches.exact:
            chunk = chunk[:MAX_VERIFIED - self._count]
        self._checked.append(chunk)
        self._count += len(chunk)
        if not len(chunk):
            return
        verify = not self.matches.exact
        columns = "e.id, e.document_id, e.item, e.kind" + (", e.body" if verify else "")
        params = dict(self.params)
        # the documents are joined only for a filter on them: a join is a second index search per
        # candidate, and most candidates are never shown
        joins = _JOINS if self.where else ""
        rows = {int(r[0]): r for r in read_rows(
            self.conn, f"SELECT {columns} FROM search_entries e {joins} WHERE {in_ids(self.conn, params, chunk)}"
            f"{self.where}", params)}
        # the stems are not stored (revision 0022): analysing a body takes ~20 microseconds, and
        # only candidates of a phrase or a proximity, in score order, are read
        ok = self.matches.verify(chunk, {i: analyse(r[4]) for i, r in rows.items()}) if verify else rows.keys()
        scores = self.matches.scores_of(chunk)
        for i, score in zip(chunk.tolist(), scores.tolist(), strict=True):
            row = rows.get(i)
            if row is not None and i in ok:
                self.entries.append(RankedEntry(i, row[1], row[2], row[3], score))


def in_ids(conn: Connection, params: dict[str, Any], ids: Ids | list[int]) -> str:
    """A condition ``e.id`` in ``ids``, the ids bound as one value (added to ``params``): a JSON
    array on SQLite, an array literal on PostgreSQL (binding one parameter per id costs more)."""
    values = [int(i) for i in ids]
    if conn.dialect.name == "postgresql":
        params["ids"] = "{" + ",".join(map(str, values)) + "}"
        return "e.id = ANY(CAST(:ids AS integer[]))"
    params["ids"] = json.dumps(values)
    return "e.id IN (SELECT value FROM json_each(:ids))"


def ranked_page(conn: Connection, node: Node, filters: SearchFilters, limit: int, offset: int = 0,
                ranked: Ranked | None = None, sort: Sort = "relevance", *,
                loose: bool = False) -> tuple[list[Hit], bool]:
    """The hits from ``offset`` to ``offset + limit`` and whether more follow. Pages are slices of
    one order, so consecutive pages never repeat a hit. Only the page's own hits get a snippet.
    ``ranked``: the walk, when the caller shares it (facet counts)."""
    ranked = ranked or Ranked(conn, node, filters, sort, loose=loose)
    node = ranked.node  # (a loose search's words: those highlighted)
    wanted = offset + limit + 1  # one more: is there a next page?
    ranked.take(hits=wanted)
    best = ranked.hit_entries(wanted)
    page = best[offset:offset + limit]
    texts: dict[int, Any] = {}
    if page:
        params: dict[str, Any] = {}
        texts = {int(r[0]): r for r in read_rows(
            conn, f"SELECT e.id, e.body, d.type, d.title, d.date FROM search_entries e {_JOINS} "
            f"WHERE {in_ids(conn, params, [e.id for e in page])}", params)}
    hits = []
    for e in page:
        _, body, genre, title, date = texts[e.id]
        hits.append(Hit(document_id=e.document_id, item=e.item, kind=e.kind, score=e.score,
                        snippet=snippet(body, node), document_type=genre, title=title, date=_date(date)))
    return hits, len(best) > offset + limit


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_JOINS = "JOIN search_documents d ON d.document_id = e.document_id"
