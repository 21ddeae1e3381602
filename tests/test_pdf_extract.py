"""The PDF reader: superscript marks, subscripts, page-foot notes, furniture, broken files, speed."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from overleg.errors import ReaderError, UnreadableInput
from overleg.readers import pdf, read
from overleg.readers.source import Source
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.markers import MARK_RE, mark
from pdf_builder import encrypted_pdf, make_pdf, text_width

EXAMPLES = Path(__file__).parent.parent / "src" / "overleg" / "examples"


def _extract(pages: list[list[tuple[float, float, float, str]]]) -> PreparedText:
    return pdf.extract(Source("synthetic.pdf", make_pdf(pages)))


def _body(y: float) -> list[tuple[float, float, float, str]]:
    """Enough body text at 10 pt for the reader to know the body size."""
    return [(72, y - 12 * k, 10, "Dit is een gewone regel tekst in het lichaam van de pagina.") for k in range(6)]


def test_raised_small_digits_after_a_word_become_a_footnote_mark() -> None:
    question = "Hoeveel stoot u uit?"
    prepared = _extract([[*_body(780), (72, 700, 10, question), (72 + text_width(question, 10), 704, 6, "3")]])
    assert f"Hoeveel stoot u uit?{mark(3)}" in prepared.lines


def test_small_digit_below_the_baseline_stays_text() -> None:
    prepared = _extract([[*_body(780), (72, 700, 10, "Hoeveel CO"), (72 + text_width("Hoeveel CO", 10), 697, 6, "2"),
                          (72 + text_width("Hoeveel CO2 ", 10), 700, 10, "stoot u uit?")]])
    line = next(ln for ln in prepared.lines if "CO" in ln)
    assert line.startswith("Hoeveel CO2") and not MARK_RE.search(line)


def test_page_foot_notes_are_separated_with_number_text_and_joined_url() -> None:
    note = "Krant, 1 mei 2024 (https://www.example.nl/nieuws/brug-"
    prepared = _extract([[*_body(780), (72, 110, 5, "1"), (78, 107, 7, note), (78, 98, 7, "gaat-later-open).")]])
    assert [f.number for f in prepared.footnotes] == [1]
    assert prepared.footnotes[0].urls == ("https://www.example.nl/nieuws/brug-gaat-later-open",)
    assert not any("Krant" in ln for ln in prepared.lines)


def test_running_feet_of_an_aanhangsel_are_dropped() -> None:
    prepared = pdf.extract(Source.from_path(EXAMPLES / "ah-tk-20232024-1076.pdf"))
    text = "\n".join(prepared.lines)
    assert "ISSN" not in text and "ah-tk-20232024-1076" not in text
    assert "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel" not in text
    assert len(prepared.page_starts) == 2


def test_co2_subscripts_in_a_real_aanhangsel_are_not_marks() -> None:
    prepared = pdf.extract(Source.from_path(EXAMPLES / "ah-tk-20232024-2210.pdf"))
    marks = [int(m.group(2)) for ln in prepared.lines for m in MARK_RE.finditer(ln)]
    assert marks == [1, 2]
    assert any("CO2-opslag" in ln for ln in prepared.lines)


def test_an_accent_split_off_by_the_text_layer_is_rejoined() -> None:
    prepared = pdf.extract(Source.from_path(EXAMPLES / "ah-tk-20232024-1949.pdf"))
    assert any("Yeşilgöz-Zegerius" in ln for ln in prepared.lines)


def test_encrypted_pdf_is_unreadable_input() -> None:
    with pytest.raises(UnreadableInput, match="encrypted"):
        pdf.extract(Source("locked.pdf", encrypted_pdf()))


@pytest.mark.parametrize("keep", [0.05, 0.3, 0.6])
def test_truncated_pdf_is_unreadable_input(keep: float) -> None:
    data = make_pdf([_body(780)])
    with pytest.raises(UnreadableInput):
        pdf.extract(Source("cut.pdf", data[: int(len(data) * keep)]))


def test_pdf_without_text_layer_is_unreadable_input() -> None:
    with pytest.raises(UnreadableInput, match="no text layer"):
        pdf.extract(Source("scan.pdf", make_pdf([[]])))


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_cut_real_pdf_gives_a_document_or_a_read_error(keep: float) -> None:
    data = (EXAMPLES / "ah-tk-20232024-1178.pdf").read_bytes()
    with contextlib.suppress(ReaderError):  # anything else (a pdfium error, a crash) fails the test
        read(Source("cut.pdf", data[: int(len(data) * keep)]))


def test_a_head_repeated_on_every_page_is_dropped_but_labels_opening_pages_are_kept() -> None:
    pages = [[(72, 800, 8, f"Verslag schriftelijk overleg, blad {n}"), (72, 760, 10, f"Vraag {n}"), *_body(740)]
             for n in range(1, 5)]
    prepared = _extract(pages)
    assert not any("blad" in ln for ln in prepared.lines)
    assert [ln for ln in prepared.lines if ln.startswith("Vraag")] == ["Vraag 1", "Vraag 2", "Vraag 3", "Vraag 4"]
