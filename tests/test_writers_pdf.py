"""The pdf writer: printed matter that the project's own PDF reader reads back."""

from __future__ import annotations

import ctypes
import dataclasses
import random
import re
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

import overleg
from overleg import exchange
from overleg.model import Document, DocumentType, Faction, Footnote, Item, NoteMark
from overleg.readers.pdf import _read_pages, extract
from overleg.readers.source import Source
from overleg.vocabulary.citations import house_style
from overleg.vocabulary.markers import MARK_RE, mark
from overleg.writers import pdf as pdf_writer

typst = pytest.importorskip("typst")

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "src" / "overleg" / "examples"


def _score(truth: Path, doc: Document, tmp_path: Path) -> float:
    parsed = tmp_path / "parsed.json"
    parsed.write_text(exchange.to_json(doc), encoding="utf-8")
    result = subprocess.run([sys.executable, str(GOLDEN / "score_parse.py"), str(truth), str(parsed)],
                            capture_output=True, text=True, check=False)
    m = re.search(r"score: \d+/\d+ \(([\d.]+)%\)", result.stdout)
    assert m, result.stdout + result.stderr
    return float(m.group(1))


def _round_trip(doc: Document, name: str) -> Document:
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    return overleg.read(data, name)


@pytest.fixture(scope="module")
def seed() -> Document:
    return overleg.read(EXAMPLES / "kst-21501-02-3349.txt")


@pytest.fixture(scope="module")
def seed_pdf(seed: Document) -> bytes:
    data = overleg.write(seed, "pdf")
    assert isinstance(data, bytes)
    return data


def test_the_seed_printed_and_read_back_scores_at_least_99_percent(seed_pdf: bytes, tmp_path: Path) -> None:
    back = overleg.read(seed_pdf, "seed.pdf")
    assert _score(GOLDEN / "kst-21501-02-3349.json", back, tmp_path) >= 99.0


def test_written_questions_printed_and_read_back_score_full_marks(tmp_path: Path) -> None:
    doc = overleg.read(EXAMPLES / "ah-tk-20232024-2367.pdf")
    back = _round_trip(doc, "ah.pdf")
    assert back.type is DocumentType.SCHRIFTELIJKE_VRAGEN
    assert _score(GOLDEN / "ah-tk-20232024-2367.json", back, tmp_path) == 100.0
    assert [(i.number, i.answer_group) for i in back.items] == [(i.number, i.answer_group) for i in doc.items]


# Every bundled example through the PDF and back, character for character: test_round_trip_text.py.


def test_every_page_ends_with_the_running_foot_and_its_number(seed_pdf: bytes) -> None:
    pages = _read_pages(Source("seed.pdf", seed_pdf))
    assert len(pages) > 2
    for index, lines in enumerate(pages):
        last = max(lines, key=lambda line: (-line.y, line.x0))  # the lowest line, its rightmost part
        assert last.text == f"Tweede Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349 {index + 1}"


def test_the_first_page_foot_holds_the_id_issn_and_place_in_the_margin_column(seed_pdf: bytes) -> None:
    first = _read_pages(Source("seed.pdf", seed_pdf))[0]
    body_x = min(line.x0 for line in first if line.text.startswith("De vaste commissie"))
    margin = [line.text for line in first if line.x0 < body_x - 50 and line.y < 100]
    assert margin == ["kst-21501-02-3349", "ISSN 0921 - 7371", "’s-Gravenhage 2026"]


def test_every_footnote_stands_at_the_foot_of_the_page_of_its_first_marker(seed: Document, seed_pdf: bytes) -> None:
    pages = _read_pages(Source("seed.pdf", seed_pdf))
    first_marker: dict[int, int] = {}
    note_page: dict[int, int] = {}
    for index, lines in enumerate(pages):
        for line in lines:
            if line.lead_mark is not None:  # a note's own number at the start of a small line
                note_page[line.lead_mark] = index
            for m in MARK_RE.finditer(line.text):
                first_marker.setdefault(int(m.group(2)), index)
    with_text = [f.number for f in seed.footnotes if f.text]
    assert sorted(note_page) == sorted(with_text)
    assert {n: first_marker.get(n) for n in with_text} == {n: note_page[n] for n in with_text}


