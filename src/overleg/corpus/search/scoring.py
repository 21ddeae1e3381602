"""Every match of a query, scored: BM25 over the postings (``store.postings``) with numpy, the
same on SQLite and PostgreSQL because both databases hold the same bytes and one function
computes every score (float64, the same operations in the same order).

``match(conn, node)`` reads the postings of the query's terms (a prefix: its ``PREFIX_TERMS``
most frequent terms), combines the sorted id arrays by the query's boolean structure and scores
every candidate: per positive leaf (a phrase or a proximity: each of its words) the BM25 of the
term in the entry, ``K1`` and ``B`` below, IDF ``log(1 + (N - df + 0.5) / (df + 0.5))`` with N the
indexed entries, times the entry kind's ``FIELD_WEIGHTS``, and times the term's IDF once more as
its weight in the query (IDF squared in all), summed. The query weight is what lets the two rare
words of a pasted question outvote its ten common ones: measured on real question-answer pairs
it is the one large gain over plain BM25 (docs/benchmarks-relevance.md). Phrases and proximities are
matched as the AND of their words here (a superset); ``Matches.verify`` checks them on the stored
stemmed text of the candidates a page actually reaches, in score order. ``Matches.order`` gives
the candidates best first (score, then the newest entry; or date, score, entry), in growing chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from overleg.corpus.search.query import Near, Node, Not, Or, Phrase, Prefix, Term, positive_leaves
from overleg.store.postings import ENTRY_KINDS, decode_ids, read_postings, term_frequencies, terms_with_prefix

K1 = 1.2
B = 0.9  # docs/benchmarks-relevance.md: a plateau from 0.9 to 1.0 on both halves of the pairs
FIELD_WEIGHTS = {"title": 1.0, "question": 1.0, "answer": 1.0, "footnote": 0.5}
PREFIX_TERMS = 64  # a prefix matches its 64 most frequent terms; several share them (docs/search.md)
CHUNKS = (200, 2_000, 20_000, 200_000)  # candidates taken best first, then all
NARROW_AFTER = 22_200  # candidates checked in SQL before a filter's allowed ids are read instead
DENSE_FROM = 50_000  # arrays this long are matched by a bitmap or map over the ids, not by binary search

Sort = Literal["relevance", "date"]
Ids = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
_EMPTY: Ids = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class EntryStats:
    """Per entry id (dense arrays, index = id): its length in terms, kind and document date
    (ordinal; 0: none) as stored, and derived from them BM25's length norm ``K1 * (1 - B + B *
    len / avg)`` and the kind's weight times ``K1 + 1``; ``total`` the entries indexed (N of the
    IDF); ``key`` what the stats table looked like when read."""

    lengths: npt.NDArray[np.uint32]
    kinds: npt.NDArray[np.uint8]
    days: npt.NDArray[np.int32]
    norm: Floats
    weight: Floats
    total: int
    key: tuple[int, int, int]


_STATS: dict[str, EntryStats] = {}
_BUILDING = threading.Lock()


def entry_stats(conn: Connection) -> EntryStats:
    """The entry stats of this database, kept per database URL and read again only for the
    segments written since (one small aggregate per search says whether any were; after a merge
    dropped some, all are read again)."""
    url = conn.engine.url.render_as_string(hide_password=False)
    row = conn.execute(text("SELECT count(*), coalesce(max(segment), 0), coalesce(sum(count), 0) "
                            "FROM search_entry_stats")).one()
    key = (int(row[0]), int(row[1]), int(row[2]))
    cached = _STATS.get(url)
    if cached is not None and cached.key == key:
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
        _STATS[url] = stats = _build(conn, key, cached if grown else None)
        return stats


def _build(conn: Connection, key: tuple[int, int, int], since: EntryStats | None) -> EntryStats:
    """The stats of every segment, or those of ``since`` and the segments written after it."""
    sql = "SELECT segment, ids, lengths, kinds, days FROM search_entry_stats"
    params: dict[str, Any] = {}
    if since is not None:
        sql += " WHERE segment > :after"
        params["after"] = since.key[1]
    rows = [(np.frombuffer(bytes(r.ids), dtype="<u4").astype(np.int64), np.frombuffer(bytes(r.lengths), dtype="<u4"),
             np.frombuffer(bytes(r.kinds), dtype=np.uint8), np.frombuffer(bytes(r.days), dtype="<i4"))
            for r in conn.execute(text(sql + " ORDER BY segment"), params).all()]
    size = 1 + max((int(r[0].max()) for r in rows if len(r[0])), default=0)
    lengths = np.zeros(size, dtype=np.uint32)
    kinds = np.zeros(size, dtype=np.uint8)
    days = np.zeros(size, dtype=np.int32)
    total = 0
    if since is not None:
        size = max(size, len(since.lengths))
        lengths, kinds, days = (np.zeros(size, dtype=a.dtype) for a in (lengths, kinds, days))
        for target, old in ((lengths, since.lengths), (kinds, since.kinds), (days, since.days)):
            target[:len(old)] = old
        total = since.total
    for ids, length, kind, day in rows:
        lengths[ids] = length
        kinds[ids] = kind
        days[ids] = day
        total += len(ids)
    average = float(lengths.sum(dtype=np.int64)) / total if total else 1.0
    weights = np.array([FIELD_WEIGHTS.get(k, 1.0) * (K1 + 1) for k in ENTRY_KINDS], dtype=np.float64)
    return EntryStats(lengths=lengths, kinds=kinds, days=days,
                      norm=K1 * (1 - B + B * lengths.astype(np.float64) / max(average, 1.0)),
                      weight=weights[kinds], total=total, key=key)


@dataclass(frozen=True)
class Postings:
    """A term's (or a prefix's) entries, ascending, and its frequency in each."""

    ids: Ids
    tfs: npt.NDArray[Any]  # uint8 as stored (a prefix's summed: float64); numpy promotes in the arithmetic


def _postings(segments: Sequence[Any]) -> Postings:
    if not segments:
        return Postings(_EMPTY, np.zeros(0, dtype=np.uint8))
    ids = np.concatenate([decode_ids(s.ids) for s in segments])
    tfs = np.concatenate([np.frombuffer(s.tfs, dtype=np.uint8) for s in segments])
    if len(segments) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # segments ascend; merged ones too
        order = np.argsort(ids, kind="stable")
        ids, tfs = ids[order], tfs[order]
    return Postings(ids, tfs)


def _union(parts: Sequence[Postings]) -> Postings:
    """A prefix as one term: its terms' entries, frequencies summed."""
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return Postings(_EMPTY, np.zeros(0, dtype=np.uint8))
    if len(parts) == 1:
        return parts[0]
    if sum(len(p.ids) for p in parts) > DENSE_FROM:  # summed over a dense array: linear, no sort
        dense = np.zeros(max(int(p.ids[-1]) for p in parts) + 1, dtype=np.float64)
        for part in parts:
            dense[part.ids] += part.tfs
        ids = np.flatnonzero(dense).astype(np.int64)
        return Postings(ids, dense[ids])
    ids, inverse = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
    tfs = np.bincount(inverse, weights=np.concatenate([p.tfs for p in parts]), minlength=len(ids))
    return Postings(ids, tfs.astype(np.float64))


