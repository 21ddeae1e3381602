"""Footnotes of a text extraction: separate the notes from the body, resolve glued markers.

Notes are numbered through the whole document, and that sequence is what identifies them:

- a *note block* is a block that opens with the number the next note should have (or one a few
  further on, since a note can lose its text in extraction) followed by text; inside it, further
  notes start at the following numbers ("1 Kamerstuk 36 180 nr. 190 2 Kamerstuk ..." works
  as well as one note a line);
- a block of nothing but URLs holds the link targets of the notes just before it; each URL
  goes to the note whose words its path repeats, else to the next note without a link;
- markers in the body are the same numbers glued to a word, a punctuation mark or a year
  ("Bamenga1", "Dobbe.5", "oktober 202514" = 2025 + note 14): candidates are read in order and
  accepted only when they continue the sequence, and never after the note's own text (the
  grammar of candidates is ``vocabulary.markers.marker_candidates``, shared with the txt writer).

>>> notes = split_notes("19 Volkskrant, 16 februari 2026, (Israël sproeit) 20 Kamerstuk 36 800-V, nr. 86.", 19)
>>> [(n, t) for n, t in notes]
[(19, 'Volkskrant, 16 februari 2026, (Israël sproeit)'), (20, 'Kamerstuk 36 800-V, nr. 86.')]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from overleg.readers.text.furniture import Block, Line
from overleg.readers.text.textjoin import join_lines
from overleg.vocabulary.dates import MONTH_PATTERN
from overleg.vocabulary.markers import MARK_RE, Candidate, mark, marker_candidates

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+(?:\s+(?:https?://|www\.)\S+)*\s*$")
# The tail of a URL wrapped onto the next line: one token of URL characters.
_URL_TAIL = re.compile(r"^[\w\-./~?=&%#:+;,@!$'()*]+$")

_NOTE_START = re.compile(r"(?:(?<=\s)|^)(\d{1,3})\s+(?=\S)")
_NOT_NOTE_AFTER = re.compile(
    # whole words: "8 euro" is an amount, "8 Europese ..." a note
    r"(?:(?:" + MONTH_PATTERN + r"|procent|mln|miljoen|miljard|euro|jaar|dagen|weken|uur|keer)\b|\d{3}\b|%)",
    re.IGNORECASE,
)
_NOT_NOTE_BEFORE = re.compile(
    r"(?:nrs?\.?|blz\.?|art(?:ikel)?\.?|Kamerstuk(?:ken)?|lid|pagina|p\.|,)\s*$", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"\d{1,3}\s+(?=\S)")
_NUMBER_LIST_GOES_ON = re.compile(r"(?:en|t/m|tot\s+en\s+met|,|-|–)\s*\d")
MAX_GAP = 4


@dataclass(frozen=True)
class NoteText:
    """A note's text as found in the source; ``no`` is the line it starts on."""

    number: int
    text: str
    urls: tuple[str, ...]
    no: int


@dataclass(frozen=True)
class Separated:
    """The body blocks, and the notes found between them, in source order."""

    body: tuple[Block, ...]
    notes: tuple[NoteText, ...]


def _is_note_start(text: str, start: int, number: int, expected: int) -> bool:
    if not expected <= number <= expected + MAX_GAP:
        return False
    nxt = _NEXT_WORD.match(text, start)
    if not nxt or _NOT_NOTE_AFTER.match(text, nxt.end()):
        return False
    if _NUMBER_LIST_GOES_ON.match(text, nxt.end()):  # "5 en 6. Antwoord": a label, not a note
        return False
    return not (start and _NOT_NOTE_BEFORE.search(text[:start]))


def split_notes(text: str, first: int) -> list[tuple[int, str]]:
    """Split the text of a note block (which opens with note ``first``) at the next numbers."""
    starts: list[tuple[int, int, int]] = []  # number, start of number, start of text
    expected = first
    for m in _NOTE_START.finditer(text):
        number = int(m.group(1))
        if _is_note_start(text, m.start(), number, expected):
            starts.append((number, m.start(), m.end()))
            expected = number + 1
    notes = []
    for k, (number, _, text_start) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        notes.append((number, text[text_start:end].strip()))
    return notes