def test_text_that_looks_like_markup_is_printed_as_it_is() -> None:
    tricky = 'Geldt #set page(width: 1cm) of $x$ en [zie] \\ "citaat" voor *alle* _leden_ <a> @b?'
    doc = Document(
        type=DocumentType.SCHRIFTELIJKE_VRAGEN,
        number="12", askers=(), addressees=("Minister van Financiën",), subject="opmaak",
        items=(Item(1, tricky, "Ja.", question_footnotes=(1,)), Item(2, "En verder?", "Nee.")),
        footnotes=(Footnote(1, "Kamerstuk 36 180, nr. 190"),),
    )
    back = _round_trip(doc, "tricky.pdf")
    assert [i.question for i in back.items] == [tricky, "En verder?"]
    assert back.items[0].question_footnotes == (1,)
    note = back.footnote(1)
    assert note is not None and note.text == "Kamerstuk 36 180, nr. 190"


def test_a_document_with_control_characters_or_without_items_still_prints() -> None:
    odd = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, number="1",
                   items=(Item(1, "Wat\x07 nu?", "Ja\x00."),))
    back = _round_trip(odd, "odd.pdf")
    assert [i.question for i in back.items] == ["Wat\ufffd nu?"]
    empty = overleg.write(Document(type=DocumentType.VERSLAG), "pdf")
    assert isinstance(empty, bytes) and empty.startswith(b"%PDF")


# --- what the model keeps as printed ------------------------------------------------------------

_ACRONYM_BREAK = re.compile(r"\b([A-Z]{2,5})- (?=[a-z])")


def _joined(text: str) -> str:
    """'EU- sanctietaskforce' -> 'EU-sanctietaskforce': the seed as the readers keep it once they
    rejoin a hyphenated acronym broken over two lines."""
    return _ACRONYM_BREAK.sub(r"\1-", text)


def _spread(text: str, numbers: Sequence[int]) -> tuple[NoteMark, ...]:
    """Marks inside the sentence: the k-th note after the end of the (3k+3)-th word (or the last),
    and a note where the text reads "per brief" right after those words, as the seed prints
    note 6."""
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    at_brief = [m.end() for m in re.finditer(r"per brief", text)]
    marks = []
    for k, number in enumerate(numbers):
        at = at_brief.pop(0) if at_brief else ends[min(3 * k + 2, len(ends) - 1)]
        marks.append(NoteMark(at, number))
    return tuple(marks)


def _opening(source: Path) -> tuple[str, ...]:
    """The introduction's paragraphs as the seed prints them, from its text."""
    text = source.read_text(encoding="utf-8")
    start = text.index("De vaste commissie")
    part = text[start:text.index("De voorzitter van de commissie")]
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", part) if p.strip())


@pytest.fixture(scope="module")
def kept(seed: Document) -> Document:
    """The seed with everything the model keeps as printed filled in."""
    items = tuple(dataclasses.replace(
        item, question=_joined(item.question), answer=_joined(item.answer) if item.answer else None,
        question_marks=_spread(_joined(item.question), item.question_footnotes),
        answer_marks=_spread(_joined(item.answer or ""), item.answer_footnotes)) for item in seed.items)
    assert seed.committee is not None
    return dataclasses.replace(
        seed, items=items, opening=_opening(EXAMPLES / "kst-21501-02-3349.txt"),
        committee=dataclasses.replace(seed.committee, clerk_title="Adjunct-griffier"),
        answer_heading="Vragen en opmerkingen vanuit de fracties en reactie van de minister")


