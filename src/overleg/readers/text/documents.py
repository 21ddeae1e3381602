"""Several documents in one text: where each starts, and the PreparedText of each.

A file can hold documents pasted one after another (reports, Aanhangsel questions, ministry
letters). Each genre opens with a heading that wording marks, whatever the layout:

- a report or list of questions: a dossier line above a type line
  ("21 501-02 Raad ..." above "Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG");
- written questions in the Aanhangsel: "Vragen gesteld door de leden der Kamer" at the start of
  a line, with the "Tweede Kamer der Staten-Generaal" / "Vergaderjaar" / "Aanhangsel van de
  Handelingen" lines just above it;
- a ministry letter: its "Retouradres" line.

The first heading found is the first document's own (whatever stands above it belongs to it);
each later one starts a document.

>>> lines = ["21 501-02 Raad", "Nr. 1 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "tekst", "",
...          "Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023–2024",
...          "Vragen gesteld door de leden der Kamer, met de daarop door de", "tekst",
...          "> Retouradres Postbus 20301 2500 EH Den Haag", "tekst"]
>>> document_starts(lines)
[0, 4, 8]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from overleg.model import Footnote
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.report_heading import DOSSIER_LINE, TYPE_LINE
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE

# the words found by str.find (many times faster than a regex scan); their lines are then tested
_ANCHORS = ("VERSLAG", "INBRENG", "LIJST", "Vragen gesteld door de leden", "Retouradres")
_AANHANGSEL_LINE = re.compile(r"Vragen\s+gesteld\s+door\s+de\s+leden\b")
_AANHANGSEL_ABOVE = re.compile(r"(?:(?:Tweede|Eerste)\s+Kamer\b|Vergaderjaar\b|Aanhangsel\b)")
_LETTER_LINE = re.compile(r"(?:>\s*)?Retouradres\b")
_ABOVE = 12  # lines above an anchor in which its heading's first lines stand


def _positions(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _non_blank_above(lines: Sequence[str], k: int, most: int) -> list[int]:
    return [j for j in range(k - 1, max(-1, k - _ABOVE), -1) if lines[j].strip()][:most]


def _heading_start(lines: Sequence[str], k: int) -> int | None:
    """The first line of the heading whose anchor stands on line ``k``, or None when line ``k``
    opens no heading. A type line without a dossier line above opens none (a type line in the
    first document's own heading is taken whatever stands above it, by ``document_starts``)."""
    line = lines[k].strip()
    if TYPE_LINE.match(line):
        return next((j for j in _non_blank_above(lines, k, 3) if DOSSIER_LINE.match(lines[j].strip())), -1)
    if _AANHANGSEL_LINE.match(line):
        start = k
        for j in _non_blank_above(lines, k, 3):
            if not _AANHANGSEL_ABOVE.match(lines[j].strip()):
                break
            start = j
        return start
    if _LETTER_LINE.match(line):
        return k
    return None


def document_starts(lines: Sequence[str]) -> list[int]:
    """The index of each document's first line: 0, then the first line of every later heading.

    Reads: PreparedText lines (or lines on their way to it). Linear: the anchor words are found in
    the joined text by str.find, and only their lines are looked at closer.
    """
    text = "\n".join(lines)
    starts = [0]
    k, counted, looked_at = 0, 0, -1
    own_seen = False
    last_anchor = -1
    for hit in sorted(at for word in _ANCHORS for at in _positions(text, word)):
        k += text.count("\n", counted, hit)
        counted = hit
        if k == looked_at:  # "Nr. 7 INBRENG VERSLAG ...": one heading line
            continue
        looked_at = k
        start = _heading_start(lines, k)
        if start is None:
            continue
        if not own_seen:
            own_seen, last_anchor = True, k
            continue
        if start > last_anchor:  # -1 (a type line without a dossier line) never is
            starts.append(start)
            last_anchor = k
    return starts


def _marked(lines: Sequence[str]) -> set[int]:
    return {int(m.group(2)) for line in lines if MARK_OPEN in line for m in MARK_RE.finditer(line)}


def _share_footnotes(notes: Sequence[Footnote], marked: Sequence[set[int]]) -> list[list[Footnote]]:
    """The container's footnotes per document, in their order: a number already given to one
    document moves on to the next, and a document that marks the number is preferred."""
    out: list[list[Footnote]] = [[] for _ in marked]
    taken: list[set[int]] = [set() for _ in marked]
    at = 0
    for note in notes:
        free = [j for j in range(at, len(marked)) if note.number not in taken[j]]
        if not free:
            free = [len(marked) - 1]
        at = next((j for j in free if note.number in marked[j]), free[0])
        out[at].append(note)
        taken[at].add(note.number)
    return out


def split(prepared: PreparedText, starts: Sequence[int] | None = None) -> list[PreparedText]:
    """The PreparedText of each document in ``prepared`` (one element when it holds one).

    Reads: the lines (``document_starts`` unless given), footnotes, links, emphasis and page starts.
    Writes: per document its lines, what refers to them with line indices shifted, and its share
    of the footnotes the container separated.
    """
    starts = list(starts) if starts is not None else document_starts(prepared.lines)
    if len(starts) <= 1:
        return [prepared]
    ends = [*starts[1:], len(prepared.lines)]
    lines = [prepared.lines[a:b] for a, b in zip(starts, ends, strict=True)]
    notes = _share_footnotes(prepared.footnotes, [_marked(part) for part in lines])
    out = []
    for part, (a, b), own in zip(lines, zip(starts, ends, strict=True), notes, strict=True):
        pages = [p - a for p in prepared.page_starts if a <= p < b]
        out.append(replace(
            prepared,
            lines=part,
            footnotes=tuple(own),
            links=tuple(replace(link, line=link.line - a) for link in prepared.links if a <= link.line < b),
            emphasised=frozenset(e - a for e in prepared.emphasised if a <= e < b),
            page_starts=tuple([0, *pages] if pages and pages[0] != 0 else pages) if prepared.page_starts else (),
        ))
    return out
