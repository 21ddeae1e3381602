#!/usr/bin/env python3
"""Scoring experiments for the relevance measure, outside overleg's store (not a test).

    PYTHONPATH=src .venv/bin/python bench/relevance/prototype.py [--mode answers|qa] [--variant NAME ...]
                                                                 [--halves] [--list]

Reads the bundled relevance corpus and queries (this folder), analyses every answer with
overleg's ``analysis`` module (``index_terms``: stems plus compound parts, or ``analyse``: stems
only; "stems" in a variant's name: overleg's ``analysis.stem``), scores BM25 in numpy over
in-memory postings, and prints recall@10 / MRR@10 for the scorer's two query forms, built by
the scorer's own functions (``relevance.full_query``, ``relevance.rare_query``): "full" (the OR
of the question's words) and "rare6" (its 6 rarest content words). One line per variant;
docs/benchmarks-relevance.md has the table and what won.

A query string `a OR b OR ...` is analysed as overleg's parser does (each word folded,
tokenised, stemmed); every distinct query term counts once (a query term twice, as "vraag" and
"vragen" both stem to "vraag", would weigh it double: measured below as ``qtf``).

Scoring, per entry d and query term t (N entries, df(t) entries hold t, tf(t, d) its count in d,
|d| d's length in terms, avgdl the mean length):

    idf(t)      = ln(1 + (N - df + 0.5) / (df + 0.5))
    bm25(t, d)  = idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl))
    score(d)    = sum over t of w(t) * bm25(t, d)  [+ proximity]  [RM3: a second pass]

with w(t) = 1, or idf(t) (``idf2``: weights idf squared), or 0 when df(t) > N / 2 (``drop50``).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "src"))

import relevance  # noqa: E402  (the scorer's own query builders)
import Stemmer  # noqa: E402

from overleg.corpus.search import analysis  # noqa: E402

TOP = 10


@dataclass(frozen=True)
class Variant:
    name: str
    stemmer: str = "overleg"  # "overleg" (analysis.stem) | a PyStemmer algorithm | "dutch_porter+s" | "none"
    parts: bool = False  # compound parts indexed (analysis.index_terms)
    parts_in_length: bool = True  # the parts count in |d|
    deep: bool = False  # the parts of parts too ("consumentenvuurwerk" -> "consumenten", "vuurwerk")
    word_split: bool = False  # split the words, not their stems (index_terms splits the stems)
    query_parts: bool = False  # a compound query word adds its parts as query terms
    k1: float = 1.2
    b: float = 0.75
    weight: str = "one"  # "one" | "idf2" | "drop50"
    power: float = 1.0  # "idf2": the query weight is idf ** power (1.0: idf squared in all)
    model: str = "bm25"  # "bm25" | "lmdir" (query likelihood, Dirichlet prior mu) | "bm25+" (delta)
    mu: float = 300.0
    delta: float = 1.0
    qtf: bool = False  # a query term as often as the query's words stem to it
    numbers: bool = True  # query words of digits kept
    frame: bool = False  # the words that frame a written question ("bent u bekend met het bericht") left out
    proximity: float = 0.0  # weight of the bigram bonus (0: none)
    rm3: tuple[int, int, float] | None = None  # (docs, terms, weight)
    rerank: int = 100  # proximity is scored over the best this many by BM25
    surface: float = 0.0  # weight of a second BM25 over the unstemmed (folded) words, added


@dataclass
class Index:
    """Postings in memory: per term, entry numbers and frequencies (numpy arrays)."""

    n: int
    lengths: np.ndarray
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    sequences: list[list[str]] = field(default_factory=list)  # each entry's stems in order (no parts)
    counts: list[Counter[str]] = field(default_factory=list)
    counts_total: dict[str, float] = field(default_factory=dict)  # a term's occurrences in all entries

    def df(self, term: str) -> int:
        found = self.postings.get(term)
        return 0 if found is None else len(found[0])


def analyser(variant: Variant) -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """(stems of a text in order, the index terms of a text) for the variant's stemmer."""
    stem: Callable[[str], str]
    if variant.stemmer == "overleg":  # what overleg indexes (analysis.stem)
        stems_of = lambda text: analysis.analyse(text).split()  # noqa: E731
        stem = analysis.stem
    else:
        if variant.stemmer == "none":
            stem = lambda w: w  # noqa: E731
        elif variant.stemmer == "dutch_porter+s":  # dutch_porter, a plural -s after a vowel taken off first
            porter = Stemmer.Stemmer("dutch_porter")
            stem = lambda w: porter.stemWord(w[:-1] if len(w) >= 5 and w[-1] == "s" and w[-2] in "aeiou" else w)  # noqa: E731
        else:
            stem = Stemmer.Stemmer(variant.stemmer).stemWord
        stems_of = lambda text: [stem(w) for w in analysis.tokens(text)]  # noqa: E731

    if variant.stemmer == "overleg" and variant.parts and not variant.deep and not variant.word_split:
        return stems_of, analysis.index_terms  # exactly what overleg indexes

    def terms_of(text: str) -> list[str]:
        out: list[str] = []
        for w in analysis.tokens(text):
            out.append(stem(w))
            if variant.parts:
                for p in analysis.split_compound(w):
                    out.append(stem(p))
                    if variant.deep:
                        out.extend(stem(q) for q in analysis.split_compound(p))
        return out

    return stems_of, terms_of


