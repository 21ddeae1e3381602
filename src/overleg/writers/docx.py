"""A Word document in the layout of the published papers (python-docx, footnotes as raw XML).

    write(doc) -> bytes
      txt.paragraphs(doc) -> Para ...   the same paragraphs, markers and order as the txt writer
      _footnotes_part(...)              word/footnotes.xml: real Word footnotes

One Word paragraph per paragraph of the txt rendering: titles and headings bold, answer labels
bold, answers indented. A footnote marker is a real Word footnote reference (``w:footnoteReference``
in a superscript run) to a note in ``word/footnotes.xml``, at the place the txt writer glues
the marker; Word numbers the notes in order of reference. Notes that no item cites follow the
text as "N text" paragraphs, as in the txt rendering. python-docx has no footnote API, so the
footnotes part and its relationship are written as XML.
A ministry letter (writers/letter.py) gets its own notes (series "word") as Word footnotes and
its typed notes as text: "[N]" markers and a "N) text" list, as ministries type them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from overleg.extract.urls import link_target
from overleg.model import Document, Footnote
from overleg.writers.para import Para
from overleg.writers.txt import paragraphs

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_BOLD_KINDS = ("title", "heading", "label")


def write(doc: Document) -> bytes:
    """The document as a .docx package."""
    word = new_document()
    style = word.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    paras = paragraphs(doc)
    cited = {n for para in paras for _, n in para.marks}
    notes: dict[int, Footnote] = {}
    # markers are of one numbering: the unnamed series, else the letter's own ("word"); the
    # letter layout prints typed notes as text
    for f in sorted(doc.footnotes, key=lambda f: (f.series is not None, f.series == "typed")):
        notes.setdefault(f.number, f)
    ids: dict[int, int] = {}  # footnote number -> w:id in footnotes.xml
    first = True
    for para in paras:
        if para.kind == "note" and _note_number(para) in cited:
            continue  # a Word footnote
        if not first:
            word.add_paragraph()  # an empty paragraph between paragraphs, as the reports space them
        first = False
        _paragraph(word.add_paragraph(), para, ids)
    if ids:
        _add_footnotes(word, [(ids[n], notes.get(n)) for n in sorted(ids, key=ids.__getitem__)])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _note_number(para: Para) -> int:
    return int(para.text.split(" ", 1)[0])


def _paragraph(p: Paragraph, para: Para, ids: dict[int, int]) -> None:
    """Fills a Word paragraph: the text in runs, a footnote reference at each marker."""
    if para.kind == "answer":
        p.paragraph_format.left_indent = Pt(18)
    bold = para.kind in _BOLD_KINDS
    last = 0
    for at, number in para.marks:
        if at > last:
            p.add_run(para.text[last:at]).bold = bold or None
        last = at
        note_id = ids.setdefault(number, len(ids) + 1)
        p._p.append(_reference(note_id))
    if last < len(para.text) or not para.marks:
        p.add_run(para.text[last:]).bold = bold or None


def _reference(note_id: int) -> etree._Element:
    return parse_xml(
        f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def _add_footnotes(word: object, notes: Sequence[tuple[int, Footnote | None]]) -> None:
    """Adds word/footnotes.xml (separators and one note per id) and its relationship."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": _W, "r": _R})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        sep = etree.SubElement(root, qn("w:footnote"), {qn("w:type"): kind, qn("w:id"): str(note_id)})
        run = etree.SubElement(etree.SubElement(sep, qn("w:p")), qn("w:r"))
        etree.SubElement(run, qn("w:" + kind))
    document_part = word.part  # type: ignore[attr-defined]
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, b"", document_part.package)
    for note_id, note in notes:
        el = etree.SubElement(root, qn("w:footnote"), {qn("w:id"): str(note_id)})
        p = etree.SubElement(el, qn("w:p"))
        ref = etree.SubElement(p, qn("w:r"))
        rpr = etree.SubElement(ref, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:vertAlign"), {qn("w:val"): "superscript"})
        etree.SubElement(ref, qn("w:footnoteRef"))
        text = note.text if note is not None and note.text else ""
        urls = [u for u in (note.urls if note is not None else ()) if u not in text]
        # only http, https and mailto become hyperlinks (docs/security.md); any other is printed
        text = " ".join([text, *(u for u in urls if not link_target(u))]).strip()
        urls = [u for u in urls if link_target(u)]
        # a URL that is not printed is a hyperlink on the note's last word (the reader keeps
        # the target of a link whose text does not print it)
        words = text.rsplit(" ", 1) if urls and text else [text]
        if words[0]:
            _text_run(p, " " + words[0])
        for k, url in enumerate(urls):
            rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
            link = etree.SubElement(p, qn("w:hyperlink"), {qn("r:id"): rid})
            _text_run(link, (" " + words[1]) if k == 0 and len(words) > 1 else "")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    document_part.relate_to(part, RT.FOOTNOTES)


def _text_run(parent: etree._Element, text: str) -> None:
    run = etree.SubElement(parent, qn("w:r"))
    t = etree.SubElement(run, qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
