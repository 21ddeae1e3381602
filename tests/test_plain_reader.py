"""The plain-text and Markdown reader: third-party conversions of Aanhangsel PDFs."""

from __future__ import annotations

from overleg.readers import plain, read
from overleg.readers.source import Source
from overleg.vocabulary.markers import mark

HEAD = ("Vragen van het lid Bakker (Partij C) aan de Minister van Zorg over wachtlijsten "
        "(ingezonden 5 april 2032).\nAntwoord van Minister Smit (Zorg) (ontvangen 26 april 2032).\n")


def test_page_feet_glued_to_a_label_are_cut_off() -> None:
    text = HEAD + ("Vraag 1\nWat?\n’s-Gravenhage 2032Tweede Kamer, vergaderjaar 2031–2032, Aanhangsel 1Antwoord 1\n"
                   "Niets.\nah-tk-20312032-9\nISSN 0921 - 7398\n")
    prepared = plain.extract(Source("glued.txt", text.encode()))
    assert "Antwoord 1" in prepared.lines
    assert not any("ISSN" in ln or "ah-tk-" in ln or "Gravenhage" in ln for ln in prepared.lines)


def test_note_references_on_their_own_line_or_before_a_word_become_marks() -> None:
    text = HEAD + ("Vraag 1\nKent u het bericht?\n1 \nAntwoord 1\nIn de brief van mei\n2 is aangegeven dat het kan.\n"
                   "1Dagblad, 1 mei 2032.\n2Kamerstuk 31 000, nr. 12.\n")
    prepared = plain.extract(Source("notes.txt", text.encode()))
    assert f"Kent u het bericht?{mark(1)}" in prepared.lines
    assert f"In de brief van mei{mark(2)}" in prepared.lines
    assert [(f.number, f.text) for f in prepared.footnotes] == [(1, "Dagblad, 1 mei 2032."),
                                                                (2, "Kamerstuk 31 000, nr. 12.")]


def test_a_number_that_is_not_the_next_expected_note_stays_text() -> None:
    text = HEAD + "Vraag 1\nHoeveel?\nAntwoord 1\nHet zijn er\n31 augustus al 40.\n"
    prepared = plain.extract(Source("numbers.txt", text.encode()))
    assert "31 augustus al 40." in prepared.lines and not prepared.footnotes


def test_a_question_label_lost_at_a_markdown_page_break_is_recovered_with_a_problem() -> None:
    text = HEAD + ("Vraag 1\nWat?\n\nAntwoord 1\nDat weet ik niet.\n\n-----\n\n"
                   "van de wachtlijsten in de zorg bekend?\n\nAntwoord 2\nJa.\n")
    doc = read(Source("lost.md", text.encode()))
    one, two = doc.item(1), doc.item(2)
    assert one is not None and one.answer == "Dat weet ik niet."
    assert two is not None and two.question == "van de wachtlijsten in de zorg bekend?" and two.answer == "Ja."
    assert any(p.code == "label-lost" for p in doc.problems)


def test_markdown_links_keep_text_and_url_and_emphasis_goes() -> None:
    text = HEAD + "Vraag 1\nKent u *het* [bericht](https://www.example.nl/a_b)?\nAntwoord 1\n**Ja.**\n"
    doc = read(Source("links.md", text.encode()))
    one = doc.item(1)
    assert one is not None and one.question == "Kent u het bericht (https://www.example.nl/a_b)?"
    assert one.answer == "Ja."
