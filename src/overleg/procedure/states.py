"""The state of one written consultation: frozen value objects, changed only by ``apply``.

A ``Consultation`` is the fold of its events (``overleg.procedure.apply.replay``). Versions:
``Consultation.version`` counts every event of the consultation (the store's stream position);
``Contribution.version`` and ``Answer.version`` count the changes of one group's contribution
and of one answer. Clients edit a contribution or an answer with the version of *that* part,
so two groups (or two officials) working at the same time do not make each other stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

from overleg.model import AgendaEntry, DocumentId, DocumentType


class State(StrEnum):
    """The steps of the procedure, in order."""

    DRAFT = "draft"
    INTAKE_OPEN = "intake_open"
    INTAKE_CLOSED = "intake_closed"
    NUMBERED = "numbered"
    SENT = "sent"
    ANSWERING = "answering"
    ANSWERS_RECEIVED = "answers_received"
    ESTABLISHED = "established"
    PUBLISHED = "published"

    @property
    def rank(self) -> int:
        return list(State).index(self)

    def at_least(self, other: State) -> bool:
        """True when this state is ``other`` or a later step."""
        return self.rank >= other.rank


IntakeStatus = Literal["none", "draft", "submitted"]

BEFORE_SENDING = frozenset({State.DRAFT, State.INTAKE_OPEN, State.INTAKE_CLOSED, State.NUMBERED})
FINAL = frozenset({State.ESTABLISHED, State.PUBLISHED})


@dataclass(frozen=True)
class Person:
    """A user of the system as printed in documents: ``user_id`` for access, ``name`` for print."""

    user_id: str
    name: str | None = None


@dataclass(frozen=True)
class Addressee:
    """An addressed member of government: ``ministry`` matches officials' roles, ``title`` is
    printed ("minister van Buitenlandse Zaken")."""

    ministry: str
    title: str


@dataclass(frozen=True)
class Group:
    """A parliamentary group invited to contribute; ``extended_until`` is a deadline the clerk
    granted this group alone."""

    name: str
    seats: int
    extended_until: dt.datetime | None = None
    printed: str | None = None  # the name as the report prints it, when not ``name`` (the register's key)


@dataclass(frozen=True)
class FootnoteText:
    """The text and links of a footnote attached to a passage or answer, before it has a number
    (it is numbered through the document when printed).
    An empty ``text`` is a marker without text; ``urls`` are links it gives beside its text."""

    text: str
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class MotionCitation:
    """A motion a passage or answer cites, as its author declares it: the name as cited
    ("Bamenga", "Stoffer/Ceder") and the papers it was published as. Declared because the
    link between a motion and the footnote that gives its paper is lost in plain text."""

    name: str
    refs: tuple[DocumentId, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A question passage of one group; ``passage_id`` is stable across edits."""

    passage_id: str
    text: str
    topic: str | None = None
    footnotes: tuple[FootnoteText, ...] = ()
    withdrawn: bool = False
    motions: tuple[MotionCitation, ...] = ()
    papers: tuple[DocumentId, ...] = ()
    merged_into: str | None = None  # withdrawn because the clerk merged it into this passage


@dataclass(frozen=True)
class Contribution:
    """One group's inbreng: preamble, topic headings and question passages.

    ``submitted_at`` is when the group handed it in (None: a draft, which is kept and shown to
    the group and the clerk but does not count: only handed-in contributions are numbered)."""

    group: str
    version: int
    preamble: str | None = None
    topics: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()
    next_seq: int = 1
    submitted_at: dt.datetime | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def passage(self, passage_id: str) -> Passage | None:
        return self._passages_by_id.get(passage_id)

    @cached_property
    def _passages_by_id(self) -> dict[str, Passage]:
        """The passages by id, built once per (immutable) contribution: a report's lookups are then
        linear in its passages, not quadratic (the first of a repeated id wins, as a scan would)."""
        return {p.passage_id: p for p in reversed(self.passages)}

    @property
    def live_passages(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if not p.withdrawn)


@dataclass(frozen=True)
class NumberedPassage:
    """Number ``number`` of the list is passage ``passage_id`` of ``group``."""

    number: int
    group: str
    passage_id: str


@dataclass(frozen=True)
class Answer:
    """The ministry's answer to one or more numbers (several numbers = an answer group)."""

    numbers: tuple[int, ...]
    text: str
    version: int
    cross_refs: tuple[int, ...] = ()
    footnotes: tuple[FootnoteText, ...] = ()
    motions: tuple[MotionCitation, ...] = ()