@pytest.fixture(scope="module")
def kept_pdf(kept: Document) -> bytes:
    data = overleg.write(kept, "pdf")
    assert isinstance(data, bytes)
    return data


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed_text(data: bytes) -> str:
    """The PDF's body text as the reader takes it, footnote references as marks, no spaces."""
    return _squeezed("".join(extract(Source("kept.pdf", data)).lines))


def _with_marks(text: str, marks: Sequence[NoteMark]) -> str:
    for m in sorted(marks, key=lambda m: m.at, reverse=True):
        text = text[: m.at] + mark(m.number) + text[m.at :]
    return text


def test_every_marker_is_printed_where_the_model_places_it(kept: Document, kept_pdf: bytes) -> None:
    printed = _printed_text(kept_pdf)
    placed = 0
    for item in kept.items:
        for text, marks in ((item.question, item.question_marks), (item.answer or "", item.answer_marks)):
            for paragraph in _with_marks(text, marks).split("\n\n"):
                assert _squeezed(paragraph) in printed, paragraph[:80]
            placed += len(marks)
    assert placed >= 20
    assert _squeezed("per brief" + mark(6) + ", en op") in printed


def test_the_text_and_marks_read_back_equal_the_original(kept: Document, kept_pdf: bytes) -> None:
    back = overleg.read(kept_pdf, "kept.pdf")
    assert [(i.number, i.question, i.answer) for i in back.items] == \
        [(i.number, i.question, i.answer) for i in kept.items]
    assert [(i.question_footnotes, i.answer_footnotes) for i in back.items] == \
        [(i.question_footnotes, i.answer_footnotes) for i in kept.items]
    assert any("EU-sanctietaskforce" in (i.answer or "") + i.question for i in back.items)
    for was, now in zip(kept.items, back.items, strict=True):  # readers that keep marks keep these
        assert now.question_marks in ((), was.question_marks)
        assert now.answer_marks in ((), was.answer_marks)


def test_the_opening_clerk_title_and_answer_heading_are_printed_as_kept(kept: Document, kept_pdf: bytes) -> None:
    printed = _printed_text(kept_pdf)
    assert kept.opening and all(_squeezed(p) in printed for p in kept.opening)
    assert _squeezed("Adjunct-griffier van de commissie, Coco Martin") in printed
    assert _squeezed("Vragen en opmerkingen vanuit de fracties en reactie van de minister") in printed
    assert "reactievanhetkabinet" not in printed and "Degriffier" not in printed
    back = overleg.read(kept_pdf, "kept.pdf")
    assert back.committee is not None and back.committee.clerk == "Coco Martin"
    assert back.opening in ((), kept.opening)
    assert back.answer_heading in (None, kept.answer_heading)


def test_a_preamble_prints_its_markers_in_place() -> None:
    preamble = "De leden van de VVD-fractie lezen de brief van 3 mei met zorg. Zij hebben nog vragen."
    doc = Document(
        type=DocumentType.VERSLAG, factions=(Faction("VVD", preamble, (NoteMark(preamble.index(" met"), 1),)),),
        items=(Item(1, "Waarom is dat zo?", "Omdat het moet.", faction="VVD"),),
        footnotes=(Footnote(1, "Kamerstuk 36 180, nr. 190"),),
    )
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes)
    assert _squeezed("brief van 3 mei" + mark(1) + " met zorg") in _printed_text(data)


def test_a_document_without_kept_print_gets_the_rebuilt_introduction(seed: Document) -> None:
    assert seed.committee is not None
    bare = dataclasses.replace(seed, opening=(), answer_heading=None, subject_papers=(),
                               committee=dataclasses.replace(seed.committee, clerk_title=None))
    data = overleg.write(bare, "pdf")
    assert isinstance(data, bytes)
    printed = _printed_text(data)
    assert _squeezed("heeft een aantal vragen en opmerkingen voorgelegd aan de minister van Buitenlandse Zaken "
                     "over de volgende stukken: Kamerstuk 21501-02, nr. 3346;") in printed
    assert _squeezed("De griffier van de commissie,") in printed
    assert _squeezed("reactie van het kabinet") in printed


