"""Plain text and Markdown: text extracted from a PDF by another tool, or re-flowed text.

Such text has lost what the PDF reader knows from fonts, so this reader recovers it from
wording and sequence. Stages:

1. ``_markdown`` (Markdown only): heading hashes, emphasis markers, backslash escapes and
   bracketed note markers ("[1 ]", "[4 5 ]") go, links keep their text and URL; "-----" page
   separators become page breaks.
2. ``_unglue_furniture``: page feet glued to the next line's start ("’s-Gravenhage 2023Tweede
   Kamer, vergaderjaar 2022–2023, Aanhangsel 1Antwoord 3") are cut off; lines that are only
   furniture ("ah-tk-20222023-3649", "ISSN 0921 - 7398", "h tk 20232024 302") are dropped.
3. ``_notes``: footnote references and bodies, told apart by sequence. A reference is the next
   expected number alone on a line, before a lower-case word ("3 ingegaan op"), or in
   superscript digits where the printed page has it ("bericht?³", as overleg's txt writer
   writes it; only in texts with "Vraag N" labels: a report's glued markers are resolved by
   the report reader, with its notes), with a note body of that number further on: it becomes
   a mark glued to the text before. A body is the
   next expected note number (once its reference was seen) before a capital, bracket or URL,
   glued or not ("1Brabants Dagblad", "2 https://"); its lines run to an empty line, the next
   body or a label, and go to ``footnotes``. Right after a body, the next number opens the
   next body whatever its first letter ("5 pyrotechnische stoffen"). A numbered table or list
   in the text ("1 Gelderland 12 640.000", then "2 Noord-Holland ...") is no note body when
   the note's body stands further on and the next row's number was not referenced.

A text flattened onto one line (a whole PDF, as a research dataset keeps it) skips these stages:
``text.flattened`` restores its lines, pages and notes.
"""

from __future__ import annotations

import re

