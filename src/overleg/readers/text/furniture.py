"""Lines and blocks of a report, with page furniture and contents pages taken out.

A *block* is a run of non-blank lines; blank and whitespace-only lines separate blocks. Running
heads and feet of the official PDFs ("Tweede Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349
2", "kst-21501-02-3349 ISSN 0921 - 7371 's-Gravenhage 2026"), lone page numbers and the entries
of a contents page ("Inhoudsopgave blz.") are dropped here, so no later stage sees them.

>>> [b.text for b in split_blocks(to_lines(("a", "b", " ", "Pagina 2 van 3", "", "c")))]
['a\\nb', 'c']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class Line(NamedTuple):
    """One source line: ``no`` is its 1-based line number in the source, for messages."""

    no: int
    text: str


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines."""

    lines: tuple[Line, ...]

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])


_FURNITURE = re.compile(
    r"""^\s*(?:
        (?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},\s+.{0,40}?nr\.\s*\S+(?:\s+\d{1,3})?
      | (?:kst|ah-tk|h-tk)-[\w-]+\s+ISSN\b.*
      | ISSN\s+\d{4}\s*-\s*\d{4}.*
      | (?:Pagina|Blz\.?|Page)\s+\d{1,3}(?:\s+(?:van|of)\s+\d{1,3})?
      | -?\s*\d{1,3}\s*-?
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_FURNITURE_STARTS = set("0123456789-TtEeKkAaHhIiPpBb")
_CONTENTS = re.compile(r"^\s*Inhoudsopgave\b(?:\s+blz\.?)?\s*$", re.IGNORECASE)
# A contents entry ends with its page number ("Vragen en opmerkingen ... 2", "Inleiding ....... 1").
_CONTENTS_ENTRY = re.compile(r"^.{2,120}?[\s.]\d{1,3}\s*$|^\s*blz\.?\s*$", re.IGNORECASE)


def is_furniture(text: str) -> bool:
    """True for a running head or foot, or a lone page number."""
    return bool(_FURNITURE.match(text))


def to_lines(raw: Iterable[str]) -> list[Line]:
    """Number the source lines; blank out furniture and the entries of a contents page.

    Reads: the PreparedText lines. Writes: lines where furniture is "" (a block separator).
    """
    lines: list[Line] = []
    add = lines.append
    new = tuple.__new__  # Line(no, text) without the Python-level __new__ of a NamedTuple: a line each
    in_contents = False
    for no, text in enumerate(raw, start=1):
        text = text.rstrip()
        if in_contents:
            if not text.strip() or _CONTENTS_ENTRY.match(text):
                add(new(Line, (no, "")))
                continue
            in_contents = False
        first = text[:1]
        if first.isspace():
            first = text.lstrip()[:1]
        if first == "I" and _CONTENTS.match(text):
            in_contents = True
            add(new(Line, (no, "")))
            continue
        furniture = not first or (len(text) < 100 and first in _FURNITURE_STARTS and is_furniture(text))
        add(new(Line, (no, "" if furniture else text)))
    return lines


def split_blocks(lines: Iterable[Line]) -> list[Block]:
    """Group consecutive non-blank lines into blocks."""
    blocks: list[Block] = []
    run: list[Line] = []
    for line in lines:
        if line.text:
            run.append(line)
        elif run:
            blocks.append(Block(tuple(run)))
            run = []
    if run:
        blocks.append(Block(tuple(run)))
    return blocks