def build(texts: Sequence[str], variant: Variant) -> Index:
    stems_of, terms_of = analyser(variant)
    post: dict[str, tuple[list[int], list[int]]] = {}
    lengths, sequences, counts = [], [], []
    for n, text in enumerate(texts):
        terms = terms_of(text)
        seq = stems_of(text)
        c = Counter(terms)
        for t, tf in c.items():
            ids, tfs = post.setdefault(t, ([], []))
            ids.append(n)
            tfs.append(tf)
        lengths.append(len(terms) if variant.parts_in_length else len(seq))
        sequences.append(seq)
        counts.append(c)
    return Index(len(texts), np.array(lengths, dtype=np.float64),
                 {t: (np.array(i, dtype=np.int64), np.array(f, dtype=np.float64)) for t, (i, f) in post.items()},
                 sequences, counts, {t: float(sum(f)) for t, (_, f) in post.items()})


def query_stems(query: str, variant: Variant) -> list[tuple[str, float]]:
    """The query's terms with their query frequency (1 each unless ``qtf``), in query order."""
    _, terms_of = analyser(replace(variant, parts=variant.query_parts))
    found: Counter[str] = Counter()
    order: list[str] = []
    for word in query.split(" OR "):
        if not variant.numbers and word.isdigit():
            continue
        if variant.frame and analysis.fold(word) in FRAME:
            continue
        for t in terms_of(word):
            if t not in found:
                order.append(t)
            found[t] += 1
    return [(t, float(found[t]) if variant.qtf else 1.0) for t in order]


def idf(index: Index, term: str) -> float:
    df = index.df(term)
    return math.log(1 + (index.n - df + 0.5) / (df + 0.5))


def bm25(index: Index, terms: Sequence[tuple[str, float]], variant: Variant) -> np.ndarray:
    if variant.model == "lmdir":
        return lm_dirichlet(index, terms, variant)
    scores = np.zeros(index.n)
    norm = variant.k1 * (1 - variant.b + variant.b * index.lengths / index.lengths.mean())
    for term, qw in terms:
        found = index.postings.get(term)
        if found is None:
            continue
        ids, tfs = found
        w = idf(index, term)
        if variant.weight == "idf2":
            qw *= w ** variant.power
        elif variant.weight == "drop50" and len(ids) > index.n / 2:
            continue
        sat = tfs * (variant.k1 + 1) / (tfs + norm[ids])
        if variant.model == "bm25+":
            sat = sat + variant.delta
        scores[ids] += qw * w * sat
    return scores


