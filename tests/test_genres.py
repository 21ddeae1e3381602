"""The registry of genres (readers/text/genres.py): what a new genre must declare, and the order."""

from __future__ import annotations

import pytest

from overleg.errors import NotAQuestionDocument
from overleg.model import DocumentType
from overleg.readers.text.genres import GENRES, recognise
from overleg.readers.text.parse import parse_prepared
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.document_types import TYPE_NAMES


def test_every_document_type_is_announced_by_a_genre_and_named_in_dutch() -> None:
    announced = {sign.type for genre in GENRES for sign in genre.signs}
    assert [t for t in DocumentType if t not in announced] == [], "declare a Genre and list it in GENRES"
    assert [t for t in DocumentType if t not in TYPE_NAMES] == [], "name the type in vocabulary/document_types.py"


def test_genre_names_are_unique() -> None:
    names = [genre.name for genre in GENRES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("text", "genre", "doc_type"),
    [
        # a list of questions quoting a ministry's cover letter stays a list
        ("Nr. 5 LIJST VAN VRAGEN EN ANTWOORDEN\nIn antwoord op uw brief van 3 mei 2024", "lijst", DocumentType.LIJST),
        # a report quoting the title of a list stays a report
        ("Nr. 8 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\nzie de LIJST VAN VRAGEN EN ANTWOORDEN", "report",
         DocumentType.VERSLAG),
        ("Nr. 9 VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG", "report", DocumentType.VERSLAG_NADER),
        ("Nr. 7 INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "report", DocumentType.INBRENG),
        # a ministry's letter names the questions as the Aanhangsel does: the letter comes first
        ("In antwoord op uw brief van 7 september 2023 ... de vragen van het lid X", "letter",
         DocumentType.SCHRIFTELIJKE_VRAGEN),
        ("Vragen van het lid X (P) aan de minister (ingezonden 3 oktober 2023).", "aanhangsel",
         DocumentType.SCHRIFTELIJKE_VRAGEN),
    ],
)
def test_the_first_genre_in_priority_order_takes_the_text(text: str, genre: str, doc_type: DocumentType) -> None:
    found = recognise(text)
    assert found is not None
    assert (found[0].name, found[1]) == (genre, doc_type)


def test_wording_after_the_head_announces_nothing() -> None:
    assert recognise("x" * 20_000 + "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG") is None


def test_a_text_of_no_genre_is_refused_naming_every_genre() -> None:
    with pytest.raises(NotAQuestionDocument) as refused:
        parse_prepared(PreparedText(source="recept.txt", lines=("Appeltaart", "Neem drie appels.")))
    assert str(refused.value).endswith(
        "not a question document: expected a report of a written consultation, a list of questions and answers, "
        "written questions with answers, or a notice that answers come later"
    )
