"""The covering letter of a sent consultation, filled from its state (``model.letter``).

Reads: a Consultation that has been sent (its numbering, passages, answer deadline). Writes: a
``CoveringLetter``; IllegalTransition before sending, as there is no letter yet.
"""

from __future__ import annotations

from overleg.errors import IllegalTransition
from overleg.model.letter import CoveringLetter, LetterGroup, LetterNote, LetterQuestion
from overleg.procedure.states import Consultation, State


def covering_letter(c: Consultation) -> CoveringLetter:
    """The letter with which ``c``'s numbered questions were sent to the addressees."""
    if c.sent_on is None or not c.state.at_least(State.SENT):
        raise IllegalTransition(f"consultation {c.id!r} is {c.state.value}: the letter exists once it is sent",
                                action="letter", state=c.state.value)
    groups: list[LetterGroup] = []
    notes = 0
    for name in c.ordered_groups:
        questions: list[LetterQuestion] = []
        for entry in (n for n in c.numbering if n.group == name):
            passage = c.passage_at(entry.number)
            if passage is None:
                continue
            numbered = []
            for note in passage.footnotes:
                notes += 1
                numbered.append(LetterNote(notes, note.text, note.urls))
            questions.append(LetterQuestion(entry.number, passage.text, passage.topic, tuple(numbered)))
        if questions:
            groups.append(LetterGroup(name, tuple(questions)))
    return CoveringLetter(
        consultation_id=c.id, committee=c.committee, addressees=tuple(a.title for a in c.addressees),
        sent_on=c.sent_on, groups=tuple(groups), subject=c.subject, answer_deadline=c.answer_deadline,
        clerk=c.clerk.name)
