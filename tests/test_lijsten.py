"""Lists of questions answered by letter from another body (the Algemene Rekenkamer), and the
flattened one-line text they come in: the bundled letters score fully against hand-made
truth, and a made-up letter shows each thing the reader must cope with."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from overleg import exchange
from overleg.model import Document, DocumentType
from overleg.readers import read
from overleg.readers.source import Source
from overleg.readers.text import flattened
from overleg.readers.text.genres import recognise

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "src" / "overleg" / "examples"
LETTERS = sorted(EXAMPLES.glob("ar-beantw-*.txt"))
PAGE_NUMBER = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}(?!\d)")


def _texts(doc: Document) -> list[str]:
    return [t for i in doc.items for t in (i.question, i.answer or "")]


def test_every_bundled_rekenkamer_letter_has_a_truth_file() -> None:
    assert len(LETTERS) == 4
    assert {p.stem for p in LETTERS} == {p.stem for p in GOLDEN.glob("ar-beantw-*.json")}


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_rekenkamer_letter_scores_fully_against_its_truth(path: Path, tmp_path: Path) -> None:
    parsed = tmp_path / f"{path.stem}.json"
    parsed.write_text(exchange.to_json(read(path)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(GOLDEN / "score_parse.py"), str(GOLDEN / f"{path.stem}.json"),
                             str(parsed)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_rekenkamer_letter_is_one_flattened_line_read_as_a_list_answered_by_the_rekenkamer(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert flattened.is_flattened(text)
    doc = read(path)
    assert doc.type is DocumentType.LIJST
    assert doc.answered_by == ("Algemene Rekenkamer",) and doc.addressee == "Algemene Rekenkamer"
    assert doc.id is None  # the letter prints no Kamerstuk number of its own
    assert doc.committee is not None and "commissie" in (doc.committee.name or "")


def test_false_vraag_hits_in_the_letters_are_not_taken_as_items() -> None:
    """"zie antwoord bij vraag 4", "(zie ook vraag 11)": the letters name more questions than
    they hold; the items of each are still numbered 1..N, once each."""
    hits = items = 0
    for path in LETTERS:
        hits += len(re.findall(r"\bvraag\s+\d+", path.read_text(encoding="utf-8"), re.I))
        numbers = [i.number for i in read(path).items]
        assert numbers == list(range(1, len(numbers) + 1)), path.name
        items += len(numbers)
    assert hits > items


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_no_page_number_running_header_or_footnote_stays_in_an_item(path: Path) -> None:
    doc = read(path)
    for text in _texts(doc):
        assert not PAGE_NUMBER.search(text), text
        assert not re.search(r"Antwoorden\s+\S+\s+Rekenkamer\s+(?:op|bij)\s+vragen", text), text
        for note in doc.footnotes:
            assert note.text is None or note.text[:40] not in text


def test_a_running_header_with_an_ocr_slip_is_still_taken_out() -> None:
    """The 2012 letter's last page prints "Pdgemene" for "Algemene" in its header."""
    path = EXAMPLES / "ar-beantw-20120313-vastgoed-rijk.txt"
    assert "Pdgemene" in path.read_text(encoding="utf-8")
    assert not any("Pdgemene" in t or t.endswith("/") for t in _texts(read(path)))


def test_the_letter_s_footnotes_leave_the_answer_and_their_markers_stay_in_place() -> None:
    doc = read(EXAMPLES / "ar-beantw-20240604-vo2023-jenv.txt")
    item = next(i for i in doc.items if i.number == 23)
    assert item.answer_footnotes == (1, 2, 3, 4)
    assert item.answer is not None
    assert "uit het fonds. De minister" in item.answer  # "fonds.1" without its marker
    assert "november 2022 verwezen" in item.answer  # "20222": 2022 and note 2
    assert [f.number for f in doc.footnotes] == [1, 2, 3, 4]


def test_established_date_and_letter_date_are_told_apart() -> None:
    doc = read(EXAMPLES / "ar-beantw-20220607-vo2021-financien.txt")
    assert (str(doc.date), str(doc.answered_on)) == ("2022-06-06", "2022-06-07")


# A made-up letter, flattened as the dataset flattens one: what each stage must cope with.
HEADER = "Antwoorden Planbureau voor de Leefomgeving op vragen over rapport Stikstof in beeld"
LETTER = (
    "Planbureau voor de Leefomgeving Postbus 30314 2500 GH Den Haag D A T U M 3 april 2025 "
    "B E T R E F T Beantwoording vragen Tweede Kamer     Geachte heer Voorzitter,     Hierbij bieden wij "
    "u de op 2 april 2025 vastgestelde antwoorden aan op de door de vaste commissie voor Landbouw, Visserij, "
    "Voedselzekerheid en Natuur gestelde vragen over ons rapport Stikstof in beeld (Kamerstuk 35 334, nr. "
    "300).     Planbureau voor de Leefomgeving     prof. dr. A. Jansen,  directeur     "
    f"{HEADER}  2/3  Antwoorden Planbureau voor de Leefomgeving op vragen1 van de Tweede Kamer     "
    "Vraag 1  Hoe groot is de depositie in Nederland?    De depositie is gemiddeld 1.500 mol per hectare.  "
    "Zie de tabel.     Jaar  Depositie  Emissie     2022  1.520  118     2023  1.490  115     "
    "Vraag 2  Klopt het dat de depositie daalt? Graag per jaar.    Ja. Zoals in ons antwoord op Vraag 1 "
    "staat, daalt de depositie. De daling hangt samen met de  "
    f"     1 De vragen zijn hier weergegeven zoals ze zijn gesteld.     {HEADER}  3/3  "
    "uitstoot van de landbouw.     Vraag 3  Wanneer verschijnt het volgende rapport?    In het najaar."
)


