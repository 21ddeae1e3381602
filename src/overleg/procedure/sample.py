"""A made-up report with the shape of a real one, for tests, demos and load generation.

``sample_report(groups, per_group)`` writes a ``verslag-schriftelijk-overleg`` as a reader
would have read it: groups with preambles, topics, numbered question passages, answers
(some grouped, some pointing at other answers), footnotes numbered in order of appearance
(some citing papers, one without text, one with a link beside its text), motions cited in
questions and answers, committee, addressee, dates and dossier. The default
has the seed's shape: 5 groups and 53 passages. The text is invented; nothing here is used to
read real documents.
"""

from __future__ import annotations

import datetime as dt

from overleg.model import (
    AgendaEntry,
    Committee,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
)
from overleg.procedure.document import merge_motions

SEED_SHAPE = (("D66", 11), ("GroenLinks-PvdA", 14), ("JA21", 6), ("SP", 12), ("Partij voor de Dieren", 10))

_TOPICS = ("Oekraïne", "Midden-Oosten", "Handelspolitiek", "Rechtsstaat", "Uitbreiding")
_PAPERS = ("Kamerstuk 36 180 nr. 190", "Kamerstuk 21501-02 nr. 3273", "Kamerstuk 23 432, nr. 620")


def sample_report(shape: tuple[tuple[str, int], ...] = SEED_SHAPE) -> Document:
    """A report with ``shape`` (group name, number of passages) as described in the docstring."""
    total = sum(n for _, n in shape)
    items: list[Item] = []
    notes: list[Footnote] = []
    motions: list[Motion] = []

    def note(text: str | None, refs: tuple[DocumentId, ...] = (), urls: tuple[str, ...] = ()) -> tuple[int, ...]:
        notes.append(Footnote(len(notes) + 1, text, refs, urls))
        return (len(notes),)

    groups_of = _answer_groups(total)
    group_notes: dict[tuple[int, ...], tuple[int, ...]] = {}
    number = 0
    for g, (name, count) in enumerate(shape):
        for k in range(count):
            number += 1
            topic = _TOPICS[(g + k // 3) % len(_TOPICS)] if k % 4 != 3 else None
            question = (f"De leden van de {name}-fractie vragen het kabinet naar punt {number} "
                        f"over {topic or 'de agenda'}. Deze leden vragen of het kabinet bereid is dit op te "
                        f"brengen in de Raad.")
            if number % 17 == 5:
                question += " Hoe voert het kabinet de motie van de leden Pietersen en Klaassen uit?"
                motions.append(Motion("Pietersen/Klaassen", (DocumentId("kst-36800-V-86"),), (number,)))
            q_notes = note(_PAPERS[number % 3], (DocumentId.parse(_PAPERS[number % 3]),)) if number % 9 == 4 else ()
            group = groups_of.get(number, (number,))
            answer, refs = _answer(number, group)
            if number % 16 == 3 and group[0] == number:
                answer += " Dit is in lijn met de motie van het lid Jansen."
                motions.append(Motion("Jansen", (DocumentId("kst-36180-190"),), group))
            if group not in group_notes:
                a_notes: tuple[int, ...] = ()
                if number % 5 == 1:
                    a_notes = note(f"Zie ook {_PAPERS[number % 3]}", (DocumentId.parse(_PAPERS[number % 3]),))
                if number % 11 == 2:
                    a_notes += note(f"Bericht {number}, https://www.example.org/nieuws/{number}",
                                    urls=(f"https://www.example.org/nieuws/{number}",))
                if number % 11 == 8:  # a link the text does not show
                    a_notes += note(f"Nieuwsbericht {number}", urls=(f"https://www.example.org/bericht/{number}",))
                if number == 17:
                    a_notes += note(None)
                group_notes[group] = a_notes
            items.append(Item(number, question, answer, name, topic, question_footnotes=q_notes,
                              answer_footnotes=group_notes[group], cross_refs=refs,
                              answer_group=group if len(group) > 1 else ()))
    return Document(
        type=DocumentType.VERSLAG, id=DocumentId.kamerstuk("21 501-02", "9001"),
        dossier=Dossier("21501-02", "Raad Algemene Zaken en Raad Buitenlandse Zaken"), number="9001",
        date=dt.date(2026, 2, 20), committee=Committee("vaste commissie voor Buitenlandse Zaken", "Voorzitter",
                                                       "Griffier"),
        addressee="minister van Buitenlandse Zaken", addressees=("minister van Buitenlandse Zaken",),
        questions_sent_on=dt.date(2026, 2, 17), answered_on=dt.date(2026, 2, 20),
        subject_refs=(DocumentId("kst-21501-02-3346"),),
        agenda=(AgendaEntry(dt.date(2026, 2, 9), "Geannoteerde agenda", (DocumentId("kst-21501-02-3346"),)),),
        factions=tuple(Faction(name, f"De leden van de {name}-fractie hebben kennisgenomen van de agenda."
                               if i % 2 == 0 else None) for i, (name, _) in enumerate(shape)),
        items=tuple(items), footnotes=tuple(notes), motions=merge_motions(motions))


def _answer_groups(total: int) -> dict[int, tuple[int, ...]]:
    """Every tenth passage is answered together with the next one or two."""
    groups: dict[int, tuple[int, ...]] = {}
    for start in range(10, total, 10):
        group = tuple(range(start, min(start + 2 + start % 20 // 10, total + 1)))
        groups.update({n: group for n in group})
    return groups


def _answer(number: int, group: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """The answer text and the numbers it points at: a few answers only refer to an earlier one."""
    if number % 7 == 0 and len(group) == 1 and number > 1:
        return f"Zie het antwoord op vraag {number - 1}.", (number - 1,)
    if number % 13 == 0 and len(group) == 1:
        return (f"Het kabinet heeft hierover eerder bericht; zie ook de antwoorden op de vragen "
                f"{number - 3} en {number - 2}. Het kabinet zet zich hiervoor in.", (number - 3, number - 2))
    covered = ", ".join(map(str, group))
    return (f"Het kabinet dankt de leden voor de vragen ({covered}). Het kabinet zet zich in de Raad "
            f"hiervoor in en houdt de Kamer op de hoogte.", ())
