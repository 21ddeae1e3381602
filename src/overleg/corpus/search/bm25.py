"""BM25 as overleg ranks with it: its parameters, the per-entry arrays it reads (``EntryStats``,
kept per database), a term's weight in the query, and the impacts the heads of large posting
segments are chosen by (``IMPACTS``, the ``store.heads.HeadRule`` of the ranking).

One function computes every score (float64, the same operations in the same order), so SQLite
and PostgreSQL, whole segments and heads, give the very same floats.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from overleg.store.generation import generation
from overleg.store.heads import Head
from overleg.store.postings import ENTRY_KINDS, UNKNOWN_GENRE

Floats = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int64]

K1 = 1.2
B = 0.9  # docs/benchmarks-relevance.md: a plateau from 0.9 to 1.0 on both halves of the pairs
FIELD_WEIGHTS = {"title": 1.0, "question": 1.0, "answer": 1.0, "footnote": 0.5}


@dataclass(frozen=True)
class EntryStats:
    """Per entry id (dense arrays, index = id): its length in terms, kind, document date
    (ordinal; 0: none) and document genre as stored, and derived from them BM25's length norm ``K1 * (1 - B + B *
    len / avg)`` and the kind's weight times ``K1 + 1``; ``total`` the entries indexed (N of the
    IDF); ``key`` what the stats table looked like when read; ``generation`` the corpus tables'
    generation (``store.generation``) it was last found current at."""

    lengths: npt.NDArray[np.uint32]
    kinds: npt.NDArray[np.uint8]
    days: npt.NDArray[np.int32]
    genres: npt.NDArray[np.uint8]  # store.postings.STORED_GENRES codes
    norm: Floats
    weight: Floats
    total: int
    key: tuple[int, int, int]
    average: float = 1.0  # the average length the norm divides by (at least 1)
    generation: int = 0


_STATS: dict[str, EntryStats] = {}
_BUILDING = threading.Lock()


def entry_stats(conn: Connection) -> EntryStats:
    """The entry stats of this database, kept per database URL and read again only for the
    segments written since (after a merge dropped some, all are read again).

    A search reads the corpus tables' generation (one row); only when it moved does an
    aggregate over the stats table say what was written. The aggregate touches a page per
    segment, 0.37 ms of a 3.5 ms search at a million items, where the generation takes 0.02."""
    url = conn.engine.url.render_as_string(hide_password=False)
    current = generation(conn)
    cached = _STATS.get(url)
    if cached is not None and current and cached.generation == current:
        return cached
    row = conn.execute(text("SELECT count(*), coalesce(max(segment), 0), coalesce(sum(count), 0) "
                            "FROM search_entry_stats")).one()
    key = (int(row[0]), int(row[1]), int(row[2]))
    if cached is not None and cached.key == key:
        _STATS[url] = cached = replace(cached, generation=current)
        return cached
    # one thread builds, the others wait for it: a server's first searches come together, and
    # each building the stats of millions of entries at once starved them all (docs/benchmarks-load.md)
    with _BUILDING:
        cached = _STATS.get(url)
        if cached is not None and cached.key == key:
            return cached
        grown = cached is not None and all(new > old for new, old in zip(key, cached.key, strict=True))
        if len(_STATS) > 64:  # many short-lived test databases: keep memory bounded
            _STATS.clear()
        _STATS[url] = stats = replace(_build(conn, key, cached if grown else None), generation=current)
        return stats


def _build(conn: Connection, key: tuple[int, int, int], since: EntryStats | None) -> EntryStats:
    """The stats of every segment, or those of ``since`` and the segments written after it."""
    sql = "SELECT segment, ids, lengths, kinds, days, genres FROM search_entry_stats"
    params: dict[str, Any] = {}
    if since is not None:
        sql += " WHERE segment > :after"
        params["after"] = since.key[1]
    rows = [(np.frombuffer(bytes(r.ids), dtype="<u4").astype(np.int64), np.frombuffer(bytes(r.lengths), dtype="<u4"),
             np.frombuffer(bytes(r.kinds), dtype=np.uint8), np.frombuffer(bytes(r.days), dtype="<i4"),
             np.frombuffer(bytes(r.genres), dtype=np.uint8) if r.genres is not None else UNKNOWN_GENRE)
            for r in conn.execute(text(sql + " ORDER BY segment"), params).all()]
    size = 1 + max((int(r[0].max()) for r in rows if len(r[0])), default=0)
    if since is not None:
        size = max(size, len(since.lengths))
    lengths = np.zeros(size, dtype=np.uint32)
    kinds = np.zeros(size, dtype=np.uint8)
    days = np.zeros(size, dtype=np.int32)
    genres = np.full(size, UNKNOWN_GENRE, dtype=np.uint8)
    total = 0
    if since is not None:
        for target, old in ((lengths, since.lengths), (kinds, since.kinds), (days, since.days),
                            (genres, since.genres)):
            target[:len(old)] = old
        total = since.total
    for ids, length, kind, day, genre in rows:
        lengths[ids] = length
        kinds[ids] = kind
        days[ids] = day
        genres[ids] = genre
        total += len(ids)
    average = float(lengths.sum(dtype=np.int64)) / total if total else 1.0
    weights = np.array([FIELD_WEIGHTS.get(k, 1.0) * (K1 + 1) for k in ENTRY_KINDS], dtype=np.float64)
    return EntryStats(lengths=lengths, kinds=kinds, days=days, genres=genres,
                      norm=K1 * (1 - B + B * lengths.astype(np.float64) / max(average, 1.0)),
                      weight=weights[kinds], total=total, key=key, average=max(average, 1.0))


def bm25(idf: float, tf: Floats, stats: EntryStats, entries: Ids) -> Floats:
    """``idf * tf * weight * (K1 + 1) / (tf + norm)`` per entry, in place over two temporaries
    (arrays of a million: each temporary saved is a millisecond). ``stats.weight`` holds the
    kind's weight times ``K1 + 1``."""
    found = tf * idf
    found *= stats.weight[entries]
    below = stats.norm[entries]
    below += tf
    found /= below
    return found


