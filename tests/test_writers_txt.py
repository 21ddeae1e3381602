"""The txt writer: the printed layout in plain text, read back by the text reader to the same model."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import overleg
from layout_roundtrip import LAYOUT_EXAMPLES, ROOT, assert_same_model
from overleg import exchange
from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source
from overleg.vocabulary.dates import dutch_date
from overleg.writers import txt
from writer_strategies import documents

SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"


def _back(doc: Document) -> Document:
    return read(Source("rendering.txt", txt.write(doc).encode("utf-8")))


@pytest.mark.parametrize("path", LAYOUT_EXAMPLES, ids=[p.name for p in LAYOUT_EXAMPLES])
def test_every_example_reads_back_from_its_txt_rendering_to_the_same_model(path: Path) -> None:
    doc = read(path)
    assert_same_model(doc, _back(doc))


def test_txt_rendering_of_the_seed_scores_fully_against_its_truth(tmp_path: Path) -> None:
    parsed = tmp_path / "parsed.json"
    parsed.write_text(exchange.to_json(_back(read(SEED))), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "golden" / "score_parse.py"),
                             str(ROOT / "tests" / "golden" / "kst-21501-02-3349.json"), str(parsed)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_seed_rendering_has_the_printed_report_layout() -> None:
    text = overleg.write(read(SEED), "txt")
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == "21501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken"
    assert "Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG" in lines
    assert "Vastgesteld 20 februari 2026" in lines
    assert "Vragen en opmerkingen van de leden van de D66-fractie" in lines
    assert "1. Antwoord van het kabinet" in lines
    assert "Volledige agenda" in lines
    assert any(line.startswith("1 Kamerstuk 36 180 nr. 190") for line in lines)


def test_seed_rendering_prints_the_opening_the_clerks_title_and_the_markers_as_printed() -> None:
    doc = read(SEED)
    text = txt.write(doc)
    assert doc.opening[0] + "\n" in text and doc.opening[1] + "\n" in text
    assert "\nAdjunct-griffier van de commissie,\n" in text
    assert "\nVragen en opmerkingen vanuit de fracties en reactie van de minister\n" in text
    assert "is uw Kamer per brief6, en op" in text
    assert "EU-sanctietaskforce" in text and "EU- sanctietaskforce" not in text


def test_without_an_opening_the_introduction_names_the_papers_by_their_descriptions() -> None:
    doc = replace(read(SEED), opening=())
    lines = txt.write(doc).splitlines()
    intro = next(line for line in lines if line.startswith("De vaste commissie voor Buitenlandse Zaken"))
    assert "over de Geannoteerde agenda voor de Raad Buitenlandse Zaken van 23 februari 2026 " \
           "(Kamerstuk 21501-02, nr. 3346)" in intro
    assert "recht (nr. 51) (Kamerstuk 36800-V, nr. 36)" in intro


def test_a_footnote_marker_is_glued_after_the_motion_whose_paper_it_cites() -> None:
    text = txt.write(read(SEED))
    assert "motie van het lid Bamenga1 " in text


def test_grouped_answers_of_written_questions_are_printed_once_under_a_grouped_label() -> None:
    doc = read(ROOT / "src" / "overleg" / "examples" / "ah-tk-20232024-1771.pdf")
    grouped = next((i for i in doc.items if len(i.answer_group) > 1), None)
    text = txt.write(doc)
    for item in doc.items:
        assert f"Vraag {item.number}\n" in text
    if grouped is not None:
        *first, last = grouped.answer_group
        assert f"Antwoord {', '.join(map(str, first))} en {last}\n" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_back_from_txt_to_the_same_model(doc: Document) -> None:
    assert_same_model(doc, _back(doc))


def test_a_letter_with_two_note_series_is_written_in_the_letter_layout_with_both_lists() -> None:
    doc = read(ROOT / "src" / "overleg" / "examples" / "jenv-beantw-kenmerk-5293107.docx")
    assert {f.series for f in doc.footnotes} == {"typed", "word"}
    text = txt.write(doc)
    assert doc.answered_on is not None
    assert text.startswith(f"Datum {dutch_date(doc.answered_on)}\n")
    assert "In antwoord op uw brief van " in text
    assert "Aanhangsel van de Handelingen" not in text
    assert "\nAntwoord op vragen 4, 5, 6 en 7\n" in text
    typed = [f for f in doc.footnotes if f.series == "typed"]
    assert all(f"\n{f.number}) " in text for f in typed)


def test_written_questions_with_one_note_series_and_an_id_keep_the_aanhangsel_layout() -> None:
    doc = read(ROOT / "src" / "overleg" / "examples" / "ah-tk-20232024-1771.pdf")
    text = txt.write(doc)
    assert "Aanhangsel van de Handelingen" in text
    assert "In antwoord op uw brief van" not in text


def test_the_first_aanhangsel_of_a_year_keeps_its_number_and_its_first_note_in_a_txt_round_trip() -> None:
    import dataclasses

    from overleg.model import DocumentId

    doc = overleg.read(ROOT / "src/overleg/examples/ah-tk-20232024-1432.pdf")
    assert doc.items[0].question_footnotes[:1] == (1,)  # the case: note 1 still to come after the number
    first = dataclasses.replace(doc, id=DocumentId("ah-tk-20232024-1"), number="1")
    back = overleg.read(str(overleg.write(first, "txt")).encode())
    assert_same_model(first, back)