def _made_up() -> Document:
    return read(Source("planbureau.txt", LETTER.encode("utf-8")))


def test_a_made_up_flattened_letter_is_recognised_as_a_list_answered_by_letter() -> None:
    found = recognise("\n".join(flattened.restore(LETTER).lines))
    assert found is not None and found[0].name == "answer-letter"
    doc = _made_up()
    assert doc.answered_by == ("Planbureau voor de Leefomgeving",)
    assert doc.committee is not None
    assert doc.committee.name == "vaste commissie voor Landbouw, Visserij, Voedselzekerheid en Natuur"
    assert (str(doc.date), str(doc.answered_on)) == ("2025-04-02", "2025-04-03")
    assert [str(r) for r in doc.subject_refs] == ["kst-35334-300"]
    assert doc.subject == "Stikstof in beeld"


def test_letter_spaced_labels_are_read_as_words() -> None:
    lines = flattened.restore(LETTER).lines
    assert any("DATUM 3 april 2025" in ln for ln in lines)
    assert not any("D A T U M" in ln for ln in lines)


def test_a_page_break_with_header_and_footnote_inside_an_answer_leaves_one_sentence() -> None:
    answer = _made_up().items[1].answer
    assert answer is not None
    assert answer.endswith("De daling hangt samen met de uitstoot van de landbouw.")
    assert "Planbureau" not in answer and "3/3" not in answer and "weergegeven" not in answer


def test_a_quoted_question_label_in_an_answer_is_not_an_item() -> None:
    doc = _made_up()
    assert [i.number for i in doc.items] == [1, 2, 3]
    assert doc.items[1].answer is not None and "Vraag 1" in doc.items[1].answer


def test_a_question_ends_with_its_paragraph_even_after_its_question_mark() -> None:
    item = _made_up().items[1]
    assert item.question == "Klopt het dat de depositie daalt? Graag per jaar."
    assert item.answer is not None and item.answer.startswith("Ja.")


def test_a_table_in_an_answer_stays_in_that_item_as_a_table_of_rows_and_cells() -> None:
    doc = _made_up()
    first = doc.items[0].answer
    assert first is not None
    table = first.split("\n\n")[-1]
    assert [row.split("\t") for row in table.split("\n")] == [
        ["Jaar", "Depositie", "Emissie"], ["2022", "1.520", "118"], ["2023", "1.490", "115"]]
    assert all("2023 1.490" not in t for t in _texts(doc)[2:])
    assert all("1.490" not in (f.text or "") for f in doc.footnotes)


def test_the_footnote_at_a_page_foot_is_a_note_of_the_letter() -> None:
    doc = _made_up()
    note = "De vragen zijn hier weergegeven zoals ze zijn gesteld."
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, note)]


def test_a_text_that_is_not_flattened_is_left_to_the_other_stages() -> None:
    assert not flattened.is_flattened("Vraag 1\nWat?\nAntwoord 1\nDit.")
    assert not flattened.is_flattened("")


LAID_OUT = """Algemene Rekenkamer
Datum 3 april 2025

Hierbij bieden wij u de op 2 april 2025 vastgestelde antwoorden aan op de door de vaste commissie
voor Financiën gestelde vragen over ons rapport Begrotingsreserves.

Antwoorden Algemene Rekenkamer op vragen van de Tweede Kamer

Vraag 1
Graag een overzicht per ministerie.

Dat overzicht staat in bijlage 2.

Vraag 2
Wat kost het?
Niets.
"""


def test_a_letter_in_layout_lines_is_read_the_same_way() -> None:
    doc = read(Source("brief.txt", LAID_OUT.encode("utf-8")))
    assert doc.type is DocumentType.LIJST and doc.answered_by == ("Algemene Rekenkamer",)
    assert doc.committee is not None and doc.committee.name == "vaste commissie voor Financiën"
    assert [(i.question, i.answer) for i in doc.items] == [
        ("Graag een overzicht per ministerie.", "Dat overzicht staat in bijlage 2."),
        ("Wat kost het?", "Niets."),
    ]


def test_a_question_without_a_question_mark_ends_with_its_paragraph_and_says_so() -> None:
    doc = read(Source("brief.txt", LAID_OUT.encode("utf-8")))
    assert [(p.code, p.where) for p in doc.problems] == [("question-boundary-guessed", "line 9")]


def test_the_running_header_is_taken_out_at_every_page_even_when_pages_end_alike() -> None:
    page = "Antwoorden Rekenkamer op vragen over rapport Iets groots (Kamerstuk 31 865, nr. 78)  {n}/20  "
    text = "Hierbij bieden wij u onze antwoorden aan op de door de vaste commissie voor Financiën gestelde " \
        "vragen over het rapport Iets groots.  " + "".join(
            page.format(n=n) + f"Vraag {n}  Hoe zit het met punt {n}?    Het zit zo. " + "Meer tekst hier. " * 30
            for n in range(1, 21))
    doc = read(Source("lang.txt", text.encode("utf-8")))
    assert [i.number for i in doc.items] == list(range(1, 21))
    assert all(i.answer == "Het zit zo. " + " ".join(["Meer tekst hier."] * 30) for i in doc.items)
