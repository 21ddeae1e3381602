"""The reader's diagnostics (``Document.problems``) in Dutch, for the staff who check a document.

The readers note what they met in English with a stable code (``footnote-without-text``); the
public never sees them, signed-in users see them on the document page folded away, one Dutch
sentence per code, with the place ("regel 812", "vraag 14") when the reader gave one. Every code
a reader emits has a text here (a test greps the readers for them).

>>> from overleg.model import Problem
>>> dutch(Problem("footnote-without-text", "footnote 17 has a marker but no text", "footnote 17"))
'Voetnoot 17: de bron heeft een voetnootteken maar geen tekst bij deze voetnoot.'
>>> later = "later-added"  # a code this table does not know yet
>>> unknown = Problem(later, "a new kind of problem")
>>> dutch(unknown)
'Een onbekende opmerking van het inlezen (code later-added).'
"""

from __future__ import annotations

import re

from overleg.model import Problem

TEXTS: dict[str, str] = {
    "addressee-not-found": "er staat niet aan wie de vragen zijn gesteld of voorgelegd.",
    "answer-date-not-found": "de datum van de beantwoording is niet gevonden.",
    "committee-not-found": "de commissie is niet in de inleiding gevonden.",
    "date-not-found": "de datum van vaststelling is niet in de kop gevonden.",
    "answer-postponed": "het antwoord is uitgesteld: de minister heeft laten weten later te antwoorden.",
    "answer-without-question": "er staat een antwoord zonder eigen vraag.",
    "answered-twice": "deze vraag heeft meer dan één antwoord.",
    "duplicate-answer": "er staat een tweede antwoord op dezelfde vraag.",
    "footnote-without-marker": "deze voetnoot wordt nergens in een vraag of antwoord genoemd.",
    "footnote-without-text": "de bron heeft een voetnootteken maar geen tekst bij deze voetnoot.",
    "heading-not-found": "het dossiernummer en het stuknummer zijn niet in de kop gevonden.",
    "inconsistent-citation": "hetzelfde stuk wordt op twee plaatsen met een ander kenmerk aangehaald.",
    "label-lost": "een kopje bij een vraag of antwoord is bij het inlezen verloren gegaan.",
    "number-not-found": "het nummer van het Aanhangsel en het vergaderjaar zijn niet gevonden.",
    "no-heading": "de kop met de vragenstellers en de datum van indienen is niet gevonden.",
    "no-items": "er zijn geen genummerde vragen en antwoorden gevonden.",
    "no-questions": "er zijn geen genummerde vragen gevonden.",
    "question-boundary-guessed": "waar de vraag eindigt is geschat (de tekst loopt over een pagina-einde).",
    "question-not-found": "bij dit antwoord is geen vraag gevonden.",
    "question-out-of-order": "deze vraag staat niet op volgorde van nummer.",
    "reply-not-matched": "een reactie staat onder een kopje dat bij geen vraag hoort.",
    "second-document": "het bestand bevat een tweede document; alleen het eerste is ingelezen.",
    "text-lost": "een zin breekt af aan het eind van een pagina; er kan tekst ontbreken.",
    "unanswered": "deze vraag heeft geen antwoord.",
    "unlabelled-answer": "het antwoord heeft geen kopje met een nummer; het is op volgorde toegekend.",
    "unnumbered-answer": "een antwoordkop zonder nummer; het antwoord is op volgorde genummerd.",
    "unnumbered-questions": "de vragen zijn niet genummerd; ze zijn op volgorde genummerd.",
}

# the places the readers name, in Dutch: "line 812" -> "regel 812"
_PLACES = (("agenda entry", "Agendapunt"), ("footnote", "Voetnoot"), ("typed note", "Noot"), ("note", "Noot"),
           ("question", "Vraag"), ("answer", "Antwoord"), ("item", "Vraag"), ("line", "Regel"))
_WHOLE_PARTS = {"heading": "Kop", "introduction": "Inleiding"}
_PLACE = re.compile(r"(?P<what>[a-z ]+?) (?P<number>\d+)")


def place(where: str | None) -> str | None:
    """The reader's place in Dutch ("Regel 812"); None for a place it cannot name in Dutch.

    >>> place("line 812"), place("item 14"), place("agenda entry 3"), place("heading"), place(None)
    ('Regel 812', 'Vraag 14', 'Agendapunt 3', 'Kop', None)
    >>> place("introduction")
    'Inleiding'
    """
    if not where:
        return None
    if where in _WHOLE_PARTS:
        return _WHOLE_PARTS[where]
    found = _PLACE.fullmatch(where.strip())
    if found is None:
        return None
    dutch_name = dict(_PLACES).get(found["what"])
    return f"{dutch_name} {found['number']}" if dutch_name else None


def dutch(problem: Problem) -> str:
    """One Dutch sentence for the problem, led by its place when it has one."""
    text = TEXTS.get(problem.code)
    if text is None:
        return f"Een onbekende opmerking van het inlezen (code {problem.code})."
    where = place(problem.where)
    return f"{where}: {text}" if where else text[:1].upper() + text[1:]
