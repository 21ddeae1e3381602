"""Word (.docx) input, as ministries send it: the package's XML to PreparedText.

Reads word/document.xml (with footnotes.xml, endnotes.xml, numbering.xml, styles.xml and the
relationships for hyperlinks) with lxml, entity resolution and network access off.
Writes one line per paragraph (``reflowed=True``), in document order, table cells and text
boxes included:

- a paragraph with space before or after it (its own, its style's or the defaults') is set
  apart by a blank line, as an empty paragraph would set it apart;
- a table of contents (Word's content control of the gallery "Table of Contents") is skipped:
  its entries repeat the headings;
- page breaks and Word's "last rendered page break" marks neither split nor glue text;
- a text-wrapping line break (``<w:br/>``) starts a new line where a new unit starts (after a
  label such as "Antwoord op vraag 1", after a sentence, before a capital) and is a space
  inside a sentence;
- tabs are trimmed; field instructions are dropped, field results kept;
- an auto-numbered paragraph gets its computed number as text ("1)", "2.");
- a note number typed in superscript becomes ``mark(n)`` (series unknown, as in a PDF);
- a Word footnote reference becomes ``mark(n, "word")``, numbered in order of reference as Word
  numbers them, and the note becomes a Footnote of series "word" (separator notes skipped);
- a hyperlink keeps its visible text; a target that is not printed is kept in ``links`` (body)
  or ``Footnote.urls`` (notes).

A damaged, truncated or encrypted package raises UnreadableInput; nothing from zipfile or lxml
escapes. So does a hostile one, under ``WordLimits``: too many zip members, a part that inflates
beyond its size limit or at a ratio no Word document has, more elements than ``safe_xml`` takes,
a compression method Word does not use, or reading past the deadline. Each is checked from the
zip's own records before a byte is inflated, and counted again while reading (a 250 MB
document.xml of tiny paragraphs, 0.8 MB zipped, took 3.2 GB and a minute before these limits).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from overleg.errors import UnreadableInput
from overleg.extract.references import find_refs
from overleg.extract.urls import find_urls
from overleg.model import Footnote
from overleg.readers import safe_xml
from overleg.readers.docx_numbering import Numbering, W
from overleg.readers.limits import MAX_ZIP_MEMBERS, READ_SECONDS, Deadline, check_zip_members
from overleg.readers.source import Source
from overleg.readers.text.prepared import PreparedText, SourceLink, normalise_keeping_marks
from overleg.readers.text.tables import table_runs
from overleg.vocabulary.markers import mark

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part, inflated; a long report's document.xml is a few MB
MAX_PACKAGE_BYTES = 64 * 1024 * 1024  # all XML parts read, inflated
MAX_RATIO = 200  # inflated : compressed of a part; Word's XML compresses some 10 to 15 times
MAX_WORD_ELEMENTS = 400_000  # all parts; some 1,000 pages of Word (a five-page letter has 2,000)
_RATIO_FROM = 1024 * 1024  # a smaller part may be as repetitive as it likes
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # the ones Word writes


@dataclass(frozen=True)
class WordLimits:
    """What ``extract`` takes from one .docx before it refuses it (docs/readers.md, "Limits")."""

    members: int = MAX_ZIP_MEMBERS
    part_bytes: int = MAX_PART_BYTES
    package_bytes: int = MAX_PACKAGE_BYTES
    ratio: int = MAX_RATIO
    elements: int = MAX_WORD_ELEMENTS
    seconds: float = READ_SECONDS

_SOFT, _PAGE = "\x0b", "\x0c"  # placeholders for line and page breaks until the paragraph is whole
_OFF = ("0", "false", "off", "none")
# Word marks a skipped note type; these hold no text of their own.
_SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")
# "Strict Open XML" (ISO 29500 strict) spells the namespaces differently; map them to the usual.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
)


@dataclass
class _Part:
    root: etree._Element
    links: dict[str, str]  # relationship id -> external target


@dataclass
class _Package:
    document: _Part
    footnotes: _Part | None
    endnotes: _Part | None
    numbering: Numbering
    styles: _Styles
    list_styles: dict[str, tuple[str, int]]  # paragraph style id -> (numId, level)


def extract(src: Source, limits: WordLimits | None = None) -> PreparedText:
    """The PreparedText of a .docx (see module docstring), read under ``limits``."""
    chosen = limits or WordLimits()
    deadline = Deadline(src.name, chosen.seconds)
    try:
        package = _open(src, chosen, deadline)
        reader = _Reader(package, deadline)
        body = package.document.root.find(W + "body")
        if body is None:
            raise UnreadableInput(src.name, "a Word document without a body", "word/document.xml")
        reader.blocks(body)
        notes = reader.notes()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, etree.LxmlError) as e:
        raise UnreadableInput(src.name, f"a damaged Word document ({e})") from None
    except RuntimeError as e:  # zipfile: an encrypted member
        raise UnreadableInput(src.name, f"an encrypted or unreadable Word document ({e})") from None
    except (KeyError, ValueError, NotImplementedError, OSError) as e:
        raise UnreadableInput(src.name, f"a Word document that cannot be read ({e})") from None
    return PreparedText(
        source=src.name,
        lines=tuple(reader.lines),
        footnotes=notes,
        reflowed=True,
        links=tuple(reader.links),
        emphasised=frozenset(reader.emphasised),
    )


# --- the package -----------------------------------------------------------------------------


def _open(src: Source, limits: WordLimits, deadline: Deadline) -> _Package:
    """Reads the zip and the parts the text needs; raises on a damaged, foreign or hostile package."""
    check_zip_members(src.name, src.data, limits.members)
    archive = zipfile.ZipFile(io.BytesIO(src.data))
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise UnreadableInput(src.name, "a zip archive without word/document.xml: not a Word document")
    spent = {"bytes": 0, "elements": 0}

    def xml(name: str) -> etree._Element | None:
        if name not in names:
            return None
        data = _inflate(src.name, archive, archive.getinfo(name), limits, limits.package_bytes - spent["bytes"])
        spent["bytes"] += len(data)
        deadline.check(name)
        for strict, usual in _STRICT:
            data = data.replace(strict, usual)
        root = safe_xml.tree(data, src.name, "Word XML", where=name, deadline=deadline,
                             max_elements=limits.elements - spent["elements"])
        spent["elements"] += sum(1 for _ in root.iter())
        return root

    def relations(name: str) -> list[etree._Element]:
        folder, _, base = name.rpartition("/")
        rels = xml(f"{folder}/_rels/{base}.rels")
        return list(rels.iter(_REL + "Relationship")) if rels is not None else []

    def part(name: str) -> _Part | None:
        root = xml(name)
        if root is None:
            return None
        links = {rel.get("Id", ""): rel.get("Target", "") for rel in relations(name)
                 if rel.get("TargetMode") == "External" and rel.get("Type", "").endswith("/hyperlink")}
        return _Part(root, links)

    # the other parts are where the document's relationships say, usually word/<kind>.xml
    targets = {rel.get("Type", "").rpartition("/")[2]: "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
               for rel in relations("word/document.xml") if rel.get("TargetMode") != "External"}

    def target(kind: str) -> str:
        return str(targets.get(kind, f"word/{kind}.xml"))

    document = part("word/document.xml")
    assert document is not None  # checked above
    styles = xml(target("styles"))
    return _Package(
        document=document,
        footnotes=part(target("footnotes")),
        endnotes=part(target("endnotes")),
        numbering=Numbering.parse(xml(target("numbering"))),
        styles=_Styles(styles),
        list_styles=_list_styles(styles),
    )


def _inflate(source: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: WordLimits, budget: int) -> bytes:
    """The bytes of one member, refused by what the zip says of it before any is inflated (method,
    size, ratio, what is left of the package's budget) and by what inflating gives."""
    name, size = info.filename, info.file_size
    if info.compress_type not in _METHODS:
        raise UnreadableInput(source, f"a Word document part compressed with method {info.compress_type}, "
                              "which Word does not use", name)
    if size > limits.part_bytes:
        raise UnreadableInput(source, f"a part of {size:,} bytes inflated; more than {limits.part_bytes:,} is "
                              "refused (the limit on a part's size)", name)
    if size > _RATIO_FROM and size > limits.ratio * max(info.compress_size, 1):
        raise UnreadableInput(source, f"a part compressed {size // max(info.compress_size, 1):,} to 1; more than "
                              f"{limits.ratio} to 1 is a zip bomb, not a document (the limit on compression ratio)",
                              name)
    if size > budget:
        raise UnreadableInput(source, f"parts of more than {limits.package_bytes:,} bytes inflated are refused "
                              "(the limit on a package's size)", name)
    with archive.open(info) as member:
        data = member.read(size + 1)  # zipfile stops at the size its records give; never past it
    if len(data) > size:
        raise UnreadableInput(source, "a part larger than the zip says it is", name)
    return data


def _is_on(el: etree._Element | None) -> bool | None:
    """A toggle property such as <w:b/>: True, False (explicitly off) or None (absent)."""
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in _OFF


class _Styles:
    """Reads styles.xml on demand: whether a style's text is bold and whether its paragraphs
    have space before or after them, following basedOn."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id = {s.get(W + "styleId", ""): s for s in root.iter(W + "style")} if root is not None else {}
        self.known: dict[str, bool] = {}
        self.default_ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr") if root is not None else None
        self.spaced: dict[str, tuple[bool, bool]] = {}
        # a paragraph without w:pStyle has the default paragraph style ("Normal")
        default = [sid for sid, s in self.by_id.items()
                   if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true")]
        self.default_paragraph = default[0] if default else ""

    def bold(self, sid: str) -> bool:
        seen: dict[str, None] = {}  # a dict: a chain of thousands of styles is looked up in constant time
        value: bool | None = None
        while sid and sid not in self.known and sid not in seen and sid in self.by_id:
            seen[sid] = None
            style = self.by_id[sid]
            rpr = style.find(W + "rPr")
            value = _is_on(rpr.find(W + "b")) if rpr is not None else None
            if value is not None:
                break
            parent = style.find(W + "basedOn")
            sid = parent.get(W + "val", "") if parent is not None else ""
        result = value if value is not None else self.known.get(sid, False)
        for s in seen:
            self.known[s] = result
        return result

    def spacing(self, sid: str, ppr: etree._Element | None) -> tuple[bool, bool]:
        """Whether a paragraph has space before and after it: its own ``w:spacing``, else its
        style's (following basedOn), else the document defaults'. A style's answer is kept: a
        chain of thousands of styles is walked once, not once per paragraph."""
        sid = sid or self.default_paragraph
        if sid not in self.spaced:
            chain: list[etree._Element | None] = []
            seen: set[str] = set()
            style = sid
            while style and style not in seen and style in self.by_id:
                seen.add(style)
                chain.append(self.by_id[style].find(W + "pPr"))
                parent = self.by_id[style].find(W + "basedOn")
                style = parent.get(W + "val", "") if parent is not None else ""
            self.spaced[sid] = _spacing([*chain, self.default_ppr], (False, False))
        return _spacing([ppr], self.spaced[sid])


def _spacing(chain: list[etree._Element | None], otherwise: tuple[bool, bool]) -> tuple[bool, bool]:
    """(space before, space after) > 0 from the first pPr in ``chain`` that sets each."""
    found: list[bool | None] = [None, None]
    for props in chain:
        spacing = props.find(W + "spacing") if props is not None else None
        if spacing is None:
            continue
        for k, side in enumerate(("before", "after")):
            value = spacing.get(W + side)
            if found[k] is None and value is not None:
                found[k] = value.isdigit() and int(value) > 0
    return (otherwise[0] if found[0] is None else found[0], otherwise[1] if found[1] is None else found[1])


def _table_of_contents(sdt: etree._Element) -> bool:
    """A content control holding a table of contents (Word's form): furniture, its entries
    repeat the headings."""
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and gallery.get(W + "val", "") == "Table of Contents"


def _num_pr(num: etree._Element | None) -> tuple[str, int] | None:
    """A <w:numPr> as (numId, level); None when absent or without a list."""
    if num is None:
        return None
    num_id = num.find(W + "numId")
    ilvl = num.find(W + "ilvl")
    level = ilvl.get(W + "val", "0") if ilvl is not None else "0"
    if num_id is None:
        return None
    return num_id.get(W + "val", ""), int(level) if level.isdigit() else 0


def _list_styles(root: etree._Element | None) -> dict[str, tuple[str, int]]:
    """Reads styles.xml: paragraph styles that number their paragraphs ("List Number")."""
    found: dict[str, tuple[str, int]] = {}
    if root is None:
        return found
    for style in root.iter(W + "style"):
        ppr = style.find(W + "pPr")
        num = _num_pr(ppr.find(W + "numPr")) if ppr is not None else None
        if num:
            found[style.get(W + "styleId", "")] = num
    return found


# --- the text --------------------------------------------------------------------------------


@dataclass
class _Field:
    """A complex field: instruction text until <w:fldChar separate>, its result after."""

    instruction: list[str] = field(default_factory=list)
    in_result: bool = False
    result_start: int = 0  # the paragraph's text pieces before the result


@dataclass
class _Paragraph:
    """One paragraph being read: its text pieces, how much of it is bold,
    the open fields, its links and the lines of text boxes anchored in it."""

    text: list[str] = field(default_factory=list)
    bold_chars: int = 0
    plain_chars: int = 0
    fields: list[_Field] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (visible text, url)
    box_lines: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return all(f.in_result for f in self.fields)

    def add(self, text: str) -> None:
        self.text.append(text)

    def joined(self) -> str:
        return "".join(self.text)


class _Reader:
    """Walks the body in document order and collects lines, notes, links and bold lines."""

    def __init__(self, package: _Package, deadline: Deadline) -> None:
        self.package = package
        self.deadline = deadline
        self.lines: list[str] = []
        self.links: list[SourceLink] = []
        self.emphasised: list[int] = []
        self.note_numbers: dict[tuple[str, str], int] = {}  # (series, id) -> number
        self.note_counts: dict[str, int] = {}  # series -> notes numbered so far
        self.part = package.document

    # blocks: paragraphs, tables, content controls

    def blocks(self, container: etree._Element) -> None:
        for child in container:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                if self.figure_table(child):
                    continue
                for cell in child.iter(W + "tc"):
                    if _owner_table(cell) is child:
                        self.blocks(cell)
            elif name in ("sdt", "customXml"):
                content = child.find(W + "sdtContent") if name == "sdt" else child
                if content is not None and not _table_of_contents(child):
                    self.blocks(content)
            elif child.tag == _ALTERNATE:
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self.blocks(choice)

    def figure_table(self, tbl: etree._Element) -> bool:
        """A table of figures (one inside an answer: rows of numbers under a heading row) as
        its rows, one line each, cells a space apart, set apart by blank lines: the text reader
        finds the table again (``readers/text/tables.py``). Other tables (a letterhead laid out
        in a table, a list of questions in cells) are read cell by cell; returns False for them."""
        trs = list(tbl.iterchildren(W + "tr"))
        plain = [" ".join(" ".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.iterchildren(W + "tc"))
                 for tr in trs]  # looked at before reading: reading numbers footnotes
        runs = table_runs(plain)
        if len(runs) != 1 or (runs[0][0], runs[0][1]) != (0, len(trs)):
            return False
        rows = []
        for tr in trs:
            cells = []
            for tc in tr.iterchildren(W + "tc"):
                para = _Paragraph()
                for p in tc.iterchildren(W + "p"):
                    self.inline(p, para, False)
                    para.add(" ")
                cells.append(" ".join(normalise_keeping_marks(para.joined()).split()))
            rows.append(" ".join(c for c in cells if c))
        self.blank()
        self.lines.extend(rows)
        self.lines.append("")
        return True

    def paragraph(self, p: etree._Element) -> None:
        self.deadline.check()
        para = _Paragraph()
        ppr = p.find(W + "pPr")
        style = ""
        if ppr is not None:
            pstyle = ppr.find(W + "pStyle")
            style = pstyle.get(W + "val", "") if pstyle is not None else ""
        label = self._list_label(ppr, style)
        if label:
            para.add(label + " ")
        self.inline(p, para, self.package.styles.bold(style))
        before, after = self.package.styles.spacing(style, ppr)
        if before:
            self.blank()
        self.emit(para)
        if after:
            self.blank()

    def blank(self) -> None:
        """Space before or after a paragraph sets it apart as an empty paragraph would: a blank line."""
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _list_label(self, ppr: etree._Element | None, style: str) -> str:
        """The computed number of a list paragraph (its own numPr, else its style's)."""
        num = _num_pr(ppr.find(W + "numPr")) if ppr is not None else None
        num = num or self.package.list_styles.get(style)
        if num is None or num[0] == "0":  # numId 0 switches a style's numbering off
            return ""
        return self.package.numbering.label(*num)

    def inline(self, el: etree._Element, para: _Paragraph, bold: bool) -> None:
        """Reads runs and the containers runs stand in (hyperlinks, fields, insertions)."""
        for child in el:
            name = _local(child)
            if name == "r":
                self.run(child, para, bold)
            elif name in ("hyperlink", "fldSimple"):
                start = len(para.text)  # pieces, not characters: joining the whole per link is quadratic
                self.inline(child, para, bold)
                url = (self.part.links.get(child.get(R + "id", ""), "") if name == "hyperlink"
                       else _hyperlink_target(child.get(W + "instr", "")))
                if url:
                    para.links.append(("".join(para.text[start:]), url))
            elif name in ("ins", "moveTo", "smartTag", "customXml", "bdo", "dir"):
                self.inline(child, para, bold)
            elif name == "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content, para, bold)
            elif child.tag == _ALTERNATE:
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self.inline(choice, para, bold)

    def run(self, r: etree._Element, para: _Paragraph, para_bold: bool) -> None:
        rpr = r.find(W + "rPr")
        bold = para_bold
        hidden = False
        typed_mark = None
        if rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None and self.package.styles.bold(rstyle.get(W + "val", "")):
                bold = True
            explicit = _is_on(rpr.find(W + "b"))
            if explicit is not None:
                bold = explicit
            # hidden text: Word neither shows nor prints it (its field characters still count)
            hidden = bool(_is_on(rpr.find(W + "vanish")))
            typed_mark = _superscript_number(r, rpr)
        for child in r:
            name = _local(child)
            if name == "t":
                if hidden or not para.visible:
                    continue
                if typed_mark is not None:
                    para.add(mark(typed_mark))
                    typed_mark = None
                    continue
                text = child.text or ""
                para.add(text)
                counted = len(text.strip())
                if bold:
                    para.bold_chars += counted
                else:
                    para.plain_chars += counted
            elif name == "fldChar":
                self.field_char(child.get(W + "fldCharType", ""), para)
            elif name == "instrText":
                if para.fields:
                    para.fields[-1].instruction.append(child.text or "")
            elif hidden or not para.visible:
                continue
            elif name in ("tab", "ptab"):
                para.add(" ")
            elif name == "br":
                kind = child.get(W + "type", "textWrapping")
                para.add(_SOFT if kind == "textWrapping" else _PAGE)
            elif name == "cr":
                para.add(_SOFT)
            elif name == "noBreakHyphen":
                para.add("-")
            elif name in ("footnoteReference", "endnoteReference"):
                series = "word" if name == "footnoteReference" else "endnote"
                key = (series, child.get(W + "id", ""))
                if key not in self.note_numbers:
                    self.note_counts[series] = self.note_numbers[key] = self.note_counts.get(series, 0) + 1
                para.add(mark(self.note_numbers[key], series))
            elif name in ("drawing", "pict") or child.tag == _ALTERNATE:
                self.text_boxes(child, para)

    def field_char(self, kind: str, para: _Paragraph) -> None:
        if kind == "begin":
            para.fields.append(_Field())
        elif kind == "separate" and para.fields:
            para.fields[-1].in_result = True
            para.fields[-1].result_start = len(para.text)
        elif kind == "end" and para.fields:
            done = para.fields.pop()
            url = _hyperlink_target("".join(done.instruction))
            if url and done.in_result:
                para.links.append(("".join(para.text[done.result_start:]), url))

    def text_boxes(self, el: etree._Element, para: _Paragraph) -> None:
        """Text boxes become lines of their own after the paragraph they are anchored in;
        of Word's two copies (DrawingML and the VML fallback) only the first is read."""
        for box in el.iter(W + "txbxContent"):
            if _nested(box, el):
                continue
            inner = _Reader(self.package, self.deadline)
            inner.part = self.part
            inner.note_numbers = self.note_numbers
            inner.note_counts = self.note_counts
            inner.blocks(box)
            para.box_lines.extend(line for line in inner.lines if line)

    def emit(self, para: _Paragraph) -> None:
        """Writes the paragraph's lines (see _split_soft_breaks) and its links and emphasis."""
        first = len(self.lines)
        for line in _split_soft_breaks(normalise_keeping_marks(para.joined())):
            if line or (self.lines and self.lines[-1]):
                self.lines.append(line)
        if para.bold_chars and not para.plain_chars and len(self.lines) > first:
            self.emphasised.extend(range(first, len(self.lines)))
        if para.links:
            self._links(first, para.links)
        for line in para.box_lines:
            self.lines.append(line)

    def _links(self, first: int, links: list[tuple[str, str]]) -> None:
        """The paragraph's links whose address is not printed beside them, each on the line that
        shows its text. Links come in reading order, so each is looked for after the one before:
        a paragraph of 20,000 links is read in linear time, not in minutes."""
        lines = self.lines[first:] or [""]
        lowered = [line.lower() for line in lines]
        line, offset = 0, 0
        printed: dict[tuple[str, int], bool] = {}
        for raw, url in links:
            self.deadline.check()
            text = " ".join(normalise_keeping_marks(raw).split())
            found = _find(lines, text, line, offset)
            if found is not None:
                line, offset = found[0], found[1] + len(text)
            at = found[0] if found is not None else 0
            if (url, at) not in printed:
                printed[(url, at)] = _printed(url, lowered[at])
            if not printed[(url, at)]:
                self.links.append(SourceLink(first + at, text, url))

    # notes

    def notes(self) -> tuple[Footnote, ...]:
        """Reads footnotes.xml and endnotes.xml: the referenced notes in order of number."""
        found: list[Footnote] = []
        for series, part, tag in (("word", self.package.footnotes, "footnote"),
                                  ("endnote", self.package.endnotes, "endnote")):
            if part is None:
                continue
            by_id = {n.get(W + "id", ""): n for n in part.root.iter(W + tag)
                     if n.get(W + "type") not in _SEPARATORS}
            numbers = sorted((n, i) for (s, i), n in self.note_numbers.items() if s == series)
            for number, note_id in numbers:
                note = by_id.get(note_id)
                found.append(self._note(number, series, note, part) if note is not None
                             else Footnote(number, None, series=series))
        return tuple(found)

    def _note(self, number: int, series: str, note: etree._Element, part: _Part) -> Footnote:
        inner = _Reader(self.package, self.deadline)
        inner.part = part
        inner.blocks(note)
        text = " ".join(line for line in inner.lines if line).strip()
        urls = list(find_urls(text))
        urls.extend(link.url for link in inner.links if link.url not in urls)
        return Footnote(number, text or None, refs=find_refs(text), urls=tuple(urls), series=series)


_NOTE_NUMBER = re.compile(r"^\s*[\[(]?(\d{1,3})[\])]?\s*$")


def _superscript_number(r: etree._Element, rpr: etree._Element | None) -> int | None:
    """The number of a typed note marker set in superscript ("bericht¹"), which is as certain a
    note reference as a PDF's superscript: it becomes ``mark(n)`` (series unknown)."""
    if rpr is None:
        return None
    align = rpr.find(W + "vertAlign")
    if align is None or align.get(W + "val") != "superscript":
        return None
    m = _NOTE_NUMBER.match("".join(t.text or "" for t in r.findall(W + "t")))
    return int(m.group(1)) if m else None


_WLEN = len(W)
_ALTERNATE = MC + "AlternateContent"


def _local(el: etree._Element) -> str:
    """The local name of a WordprocessingML element, '' for anything else (other namespaces,
    comments)."""
    tag = el.tag
    return tag[_WLEN:] if isinstance(tag, str) and tag.startswith(W) else ""


def _nested(box: etree._Element, top: etree._Element) -> bool:
    """True for a fallback copy of a text box, or a box inside another box below ``top``."""
    parent = box.getparent()
    while parent is not None and parent is not top:
        if parent.tag in (MC + "Fallback", W + "txbxContent"):
            return True
        parent = parent.getparent()
    return False


def _owner_table(cell: etree._Element) -> etree._Element | None:
    parent = cell.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


_HYPERLINK_INSTR = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"', re.I)


def _hyperlink_target(instruction: str) -> str:
    m = _HYPERLINK_INSTR.match(instruction)
    return m.group(1) if m and not m.group(1).startswith("#") else ""


def _find(lines: list[str], text: str, line: int, offset: int) -> tuple[int, int] | None:
    """(line, offset) of ``text`` from ``offset`` in ``line`` on, else from the first line."""
    if not text:
        return None
    for k in range(line, len(lines)):
        at = lines[k].find(text, offset if k == line else 0)
        if at >= 0:
            return k, at
    for k in range(line):
        at = lines[k].find(text)
        if at >= 0:
            return k, at
    return None


def _printed(url: str, lowered_line: str) -> bool:
    """True when the line (in lower case) shows the address itself (with or without scheme)."""
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")
    return bool(bare) and bare.lower() in lowered_line


# A soft break ends the line when what stands before it is a unit of its own: nothing, a
# sentence, a short label ending in a number ("Antwoord op vraag 1"), or when a capital, digit
# or bullet follows. Otherwise it only wrapped a sentence and is a space.
_LABEL_END = re.compile(r"^\W*\w+(?:\s+\w+){0,5}?\s+\d{1,3}(?:\s*(?:,|en)\s*\d{1,3})*\s*[:.]?$")


def _split_soft_breaks(raw: str) -> list[str]:
    """The paragraph's text as lines: soft breaks resolved, page breaks a space only where
    needed, tabs trimmed at the ends and a space inside."""
    raw = re.sub(r"(?<=\S)" + _PAGE + r"+(?=\S)", " ", raw).replace(_PAGE, "")
    parts = raw.split(_SOFT)
    lines = [parts[0]]
    for part in parts[1:]:
        before, after = lines[-1].strip(), part.strip()
        if not before or not after or before[-1] in ".?!:;" or _LABEL_END.match(before) or not after[0].islower():
            lines.append(part)
        else:
            lines[-1] = lines[-1].rstrip() + " " + part.lstrip()
    return [" ".join(line.split()) for line in lines]
