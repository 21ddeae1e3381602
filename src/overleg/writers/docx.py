"""A Word document in the layout of the published papers, styled as a griffie writes it
(python-docx; footnotes, the table of contents and bookmarks as raw XML).

    write(doc) -> bytes
      txt.paragraphs(doc) -> Para ...   the same paragraphs, markers and order as the txt writer
      docx_styles                       a style per paragraph: Title, Heading 1 to 3, ...
      docx_toc                          the table of contents field after the title block
      docx_properties                   title, committee as author, the report's date, Dutch
      _footnotes_part(...)              word/footnotes.xml: real Word footnotes

One Word paragraph per paragraph of the txt rendering, each in its style (docx_styles.py): the
look and the spacing are in the styles, so there are no empty paragraphs and no bold runs. A
footnote marker is a real Word footnote reference (``w:footnoteReference`` in a run of style
"footnote reference") to a note in ``word/footnotes.xml``, at the place the txt writer glues
the marker; Word numbers the notes in order of reference. Notes that no item cites follow the
text as "N text" paragraphs in the style "footnote text", as in the txt rendering. python-docx
has no footnote API, so the footnotes part and its relationship are written as XML.
A ministry letter (writers/letter.py) gets its own notes (series "word") as Word footnotes and
its typed notes as text: "[N]" markers and a "N) text" list, as ministries type them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from overleg.extract.urls import link_target
from overleg.model import Document, Footnote
from overleg.model.table import AnswerTable, table_of
from overleg.writers import docx_properties, docx_styles, docx_toc
from overleg.writers.para import Para
from overleg.writers.txt import paragraphs

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NOTE_TEXT_ID = docx_styles.ParagraphStyle(docx_styles.NOTE).style_id
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def write(doc: Document, now: dt.datetime | None = None) -> bytes:
    """The document as a .docx package; ``now`` dates a document that has no date of its own."""
    word = new_document()
    docx_styles.install_styles(word)
    docx_properties.set_properties(word, docx_properties.properties(doc, now or dt.datetime.now(dt.UTC)))
    paras = paragraphs(doc)
    cited = {n for para in paras for _, n in para.marks}
    paras = [p for p in paras if not (p.kind == "note" and _note_number(p) in cited)]  # Word footnotes
    notes: dict[int, Footnote] = {}
    # markers are of one numbering: the unnamed series, else the letter's own ("word"); the
    # letter layout prints typed notes as text
    for f in sorted(doc.footnotes, key=lambda f: (f.series is not None, f.series == "typed")):
        notes.setdefault(f.number, f)
    levels = docx_styles.heading_levels(paras, doc)
    section = word.sections[0]  # A4, as the reports are printed; the template is US Letter
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    body = word.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's one empty paragraph
        body.remove(p)
    ids: dict[int, int] = {}  # footnote number -> w:id in footnotes.xml
    entries: list[tuple[int, str]] = []
    style_ids: dict[str, str] = {}
    toc_after: Paragraph | None = None
    title_block = next((k for k, p in enumerate(paras) if p.kind != "title"), len(paras))
    for k, para in enumerate(paras):
        table = table_of(para.text) if not para.marks else None
        if table is not None:
            _table(word, table)
            continue
        paragraph = word.add_paragraph()
        name = docx_styles.style_of(para, levels.get(k))
        if name not in style_ids:  # python-docx looks a name up among all styles each time: slow
            style_ids[name] = word.styles[name].style_id
        paragraph._p.style = style_ids[name]
        _paragraph(paragraph, para, ids)
        if k in levels:
            docx_toc.bookmark(paragraph, len(entries))
            entries.append((levels[k], para.text))
        if k == title_block - 1:
            toc_after = paragraph  # the table of contents follows the title block
    if len(entries) > 1:  # a table of contents of one heading tells nothing
        toc = docx_toc.table_of_contents(entries)
        if toc_after is not None:
            toc_after._p.addnext(toc)
        else:
            body.insert(0, toc)
    if ids:
        _add_footnotes(word, [(ids[n], notes.get(n)) for n in sorted(ids, key=ids.__getitem__)])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _table(word: DocxDocument, table: AnswerTable) -> None:
    """A table paragraph of an answer (``overleg.model.table``) as a Word table with a grid; its
    heading row is marked as such (``w:tblHeader``: repeated on each page, read out as headers)."""
    columns = max(len(row) for row in table.rows)
    grid = word.add_table(rows=len(table.rows), cols=columns)
    grid.style = word.styles["Table Grid"]
    for row, cells in zip(grid.rows, table.rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    if table.header:
        tr_pr = grid.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:tblHeader xmlns:w="{_W}"/>'))


def _note_number(para: Para) -> int:
    return int(para.text.split(" ", 1)[0])


def _paragraph(p: Paragraph, para: Para, ids: dict[int, int]) -> None:
    """Fills a Word paragraph: the text in runs, a footnote reference at each marker."""
    last = 0
    for at, number in para.marks:
        if at > last:
            p.add_run(para.text[last:at])
        last = at
        note_id = ids.setdefault(number, len(ids) + 1)
        p._p.append(_reference(note_id))
    if last < len(para.text) or not para.marks:
        p.add_run(para.text[last:])


def _reference(note_id: int) -> etree._Element:
    return parse_xml(
        f'<w:r xmlns:w="{_W}"><w:rPr><w:rStyle w:val="{docx_styles.NOTE_REFERENCE_ID}"/></w:rPr>'
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
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle"), {qn("w:val"): _NOTE_TEXT_ID})
        ref = etree.SubElement(p, qn("w:r"))
        rpr = etree.SubElement(ref, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:rStyle"), {qn("w:val"): docx_styles.NOTE_REFERENCE_ID})
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
