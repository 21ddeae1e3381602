"""Every match of a query, scored: BM25 over the postings (``store.postings``) with numpy, the
same on SQLite and PostgreSQL because both databases hold the same bytes and one function
computes every score (float64, the same operations in the same order).

``match(conn, node)`` finds the candidates of the query's terms (a prefix: its ``PREFIX_TERMS``
most frequent terms) by the query's boolean structure over sorted id arrays, and scores them:
per positive leaf (a phrase or a proximity: each of its words) the BM25 of the term in the
entry (``search.bm25``: ``K1``, ``B``), IDF ``log(1 + (N - df + 0.5) / (df + 0.5))`` with N the
indexed entries, times the entry kind's ``FIELD_WEIGHTS``, and times the term's IDF once more as
its weight in the query (IDF squared in all), summed. The query weight is what lets the two rare
words of a pasted question outvote its ten common ones: measured on real question-answer pairs
it is the one large gain over plain BM25 (docs/benchmarks-relevance.md). Phrases and proximities are
matched as the AND of their words here (a superset); ``Matches.verify`` checks them on the stored
stems of the candidates a page actually reaches, in score order. ``Matches.order`` gives
the candidates best first (score, then the newest entry; or date, score, entry), in growing chunks.

By relevance the first of them come from the words' known postings alone (``TermIndex``: the
heads of their large segments, ``store.heads``, and their small segments whole): those scoring
above what any other candidate can score are exactly the first of the whole order. Every
posting is read and every candidate scored only when the walk wants more (docs/search.md, "Heads").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from overleg.corpus.search.bm25 import EntryStats, Floats, Ids, bm25, entry_stats, idf_weight
from overleg.corpus.search.cache import kept
from overleg.corpus.search.candidates import (
    DENSE_FROM,
    any_word,
    contains,
    evaluate,
    exact,
    holds,
    leaves,
    union_ids,
    union_postings,
)
from overleg.corpus.search.query import Near, Node, Not, Or, Phrase, Prefix, Term, positive_leaves
from overleg.corpus.search.term_index import Postings, TermIndex, find, postings_size
from overleg.store.postings import term_frequencies, terms_with_prefix

PREFIX_TERMS = 64  # a prefix matches its 64 most frequent terms; several share them (docs/search.md)
CHUNKS = (200, 2_000, 20_000, 200_000)  # candidates taken best first, then all
NARROW_AFTER = 22_200  # candidates checked in SQL before a filter's allowed ids are read instead
FIRST_FROM_AT_MOST = 100_000  # known candidates scored apart from the rest, at most

Sort = Literal["relevance", "date"]
_EMPTY: Ids = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Within:
    """The filters the entry arrays answer before any row is read: the document's date within
    ``days`` (ordinals, inclusive) and its genre ``genre`` (a ``store.postings.STORED_GENRES`` code)."""

    days: tuple[int, int] | None = None
    genre: int | None = None


class Matches:
    """The candidates of a query (every match; a superset when ``exact`` is false, narrowed by
    ``verify``) and their scores, worked out as far as they are asked for.

    Best first by relevance, the candidates among the words' known postings (``TermIndex``: their
    heads and small segments) come first, each scored exactly, as far as their score is above
    ``bound``, what a candidate outside them can score at most: those are exactly the first of
    the whole order, without reading or scoring the rest. Only when the walk wants more, or by
    date, is every candidate found and scored."""

    def __init__(self, node: Node, index: TermIndex, stats: EntryStats,
                 expansions: dict[str, tuple[str, ...]]) -> None:
        self.node = node
        self.index = index
        self.stats = stats
        self.expansions = expansions
        self.exact = exact(node)
        self.days = stats.days
        self._scored = _scored(node, expansions)
        self._idfs: dict[Term | Prefix, float] = {}
        self._prefix_postings: dict[str, Postings] = {}
        self._all: tuple[Ids, Floats | None] | None = None  # every candidate, and their scores once needed
        self._known: tuple[Ids, Floats] | None = None  # the candidates among the known postings, scored

    def order(self, sort: Sort = "relevance", allowed: Ids | None = None,
              within: Within | None = None) -> Iterator[Ids]:
        """The candidate ids best first, in chunks of ``CHUNKS`` then the rest: relevance is score,
        then the newest entry; date is the document's date (newest first, none last), then
        score, then entry. ``allowed``: only these ids (a filter's, ascending); ``within``: the
        filters the entry arrays answer (dates, genre)."""
        first = _EMPTY
        if sort == "relevance":
            first = self._first(allowed, within)
            for start in range(0, len(first), CHUNKS[0]):
                yield first[start:start + CHUNKS[0]]
        ids = self._candidates()
        keep = self._kept(ids, allowed, within)
        if len(first):  # those came first already: the rest of the order
            outside = ~contains(np.sort(first), ids)
            keep = outside if keep is None else keep & outside
        if sort == "relevance":
            scores = self._all_scores()
            if keep is not None:
                ids, scores = ids[keep], scores[keep]
            primary: npt.NDArray[Any] = scores
            secondary: Floats | Callable[[npt.NDArray[np.intp]], Floats] = scores
        else:
            if keep is not None:
                ids = ids[keep]
            primary = self.days[ids]
            chosen = ids
            secondary = lambda at: self.scores_of(chosen[at])  # noqa: E731 (only the tied few are scored)
        done = 0
        for size in (*CHUNKS, len(ids)):
            if done >= len(ids):
                return
            size = max(size, done)
            best = _best(primary, secondary, ids, min(size, len(ids)))
            if len(best) > done:
                yield ids[best[done:]]
                done = len(best)

    def scores_of(self, ids: Ids) -> Floats:
        """The scores of ``ids`` (candidates): looked up where they were computed, else computed."""
        for computed in (self._all, self._known):
            if computed is None or computed[1] is None:
                continue
            found, scores = computed[0], computed[1]
            pos = np.searchsorted(found, ids)
            pos[pos >= len(found)] = max(0, len(found) - 1)
            if len(found) and bool(np.all(found[pos] == ids)):
                return np.asarray(scores[pos])
        return self._score(ids)

    def verify(self, ids: Ids, stemmed: dict[int, str]) -> set[int]:
        """Which of ``ids`` match the query exactly (phrases and proximities checked on their
        stems ``stemmed``: ``analysis.analyse`` of each body; every other leaf by its postings)."""
        if self.exact:
            return {int(i) for i in ids}
        having = {leaf: {int(i) for i in ids[self._has(leaf, ids)]} for leaf in leaves(self.node)
                  if isinstance(leaf, Term | Prefix)}
        return {int(i) for i in ids
                if int(i) in stemmed and holds(self.node, int(i), f" {stemmed[int(i)]} ", having)}

    def _bound(self) -> float:
        """The most a candidate outside the known postings can score (0: every posting is known),
        raised by more than rounding can take the scores past it."""
        return sum(self._idf(leaf) * self._impact_bound(leaf) for leaf in self._scored) * (1 + 1e-9)

    def _known_scores(self, ids: Ids) -> tuple[Floats, Floats]:
        """The least and the most each of ``ids`` can score, from the known postings alone: its
        BM25 where a word's known postings hold it, and at most the word's bound where they do
        not and may not be all."""
        scores = np.zeros(len(ids), dtype=np.float64)
        unknowns = np.zeros(len(ids), dtype=np.float64)
        for leaf in self._scored:
            words = (leaf.stem,) if isinstance(leaf, Term) else self.expansions[leaf.stem]
            summed = np.zeros(len(ids), dtype=np.float64)
            unknown = np.zeros(len(ids), dtype=np.float64)
            for word in words:
                where, tf = find(self.index.known(word), ids)
                summed[where] += tf
                if not self.index.complete(word):
                    outside = np.ones(len(ids), dtype=bool)
                    outside[where] = False
                    unknown[outside] += self.index.bound(word)
            where = np.flatnonzero(summed)
            idf = self._idf(leaf)
            scores[where] += bm25(idf, summed[where], self.stats, ids[where])
            unknowns += idf * unknown
        return scores, scores + unknowns

    def _first(self, allowed: Ids | None, within: Within | None) -> Ids:
        """The candidates among the known postings that score above ``bound``, best first: the
        first of the whole order (anything else scores at most ``bound``)."""
        if self._known is None:
            known = self._first_candidates()
            self._known = (known, self._score(known))
        ids, scores = self._known
        keep = scores > self._bound()
        more = self._kept(ids, allowed, within)
        if more is not None:
            keep &= more
        ids, scores = ids[keep], scores[keep]
        return np.asarray(ids[np.lexsort((-ids, -scores))])

    def _first_candidates(self) -> Ids:
        """The known candidates that may score above ``bound`` (none when scoring them first
        would only add to the cost of the whole order)."""
        if not self._scored or not any(self._impact_bound(leaf) for leaf in self._scored):
            return _EMPTY  # every posting is known: the whole order is as cheap
        if any(isinstance(leaf, Prefix) and sum(not self.index.complete(w) for w in self.expansions[leaf.stem]) > 1
               for leaf in self._scored):
            # a prefix's bound adds those of its terms: with two common ones it is above what
            # any entry scores
            return _EMPTY
        known = union_ids([self._known_ids(leaf) for leaf in self._scored])
        postings = sum(self.index.df(w) for w in self._scored_words())
        if len(known) > FIRST_FROM_AT_MOST or 4 * len(known) > postings:
            return _EMPTY  # not few of them: the whole order costs as much
        if not any_word(self.node):  # an OR of words holds every id some word holds
            known = known[self._member(self.node, known)]
        # only those that might score above the bound are scored exactly: that can need a
        # word's whole postings, where the known ones alone bound the score from above and
        # below. When none is sure to (many common words together) the whole order is taken
        # at once: scoring the heads first would only add to it.
        low, high = self._known_scores(known)
        bound = self._bound()
        if not np.any(low > bound):
            return _EMPTY
        return known[high * (1 + 1e-9) > bound]

    def _scored_words(self) -> list[str]:
        return [w for leaf in self._scored
                for w in ((leaf.stem,) if isinstance(leaf, Term) else self.expansions[leaf.stem])]

    def _kept(self, ids: Ids, allowed: Ids | None, within: Within | None) -> npt.NDArray[np.bool_] | None:
        keep: npt.NDArray[np.bool_] | None = None
        if allowed is not None:
            keep = contains(allowed, ids)
        if within is not None and within.days is not None:
            dated = self.days[ids]
            inside = (dated >= within.days[0]) & (dated <= within.days[1])
            keep = inside if keep is None else keep & inside
        if within is not None and within.genre is not None:
            inside = self.stats.genres[ids] == within.genre
            keep = inside if keep is None else keep & inside
        return keep

    def _candidates(self) -> Ids:
        """Every candidate (from the whole postings of every word)."""
        if self._all is None:
            ids, _ = evaluate(self.node, self._postings)
            self._all = (ids, None)
        return self._all[0]

    def _all_scores(self) -> Floats:
        ids, scores = self._all or (self._candidates(), None)
        if scores is None:
            scores = self._score(ids, every=any_word(self.node))
            self._all = (ids, scores)
        return scores

    def _score(self, ids: Ids, every: bool = False) -> Floats:
        """Each of ``ids``'s sum of its terms' BM25, added in the terms' order from 0.0 (so every
        way of finding the frequencies gives the same float64): over a dense array indexed by
        entry id when they are many (a scatter per term: linear), else by binary search.
        ``every``: ``ids`` holds every posting of every term (an OR's candidates): none to cut."""
        scores = np.zeros(len(ids), dtype=np.float64)
        if not len(ids):
            return scores
        if len(self._scored) == 1 and self._all is not None:  # the term alone: no search, no scatter
            found = self._postings(self._scored[0])
            if len(found.ids) == len(ids) and (found.ids is ids or np.array_equal(found.ids, ids)):
                return bm25(self._idf(self._scored[0]), found.tfs, self.stats, ids)
        if len(ids) > DENSE_FROM:
            dense = np.zeros(len(self.stats.norm), dtype=np.float64)
            candidate: npt.NDArray[np.bool_] | None = None
            for leaf in self._scored:
                found = self._postings(leaf)
                entries, tf = found.ids, found.tfs
                if not every:  # a term's postings outside the candidates (an AND's) are no score
                    if candidate is None:
                        candidate = np.zeros(len(self.stats.norm), dtype=bool)
                        candidate[ids] = True
                    keep = candidate[entries]
                    entries, tf = entries[keep], tf[keep]
                dense[entries] += bm25(self._idf(leaf), tf, self.stats, entries)
            return np.asarray(dense[ids])
        for leaf in self._scored:
            where, tf = self._lookup(leaf, ids)
            if len(where):
                scores[where] += bm25(self._idf(leaf), tf, self.stats, ids[where])
        return scores

    def _idf(self, leaf: Term | Prefix) -> float:
        """A term's IDF weight; a prefix's counts the entries of each of its terms, an entry with
        two of them twice (the entries holding any would need every posting read), at most all."""
        if leaf not in self._idfs:
            words = (leaf.stem,) if isinstance(leaf, Term) else self.expansions[leaf.stem]
            df = min(self.stats.total, sum(self.index.df(w) for w in words))
            self._idfs[leaf] = idf_weight(self.stats.total, df)
        return self._idfs[leaf]

    def _impact_bound(self, leaf: Term | Prefix) -> float:
        """A leaf's bound on the impact of a posting outside the known ones: a prefix's is the sum
        of its terms' (BM25 of summed frequencies is at most the sum of each one's: it is concave
        in the frequency and 0 at 0)."""
        words = (leaf.stem,) if isinstance(leaf, Term) else self.expansions[leaf.stem]
        return sum(self.index.bound(w) for w in words)

    def _known_ids(self, leaf: Term | Prefix) -> Ids:
        words = (leaf.stem,) if isinstance(leaf, Term) else self.expansions[leaf.stem]
        return union_ids([self.index.known(w).ids for w in words])

    def _postings(self, leaf: Term | Prefix) -> Postings:
        """Every posting of a term, or of a prefix as one term (its terms' frequencies summed)."""
        if isinstance(leaf, Term):
            return self.index.full(leaf.stem)
        if leaf.stem not in self._prefix_postings:
            words = self.expansions[leaf.stem]
            self._prefix_postings[leaf.stem] = kept(
                (self.index.version, "prefix", words), lambda: union_postings([self.index.full(w) for w in words]),
                postings_size)
        return self._prefix_postings[leaf.stem]

    def _lookup(self, leaf: Term | Prefix, ids: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
        """Which of ``ids`` hold the leaf (indices into ``ids``, ascending) and its frequency in each."""
        if isinstance(leaf, Term):
            return self.index.lookup(leaf.stem, ids)
        if leaf.stem in self._prefix_postings:
            return find(self._prefix_postings[leaf.stem], ids)
        summed = np.zeros(len(ids), dtype=np.float64)
        for word in self.expansions[leaf.stem]:
            where, tf = self.index.lookup(word, ids)
            summed[where] += tf
        where = np.flatnonzero(summed)
        return where, summed[where]

    def _has(self, leaf: Term | Prefix, ids: Ids) -> npt.NDArray[np.bool_]:
        found = np.zeros(len(ids), dtype=bool)
        found[self._lookup(leaf, ids)[0]] = True
        return found

    def _member(self, node: Node, ids: Ids) -> npt.NDArray[np.bool_]:
        """Which of ``ids`` are candidates of ``node`` (``_evaluate``'s sets, for these ids only)."""
        if isinstance(node, Term | Prefix):
            return self._has(node, ids)
        if isinstance(node, Phrase | Near):
            found = np.ones(len(ids), dtype=bool)
            for stem in dict.fromkeys(node.stems):
                found &= self._has(Term(stem), ids)
            return found
        if isinstance(node, Or):
            found = np.zeros(len(ids), dtype=bool)
            for child in node.children:
                rest = np.flatnonzero(~found)  # an id one child holds is not looked up in the others
                found[rest] = self._member(child, ids[rest])
            return found
        if isinstance(node, Not):
            return np.zeros(len(ids), dtype=bool)
        found = np.ones(len(ids), dtype=bool)
        for child in node.children:
            if isinstance(child, Not):
                if exact(child.child):
                    rest = np.flatnonzero(found)
                    found[rest] = ~self._member(child.child, ids[rest])
                continue
            rest = np.flatnonzero(found)
            found[rest] = self._member(child, ids[rest])
        return found


def _best(primary: npt.NDArray[Any], scores: Floats | Callable[[npt.NDArray[np.intp]], Floats], ids: Ids,
          k: int) -> npt.NDArray[np.intp]:
    """Indices of the ``k`` first candidates by (primary desc, score desc, id desc): a partition,
    then a full sort of only those at or above the k-th primary value (ties included, then cut),
    so each chunk is exactly a prefix of the whole order. ``scores``: an array like ``ids``, or
    what gives the scores at given indices (only those picked are scored)."""
    n = len(ids)
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    if k < n:
        within = _above_sampled_bound(primary, k)
        if within is None:
            threshold = primary[np.argpartition(-primary, k - 1)[k - 1]]
            picked = np.flatnonzero(primary >= threshold)
        else:
            sub = primary[within]
            threshold = sub[np.argpartition(-sub, k - 1)[k - 1]]
            picked = within[sub >= threshold]
    else:
        picked = np.arange(n)
    tied = scores(picked) if callable(scores) else scores[picked]
    order = np.lexsort((-ids[picked], -tied, -primary[picked].astype(np.float64)))
    return np.asarray(picked[order][:k])


SAMPLE = 4096


def _above_sampled_bound(primary: npt.NDArray[Any], k: int) -> npt.NDArray[np.intp] | None:
    """The indices of the values at or above a bound read from an evenly spaced sample, when at
    least ``k`` are (then the k best are among them, exactly: the k-th best value is at least the
    bound); None when the sample does not pay (few candidates, or a large k) or the bound was
    too high. Partitioning a million scores costs ~10 ms; a comparison and the partition of the
    few thousand above the bound, ~2."""
    n = len(primary)
    if n < 50_000 or k > n // 16:
        return None
    sample = primary[::n // SAMPLE]
    keep = min(len(sample), 4 * k * len(sample) // n + 8)  # four times the share wanted, and some
    bound = np.partition(sample, len(sample) - keep)[len(sample) - keep]
    within = np.flatnonzero(primary >= bound)
    return within if len(within) >= k else None


COMMON_SHARE = 0.2  # a word in more than this share of the entries says little in a pasted question


def without_common(conn: Connection, node: Node) -> Node:
    """A pasted question's OR of words (``loose`` searches: a pasted question, similar questions)
    without its words that are in more than ``COMMON_SHARE`` of the indexed entries: with the IDF
    weighted twice such a word adds under 3% of what a rare one adds to a score, while reading
    and scoring its postings (millions at a million items) was most of the search's cost (an
    answer editor's similar questions: 0.9 s at 1.5 million items). When every word is that
    common the rarest is kept. Any other query is returned as it is: typed ORs mean what they say."""
    if not isinstance(node, Or) or len(node.children) < 2 or not all(isinstance(c, Term) for c in node.children):
        return node
    terms = [c for c in node.children if isinstance(c, Term)]
    frequency = term_frequencies(conn, (t.stem for t in terms))
    most = COMMON_SHARE * entry_stats(conn).total
    kept = tuple(t for t in terms if frequency.get(t.stem, 0) <= most)
    if not kept:
        kept = (min(terms, key=lambda t: (frequency.get(t.stem, 0), t.stem)),)
    return node if len(kept) == len(terms) else Or(kept)


def match(conn: Connection, node: Node) -> Matches:
    """The candidates of ``node``, to be scored as far as a walk asks (see the module's description)."""
    stats = entry_stats(conn)
    prefixes = list(dict.fromkeys(leaf.stem for leaf in leaves(node) if isinstance(leaf, Prefix)))
    # the prefixes of one query share PREFIX_TERMS: "a* OR b* OR ... z*" read every posting of
    # the index (9 s at a million items) when each had 64
    share = max(1, PREFIX_TERMS // max(1, len(prefixes)))
    expansions = {p: tuple(terms_with_prefix(conn, p, share)) for p in prefixes}
    words = {w for leaf in leaves(node) for w in _words(leaf, expansions)}
    return Matches(node, TermIndex(conn, words, stats), stats, expansions)


def _words(leaf: Term | Prefix | Phrase | Near, expansions: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if isinstance(leaf, Term):
        return (leaf.stem,)
    if isinstance(leaf, Prefix):
        return expansions[leaf.stem]
    return leaf.stems


def _scored(node: Node, expansions: dict[str, tuple[str, ...]]) -> list[Term | Prefix]:
    """The terms scored, once each, in the query's order: every positive leaf's (a phrase's or a
    proximity's words each)."""
    found: list[Term | Prefix] = []
    for leaf in positive_leaves(node):
        found += [Term(s) for s in leaf.stems] if isinstance(leaf, Phrase | Near) else [leaf]
    return list(dict.fromkeys(found))
