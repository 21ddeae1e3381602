"""The postings of one query's words as a search reads them: each word's *known* postings (the
heads of its large segments and every posting of its small ones, ``store.heads``), a bound on the
impact of every posting not known, and its whole postings only when they are asked for.

A common word's segments hold millions of postings and its heads a few thousand: a search for
it scores the heads, and reads the rest only when the best entries are not all among them
(``scoring.Matches``). A word whose segments are all small is known whole from the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from overleg.corpus.search.bm25 import IMPACTS, EntryStats, Ids
from overleg.corpus.search.cache import kept
from overleg.store.blobs import decode_ids, decode_many
from overleg.store.heads import StoredHead, read_heads
from overleg.store.postings import Segment, read_postings

_EMPTY: Ids = np.zeros(0, dtype=np.int64)
# a word in one entry of this many or more is looked up in its frequencies laid out by entry id
# (``TermIndex._find_in_full``): a byte per entry is less than nine per posting from there on
DENSE_SHARE = 9


@dataclass(frozen=True)
class Postings:
    """A term's (or a prefix's) entries, ascending, and its frequency in each."""

    ids: Ids
    tfs: npt.NDArray[Any]  # uint8 as stored (a prefix's summed: float64); numpy promotes in the arithmetic


NO_POSTINGS = Postings(_EMPTY, np.zeros(0, dtype=np.uint8))


def joined(parts: Sequence[tuple[Ids, npt.NDArray[Any]]], limit: int) -> Postings:
    """Postings (ids, tfs) of disjoint sets of entries as one, ascending, without the entries at
    or past ``limit`` (written after the stats were read: not possible within one transaction,
    but a guard is cheap)."""
    if not parts:
        return NO_POSTINGS
    ids = np.concatenate([p[0] for p in parts]) if len(parts) > 1 else parts[0][0]
    tfs = np.concatenate([p[1] for p in parts]) if len(parts) > 1 else parts[0][1]
    if len(parts) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # segments ascend; heads and merged ones may not
        order = np.argsort(ids, kind="stable")
        ids, tfs = ids[order], tfs[order]
    if len(ids) and ids[-1] >= limit:
        n = int(np.searchsorted(ids, limit))
        ids, tfs = ids[:n], tfs[:n]
    return Postings(ids, tfs)


def _decoded(blob_ids: bytes, blob_tfs: bytes) -> tuple[Ids, npt.NDArray[Any]]:
    return decode_ids(blob_ids), np.frombuffer(blob_tfs, dtype=np.uint8)


def _decoded_all(segments: Sequence[Segment]) -> tuple[Ids, npt.NDArray[Any]]:
    """The postings of a term's segments one after another (``store.blobs.decode_many``)."""
    return decode_many([s.ids for s in segments]), np.frombuffer(b"".join(s.tfs for s in segments), dtype=np.uint8)


def _by_term(segments: Iterable[Segment]) -> dict[str, list[Segment]]:
    found: dict[str, list[Segment]] = {}
    for segment in segments:
        found.setdefault(segment.term, []).append(segment)
    return found