def lm_dirichlet(index: Index, terms: Sequence[tuple[str, float]], variant: Variant) -> np.ndarray:
    """Query likelihood with a Dirichlet prior (Zhai and Lafferty), in its rank-equivalent form
    over the entries holding a query term: sum qtf * ln(1 + tf / (mu p(t|C))) + |q| ln(mu / (|d| + mu))."""
    total = index.lengths.sum()
    scores = np.zeros(index.n)
    matched = np.zeros(index.n, dtype=bool)
    qlen = 0.0
    for term, qw in terms:
        found = index.postings.get(term)
        if found is None:
            continue
        ids, tfs = found
        collection = index.counts_total.get(term, 1) / total
        if variant.weight == "idf2":
            qw *= idf(index, term) ** variant.power
        scores[ids] += qw * np.log(1 + tfs / (variant.mu * collection))
        matched[ids] = True
        qlen += qw
    scores += qlen * np.log(variant.mu / (index.lengths + variant.mu))
    scores[~matched] = 0.0
    if matched.any():
        scores[matched] -= scores[matched].min() - 1e-9  # positive, order kept: rank() keeps scores > 0
    return scores


def proximity(index: Index, terms: Sequence[tuple[str, float]], candidates: np.ndarray, variant: Variant,
              scores: np.ndarray) -> None:
    """Adds the bigram bonus to ``scores`` of ``candidates``: for each pair of consecutive query
    terms (query order), how often they stand next to each other in the entry (either order),
    saturated like a term frequency and weighed by the idf of the pair's more common term."""
    pairs = [(a, b) for (a, _), (b, _) in pairwise(terms) if a != b]
    if not pairs:
        return
    weights = {p: min(idf(index, p[0]), idf(index, p[1])) for p in pairs}
    k1 = variant.k1
    for d in candidates:
        seq = index.sequences[d]
        adjacent = Counter(pairwise(seq))
        bonus = 0.0
        for a, b in pairs:
            tf = adjacent.get((a, b), 0) + adjacent.get((b, a), 0)
            if tf:
                bonus += weights[(a, b)] * tf * (k1 + 1) / (tf + k1)
        scores[d] += variant.proximity * bonus


def rm3(index: Index, terms: Sequence[tuple[str, float]], scores: np.ndarray,
        variant: Variant) -> list[tuple[str, float]]:
    """RM3 (relevance model 3): the query mixed with the terms of its best ``docs`` entries."""
    assert variant.rm3 is not None
    docs, n_terms, weight = variant.rm3
    top = np.argsort(-scores, kind="stable")[:docs]
    top = top[scores[top] > 0]
    if len(top) == 0:
        return list(terms)
    # the documents weighed by their score (normalised), terms by their share of each document
    dw = scores[top] / scores[top].sum()
    fb: Counter[str] = Counter()
    for d, w in zip(top, dw, strict=True):
        length = sum(index.counts[d].values())
        for t, tf in index.counts[d].items():
            fb[t] += w * tf / length
    # a term in more than half the entries says nothing about this query
    chosen = [(t, v) for t, v in fb.most_common() if index.df(t) <= index.n / 2][:n_terms]
    total = sum(v for _, v in chosen) or 1.0
    qtotal = sum(w for _, w in terms) or 1.0
    mixed: dict[str, float] = {t: (1 - weight) * w / qtotal for t, w in terms}
    for t, v in chosen:
        mixed[t] = mixed.get(t, 0.0) + weight * v / total
    return list(mixed.items())


SURFACE: dict[int, Index] = {}  # the unstemmed index of an entry set, by id of its stemmed index


def rank(index: Index, query: str, variant: Variant) -> list[int]:
    terms = query_stems(query, variant)
    scores = bm25(index, terms, variant)
    if variant.surface:
        plain = replace(variant, stemmer="none", parts=False, query_parts=False)
        scores = scores + variant.surface * bm25(SURFACE[id(index)], query_stems(query, plain), plain)
    if variant.rm3:
        scores = bm25(index, rm3(index, terms, scores, variant), variant)
    if variant.proximity:
        candidates = np.argsort(-scores, kind="stable")[:variant.rerank]
        candidates = candidates[scores[candidates] > 0]
        proximity(index, terms, candidates, variant, scores)
    # ties: the entry first in the corpus order (stable)
    best = np.argsort(-scores, kind="stable")[:TOP]
    return [int(d) for d in best if scores[d] > 0]


