"""A list of questions answered by letter from a body other than the cabinet (the Algemene
Rekenkamer), laid out as such a letter is printed, so that ``readers/text/answer_letter.py``
reads it back:

    Algemene Rekenkamer                                   the body (letterhead)
    Datum 13 maart 2012                                   when answered_on is known
    Hierbij bieden wij u de op ... vastgestelde antwoorden aan op de door de commissie ...
    gestelde vragen over ...                              the opening as printed (else rebuilt)
    Antwoorden Algemene Rekenkamer op vragen¹ van de Tweede Kamer
    Vraag 1 / ... / Antwoord 1 / ...

A note that no question or answer cites stands on the list's title, where these letters print
it ("De vragen van de Tweede Kamer zijn hier exact weergegeven ...").
"""

from __future__ import annotations

from overleg.model import Document, DocumentType
from overleg.vocabulary.dates import dutch_date
from overleg.writers.letter import identifier_lines
from overleg.writers.para import Para


def is_answer_letter(doc: Document) -> bool:
    """A list answered by a body rather than a minister, not published as a Kamerstuk."""
    return doc.type is DocumentType.LIJST and len(doc.answered_by) == 1 and doc.id is None and doc.number is None


def _offer(doc: Document) -> str:
    """The opening sentence, rebuilt from the model when the opening was not kept."""
    established = f"de op {dutch_date(doc.date)} vastgestelde" if doc.date is not None else "onze"
    committee = doc.committee.name if doc.committee is not None and doc.committee.name else "commissie"
    text = f"Hierbij bieden wij u {established} antwoorden aan op de door de {committee} gestelde vragen"
    return text + (f" over {doc.subject}." if doc.subject else ".")


def head(doc: Document) -> list[Para]:
    """The letterhead, date, opening and the list's title (with the notes nobody cites)."""
    body = doc.answered_by[0]
    out = [Para(body, "title")]
    if doc.answered_on is not None:
        out.append(Para(f"Datum {dutch_date(doc.answered_on)}", "title"))
    out += identifier_lines(doc)  # its own numbers, so every format reads back the same identity
    out += [Para(p) for p in doc.opening] if doc.opening else [Para(_offer(doc))]
    cited = {n for i in doc.items for n in (*i.question_footnotes, *i.answer_footnotes)}
    loose = [f.number for f in doc.footnotes if f.number not in cited]
    title = f"Antwoorden {body} op vragen"
    out.append(Para(f"{title} van de Tweede Kamer", "heading", tuple((len(title), n) for n in loose),
                    superscript=True))
    return out