@dataclass(frozen=True)
class Establishment:
    """What establishing the report fixed: where it is published and who signed it."""

    dossier: str
    document_number: str
    established_on: dt.date
    chair: str
    clerk: str
    dossier_title: str | None = None

    @property
    def document_id(self) -> DocumentId:
        return DocumentId.kamerstuk(self.dossier, self.document_number)


@dataclass(frozen=True)
class TextCorrection:
    """New text for the passage or the answer printed under ``number``."""

    number: int
    text: str


@dataclass(frozen=True)
class Correction:
    """A correction of an established report: a new version of the report with a reason."""

    report_version: int
    reason: str
    corrected_at: dt.datetime
    corrected_by: str
    questions: tuple[TextCorrection, ...] = ()
    answers: tuple[TextCorrection, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """The consultation this one follows up (a *nader schriftelijk overleg*)."""

    consultation_id: str
    document_id: DocumentId | None = None


@dataclass(frozen=True)
class PostponementRequest:
    """The ministry asks the committee for more time to answer: when, who, why and until when."""

    requested_at: dt.datetime
    by: str
    reason: str
    until: dt.datetime


@dataclass(frozen=True)
class Consultation:
    """The current state of one written consultation (see module docstring)."""

    id: str
    version: int
    state: State
    committee: str
    chair: Person
    clerk: Person
    addressees: tuple[Addressee, ...]
    deadline: dt.datetime
    groups: tuple[Group, ...]
    subject: str | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    group_order: tuple[str, ...] | None = None
    numbering: tuple[NumberedPassage, ...] = ()
    sent_on: dt.date | None = None
    answers: tuple[Answer, ...] = ()
    received_on: dt.date | None = None
    established: Establishment | None = None
    published_on: dt.date | None = None
    corrections: tuple[Correction, ...] = ()
    follow_up_of: FollowUp | None = None
    postponements: tuple[PostponementRequest, ...] = ()
    answer_deadline: dt.datetime | None = None  # set when sending; the ministry answers before it

    @property
    def report_type(self) -> DocumentType:
        return DocumentType.VERSLAG_NADER if self.follow_up_of else DocumentType.VERSLAG

    @property
    def report_version(self) -> int:
        """1 for the established report, one more for every correction."""
        return 1 + len(self.corrections)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def contribution(self, group: str) -> Contribution | None:
        return self._contributions_by_group.get(group)

    def intake_status(self, group: str) -> IntakeStatus:
        """For the clerk: whether ``group`` has handed in ("submitted"), only has a draft
        ("draft") or has saved nothing at all ("none")."""
        found = self.contribution(group)
        if found is None:
            return "none"
        return "submitted" if found.submitted else "draft"

    def deadline_for(self, group: str) -> dt.datetime:
        """The group's own extension when later than the general deadline, else the deadline."""
        found = self.group(group)
        if found and found.extended_until and found.extended_until > self.deadline:
            return found.extended_until
        return self.deadline

    @property
    def ordered_groups(self) -> tuple[str, ...]:
        """The clerk's order when set, else by seat count (largest first, ties as invited)."""
        if self.group_order is not None:
            return self.group_order
        ranked = sorted(enumerate(self.groups), key=lambda ig: (-ig[1].seats, ig[0]))
        return tuple(g.name for _, g in ranked)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(n.number for n in self.numbering)

    def numbered(self, number: int) -> NumberedPassage | None:
        return self._numbered_by_number.get(number)

    def passage_at(self, number: int) -> Passage | None:
        """The passage printed under ``number``, or None."""
        entry = self.numbered(number)
        contribution = self.contribution(entry.group) if entry else None
        return contribution.passage(entry.passage_id) if contribution and entry else None

    def answer_to(self, number: int) -> Answer | None:
        return self._answers_by_number.get(number)

    # Indexes built once per (immutable) consultation, so that printing or showing every number
    # is linear in the numbers, not quadratic (issue 14's 100 ms budget for 200 questions). The
    # first match wins, as the scans they replace did. ``replace`` makes a new object, new indexes.
    @cached_property
    def _contributions_by_group(self) -> dict[str, Contribution]:
        return {c.group: c for c in reversed(self.contributions)}

    @cached_property
    def _numbered_by_number(self) -> dict[int, NumberedPassage]:
        return {n.number: n for n in reversed(self.numbering)}

    @cached_property
    def _answers_by_number(self) -> dict[int, Answer]:
        return {n: a for a in reversed(self.answers) for n in a.numbers}

    @property
    def unanswered(self) -> tuple[int, ...]:
        answered = {n for a in self.answers for n in a.numbers}
        return tuple(n for n in self.numbers if n not in answered)