def measure(ranked: Sequence[Sequence[int]], relevant: Sequence[set[int]]) -> tuple[float, float]:
    found = rr = 0.0
    for got, rel in zip(ranked, relevant, strict=True):
        for n, d in enumerate(got[:TOP], start=1):
            if d in rel:
                found += 1
                rr += 1 / n
                break
    return found / len(relevant), rr / len(relevant)


# The words with which written questions are framed rather than what they ask about: "Bent u
# bekend met het bericht ...?", "Kunt u aangeven ...?", "Wat is uw reactie op ...?", "Deelt u de
# mening ...?". In a question they are frequent, in an answer rare, so an answer that uses one of
# them ("het bericht", "de mening") scores on words the question did not mean.
_FRAME = """
bent bekend bericht berichten berichtgeving artikel bereid kunt kan aangeven toelichten uiteenzetten reactie
mening deelt deel opvatting oordeel verklaren verklaart waarom wat hoe welke wanneer wie waar hoeveel
"""
FRAME = frozenset(_FRAME.split())

RECOMMENDED = Variant("recommended: stems + parts + query parts, idf^2, k1=1.2 b=0.9", parts=True, query_parts=True,
                      weight="idf2", k1=1.2, b=0.9)

VARIANTS = [
    Variant("dutch_porter", stemmer="dutch_porter"),
    Variant("dutch_porter k1=1.5 b=0.9", stemmer="dutch_porter", k1=1.5, b=0.9),
    Variant("no stemming", stemmer="none"),
    Variant("stems"),
    Variant("stems qtf", qtf=True),
    Variant("stems k1=1.5 b=0.9", k1=1.5, b=0.9),
    Variant("stems b=1.0", b=1.0),
    Variant("stems + parts", parts=True),
    Variant("stems + parts, parts not in length", parts=True, parts_in_length=False),
    Variant("stems + parts + query parts", parts=True, query_parts=True),
    Variant("dutch_porter + parts", stemmer="dutch_porter", parts=True),
    Variant("stems + parts b=0.9", parts=True, b=0.9),
    Variant("stems + parts b=1.0", parts=True, b=1.0),
    Variant("stems + parts k1=1.5 b=0.9", parts=True, k1=1.5, b=0.9),
    Variant("stems + parts drop df>50%", parts=True, weight="drop50"),
    Variant("stems + parts idf^2", parts=True, weight="idf2"),
    Variant("stems + parts idf^2 b=0.9", parts=True, weight="idf2", b=0.9),
    Variant("stems + parts no numbers", parts=True, numbers=False),
    Variant("stems + parts proximity 0.5", parts=True, proximity=0.5),
    Variant("stems + parts proximity 1.0", parts=True, proximity=1.0),
    Variant("stems + parts RM3 5/10/0.3", parts=True, rm3=(5, 10, 0.3)),
    Variant("stems + parts idf^2 proximity 0.5", parts=True, weight="idf2", proximity=0.5),
    Variant("stems + parts idf^2 RM3 5/10/0.3", parts=True, weight="idf2", rm3=(5, 10, 0.3)),
    Variant("stems + parts idf^2 b=0.9 proximity 0.5", parts=True, weight="idf2", b=0.9, proximity=0.5),
    Variant("stems idf^2", weight="idf2"),
    Variant("stems + parts + query parts idf^2", parts=True, query_parts=True, weight="idf2"),
    Variant("stems + parts idf^2 b=1.0", parts=True, weight="idf2", b=1.0),
    Variant("stems + parts idf^2 k1=2.0", parts=True, weight="idf2", k1=2.0),
    Variant("stems + parts idf^2 k1=0.9", parts=True, weight="idf2", k1=0.9),
    Variant("stems + parts idf^1.5", parts=True, weight="idf2", power=0.5),
    Variant("stems + parts idf^3", parts=True, weight="idf2", power=2.0),
    Variant("stems + parts idf^4", parts=True, weight="idf2", power=3.0),
    Variant("stems + parts qtf idf^2", parts=True, qtf=True, weight="idf2"),
    Variant("stems + parts BM25+ idf^2", parts=True, model="bm25+", weight="idf2"),
    Variant("stems + parts LM Dirichlet mu=300", parts=True, model="lmdir"),
    Variant("stems + parts LM Dirichlet mu=1000", parts=True, model="lmdir", mu=1000.0),
    Variant("stems + parts LM Dirichlet mu=1000 idf^1", parts=True, model="lmdir", weight="idf2", mu=1000.0),
    Variant("stems + parts + query parts idf^2 b=1.0", parts=True, query_parts=True, weight="idf2", b=1.0),
    Variant("dutch_porter + parts + query parts idf^2 b=1.0", stemmer="dutch_porter", parts=True, query_parts=True,
            weight="idf2", b=1.0),
    Variant("Snowball dutch (raw)", stemmer="dutch"),
    Variant("dutch_porter+s", stemmer="dutch_porter+s"),
    Variant("Snowball dutch (raw), recommended scoring", stemmer="dutch", parts=True, query_parts=True,
            weight="idf2", b=0.9),
    Variant("dutch_porter, recommended scoring", stemmer="dutch_porter", parts=True, query_parts=True,
            weight="idf2", b=0.9),
    Variant("dutch_porter+s, recommended scoring", stemmer="dutch_porter+s", parts=True, query_parts=True,
            weight="idf2", b=0.9),
    Variant("no stemming + parts + query parts idf^2 b=1.0", stemmer="none", parts=True, query_parts=True,
            weight="idf2", b=1.0),
    Variant("stems + parts + query parts idf^2 b=1.0 k1=1.5", parts=True, query_parts=True, weight="idf2", b=1.0,
            k1=1.5),
    Variant("stems + parts + query parts idf^2 b=1.0 k1=2.0", parts=True, query_parts=True, weight="idf2", b=1.0,
            k1=2.0),
    Variant("stems + parts + query parts idf^2 b=1.0 k1=0.9", parts=True, query_parts=True, weight="idf2", b=1.0,
            k1=0.9),
    Variant("stems + parts (not in length) + query parts idf^2 b=1.0", parts=True, parts_in_length=False,
            query_parts=True, weight="idf2", b=1.0),
    Variant("stems + query parts idf^2 b=1.0", query_parts=True, weight="idf2", b=1.0),
    Variant("stems idf^2 b=1.0", weight="idf2", b=1.0),
    Variant("stems + parts + query parts idf^2 b=1.0 proximity 0.5", parts=True, query_parts=True, weight="idf2",
            b=1.0, proximity=0.5),
    Variant("stems + parts + query parts idf^2 b=1.0 RM3 5/10/0.3", parts=True, query_parts=True, weight="idf2",
            b=1.0, rm3=(5, 10, 0.3)),
    Variant("stems + parts + query parts idf^2 b=1.0 RM3 5/10/0.1", parts=True, query_parts=True, weight="idf2",
            b=1.0, rm3=(5, 10, 0.1)),
    Variant("stems + deep parts + query parts idf^2 b=1.0", parts=True, deep=True, query_parts=True, weight="idf2",
            b=1.0),
    Variant("stems + parts + query parts idf^2 b=1.0 + surface 0.5", parts=True, query_parts=True, weight="idf2",
            b=1.0, surface=0.5),
    Variant("stems + parts + query parts idf^2 b=1.0 + surface 1.0", parts=True, query_parts=True, weight="idf2",
            b=1.0, surface=1.0),
    replace(RECOMMENDED, name="recommended, the words split (not their stems)", word_split=True),
    Variant("stems + parts idf^2 frame", parts=True, weight="idf2", frame=True),
    Variant("stems + parts frame", parts=True, frame=True),
    Variant("stems + parts + query parts idf^2 b=1.0 frame", parts=True, query_parts=True, weight="idf2", b=1.0,
            frame=True),
    Variant("stems + parts LM Dirichlet mu=100", parts=True, model="lmdir", mu=100.0),
    RECOMMENDED,
    Variant("stems + parts LM Dirichlet mu=300 idf^1", parts=True, model="lmdir", weight="idf2", power=1.0),
    Variant("stems + parts LM Dirichlet mu=100 idf^1", parts=True, model="lmdir", weight="idf2", power=1.0, mu=100.0),
]


