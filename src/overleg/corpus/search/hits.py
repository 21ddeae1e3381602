"""A search hit (``Hit``: the document, the item, the kind of text, the score and a snippet) and
the snippet itself: a window of the text around the first match, the matched words marked «thus».
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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
    the window starts (counted by one expression over the reversed text), the words after it
    only to the window's end (one expression); in the window only the candidates are stemmed
    for the marks, and the window is cut from ``body`` in one piece. What the query seeks is
    worked out once per query (``_sought``), not once per hit."""
    if words < 1:
        return _unmarked(body[:200])
    sought = _sought(node)
    if not _folds_in_place(body):  # folding moves offsets (a ligature, a combining accent): word by word
        return _snippet_of_words(body, [fold(w) for w in _WORD.findall(body)], sought, words)
    folded = fold(body)
    at = _first_match(folded, sought)
    begin = _window_start(folded, at, words // 4)
    if begin is None:
        return _unmarked(body[:200])
    end = _ahead(words).match(folded, begin)
    if end is None:
        return _unmarked(body[:200])
    out: list[str] = []
    cursor = begin
    for a, b in _marks(folded, begin, end.end(), sought):
        out += (_unmarked(body[cursor:a]), MARK[0], body[a:b], MARK[1])
        cursor = b
    out.append(_unmarked(body[cursor:end.end()]))
    text_ = " ".join("".join(out).split())
    more_before = _WORD.search(folded, 0, begin) is not None
    more_after = _WORD.search(folded, end.end()) is not None
    return ("…" if more_before else "") + text_ + ("…" if more_after else "")


def _window_start(folded: str, at: int, before: int) -> int | None:
    """Where the window's first word starts: ``before`` words before offset ``at`` (the first
    match), or the text's first word when there are not that many (None: the text has no word).
    The words before are counted backwards, by one expression over the reversed text before
    ``at``, from a little way back (a word cut there is read again from the text's start)."""
    if before:
        lo = max(0, at - 24 * (before + 1))
        back = _back(before).match(folded[lo:at][::-1])
        if lo > 0 and (back is None or back.end() == at - lo):  # too few words, or one cut at ``lo``
            back = _back(before).match(folded[:at][::-1])
        if back is not None:
            return at - back.end()
        at = 0  # fewer words before the match than that: the window starts with the text
    first = _WORD.search(folded, at)
    return first.start() if first is not None else None


@lru_cache(maxsize=64)
def _back(count: int) -> re.Pattern[str]:
    """``count`` words read backwards (over the reversed text): what may end the text before,
    then words each parted from the one before by at least one character (or one word could
    be read as two)."""
    return re.compile(r"[\W_]*[^\W_]+(?:[\W_]+[^\W_]+){" + str(count - 1) + "}")


@lru_cache(maxsize=64)
def _ahead(count: int) -> re.Pattern[str]:
    """Up to ``count`` words from a word's start, and what separates them: a window's text."""
    return re.compile(r"[^\W_]+(?:[\W_]+[^\W_]+){0," + str(count - 1) + "}")


def _marks(folded: str, begin: int, end: int, sought: _Sought) -> list[tuple[int, int]]:
    """The spans to mark in the window ``begin``-``end`` of ``folded``: the words sought and the
    words of every phrase sought that starts in it (a phrase may be completed by words after the
    window; only its words in the window are marked). Only the words that start like a word
    sought are stemmed: a stem keeps its word's first two letters."""
    if sought.word_pattern is None:
        return []
    marked: set[tuple[int, int]] = set()
    for hit in sought.word_pattern.finditer(folded, begin, end):
        found_stem = stem(hit.group())
        if found_stem in sought.single or (sought.prefixes and found_stem.startswith(sought.prefixes)):
            marked.add(hit.span())
        for phrase in sought.phrases:
            if found_stem != phrase[0]:
                continue
            following = list(islice(_WORD.finditer(folded, hit.start()), len(phrase)))
            if tuple(stem(m.group()) if m.group()[:2] in sought.starts else "" for m in following) == phrase:
                marked.update(m.span() for m in following if m.end() <= end)
    return sorted(marked)


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
    word_pattern: re.Pattern[str] | None  # over the folded text: a whole word starting so
    longest: int


@lru_cache(maxsize=256)
def _sought(node: Node) -> _Sought:
    leaves = positive_leaves(node)
    single = {leaf.stem for leaf in leaves if isinstance(leaf, Term)}
    single.update(s for leaf in leaves if isinstance(leaf, Near) for s in leaf.stems)
    phrases = tuple(leaf.stems for leaf in leaves if isinstance(leaf, Phrase))
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase | Near) for s in leaf.stems}
    word_pattern = re.compile(rf"(?<![^\W_])(?:{_alternatives(starts)})[^\W_]*") if starts else None
    return _Sought(frozenset(single), tuple(leaf.stem for leaf in leaves if isinstance(leaf, Prefix)), phrases,
                   frozenset(starts), word_pattern, max((len(p) for p in phrases), default=1))


def _alternatives(starts: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(starts)))


@lru_cache(maxsize=256)
def _joined_pattern(starts: frozenset[str]) -> re.Pattern[str]:
    """The words starting with one of ``starts`` in words joined by spaces (``_first_candidate``,
    the rare texts whose folding moves offsets): compiled only for them, since compiling it for
    every query was a tenth of a pasted question's snippets."""
    return re.compile(f" (?:{_alternatives(starts)})")


def _first_candidate(found: list[str], sought: _Sought) -> int:
    """The position of the first of ``found`` whose stem is a word sought, starts with a prefix
    sought or begins a phrase sought (0 when none does). Only the words that start like a query
    word are stemmed, in order, until one matches: they are found by one search of the joined
    words (a pasted question seeks up to 64 words), a word's position being the number of
    spaces before it."""
    if not sought.starts:
        return 0
    joined = " " + " ".join(found)
    for hit in _joined_pattern(sought.starts).finditer(joined):
        n = joined.count(" ", 0, hit.start())
        found_stem = stem(found[n])
        if found_stem in sought.single or (sought.prefixes and found_stem.startswith(sought.prefixes)):
            return n
        for phrase in sought.phrases:
            if found_stem == phrase[0] and tuple(
                    stem(w) if w[:2] in sought.starts else "" for w in found[n:n + len(phrase)]) == phrase:
                return n
    return 0