# --- the line naming the authentic version --------------------------------------------------------


def _page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[k].get_textpage().get_text_range() for k in range(len(pdf))]
    finally:
        pdf.close()


def test_every_page_names_where_the_authentic_version_is(seed: Document, seed_pdf: bytes) -> None:
    assert seed.id is not None
    line = ("Dit is geen authentieke publicatie. De authentieke versie staat op officielebekendmakingen.nl "
            f"({house_style(seed.id)}).")
    texts = _page_texts(seed_pdf)
    assert len(texts) > 2 and all(line in " ".join(t.split()) for t in texts)


def test_a_report_without_an_official_id_names_the_kamer_publication_as_authentic(seed: Document) -> None:
    data = overleg.write(dataclasses.replace(seed, id=None), "pdf")
    assert isinstance(data, bytes)
    texts = [" ".join(t.split()) for t in _page_texts(data)]
    assert all("Gemaakt met overleg; dit is geen authentieke publicatie." in t for t in texts)
    assert not any("officielebekendmakingen" in t for t in texts)


def test_the_line_on_the_authentic_version_is_not_read_back_as_document_text(seed_pdf: bytes) -> None:
    prepared = extract(Source("seed.pdf", seed_pdf))
    assert not any("authentieke" in line for line in prepared.lines)
    assert not any("authentieke" in (note.text or "") for note in prepared.footnotes)
    assert "authentieke" not in exchange.to_json(overleg.read(seed_pdf, "seed.pdf"))


# --- the face ---------------------------------------------------------------------------------------


def _fonts(data: bytes) -> set[tuple[str, bool]]:
    """(font name, whether the PDF calls it serif) of every character on every page."""
    found: set[tuple[str, bool]] = set()
    pdf = pdfium.PdfDocument(data)
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for k in range(len(pdf)):
            textpage = pdf[k].get_textpage()
            for i in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
                if pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, ctypes.byref(flags)):
                    found.add((buffer.value.decode("latin-1"), bool(flags.value & 2)))
    finally:
        pdf.close()
    return found


def test_the_text_is_set_in_a_sans_serif_face(seed_pdf: bytes) -> None:
    fonts = _fonts(seed_pdf)
    assert fonts
    assert not any(serif for _, serif in fonts)
    assert all(re.search(r"(Liberation|DejaVu)Sans", name.replace(" ", "")) for name, _ in fonts), fonts


def test_a_hyphenated_acronym_never_breaks_at_its_hyphen() -> None:
    # the word at every offset into the line, so an unguarded hyphen would end some line
    question = " ".join(f"{'x' * k} de EU-sanctietaskforce, de Rode Kruis- en Halve Maanbeweging" for k in range(1, 30))
    doc = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, number="1", items=(Item(1, question, "Ja."),))
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes)
    lines = [line.strip() for line in extract(Source("eu.pdf", data)).lines]
    assert len(lines) > 20 and not any(line.endswith(("EU-", "Kruis-")) for line in lines)
    assert overleg.read(data, "eu.pdf").items[0].question == question


# "Version 2.1.5" in UTF-16, as a font's name table holds it
_VERSION = re.compile(rb"\x00V\x00e\x00r\x00s\x00i\x00o\x00n\x00 (?:\x00[0-9.])+")
_LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")


def _embedded_font_versions(data: bytes) -> set[str]:
    """The "Version x.y" strings of the name tables of the fonts embedded in a PDF."""
    found: set[str] = set()
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            stream = zlib.decompress(data[m.end() : end])
        except zlib.error:
            continue
        if stream[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):  # a font program
            found.update(v.decode("utf-16-be") for v in re.findall(_VERSION, stream))
    return found


