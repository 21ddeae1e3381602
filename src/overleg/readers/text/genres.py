"""The genres of question documents overleg reads, in priority order: the only list of them,
with the wording that announces each and the module whose ``parse`` reads it.

A text is of the first genre whose wording its head announces. The order matters where one
genre's papers quote another's wording: a report or a list of questions may cite "Vragen van
het lid ..." or "In antwoord op uw brief van ...", so those genres come first; a ministry's
answer letter ("In antwoord op uw brief van") and a body's letter answering a committee's
questions ("bieden wij u de ... antwoorden aan op de door de commissie ... gestelde vragen")
come before the Aanhangsel, whose wider signs (any "Vragen van het lid", "Vraag 1" ...
"Antwoord") a letter has as well. So does a minister's notice that the answers come later
("... kunnen niet binnen de gebruikelijke termijn worden beantwoord"), printed on an Aanhangsel
page like the answers, but without a question or answer of its own.

>>> classify("21 501-02 Raad\\nNr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\\nVastgesteld")
<DocumentType.VERSLAG: 'verslag-schriftelijk-overleg'>
>>> classify("Vragen van het lid Dijk (SP) aan de Minister ... (ingezonden 3 oktober 2023).")
<DocumentType.SCHRIFTELIJKE_VRAGEN: 'schriftelijke-vragen'>
>>> classify("De Kamer, gehoord de beraadslaging, verzoekt de regering ...") is None
True
>>> [genre.name for genre in GENRES]
['report', 'lijst', 'letter', 'answer-letter', 'notice', 'aanhangsel']
"""

from __future__ import annotations

import re

from overleg.model import Document, DocumentType
from overleg.readers.text.answer_letter_heading import OFFER
from overleg.readers.text.genre import HEAD, Genre, Sign
from overleg.readers.text.notice_wording import NOTICE_SIGN
from overleg.readers.text.prepared import PreparedText


# Each parser is imported when a text of its genre comes: reading a report never loads the
# letter's and the Aanhangsel's parsers (a third of a command's start-up time).
def _report(prepared: PreparedText, doc_type: DocumentType) -> Document:
    from overleg.readers.text import report

    return report.parse(prepared, doc_type)


def _questions(prepared: PreparedText, doc_type: DocumentType) -> Document:
    from overleg.readers.text import questions

    return questions.parse(prepared, doc_type)


def _answer_letter(prepared: PreparedText, doc_type: DocumentType) -> Document:
    from overleg.readers.text import answer_letter

    return answer_letter.parse(prepared, doc_type)


def _notice(prepared: PreparedText, doc_type: DocumentType) -> Document:
    from overleg.readers.text import notice

    return notice.parse(prepared, doc_type)


def _letter(prepared: PreparedText, doc_type: DocumentType) -> Document:
    from overleg.readers.text import letter

    return letter.parse(prepared, doc_type)


REPORT = Genre(
    name="report",
    described="a report of a written consultation",
    signs=(
        Sign(DocumentType.VERSLAG_NADER, re.compile(r"VERSLAG\s+VAN\s+EEN\s+NADER\s+SCHRIFTELIJK\s+OVERLEG", re.I)),
        Sign(DocumentType.INBRENG,
             re.compile(r"INBRENG\s+(?:VOOR\s+HET\s+)?VERSLAG\s+(?:VAN\s+)?(?:EEN\s+)?SCHRIFTELIJK\s+OVERLEG", re.I)),
        Sign(DocumentType.VERSLAG, re.compile(r"VERSLAG\s+VAN\s+EEN\s+SCHRIFTELIJK\s+OVERLEG", re.I)),
    ),
    parse=_report,
)
LIJST = Genre(
    name="lijst",
    described="a list of questions and answers",
    signs=(Sign(DocumentType.LIJST, re.compile(r"LIJST\s+VAN\s+VRAGEN\s+EN\s+ANTWOORDEN", re.I)),),
    parse=_questions,
)
# A ministry's answer letter as sent (Word), rather than the Aanhangsel that publishes it.
LETTER = Genre(
    name="letter",
    described="written questions with answers",
    signs=(
        Sign(DocumentType.SCHRIFTELIJKE_VRAGEN, re.compile(r"In\s+(?:het\s+)?antwoord\s+op\s+uw\s+brief\s+van", re.I)),
    ),
    parse=_letter,
)
# A body other than the cabinet answers a committee's numbered questions by letter ("Hierbij
# bieden wij u de ... antwoorden aan op de door de commissie ... gestelde vragen"): published by
# the Kamer, such answers become a list of questions and answers.
ANSWER_LETTER = Genre(
    name="answer-letter",
    described="a list of questions and answers",
    signs=(Sign(DocumentType.LIJST, OFFER),),
    parse=_answer_letter,
)
# A minister's notice that the answers come later (an Aanhangsel page or the letter): before the
# Aanhangsel, whose "Mededeling van ..." it shares. A text that prints a question or an answer
# ("Vraag 1", "Antwoord van ...") is not one: an Aanhangsel page with the questions and a notice
# after them stays written questions (``answer-postponed``).
MEDEDELING = Genre(
    name="notice",
    described="a notice that answers come later",
    signs=(Sign(DocumentType.MEDEDELING_UITSTEL, NOTICE_SIGN),),
    parse=_notice,
)
AANHANGSEL = Genre(
    name="aanhangsel",
    described="written questions with answers",
    signs=(
        Sign(
            DocumentType.SCHRIFTELIJKE_VRAGEN,
            re.compile(
                r"Aanhangsel\s+van\s+de\s+Handelingen|Vragen\s+van\s+(?:het\s+lid|de\s+leden)|"
                r"\(ingezonden\s+\d|In\s+(?:het\s+)?antwoord\s+op\s+uw\s+brief|"
                r"^\s*Vraag\s+1\b.*^\s*Antwoord\b",
                re.I | re.M | re.S,
            ),
        ),
    ),
    parse=_questions,
)

GENRES: tuple[Genre, ...] = (REPORT, LIJST, LETTER, ANSWER_LETTER, MEDEDELING, AANHANGSEL)


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