def contains(sorted_ids: Ids, ids: Ids) -> npt.NDArray[np.bool_]:
    """Which of ``ids`` are in ``sorted_ids`` (ascending): a binary search each, or, when both
    are large, a bitmap over the ids (linear: a million binary searches into two million cost
    ~10 ms, the bitmap ~3)."""
    if not len(sorted_ids) or not len(ids):
        return np.zeros(len(ids), dtype=bool)
    if len(ids) > DENSE_FROM and len(sorted_ids) > DENSE_FROM:
        mask = np.zeros(max(int(sorted_ids[-1]), int(ids.max())) + 1, dtype=bool)
        mask[sorted_ids] = True
        return np.asarray(mask[ids])
    pos = np.searchsorted(sorted_ids, ids)
    pos[pos >= len(sorted_ids)] = len(sorted_ids) - 1
    return np.asarray(sorted_ids[pos] == ids)


def _intersect(a: Ids, b: Ids) -> Ids:
    if len(a) > len(b):
        a, b = b, a
    return a[contains(b, a)]


def _union_ids(parts: Sequence[Ids]) -> Ids:
    parts = [p for p in parts if len(p)]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    total = sum(len(p) for p in parts)
    top = max(int(p[-1]) for p in parts)
    if total > DENSE_FROM:  # a bitmap: linear, where sorting the concatenation is not
        mask = np.zeros(top + 1, dtype=bool)
        for p in parts:
            mask[p] = True
        return np.flatnonzero(mask).astype(np.int64)
    return np.unique(np.concatenate(parts))


