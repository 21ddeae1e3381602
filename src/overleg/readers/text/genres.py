"""The genres of question documents overleg reads, in priority order: the only list of them.

A text is of the first genre whose wording its head announces. The order matters where one
genre's papers quote another's wording: a report or a list of questions may cite "Vragen van
het lid ..." or "In antwoord op uw brief van ...", so those genres come first; a ministry's
answer letter ("In antwoord op uw brief van") comes before the Aanhangsel, whose wider signs
(any "Vragen van het lid", "Vraag 1" ... "Antwoord") a letter has as well.

>>> classify("21 501-02 Raad\\nNr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\\nVastgesteld")
<DocumentType.VERSLAG: 'verslag-schriftelijk-overleg'>
>>> classify("Vragen van het lid Dijk (SP) aan de Minister ... (ingezonden 3 oktober 2023).")
<DocumentType.SCHRIFTELIJKE_VRAGEN: 'schriftelijke-vragen'>
>>> classify("De Kamer, gehoord de beraadslaging, verzoekt de regering ...") is None
True
>>> [genre.name for genre in GENRES]
['report', 'lijst', 'letter', 'aanhangsel']
"""

from __future__ import annotations

from overleg.model import DocumentType
from overleg.readers.text import letter, questions, report
from overleg.readers.text.genre import HEAD, Genre

GENRES: tuple[Genre, ...] = (
    report.GENRE,
    questions.LIJST,
    letter.GENRE,
    questions.AANHANGSEL,
)


def recognise(text: str) -> tuple[Genre, DocumentType] | None:
    """The genre of a text and the document type its wording announces; None for anything else."""
    head = text[:HEAD]
    for genre in GENRES:
        doc_type = genre.announced(head)
        if doc_type is not None:
            return genre, doc_type
    return None


def classify(text: str) -> DocumentType | None:
    """The document type the text announces, or None for anything else."""
    found = recognise(text)
    return found[1] if found is not None else None


def expected() -> str:
    """What a question document can be, for the message that refuses anything else."""
    kinds = list(dict.fromkeys(genre.described for genre in GENRES))
    if len(kinds) <= 2:
        return " or ".join(kinds)
    return ", ".join(kinds[:-1]) + ", or " + kinds[-1]
