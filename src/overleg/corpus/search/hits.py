"""A search hit (``Hit``: the document, the item, the kind of text, the score and a snippet) and
the snippet itself: a window of the text around the first match, the matched words marked «thus».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import islice
from typing import Any

from overleg.corpus.search.analysis import fold, stem
from overleg.corpus.search.query import Leaf, Near, Node, Phrase, Prefix, Term, positive_leaves

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

    It runs for every hit of every search, so only words that start like a query word are
    stemmed (``_stems``), and only the window's words are located in ``body``."""
    leaves = positive_leaves(node)
    stems = _stems(body, leaves)
    if not stems:
        return body[:200].translate(_NOT_MARKS)
    single = {leaf.stem for leaf in leaves if isinstance(leaf, Term)}
    single.update(s for leaf in leaves if isinstance(leaf, Near) for s in leaf.stems)
    prefixes = tuple(leaf.stem for leaf in leaves if isinstance(leaf, Prefix))
    phrases = [leaf.stems for leaf in leaves if isinstance(leaf, Phrase)]
    first = _first_match(stems, single, prefixes, phrases)
    start = max(0, first - words // 4)
    end = min(len(stems), start + words)
    # only the window's words are marked: a match before it would be the first
    marked = {n for n in range(start, end) if stems[n] in single or (prefixes and stems[n].startswith(prefixes))}
    for phrase in phrases:
        k, head = len(phrase), phrase[0]
        for n in range(start, end):
            if stems[n] == head and tuple(stems[n:n + k]) == phrase:
                marked.update(range(n, n + k))
    out: list[str] = []
    cursor = -1
    for n, match in enumerate(islice(_WORD.finditer(body), start, end), start):
        a, b = match.span()
        # the text's own guillemets (a quoted title: «Verguisde stalvloer ...») are not marks
        out.append(body[cursor if cursor >= 0 else a:a].translate(_NOT_MARKS))
        out.append(f"{MARK[0]}{body[a:b]}{MARK[1]}" if n in marked else body[a:b])
        cursor = b
    if not out:
        return body[:200].translate(_NOT_MARKS)
    text_ = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text_ + ("…" if end < len(stems) else "")


def _first_match(stems: list[str], single: set[str], prefixes: tuple[str, ...],
                 phrases: list[tuple[str, ...]]) -> int:
    """The position of the first word of ``stems`` that matches (0 when none does), found by
    C-speed searches of the joined stems, whatever the number of words sought (a pasted question
    is an OR of up to 64: a pass over the words per word cost 45 ms per page, one pass in Python
    ~0.15 ms per hit). A word's position is the number of spaces before it."""
    spaced = f" {' '.join(stems)} "
    found = [spaced.find(f" {' '.join(words)} ") for words in (*((w,) for w in single), *phrases)]
    if prefixes:
        hit = re.search(" (?:" + "|".join(map(re.escape, prefixes)) + ")", spaced)
        found.append(hit.start() if hit else -1)
    found = [pos for pos in found if pos >= 0]
    return spaced.count(" ", 0, min(found)) if found else 0


def _stems(body: str, leaves: list[Leaf]) -> list[str]:
    """One entry per word of ``body``: its stem where it starts like a query word (a stem keeps
    the start of its word), else empty; each word folded on its own where folding moved offsets."""
    folded = fold(body)
    found = _WORD.findall(folded) if len(folded) == len(body) else [fold(w) for w in _WORD.findall(body)]
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase | Near) for s in leaf.stems}
    return [stem(w) if w[:2] in starts else "" for w in found]