STEPS = [
    ("dutch_porter -> overleg's stems (plain BM25)", Variant("a", stemmer="dutch_porter"), Variant("b")),
    ("Snowball dutch -> overleg's stems (recommended scoring)",
     replace(RECOMMENDED, stemmer="dutch"), RECOMMENDED),
    ("no parts -> parts and query parts (idf^2, b=0.9)", Variant("a", weight="idf2", b=0.9), RECOMMENDED),
    ("BM25 -> idf^2 query weights (parts, b=0.9)", Variant("a", parts=True, query_parts=True, b=0.9), RECOMMENDED),
    ("baseline (dutch_porter, k1=1.2, b=0.75) -> recommended", Variant("a", stemmer="dutch_porter"), RECOMMENDED),
]


def paired(texts: Sequence[str], queries: Sequence[str], relevant: Sequence[set[int]]) -> int:
    """Per query, found in the top 10 by one variant and not the other; a two-sided sign test."""
    def found(v: Variant) -> list[bool]:
        index = build(texts, v)
        return [bool(rel & set(rank(index, q, v))) for q, rel in zip(queries, relevant, strict=True)]

    print("| change | found | gained / lost | p |")
    print("|---|---|---|---|")
    for name, a, b in STEPS:
        fa, fb = found(a), found(b)
        gained = sum(1 for x, y in zip(fa, fb, strict=True) if y and not x)
        lost = sum(1 for x, y in zip(fa, fb, strict=True) if x and not y)
        n, k = gained + lost, min(gained, lost)
        p = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2**n) if n else 1.0
        print(f"| {name} | {sum(fa)} -> {sum(fb)} | {gained} / {lost} | {p:.2g} |", flush=True)
    return 0