@pytest.mark.skipif(not _LIBERATION2.is_dir(), reason="fonts-liberation2 not installed")
def test_the_face_is_liberation_sans_2_under_the_open_font_license_where_installed(seed_pdf: bytes) -> None:
    versions = _embedded_font_versions(seed_pdf)
    assert any(v.startswith("Version 2.") for v in versions), versions
    assert not any(v.startswith("Version 1.07") for v in versions)  # fonts-liberation, GPL with font exception


# --- notes with a URL they do not print ---------------------------------------------------------


def _link_targets(data: bytes) -> list[str]:
    """The web address of every link annotation of the PDF, page by page."""
    pdf = pdfium.PdfDocument(data)
    found: list[str] = []
    try:
        for k in range(len(pdf)):
            page = pdf[k]
            pos, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
                action = pdfium_c.FPDFLink_GetAction(link)
                if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
                    continue  # a footnote's marker links to its note within the document
                buf = ctypes.create_string_buffer(4096)
                pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buf, 4096)
                found.append(buf.value.decode("utf-8"))
    finally:
        pdf.close()
    return found


def _with_note(note: Footnote) -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, number="7", askers=(), subject="nieuws",
                    items=(Item(1, "Kent u het bericht?", "Ja.", question_footnotes=(note.number,)),),
                    footnotes=(note,))


def test_a_url_a_note_does_not_print_is_a_link_on_its_last_word_and_reads_back_apart_from_the_text() -> None:
    url = "https://nos.nl/artikel/2602542-zeker-tien-doden?utm_term=Autofeed#Echobox=1771221998"
    note = Footnote(1, "NOS, 15 februari 2026, (Zeker tien doden gemeld)", urls=(url,))
    data = overleg.write(_with_note(note), "pdf")
    assert isinstance(data, bytes)
    assert _link_targets(data) == [url]
    assert not any("nos.nl" in t for t in _page_texts(data))  # the link's target, not printed
    back = overleg.read(data, "link.pdf").footnote(1)
    assert back is not None and (back.text, back.urls) == (note.text, note.urls)


def test_a_url_the_note_prints_is_not_linked_and_reads_back_once() -> None:
    note = Footnote(1, "Zie https://www.rijksoverheid.nl/documenten/rapport-2024", urls=(
        "https://www.rijksoverheid.nl/documenten/rapport-2024",))
    data = overleg.write(_with_note(note), "pdf")
    assert isinstance(data, bytes)
    assert _link_targets(data) == []
    back = overleg.read(data, "printed.pdf").footnote(1)
    assert back is not None and (back.text, back.urls) == (note.text, note.urls)


def test_an_address_that_may_not_be_a_link_is_printed_after_the_note_and_a_script_never_linked() -> None:
    note = Footnote(1, "Een bericht", urls=("javascript:alert(1)",))
    data = overleg.write(_with_note(note), "pdf")
    assert isinstance(data, bytes)
    assert _link_targets(data) == []
    back = overleg.read(data, "script.pdf").footnote(1)
    assert back is not None and back.text == "Een bericht javascript:alert(1)"


def test_a_link_in_the_body_gives_no_note_a_url() -> None:
    doc = _with_note(Footnote(1, "Kamerstuk 36 180, nr. 190"))
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes)
    source = pdf_writer.source(doc).replace('#"Kent u het "', '#link("https://example.org/x")[Kent u het ]')
    linked = bytes(typst.compile(source.encode("utf-8"), font_paths=pdf_writer._fonts()))
    assert _link_targets(linked) == ["https://example.org/x"]
    back = overleg.read(linked, "body-link.pdf").footnote(1)
    assert back is not None and back.urls == ()


# --- a ministry's answer letter ------------------------------------------------------------------

LETTER = EXAMPLES / "jenv-beantw-kenmerk-5293107.docx"  # typed notes in the questions, Word notes in the answers


@pytest.fixture(scope="module")
def ministry_letter() -> Document:
    return overleg.read(LETTER)


