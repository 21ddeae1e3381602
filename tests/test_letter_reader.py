"""The answer-letter reader, on small letters written for each trap of the genre."""

from __future__ import annotations

import datetime as dt

from overleg.model import Document, DocumentType, Footnote
from overleg.readers.text.letter import parse
from overleg.readers.text.parse import parse_prepared
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.markers import mark

COVER = (
    "In antwoord op uw brief van 7 september 2023, nr. 2023Z14759, deel ik u mede dat de vragen van "
    "{who} {to}over {subject} worden beantwoord zoals aangegeven in de bijlage van deze brief."
)


def letter(
    body: list[str],
    who: str = "het lid Dijk (SP)",
    to: str = "aan de minister van Financiën ",
    subject: str = "de belasting op fietsen",
    head: list[str] | None = None,
    signature: list[str] | None = None,
    heading: list[str] | None = None,
    footnotes: tuple[Footnote, ...] = (),
    emphasised: frozenset[int] = frozenset(),
) -> Document:
    lines = [*(head if head is not None else ["Datum", "18 oktober 2023", "Onderwerp", "Beantwoording"]), ""]
    lines += [COVER.format(who=who, to=to, subject=subject), ""]
    lines += signature if signature is not None else ["De minister van Financiën,", "", "A.B. de Vries", ""]
    lines += heading if heading is not None else [f"Antwoorden van de minister van Financiën op vragen van {who} "
                                                  f"over {subject}.", ""]
    offset = len(lines)
    lines += body
    return parse(
        PreparedText("brief.docx", tuple(lines), footnotes=footnotes, reflowed=True,
                     emphasised=frozenset(offset + k for k in emphasised)),
        DocumentType.SCHRIFTELIJKE_VRAGEN,
    )


QA = ["Vraag 1", "Kent u het bericht?", "Antwoord op vraag 1", "Ja.", "Vraag 2", "Deelt u de mening?",
      "Antwoord op vraag 2", "Nee."]


def test_letter_is_dispatched_by_its_cover_sentence() -> None:
    lines = ("In het antwoord op uw brief van 8 maart 2024 deel ik u mede dat de vragen van het lid Dijk (SP) "
             "over fietsen worden beantwoord.", *QA)
    doc = parse_prepared(PreparedText("brief.docx", lines, reflowed=True))
    assert doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN
    assert [i.number for i in doc.items] == [1, 2]


def test_dates_come_from_the_kamer_letter_and_the_letterhead() -> None:
    doc = letter(QA)
    assert doc.questions_sent_on == dt.date(2023, 9, 7)
    assert doc.answered_on == dt.date(2023, 10, 18)
    assert doc.id is None


def test_a_letter_without_a_letterhead_date_has_no_answer_date() -> None:
    assert letter(QA, head=[]).answered_on is None


def test_a_bracketed_party_applies_to_every_name_before_it() -> None:
    doc = letter(QA, who="de leden Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)")
    assert [(a.name, a.party) for a in doc.askers] == [
        ("Mutluer", "GroenLinks-PvdA"), ("Lahlah", "GroenLinks-PvdA"), ("Boswijk", "CDA"), ("Helder", "BBB")]


