"""PDF to PreparedText with pypdfium2: layout lines in reading order, footnotes apart.

Stages, per page:

1. ``_page_runs``: every text object (one ``Tj``/``TJ`` run: usually a line or a part of one in
   one font) with its baseline, horizontal extent and effective font size. Working on runs
   rather than characters keeps a page at a few hundred pdfium calls (a 4-page Aanhangsel reads
   in well under 40 ms).
2. ``_group_lines``: runs on one baseline (within half a font size) form a line; a wide gap
   splits it into columns.
3. ``_render``: a run in a smaller font raised above the baseline holding only digits is a
   footnote reference and becomes ``mark(n)``; a smaller run below the baseline (the 2 of
   "CO2") stays text. Runs are joined with a space where the gap is wide enough.
4. ``_drop_furniture``: running heads and feet ("ah-tk-20232024-1076", "ISSN 0921 - 7398",
   "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 2", bare page numbers, and any line
   repeated at the top or foot of several pages).
5. ``_split_notes``: the block of small-font lines at the foot of a page, starting with a note
   number, is cut into footnotes (``readers.text.notes``); a block without a leading number
   continues the previous page's last note. A web link on a note's line (a link annotation
   with a URI) whose target the note does not print adds that target to the note's ``urls``,
   as a Word note's hyperlink does (a cited article's title linked to the article).

Lines keep a hint of indentation (leading spaces, one per half an em beyond the page's text
margin), paragraphs are separated by an empty line, a page break is an empty line and is
recorded in ``PreparedText.page_starts``. A hyphen pdfium marks as a line-end break ("\\x02")
is printed as "-": whether to join is the text parser's decision.

A hostile PDF is refused under ``PdfLimits`` before pdfium parses what would cost it: the
decoded size of every stream is counted in the raw file first (``pdf_streams``: a 100 KB file
whose page inflated to 100 MB took 1.4 GB and 10 s, and at 1 GB pdfium aborted the process),
then the page count (a million pages took over a minute), then a deadline between pages.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from overleg.errors import UnreadableInput
from overleg.extract.urls import link_target
from overleg.model import Footnote
from overleg.readers.limits import READ_SECONDS, Deadline
from overleg.readers.pdf_streams import claimed_pages, stream_sizes
from overleg.readers.source import Source
from overleg.readers.text.notes import make_footnote
from overleg.readers.text.prepared import PreparedText, normalise
from overleg.readers.text.qa_blocks import label_of
from overleg.vocabulary.markers import MARK_RE, mark

MAX_PAGES = 2_000  # a long Kamerstuk has a few hundred
MAX_CONTENT_STREAM_BYTES = 2 * 1024 * 1024  # decoded; a page of text is 5 to 50 KB (pdfium spends ~14x)
MAX_FONT_BYTES = 16 * 1024 * 1024  # decoded; an embedded font, even a whole one, is smaller
MAX_DECODED_BYTES = 128 * 1024 * 1024  # all streams but images, decoded
MAX_PAGE_CHARACTERS = 100_000  # a dense A4 page of text has some 6,000


@dataclass(frozen=True)
class PdfLimits:
    """What ``extract`` takes from one PDF before it refuses it (docs/readers.md, "Limits")."""

    pages: int = MAX_PAGES
    content_bytes: int = MAX_CONTENT_STREAM_BYTES
    font_bytes: int = MAX_FONT_BYTES
    decoded_bytes: int = MAX_DECODED_BYTES
    page_characters: int = MAX_PAGE_CHARACTERS
    seconds: float = READ_SECONDS


@dataclass(slots=True)
class _Run:
    x0: float
    x1: float
    y: float  # baseline
    size: float
    text: str
    space_before: bool = False  # pdfium's text has a space (real or generated) next to the run
    space_after: bool = False


@dataclass(slots=True)
class _Line:
    runs: list[_Run]
    y: float
    size: float  # the font size of the line's main run
    x0: float
    text: str = ""
    lead_mark: int | None = None  # a superscript number opening the line (a note's number)
    links: list[str] = field(default_factory=list)  # targets of the web links on the line


# --- stage 1: runs -----------------------------------------------------------------------------


# pdfium's FPDFText_GetTextObject with a plain address as result, so that runs of characters
# of one text object can be told apart by comparing integers.
_OBJECT_AT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)


def _run_end(tp: ctypes.c_void_p, text: str, start: int, count: int, obj: int) -> int:
    """The last index of the characters from ``start`` on that belong to text object ``obj``.

    The characters of one object are consecutive. Most runs end where pdfium ends the line, so
    that guess is tried first (two calls); otherwise a galloping search needs a few calls per
    run instead of one per character.
    """
    newline = text.find("\r", start)
    guess = (newline if newline >= 0 else count) - 1
    if guess >= start and _OBJECT_AT(tp, guess) == obj and (guess + 1 >= count or _OBJECT_AT(tp, guess + 1) != obj):
        return guess
    step, lo = 1, start
    while lo + step < count and _OBJECT_AT(tp, lo + step) == obj:
        lo += step
        step *= 2
    hi = min(lo + step, count)  # first index known (or assumed) not to belong
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _OBJECT_AT(tp, mid) == obj:
            lo = mid
        else:
            hi = mid
    return lo


def _page_text(tp: ctypes.c_void_p, count: int) -> str:
    buf = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(tp, 0, count, buf)
    return bytes(buf)[: count * 2].decode("utf-16-le", errors="replace")


def _page_runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    """Runs of characters of one text object each, with baseline, extent and font size."""
    raw = textpage.raw
    tp = ctypes.cast(raw, ctypes.c_void_p)
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    text = _page_text(raw, count)
    if len(text) != count:  # characters outside the BMP: fall back to pdfium's own lines
        text = text.ljust(count)[:count]
    runs: list[_Run] = []
    fm = pdfium_c.FS_MATRIX()
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    i = 0
    while i < count:
        obj = _OBJECT_AT(tp, i)
        if not obj:
            i += 1
            continue
        end = _run_end(tp, text, i, count, obj)
        chunk = text[i : end + 1]
        start = i
        first = i + (len(chunk) - len(chunk.lstrip()))
        last = end - (len(chunk) - len(chunk.rstrip()))
        i = end + 1
        if first > last:
            continue
        pdfium_c.FPDFText_GetMatrix(raw, first, fm)
        if abs(fm.b) > 0.05 * abs(fm.a) or fm.a <= 0:  # rotated or mirrored text: a margin stamp
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, first) * math.hypot(fm.c, fm.d)
        x0 = fm.e  # the object's origin: where its first glyph, perhaps a space, stands
        if first > start:  # an object that opens with a space starts, as text, after it
            pdfium_c.FPDFText_GetCharBox(raw, first, left, right, bottom, top)
            x0 = max(x0, left.value)
        pdfium_c.FPDFText_GetCharBox(raw, last, left, right, bottom, top)
        runs.append(_Run(x0, max(right.value, x0), fm.f, size, text[first : last + 1],
                         first > 0 and text[first - 1].isspace(), last + 1 < count and text[last + 1].isspace()))
    return runs


MAX_LINKS_PER_PAGE = 1_000  # a page of notes has a few dozen
_URI_BYTES = 4_096


def _page_links(pdf: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[tuple[pdfium_c.FS_RECTF, str]]:
    """The web links of a page: each link annotation's rectangle and its URI target."""
    found: list[tuple[pdfium_c.FS_RECTF, str]] = []
    pos, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    for _ in range(MAX_LINKS_PER_PAGE):  # links past these are not read
        if not pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
            break
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        buf = ctypes.create_string_buffer(_URI_BYTES)
        size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buf, _URI_BYTES)
        rect = pdfium_c.FS_RECTF()
        if not 1 < size <= _URI_BYTES or not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        uri = _decoded(buf.value).strip()
        if uri:
            found.append((rect, uri))
    return found