class TermIndex:
    """What one search knows of its words' postings (read in the search's transaction)."""

    def __init__(self, conn: Connection, words: Iterable[str], stats: EntryStats) -> None:
        self._conn = conn
        self._limit = len(stats.norm)
        # what the cache knows this index by: the database and what its index looked like
        self.version = (conn.engine.url.render_as_string(hide_password=False), stats.key)
        wanted = sorted(set(words))
        heads = [h for h in read_heads(conn, wanted, IMPACTS.params) if h.segment < self._limit]
        whole = [s for s in read_postings(conn, wanted, headless=IMPACTS.params) if s.segment < self._limit]
        by_word: dict[str, list[tuple[Ids, npt.NDArray[Any]]]] = {w: [] for w in wanted}
        self._df = dict.fromkeys(wanted, 0)
        self._bound = dict.fromkeys(wanted, 0.0)
        for term, segments in _by_term(whole).items():
            ids, tfs = _decoded_all(segments)
            by_word[term].append((ids, tfs))
            self._df[term] += len(ids)
        self._headed: set[str] = set()  # the words some of whose postings are not known
        for head in heads:
            ids, tfs = _decoded(head.ids, head.tfs)
            by_word[head.term].append((ids, tfs))
            self._df[head.term] += head.count
            if head.count > len(ids):
                self._headed.add(head.term)
                self._bound[head.term] = max(self._bound[head.term], _scaled(head, stats))
        self._known = {w: joined(parts, self._limit) for w, parts in by_word.items()}
        self._full: dict[str, Postings] = {}

    def known(self, word: str) -> Postings:
        """The word's postings read so far: its heads' and its small segments' (every posting
        when ``complete``)."""
        return self._known.get(word, NO_POSTINGS)

    def complete(self, word: str) -> bool:
        """Whether ``known`` is every posting of the word."""
        return word not in self._headed

    def bound(self, word: str) -> float:
        """The largest impact (BM25 without the IDF) a posting of the word outside ``known`` can
        have at today's average length; 0 when every posting is known."""
        return self._bound.get(word, 0.0)

    def df(self, word: str) -> int:
        """How many entries hold the word (dead ones until a merge drops them), as the IDF counts."""
        return self._df.get(word, 0)

    def full(self, word: str) -> Postings:
        """Every posting of the word (read once, when first asked)."""
        if self.complete(word):
            return self.known(word)
        if word not in self._full:
            self._full[word] = kept((self.version, "term", word), lambda: self._read(word), postings_size)
        return self._full[word]

    def _read(self, word: str) -> Postings:
        segments: list[Segment] = [s for s in read_postings(self._conn, [word]) if s.segment < self._limit]
        return joined([_decoded_all(segments)] if segments else [], self._limit)

    def lookup(self, word: str, ids: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
        """Which of ``ids`` hold the word (their indices in ``ids``) and its frequency in each:
        from ``known`` first, from the whole postings only for the ids not found there."""
        known = self.known(word)
        where, tfs = find(known, ids)
        if self.complete(word) or len(where) == len(ids):
            return where, tfs
        rest = np.ones(len(ids), dtype=bool)
        rest[where] = False
        others = np.flatnonzero(rest)
        more, more_tfs = self._find_in_full(word, ids[others])
        where = np.concatenate([where, others[more]])
        tfs = np.concatenate([tfs, more_tfs])
        order = np.argsort(where, kind="stable")
        return where[order], tfs[order]

    def _find_in_full(self, word: str, ids: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
        """``find`` in the word's whole postings; a word in one entry of ``DENSE_SHARE`` or more by
        one gather from its frequencies laid out by entry id (kept): a binary search of thousands
        of candidates in two million ids was most of a phrase of common words, and the dense
        array is the smaller of the two for such a word (a byte per entry, nine per posting)."""
        if self.df(word) * DENSE_SHARE < self._limit:
            return find(self.full(word), ids)
        dense = kept((self.version, "dense", word), lambda: _dense(self.full(word), self._limit), _nbytes)
        tfs = dense[ids]
        where = np.flatnonzero(tfs)
        return where, tfs[where]


def _dense(postings: Postings, size: int) -> npt.NDArray[np.uint8]:
    """A word's frequency in each entry, by entry id (0: not in it)."""
    dense = np.zeros(size, dtype=np.uint8)
    dense[postings.ids] = postings.tfs
    return dense


def _nbytes(array: npt.NDArray[Any]) -> int:
    return int(array.nbytes)


def postings_size(postings: Postings) -> int:
    """The bytes ``postings`` hold."""
    return int(postings.ids.nbytes + postings.tfs.nbytes)


def find(postings: Postings, ids: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """The indices of ``ids`` found in ``postings`` (ascending) and their frequencies."""
    if not len(postings.ids) or not len(ids):
        return np.zeros(0, dtype=np.intp), postings.tfs[:0]
    pos = np.searchsorted(postings.ids, ids)
    pos[pos >= len(postings.ids)] = len(postings.ids) - 1
    hit = postings.ids[pos] == ids
    return np.flatnonzero(hit), postings.tfs[pos[hit]]


def _scaled(head: StoredHead, stats: EntryStats) -> float:
    """A head's bound at today's average length."""
    return IMPACTS.bound_at(head.bounds, head.reference, stats.average)
