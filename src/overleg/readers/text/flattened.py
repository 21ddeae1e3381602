"""Flattened text: a whole letter extracted from its PDF onto one line, lines restored.

Some research datasets keep a PDF's text as one line per document: letterhead, running
headers, page numbers ("2/10"), footnotes and letter-spaced labels ("D A T U M") mixed into the
text. This stage gives the parsers layout lines again. Stages, each a function below:

    _unspaced        "D A T U M" -> "DATUM" (a label printed with spaced letters)
    _page_marks      the page numbers "N/M": M the same on every page, N counting up by one
    _running_header  the words that repeat at every page break (found by comparing the text
                     around the page numbers; an OCR slip in one copy is tolerated)
    _page_notes      the footnotes at a page's foot: the next note number after a sentence's
                     end, with a number glued to a word before it in the text ("vragen1")
    _lines           a run of three or more spaces ends a paragraph (an empty line), two end a
                     layout line, a word broken at a line end ("begrotings- instrument") ends
                     one too; a question label "Vraag N" (N the next number) starts a line

Footnote markers glued to words ("fonds.1", "november 20222") become explicit marks where
their notes were found (``footnotes.resolve_markers``). A text is flattened when it has a line
of more than ``FLAT`` characters, hardly any other lines, and page numbers or question labels
in it.

>>> _unspaced("Geachte D A T U M 4 juni B E T R E F T")
'Geachte DATUM 4 juni BETREFT'
>>> [m.number for m in _page_marks("a 2/3 b 5/8 c 3/3Vraag d")]
[2, 3]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from overleg.model import Footnote
from overleg.readers.text.footnotes import resolve_markers, split_notes
from overleg.readers.text.notes import make_footnote
from overleg.vocabulary.markers import marker_candidates

FLAT = 1_000  # characters: no layout line of a real page is this long
_SPACED = re.compile(r"(?<![\w])(?:[A-ZÀ-Þ] ){2,}[A-ZÀ-Þ](?![\w])")
_PAGE_MARK = re.compile(r"(?:(?<=\s)|^)(\d{1,3})/(\d{1,3})(?!\d)")
_WINDOW = 60  # words either side of a page number searched for the running header
_HEADER_WORDS = 6  # a shorter repeat is a phrase of the text, not a header
_NOTE_OPEN = re.compile(r"(?:(?<=[.?!:;)”’'\"]\s)|(?<=[.?!:;)”’'\"]\s\s)|(?<=\s\s\s))(\d{1,2})\s+(?=[A-ZÀ-Þ“‘(])")
_LABEL_ROOM = 20  # characters between a header and its page number (a label can stand there)
_LABEL = re.compile(r"\bVraag\s+(\d{1,3})\b")
# "begrotings- instrument" (not "wet- en regelgeving", "voor- of nadelen": a word left out)
_BROKEN_WORD = re.compile(r"(?<=[a-zà-ÿ]-) (?=[a-zà-ÿ])(?!(?:en|of|tot|t/m)\b)")


@dataclass(frozen=True)
class PageMark:
    """A printed page number "N/M" at ``start``..``end`` of the text."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Restored:
    """The layout lines of a flattened text, its footnotes, and the first line of each page."""

    lines: tuple[str, ...]
    footnotes: tuple[Footnote, ...]
    page_starts: tuple[int, ...]


