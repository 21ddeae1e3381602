"""The candidates of a query as sets of entry ids: the boolean structure over sorted id arrays
(AND by a binary search of the smaller in the larger, OR by a union, NOT by a difference; arrays
of ``DENSE_FROM`` or more by a bitmap over the ids instead), a prefix's terms as one posting list,
and the exact check of phrases and proximities on an entry's stemmed text. ``search.scoring``
scores what these find.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from overleg.corpus.search.bm25 import Ids
from overleg.corpus.search.query import Near, Node, Not, Or, Phrase, Prefix, Term
from overleg.corpus.search.term_index import NO_POSTINGS, Postings

DENSE_FROM = 50_000  # arrays this long are matched by a bitmap or map over the ids, not by binary search
_EMPTY: Ids = np.zeros(0, dtype=np.int64)


def union_postings(parts: Sequence[Postings]) -> Postings:
    """A prefix as one term: its terms' entries, frequencies summed (exactly: small integers)."""
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return NO_POSTINGS
    if len(parts) == 1:
        return parts[0]
    total = sum(len(p.ids) for p in parts)
    span = max(int(p.ids[-1]) for p in parts) + 1
    if total * 2 < span:
        # few against the ids' range: the sorted runs merged (a stable sort finds the runs),
        # then each entry's frequencies added (5 ms for the 400,000 of "minist*", 11 over a
        # dense array of the 2.2 million ids)
        ids = np.concatenate([p.ids for p in parts])
        tfs = np.concatenate([p.tfs for p in parts]).astype(np.float64)
        order = np.argsort(ids, kind="stable")
        ids, tfs = ids[order], tfs[order]
        first = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
        return Postings(ids[first], np.add.reduceat(tfs, first))
    # many: summed over a dense array (uint16: 64 terms at 255 each fit), linear, no sort
    dense = np.zeros(span, dtype=np.uint16)
    for part in parts:
        dense[part.ids] += part.tfs
    ids = np.flatnonzero(dense).astype(np.int64)
    return Postings(ids, dense[ids].astype(np.float64))


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


def intersect(a: Ids, b: Ids) -> Ids:
    if len(a) > len(b):
        a, b = b, a
    return a[contains(b, a)]


def union_ids(parts: Sequence[Ids]) -> Ids:
    parts = [p for p in parts if len(p)]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    total = sum(len(p) for p in parts)
    top = max(int(p[-1]) for p in parts)
    if total > DENSE_FROM and 2 * total > top:  # a bitmap: linear, where sorting the concatenation is not
        mask = np.zeros(top + 1, dtype=bool)
        for p in parts:
            mask[p] = True
        return np.flatnonzero(mask).astype(np.int64)
    ids = np.sort(np.concatenate(parts), kind="stable")  # sorted runs, merged
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))]


def any_word(node: Node) -> bool:
    """Whether ``node`` is a word, a prefix or an OR of them."""
    if isinstance(node, Term | Prefix):
        return True
    return isinstance(node, Or) and all(any_word(c) for c in node.children)


def exact(node: Node) -> bool:
    """Whether ``_evaluate``'s candidates of ``node`` are its matches (no phrase or proximity
    standing for the AND of its words, no NOT that could not subtract)."""
    if isinstance(node, Phrase | Near | Not):
        return False
    if isinstance(node, Term | Prefix):
        return True
    return all(exact(c.child) if isinstance(c, Not) else exact(c) for c in node.children)


def holds(node: Node, entry: int, spaced: str, having: dict[Term | Prefix, set[int]]) -> bool:
    """Whether ``node`` matches the entry whose stemmed text is ``spaced`` (a space before and
    after): words by their postings (``having``), a phrase as a substring (the stems are joined
    by single spaces: a C search, not a Python loop over the words), a proximity on the words."""
    if isinstance(node, Term | Prefix):
        return entry in having.get(node, set())
    if isinstance(node, Phrase):
        return f" {' '.join(node.stems)} " in spaced
    if isinstance(node, Near):
        return near(spaced.split(), node)
    if isinstance(node, Not):
        return not holds(node.child, entry, spaced, having)
    if isinstance(node, Or):
        return any(holds(c, entry, spaced, having) for c in node.children)
    return all(holds(c, entry, spaced, having) for c in node.children)


def near(words: list[str], node: Near) -> bool:
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


def leaves(node: Node) -> list[Term | Prefix | Phrase | Near]:
    if isinstance(node, Term | Prefix | Phrase | Near):
        return [node]
    if isinstance(node, Not):
        return leaves(node.child)
    return [leaf for c in node.children for leaf in leaves(c)]


def evaluate(node: Node, posting: Any) -> tuple[Ids, bool]:
    """The candidate ids of ``node`` and whether they are exactly its matches (false when a
    phrase or proximity stands for the AND of its words, or a NOT could not subtract one)."""
    if isinstance(node, Term | Prefix):
        return posting(node).ids, True
    if isinstance(node, Phrase | Near):
        sets = sorted((posting(Term(s)).ids for s in dict.fromkeys(node.stems)), key=len)
        found = sets[0]
        for other in sets[1:]:
            found = intersect(found, other)
        return found, False
    if isinstance(node, Or):
        parts = [evaluate(c, posting) for c in node.children]
        return union_ids([p[0] for p in parts]), all(p[1] for p in parts)
    if isinstance(node, Not):  # only inside an And (query._check); alone it subtracts from nothing
        return _EMPTY, False
    positives = sorted((evaluate(c, posting) for c in node.children if not isinstance(c, Not)),
                       key=lambda p: len(p[0]))
    found, exact = positives[0][0], all(p[1] for p in positives)
    for ids, _ in positives[1:]:
        found = intersect(found, ids)
    for c in node.children:
        if isinstance(c, Not):
            ids, child_exact = evaluate(c.child, posting)
            if child_exact:
                found = found[~contains(ids, found)]
            else:  # a phrase's words are not the phrase: subtract in verify, on the text
                exact = False
    return found, exact
