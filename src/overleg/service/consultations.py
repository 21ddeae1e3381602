"""Consultations: every procedure command as one transaction, and the reads the actor may see.

A write loads the current snapshot, lets the procedure ``decide``, ``apply``s the events and
appends them with the new snapshot through ``EventStore.update_locked``: the snapshot is read
under the consultation's write lock, so concurrent writers take turns and two groups submitting
at once both land, while a truly stale edit fails with the procedure's ``StaleVersion``. What the
command writes to the documents (a reserved report number, a published report) goes into the
same transaction (``Documents.alongside``), so the event and the document land together or not
at all. Only after the commit is the result returned, so what a client was told is on disk.
Text the store cannot hold (a NUL character, a lone surrogate) is refused before anything is
written, naming the field (``ValidationFailed``), on both stores alike. Reads go through
``overleg.procedure.access``: ``view`` for the consultation, ``may_read`` for the log. A
consultation whose stored snapshot cannot be read is left out of lists and reported at start-up
(``reconcile_publications``); the others are served as usual.

Every command is ``checked`` first (``overleg.service.commands``: text NFC-normalised, no control
characters, the settings' limits on length and list size), whichever interface built it. What
an actor may not see does not show through: a command on a consultation they may not see is
``NotFound``, exactly as for one that does not exist (never 403 or 409, which would say it
does), and the version they see counts only the events they may see (``_seen``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from overleg.errors import CorruptRecord, IllegalTransition, NotFound, OverlegError, PermissionDenied
from overleg.model import Document
from overleg.model.letter import CoveringLetter
from overleg.procedure import commands as c
from overleg.procedure.access import actions_for, may, may_read, standing_in, view
from overleg.procedure.actors import Actor, RoleKind
from overleg.procedure.apply import apply
from overleg.procedure.codec import encode, snapshot_from_json, snapshot_to_json
from overleg.procedure.decide import decide
from overleg.procedure.document import to_document
from overleg.procedure.letter import covering_letter
from overleg.procedure.states import Consultation, State
from overleg.service.commands import Limits, checked
from overleg.service.documents import Documents
from overleg.store import Change, ConsultationSnapshot, Store
from overleg.store.documents import refuse_unstorable

_CACHE_SIZE = 256
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogEntry:
    """One event of a consultation's audit log: its place, what, who and when."""

    seq: int
    type: str
    actor: str | None
    at: dt.datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class Reconciled:
    """What ``reconcile_publications`` did at start-up: the reports it saved (their ids) and what
    it found wrong and could not repair, one line each (the server starts regardless)."""

    saved: tuple[str, ...]
    problems: tuple[str, ...]