def is_flattened(text: str) -> bool:
    """A text of one very long line (or a few), as a dataset of whole documents keeps it, with
    the signs of pages in it: page numbers "N/M" counting up, or question labels "Vraag 1",
    "Vraag 2" (a long paragraph of re-flowed text has neither)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or len(lines) > 3 or max(map(len, lines)) <= FLAT:
        return False
    return len(_page_marks(text)) >= 2 or bool(re.search(r"\bVraag\s+1\b.*\bVraag\s+2\b", text, re.S))


def _unspaced(text: str) -> str:
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), text)


def _page_marks(text: str) -> list[PageMark]:
    """The page numbers: of all "N/M" the ones whose M is the most common, N counting up."""
    found = [(int(m.group(1)), int(m.group(2)), m) for m in _PAGE_MARK.finditer(text)]
    totals = Counter(total for n, total, _ in found if 1 <= n <= total)
    if not totals:
        return []
    total = totals.most_common(1)[0][0]
    marks: list[PageMark] = []
    for n, of, m in found:
        if of == total and n == (marks[-1].number + 1 if marks else n) and (marks or n <= 2):
            marks.append(PageMark(n, m.start(), m.end()))
    return marks if len(marks) >= 2 or (marks and total <= 2) else []


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def _running_header(text: str, marks: list[PageMark]) -> list[str]:
    """The words of the header printed at every page break: the longest run of words that the
    text around two page numbers shares (empty when the pages have none)."""
    windows = []
    for k, mark in enumerate(marks):
        # each window stays on its own pages: a short first page must not be shared by two
        low = (marks[k - 1].end + mark.start) // 2 if k else 0
        high = (mark.end + marks[k + 1].start) // 2 if k + 1 < len(marks) else len(text)
        before = [w.group() for w in _words(text[low:mark.start])][-_WINDOW:]
        after = [w.group() for w in _words(text[mark.end:high])][:_WINDOW]
        windows.append([*before, f"\x00{k}", *after])  # the page number itself: never shared
    best: list[str] = []
    for a, b in itertools.pairwise(windows):  # the header stands at every break, so at the next
        match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
        if match.size > len(best):
            best = a[match.a:match.a + match.size]
    # the words before a sentence's end belong to the pages' text (pages can end alike)
    ends = [k for k in range(len(best) - 1) if best[k].endswith((".", "?", "!")) and best[k + 1][:1].isupper()]
    if ends:
        best = best[ends[-1] + 1:]
    return best if len(best) >= _HEADER_WORDS else []


def _header_spans(text: str, marks: list[PageMark], header: list[str]) -> list[tuple[int, int]]:
    """Where the header stands near each page number: the run of words most like it (a copy
    with an OCR slip, "Pdgemene" for "Algemene", still counts)."""
    spans: list[tuple[int, int]] = []
    if not header:
        return spans
    words = _words(text)
    tokens = [w.group() for w in words]
    starts = [w.start() for w in words]
    size = len(header)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(header)  # the costly side, prepared once
    for mark in marks:
        at = bisect.bisect_left(starts, mark.start)
        low, high = max(0, at - _WINDOW), min(len(words), at + _WINDOW)
        best: tuple[float, int, int] | None = None
        exact = next((k for k in range(low, high) if tokens[k:k + size] == header), None)
        if exact is not None:
            best = (1.0, exact, exact + size)
        for first in range(low, high) if best is None else ():
            for length in (size - 1, size, size + 1):
                last = first + length
                if last > len(words) or length <= 0:
                    continue
                # a copy starts or ends as the header does (an OCR slip rarely hits both ends)
                if tokens[first] != header[0] and tokens[last - 1] != header[-1]:
                    continue
                matcher.set_seq1(tokens[first:last])
                if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                    continue
                ratio = matcher.ratio()
                if best is None or ratio > best[0]:
                    best = (ratio, first, last)
        if best is not None and best[0] >= 0.8:
            _, first, last = best
            start = words[first].start()
            if first and words[first - 1].group() in ("/", "|", "\\"):  # a stray glyph of the letterhead
                start = words[first - 1].start()
            spans.append((start, words[last - 1].end()))
    return spans


def _without(text: str, spans: list[tuple[int, int]], breaks: set[int]) -> tuple[str, list[int]]:
    """The text with the spans cut out (each cut leaves a space) and where the page breaks
    (positions in the old text, each the start of a removed span) fall in the new one."""
    out: list[str] = []
    pos = 0
    page_at: list[int] = []
    length = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        piece = text[pos:start]
        out.append(piece)
        length += len(piece)
        if start in breaks:
            page_at.append(length)
        out.append("   ")
        length += 3
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out), page_at


def _page_notes(text: str, page_ends: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, str, int]]]:
    """The footnotes at each page's foot: spans to cut, and (number, text, where) per note."""
    spans: list[tuple[int, int]] = []
    notes: list[tuple[int, str, int]] = []
    expected = 1
    page_start = 0
    for end in [*page_ends, len(text)]:
        page = text[page_start:end]
        for m in _NOTE_OPEN.finditer(page):
            if int(m.group(1)) != expected:
                continue
            before = text[:page_start + m.start()]
            if not any(c.number == expected for c in marker_candidates(before)):
                continue
            found = split_notes(page[m.start():].strip(), expected)
            if not found:
                continue
            spans.append((page_start + m.start(), end))
            for number, note in found:
                notes.append((number, note, page_start + m.start()))
            expected = found[-1][0] + 1
            break
        page_start = end
    return spans, notes


