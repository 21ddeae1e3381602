"""The paragraph and character styles of the written Word document, and which one a paragraph takes.

Every paragraph has a style, and the look is in the styles, not in the runs: Word's navigation
pane and its table of contents follow the built-in heading styles (``w:outlineLvl`` 0 to 2), and
a clerk who edits the document restyles it in one place. Spacing is the styles' space before and
after (the docx reader reads a paragraph with space after it as standing apart, as a blank line
would). A sans-serif face as in the official publication: Arial, which LibreOffice replaces by the
metric-compatible Liberation Sans. The language of the text is Dutch (``w:lang nl-NL`` in the
document defaults), so spelling and hyphenation are Dutch.

Style by paragraph kind (``writers/para.Para``):

    title                Title               the heading block: dossier, "Nr. N TYPE", "Vastgesteld D"
    heading              Heading 1 to 3      see ``heading_levels``
    label                Vraag- of antwoordnummer   "1. Antwoord van het kabinet", "Vraag 3"
    answer               Antwoord            indented, as the reports set answers off
    note                 Footnote Text       a note no passage cites, after the text
    text, typed          Normal

Question and answer numbers stay text in the paragraph, not Word list numbering: they are the
printed numbers that other papers cite ("zie het antwoord op vraag 12"), a grouped answer is
numbered "7 en 8." and an inbreng numbers its passages in the text; Word numbering would renumber
them when a clerk inserts or deletes a paragraph, and the docx reader would read the computed
number, not the printed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle

from overleg.model import Document
from overleg.writers.para import Para

FONT = "Arial"
LANGUAGE = "nl-NL"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Word's own names of its built-in styles (as styles.xml spells them: "footnote text" is shown
# as "Voetnoottekst" in a Dutch Word); python-docx calls "heading 1" "Heading 1"
TITLE, LABEL, ANSWER, NOTE, NORMAL = "Title", "Vraag- of antwoordnummer", "Antwoord", "footnote text", "Normal"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
NOTE_REFERENCE, NOTE_REFERENCE_ID = "footnote reference", "FootnoteReference"
TOC_HEADING = "TOC Heading"
TOC_LEVELS = ("toc 1", "toc 2", "toc 3")


@dataclass(frozen=True)
class ParagraphStyle:
    """What a paragraph style sets; sizes and spacing in points."""

    name: str
    size: float = 10
    bold: bool = False
    italic: bool = False
    before: float = 0
    after: float = 8
    indent: float = 0
    outline: int | None = None  # 0 for Heading 1: what the navigation pane and TOC \o follow
    keep_next: bool = False
    builtin: bool = True  # a style Word knows by name (shown as "Kop 1", "Titel" in Dutch Word)

    @property
    def style_id(self) -> str:
        """Word's id for it: the name's words capitalised and joined ("FootnoteText", "Toc1")."""
        return "".join(w[:1].upper() + w[1:] for w in self.name.replace("-", " ").split())


PARAGRAPH_STYLES: tuple[ParagraphStyle, ...] = (
    ParagraphStyle(NORMAL),
    ParagraphStyle(TITLE, size=13, bold=True, after=4, keep_next=True),
    ParagraphStyle(HEADINGS[0], size=13, bold=True, before=16, after=8, outline=0, keep_next=True),
    ParagraphStyle(HEADINGS[1], size=11.5, bold=True, before=14, after=6, outline=1, keep_next=True),
    ParagraphStyle(HEADINGS[2], size=10, bold=True, italic=True, before=10, after=4, outline=2, keep_next=True),
    ParagraphStyle(LABEL, bold=True, before=4, after=4, keep_next=True, builtin=False),
    ParagraphStyle(ANSWER, indent=18, builtin=False),
    ParagraphStyle(NOTE, size=8, after=2),
    # the heading of the table of contents is no heading of the text: outline level 9 is "body"
    ParagraphStyle(TOC_HEADING, size=13, bold=True, before=16, after=8, outline=9, keep_next=True),
    ParagraphStyle(TOC_LEVELS[0], after=2),
    ParagraphStyle(TOC_LEVELS[1], after=2, indent=10),
    ParagraphStyle(TOC_LEVELS[2], after=2, indent=20),
)


def install_styles(word: WordDocument) -> None:
    """Sets the document defaults (font, size, Dutch) and defines every style of PARAGRAPH_STYLES
    and the footnote reference, replacing what the python-docx template gave them (its theme
    fonts, colours and borders)."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        word.styles.element.remove(defaults)
    word.styles.element.insert(0, parse_xml(
        f'<w:docDefaults xmlns:w="{_W}"><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        f'<w:sz w:val="20"/><w:szCs w:val="20"/>'
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'))
    by_name = {style.name: style for style in word.styles}  # python-docx looks names up one by one
    for spec in PARAGRAPH_STYLES:
        _define(word, spec, by_name)
    if NOTE_REFERENCE not in by_name:
        reference = word.styles.add_style(NOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER, builtin=True)
        reference.element.set(qn("w:styleId"), NOTE_REFERENCE_ID)
        reference.font.superscript = True


def _define(word: WordDocument, spec: ParagraphStyle, by_name: dict[str | None, BaseStyle]) -> None:
    if spec.name in by_name:
        style = by_name[spec.name]
    else:
        style = word.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH, builtin=spec.builtin)
        style.element.set(qn("w:styleId"), spec.style_id)
    el = style.element
    for old in (el.find(qn("w:pPr")), el.find(qn("w:rPr"))):
        if old is not None:
            el.remove(old)
    for tag in ("w:basedOn", "w:next"):
        for link in el.findall(qn(tag)):
            el.remove(link)
    if spec.name != NORMAL:  # after w:name, as the schema orders them
        name = el.find(qn("w:name"))
        for tag in ("w:next", "w:basedOn"):
            link = parse_xml(f'<{tag} xmlns:w="{_W}" w:val="{NORMAL}"/>')
            if name is not None:
                name.addnext(link)
            else:
                el.insert(0, link)
    ppr = [f'<w:spacing w:before="{_twips(spec.before)}" w:after="{_twips(spec.after)}"/>']
    if spec.keep_next:
        ppr.insert(0, "<w:keepNext/><w:keepLines/>")
    if spec.indent:
        ppr.append(f'<w:ind w:left="{_twips(spec.indent)}"/>')
    if spec.outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{spec.outline}"/>')
    rpr = [*(["<w:b/><w:bCs/>"] if spec.bold else []), *(["<w:i/><w:iCs/>"] if spec.italic else []),
           f'<w:sz w:val="{round(spec.size * 2)}"/><w:szCs w:val="{round(spec.size * 2)}"/>']
    el.append(parse_xml(f'<w:pPr xmlns:w="{_W}">{"".join(ppr)}</w:pPr>'))
    el.append(parse_xml(f'<w:rPr xmlns:w="{_W}">{"".join(rpr)}</w:rPr>'))
    el.set(qn("w:type"), "paragraph")
    style.quick_style = True
    style.hidden = False


def _twips(points: float) -> int:
    return round(points * 20)


def heading_levels(paras: Sequence[Para], doc: Document) -> dict[int, int]:
    """The outline level (1 to 3) of each "heading" paragraph, by index in ``paras``.

    Level 1 is a part of the whole document: the first heading (the answer part of a report,
    "Vragen en opmerkingen vanuit de fracties en reactie van de minister"; the questions of a
    letter) and the heading the agenda's entries follow ("Volledige agenda"); level 2 a group's
    part, the heading that names a faction the items belong to; level 3 every other (topics,
    "Inleiding"). Derived from the document, since the txt layout has one kind "heading".
    """
    headings = [k for k, p in enumerate(paras) if p.kind == "heading"]
    factions = {f"{item.faction}-fractie" for item in doc.items if item.faction is not None}
    entries = [f"- {entry.text}" for entry in doc.agenda]
    levels: dict[int, int] = {}
    for k in headings:
        after = [p.text for p in paras[k + 1:] if p.kind != "note"]
        if k == headings[0] or (entries and after == entries):
            levels[k] = 1
        elif any(paras[k].text.endswith(" " + name) for name in factions):
            levels[k] = 2
        else:
            levels[k] = 3
    return levels


def style_of(para: Para, level: int | None) -> str:
    """The style name of a paragraph; ``level`` is its heading level when it is a heading."""
    if para.kind == "heading":
        return HEADINGS[(level or 3) - 1]
    return {"title": TITLE, "label": LABEL, "answer": ANSWER, "note": NOTE}.get(para.kind, NORMAL)
