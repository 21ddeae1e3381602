"""The notice that answers to written questions come later (readers/text/notice.py), on texts
constructed after the genre (tests/fixtures/genres/README.md): an Aanhangsel page and a letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from overleg import exchange
from overleg.errors import NotAQuestionDocument
from overleg.model import Asker, DocumentType
from overleg.readers import read
from overleg.readers.source import Source
from overleg.readers.text.genres import recognise
from overleg.writers import write

GENRES = Path(__file__).parent / "fixtures" / "genres"
PAGE = GENRES / "mededeling-uitstel-aanhangsel.txt"
LETTER = GENRES / "mededeling-uitstel-brief.txt"
SUBJECT = "een kleinschalige boerderij die moet stoppen omdat hun pachtcontract niet verlengd wordt"


def test_an_aanhangsel_notice_gives_the_minister_the_askers_the_subject_and_the_zaak() -> None:
    doc = read(PAGE)
    assert doc.type is DocumentType.MEDEDELING_UITSTEL and doc.items == ()
    assert (str(doc.id), doc.number, doc.date) == ("ah-tk-20242025-1360", "1360", dt.date(2025, 2, 21))
    assert doc.answered_by == ("minister Wiersma (Landbouw, Visserij, Voedselzekerheid en Natuur)",)
    assert doc.askers == (Asker("Bromet", "GroenLinks-PvdA"),)
    assert doc.subject == SUBJECT
    assert doc.identifiers == ("zaak-2025Z01925",)
    assert doc.problems == ()


def test_the_notice_keeps_its_reason_in_the_opening_and_its_promise_as_a_commitment() -> None:
    doc = read(PAGE)
    [text] = doc.opening
    assert text.startswith("De vragen van het lid Bromet") and text.endswith("zo spoedig mogelijk te beantwoorden.")
    assert "afstemming met andere departementen nodig" in text  # the reason
    assert "ISSN" not in text and "ah-tk" not in text  # the page's foot is not the notice's
    assert [c.text for c in doc.commitments] == ["Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden."]


def test_a_notice_letter_gives_the_signing_office_the_addressee_and_the_date_sent() -> None:
    doc = read(LETTER)
    assert doc.type is DocumentType.MEDEDELING_UITSTEL and doc.id is None
    assert doc.date == dt.date(2025, 2, 21) and doc.questions_sent_on == dt.date(2025, 2, 5)
    assert doc.answered_by == ("Minister van Landbouw, Visserij, Voedselzekerheid en Natuur",)
    assert doc.addressees == ("minister van Landbouw, Visserij, Voedselzekerheid en Natuur",)
    assert doc.askers == (Asker("Bromet", "GroenLinks-PvdA"),) and doc.subject == SUBJECT
    assert doc.identifiers == ("zaak-2025Z01925",)
    assert [p.split()[0] for p in doc.opening] == ["Hierbij", "De"]  # not the letter head, not the signature
    assert "informatie van de provincie" in doc.opening[1]


@pytest.mark.parametrize("path", [PAGE, LETTER], ids=["aanhangsel", "brief"])
def test_a_notice_goes_through_the_exchange_json_and_the_text_writer_and_back(path: Path) -> None:
    doc = read(path)
    assert exchange.from_json(exchange.to_json(doc)) == doc
    text = write(doc, "txt")
    assert isinstance(text, str) and "Mededeling van" in text
    assert read(Source("terug.txt", text.encode())) == doc


@pytest.mark.parametrize("format", ["html", "akn", "csv", "docx", "xlsx"])
def test_every_writer_writes_a_notice_without_items(format: str) -> None:
    assert write(read(PAGE), format)


def test_questions_printed_with_a_notice_after_them_stay_written_questions() -> None:
    doc = read(Path(__file__).parent / "fixtures" / "synthetic-aanhangsel-mededeling.txt")
    assert doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN and len(doc.items) == 2
    assert any(p.code == "answer-postponed" for p in doc.problems)


@pytest.mark.parametrize(("text", "genre"), [
    ("De vragen van het lid X (P) over iets kunnen niet binnen de gebruikelijke termijn worden beantwoord.", "notice"),
    ("Betreft Uitstel beantwoording vragen van het lid X\nGeachte voorzitter,", "notice"),
    ("Mededeling van minister X (Financiën) (ontvangen 3 mei 2024)\nDe vragen komen later.", "notice"),
    # an answer printed after an earlier notice answers
    ("Mededeling van minister X (ontvangen 3 mei 2024)\nniet binnen de termijn\n"
     "Antwoord van minister X (ontvangen 9 mei 2024)\nVraag 1\nWat?\nAntwoord 1\nNiets.", "aanhangsel"),
    # a ministry's answer letter that says the answers were late is an answer letter
    ("In antwoord op uw brief van 3 mei 2024. De vragen konden niet binnen de termijn worden beantwoord.\n"
     "Vraag 1\nWat?\nAntwoord\nNiets.", "letter"),
])
def test_the_notice_genre_takes_notices_and_leaves_printed_questions_and_answers(text: str, genre: str) -> None:
    found = recognise(text)
    assert found is not None and found[0].name == genre


def test_a_notice_that_does_not_say_whose_questions_are_late_says_so() -> None:
    doc = read(Source("uitstel.txt", b"De minister van Financien,\n\nDe vragen kunnen niet binnen de gebruikelijke "
                      b"termijn worden beantwoord.\n\nDe minister van Financien,\n"))
    assert doc.type is DocumentType.MEDEDELING_UITSTEL and doc.askers == ()
    assert doc.answered_by == ("Minister van Financien",)
    assert {p.code for p in doc.problems} == {"no-heading", "date-not-found"}


@pytest.mark.parametrize("text", [
    "# Aantekeningen\n\nIn deze map staat de mededeling \"De vragen van het lid X (P) over Y kunnen niet binnen de "
    "gebruikelijke termijn worden beantwoord\" van 3 mei 2024.\n",
    "| bestand | inhoud |\n|---|---|\n"
    "| a.txt | `Mededeling van minister X (ontvangen 3 mei 2024)`: \"kunnen niet binnen de termijn\" |\n",
    "Notitie: de vragen van het lid X kunnen niet binnen de termijn worden beantwoord, zegt men.\n",
])
def test_notes_that_quote_a_notice_are_refused(text: str) -> None:
    with pytest.raises(NotAQuestionDocument, match="not a parliamentary document"):
        read(Source("aantekeningen.md", text.encode()))


def test_the_html_page_calls_a_notice_a_postponement_and_shows_its_reason() -> None:
    page = write(read(PAGE), "html")
    assert isinstance(page, str)
    assert f"<title>Uitstel beantwoording vragen over {SUBJECT}" in page
    assert "afstemming met andere departementen nodig" in page
    assert "Uitstel gemeld door" in page and "Beantwoord door" not in page
