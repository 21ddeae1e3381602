"""The reader of written questions and of lists of questions and answers, on synthetic fixtures
(tests/fixtures/synthetic-*, invented text in the shape of the genre) and on small inline texts."""

from __future__ import annotations

from pathlib import Path

from overleg.model import Document, DocumentType
from overleg.readers import read
from overleg.readers.source import Source
from overleg.readers.text.aanhangsel_heading import askers, offices
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.questions import parse
from overleg.vocabulary.markers import mark

FIXTURES = Path(__file__).parent / "fixtures"


def _grouped() -> Document:
    return read(FIXTURES / "synthetic-aanhangsel-grouped.txt")


def test_heading_gives_id_askers_offices_subject_and_dates() -> None:
    doc = _grouped()
    assert str(doc.id) == "ah-tk-20312032-417"
    assert [(a.name, a.party) for a in doc.askers] == [("Jansen", "Partij A"), ("De Vries-van Dam", "Partij B")]
    assert doc.addressees == ("Minister van Verkeer en Vervoer", "Minister voor Wonen")
    assert doc.subject == "de nieuwe brug over de rivier"
    assert str(doc.questions_sent_on) == "2032-03-03" and str(doc.answered_on) == "2032-03-24"


def test_answered_by_names_only_the_answerer_not_those_it_speaks_for() -> None:
    assert _grouped().answered_by == ("Staatssecretaris Pieters (Verkeer en Vervoer)",)


def test_grouped_question_label_gives_every_item_the_whole_block_and_answer() -> None:
    doc = _grouped()
    two, three = doc.item(2), doc.item(3)
    assert two is not None and three is not None
    assert two.question == three.question and "Hoeveel kost de vertraging?" in two.question
    assert two.answer == three.answer and two.answer is not None and two.answer.startswith("De brug gaat")
    assert two.answer_group == three.answer_group == (2, 3)


def test_a_question_without_its_own_answer_takes_the_later_combined_answer() -> None:
    doc = _grouped()
    four, five = doc.item(4), doc.item(5)
    assert four is not None and five is not None
    assert four.answer == five.answer == "Zie het antwoord op vraag 2 en 3."
    assert five.answer_group == (4, 5) and five.cross_refs == (2, 3) and five.referral_only


def test_answers_out_of_order_are_matched_by_number() -> None:
    doc = _grouped()
    assert [i.number for i in doc.items] == [1, 2, 3, 4, 5, 6]
    one = doc.item(1)
    assert one is not None and one.answer == "Ja."


def test_a_missing_answer_is_none_with_a_problem() -> None:
    doc = _grouped()
    six = doc.item(6)
    assert six is not None and six.answer is None
    assert any(p.code == "unanswered" and p.where == "item 6" for p in doc.problems)


def test_line_end_hyphenation_is_joined_and_suspended_hyphens_kept() -> None:
    doc = _grouped()
    two = doc.item(2)
    assert two is not None and two.answer is not None
    assert "uitgesteld" in two.question
    assert "Oost- en Zuid-Nederlandse" in two.answer


def test_footnote_markers_go_to_question_and_answer_footnotes_with_urls_rejoined() -> None:
    doc = _grouped()
    one, two = doc.item(1), doc.item(2)
    assert one is not None and two is not None
    assert one.question_footnotes == (1,) and two.answer_footnotes == (2,)
    assert doc.footnote(1) is not None
    assert doc.footnote(1).urls == ("https://www.example.nl/nieuws/brug-gaat-later-open",)  # type: ignore[union-attr]


def test_a_mededeling_that_postpones_the_answer_leaves_answers_none_with_a_problem() -> None:
    doc = read(FIXTURES / "synthetic-aanhangsel-mededeling.txt")
    assert [i.answer for i in doc.items] == [None, None]
    assert doc.answered_on is None and doc.answered_by == ()
    assert any(p.code == "answer-postponed" for p in doc.problems)
    assert not any(p.code == "unanswered" for p in doc.problems)


def test_lijst_van_vragen_en_antwoorden_reads_heading_and_numbered_answers() -> None:
    doc = read(FIXTURES / "synthetic-lijst-van-vragen.txt")
    assert doc.type is DocumentType.LIJST
    assert str(doc.id) == "kst-31000-XII-7" and str(doc.date) == "2031-10-20"
    assert doc.committee is not None and doc.committee.name == "vaste commissie voor Verkeer"
    assert (doc.committee.chair, doc.committee.clerk) == ("Jansen", "Pietersen")
    assert doc.addressee == "Minister van Verkeer" and str(doc.answered_on) == "2031-10-18"
    assert [i.number for i in doc.items] == [1, 2, 3]
    two = doc.item(2)
    assert two is not None and two.referral_only and two.cross_refs == (1,)


def test_marks_from_a_pdf_count_as_footnote_references() -> None:
    lines = ("Vragen van het lid Bakker (Partij C) aan de Minister van Zorg over wachtlijsten",
             "(ingezonden 5 april 2032).", "Vraag 1", f"Klopt het bericht «Wachten»{mark(1)} ?", "Antwoord 1", "Ja.")
    doc = parse(PreparedText("inline", lines), DocumentType.SCHRIFTELIJKE_VRAGEN)
    one = doc.item(1)
    assert one is not None and one.question == "Klopt het bericht «Wachten»?" and one.question_footnotes == (1,)
    assert any(p.code == "footnote-without-text" for p in doc.problems)


def test_askers_and_offices_in_their_printed_variants() -> None:
    assert [a.party for a in askers("de leden A, B en C (allen Partij D)")] == ["Partij D"] * 3
    assert offices("Staatssecretarissen van Zorg en van Wonen") == (
        "Staatssecretaris van Zorg", "Staatssecretaris van Wonen")


def test_markdown_note_brackets_become_marks_for_every_number() -> None:
    text = ("Vragen van het lid Bakker (Partij C) aan de Minister van Zorg over wachtlijsten "
            "(ingezonden 5 april 2032).\nVraag 1\nWat zegt **de regeling**?[4 5 ]\nAntwoord 1\nNiets.\n\n"
            "4 Regeling A.\n\n5 Regeling B.\n")
    doc = read(Source("inline.md", text.encode()))
    one = doc.item(1)
    assert one is not None and one.question == "Wat zegt de regeling?" and one.question_footnotes == (4, 5)


def test_lijst_with_bare_question_numbers_and_unnumbered_answer_labels() -> None:
    doc = read(FIXTURES / "synthetic-lijst-van-vragen-genummerd.txt")
    assert str(doc.id) == "kst-31000-VII-9"
    assert doc.committee is not None and doc.committee.clerk == "Pietersen"
    assert [(i.number, i.answer) for i in doc.items] == [(1, "Ongeveer 2 000."), (2, "Zie het antwoord op vraag 1.")]


def test_lijst_in_table_form_with_the_number_opening_the_question_line() -> None:
    doc = read(FIXTURES / "synthetic-lijst-van-vragen-tabel.txt")
    assert [(i.number, i.question) for i in doc.items] == [
        (1, "Hoeveel scholen zijn er in 2032?"),
        (2, "Hoeveel leerlingen gaan naar het speciaal onderwijs?"),
        (3, "Wanneer komt de evaluatie?"),
    ]
    assert [i.answer for i in doc.items] == ["Er zijn 6 000 scholen.",
                                             "Ongeveer 70 000 leerlingen; zie ook het antwoord op vraag 1.", "In 2033."]