@dataclass
class Matches:
    """The candidates of a query (every match; a superset when ``exact`` is false, narrowed by
    ``verify``) with their scores."""

    node: Node
    ids: Ids
    scores: Floats
    exact: bool
    days: npt.NDArray[np.int32]
    leaf_ids: dict[Term | Prefix, Ids] = field(default_factory=dict)
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def order(self, sort: Sort = "relevance", allowed: Ids | None = None,
              days: tuple[int, int] | None = None) -> Iterator[Ids]:
        """The candidate ids best first, in chunks of ``CHUNKS`` then the rest: relevance is score,
        then the newest entry; date is the document's date (newest first, none last), then
        score, then entry. ``allowed``: only these ids (a filter's, ascending); ``days``: only
        documents dated within (ordinals, inclusive: the date filter, from the stats arrays)."""
        ids, scores = self.ids, self.scores
        keep: npt.NDArray[np.bool_] | None = None
        if allowed is not None:
            keep = contains(allowed, ids)
        if days is not None:
            dated = self.days[ids]
            within = (dated >= days[0]) & (dated <= days[1])
            keep = within if keep is None else keep & within
        if keep is not None:
            ids, scores = ids[keep], scores[keep]
        primary: npt.NDArray[Any] = scores if sort == "relevance" else self.days[ids]
        done = 0
        for size in (*CHUNKS, len(ids)):
            if done >= len(ids):
                return
            size = max(size, done)
            best = _best(primary, scores, ids, min(size, len(ids)))
            if len(best) > done:
                yield ids[best[done:]]
                done = len(best)

    def verify(self, ids: Ids, stemmed: dict[int, str]) -> set[int]:
        """Which of ``ids`` match the query exactly (phrases and proximities checked on their
        stored stemmed text ``stemmed``; every other leaf by its postings)."""
        if self.exact:
            return {int(i) for i in ids}
        having = {leaf: {int(i) for i in ids[contains(found, ids)]} for leaf, found in self.leaf_ids.items()}
        return {int(i) for i in ids
                if int(i) in stemmed and _holds(self.node, int(i), f" {stemmed[int(i)]} ", having)}


def _best(primary: npt.NDArray[Any], scores: Floats, ids: Ids, k: int) -> npt.NDArray[np.intp]:
    """Indices of the ``k`` first candidates by (primary desc, score desc, id desc): a partition,
    then a full sort of only those at or above the k-th primary value (ties included, then cut),
    so each chunk is exactly a prefix of the whole order."""
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
    order = np.lexsort((-ids[picked], -scores[picked], -primary[picked].astype(np.float64)))
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