from overleg.model import Footnote
from overleg.readers.source import Source
from overleg.readers.text import flattened
from overleg.readers.text.documents import document_starts
from overleg.readers.text.notes import make_footnote
from overleg.readers.text.prepared import PreparedText, normalise
from overleg.readers.text.qa_blocks import label_of
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE, mark

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w/\\])[_*](?=\S)|(?<=[^\s\\])[_*](?![\w/])")
_MD_LINK = re.compile(r"(?<!\\)\[([^\]\n]+)\]\(((?:https?://|www\.)[^)\s]+)\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MD_NOTE = re.compile(r"\[\s*(\d{1,3}(?:\s+\d{1,3})*)\s*\]")
_MD_PAGE = re.compile(r"^\s*-{5,}\s*$")

_FURNITURE_PART = re.compile(
    r"""(?:
        (?:ah|kst|h)[-\ ]tk[-\ ]\d{8}[-\ ]\d{1,5}
      | ah-tk-\d{8}-\d{1,5} | kst-[\w-]+
      | ISSN\s*\d{4}\s*-\s*\d{3}[\dX]
      | ['’]s-Gravenhage\s+\d{4}
      | (?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},\s+Aanhangsel\s+\d{1,3}
      | (?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},\s+[\d ]+(?:-[\w]+)?,\s+nr\.\s*\d+\s+\d{1,3}
    )""",
    re.VERBOSE,
)
_FURNITURE_HEAD = re.compile(r"^\s*(?:" + _FURNITURE_PART.pattern + r"\s*)+", re.VERBOSE)
_FURNITURE_FIRST = frozenset("akhIT'’E")  # the first letters of the _FURNITURE_PART alternatives

_REF_ALONE = re.compile(r"^\s*(\d{1,3})\s*$")
# a heading whose next line is a number of the document, not a note reference ("Aanhangsel van
# de Handelingen" / "1": the first Aanhangsel of a year, while note 1 is still to come)
_NUMBER_FOLLOWS = re.compile(r"^\s*Aanhangsel\s+van\s+de\s+Handelingen\s*$", re.IGNORECASE)
_REF_BEFORE_WORD = re.compile(r"^\s*(\d{1,3})\s+(?=[a-zà-ÿ])")
_BODY_NEXT = re.compile(r"^\s*(\d{1,3})\s+(?=\S)")
_BODY = re.compile(r"^\s*(\d{1,3})(?:\s?(?=[A-ZÀ-Þ(«“‘\"']|https?:|www\.)|\s+(?=\d))")


_PAGE = "\f"  # a page break while the stages run; an empty line in the result


def _markdown(lines: list[str]) -> list[str]:
    """Stage 1: plain lines, a page separator as a page break."""
    out: list[str] = []
    for line in lines:
        if _MD_PAGE.match(line):
            out.append(_PAGE)
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_LINK.sub(lambda m: m.group(1) if m.group(2) in m.group(1) else f"{m.group(1)} ({m.group(2)})", line)
        line = _MD_EMPHASIS.sub("", line)
        line = _MD_NOTE.sub(lambda m: "".join(mark(int(n)) for n in m.group(1).split()), line)
        line = _MD_ESCAPE.sub(r"\1", line)
        out.append(line)
    return out


def _unglue_furniture(lines: list[str], rstrip: bool = False) -> list[str]:
    """Stage 2: cut page furniture off the start of lines, drop lines that were only that
    (with ``rstrip``, trailing space goes first: one walk over the lines instead of two)."""
    out: list[str] = []
    for line in lines:
        if rstrip and line != _PAGE:
            line = line.rstrip()
        first = line[:1]
        if first.isspace():
            first = line.lstrip()[:1]
        if first not in _FURNITURE_FIRST:  # a cheap test: the pattern cannot match
            out.append(line)
            continue
        m = _FURNITURE_HEAD.match(line)
        if m:
            rest = line[m.end():]
            if not rest.strip():
                continue
            line = rest
        out.append(line)
    return out


def _after_number_heading(out: list[str]) -> bool:
    last = next((line for line in reversed(out) if line.strip()), "")
    return _NUMBER_FOLLOWS.match(last) is not None


def _glue_mark(out: list[str], number: int) -> None:
    for k in range(len(out) - 1, -1, -1):
        if out[k].strip():
            out[k] = out[k].rstrip() + mark(number)
            return
    out.append(mark(number))


def _numbered(lines: list[str]) -> list[int]:
    """The indexes of the lines that start with a digit (after spaces): the only lines a note
    reference or a note body can start; found once for the two walks of stage 3."""
    return [no for no, line in enumerate(lines)
            if line[:1].isdigit() or (line[:1].isspace() and line.lstrip()[:1].isdigit())]


def _last_body_lines(lines: list[str], numbered: list[int]) -> dict[int, int]:
    """For each number, the last line that could open the body of a note with that number."""
    found: dict[int, int] = {}
    for no in numbered:
        line = lines[no]
        m = _BODY.match(line)
        if m:
            found[int(m.group(1))] = no
            continue
        m = _BODY_NEXT.match(line)  # right after the body of the note before it
        if m and found.get(int(m.group(1)) - 1) == no - 1:
            found[int(m.group(1))] = no
    return found


def _notes(lines: list[str]) -> tuple[list[str], tuple[Footnote, ...]]:
    """Stage 3: references become marks; bodies are taken out as footnotes."""
    out: list[str] = []
    bodies: list[tuple[int, list[str]]] = []
    next_ref = next_body = 1
    in_body = False
    numbered_at = _numbered(lines)
    last_body = _last_body_lines(lines, numbered_at)
    numbered_set = set(numbered_at)
    labelled: bool | None = None  # texts with "Vraag N" labels; asked only when a line holds a superscript
    for no, line in enumerate(lines):
        if not in_body and next_ref in last_body and _SUPERSCRIPTS.search(line):
            if labelled is None:
                labelled = any(label_of(line) is not None for line in lines)
            if labelled:
                line = _superscript_refs(line, no, next_ref, last_body)
        if MARK_OPEN in line:
            for m in MARK_RE.finditer(line):
                next_ref = max(next_ref, int(m.group(2)) + 1)
        numbered = no in numbered_set
        body = _BODY.match(line) if numbered else None
        if body is None and in_body and numbered:
            # inside the notes the next number opens the next note, whatever its first letter
            body = _BODY_NEXT.match(line)
        if body and int(body.group(1)) == next_body and next_body < next_ref \
                and not _numbered_row(lines, no, next_body, next_ref, last_body):
            bodies.append((next_body, [line[body.end():]]))
            next_body += 1
            in_body = True
            continue
        if in_body:
            if line.strip() and label_of(line) is None:
                bodies[-1][1].append(line)
                continue
            in_body = False
        if not numbered:
            out.append(line)
            continue
        if last_body.get(next_ref, -1) < no:  # no note of that number follows: a number, not a reference
            out.append(line)
            continue
        alone = _REF_ALONE.match(line)
        if alone and int(alone.group(1)) == next_ref and not _after_number_heading(out):
            _glue_mark(out, next_ref)
            next_ref += 1
            continue
        before = _REF_BEFORE_WORD.match(line)
        if before and int(before.group(1)) == next_ref:
            _glue_mark(out, next_ref)
            next_ref += 1
            line = line[before.end():]
        out.append(line)
    return out, tuple(make_footnote(n, body) for n, body in bodies)


def _numbered_row(lines: list[str], no: int, number: int, next_ref: int, last_body: dict[int, int]) -> bool:
    """Line ``no`` opens a row of a numbered table or list in the text ("1 Gelderland 12 640.000",
    then "2 Noord-Holland ..."), not the body of note ``number``: the note's body stands further
    on, and the next line goes on with the next number, whose note was not referenced."""
    if last_body.get(number, no) <= no or number + 1 < next_ref:
        return False
    after = next((line for line in lines[no + 1:] if line.strip()), "")
    m = _BODY_NEXT.match(after)
    return m is not None and int(m.group(1)) == number + 1


_DIGIT_UP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# one marker, or several at one place, a space apart ("typering.⁴ ⁵")
_SUPERSCRIPTS = re.compile(f"[{_DIGIT_UP}]{{1,3}}(?: [{_DIGIT_UP}]{{1,3}})*")
_FROM_SUPERSCRIPT = str.maketrans(_DIGIT_UP, "0123456789")


def _superscript_refs(line: str, no: int, next_ref: int, last_body: dict[int, int]) -> str:
    """The line with its references in superscript ("bericht?³") as marks: each the next
    expected number, with the body of its note further on. (A number glued in ordinary digits
    is left alone: "CO2", "NIS2" and "2022" end in digits too.)"""
    if not _SUPERSCRIPTS.search(line):
        return line
    out, last = [], 0
    for m in _SUPERSCRIPTS.finditer(line):
        numbers = [int(n) for n in m.group().translate(_FROM_SUPERSCRIPT).split()]
        if numbers != list(range(next_ref, next_ref + len(numbers))) \
                or any(last_body.get(n, -1) <= no for n in numbers):
            continue
        out.append(line[last:m.start()] + "".join(mark(n) for n in numbers))
        last = m.end()
        next_ref += len(numbers)
    return "".join(out) + line[last:] if out else line


def _notes_per_document(lines: list[str]) -> tuple[list[str], tuple[Footnote, ...]]:
    """Stage 3 for each document of a text holding several: each numbers its notes from 1."""
    starts = document_starts(lines)
    if len(starts) == 1:
        return _notes(lines)
    out: list[str] = []
    notes: list[Footnote] = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        part, found = _notes(lines[a:b])
        out.extend(part)
        notes.extend(found)
    return out, tuple(notes)


def extract(src: Source, markdown: bool = False) -> PreparedText:
    """The lines and footnotes of a text or Markdown file (see the module docstring)."""
    text = normalise(src.text())
    if not markdown and flattened.is_flattened(text):  # a whole PDF on one line (a dataset's copy)
        restored = flattened.restore(text)
        return PreparedText(source=src.name, lines=restored.lines, footnotes=restored.footnotes,
                            page_starts=restored.page_starts)
    text = text.replace("\f", "\n" + _PAGE + "\n")
    if markdown:
        lines = _unglue_furniture(_markdown([line.rstrip() if line != _PAGE else line for line in text.split("\n")]))
    else:
        lines = _unglue_furniture(text.split("\n"), rstrip=True)
    lines, footnotes = _notes_per_document(lines)
    starts: list[int] = []
    long_lines = 0
    if _PAGE in lines:
        for k, line in enumerate(lines):  # page breaks out, long lines counted: one walk
            if line == _PAGE:
                starts.append(k + 1)
                lines[k] = ""
            elif len(line) > 120:
                long_lines += 1
    else:  # most text files have no page breaks: only the long lines are counted
        long_lines = len([n for n in map(len, lines) if n > 120])
    return PreparedText(
        source=src.name,
        lines=tuple(lines),
        footnotes=footnotes,
        reflowed=long_lines > len(lines) // 20,
        page_starts=tuple([0, *starts] if starts else ()),
    )
