"""The docx writer: the printed layout as a Word document with real footnotes, read back by the
docx reader to the same model."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from hypothesis import HealthCheck, given, settings
from lxml import etree

import overleg
from docx_fixtures import NS, r
from docx_fixtures import docx as package
from docx_fixtures import p as paragraph
from layout_roundtrip import LAYOUT_EXAMPLES, ROOT, assert_same_model
from overleg.model import AgendaEntry, Document, NoteMark, Paper
from overleg.readers import read
from overleg.readers.docx import extract
from overleg.readers.source import Source
from overleg.vocabulary.document_types import TYPE_NAMES
from overleg.writers import docx, docx_styles
from overleg.writers.para import Para
from writer_strategies import documents

SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"
# an Aanhangsel and a ministry letter, converted by LibreOffice beside the seed
CONVERTED = tuple(ROOT / "src" / "overleg" / "examples" / name
                  for name in ("ah-tk-20232024-1178.pdf", "jenv-beantw-2023Z14759.docx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _back(doc: Document) -> Document:
    return read(Source("rendering.docx", docx.write(doc)))


@pytest.mark.parametrize("path", LAYOUT_EXAMPLES, ids=[p.name for p in LAYOUT_EXAMPLES])
def test_every_example_reads_back_from_its_docx_rendering_to_the_same_model(path: Path) -> None:
    doc = read(path)
    assert_same_model(doc, _back(doc))


def test_footnotes_are_real_word_footnotes_referenced_from_the_text() -> None:
    data = overleg.write(read(SEED), "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        types = z.read("[Content_Types].xml").decode()
    references = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    defined = {n.get(W + "id") for n in notes.iter(W + "footnote") if n.get(W + "type") is None}
    assert references and set(references) == defined
    assert "wordprocessingml.footnotes+xml" in types


def test_an_unprinted_note_url_becomes_a_hyperlink_in_the_footnote() -> None:
    doc = read(SEED)
    back = _back(doc)
    with_urls = [f for f in doc.footnotes if f.urls and not any(u in (f.text or "") for u in f.urls)]
    assert with_urls
    assert all(back.footnote(f.number) == f for f in with_urls)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_back_from_docx_to_the_same_model(doc: Document) -> None:
    assert_same_model(doc, _back(doc))


# --- styles, table of contents and properties (docs/writers.md, "docx: styles") ----------------

GOLDEN = ROOT / "tests" / "golden" / "writers" / "docx-kst-21501-02-3349.json"
REGENERATE = os.environ.get("OVERLEG_REGENERATE_GOLDEN") == "1"  # OVERLEG_REGENERATE_GOLDEN=1 pytest ...
OUTLINE_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")


def _seed_word() -> DocxDocument:
    return open_docx(io.BytesIO(docx.write(read(SEED))))


def _first_words(text: str, n: int = 10) -> str:
    return " ".join(text.split()[:n])


def _structure(word: DocxDocument) -> dict[str, object]:
    core = word.core_properties
    return {
        "outline": [f"{p.style.name}: {_first_words(p.text)}" for p in word.paragraphs
                    if p.style is not None and p.style.name in OUTLINE_STYLES],
        "properties": {"title": core.title, "author": core.author, "last_modified_by": core.last_modified_by,
                       "created": core.created.isoformat() if core.created else None,
                       "modified": core.modified.isoformat() if core.modified else None,
                       "language": core.language, "subject": core.subject, "keywords": core.keywords},
    }


def _outline() -> list[str]:
    outline = _structure(_seed_word())["outline"]
    assert isinstance(outline, list)
    return outline


def test_the_seed_has_the_golden_outline_of_styled_headings_and_properties() -> None:
    found = _structure(_seed_word())
    if REGENERATE:
        GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert found == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_heading_of_the_text_is_in_a_heading_style_with_its_outline_level() -> None:
    doc = read(SEED)
    word = _seed_word()
    styled = {(p.style.name if p.style is not None else "", p.text) for p in word.paragraphs}
    factions = {f"Vragen en opmerkingen van de leden van de {f.name}-fractie" for f in doc.factions}
    assert {("Heading 2", text) for text in factions} <= styled
    assert {("Heading 3", item.topic) for item in doc.items if item.topic} <= styled
    with zipfile.ZipFile(io.BytesIO(docx.write(doc))) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    levels = {s.find(W + "name").get(W + "val"): s.find(f"{W}pPr/{W}outlineLvl")
              for s in styles.iter(W + "style") if s.find(W + "name") is not None}
    assert [levels[f"heading {n}"].get(W + "val") for n in (1, 2, 3)] == ["0", "1", "2"]


def test_no_paragraph_is_an_empty_spacer_and_every_one_has_a_style_of_its_kind() -> None:
    word = _seed_word()
    assert all(not r.bold for p in word.paragraphs for r in p.runs)  # the look is in the styles
    names = {p.style.name for p in word.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "Antwoord", "Vraag- of antwoordnummer"} <= names
    normal = word.styles["Normal"]
    assert normal.paragraph_format.space_after and normal.font.name is None  # the font is the default's
    with zipfile.ZipFile(io.BytesIO(docx.write(read(SEED)))) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = z.read("word/styles.xml").decode()
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    paragraphs = list(body.iter(W + "p"))  # the table of contents' too
    assert paragraphs and all("".join(t.text or "" for t in p.iter(W + "t")).strip() for p in paragraphs)
    assert 'w:ascii="Arial"' in styles and 'w:lang w:val="nl-NL"' in styles
    note_styles = {p.get(W + "val") for p in notes.iter(W + "pStyle")}
    assert note_styles == {"FootnoteText"}


def test_the_headings_of_a_report_are_levelled_by_their_place_not_their_wording() -> None:
    doc = replace(read(SEED), agenda=(AgendaEntry(None, "Raad Buitenlandse Zaken"),))
    faction = doc.items[0].faction
    paras = [Para("Nr. 1 VERSLAG", "title"), Para("Een kop van het antwoorddeel in andere woorden", "heading"),
             Para(f"De inbreng van de {faction}-fractie", "heading"), Para("Een onderwerp", "heading"),
             Para("Een vraag."), Para("Agenda", "heading"), Para("- Raad Buitenlandse Zaken"), Para("1 noot", "note")]
    assert docx_styles.heading_levels(paras, doc) == {1: 1, 2: 2, 3: 3, 5: 1}
    assert [docx_styles.style_of(p, docx_styles.heading_levels(paras, doc).get(k)) for k, p in enumerate(paras)] == [
        "Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "Heading 1", "Normal", "footnote text"]


def test_the_table_of_contents_is_a_dirty_toc_field_linking_every_heading_and_word_updates_it() -> None:
    with zipfile.ZipFile(io.BytesIO(docx.write(read(SEED)))) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
    sdt = body.find(f"{W}body/{W}sdt")
    assert sdt is not None
    assert sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery").get(W + "val") == "Table of Contents"
    instruction = "".join(t.text or "" for t in sdt.iter(W + "instrText"))
    assert instruction.strip() == 'TOC \\o "1-3" \\h \\z \\u'
    assert [c.get(W + "dirty") for c in sdt.iter(W + "fldChar") if c.get(W + "fldCharType") == "begin"] == ["true"]
    assert settings.find(W + "updateFields").get(W + "val") == "true"
    entries = [("".join(t.text or "" for t in link.iter(W + "t")), link.get(W + "anchor"))
               for link in sdt.iter(W + "hyperlink")]
    styles = [p.get(W + "val") for p in sdt.iter(W + "pStyle")]
    assert styles[0] == "TOCHeading" and set(styles[1:]) == {"Toc1", "Toc2", "Toc3"}
    marked = {}
    for p in body.iter(W + "p"):
        start = p.find(W + "bookmarkStart")
        if start is not None:
            marked[start.get(W + "name")] = "".join(t.text or "" for t in p.iter(W + "t"))
    assert entries and all(marked[anchor] == text for text, anchor in entries)
    headings = [line.split(": ", 1) for line in _outline()]
    assert [_first_words(text) for text, _ in entries] == [text for style, text in headings if style != "Title"]
    title_block = [p for p in body.find(W + "body") if p.tag in (W + "p", W + "sdt")][:4]
    assert title_block[-1] is sdt  # right after the three lines of the title block


def test_the_properties_name_the_committee_the_report_date_and_dutch_never_the_template() -> None:
    doc = read(SEED)
    core = _seed_word().core_properties
    assert doc.committee is not None and core.author == doc.committee.name
    assert doc.date is not None and core.created is not None and core.created.date() == doc.date
    assert core.modified == core.created and core.language == "nl-NL"
    assert doc.id is not None and str(doc.number) in core.title and TYPE_NAMES[doc.type] in core.title
    with zipfile.ZipFile(io.BytesIO(docx.write(doc))) as z:
        package = {name: z.read(name).decode("utf-8", "replace") for name in z.namelist()}
    assert not any("python-docx" in text or "2013-12-23" in text for text in package.values())
    assert "docProps/thumbnail.jpeg" not in package["_rels/.rels"]


def test_a_document_without_committee_or_dates_is_written_by_overleg_at_the_moment_of_writing() -> None:
    doc = replace(read(SEED), committee=None, date=None, answered_on=None, questions_sent_on=None)
    now = dt.datetime(2030, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    core = open_docx(io.BytesIO(docx.write(doc, now=now))).core_properties
    assert core.author == "overleg"
    assert core.created is not None and core.created.replace(tzinfo=dt.UTC) == now


def test_a_ministry_letter_without_a_publication_is_titled_by_its_type_and_subject() -> None:
    doc = read(CONVERTED[1])
    assert doc.id is None and doc.subject
    title = open_docx(io.BytesIO(docx.write(doc))).core_properties.title
    expected = f"{TYPE_NAMES[doc.type]} over {doc.subject}"
    assert title == expected or (len(expected) > 255 and expected.startswith(title.removesuffix("…")))


def test_an_overlong_subject_is_cut_to_the_255_characters_a_property_holds() -> None:
    doc = replace(read(SEED), subject="heel lang onderwerp " * 30)
    core = open_docx(io.BytesIO(docx.write(doc))).core_properties
    assert len(core.subject) <= 255 and core.subject.endswith("…")


def test_a_document_with_the_printed_fields_filled_has_the_same_outline_of_headings() -> None:
    """The fields the readers fill from print (opening, answer heading, paper descriptions, the
    clerk's title, marker places) add text, not headings."""
    doc = read(SEED)
    item = doc.items[0]
    papers = tuple(Paper(f"Geannoteerde agenda {k}", ref) for k, ref in enumerate(doc.subject_refs))
    doc = replace(doc, opening=("Een openingsalinea zoals gedrukt.",),
                  answer_heading="Vragen en opmerkingen vanuit de fracties en reactie van de minister",
                  subject_papers=papers,
                  committee=replace(doc.committee, clerk_title="Adjunct-griffier") if doc.committee else None,
                  items=(replace(item, question_marks=tuple(NoteMark(5, n) for n in item.question_footnotes)),
                         *doc.items[1:]))
    assert _structure(open_docx(io.BytesIO(docx.write(doc))))["outline"] == _outline()


def _soffice() -> list[str] | None:
    """soffice.bin itself: the soffice script's launcher warns on stderr that it cannot start
    javaldx when no Java is installed, which is no warning about the document."""
    found = shutil.which("soffice")
    if found is None:
        return None
    binary = Path(os.path.realpath(found)).parent / "soffice.bin"
    return [str(binary if binary.exists() else found)]


# on CI (CI=true, after scripts/setup) a missing LibreOffice is a broken setup: the test fails
@pytest.mark.skipif(_soffice() is None and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed; scripts/setup installs libreoffice-writer-nogui")
def test_libreoffice_converts_the_seed_to_pdf_without_warnings_with_contents_and_text(tmp_path: Path) -> None:
    """The seed, an Aanhangsel and a ministry letter, in one run of LibreOffice."""
    assert _soffice() is not None, "LibreOffice is missing: scripts/setup installs libreoffice-writer-nogui"
    docs = {path.stem.split(".")[0]: read(path) for path in (SEED, *CONVERTED)}
    for name, doc in docs.items():
        (tmp_path / f"{name}.docx").write_bytes(docx.write(doc))
    command = [*(_soffice() or []), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
               *(str(tmp_path / f"{name}.docx") for name in docs)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode == 81:  # a new profile: LibreOffice asks to be started again (E_NORMAL_RESTART)
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not re.search(r"warn|error", result.stdout, re.I), result.stdout
    texts = {}
    for name, doc in docs.items():
        pdf = pypdfium2.PdfDocument(tmp_path / "out" / f"{name}.pdf")
        texts[name] = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
        assert _first_words(doc.items[0].question, 12) in " ".join(texts[name])
    seed = read(SEED)
    assert seed.committee is not None and seed.committee.name
    first_page = texts[SEED.stem][0]
    contents = first_page[first_page.index("Inhoud"):first_page.index(f"De {seed.committee.name}")]
    text = " ".join(texts[SEED.stem])
    for style, first in (line.split(": ", 1) for line in _outline()):
        if style != "Title":
            assert first in contents and text.count(first) >= 2  # in the contents and in the text


# --- what the docx reader learnt to read this writer's output (readers/docx.py) ----------------

def _styles(*styles: str, after: int = 0) -> str:
    return (f'<w:styles {NS}><w:docDefaults><w:pPrDefault><w:pPr><w:spacing w:after="{after}"/></w:pPr>'
            f"</w:pPrDefault></w:docDefaults>{''.join(styles)}</w:styles>")


def _lines(body: str, styles: str) -> list[str]:
    return list(extract(Source("t.docx", package(body, {"word/styles.xml": styles}))).lines)


def test_space_after_a_paragraph_sets_it_apart_as_an_empty_paragraph_would() -> None:
    spaced = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:spacing w:after="160"/>'
              "</w:pPr></w:style>")
    tight = ('<w:style w:type="paragraph" w:styleId="Krap"><w:basedOn w:val="Normal"/>'
             '<w:pPr><w:spacing w:after="0"/></w:pPr></w:style>')
    body = (paragraph(r("een")) + paragraph(r("twee"), props='<w:pStyle w:val="Krap"/>') + paragraph(r("drie"))
            + paragraph(r("vier"), props='<w:spacing w:after="0"/>') + paragraph(r("vijf")))
    assert _lines(body, _styles(spaced, tight)) == ["een", "", "twee", "drie", "", "vier", "vijf", ""]
    assert _lines(body, _styles()) == ["een", "twee", "drie", "vier", "vijf"]  # no spacing: lines run on
    two = paragraph(r("een")) + paragraph(r("twee"))
    assert _lines(two, _styles(after=120)) == ["een", "", "twee", ""]  # the document defaults' spacing


def test_a_table_of_contents_is_skipped_as_its_entries_repeat_the_headings() -> None:
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           f"<w:sdtContent>{paragraph(r('Inhoud'))}{paragraph(r('Kop een'))}</w:sdtContent></w:sdt>")
    other = ('<w:sdt><w:sdtPr><w:alias w:val="Adres"/></w:sdtPr>'
             f'<w:sdtContent>{paragraph(r("Den Haag"))}</w:sdtContent></w:sdt>')
    assert [x for x in _lines(toc + other + paragraph(r("Kop een")), _styles()) if x] == ["Den Haag", "Kop een"]