def test_a_ministry_letter_lists_its_typed_notes_at_the_end_and_sets_its_own_as_footnotes(
        ministry_letter: Document) -> None:
    typed = [f for f in ministry_letter.footnotes if f.series == "typed"]
    word = [f for f in ministry_letter.footnotes if f.series == "word"]
    assert typed and word and {f.number for f in typed} & {f.number for f in word}  # two numberings
    data = overleg.write(ministry_letter, "pdf")
    assert isinstance(data, bytes)
    prepared = extract(Source("letter.pdf", data))
    assert [(f.number, f.text) for f in prepared.footnotes] == [(f.number, f.text) for f in word]
    body = _squeezed("".join(prepared.lines))
    assert body.endswith("".join(_squeezed(f"{f.number}) {f.text}") for f in typed))
    assert f"[{typed[0].number}]" in body
    assert body.startswith(_squeezed("Datum ")) and _squeezed("In antwoord op uw brief van") in body


def test_a_ministry_letter_reads_back_with_both_numberings_and_its_signer(ministry_letter: Document) -> None:
    back = _round_trip(ministry_letter, "letter.pdf")
    assert [(f.number, f.series, f.text) for f in back.footnotes] == \
        [(f.number, f.series, f.text) for f in ministry_letter.footnotes]
    assert [(i.question_marks, i.answer_marks) for i in back.items] == \
        [(i.question_marks, i.answer_marks) for i in ministry_letter.items]
    assert back.answered_by == ministry_letter.answered_by


def test_a_ministry_letter_carries_no_furniture_of_a_kamer_paper(ministry_letter: Document) -> None:
    data = overleg.write(ministry_letter, "pdf")
    assert isinstance(data, bytes)
    texts = [" ".join(t.split()) for t in _page_texts(data)]
    assert not any("ISSN" in t or "Tweede Kamer, vergaderjaar" in t or "Tweede Kamer der Staten-Generaal" in t
                   for t in texts)


def _letter_with_answers(answers: Sequence[str]) -> Document:
    doc = overleg.read(EXAMPLES / "jenv-beantw-2024Z11859.docx")  # a letter without notes
    items = tuple(dataclasses.replace(item, answer=answers[k % len(answers)], answer_group=())
                  for k, item in enumerate(doc.items))
    return dataclasses.replace(doc, items=items)


_WORDS = ("politie", "gemeente", "burgemeester", "wijkagent", "toezicht", "handhaving", "regio", "veiligheid",
          "boa", "uniform", "overleg", "rapport", "minister", "Kamer", "maatregel", "onderzoek", "inwoners",
          "afspraken", "jaar", "provincie")


def _sentences(count: int, seed: int) -> str:
    """Sentences of ten words drawn at random (no two lines alike: the PDF reader takes a line
    repeated at the top of several pages for a running head)."""
    pick = random.Random(seed)
    return " ".join(" ".join(pick.choice(_WORDS) for _ in range(10)).capitalize() + "." for _ in range(count))


def test_a_letter_paragraph_is_kept_on_one_page_so_it_reads_back_whole() -> None:
    # paragraphs of many lengths, so that without keeping them whole some would cross a page
    answers = ["\n\n".join(_sentences(3 + (k * 5 + j) % 7, k * 3 + j) for j in range(3)) for k in range(8)]
    doc = _letter_with_answers(answers)
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes) and len(pdfium.PdfDocument(data)) > 3
    back = overleg.read(data, "whole.pdf")
    assert [i.answer for i in back.items] == [i.answer for i in doc.items]


def test_a_letter_paragraph_longer_than_a_page_still_prints_all_its_text() -> None:
    long = _sentences(150, 1)
    doc = _letter_with_answers([long])
    data = overleg.write(doc, "pdf")
    assert isinstance(data, bytes)
    back = overleg.read(data, "long.pdf")
    # it crosses pages, and the letter reader ends a paragraph at a page break (docs/writers.md)
    assert [" ".join((i.answer or "").split()) for i in back.items] == [long] * len(doc.items)
