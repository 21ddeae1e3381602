"""Where the footnote markers of a text stood, once the text is clean.

A reader finds markers in a text (explicit marks, typed numbers), removes them and tidies the
spaces they leave ("Piri ." -> "Piri.", runs of spaces, paragraph ends). The cleaning only
removes markers and changes white space, so the clean text can be aligned with the text before
it character by character: every marker lands right after the clean text's character that
preceded it (never after a space: "per brief⁶ ." reads "per brief⁶.").

Every marker is kept, in the order of the text, also when a note is cited twice; the items'
``question_footnotes`` / ``answer_footnotes`` list the distinct numbers in order of first
citation.

>>> from overleg.vocabulary.markers import mark
>>> clean_with_marks("per brief" + mark(6) + " . Zie ook" + mark(7, "word") + ".")
('per brief. Zie ook.', (NoteMark(at=9, number=6, series=None), NoteMark(at=18, number=7, series='word')))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from overleg.model import NoteMark
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE


class Marker(NamedTuple):
    """A marker found in a text: its number, where it stands, its series (None: the default)."""

    number: int
    start: int
    end: int
    series: str | None = None


def explicit_markers(text: str) -> list[Marker]:
    """The explicit marks of a text (``vocabulary.markers.mark``), series "" read as None."""
    if MARK_OPEN not in text:
        return []
    return [Marker(int(m.group(2)), m.start(), m.end(), m.group(1) or None) for m in MARK_RE.finditer(text)]


def places(raw: str, markers: Sequence[Marker], clean: str) -> tuple[NoteMark, ...]:
    """The NoteMarks of ``markers`` (sorted, not overlapping) in ``raw`` placed in ``clean``,
    the text the reader made of ``raw`` by removing the markers and changing white space only.

    Since only white space differs, a marker with n printed (non-space) characters before it
    stands right after the n-th printed character of the clean text.
    """
    if not markers:
        return ()
    wanted: list[tuple[int, Marker]] = []  # (printed characters before the marker, marker)
    pos = before = 0
    for marker in markers:
        if marker.start < pos:
            continue
        before += len(raw[pos:marker.start]) - len(_SPACES.findall(raw, pos, marker.start))
        pos = marker.end
        wanted.append((before, marker))
    out: list[NoteMark] = []
    words = _WORDS.finditer(clean)  # word by word: a character loop in Python costs six times more
    counted, end, word = 0, 0, None
    for need, marker in wanted:
        while counted < need and (word := next(words, None)) is not None:
            counted += len(word.group())
            end = word.end()
        at = end - (counted - need) if counted >= need else len(clean.rstrip())
        out.append(NoteMark(at if need else 0, marker.number, marker.series))
    return tuple(out)


_WORDS = re.compile(r"\S+")
_SPACES = re.compile(r"\s")


_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)\s+(?=[.,;:?!)»”’](?:\s|$))")


def clean_with_marks(text: str) -> tuple[str, tuple[NoteMark, ...]]:
    """The text without its explicit marks (and the spaces they leave before punctuation), and
    the places of the marks."""
    markers = explicit_markers(text)
    if not markers:
        return text, ()
    clean = _SPACE_BEFORE_PUNCT.sub("", MARK_RE.sub("", text))
    return clean, places(text, markers, clean)


def numbers_of(marks: Sequence[NoteMark]) -> tuple[int, ...]:
    """The distinct note numbers of the marks, in order of first citation."""
    return tuple(dict.fromkeys(m.number for m in marks))


def shifted(marks: Sequence[NoteMark], by: int) -> tuple[NoteMark, ...]:
    """The marks of a text that now stands ``by`` characters further on (joined after another)."""
    return tuple(NoteMark(m.at + by, m.number, m.series) for m in marks)


__all__ = ["Marker", "clean_with_marks", "explicit_markers", "numbers_of", "places", "shifted"]
