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
    the text the reader made of ``raw`` by removing the markers and changing white space only."""
    if not markers:
        return ()
    pieces: list[str] = []
    offsets: list[tuple[int, Marker]] = []  # (offset in raw without markers, marker)
    pos = length = 0
    for marker in markers:
        if marker.start < pos:
            continue
        pieces.append(raw[pos:marker.start])
        length += marker.start - pos
        offsets.append((length, marker))
        pos = marker.end
    pieces.append(raw[pos:])
    bare = "".join(pieces)
    out: list[NoteMark] = []
    i = j = 0
    k = 0
    while k < len(offsets):
        while k < len(offsets) and offsets[k][0] == i:
            out.append(NoteMark(_after_text(clean, j), offsets[k][1].number, offsets[k][1].series))
            k += 1
        if i >= len(bare):
            break
        if j < len(clean) and bare[i] == clean[j]:
            i, j = i + 1, j + 1
        elif bare[i].isspace():
            i += 1
        elif j < len(clean) and clean[j].isspace():
            j += 1
        else:  # the cleaning did more than white space: keep the marker where the text ends
            i += 1
    for _, marker in offsets[k:]:
        out.append(NoteMark(_after_text(clean, min(j, len(clean))), marker.number, marker.series))
    return tuple(out)


def _after_text(clean: str, at: int) -> int:
    """A place right after a printed character, not after the spaces that follow it."""
    at = min(at, len(clean))
    while at > 0 and clean[at - 1].isspace():
        at -= 1
    return at


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