class Consultations:
    def __init__(self, store: Store, documents: Documents, clock: Callable[[], dt.datetime],
                 limits: Limits | None = None) -> None:
        self._store = store
        self._documents = documents
        self._clock = clock
        self._limits = limits or Limits()
        self._states: dict[str, tuple[int, Consultation]] = {}
        self._unreadable: set[str] = set()

    # -- writes ---------------------------------------------------------------------------------

    def execute(self, actor: Actor, consultation_id: str, command: c.Command) -> Consultation:
        """Run ``command`` by ``actor`` on the consultation; the actor's view of the result.

        Raises the procedure's errors (nothing is written then) and the store's; NotFound when
        the actor may not see the consultation, whatever the command; ``Conflict`` when the
        report's number belongs to another report or an ingested paper; ``ValidationFailed``
        naming the field when a text breaks the edge's rules or cannot be stored.
        """
        refuse_unstorable(command, f"{command.action} of {consultation_id}")  # what no store can hold
        command = checked(command, self._limits)  # the edge's rules: NFC, no control characters, limits
        now = self._clock()
        done: dict[str, Any] = {}
        creates = isinstance(command, c.CreateConsultation | c.StartFollowUp)

        def step(snapshot: ConsultationSnapshot | None) -> Change:
            state = self._state_of(snapshot) if snapshot is not None else None
            if not creates and (state is None or not may_read(actor, state, "consultation")):
                raise NotFound(f"no consultation {consultation_id!r}")  # the same words either way
            events = decide(state, actor, command, now)
            for event in events:
                state = apply(state, event)
            assert state is not None
            done["state"] = state
            return Change(tuple(encode(event) for event in events), snapshot_to_json(state), state.state.value,
                          alongside=self._documents.alongside(state, events))

        self._store.events.update_locked(consultation_id, step)
        state: Consultation = done["state"]
        self._remember(state)
        self._documents.forget(state)
        return self._seen(actor, state)

    def create(self, actor: Actor, command: c.CreateConsultation) -> Consultation:
        return self.execute(actor, command.consultation_id, command)

    def start_follow_up(self, actor: Actor, consultation_id: str, predecessor_id: str, deadline: dt.datetime,
                        subject: str | None = None) -> Consultation:
        """A follow-up round of an established consultation the actor may see."""
        predecessor = self._visible_state(actor, predecessor_id)
        return self.execute(actor, consultation_id, c.StartFollowUp(
            consultation_id=consultation_id, predecessor=predecessor, deadline=deadline, subject=subject))

    def reconcile_publications(self) -> Reconciled:
        """At start-up: save the report of every published consultation whose latest version is
        not stored (see ``Documents.reconcile_publication``), and name every consultation that
        cannot be read or whose report cannot be saved, instead of failing: the server starts on
        a damaged store and serves everything else. ``overleg db check`` finds the rest."""
        saved: list[str] = []
        problems: list[str] = []
        for snapshot in self._store.events.consultations():
            try:
                state = self._state_of(snapshot)
            except CorruptRecord as err:
                problems.append(f"consultation {snapshot.consultation_id}: its snapshot cannot be read ({err.message})")
                continue
            if state.state is not State.PUBLISHED or state.established is None:
                continue
            doc_id = str(state.established.document_id)
            try:
                if self._documents.reconcile_publication(state, self._store.events.published_versions(state.id)):
                    saved.append(doc_id)
            except (OverlegError, SQLAlchemyError) as err:  # this one stays unrepaired; the others go on
                why = err.message if isinstance(err, OverlegError) else f"{type(err).__name__}: {err}".splitlines()[0]
                problems.append(f"consultation {state.id} is published, but its report {doc_id} "
                                f"cannot be stored: {why}")
        return Reconciled(tuple(saved), tuple(problems))

    # -- reads ----------------------------------------------------------------------------------

    def get(self, actor: Actor, consultation_id: str) -> Consultation:
        """The consultation as the actor may see it (NotFound when they may not see it at all)."""
        return self._seen(actor, self._visible_state(actor, consultation_id))

    def actions(self, actor: Actor, consultation: Consultation, group: str | None = None) -> tuple[str, ...]:
        """What the actor may do now: for ``group`` when given, else for the consultation as a
        whole and for each of their groups."""
        if group is not None:
            return tuple(actions_for(actor, consultation, group))
        found = list(actions_for(actor, consultation))
        for own in sorted(actor.groups()):
            found += [a for a in actions_for(actor, consultation, own) if a not in found]
        return tuple(found)

    def may_read_answers(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor may read the answers so far (and so the report's preview)."""
        return may_read(actor, consultation, "answers")

    def watches_intake(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor sees the state of intake per group: a clerk of the committee."""
        return actor.has(RoleKind.CLERK, consultation.committee)

    def may_create(self, actor: Actor) -> bool:
        """Whether the actor may start a consultation at all: a clerk of some committee."""
        return any(r.kind is RoleKind.CLERK for r in actor.roles)

    def clerk_of(self, actor: Actor) -> tuple[str, ...]:
        """The committees the actor is clerk of, in order: where they may start consultations."""
        return tuple(sorted(r.of for r in actor.roles if r.kind is RoleKind.CLERK))

    def list(self, actor: Actor) -> tuple[Consultation, ...]:
        """Every consultation the actor may see, by id, as they may see it."""
        found = []
        for snapshot in self._store.events.consultations():
            try:
                found.append(self._seen(actor, self._state_of(snapshot)))
            except NotFound:
                continue
            except CorruptRecord as err:  # reported at start-up and by `overleg db check`; the rest is served
                if snapshot.consultation_id not in self._unreadable:  # once, not on every list
                    self._unreadable.add(snapshot.consultation_id)
                    _log.warning("consultation %s left out: its snapshot cannot be read (%s)",
                                 snapshot.consultation_id, err.message)
        return tuple(found)

    def log(self, actor: Actor, consultation_id: str) -> tuple[LogEntry, ...]:
        """The audit log (clerk only): every event with who and when."""
        state = self._visible_state(actor, consultation_id)
        if not may_read(actor, state, "log"):
            raise PermissionDenied(f"only a clerk of {state.committee!r} may read the log of {consultation_id!r}")
        return tuple(LogEntry(ev.seq or 0, ev.type, ev.actor_id, ev.at, json.loads(ev.payload_json))
                     for ev in self._store.events.read(consultation_id))

    def document(self, actor: Actor, consultation_id: str) -> Document:
        """The consultation's document as the actor may read it: the numbered list once sent,
        the report once established (IllegalTransition before sending)."""
        return to_document(self.get(actor, consultation_id))

    def preview(self, actor: Actor, consultation_id: str) -> Document:
        """The report as it would be published now, with the answers so far: for whoever may read
        the answers (the ministry and the clerk once sent, the groups and the chair once the
        answers are received); PermissionDenied for others, IllegalTransition before sending."""
        state = self._visible_state(actor, consultation_id)
        if not state.state.at_least(State.SENT):  # no report at all yet, whoever asks
            raise IllegalTransition(f"consultation {consultation_id!r} is {state.state.value}: it has no report "
                                    "before sending", action="document", state=state.state.value)
        if not may_read(actor, state, "answers"):
            raise PermissionDenied(f"{actor.user_id!r} may not read the answers of {consultation_id!r} yet")
        return to_document(self._seen(actor, state), preview=True)

    def letter(self, actor: Actor, consultation_id: str) -> CoveringLetter:
        """The covering letter with which the questions were sent (clerk of the committee only;
        PermissionDenied for others, IllegalTransition before sending)."""
        state = self._visible_state(actor, consultation_id)
        if not may("send", standing_in(actor, state)):
            raise PermissionDenied(f"only a clerk of {state.committee!r} may read the letter of {consultation_id!r}")
        return covering_letter(state)

    # -- state ----------------------------------------------------------------------------------

    @staticmethod
    def _seen(actor: Actor, state: Consultation) -> Consultation:
        """The consultation as ``actor`` may see it (``view``), its version counting only the
        events they may see. The version counts every event, and every change of a group's
        contribution adds one to the contribution's version too: left as it is, a group would
        watch another group's draft being saved before intake closes (the Low finding of issue 13).
        """
        seen = view(actor, state)
        shown = {k.group for k in seen.contributions}
        hidden = sum(k.version for k in state.contributions if k.group not in shown)
        return replace(seen, version=state.version - hidden) if hidden else seen

    def _visible_state(self, actor: Actor, consultation_id: str) -> Consultation:
        snapshot = self._store.events.snapshot(consultation_id)
        if snapshot is None:
            raise NotFound(f"no consultation {consultation_id!r}")
        state = self._state_of(snapshot)
        view(actor, state)  # NotFound when the actor may not see it
        return state

    def _state_of(self, snapshot: ConsultationSnapshot) -> Consultation:
        """The snapshot as a Consultation, parsed once per version (parsing a large one takes ms)."""
        cached = self._states.get(snapshot.consultation_id)
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        state = snapshot_from_json(snapshot.snapshot_json)
        self._remember(state)
        return state

    def _remember(self, state: Consultation) -> None:
        if len(self._states) >= _CACHE_SIZE:
            self._states.clear()
        self._states[state.id] = (state.version, state)

