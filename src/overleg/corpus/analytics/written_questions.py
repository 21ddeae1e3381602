"""Stored written questions, notices and answers as cases (docs/analytics.md, "Written questions
as a process").

Each stored document is a paper of the process by what it is (``stored_paper``):

- written questions as the Kamer publishes them before an answer (``readers/text/questions_only``,
  type ``schriftelijke-vragen`` without answers) are the *questions*;
- an Aanhangsel or a ministry's letter, which print the questions with their answers, are the
  questions *and* the answer: one paper with both roles, its date the day the questions were
  sent, its ``answered_on`` the day of the answers;
- a ``mededeling-uitstel-antwoord`` is a *notice* (``readers/text/notice.py``), dated by the day it
  bears; its subject is the questions' as it prints them, and the day the questions were sent
  where it prints that.

The papers are linked by ``corpus.process.link_cases`` (a ministry letter answers the Zaak it
prints, "uw brief van ..., nr. 2024Z11859", so the Kamer's questions of that Zaak and the letter
are one case), and every case has the Kamer's due date (``vocabulary.terms``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from overleg.corpus.document_rules import asker_parties
from overleg.corpus.facts import DocumentFacts
from overleg.corpus.process import link_cases
from overleg.errors import InvalidQuery
from overleg.model import DocumentType
from overleg.model.identity import normalised
from overleg.model.process import CaseStatus, ProcessPaper, ProcessRole, QuestionCase


class HasFacts(Protocol):
    """A stored document as analytics loads it (``figures.Stored``)."""

    @property
    def id(self) -> str: ...

    @property
    def facts(self) -> DocumentFacts: ...


def stored_paper(key: str, f: DocumentFacts) -> ProcessPaper | None:
    """The paper a stored document is in the process; None for a document of another kind."""
    if f.type is DocumentType.MEDEDELING_UITSTEL:
        roles: tuple[ProcessRole, ...] = (ProcessRole.NOTICE,)
        day = f.dated or f.date  # the notice's own day; ``date`` is its questions' where it prints them
    elif f.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        roles = (ProcessRole.QUESTIONS, ProcessRole.ANSWER) if f.answered else (ProcessRole.QUESTIONS,)
        day = f.questions_sent_on or (f.date if not f.answered else None)
    else:
        return None
    return ProcessPaper(key=key, roles=roles, date=day, zaken=f.zaken, subject=f.subject or f.title,
                        askers=tuple(a.name for a in f.askers), addressees=f.addressees, ministry=f.ministry,
                        number=f.number, parties=asker_parties(f.askers, f.questions_sent_on or f.date),
                        answered_on=f.answered_on if ProcessRole.ANSWER in roles else None,
                        questions_sent_on=f.questions_sent_on if ProcessRole.QUESTIONS not in roles else None)


def question_cases(corpus: Iterable[HasFacts], today: dt.date) -> tuple[QuestionCase, ...]:
    """Every case the stored papers make, oldest questions first, with its status on ``today``.

    Kept for the same documents (the same loaded objects, ``figures.load_corpus`` keeps them per
    store) and day: the figures, the pages' view and the feeds ask for the cases of one corpus
    several times a request."""
    docs = tuple(corpus)
    key = (today, tuple(id(s) for s in docs))
    with _CASES_LOCK:
        found = _CASES.get(key)
    if found is None:
        found = (docs, link_cases((p for s in docs if (p := stored_paper(s.id, s.facts)) is not None), today))
        with _CASES_LOCK:  # the web UI asks from several threads
            _CASES[key] = found
            while len(_CASES) > _KEPT:
                del _CASES[next(iter(_CASES))]
    return found[1]


# the latest linkings, by day and the identity of the documents (each entry holds its documents,
# so that no id is reused while it is kept); the corpus and each ministry's part of it
_KEPT = 64
_CASES: dict[tuple[dt.date, tuple[int, ...]], tuple[tuple[HasFacts, ...], tuple[QuestionCase, ...]]] = {}
_CASES_LOCK = threading.Lock()


def cases_by_paper(cases: Iterable[QuestionCase]) -> dict[str, QuestionCase]:
    """Each case under the key of every paper it holds."""
    return {p.key: c for c in cases for p in c.papers}


CASE_STATUSES = tuple(s.value for s in CaseStatus)


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a list shows: by status, and by ministry, group (party) or member (asker), each
    compared folded (case and accents) and, for the ministry, as a part of the name."""

    status: str | None = None
    ministry: str | None = None
    group: str | None = None
    member: str | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in CASE_STATUSES:
            raise InvalidQuery(f"status must be one of {', '.join(CASE_STATUSES)}, not {self.status!r}")

    def keeps(self, case: QuestionCase) -> bool:
        if self.status is not None and (case.status is None or case.status.value != self.status):
            return False
        if self.ministry and normalised(self.ministry) not in normalised(case.ministry):
            return False
        if self.group and normalised(self.group) not in {normalised(p) for p in case.parties}:
            return False
        return not (self.member and not any(normalised(self.member) in normalised(a) for a in case.askers))


def filtered_cases(cases: Iterable[QuestionCase], keep: CaseFilter) -> list[QuestionCase]:
    """The cases ``keep`` keeps, newest questions first (cases without a date last)."""
    return sorted((c for c in cases if keep.keeps(c)), key=lambda c: (c.submitted or dt.date.min, c.key),
                  reverse=True)
