"""The covering letter with which a committee sends its numbered questions to the government.

A value object the procedure fills (``overleg.procedure.letter``) and the letter writers
(``overleg.writers.covering_letter``) print, so writers never need the procedure's states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterNote:
    """A footnote of a question, numbered through the letter: its text and links."""

    number: int
    text: str
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterQuestion:
    """Question ``number`` as sent, under its group's heading; ``topic`` is its topic heading."""

    number: int
    text: str
    topic: str | None = None
    notes: tuple[LetterNote, ...] = ()


@dataclass(frozen=True)
class LetterGroup:
    """One group's questions, in the order of the list."""

    name: str
    questions: tuple[LetterQuestion, ...]


@dataclass(frozen=True)
class CoveringLetter:
    """The letter: who sends it to whom, about what, when, the answer deadline and the questions."""

    consultation_id: str
    committee: str
    addressees: tuple[str, ...]  # as printed: "minister van Financiën"
    sent_on: dt.date
    groups: tuple[LetterGroup, ...]
    subject: str | None = None
    answer_deadline: dt.datetime | None = None
    clerk: str | None = None

    @property
    def question_count(self) -> int:
        return sum(len(g.questions) for g in self.groups)
