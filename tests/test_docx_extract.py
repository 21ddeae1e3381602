"""The Word reader: paragraphs to lines, breaks, lists, footnotes, links, damaged packages."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest

from docx_fixtures import NS, docx, footnotes, numbered, numbering, p, r, rels
from overleg.errors import NotAQuestionDocument, UnreadableInput
from overleg.model import DocumentType
from overleg.readers import prepare, read
from overleg.readers.docx import extract
from overleg.readers.source import Source
from overleg.readers.text.genres import classify
from overleg.vocabulary.markers import mark

PAGE = '<w:br w:type="page"/>'
SOFT = "<w:br/>"
RENDERED = "<w:lastRenderedPageBreak/>"


def lines_of(body: str, parts: dict[str, str] | None = None) -> list[str]:
    return [line for line in extract(Source("t.docx", docx(body, parts))).lines if line]


def test_paragraphs_become_lines_in_document_order_with_table_cells_between() -> None:
    table = f"<w:tbl><w:tr><w:tc>{p(r('cel een'))}</w:tc><w:tc>{p(r('cel twee'))}</w:tc></w:tr></w:tbl>"
    prepared = extract(Source("t.docx", docx(p(r("Voor")) + table + p(r("Na")))))
    assert [x for x in prepared.lines if x] == ["Voor", "cel een", "cel twee", "Na"]
    assert prepared.reflowed


def test_runs_of_one_paragraph_join_into_one_line() -> None:
    assert lines_of(p(r("Deelt u "), r("de mening"), r("?"))) == ["Deelt u de mening?"]


def test_page_breaks_neither_split_nor_glue_text() -> None:
    body = p(r("waarom niet?", PAGE)) + p(r("", PAGE)) + p(r("eerste", PAGE), r("tweede"))
    body += p(r("woo", RENDERED), r("rden"))
    assert lines_of(body) == ["waarom niet?", "eerste tweede", "woorden"]


def test_soft_break_after_a_label_starts_a_new_line() -> None:
    assert lines_of(p(r("", SOFT), r("Antwoord op vraag 1", SOFT), r("ja, dat klopt."))) == [
        "Antwoord op vraag 1",
        "ja, dat klopt.",
    ]


def test_soft_break_inside_a_sentence_is_a_space() -> None:
    assert lines_of(p(r("aan de minister", SOFT), r("van Financiën over"))) == ["aan de minister van Financiën over"]


def test_tabs_are_trimmed_at_the_ends_and_a_space_inside() -> None:
    label = p(r("", "<w:tab/><w:tab/>"), r("Antwoord op vraag 1"), r("", "<w:tab/>"))
    assert lines_of(label) == ["Antwoord op vraag 1"]
    assert lines_of(p(r("Datum", "<w:tab/>"), r("18 oktober 2023"))) == ["Datum 18 oktober 2023"]


def test_auto_numbered_paragraphs_get_their_computed_number() -> None:
    body = numbered(1, "Eerste bron") + numbered(1, "Tweede bron") + numbered(2, "Punt") + numbered(3, "Stip")
    parts = {"word/numbering.xml": numbering(("decimal", "%1)"), ("lowerLetter", "%1."), ("bullet", "•"))}
    assert lines_of(body, parts) == ["1) Eerste bron", "2) Tweede bron", "a. Punt", "Stip"]


def test_lists_of_one_definition_count_on_and_a_start_override_restarts() -> None:
    xml = numbering(("decimal", "%1."))
    xml = xml.replace("</w:numbering>", '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
                      '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                      '<w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')
    body = numbered(1, "een") + numbered(2, "twee") + numbered(3, "opnieuw") + numbered(3, "verder")
    assert lines_of(body, {"word/numbering.xml": xml}) == ["1. een", "2. twee", "1. opnieuw", "2. verder"]


def test_list_numbers_from_a_paragraph_style_made_with_python_docx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = python_docx.Document()
    document.add_paragraph("Vraag 1")
    for text in ("Argos, 27 september 2023", "Bureau Beke, februari 2022"):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "list.docx"
    document.save(str(path))
    lines = [x for x in extract(Source.from_path(path)).lines if x]
    assert lines == ["Vraag 1", "1. Argos, 27 september 2023", "2. Bureau Beke, februari 2022"]


def test_a_note_number_typed_in_superscript_becomes_a_mark() -> None:
    sup = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2)</w:t></w:r>'
    assert lines_of(p(r("verward gedrag"), sup, r(" waarin"))) == [f"verward gedrag{mark(2)} waarin"]


def test_word_footnotes_become_marks_numbered_in_order_of_reference() -> None:
    body = p(r("eerst", '<w:footnoteReference w:id="7"/>'), r(" dan", '<w:footnoteReference w:id="3"/>'))
    notes = {
        3: p(r("", "<w:footnoteRef/>"), r(" Kamerstuk 25 424, nr. 670.")),
        7: p(r("", "<w:footnoteRef/>"), r(" Zie de brief.")),
    }
    prepared = extract(Source("t.docx", docx(body, {"word/footnotes.xml": footnotes(notes)})))
    assert prepared.lines[0] == f"eerst{mark(1, 'word')} dan{mark(2, 'word')}"
    assert [(f.number, f.text, f.series) for f in prepared.footnotes] == [
        (1, "Zie de brief.", "word"),
        (2, "Kamerstuk 25 424, nr. 670.", "word"),
    ]
    assert [str(x) for x in prepared.footnotes[1].refs] == ["kst-25424-670"]


def test_a_hyperlink_whose_target_is_not_printed_is_kept_as_a_link() -> None:
    body = p(r("1) "), '<w:hyperlink r:id="rId9">' + r("Geen spoed wel brandweer") + "</w:hyperlink>")
    body += p('<w:hyperlink r:id="rId8">' + r("www.example.nl/a") + "</w:hyperlink>")
    parts = {"word/_rels/document.xml.rels": rels({"rId9": "https://www.brandweer.nl/geen-spoed",
                                                     "rId8": "https://www.example.nl/a"})}
    prepared = extract(Source("t.docx", docx(body, parts)))
    assert prepared.lines[0] == "1) Geen spoed wel brandweer"
    assert [(x.line, x.text, x.url) for x in prepared.links] == [
        (0, "Geen spoed wel brandweer", "https://www.brandweer.nl/geen-spoed")
    ]


def test_a_hyperlink_in_a_footnote_adds_its_target_to_the_note() -> None:
    body = p(r("tekst", '<w:footnoteReference w:id="1"/>'))
    note = p('<w:hyperlink r:id="rId1">' + r("Bericht van de NOS") + "</w:hyperlink>")
    parts = {"word/footnotes.xml": footnotes({1: note}),
             "word/_rels/footnotes.xml.rels": rels({"rId1": "https://nos.nl/artikel/1"})}
    (note_out,) = extract(Source("t.docx", docx(body, parts))).footnotes
    assert note_out.text == "Bericht van de NOS"
    assert note_out.urls == ("https://nos.nl/artikel/1",)


def test_field_instructions_are_dropped_and_results_kept() -> None:
    field = (r("", '<w:fldChar w:fldCharType="begin"/>') + r("", '<w:instrText> DOCPROPERTY datum </w:instrText>')
             + r("", '<w:fldChar w:fldCharType="separate"/>') + r("18 oktober 2023")
             + r("", '<w:fldChar w:fldCharType="end"/>'))
    assert lines_of(p(field)) == ["18 oktober 2023"]


def test_hidden_and_deleted_text_is_left_out() -> None:
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>verborgen </w:t></w:r>'
    deleted = '<w:del><w:r><w:delText>geschrapt </w:delText></w:r></w:del>'
    inserted = "<w:ins>" + r("nieuw ") + "</w:ins>"
    assert lines_of(p(r("Zichtbaar "), hidden, deleted, inserted, r("einde"))) == ["Zichtbaar nieuw einde"]


def test_a_strict_open_xml_document_reads_like_a_usual_one() -> None:
    strict_ns = NS.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                           "http://purl.oclc.org/ooxml/wordprocessingml/main")
    document = f"<w:document {strict_ns}><w:body>{p(r('Vraag 1'))}</w:body></w:document>"
    assert lines_of("", {"word/document.xml": document}) == ["Vraag 1"]


def test_lines_set_wholly_in_bold_are_marked_emphasised() -> None:
    prepared = extract(Source("t.docx", docx(p(r("Deelt u de mening?", bold=True)) + p(r("Ja.")))))
    assert prepared.emphasised == frozenset({0})


@pytest.mark.parametrize(
    "data",
    [
        docx(p(r("Vraag 1")))[:200],  # truncated
        docx(p(r("Vraag 1")), {"word/document.xml": "<w:document><w:body><w:p>"}),  # broken XML
    ],
    ids=["truncated zip", "broken xml"],
)
def test_a_damaged_docx_is_unreadable_input(data: bytes) -> None:
    with pytest.raises(UnreadableInput):
        read(data, name="kapot.docx")


def test_a_zip_without_word_document_is_unreadable_input() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(UnreadableInput, match=r"not a Word"):
        read(buf.getvalue(), name="leeg.docx")
    with pytest.raises(UnreadableInput, match=r"word/document.xml"):
        extract(Source("leeg.docx", buf.getvalue()))


def test_an_encrypted_docx_is_unreadable_input_that_says_so() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(UnreadableInput, match="encrypted"):
        read(ole2, name="geheim.docx")


def test_a_docx_that_is_not_a_letter_goes_through_the_text_classification() -> None:
    report = docx(p(r("21 501-02 Raad Algemene Zaken")) + p(r("Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG")))
    assert classify("\n".join(prepare(Source("verslag.docx", report)).lines)) is DocumentType.VERSLAG
    recipe = docx(p(r("Appeltaart")) + p(r("Neem 200 gram bloem.")))
    with pytest.raises(NotAQuestionDocument):
        read(recipe, name="recept.docx")


def test_a_word_letter_end_to_end_numbers_its_notes_and_keeps_link_targets() -> None:
    body = (
        p(r("In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik u mede dat de vragen van "
            "de leden Temmink en Van Nispen (beiden SP) over het nummer van de brandweer worden beantwoord."))
        + p(r("Vraag 1", bold=True)) + p(r("Waarom kost dit nummer geld? 1)", bold=True))
        + p(r("", SOFT), r("Antwoord op vraag 1", SOFT), r("Het nummer is van de meldkamer."))
        + p(r("Zoals de motie vroeg.", '<w:footnoteReference w:id="2"/>'))
        + p(r(""))
        + p('<w:hyperlink r:id="rId5">' + r("Geen spoed wel brandweer") + "</w:hyperlink>",
            props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    parts = {
        "word/numbering.xml": numbering(("decimal", "%1)")),
        "word/_rels/document.xml.rels": rels({"rId5": "https://www.brandweer.nl/geen-spoed"}),
        "word/footnotes.xml": footnotes({2: p(r("", "<w:footnoteRef/>"), r(" Kamerstuk 29 628, nr. 1135."))}),
    }
    doc = read(docx(body, parts), name="brief.docx")
    assert doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN
    (item,) = doc.items
    assert item.question == "Waarom kost dit nummer geld?"
    assert item.answer == "Het nummer is van de meldkamer.\n\nZoals de motie vroeg."
    assert (item.question_footnotes, item.answer_footnotes) == ((1,), (1,))
    typed, word = doc.footnote(1, "typed"), doc.footnote(1, "word")
    assert typed is not None and typed.text == "Geen spoed wel brandweer"
    assert typed.urls == ("https://www.brandweer.nl/geen-spoed",)
    assert word is not None and [str(x) for x in word.refs] == ["kst-29628-1135"]
