"""Events: one class per step of the procedure, the only way a consultation changes.

Events carry their outcome in full (assigned passage ids, the numbering, the new versions), so
``apply`` never decides anything and a log replays to the same state forever. ``actor_id`` and
``at`` say who did it and when (the audit trail); the codec stores them beside the payload.
Every event's ``type`` is a stable name for the log: never rename one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from overleg.model import AgendaEntry, DocumentId
from overleg.procedure.states import (
    Addressee,
    FollowUp,
    FootnoteText,
    Group,
    MotionCitation,
    NumberedPassage,
    Passage,
    Person,
    TextCorrection,
)


@dataclass(frozen=True, kw_only=True)
class Event:
    type: ClassVar[str]
    actor_id: str
    at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class ConsultationCreated(Event):
    type: ClassVar[str] = "consultation-created"
    consultation_id: str
    committee: str
    chair: Person
    clerk: Person
    addressees: tuple[Addressee, ...]
    deadline: dt.datetime
    groups: tuple[Group, ...]
    subject: str | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    follow_up_of: FollowUp | None = None


@dataclass(frozen=True, kw_only=True)
class DetailsEdited(Event):
    type: ClassVar[str] = "details-edited"
    addressees: tuple[Addressee, ...]
    chair: Person
    clerk: Person
    subject: str | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class GroupsSet(Event):
    type: ClassVar[str] = "groups-set"
    groups: tuple[Group, ...]


@dataclass(frozen=True, kw_only=True)
class IntakeOpened(Event):
    type: ClassVar[str] = "intake-opened"


@dataclass(frozen=True, kw_only=True)
class ContributionSaved(Event):
    """A group's contribution as it now stands, with its new version; ``handed_in`` False for a
    draft (logs from before drafts existed hold no such field: every save was the contribution)."""

    type: ClassVar[str] = "contribution-saved"
    group: str
    version: int
    preamble: str | None
    topics: tuple[str, ...]
    passages: tuple[Passage, ...]
    next_seq: int
    handed_in: bool = True


@dataclass(frozen=True, kw_only=True)
class PassageWithdrawn(Event):
    type: ClassVar[str] = "passage-withdrawn"
    group: str
    passage_id: str
    version: int


@dataclass(frozen=True, kw_only=True)
class DeadlineExtended(Event):
    type: ClassVar[str] = "deadline-extended"
    deadline: dt.datetime
    group: str | None = None


@dataclass(frozen=True, kw_only=True)
class IntakeClosed(Event):
    type: ClassVar[str] = "intake-closed"


@dataclass(frozen=True, kw_only=True)
class IntakeReopened(Event):
    type: ClassVar[str] = "intake-reopened"
    deadline: dt.datetime


@dataclass(frozen=True, kw_only=True)
class GroupOrderSet(Event):
    type: ClassVar[str] = "group-order-set"
    order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PassagesNumbered(Event):
    type: ClassVar[str] = "passages-numbered"
    numbering: tuple[NumberedPassage, ...]


@dataclass(frozen=True, kw_only=True)
class QuestionsSent(Event):
    type: ClassVar[str] = "questions-sent"
    sent_on: dt.date
    answer_deadline: dt.datetime | None = None  # None in logs written before it existed


@dataclass(frozen=True, kw_only=True)
class QuestionsAnswered(Event):
    """An answer to ``numbers`` (new when ``version`` is 1, else a revision of it)."""

    type: ClassVar[str] = "questions-answered"
    numbers: tuple[int, ...]
    text: str
    version: int
    cross_refs: tuple[int, ...] = ()
    footnotes: tuple[FootnoteText, ...] = ()
    motions: tuple[MotionCitation, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AnswerWithdrawn(Event):
    type: ClassVar[str] = "answer-withdrawn"
    numbers: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class AnswersReceived(Event):
    type: ClassVar[str] = "answers-received"
    received_on: dt.date


@dataclass(frozen=True, kw_only=True)
class ReportEstablished(Event):
    type: ClassVar[str] = "report-established"
    dossier: str
    document_number: str
    established_on: dt.date
    chair: str
    clerk: str
    dossier_title: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReportPublished(Event):
    type: ClassVar[str] = "report-published"
    published_on: dt.date


@dataclass(frozen=True, kw_only=True)
class ReportCorrected(Event):
    type: ClassVar[str] = "report-corrected"
    report_version: int
    reason: str
    questions: tuple[TextCorrection, ...] = ()
    answers: tuple[TextCorrection, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AddresseesCorrected(Event):
    type: ClassVar[str] = "addressees-corrected"
    addressees: tuple[Addressee, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class ContributionHandedIn(Event):
    """The group handed in its contribution as saved; ``version`` is the contribution's new one."""

    type: ClassVar[str] = "contribution-handed-in"
    group: str
    version: int


@dataclass(frozen=True, kw_only=True)
class ContributionRetracted(Event):
    """The group withdrew its handed-in contribution; its text stays as a draft."""

    type: ClassVar[str] = "contribution-retracted"
    group: str
    version: int


@dataclass(frozen=True, kw_only=True)
class PostponementRequested(Event):
    """The ministry asked for more time to answer (the clerks are told; the deadline stays
    until the clerk moves it)."""

    type: ClassVar[str] = "postponement-requested"
    reason: str
    until: dt.datetime


@dataclass(frozen=True, kw_only=True)
class PassageMoved(Event):
    """The clerk moved a passage; ``order`` is the group's passage ids in their new order."""

    type: ClassVar[str] = "passage-moved"
    group: str
    passage_id: str
    order: tuple[str, ...]
    version: int


@dataclass(frozen=True, kw_only=True)
class PassagesMerged(Event):
    """Passage ``merged`` joined into ``into``: the joined text, footnotes and motions of ``into``."""

    type: ClassVar[str] = "passages-merged"
    group: str
    into: str
    merged: str
    text: str
    version: int
    footnotes: tuple[FootnoteText, ...] = ()
    motions: tuple[MotionCitation, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AnswerDeadlineSet(Event):
    type: ClassVar[str] = "answer-deadline-set"
    answer_deadline: dt.datetime


ALL_EVENTS: tuple[type[Event], ...] = (
    ConsultationCreated, DetailsEdited, GroupsSet, IntakeOpened, ContributionSaved,
    PassageWithdrawn, DeadlineExtended, IntakeClosed, IntakeReopened, GroupOrderSet,
    PassagesNumbered, QuestionsSent, QuestionsAnswered, AnswerWithdrawn, AnswersReceived,
    ReportEstablished, ReportPublished, ReportCorrected, AddresseesCorrected,
    ContributionHandedIn, ContributionRetracted, PostponementRequested,
    PassageMoved, PassagesMerged, AnswerDeadlineSet,
)
