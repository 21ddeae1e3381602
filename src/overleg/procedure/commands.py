"""Commands: one class per user action, as the service layer builds them from a request.

Every command names its ``action`` (the key of the authorisation table in ``access``) and
carries ``expected_version``: the version the client saw of the part it edits. For a group's
contribution that is the contribution's version (0 when the group has none yet), for an answer
the answer's version (0 for a new answer), for everything else the consultation's version.
Where ``expected_version`` may be None the command does not overwrite anything and the check is
skipped; commands that replace content require it, so no edit ever silently overwrites another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from overleg.model import AgendaEntry, DocumentId
from overleg.procedure.states import (
    Addressee,
    Consultation,
    FootnoteText,
    Group,
    MotionCitation,
    Person,
    TextCorrection,
)


@dataclass(frozen=True, kw_only=True)
class Command:
    action: ClassVar[str]
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class CreateConsultation(Command):
    """The clerk drafts a consultation: committee, addressees, the papers, deadline, groups."""

    action: ClassVar[str] = "create"
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


@dataclass(frozen=True, kw_only=True)
class StartFollowUp(Command):
    """The clerk starts a follow-up round (*nader schriftelijk overleg*) on an established one.

    The service layer loads the predecessor and passes its state, so ``decide`` can check it
    and copy committee, addressees, papers and groups from it.
    """

    action: ClassVar[str] = "start_follow_up"
    consultation_id: str
    predecessor: Consultation
    deadline: dt.datetime
    subject: str | None = None


@dataclass(frozen=True, kw_only=True)
class EditDetails(Command):
    """The clerk replaces the details of a consultation that has not been sent yet."""

    action: ClassVar[str] = "edit_details"
    expected_version: int | None
    addressees: tuple[Addressee, ...]
    subject: str | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    chair: Person | None = None
    clerk: Person | None = None


@dataclass(frozen=True, kw_only=True)
class SetGroups(Command):
    """The clerk replaces the invited groups and their seat counts (before intake closes)."""

    action: ClassVar[str] = "set_groups"
    expected_version: int | None
    groups: tuple[Group, ...]


@dataclass(frozen=True, kw_only=True)
class OpenIntake(Command):
    action: ClassVar[str] = "open_intake"


@dataclass(frozen=True, kw_only=True)
class PassageInput:
    """A passage as a group submits it; ``passage_id`` None for a new passage."""

    text: str
    topic: str | None = None
    footnotes: tuple[FootnoteText, ...] = ()
    passage_id: str | None = None
    motions: tuple[MotionCitation, ...] = ()
    papers: tuple[DocumentId, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SubmitContribution(Command):
    """A group saves its whole contribution (a first submission or an edit of it).

    Passages are given in order; existing ones keep their ids, passages left out are dropped
    (the contribution is still the group's own draft), new ones get ids. ``hand_in`` (the
    default, so the REST API's saves and re-enacted logs mean what they always meant) makes the
    saved text the group's contribution at once; False saves a draft, as the browser's editor
    does, and a draft save of a handed-in contribution makes it a draft again.
    """

    action: ClassVar[str] = "submit_contribution"
    expected_version: int | None
    group: str
    preamble: str | None = None
    topics: tuple[str, ...] = ()
    passages: tuple[PassageInput, ...] = ()
    hand_in: bool = True


@dataclass(frozen=True, kw_only=True)
class WithdrawPassage(Command):
    """A group (or the clerk) withdraws a passage before the questions are sent."""

    action: ClassVar[str] = "withdraw_passage"
    expected_version: int | None
    group: str
    passage_id: str


@dataclass(frozen=True, kw_only=True)
class ExtendDeadline(Command):
    """The clerk moves the deadline, for every group or (``group`` set) for one group only."""

    action: ClassVar[str] = "extend_deadline"
    deadline: dt.datetime
    group: str | None = None


@dataclass(frozen=True, kw_only=True)
class CloseIntake(Command):
    action: ClassVar[str] = "close_intake"


@dataclass(frozen=True, kw_only=True)
class ReopenIntake(Command):
    """The clerk reopens intake before sending; any numbering is dropped."""

    action: ClassVar[str] = "reopen_intake"
    deadline: dt.datetime


@dataclass(frozen=True, kw_only=True)
class SetGroupOrder(Command):
    """The clerk orders the groups (default: by seat count); must name every group once."""

    action: ClassVar[str] = "set_group_order"
    expected_version: int | None
    order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NumberPassages(Command):
    """The clerk numbers the passages across the document, groups in order."""

    action: ClassVar[str] = "number"


@dataclass(frozen=True, kw_only=True)
class SendQuestions(Command):
    """The clerk sends the numbered list to the government; ``answer_deadline`` (when given, in
    the future) is the moment the ministry is asked to answer before."""

    action: ClassVar[str] = "send"
    sent_on: dt.date
    answer_deadline: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class AnswerQuestions(Command):
    """An official answers one number, or several at once (an answer group).

    With ``expected_version`` 0 this is a new answer and none of the numbers may be answered
    yet; otherwise it revises the answer to exactly these numbers.
    """

    action: ClassVar[str] = "answer"
    expected_version: int | None
    numbers: tuple[int, ...]
    text: str
    cross_refs: tuple[int, ...] = ()
    footnotes: tuple[FootnoteText, ...] = ()
    motions: tuple[MotionCitation, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WithdrawAnswer(Command):
    """An official takes back the answer that covers ``number`` (to regroup answers)."""

    action: ClassVar[str] = "withdraw_answer"
    expected_version: int | None
    number: int


@dataclass(frozen=True, kw_only=True)
class ReceiveAnswers(Command):
    action: ClassVar[str] = "receive_answers"
    received_on: dt.date


@dataclass(frozen=True, kw_only=True)
class EstablishReport(Command):
    """The committee establishes the report; it gets its dossier and number and is then fixed.

    ``chair`` and ``clerk`` are the names as signed; None takes the consultation's.
    """

    action: ClassVar[str] = "establish"
    dossier: str
    document_number: str
    established_on: dt.date
    dossier_title: str | None = None
    chair: str | None = None
    clerk: str | None = None


@dataclass(frozen=True, kw_only=True)
class PublishReport(Command):
    action: ClassVar[str] = "publish"
    published_on: dt.date


@dataclass(frozen=True, kw_only=True)
class CorrectReport(Command):
    """The clerk corrects an established report: a new version of it, with a reason."""

    action: ClassVar[str] = "correct"
    expected_version: int | None
    reason: str
    questions: tuple[TextCorrection, ...] = ()
    answers: tuple[TextCorrection, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CorrectAddressees(Command):
    """The clerk corrects the addressees after sending (before, ``EditDetails`` changes them), with a
    reason: the ministry that must answer was named wrongly and cannot see the questions."""

    action: ClassVar[str] = "correct_addressees"
    expected_version: int | None
    addressees: tuple[Addressee, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class HandInContribution(Command):
    """A group hands in its saved draft (Indienen): from now on it counts. Before the group's
    deadline, and not when it has no question."""

    action: ClassVar[str] = "hand_in"
    expected_version: int | None
    group: str


@dataclass(frozen=True, kw_only=True)
class RetractContribution(Command):
    """A group withdraws its handed-in contribution before the deadline; the text stays as its draft."""

    action: ClassVar[str] = "retract_contribution"
    expected_version: int | None
    group: str


@dataclass(frozen=True, kw_only=True)
class DeliverAnswers(Command):
    """The ministry sends its answers to the committee (*Antwoorden versturen*): only when every
    number is answered; from then on the clerk, the chair and the groups read them. The clerk's
    ``ReceiveAnswers`` stays for answers that arrive outside overleg."""

    action: ClassVar[str] = "deliver_answers"


@dataclass(frozen=True, kw_only=True)
class RequestPostponement(Command):
    """The ministry asks for more time (*uitstel*): a reason and the moment it proposes."""

    action: ClassVar[str] = "request_postponement"
    reason: str
    until: dt.datetime


@dataclass(frozen=True, kw_only=True)
class MovePassage(Command):
    """The clerk moves a passage one place up (``by`` -1) or down (``by`` 1) within its group's
    contribution, after intake closed; when numbered, the list is renumbered."""

    action: ClassVar[str] = "move_passage"
    expected_version: int | None
    group: str
    passage_id: str
    by: int


@dataclass(frozen=True, kw_only=True)
class MergePassages(Command):
    """The clerk merges passage ``second`` into the passage ``first`` directly before it (same
    group): texts, footnotes and motions joined into ``first``, ``second`` withdrawn."""

    action: ClassVar[str] = "merge_passages"
    expected_version: int | None
    group: str
    first: str
    second: str


@dataclass(frozen=True, kw_only=True)
class SetAnswerDeadline(Command):
    """The clerk sets or moves the ministry's answer deadline after sending (e.g. granting a
    request for postponement)."""

    action: ClassVar[str] = "set_answer_deadline"
    answer_deadline: dt.datetime


ALL_COMMANDS: tuple[type[Command], ...] = (
    CreateConsultation, StartFollowUp, EditDetails, SetGroups, OpenIntake, SubmitContribution,
    WithdrawPassage, ExtendDeadline, CloseIntake, ReopenIntake, SetGroupOrder, NumberPassages,
    SendQuestions, AnswerQuestions, WithdrawAnswer, ReceiveAnswers, EstablishReport, PublishReport,
    CorrectReport, CorrectAddressees, HandInContribution, RetractContribution, DeliverAnswers,
    RequestPostponement,
    MovePassage, MergePassages, SetAnswerDeadline,
)
