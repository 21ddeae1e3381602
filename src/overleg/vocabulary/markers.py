"""Footnote marks and markers: how a text carries a reference to a footnote.

A *mark* is the form a container sets where it knows a reference for certain (a PDF
superscript, a Word footnote reference): private-use characters that no real parliamentary
text holds, so ``mark(3)`` can never be misread. A *marker* is a number glued to the text
before it as printed ("Bamenga1", "oktober 202514" = 2025 + note 14); ``marker_candidates``
is the grammar of where such a number can be one. The text reader resolves candidates by
sequence; the txt writer asks the same grammar where a marker it glues will read back.

>>> strip_marks("vraag" + mark(1, "word") + "?")
'vraag?'
>>> [(c.number, c.start) for c in marker_candidates("motie van het lid Bamenga1 en D66 in oktober 202514 en nr.18")]
[(1, 25), (14, 49)]
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Private-use code points: never in real parliamentary text (readers' normalise removes any that are).
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
MARK_RE = re.compile(MARK_OPEN + r"([a-z]*)" + MARK_SEP + r"(\d{1,4})" + MARK_CLOSE)


def mark(number: int, series: str = "") -> str:
    """An unambiguous footnote reference: ``mark(3)`` or ``mark(1, "word")``."""
    return f"{MARK_OPEN}{series}{MARK_SEP}{number}{MARK_CLOSE}"


def strip_marks(text: str) -> str:
    """The text without its marks."""
    # most texts hold no mark, and a regex scan of every position costs more than one find
    return MARK_RE.sub("", text) if MARK_OPEN in text else text


_DIGITS = re.compile(r"\d+")
_MARK_PUNCT = ".,;:?!)’”»'\"]"
# a paper's number or dossier ("nr. 19919", "Kamerstuk 19637"), not a year with a marker
_NUMBERED_BEFORE = re.compile(r"(?:\bnrs?\.?|Kamerstuk(?:ken)?)\s*$", re.IGNORECASE)
_YEAR_PREFIX = re.compile(r"(?:19|20)\d\d$")
_NOT_MARKER_WORD = re.compile(r"(?:^|[\s(])(?:nrs?|blz|art|p|pp|no|fase|lid)\.?$|(?:^|[\s(/-])[A-Z]$", re.IGNORECASE)


def _glued(text: str, start: int, end: int) -> int | None:
    """The marker number of the digits text[start:end], if they are glued like a marker.

    Glued to a letter, possibly with punctuation between ("Bamenga1", "c.s.9", "leden?28"),
    or to a year ("202514", "2026.15", "2025,25"); not after "nr." or "Kamerstuk" or in a code
    like "D66".
    """
    digits = text[start:end]
    if len(digits) >= 5:
        if digits[:2] in ("19", "20") and len(digits) <= 7 and (start == 0 or not (
                text[start - 1].isalnum() or text[start - 1] in ".,")) \
                and not _NUMBERED_BEFORE.search(text, max(0, start - 12), start):
            return int(digits[4:])
        return None
    if len(digits) > 3:
        return None
    k = start
    while k > 0 and start - k < 2 and text[k - 1] in _MARK_PUNCT:
        k -= 1
    if k == 0:
        return None
    before = text[k - 1]
    if before.isdigit():
        # "2026.15": a year, punctuation, the marker
        if k == start or not _YEAR_PREFIX.search(text, max(0, k - 4), k):
            return None
        if k >= 5 and (text[k - 5].isalnum() or text[k - 5] in ".,"):
            return None
        return int(digits)
    if not before.isalpha():
        return None
    word_start = text.rfind(" ", 0, k) + 1
    word = text[word_start:start]
    if _NOT_MARKER_WORD.search(" " + word) or (len(word) == 1 and word.isupper()):
        return None
    return int(digits)


class Candidate(NamedTuple):
    """A number glued to the text before it that may be a footnote marker."""

    number: int
    start: int
    end: int
    explicit: bool = False  # a mark the container set (a PDF superscript): certain, not guessed


def marker_candidates(text: str) -> list[Candidate]:
    """Possible markers in order: explicit marks and numbers glued to words or years."""
    found: dict[int, Candidate] = {}
    if MARK_OPEN in text:
        for m in MARK_RE.finditer(text):
            found[m.start()] = Candidate(int(m.group(2)), m.start(), m.end(), explicit=True)
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        # up to four digits after a space (most numbers in running text) are never glued
        if end - start < 5 and (start == 0 or text[start - 1] == " "):
            continue
        if end < len(text) and text[end].isdigit():
            continue
        number = _glued(text, start, end)
        if number:
            start = m.end() - len(str(number)) if len(m.group()) >= 5 else m.start()
            found.setdefault(start, Candidate(number, start, m.end()))
    return [found[k] for k in sorted(found)]
