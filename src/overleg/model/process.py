"""Written questions as a process: the papers of one set of questions, linked into a case.

A member's written questions, the minister's notice that the answers come later (a *mededeling
uitstel antwoord*) and the answers are three papers, published apart. ``ProcessPaper`` is one of
them as far as linking needs it; ``QuestionCase`` is the papers linked together, with the due
date the Kamer's terms give (``overleg.vocabulary.terms``) and the status on a reference day.
``overleg.corpus.process`` links papers into cases; docs/analytics.md, "Written questions as a
process", tells how.

One stored document can be two papers: an Aanhangsel prints the questions and their answers in
one document, so its case has one paper with both roles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum


class ProcessRole(str, Enum):
    """What a paper is in the process."""

    QUESTIONS = "questions"
    NOTICE = "notice"  # the minister's notice that the answers come later
    ANSWER = "answer"

    def __str__(self) -> str:
        return self.value


class CaseStatus(str, Enum):
    """Where a case stands on a reference day: *open* (no answer, due date ahead or today),
    *overdue* (no answer, due date passed), *answered* (by the due date), *answered-late*."""

    OPEN = "open"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    ANSWERED_LATE = "answered-late"

    def __str__(self) -> str:
        return self.value


class LinkKind(str, Enum):
    """How the papers of a case were linked: by their Zaak number, or by the subject printed in
    the notice's or answer's title matched to the questions' subject (``onderwerp``). A case of
    one paper is ``single``."""

    ZAAK = "zaak"
    SUBJECT = "onderwerp"
    SINGLE = "single"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ProcessPaper:
    """One paper of a written-questions process.

    ``key``: the store id or the Open Data ``Id``; ``roles``: what it is (an Aanhangsel is
    questions and answer at once); ``date``: when it was sent (questions), received (notice) or
    answered (answer); ``zaken``: the Zaak numbers ("2025Z01234") it belongs to; ``subject``: its
    subject or title as printed; ``askers``: the members named as asking; ``addressees``: the
    ministers it is addressed to or signed by; ``ministry``: the portfolio, where known;
    ``number``: its TK DocumentNummer ("2025D03569"), where known; ``answered_on``: for a paper
    that holds the answer too, the date of the answer when it differs from ``date``;
    ``questions_sent_on``: for a notice or answer that prints it, when its questions were sent
    (the case's submitted date when its questions are not among the papers).
    """

    key: str
    roles: tuple[ProcessRole, ...]
    date: dt.date | None
    zaken: tuple[str, ...] = ()
    subject: str | None = None
    askers: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    ministry: str | None = None
    number: str | None = None
    parties: tuple[str, ...] = ()
    answered_on: dt.date | None = None
    questions_sent_on: dt.date | None = None

    def has(self, role: ProcessRole) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class QuestionCase:
    """Papers linked into one set of written questions.

    ``key``: the key of the Kamer's questions, else of a paper of questions and answers, else of
    the first paper; ``submitted``: when the questions
    were sent; ``notices``: the dates of the postponement notices; ``answered``: the date of the
    answer; ``due``: the Kamer's term (``vocabulary.terms.due_date``), None without a submitted
    date; ``status``: on the reference day the case was built for, None without a due date and
    answer; ``linked_by``: how its papers were linked.
    """

    key: str
    papers: tuple[ProcessPaper, ...]
    submitted: dt.date | None
    askers: tuple[str, ...]
    parties: tuple[str, ...]
    addressees: tuple[str, ...]
    ministry: str | None
    subject: str | None
    zaken: tuple[str, ...]
    notices: tuple[dt.date, ...]
    answered: dt.date | None
    due: dt.date | None
    status: CaseStatus | None
    linked_by: LinkKind

    def days_open(self, today: dt.date) -> int | None:
        """Days from submitting to the answer, or to ``today`` while unanswered."""
        if self.submitted is None:
            return None
        return ((self.answered or today) - self.submitted).days
