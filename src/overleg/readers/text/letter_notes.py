"""Typed notes in a ministry letter: markers typed into the quoted questions ("[1]", "? 1)",
"gedrag2)", "Bureau Beke3) ,") and their texts listed at the end of the letter.

The list at the end is a run of paragraphs that each start with a number ("[1] ...", "1) ...",
"1. ..."; in Word often an auto-numbered list whose numbers the docx reader put back). Two notes
can be glued in one paragraph ("...politie[3] https://..."): they are split at the next number.

>>> [(n, t) for n, t, _ in split_note_list(["[1] a", "[2] b[3] c", "[4] d"])]
[(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')]
>>> split_note_list(["Ik neem maatregelen.", "Zie ook vraag 2."])
[]
>>> find_markers("verward gedrag2) waarin (artikel 3) en Verhoudingen 1), met", {1, 2, 3})
[(2, 14, 16), (1, 52, 54)]
>>> remove_markers("van Bureau Beke3) , waarin", [(3, 15, 17)])
'van Bureau Beke, waarin'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from overleg.vocabulary.markers import MARK_CLOSE, MARK_OPEN, MARK_SEP

# "[1] ...", "1) ...", "1. ...", or a superscript number the reader turned into mark(1)
_NOTE_START = re.compile(
    r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]|" + MARK_OPEN + MARK_SEP + r"(\d{1,3})" + MARK_CLOSE + r")\s*(?=\S)"
)


def starts_note(text: str) -> bool:
    """True for a paragraph that opens like a listed note ("[1] ...", "1) ...", "1. ...")."""
    return bool(_NOTE_START.match(text))


def split_note_list(paragraphs: Sequence[str]) -> list[tuple[int, str, int]]:
    """The notes (number, text, index of the paragraph it came from) of the numbered run of
    paragraphs, which must count 1, 2, 3 ... from the first; [] when it does not."""
    notes: list[tuple[int, str, int]] = []
    for index, para in enumerate(paragraphs):
        m = _NOTE_START.match(para)
        if not m:
            return []
        number = int(m.group(1) or m.group(2) or m.group(3))
        bracketed = m.group(1) is not None
        text = para[m.end():]
        while True:
            if number != len(notes) + 1:
                return []
            glued = text.find(f"[{number + 1}]") if bracketed else -1
            if glued < 0:
                notes.append((number, text.strip(), index))
                break
            notes.append((number, text[:glued].strip(), index))
            text = text[glued + len(f"[{number + 1}]"):]
            number += 1
    return notes


# "[3]" anywhere; "3)" glued to the word or quote before it, or standing alone before
# punctuation or the end of the paragraph. A number in brackets that a "(" opened before it is
# a parenthesis ("(artikel 3)"), and "1) de politie en 2) ..." is an enumeration.
_BRACKETED = re.compile(r"\[(\d{1,3})\]")
_GLUED = re.compile(r"(?<=[^\s\d(\[])(\d{1,3})\)")
_ALONE = re.compile(r"(?<=\s)(\d{1,3})\)(?=\s*(?:[,.;:?!]|$))")


def _inside_parenthesis(text: str, at: int) -> bool:
    # the nearest bracket before decides: a marker's own ")" must not balance a later "("
    before = text[:at]
    return before.rfind("(") > before.rfind(")")


def find_markers(text: str, numbers: set[int]) -> list[tuple[int, int, int]]:
    """Typed note markers (number, start, end) in the text, for notes that exist."""
    found: list[tuple[int, int, int]] = []
    for m in _BRACKETED.finditer(text):
        if int(m.group(1)) in numbers:
            found.append((int(m.group(1)), m.start(), m.end()))
    for rx in (_GLUED, _ALONE):
        for m in rx.finditer(text):
            if int(m.group(1)) in numbers and not _inside_parenthesis(text, m.start()):
                found.append((int(m.group(1)), m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def remove_markers(text: str, markers: Sequence[tuple[int, int, int]]) -> str:
    """The text without the markers (sorted by position, not overlapping), with the spaces they
    leave before punctuation tidied."""
    if not markers:
        return text.strip()
    pieces: list[str] = []
    pos = 0
    for _, start, end in markers:
        if start >= pos:
            pieces.append(text[pos:start])
            pos = end
    pieces.append(text[pos:])
    return tidy("".join(pieces))


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[,.;:?!])")
_TRAILING_SPACE = re.compile(r" +$", re.M)


def tidy(text: str) -> str:
    """Collapses runs of spaces and drops spaces before punctuation and at line ends."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _TRAILING_SPACE.sub("", text).strip()
