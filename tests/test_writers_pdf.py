"""The pdf writer: printed matter that the project's own PDF reader reads back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import overleg
from overleg import exchange
from overleg.model import Document, DocumentType, Footnote, Item
from overleg.readers.pdf import _read_pages
from overleg.readers.source import Source
from overleg.vocabulary.markers import MARK_RE

pytest.importorskip("typst")

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


def test_pages_after_the_first_carry_their_number_in_the_running_head(seed_pdf: bytes) -> None:
    pdf = pdfium.PdfDocument(seed_pdf)
    try:
        assert len(pdf) > 2
        for index in range(1, len(pdf)):
            first_line = pdf[index].get_textpage().get_text_range().splitlines()[0]
            assert first_line.startswith("Tweede Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349")
            assert first_line.split()[-1] == str(index + 1)
    finally:
        pdf.close()


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
