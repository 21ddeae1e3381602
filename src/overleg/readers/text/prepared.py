"""What every container reader (PDF, Word, plain text, Markdown) hands to the text parsers.

Guarantees to the stages after it (established by ``normalise``):

- NFC Unicode; no CR, no soft hyphens, no NUL; tabs and no-break spaces are plain spaces;
  accents that a PDF's text layer split off ("Yes¸ ilgöz", "Kostic´", "Kostic ´") are rejoined
  ("Yeşilgöz", "Kostić");
- a footnote reference the container knows for certain (a superscript in a PDF, a Word footnote
  reference) is an explicit mark, ``vocabulary.markers.mark(n, series)``, that no real text can
  contain; markers glued to words in plain text ("Bamenga1") are left for the footnote stage to
  resolve.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from overleg.model import Footnote
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE


@dataclass(frozen=True)
class SourceLink:
    """A hyperlink in the body: its visible ``text`` stands on line ``line``, ``url`` is its target.

    Only links whose target is not printed next to them are listed: the URL is otherwise lost.
    """

    line: int
    text: str
    url: str


@dataclass(frozen=True)
class PreparedText:
    """Lines of text from one source, ready for the parsers.

    ``lines`` are layout lines (a PDF, a text extraction) or whole paragraphs (Word, re-flowed
    text): ``reflowed`` says which, since line width is a hint only in the first case.
    ``footnotes`` are notes the container already separated from the body (Word footnotes,
    PDF page-bottom notes recognised by font size); parsers find the rest in the lines.
    ``links`` are hyperlinks whose target is not printed (Word). ``emphasised`` holds the indices
    of lines set wholly in bold, a layout hint (a letter's questions are often bold, answers not).
    ``page_starts`` holds the index in ``lines`` of each page's first line where the container
    knows its pages (a PDF); empty otherwise.
    """

    source: str
    lines: tuple[str, ...]
    footnotes: tuple[Footnote, ...] = ()
    reflowed: bool = False
    links: tuple[SourceLink, ...] = ()
    emphasised: frozenset[int] = frozenset()
    page_starts: tuple[int, ...] = ()


_SPACING_ACCENTS = {
    "\u00b8": "\u0327",  # cedilla
    "\u00a8": "\u0308",  # diaeresis
    "\u00b4": "\u0301",  # acute
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02da": "\u030a",  # ring
    "\u02c7": "\u030c",  # caron
}
# A letter, then a spacing accent the PDF split off, then perhaps a space inside the word
# ("Yes¸ ilgöz"); or the accent ends the word ("Kostic´ (PvdD)", "Kostic´,"), and what follows
# stays. The pattern starts at the accent (the letter is a look-behind after it): a pattern that
# starts with a look-behind is tried at every position of the text, five times slower.
_SPLIT_ACCENT = re.compile(r"([" + "".join(_SPACING_ACCENTS) + r"])(?<=[A-Za-z].)(?: (?=\w))?")
# The accent set apart from the end of its word by a space, where punctuation, a bracket or the
# line's end follows ("Kostic ´ (PvdD)", "Kostic ´,"); between two words ("teken ´ alleen") it
# may be meant, and stays.
_LOOSE_ACCENT = re.compile(r" ([" + "".join(_SPACING_ACCENTS) + r"])(?<=[A-Za-z]..)(?=[,.;:!?()]| \(|$)", re.M)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _has_private_use(text: str) -> bool:
    """A cheap test before ``_PRIVATE_USE``: in UTF-8 every private-use code point starts with
    byte EE or EF (and searching bytes for one byte is far faster than a character class)."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\xee" in data or b"\xef" in data


def normalise(text: str) -> str:
    """Apply the guarantees in the module docstring to raw text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.replace("\u00ad", "").replace("\t", " ").replace("\u00a0", " ").replace("\u202f", " ")
    if _has_private_use(text):
        text = _PRIVATE_USE.sub("", text)
    if any(accent in text for accent in _SPACING_ACCENTS):
        text = _LOOSE_ACCENT.sub(lambda m: _SPACING_ACCENTS[m.group(1)], text)
        text = _SPLIT_ACCENT.sub(lambda m: _SPACING_ACCENTS[m.group(1)], text)
    return unicodedata.normalize("NFC", text)


def normalise_keeping_marks(text: str) -> str:
    """``normalise`` the text between footnote marks (it would remove the marks themselves)."""
    if MARK_OPEN not in text:
        return normalise(text)
    pieces: list[str] = []
    pos = 0
    for m in MARK_RE.finditer(text):
        pieces.append(normalise(text[pos:m.start()]))
        pieces.append(m.group())
        pos = m.end()
    pieces.append(normalise(text[pos:]))
    return "".join(pieces)