def inflections(docs: Sequence[dict[str, object]]) -> int:
    """Pairs of a word and an inflected form of it, both seen 3 times or more in the corpus
    (questions and answers): the word + -en, -s, -n, -e, a doubled consonant + -en (kabinet,
    kabinetten), an undoubled vowel + -en (maatregel... vraag, vragen). How many each stemmer joins."""
    seen: Counter[str] = Counter()
    for d in docs:
        for it in d["items"]:  # type: ignore[attr-defined]
            seen.update(analysis.tokens((it["question"] or "") + " " + (it["answer"] or "")))
    words = {w for w, n in seen.items() if n >= 3 and w.isalpha() and len(w) >= 4}
    pairs = [(w, w + suffix) for w in words for suffix in ("en", "s", "n", "e") if w + suffix in words]
    pairs += [(w, w + w[-1] + "en") for w in words if w[-1] not in "aeiou" and w + w[-1] + "en" in words]
    for w in words:
        m = re.match(r"^(.*)([aeou])\2([^aeiou])$", w)
        if m and m[1] + m[2] + m[3] + "en" in words:
            pairs.append((w, m[1] + m[2] + m[3] + "en"))
    print(f"{len(pairs)} inflection pairs")
    for name in ("dutch", "dutch_porter", "overleg"):
        stem = analysis.stem if name == "overleg" else Stemmer.Stemmer(name).stemWord
        joined = [p for p in pairs if stem(p[0]) == stem(p[1])]
        apart = sorted(p for p in pairs if stem(p[0]) != stem(p[1]))
        print(f"{name}: joins {len(joined)} of {len(pairs)} ({len(joined) / len(pairs):.1%}); apart e.g. {apart[:8]}")
    return 0


