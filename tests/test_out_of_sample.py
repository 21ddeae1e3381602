"""Documents of every genre in layouts outside the bundled examples (issue 16).

The fixtures in ``tests/fixtures/genres/`` are constructed after the quotes in the issue and the
layout variants in the domain notes (see the README there); each test names the trait of the
genre it exercises, never one file's wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source
from overleg.readers.text.report_heading import read_heading, read_intro

GENRES = Path(__file__).parent / "fixtures" / "genres"


def _read(name: str) -> Document:
    return read(GENRES / name)


def _codes(doc: Document) -> list[str]:
    return [p.code for p in doc.problems]


# --- reports in older layouts -------------------------------------------------------------------

def test_a_report_of_two_dossiers_takes_its_id_from_the_first() -> None:
    doc = _read("so-2010-twee-dossiers.txt")
    assert str(doc.id) == "kst-21501-31-207"
    assert doc.dossier is not None and doc.dossier.number == "21501-31"
    assert doc.dossier.title == "Raad voor Werkgelegenheid, Sociaal Beleid, Volksgezondheid en Consumentenzaken"


def test_a_heading_of_two_dossiers_keeps_the_second() -> None:
    heading = read_heading(["21 501-31 Raad voor Werkgelegenheid, Sociaal Beleid, Volksgezondheid en",
                            "Consumentenzaken", "", "21 501-27 Sportraad", "",
                            "Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld16 april 2010"])
    assert [d.number for d in heading.other_dossiers] == ["21501-27"]
    assert heading.other_dossiers[0].title == "Sportraad"
    assert heading.date is not None and heading.date.isoformat() == "2010-04-16"


def test_a_wrapped_title_ending_in_a_year_is_no_second_dossier() -> None:
    heading = read_heading(["36 600 VI Vaststelling van de begrotingsstaten van het Ministerie voor het jaar",
                            "2025 (wijziging samenhangende met de Voorjaarsnota)",
                            "Nr. 9 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"])
    assert heading.dossier is not None and heading.dossier.number == "36600-VI"
    assert heading.other_dossiers == ()


def test_an_older_report_names_its_committee_addressee_and_dates() -> None:
    doc = _read("so-2010-twee-dossiers.txt")
    assert doc.date is not None and doc.date.isoformat() == "2010-04-16"  # "Vastgesteld16 april 2010"
    assert doc.committee is not None
    assert doc.committee.name == "vaste commissie voor Volksgezondheid, Welzijn en Sport"
    assert (doc.committee.chair, doc.committee.clerk) == ("Hermans", "Van Dalen")
    assert doc.addressee == "minister van Volksgezondheid, Welzijn en Sport"
    assert doc.questions_sent_on is not None and doc.questions_sent_on.isoformat() == "2010-04-08"
    assert doc.answered_on is not None and doc.answered_on.isoformat() == "2010-04-15"
    assert [(i.faction, i.answer is not None) for i in doc.items] == [("CDA", True), ("PvdA", True)]


def test_an_older_report_reports_nothing_missing() -> None:
    codes = _codes(_read("so-2010-twee-dossiers.txt"))
    assert not {"heading-not-found", "date-not-found", "committee-not-found", "addressee-not-found",
                "answer-date-not-found"} & set(codes)


@pytest.mark.parametrize(("sentence", "committee", "addressee"), [
    ("In de vaste commissie voor Onderwijs, Cultuur en Wetenschap bestond er bij enkele fracties behoefte "
     "om vragen voor te leggen aan de minister van Onderwijs, Cultuur en Wetenschap over de brief.",
     "vaste commissie voor Onderwijs, Cultuur en Wetenschap", "minister van Onderwijs, Cultuur en Wetenschap"),
    ("De vaste commissie voor Landbouw, Natuur en Voedselkwaliteit heeft vragen voorgelegd aan de Minister "
     "van Landbouw, Natuur en Voedselkwaliteit, die deze heeft beantwoord.",
     "vaste commissie voor Landbouw, Natuur en Voedselkwaliteit", "Minister van Landbouw, Natuur en Voedselkwaliteit"),
])
def test_committee_and_ministry_names_with_commas_are_read_whole(sentence: str, committee: str,
                                                                 addressee: str) -> None:
    intro = read_intro(sentence)
    assert (intro.committee, intro.addressee) == (committee, addressee)


def test_the_answer_date_is_the_letters_date_not_the_date_the_questions_went() -> None:
    intro = read_intro("De op 8 april 2010 toegezonden vragen en opmerkingen zijn met de door de minister bij "
                       "brief van 15 april 2010 toegezonden antwoorden hieronder afgedrukt.")
    assert intro.questions_sent_on is not None and intro.questions_sent_on.isoformat() == "2010-04-08"
    assert intro.answered_on is not None and intro.answered_on.isoformat() == "2010-04-15"


def test_a_report_whose_introduction_names_nothing_reports_each_missing_part() -> None:
    text = (GENRES / "so-2010-twee-dossiers.txt").read_text(encoding="utf-8")
    start, end = text.index("In de vaste commissie"), text.index("De voorzitter van de commissie")
    bare = text[:start] + "Hierbij het verslag.\n\n" + text[end:]
    bare = bare.replace("Vastgesteld16 april 2010", "")
    doc = read(Source("kaal.txt", bare.encode()))
    assert len(doc.items) == 2
    assert {"date-not-found", "committee-not-found", "addressee-not-found", "answer-date-not-found"} <= set(_codes(doc))