def _rejoin_urls(lines: Sequence[Line]) -> list[Line]:
    """Join a URL that the extraction wrapped over two lines."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1].text if out else ""
        token = line.text.strip()
        if prev and _URL_RE.search(prev.split()[-1]) and " " not in token and _URL_TAIL.match(token) \
                and not _URL_RE.match(token) and (prev[-1] in "-/._=?&" or "/" in token or "-" in token):
            out[-1] = Line(out[-1].no, prev + token)
        else:
            out.append(line)
    return out


def _fold(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return {w for w in re.split(r"[^a-z0-9]+", plain) if len(w) >= 3}


def _assign_urls(urls: Sequence[str], notes: list[NoteText]) -> None:
    """Give each URL to the note whose words its path repeats, else to the next note without one."""
    for url in dict.fromkeys(urls):
        if any(url in n.urls for n in notes):
            continue
        slug = _fold(url.split("//", 1)[-1].split("/", 1)[-1])
        best, score = -1, 1
        for k, note in enumerate(notes):
            overlap = len(slug & _fold(note.text))
            if overlap > score:
                best, score = k, overlap
        if best < 0:
            best = next((k for k, n in enumerate(notes) if not n.urls), -1)
        if best >= 0:
            note = notes[best]
            notes[best] = NoteText(note.number, note.text, (*note.urls, url), note.no)


def separate(blocks: Sequence[Block]) -> Separated:
    """Take note blocks and URL blocks out of the body.

    Reads: blocks after the heading. Writes: body blocks (URL lines removed) and notes with
    their URLs, numbers ascending.
    """
    body: list[Block] = []
    notes: list[NoteText] = []
    group_start = 0  # index in ``notes`` of the last group of notes, which URLs after it belong to
    after_body = True
    expected = 1

    def attach(urls: list[str]) -> None:
        if urls:
            group = notes[group_start:]
            _assign_urls(urls, group)
            notes[group_start:] = group

    for block in blocks:
        raw = block.text
        urls: list[str] = []
        text_lines: list[Line] | tuple[Line, ...] = block.lines
        if "://" in raw or "www." in raw:
            text_lines = []
            for line in _rejoin_urls(block.lines):
                if (line.text.lstrip()[:4] in ("http", "www.")) and _URL_LINE.match(line.text):
                    urls.extend(line.text.split())
                else:
                    text_lines.append(line)
            if not text_lines:
                attach(urls)
                continue
        first = text_lines[0].text.lstrip()[:1]
        m = _NOTE_START.match(join_lines([line.text for line in text_lines])) if first.isdigit() else None
        if m and _is_note_start(m.string, 0, int(m.group(1)), expected):
            text = m.string
            if after_body:
                group_start = len(notes)
                after_body = False
            for number, note in split_notes(text, int(m.group(1))):
                inline = tuple(dict.fromkeys(_URL_RE.findall(note)))
                clean = " ".join(_URL_RE.sub(" ", note).split())
                notes.append(NoteText(number, clean, inline, block.no))
                expected = number + 1
            attach(urls)
            continue
        body.append(block if text_lines is block.lines else Block(tuple(text_lines)))
        after_body = True
        attach(urls)
    return Separated(tuple(body), tuple(notes))


@dataclass(frozen=True)
class Resolved:
    """Paragraph texts with every accepted marker replaced by ``mark(n)``, and the numbers found."""

    texts: tuple[str, ...]
    numbers: tuple[int, ...]


_LOOKAHEAD = 400  # candidates searched for a missing marker before giving up on it


def resolve_markers(texts: Sequence[str], limits: dict[int, int]) -> Resolved:
    """Find the footnote markers in paragraphs, in sequence.

    ``limits`` maps a note number to the index of the first paragraph that comes after the
    note's text in the source (a marker stands before its note). Reads: paragraph texts.
    Writes: the texts with explicit marks; the note numbers whose markers were found.
    """
    cands = [(k, c) for k, text in enumerate(texts) for c in marker_candidates(text)]
    highest = max(limits, default=0)
    numbered = sorted(limits)
    accepted: list[tuple[int, Candidate]] = []
    expected = 1
    pos = 0
    while pos < len(cands):
        k, cand = cands[pos]
        pos += 1
        if cand.explicit:
            accepted.append((k, cand))
            expected = max(expected, cand.number + 1)
            continue
        if not expected <= cand.number <= expected + MAX_GAP or cand.number > highest + MAX_GAP:
            continue
        if cand.number in limits and k >= limits[cand.number]:
            continue
        # Skipping a number that has text is allowed only when its marker is nowhere to be found.
        if any(n in limits for n in range(expected, cand.number)) and any(
            c.number == expected and j < limits.get(expected, j + 1) for j, c in cands[pos:pos + _LOOKAHEAD]
        ):
            continue
        after = bisect.bisect_right(numbered, cand.number)
        later = limits[numbered[after]] if after < len(numbered) else None
        if cand.number not in limits and later is not None and k >= later:
            continue
        accepted.append((k, cand))
        expected = cand.number + 1
    by_para: dict[int, list[Candidate]] = {}
    for k, cand in accepted:
        by_para.setdefault(k, []).append(cand)
    out = list(texts)
    for k, found in by_para.items():
        text = out[k]
        for cand in reversed(found):
            if MARK_RE.match(text, cand.start):
                continue
            text = text[:cand.start] + mark(cand.number) + text[cand.end:]
        out[k] = text
    return Resolved(tuple(out), tuple(c.number for _, c in accepted))