def _holds(node: Node, entry: int, spaced: str, having: dict[Term | Prefix, set[int]]) -> bool:
    """Whether ``node`` matches the entry whose stemmed text is ``spaced`` (a space before and
    after): words by their postings (``having``), a phrase as a substring (the stems are joined
    by single spaces: a C search, not a Python loop over the words), a proximity on the words."""
    if isinstance(node, Term | Prefix):
        return entry in having.get(node, set())
    if isinstance(node, Phrase):
        return f" {' '.join(node.stems)} " in spaced
    if isinstance(node, Near):
        return _near(spaced.split(), node)
    if isinstance(node, Not):
        return not _holds(node.child, entry, spaced, having)
    if isinstance(node, Or):
        return any(_holds(c, entry, spaced, having) for c in node.children)
    return all(_holds(c, entry, spaced, having) for c in node.children)


def _near(words: list[str], node: Near) -> bool:
    """Every word of ``node`` within a span of ``distance`` other words (the smallest window
    holding all of them, by a sliding window over their positions)."""
    wanted = set(node.stems)
    hits = [(n, w) for n, w in enumerate(words) if w in wanted]
    need = len(wanted)
    counts: dict[str, int] = {}
    left = 0
    for pos, word in hits:
        counts[word] = counts.get(word, 0) + 1
        while len(counts) == need:
            start, first = hits[left]
            if pos - start - (len(node.stems) - 1) <= node.distance:
                return True
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            left += 1
    return False


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
    """Every candidate of ``node`` scored (see the module's description)."""
    stats = entry_stats(conn)
    prefixes = list(dict.fromkeys(leaf.stem for leaf in _leaves(node) if isinstance(leaf, Prefix)))
    # the prefixes of one query share PREFIX_TERMS: "a* OR b* OR ... z*" read every posting of
    # the index (9 s at a million items) when each had 64
    share = max(1, PREFIX_TERMS // max(1, len(prefixes)))
    expansions = {p: tuple(terms_with_prefix(conn, p, share)) for p in prefixes}
    words = {w for leaf in _leaves(node) for w in _words(leaf, expansions)}
    by_term: dict[str, list[Any]] = {}
    for seg in read_postings(conn, words):
        by_term.setdefault(seg.term, []).append(seg)
    term = {w: _postings(by_term.get(w, [])) for w in words}
    prefix = {p: _union([term[w] for w in ws]) for p, ws in expansions.items()}

    def posting(leaf: Term | Prefix) -> Postings:
        return term[leaf.stem] if isinstance(leaf, Term) else prefix[leaf.stem]

    ids, exact = _evaluate(node, posting)
    # ids past the stats (written after they were read: not possible in one transaction, but
    # a guard is cheap) are left out rather than indexed out of range
    if len(ids) and ids[-1] >= len(stats.norm):
        ids = ids[:int(np.searchsorted(ids, len(stats.norm)))]
    scores = _scores(ids, [posting(t) for t in _scored(node, expansions)], stats)
    leaf_ids = {leaf: posting(leaf).ids for leaf in _leaves(node) if isinstance(leaf, Term | Prefix)}
    return Matches(node, ids, scores, exact, stats.days, leaf_ids, expansions)


def _scores(ids: Ids, terms: list[Postings], stats: EntryStats) -> Floats:
    """Each candidate's sum of its terms' BM25, added in the terms' order from 0.0 whichever way
    the arrays are matched (so every way gives the same float64): with few candidates by binary
    search, with many over a dense array indexed by entry id (a scatter per term: linear)."""
    limit = len(stats.norm)  # entries past the stats read (not possible within one transaction): left out
    terms = [t if t.ids[-1] < limit else Postings(t.ids[:(n := int(np.searchsorted(t.ids, limit)))], t.tfs[:n])
             for t in terms if len(t.ids)]
    terms = [t for t in terms if len(t.ids)]
    if not len(ids) or not terms:
        return np.zeros(len(ids), dtype=np.float64)
    idfs = [float(np.log(1.0 + (stats.total - len(t.ids) + 0.5) / (len(t.ids) + 0.5))) ** 2 for t in terms]
    if len(terms) == 1 and len(terms[0].ids) == len(ids) and bool(np.array_equal(terms[0].ids, ids)):
        return _bm25(idfs[0], terms[0].tfs, stats, ids)  # the term alone: no search, no scatter
    if len(ids) > DENSE_FROM:
        # many candidates: the sums over a dense array indexed by entry id, a scatter per term
        # (an OR's terms all land on candidates; an AND's term is first cut to the candidates)
        size = max(int(ids[-1]), max(int(t.ids[-1]) for t in terms)) + 1
        dense = np.zeros(size, dtype=np.float64)
        candidate: npt.NDArray[np.bool_] | None = None
        for idf, term in zip(idfs, terms, strict=True):
            entries, tf = term.ids, term.tfs
            if len(entries) > len(ids):
                if candidate is None:
                    candidate = np.zeros(size, dtype=bool)
                    candidate[ids] = True
                keep = candidate[entries]
                entries, tf = entries[keep], tf[keep]
            dense[entries] += _bm25(idf, tf, stats, entries)
        return np.asarray(dense[ids])
    scores = np.zeros(len(ids), dtype=np.float64)
    for idf, term in zip(idfs, terms, strict=True):
        if len(term.ids) >= len(ids):  # the candidates within the term's entries (an AND)
            pos = np.searchsorted(term.ids, ids)
            pos[pos >= len(term.ids)] = len(term.ids) - 1
            hit = term.ids[pos] == ids
            where, tf = np.flatnonzero(hit), term.tfs[pos[hit]]
        else:  # the term's entries within the candidates (an OR)
            pos = np.searchsorted(ids, term.ids)
            pos[pos >= len(ids)] = len(ids) - 1
            hit = ids[pos] == term.ids
            where, tf = pos[hit], term.tfs[hit]
        scores[where] += _bm25(idf, tf, stats, ids[where])
    return scores


def _bm25(idf: float, tf: Floats, stats: EntryStats, entries: Ids) -> Floats:
    """``idf * tf * weight * (K1 + 1) / (tf + norm)`` per entry, in place over two temporaries
    (arrays of a million: each temporary saved is a millisecond). ``stats.weight`` holds the
    kind's weight times ``K1 + 1``."""
    found = tf * idf
    found *= stats.weight[entries]
    below = stats.norm[entries]
    below += tf
    found /= below
    return found


def _leaves(node: Node) -> list[Term | Prefix | Phrase | Near]:
    if isinstance(node, Term | Prefix | Phrase | Near):
        return [node]
    if isinstance(node, Not):
        return _leaves(node.child)
    return [leaf for c in node.children for leaf in _leaves(c)]


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


def _evaluate(node: Node, posting: Any) -> tuple[Ids, bool]:
    """The candidate ids of ``node`` and whether they are exactly its matches (false when a
    phrase or proximity stands for the AND of its words, or a NOT could not subtract one)."""
    if isinstance(node, Term | Prefix):
        return posting(node).ids, True
    if isinstance(node, Phrase | Near):
        sets = sorted((posting(Term(s)).ids for s in dict.fromkeys(node.stems)), key=len)
        found = sets[0]
        for other in sets[1:]:
            found = _intersect(found, other)
        return found, False
    if isinstance(node, Or):
        parts = [_evaluate(c, posting) for c in node.children]
        return _union_ids([p[0] for p in parts]), all(p[1] for p in parts)
    if isinstance(node, Not):  # only inside an And (query._check); alone it subtracts from nothing
        return _EMPTY, False
    positives = sorted((_evaluate(c, posting) for c in node.children if not isinstance(c, Not)),
                       key=lambda p: len(p[0]))
    found, exact = positives[0][0], all(p[1] for p in positives)
    for ids, _ in positives[1:]:
        found = _intersect(found, ids)
    for c in node.children:
        if isinstance(c, Not):
            ids, child_exact = _evaluate(c.child, posting)
            if child_exact:
                found = found[~contains(ids, found)]
            else:  # a phrase's words are not the phrase: subtract in verify, on the text
                exact = False
    return found, exact