def _decoded(uri: bytes) -> str:
    """A URI as a PDF holds it: ASCII by the standard, UTF-8 as Typst and others write it."""
    try:
        return uri.decode("utf-8")
    except UnicodeDecodeError:
        return uri.decode("latin-1")


def _attach_links(lines: list[_Line], links: list[tuple[pdfium_c.FS_RECTF, str]]) -> None:
    """Each link's target to the line whose baseline lies in the link's rectangle and whose
    text it overlaps."""
    for rect, uri in links:
        bottom, top = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
        left, right = min(rect.left, rect.right), max(rect.left, rect.right)
        line = next((ln for ln in lines if bottom - 0.1 * ln.size <= ln.y <= top
                     and ln.runs[0].x0 < right and max(r.x1 for r in ln.runs) > left), None)
        if line is not None and uri not in line.links:
            line.links.append(uri)


# --- stages 2 and 3: lines ----------------------------------------------------------------------


def _group_lines(runs: list[_Run]) -> list[list[_Run]]:
    """Runs on one baseline, top to bottom; a gap wider than four ems starts a new column."""
    runs = sorted(runs, key=lambda r: -r.y)
    groups: list[list[_Run]] = []
    ref: _Run | None = None
    for run in runs:
        if ref is not None and abs(run.y - ref.y) <= 0.5 * max(ref.size, run.size):
            groups[-1].append(run)
            if run.size > ref.size:
                ref = run
            continue
        groups.append([run])
        ref = run
    lines: list[list[_Run]] = []
    for group in groups:
        group.sort(key=lambda r: r.x0)
        current = [group[0]]
        for run in group[1:]:
            if run.x0 - current[-1].x1 > 4 * max(run.size, current[-1].size):
                lines.append(current)
                current = [run]
            else:
                current.append(run)
        lines.append(current)
    return lines