def _lines(text: str) -> list[str]:
    """Layout lines: three or more spaces end a paragraph, two a line; a word broken at a line
    end ends one; every question label "Vraag N" (the next number) stands on a line of its own."""
    text = _BROKEN_WORD.sub("  ", text)
    pieces: list[str] = []
    pos = 0
    expected = 1
    for m in _LABEL.finditer(text):
        if int(m.group(1)) not in (expected, expected + 1):  # one label can be lost, not more
            continue
        expected = int(m.group(1))
        pieces.append(text[pos:m.start()])
        pieces.append("\x01" + m.group() + "\x01")
        pos = m.end()
        expected += 1
    pieces.append(text[pos:])
    text = "".join(pieces)
    lines: list[str] = []
    for paragraph in re.split(r" {3,}|\x01", text):
        if paragraph.startswith("Vraag") and _LABEL.fullmatch(paragraph):
            lines.extend(["", paragraph])
            continue
        lines.extend(ln.strip() for ln in re.split(r" {2}", paragraph) if ln.strip())
        lines.append("")
    return lines


def restore(text: str) -> Restored:
    """The layout lines, footnotes and page starts of a flattened text (see the module docstring)."""
    text = _unspaced(" ".join(text.split("\n")))
    marks = _page_marks(text)
    header = _running_header(text, marks)
    spans = _header_spans(text, marks, header)
    if len(spans) < max(2, len(marks) - 1):  # a phrase two pages share is no running header
        spans = []
    spans += [(m.start, m.end) for m in marks]
    # a page break falls where the first thing cut there starts (a header, or the page number)
    breaks: set[int] = set()
    for mark in marks:
        near = [s for s, e in spans if e >= mark.start - _LABEL_ROOM and s <= mark.start] or [mark.start]
        breaks.add(min(near))
    body, page_at = _without(text, _merged(spans), breaks)
    note_spans, notes = _page_notes(body, page_at)
    page_at = [_shifted(at, note_spans) for at in page_at]
    notes = [(number, note, _shifted(where, note_spans)) for number, note, where in notes]
    body, _ = _without(body, note_spans, set())
    lines = _lines(body)
    page_starts = _page_starts(lines, body, page_at)
    lines, found = _marked(lines, notes, body)
    return Restored(tuple(lines), tuple(found), page_starts)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _marked(lines: list[str], notes: list[tuple[int, str, int]], body: str) -> tuple[list[str], list[Footnote]]:
    """The lines with the notes' glued markers made explicit, and the notes."""
    if not notes:
        return lines, []
    # a marker stands before its note: the note's limit is the first line after where it stood
    limits: dict[int, int] = {}
    consumed = 0
    index = 0
    positions = sorted((where, number) for number, _, where in notes)
    for k, line in enumerate(lines):
        found = body.find(line, consumed) if line else -1
        if found >= 0:
            consumed = found + len(line)
        while index < len(positions) and consumed > positions[index][0]:
            limits[positions[index][1]] = k
            index += 1
    for _, number in positions[index:]:
        limits[number] = len(lines)
    resolved = resolve_markers(lines, limits)
    return list(resolved.texts), [make_footnote(number, [text]) for number, text, _ in notes]


def _shifted(at: int, spans: list[tuple[int, int]]) -> int:
    """Where position ``at`` falls once the spans are cut out (``_without`` leaves 3 spaces each)."""
    for start, end in sorted(spans, reverse=True):
        if end <= at:
            at -= (end - start) - 3
        elif start < at:
            at = start
    return at


def _page_starts(lines: list[str], body: str, page_at: list[int]) -> tuple[int, ...]:
    """The index of the first line of each page (where the text after a page break starts)."""
    starts: list[int] = [0]
    consumed = 0
    targets = sorted(page_at)
    index = 0
    for k, line in enumerate(lines):
        if not line:
            continue
        found = body.find(line, consumed)
        if found < 0:
            continue
        while index < len(targets) and found >= targets[index]:
            starts.append(k)
            index += 1
        consumed = found + len(line)
    return tuple(dict.fromkeys(starts))