def half(query_id: str) -> str:
    """A fixed split of the queries in two, to see whether a gain holds on both."""
    return "A" if int(hashlib.sha256(query_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "B"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mode", choices=("answers", "qa"), default="answers")
    ap.add_argument("--variant", action="append", help="only the variants whose name contains this")
    ap.add_argument("--halves", action="store_true", help="also recall@10 on each half of the queries (full form)")
    ap.add_argument("--list", action="store_true", help="list the variants")
    ap.add_argument("--paired", action="store_true",
                    help="instead of the variants: each step to the recommended scoring, per query (sign test)")
    ap.add_argument("--inflections", action="store_true",
                    help="instead of the variants: how often each stemmer joins the corpus's inflection pairs")
    ap.add_argument("--grid", action="store_true",
                    help="instead of the variants: k1 x b around the best scoring (stems, parts, idf^2)")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus.jsonl")
    ap.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    args = ap.parse_args()
    variants = [v for v in VARIANTS if not args.variant or any(s in v.name for s in args.variant)]
    if args.grid:
        variants = [Variant(f"best k1={k1} b={b}", parts=True, query_parts=True, weight="idf2", k1=k1, b=b)
                    for k1 in (0.9, 1.2, 1.5, 2.0) for b in (0.5, 0.75, 0.9, 1.0)]
    if args.list:
        for v in VARIANTS:
            print(v)
        return 0

    docs = relevance.load_jsonl(str(args.corpus))
    docs.sort(key=lambda d: hashlib.sha256(d["id"].encode()).hexdigest())  # the scorer's order
    qrows = relevance.load_jsonl(str(args.queries))
    df: dict[str, int] = {}
    for d in docs:
        for it in d["items"]:
            for f in {relevance.fold(w) for w in relevance.WORD.findall(it["question"] + " " + (it["answer"] or ""))}:
                df[f] = df.get(f, 0) + 1
    keys, texts = [], []
    for d in docs:
        for it in d["items"]:
            question = it["question"] if args.mode == "qa" else ""
            texts.append("\n\n".join(t for t in (question, it["answer"] or "") if t))
            keys.append(d["id"])
    where = {k: n for n, k in enumerate(keys)}
    relevant = [{where[r] for r in q["relevant"]} for q in qrows]
    forms = {"full": [relevance.full_query(q["question"])[0] for q in qrows],
             "rare6": [relevance.rare_query(q["question"], df) for q in qrows]}
    halves = [half(q["id"]) for q in qrows]
    if args.paired:
        return paired(texts, forms["full"], relevant)
    if args.inflections:
        return inflections(docs)
    print(f"{len(texts)} entries ({args.mode}), {len(qrows)} queries; halves A/B: "
          f"{halves.count('A')}/{halves.count('B')}")
    print("| variant | full recall@10 | full MRR@10 | rare6 recall@10 | rare6 MRR@10 |"
          + (" full recall@10 A / B |" if args.halves else ""))
    print("|---|---|---|---|---|" + ("---|" if args.halves else ""))
    cache: dict[tuple[object, ...], Index] = {}
    for v in variants:
        key = (v.stemmer, v.parts, v.parts_in_length, v.deep, v.word_split)
        if key not in cache:
            cache[key] = build(texts, v)
        index = cache[key]
        if v.surface and id(index) not in SURFACE:
            SURFACE[id(index)] = build(texts, replace(v, stemmer="none", parts=False))
        row = [v.name]
        extra = ""
        for form, queries in forms.items():
            ranked = [rank(index, q, v) for q in queries]
            rec, mrr = measure(ranked, relevant)
            row += [f"{rec:.3f}", f"{mrr:.3f}"]
            if form == "full" and args.halves:
                parts = []
                for h in "AB":
                    sel = [n for n, x in enumerate(halves) if x == h]
                    parts.append(f"{measure([ranked[n] for n in sel], [relevant[n] for n in sel])[0]:.3f}")
                extra = f" {' / '.join(parts)} |"
        print("| " + " | ".join(row) + " |" + extra, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