_CLOSE_MARK = mark(0)[-1]
# pdfium's marks for a hyphen at a line end, and ligature glyphs NFC leaves alone
_PDF_CHARS = str.maketrans({"\x02": "-", "\ufffe": "-", "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl",
                            "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_MARK_TEXT = re.compile(r"^\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*$")


def _main_run(runs: list[_Run]) -> _Run:
    return max(runs, key=lambda r: (len(r.text.strip()) * r.size, r.size))


def _render(runs: list[_Run]) -> _Line:
    """The text of one line with superscript note numbers as marks (stage 3)."""
    main = _main_run(runs)
    parts: list[str] = []
    lead: int | None = None
    prev: _Run | None = None
    for run in runs:
        text = run.text.translate(_PDF_CHARS)
        superscript = (
            run is not main and run.size < 0.85 * main.size and run.y > main.y + 0.15 * main.size
            and bool(_MARK_TEXT.match(text))
        )
        if superscript:
            numbers = [int(n) for n in re.findall(r"\d+", text)]
            if not parts and lead is None and len(numbers) == 1:
                lead = numbers[0]
            else:
                parts.append("".join(mark(n) for n in numbers))
            prev = run
            continue
        after_mark = bool(parts) and parts[-1].endswith(_CLOSE_MARK) and text[:1] in ".,;:?!)»”’"
        if parts and prev is not None and _spaced(prev, run) and not parts[-1].endswith(" ") and not after_mark:
            parts.append(" ")
        parts.append(text)
        prev = run
    text = _normalise_marked("".join(parts)).rstrip()
    return _Line(runs, main.y, main.size, runs[0].x0 if lead is None else _first_text_x(runs), text, lead)


def _spaced(prev: _Run, run: _Run) -> bool:
    """Whether a space separates two neighbouring runs: clear gaps decide by width, narrow ones
    by the spaces pdfium put between them."""
    gap = run.x0 - prev.x1
    em = max(run.size, prev.size)
    if gap < 0.1 * em:
        return False
    return gap > 0.3 * em or prev.space_after or run.space_before


def _normalise_marked(text: str) -> str:
    """``normalise`` over a line that holds marks (which normalise would strip): an accent that
    pdfium put in a run of its own is rejoined with its letter here."""
    out: list[str] = []
    pos = 0
    for m in MARK_RE.finditer(text):
        out.append(normalise(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(normalise(text[pos:]))
    return "".join(out)


def _first_text_x(runs: list[_Run]) -> float:
    return runs[1].x0 if len(runs) > 1 else runs[0].x0


# --- stage 4: furniture -------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"""^(?:
        (?:ah|kst|h|stb|stcrt|trb|blg)-[\w.-]+                  # the publication id in the foot
      | ISSN\s*\d{4}\s*-\s*\d{3}[\dX]
      | ['’]s-Gravenhage\s+\d{4}
      | (?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},.{0,60}
      | \d{1,4}
    )$""",
    re.VERBOSE,
)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _edge_key(line: _Line) -> tuple[str, int]:
    return _shape(line.text), round(line.y)


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove running heads and feet: known furniture at a page's edge, and edge lines repeated
    at the same height on at least three pages and half of them (never a question or answer
    label, which can open several pages at the same height, nor a footnote's first line)."""
    edge_keys: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edge_keys.update({_edge_key(line) for line in lines[:2] + lines[-3:]})
    least = max(3, len(pages) // 2)
    repeated = {key for key, n in edge_keys.items() if n >= least and len(key[0]) > 3}
    kept: list[list[_Line]] = []
    for lines in pages:
        out = []
        for k, line in enumerate(lines):
            at_edge = k < 3 or k >= len(lines) - 4
            text = line.text.strip()
            # a line opening with a note's number is a footnote, however often its shape recurs
            # at the foot ("Kamerstuk 29 383, nr. 406." as the last note of three pages)
            repeats = _edge_key(line) in repeated and label_of(text) is None and line.lead_mark is None
            if at_edge and (_FURNITURE.match(text) or repeats):
                continue
            out.append(line)
        kept.append(out)
    return kept


# --- stage 5: footnotes -------------------------------------------------------------------------

_NOTE_START = re.compile(r"^(\d{1,3})\.?\s+(?=\S)")


def _numbered(line: _Line) -> bool:
    return line.lead_mark is not None or bool(_NOTE_START.match(line.text))


def _note_block_start(lines: list[_Line], body_size: float, continuing: bool) -> int:
    """Index of the first line of the page-foot notes, len(lines) if none.

    The notes are the small-print lines at the foot of the page. Unnumbered small lines at the
    top of that block continue the previous page's last note when there is one (``continuing``);
    otherwise they are small print of the body, and the notes start at the first numbered line.
    """
    k = len(lines)
    while k > 0 and lines[k - 1].size < 0.88 * body_size:
        k -= 1
    block = lines[k:]
    if not any(_numbered(line) for line in block) and not continuing:
        return len(lines)
    if continuing:
        return k
    while k < len(lines) and not _numbered(lines[k]):
        k += 1
    return k


@dataclass(frozen=True)
class _PageNote:
    """A footnote as printed at a page's foot: its number, lines and the web links on them."""

    number: int
    lines: list[str]
    links: list[str]


def _split_notes(lines: list[_Line], pending: list[_PageNote]) -> None:
    """Cut a page's note block into notes, continuing the last note when unnumbered."""
    for line in lines:
        text = MARK_RE.sub("", line.text)  # a reference inside a note's text has no note of its own here
        m = _NOTE_START.match(text)
        expected = pending[-1].number + 1 if pending else 1
        if line.lead_mark is not None:
            pending.append(_PageNote(line.lead_mark, [text], list(line.links)))
        elif m and (int(m.group(1)) == expected or not pending):
            pending.append(_PageNote(int(m.group(1)), [text[m.end():]], list(line.links)))
        elif pending:
            pending[-1].lines.append(text)
            pending[-1].links.extend(line.links)


# --- the reader ---------------------------------------------------------------------------------


def _open(src: Source) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(src.data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(e).lower():
            raise UnreadableInput(
                src.name, "the PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableInput(src.name, "the PDF uses an unsupported security handler") from None
        raise UnreadableInput(src.name, "the PDF is damaged or truncated and cannot be opened") from None
    except (OSError, ValueError) as e:
        raise UnreadableInput(src.name, f"the PDF cannot be opened ({e})") from None


def _check_streams(src: Source, limits: PdfLimits) -> None:
    """UnreadableInput when a stream decodes to more than its limit, or all of them together do."""
    total = 0
    for kind, size in stream_sizes(src.data, src.name, limits.content_bytes, limits.font_bytes):
        limit = limits.font_bytes if kind == "font" else limits.content_bytes
        if size > limit:
            raise UnreadableInput(src.name, f"a {'font' if kind == 'font' else 'content stream'} of the PDF decodes to "
                                  f"more than {limit:,} bytes (the limit on a {kind} stream's size)")
        total += size
        if total > limits.decoded_bytes:
            raise UnreadableInput(src.name, f"the PDF's streams decode to more than {limits.decoded_bytes:,} bytes "
                                  "(the limit on a PDF's decoded size)")


def _too_many_pages(src: Source, pages: int, limits: PdfLimits) -> None:
    if pages > limits.pages:
        raise UnreadableInput(src.name, f"a PDF of {pages:,} pages; more than {limits.pages:,} is refused "
                              "(the limit on pages)")


def _read_pages(src: Source, limits: PdfLimits | None = None, deadline: Deadline | None = None) -> list[list[_Line]]:
    """The lines of each page, under ``limits`` (the default ones) and by ``deadline``."""
    limits = limits or PdfLimits()
    deadline = deadline or Deadline(src.name, limits.seconds)
    _too_many_pages(src, claimed_pages(src.data), limits)  # before pdfium indexes them
    _check_streams(src, limits)
    pdf = _open(src)
    try:
        _too_many_pages(src, len(pdf), limits)
        pages: list[list[_Line]] = []
        for index in range(len(pdf)):
            deadline.check(f"page {index + 1}")
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                raise UnreadableInput(src.name, "a page of the PDF is damaged", where=f"page {index + 1}") from None
            try:
                characters = pdfium_c.FPDFText_CountChars(textpage.raw)
                if characters > limits.page_characters:
                    raise UnreadableInput(src.name, f"a page of {characters:,} characters; more than "
                                          f"{limits.page_characters:,} is refused (the limit on a page's text)",
                                          where=f"page {index + 1}")
                runs = _page_runs(textpage)
                lines = [_render(group) for group in _group_lines(runs)]
                _attach_links(lines, _page_links(pdf, page))
                pages.append(lines)
            finally:
                textpage.close()
                page.close()
        return pages
    finally:
        pdf.close()


def _mode(values: list[float], default: float) -> float:
    counted = Counter(round(v, 1) for v in values)
    return counted.most_common(1)[0][0] if counted else default


def extract(src: Source, limits: PdfLimits | None = None) -> PreparedText:
    """The layout lines and page-foot footnotes of a PDF (see the module docstring), read under
    ``limits``."""
    chosen = limits or PdfLimits()
    pages = _read_pages(src, chosen, Deadline(src.name, chosen.seconds))
    if not any(line.text.strip() for lines in pages for line in lines):
        raise UnreadableInput(src.name, "the PDF holds no text layer (scanned images?); run OCR first")
    body_size = _body_size(pages)
    pages = _drop_furniture(pages)
    out: list[str] = []
    page_starts: list[int] = []
    notes: list[_PageNote] = []
    for lines in pages:
        start = _note_block_start(lines, body_size, continuing=bool(notes))
        _split_notes(lines[start:], notes)
        body = lines[:start]
        if out:
            out.append("")
        page_starts.append(len(out))
        out.extend(_layout(body, body_size))
    footnotes = _footnotes(notes)
    return PreparedText(source=src.name, lines=tuple(out), footnotes=footnotes, page_starts=tuple(page_starts))


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size most of the text is set in."""
    weight: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weight[round(line.size, 1)] += len(line.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def _layout(lines: list[_Line], body_size: float) -> list[str]:
    """Body lines with indentation hints and an empty line between paragraphs."""
    if not lines:
        return []
    margin = _mode([ln.x0 for ln in lines if abs(ln.size - body_size) < 0.3], min(ln.x0 for ln in lines))
    pitches = [a.y - b.y for a, b in itertools.pairwise(lines) if abs(a.size - body_size) < 0.3]
    pitch = _mode([p for p in pitches if p > 0], body_size * 1.2)
    out: list[str] = []
    for k, line in enumerate(lines):
        if k and lines[k - 1].y - line.y > 1.5 * pitch:
            out.append("")
        indent = max(0, round((line.x0 - margin) / (0.5 * body_size)))
        lead = mark(line.lead_mark) if line.lead_mark is not None else ""
        out.append(" " * min(indent, 40) + lead + line.text)
    return out


def _footnotes(notes: list[_PageNote]) -> tuple[Footnote, ...]:
    return tuple(_with_links(make_footnote(note.number, note.lines), note.links) for note in notes)


def _with_links(note: Footnote, links: list[str]) -> Footnote:
    """The note with the targets of its links that it does not print (as such or as the address
    a printed one links to) added to its ``urls``; only web and mail addresses
    (``extract.urls.link_target``: no ``javascript:``)."""
    printed = {*note.urls, *(t for u in note.urls if (t := link_target(u)) is not None)}
    extra = [u for u in dict.fromkeys(links)
             if u not in printed and u not in (note.text or "") and link_target(u) is not None]
    return replace(note, urls=(*note.urls, *extra)) if extra else note
