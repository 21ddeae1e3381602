"""The table of contents of the written Word document: a TOC field over Heading 1 to 3.

    table_of_contents(entries) -> <w:sdt>   "Inhoud" and a field TOC \\o "1-3" \\h \\z \\u
    bookmark(paragraph, n)                  marks a heading as the target of entry n

Word's own form: a content control of the gallery "Table of Contents" holding the heading
"Inhoud" and the field. The field is marked dirty and settings.xml asks Word to update fields
on opening (``w:updateFields``), so Word fills in the page numbers. The field's result is
written already, one "toc N" paragraph per heading, linked to a bookmark on the heading,
without page numbers (those depend on Word's layout): LibreOffice 7.4 does not update a TOC
field when it opens or converts a .docx, and shows the written result, links included.
The docx reader skips the content control: its entries repeat the headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from lxml import etree

from overleg.writers.docx_styles import TOC_HEADING, TOC_LEVELS, ParagraphStyle

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
HEADING_TEXT = "Inhoud"


def _id(name: str) -> str:
    return ParagraphStyle(name).style_id


def anchor(n: int) -> str:
    """The bookmark name of heading n; Word names its TOC bookmarks "_Toc..." and hides them."""
    return f"_Toc{n:08d}"


def bookmark(paragraph: Paragraph, n: int) -> None:
    """Puts a bookmark around the (already written) runs of a heading paragraph."""
    p = paragraph._p
    start = parse_xml(f'<w:bookmarkStart xmlns:w="{_W}" w:id="{n}" w:name="{anchor(n)}"/>')
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(parse_xml(f'<w:bookmarkEnd xmlns:w="{_W}" w:id="{n}"/>'))


def table_of_contents(entries: Sequence[tuple[int, str]]) -> etree._Element:
    """The content control with the heading and the field; ``entries`` are (level 1 to 3, text)
    in order, entry n linking to ``anchor(n)``."""
    begin = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
             f'<w:r><w:instrText xml:space="preserve">{escape(TOC_INSTRUCTION)}</w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = []
    for n, (level, text) in enumerate(entries):
        last = n == len(entries) - 1
        space = '<w:spacing w:after="240"/>' if last else ""  # the contents end with a line of space
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="{_id(TOC_LEVELS[level - 1])}"/>{space}</w:pPr>{begin if n == 0 else ""}'
            f'<w:hyperlink w:anchor="{anchor(n)}" w:history="1"><w:r><w:t xml:space="preserve">{escape(text)}</w:t>'
            f'</w:r></w:hyperlink>{end if last else ""}</w:p>')
    return parse_xml(
        f'<w:sdt xmlns:w="{_W}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
        f'<w:p><w:pPr><w:pStyle w:val="{_id(TOC_HEADING)}"/></w:pPr><w:r><w:t>{HEADING_TEXT}</w:t></w:r></w:p>'
        f'{"".join(paragraphs)}</w:sdtContent></w:sdt>')