def idf_weight(total: int, df: int) -> float:
    """A term's IDF, squared: once in BM25, once as its weight in the query (scoring.py)."""
    return float(np.log(1.0 + (total - df + 0.5) / (df + 0.5))) ** 2


HEAD_FROM = 32_768  # a segment with this many postings gets a head (store.heads)...
HEAD_SIZE = 4_096  # ...of this many postings


class ImpactRule:
    """The heads of the ranking (``store.heads.HeadRule``). A posting's impact is its BM25 without
    the IDF, ``tf * weight * (K1 + 1) / (tf + K1 * (1 - B + B * len / avg))``: a head's bounds
    hold whatever the term's IDF. The impact depends on the average length ``avg``, which grows
    and shrinks with the corpus, so a head keeps the largest impact left out at each of
    ``GRID`` averages around the one it was chosen at (``bound_at`` takes the next one up: an
    impact only grows with the average)."""

    @property
    def smallest(self) -> int:
        return HEAD_FROM

    @property
    def size(self) -> int:
        return HEAD_SIZE

    @property
    def params(self) -> str:
        weights = ",".join(f"{k}={FIELD_WEIGHTS.get(k, 1.0)}" for k in ENTRY_KINDS)
        return f"bm25 k1={K1} b={B} {weights} size={self.size}"

    def head(self, ids: Any, tfs: Any, lengths: Any, kinds: Any, reference: float) -> Head:
        tf = tfs.astype(np.float64)
        weights = _KIND_WEIGHTS[kinds]
        impact = tf * weights / (tf + K1 * (1 - B + B * lengths.astype(np.float64) / reference))
        if len(ids) <= self.size:
            return Head(ids, tfs, np.zeros(len(GRID), dtype="<f8").tobytes(), reference)
        best = np.argpartition(-impact, self.size - 1)[:self.size]
        left = np.ones(len(ids), dtype=bool)
        left[best] = False
        chosen = np.sort(best)
        return Head(ids[chosen], tfs[chosen], _grid_bounds(tfs[left], kinds[left], lengths[left], reference),
                    reference)

    @staticmethod
    def bound_at(bounds: bytes, reference: float, average: float) -> float:
        """The largest impact left out of a head at the average length ``average``."""
        grid = np.frombuffer(bounds, dtype="<f8")
        ratio = average / reference
        k = int(np.searchsorted(GRID, ratio * (1 - 1e-12)))  # the first average at or above
        if k < len(GRID):
            return float(grid[k])
        return float(grid[-1]) * ratio / float(GRID[-1])  # past the grid: an impact grows at most as the average


GRID = 2.0 ** (np.arange(-16, 17) / 8)  # averages from a quarter to four times the head's, 9% apart
_KIND_WEIGHTS = np.array([FIELD_WEIGHTS.get(k, 1.0) * (K1 + 1) for k in ENTRY_KINDS], dtype=np.float64)


def _grid_bounds(tfs: Any, kinds: Any, lengths: Any, reference: float) -> bytes:
    """The largest impact of the postings ``tfs``/``kinds``/``lengths`` at each average of
    ``GRID`` times ``reference``: per frequency and kind the shortest entry has the largest, so
    only those (a few hundred) are weighed at each average."""
    key = kinds.astype(np.int64) * 256 + tfs.astype(np.int64)
    shortest = np.full(len(ENTRY_KINDS) * 256, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(shortest, key, lengths.astype(np.int64))
    present = np.flatnonzero(shortest < np.iinfo(np.int64).max)
    tf = (present % 256).astype(np.float64)
    weight = _KIND_WEIGHTS[present // 256]
    length = shortest[present].astype(np.float64)
    averages = reference * GRID[:, None]
    impact = tf * weight / (tf + K1 * (1 - B + B * length / averages))
    return np.asarray(impact.max(axis=1), dtype="<f8").tobytes()


IMPACTS = ImpactRule()
