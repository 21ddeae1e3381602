"""A search hit (``Hit``: the document, the item, the kind of text, the score and a snippet) and
the snippet itself: a window of the text around the first match, the matched words marked «thus».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from overleg.corpus.search.analysis import fold, stem
from overleg.corpus.search.query import Near, Node, Phrase, Prefix, Term, positive_leaves

SNIPPET_WORDS = 32
MARK = ("«", "»")


@dataclass(frozen=True)
class Hit:
    """One item (or a title, or an uncited footnote) that matched; ``date`` is the document's
    date as search lists it (``document_rules.date_listed``, kept in ``search_documents.date``)."""

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


_WORD = re.compile(r"[^\W_]+")
_NOT_MARKS = str.maketrans({MARK[0]: "“", MARK[1]: "”"})


def snippet(body: str, node: Node, words: int = SNIPPET_WORDS) -> str:
    """A window of ``body`` around the first match, the matched words (whole phrases only) marked «thus».

    It runs for every hit of every search (a third of a rare word's search), so the work per
    word of the body is done in C, and only as far as it must: the candidates for a match (a
    stem keeps the first two letters of its word) are found by one regular expression over the
    folded text and stemmed until one matches; the words before it are read back only as far as
    the window starts, the words after it only to the window's end; only the window's words are
    stemmed for the marks, and the window is cut from ``body`` in one piece. What the query
    seeks is worked out once per query (``_sought``), not once per hit."""
    sought = _sought(node)
    if not _folds_in_place(body):  # folding moves offsets (a ligature, a combining accent): word by word
        return _snippet_of_words(body, [fold(w) for w in _WORD.findall(body)], sought, words)
    folded = fold(body)
    before = words // 4
    at = _first_match(folded, sought)
    # the window starts ``before`` words before the match: read back from it, as far as that
    # (the first word read may be the end of a longer one, so one more than that is read)
    lo = max(0, at - 24 * (before + 1))
    previous = list(_WORD.finditer(folded, lo, at))
    if len(previous) <= before and lo > 0:  # long words: read back from the text's start
        previous = list(_WORD.finditer(folded, 0, at))
    more_before = len(previous) > before
    if not before:
        begin = at
    elif more_before:
        begin = previous[-before].start()
    else:
        begin = previous[0].start() if previous else at
    following = list(islice(_WORD.finditer(folded, begin), words + sought.longest))
    window = following[:words]
    if not window:
        return _unmarked(body[:200])
    found = [m.group() for m in following]
    spans = [m.span() for m in window]
    more_after = len(following) > words
    return _marked(body, found, spans, sought, len(window), more_before, more_after)


def _unmarked(text: str) -> str:
    """``text`` with its own guillemets made quotes, so that every «» of a snippet is a mark
    (looked for first: few texts hold one, and translating every window took ~2 µs of a snippet)."""
    return text.translate(_NOT_MARKS) if MARK[0] in text or MARK[1] in text else text


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _folds_in_place(body: str) -> bool:
    """Whether folding ``body`` keeps every character in its place (each folds to one), so that
    an offset in the folded text is one in ``body``. Equal lengths are not enough: a ligature
    (``ﬁ``, two letters folded) and a combining accent (none) in one text add up to them."""
    return body.isascii() or all(map(_folds_to_one, set(_NON_ASCII.findall(body))))


@lru_cache(maxsize=4096)
def _folds_to_one(char: str) -> bool:
    return len(fold(char)) == 1


def _snippet_of_words(body: str, found: list[str], sought: _Sought, words: int) -> str:
    """The snippet where the folded text's offsets are not the body's: over the list of the
    body's words, each folded on its own."""
    if not found:
        return _unmarked(body[:200])
    first = _first_candidate(found, sought)
    start = max(0, first - words // 4)
    end = min(len(found), start + words)
    spans = [m.span() for m in islice(_WORD.finditer(body), start, end)]
    if not spans:
        return _unmarked(body[:200])
    return _marked(body, found[start:end + sought.longest - 1], spans, sought, end - start, start > 0,
                   end < len(found))


def _marked(body: str, found: list[str], spans: list[tuple[int, int]], sought: _Sought, size: int,
            more_before: bool, more_after: bool) -> str:
    """The window of ``size`` words at ``spans`` of ``body`` with its matches marked; ``found``:
    the window's folded words and those a phrase starting in it reaches past its end."""
    single, prefixes, starts = sought.single, sought.prefixes, sought.starts
    stems = [stem(w) if w[:2] in starts else "" for w in found]
    # only the window's words are marked: a match before it would be the first
    marked = {n for n in range(size) if stems[n] in single or (prefixes and stems[n].startswith(prefixes))}
    for phrase in sought.phrases:
        k, head = len(phrase), phrase[0]
        for n in range(size):
            if stems[n] == head and tuple(stems[n:n + k]) == phrase:
                marked.update(range(n, n + k))
    # the window's text as it stands, the marks put round the marked words (a word holds no
    # guillemet; the text's own, as in a quoted title «Verguisde stalvloer ...», are not marks)
    out: list[str] = []
    cursor = spans[0][0]
    for n in sorted(n for n in marked if n < len(spans)):  # a phrase may run on past the window
        a, b = spans[n]
        out += (_unmarked(body[cursor:a]), MARK[0], body[a:b], MARK[1])
        cursor = b
    out.append(_unmarked(body[cursor:spans[-1][1]]))
    text_ = " ".join("".join(out).split())
    return ("…" if more_before else "") + text_ + ("…" if more_after else "")


def _first_match(folded: str, sought: _Sought) -> int:
    """The offset in ``folded`` of the first word whose stem is a word sought, starts with a
    prefix sought or begins a phrase sought (0 when none does): only the words that start like
    a query word are stemmed, in order, until one matches."""
    if sought.word_pattern is None:
        return 0
    for hit in sought.word_pattern.finditer(folded):
        found_stem = stem(hit.group())
        if found_stem in sought.single or (sought.prefixes and found_stem.startswith(sought.prefixes)):
            return hit.start()
        for phrase in sought.phrases:
            if found_stem == phrase[0] and tuple(
                    stem(w) if w[:2] in sought.starts else ""
                    for w in (m.group() for m in islice(_WORD.finditer(folded, hit.start()), len(phrase)))) == phrase:
                return hit.start()
    return 0


@dataclass(frozen=True)
class _Sought:
    """What a query's snippets look for: stems of single words (a proximity's words count as
    single), prefixes, phrases, the first two letters of every word sought (a word's stem keeps
    them) and the expression that finds words starting with one of them in the joined words."""

    single: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    starts: frozenset[str]
    pattern: re.Pattern[str] | None
    word_pattern: re.Pattern[str] | None  # the same, over the folded text: a whole word
    longest: int


@lru_cache(maxsize=256)
def _sought(node: Node) -> _Sought:
    leaves = positive_leaves(node)
    single = {leaf.stem for leaf in leaves if isinstance(leaf, Term)}
    single.update(s for leaf in leaves if isinstance(leaf, Near) for s in leaf.stems)
    phrases = tuple(leaf.stems for leaf in leaves if isinstance(leaf, Phrase))
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase | Near) for s in leaf.stems}
    alternatives = "|".join(map(re.escape, sorted(starts)))
    pattern = re.compile(f" (?:{alternatives})") if starts else None
    word_pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*") if starts else None
    return _Sought(frozenset(single), tuple(leaf.stem for leaf in leaves if isinstance(leaf, Prefix)), phrases,
                   frozenset(starts), pattern, word_pattern, max((len(p) for p in phrases), default=1))


def _first_candidate(found: list[str], sought: _Sought) -> int:
    """The position of the first of ``found`` whose stem is a word sought, starts with a prefix
    sought or begins a phrase sought (0 when none does). Only the words that start like a query
    word are stemmed, in order, until one matches: they are found by one search of the joined
    words (a pasted question seeks up to 64 words), a word's position being the number of
    spaces before it."""
    if sought.pattern is None:
        return 0
    joined = " " + " ".join(found)
    for hit in sought.pattern.finditer(joined):
        n = joined.count(" ", 0, hit.start())
        found_stem = stem(found[n])
        if found_stem in sought.single or (sought.prefixes and found_stem.startswith(sought.prefixes)):
            return n
        for phrase in sought.phrases:
            if found_stem == phrase[0] and tuple(
                    stem(w) if w[:2] in sought.starts else "" for w in found[n:n + len(phrase)]) == phrase:
                return n
    return 0