def test_addressees_are_split_into_offices_and_none_when_the_letter_does_not_say() -> None:
    doc = letter(QA, to="aan de ministers van Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijkrelaties ")
    assert doc.addressees == ("Minister van Justitie en Veiligheid",
                              "Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    assert letter(QA, to="").addressees == ()


def test_the_subject_prefers_the_heading_above_the_answers() -> None:
    doc = letter(QA, subject="de sluiting van het bureau",
                 heading=["Antwoorden van de minister op Kamervragen ",
                          "van het lid Dijk (SP) over de voorgenomen sluiting van het bureau.", ""])
    assert doc.subject == "de voorgenomen sluiting van het bureau"


def test_answered_by_comes_from_the_signature_not_from_on_behalf_lines() -> None:
    doc = letter(QA, signature=["Mede namens de minister van Binnenlandse Zaken en Koninkrijksrelaties,",
                                "De minister van Justitie en Veiligheid", "", "D. Yeşilgöz-Zegerius", ""])
    assert doc.answered_by == ("Minister Yeşilgöz-Zegerius (Justitie en Veiligheid)",)


def test_grouped_answer_after_the_last_question_of_a_non_contiguous_group() -> None:
    body = ["Vraag 1", "Kent u het bericht?", "Antwoord op vraag 1", "Ja.",
            "Vraag 2", "Deelt u de mening?", "Vraag 3", "Wat gaat u doen?",
            "Antwoord op vraag 3", "Niets.", "Vraag 4", "Waarom niet?",
            "Antwoord op vragen 2, en 4", "Omdat het niet kan."]
    doc = letter(body)
    two, four = doc.item(2), doc.item(4)
    assert two is not None and four is not None
    assert two.answer == four.answer == "Omdat het niet kan."
    assert two.answer_group == four.answer_group == (2, 4)
    assert doc.item(3) is not None and doc.item(3).answer == "Niets."  # type: ignore[union-attr]


def test_an_answer_without_label_is_told_from_the_question_by_wording() -> None:
    body = ["Vraag 1", "In het rapport staat dat het slecht gaat.", "Wat vindt u daarvan?",
            "Ik ben bekend met dit rapport.", "Het gaat beter dan gemeld.",
            "Vraag 2", "Kunt u dit toelichten?", "Antwoord op vraag 2", "Ja."]
    doc = letter(body)
    one = doc.item(1)
    assert one is not None
    assert one.question == "In het rapport staat dat het slecht gaat.\n\nWat vindt u daarvan?"
    assert one.answer == "Ik ben bekend met dit rapport.\n\nHet gaat beter dan gemeld."
    assert any(p.code == "unlabelled-answer" for p in doc.problems)


def test_without_a_question_mark_the_bold_question_style_decides() -> None:
    body = ["Vraag 1", "Licht uw antwoord toe.", "Dat doe ik graag.", "Vraag 2", "Kunt u dit toelichten?",
            "Antwoord op vraag 2", "Ja."]
    doc = letter(body, emphasised=frozenset({1}))
    assert doc.item(1) is not None and doc.item(1).answer == "Dat doe ik graag."  # type: ignore[union-attr]


def test_typed_notes_at_the_end_are_split_and_their_markers_removed() -> None:
    body = ["Vraag 1", "Kent u het bericht[1] en het artikel [2]?", "Antwoord op vraag 1", "Ja.",
            "Vraag 2", "Kent u de Code Verhoudingen 3), met name het artikel (artikel 3)?",
            "Antwoord op vraag 2", "Ja.", "",
            "[1] https://www.ad.nl/a~b/#:~:text=x,y[2] https://nos.nl/artikel/2",
            "[3] Kamerstuk 33047, nr. 25."]
    doc = letter(body)
    one, two = doc.item(1), doc.item(2)
    assert one is not None and two is not None
    assert one.question == "Kent u het bericht en het artikel?"
    assert one.question_footnotes == (1, 2)
    assert two.question == "Kent u de Code Verhoudingen, met name het artikel (artikel 3)?"
    assert two.answer == "Ja."
    assert [(f.number, f.series, f.urls) for f in doc.footnotes] == [
        (1, "typed", ("https://www.ad.nl/a~b/#:~:text=x,y",)),
        (2, "typed", ("https://nos.nl/artikel/2",)),
        (3, "typed", ()),
    ]
    assert [str(x) for x in doc.footnotes[2].refs] == ["kst-33047-25"]


def test_a_numbered_list_closing_the_last_answer_is_not_taken_for_notes() -> None:
    body = ["Vraag 1", "Welke maatregelen neemt u?", "Antwoord op vraag 1", "Ik neem deze maatregelen:",
            "1. meer toezicht;", "2. hogere boetes."]
    doc = letter(body)
    assert doc.footnotes == ()
    assert doc.item(1) is not None and "hogere boetes" in (doc.item(1).answer or "")  # type: ignore[union-attr]


def test_word_footnotes_and_typed_notes_keep_their_own_series() -> None:
    body = ["Vraag 1", "Kent u het bericht? 1)", "Antwoord op vraag 1",
            f"Ja, zoals de Kamer verzocht.{mark(1, 'word')}", "", "1) NOS, 6 maart 2024 (nos.nl/artikel/1)."]
    doc = letter(body, footnotes=(Footnote(1, "Kamerstuk 29 628, nr. 1099.", series="word"),))
    one = doc.item(1)
    assert one is not None
    assert (one.question_footnotes, one.answer_footnotes) == ((1,), (1,))
    assert one.answer == "Ja, zoals de Kamer verzocht."
    assert sorted((f.series or "", f.number) for f in doc.footnotes) == [("typed", 1), ("word", 1)]
    assert doc.footnote(1, "typed") is not None and doc.footnote(1, "typed").urls == ("nos.nl/artikel/1",)  # type: ignore[union-attr]


def test_layout_lines_of_a_letter_are_joined_into_paragraphs() -> None:
    lines = ("In antwoord op uw brief van 7 september 2023 deel ik u mede dat de vragen van het lid",
             "Dijk (SP) over fietsen worden beantwoord.", "", "Vraag 1", "Deelt u de mening dat fiet-",
             "sen goed zijn?", "", "Antwoord op vraag 1", "Ja, dat vind", "ik ook.")
    doc = parse(PreparedText("brief.pdf", lines), DocumentType.SCHRIFTELIJKE_VRAGEN)
    one = doc.item(1)
    assert one is not None
    assert (one.question, one.answer) == ("Deelt u de mening dat fietsen goed zijn?", "Ja, dat vind ik ook.")
    assert [a.name for a in doc.askers] == ["Dijk"]


def test_a_letter_without_vraag_labels_reads_questions_numbered_in_sequence() -> None:
    body = ["1. Kent u het bericht over 1.5 miljoen fietsen?", "Ja.",
            "2. Deelt u de mening dat fietsen goed zijn?", "Antwoord", "Ja, die deel ik.",
            "3. Wat gaat u doen?", "Ik ga fietsen.", "", "1) NOS, 6 maart 2024."]
    doc = letter(body)
    assert [(i.number, i.question, i.answer) for i in doc.items] == [
        (1, "Kent u het bericht over 1.5 miljoen fietsen?", "Ja."),
        (2, "Deelt u de mening dat fietsen goed zijn?", "Ja, die deel ik."),
        # a numbered line whose marker is in no question is not a note: it stays in the answer
        (3, "Wat gaat u doen?", "Ik ga fietsen.\n\n1) NOS, 6 maart 2024."),
    ]


def test_question_and_answer_text_on_the_label_line() -> None:
    doc = letter(["Vraag 1: Kent u het bericht?", "Antwoord op vraag 1: Ja.", "Vraag 2 Deelt u de mening? 1)",
                  "Antwoord 2 Nee, die deel ik niet.", "", "1) NOS, 6 maart 2024."])
    assert [(i.question, i.answer) for i in doc.items] == [("Kent u het bericht?", "Ja."),
                                                           ("Deelt u de mening?", "Nee, die deel ik niet.")]
    assert doc.item(2) is not None and doc.item(2).question_footnotes == (1,)  # type: ignore[union-attr]


def test_the_subject_loses_what_the_heading_adds_after_it() -> None:
    doc = letter(QA, heading=["Antwoorden op vragen van het lid Dijk (SP) over de fietsbelasting "
                              "(ingezonden 7 september 2023, 2023Z14759).", ""])
    assert doc.subject == "de fietsbelasting"


def test_a_den_haag_date_line_and_a_kamerlid_are_understood() -> None:
    doc = letter(QA, head=["Den Haag, 3 oktober 2023"], who="het Kamerlid Kostić (PvdD)")
    assert doc.answered_on == dt.date(2023, 10, 3)
    assert [(a.name, a.party) for a in doc.askers] == [("Kostić", "PvdD")]


def test_the_questions_own_heading_gives_the_subject_without_the_sent_date() -> None:
    doc = letter(QA, heading=["Vragen van het lid Dijk (SP) aan de minister van Financiën over de fietsbelasting "
                              "(ingezonden 7 september 2023).", ""])
    assert doc.subject == "de fietsbelasting"
    assert doc.addressees == ("Minister van Financiën",)


def test_superscript_note_numbers_count_only_when_the_note_is_listed() -> None:
    listed = letter(["Vraag 1", f"Kent u het bericht{mark(1)}?", "Antwoord op vraag 1", f"Ja, 20 m{mark(2)}.", "",
                     f"{mark(1)} NOS, 6 maart 2024."])
    one = listed.item(1)
    assert one is not None
    assert (one.question, one.question_footnotes) == ("Kent u het bericht?", (1,))
    assert one.answer == "Ja, 20 m2."
    assert [(f.number, f.text) for f in listed.footnotes] == [(1, "NOS, 6 maart 2024.")]


def test_marks_of_notes_a_pdf_reader_separated_are_kept_as_the_letters_own_notes() -> None:
    doc = letter(["Vraag 1", "Kent u het bericht?", "Antwoord op vraag 1", f"Ja, zie de brief{mark(1)}."],
                 footnotes=(Footnote(1, "Kamerstuk 29 628, nr. 1099."),))
    one = doc.item(1)
    assert one is not None and one.answer_footnotes == (1,) and one.answer == "Ja, zie de brief."
    assert [(f.number, f.series) for f in doc.footnotes] == [(1, "word")]


def test_a_question_answered_by_a_later_grouped_label_keeps_all_its_paragraphs() -> None:
    doc = letter(["Vraag 1", "Kent u het bericht?", "Zo ja, wat vindt u ervan.", "Vraag 2", "Deelt u de mening?",
                  "Antwoord op vragen 1 en 2", "Ja."])
    one = doc.item(1)
    assert one is not None
    assert one.question == "Kent u het bericht?\n\nZo ja, wat vindt u ervan."
    assert (one.answer, one.answer_group) == ("Ja.", (1, 2))
    assert not doc.problems
