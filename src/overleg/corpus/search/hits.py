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
    word of the body is done in C: the candidates for a match are found by one regular
    expression over the folded words (a stem keeps the first two letters of its word), only
    those are stemmed until one matches, only the window's words are stemmed for the marks, and
    the window is cut from ``body`` in one piece. What the query seeks is worked out once per
    query (``_sought``), not once per hit."""
    sought = _sought(node)
    found = _folded_words(body)
    if not found:
        return body[:200].translate(_NOT_MARKS)
    single, prefixes, phrases, starts = sought.single, sought.prefixes, sought.phrases, sought.starts
    first = _first_candidate(found, sought)
    start = max(0, first - words // 4)
    end = min(len(found), start + words)
    # the window's stems, and those a phrase starting in it reaches past its end
    stems = [stem(w) if w[:2] in starts else "" for w in found[start:end + sought.longest - 1]]
    # only the window's words are marked: a match before it would be the first
    marked = {n for n in range(end - start) if stems[n] in single or (prefixes and stems[n].startswith(prefixes))}
    for phrase in phrases:
        k, head = len(phrase), phrase[0]
        for n in range(end - start):
            if stems[n] == head and tuple(stems[n:n + k]) == phrase:
                marked.update(range(n, n + k))
    spans = [m.span() for m in islice(_WORD.finditer(body), start, end)]
    if not spans:
        return body[:200].translate(_NOT_MARKS)
    # the window's text as it stands, the marks put round the marked words (a word holds no
    # guillemet; the text's own, as in a quoted title «Verguisde stalvloer ...», are not marks)
    out: list[str] = []
    cursor = spans[0][0]
    for n in sorted(n for n in marked if n < len(spans)):  # a phrase may run on past the window
        a, b = spans[n]
        out += (body[cursor:a].translate(_NOT_MARKS), MARK[0], body[a:b], MARK[1])
        cursor = b
    out.append(body[cursor:spans[-1][1]].translate(_NOT_MARKS))
    text_ = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text_ + ("…" if end < len(found) else "")


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
    longest: int


@lru_cache(maxsize=256)
def _sought(node: Node) -> _Sought:
    leaves = positive_leaves(node)
    single = {leaf.stem for leaf in leaves if isinstance(leaf, Term)}
    single.update(s for leaf in leaves if isinstance(leaf, Near) for s in leaf.stems)
    phrases = tuple(leaf.stems for leaf in leaves if isinstance(leaf, Phrase))
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase | Near) for s in leaf.stems}
    pattern = re.compile(" (?:" + "|".join(map(re.escape, sorted(starts))) + ")") if starts else None
    return _Sought(frozenset(single), tuple(leaf.stem for leaf in leaves if isinstance(leaf, Prefix)), phrases,
                   frozenset(starts), pattern, max((len(p) for p in phrases), default=1))


def _folded_words(body: str) -> list[str]:
    """One folded word per word of ``body``, each folded on its own where folding the whole
    text moved offsets."""
    folded = fold(body)
    return _WORD.findall(folded) if len(folded) == len(body) else [fold(w) for w in _WORD.findall(body)]


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
