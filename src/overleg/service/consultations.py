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

Names are register keys (``service.registers``): a command's addressees and groups are linked to
the registers before ``decide`` (an unknown name is a Dutch ``ValidationFailed`` naming the
field), a group named in another spelling is the consultation's key, and every actor's roles of
groups and ministries are linked too (``Registers.linked``), so access compares keys.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from overleg.errors import CorruptRecord, IllegalTransition, NotFound, OverlegError, PermissionDenied
from overleg.model import Document
from overleg.model.letter import CoveringLetter
from overleg.procedure import commands as c
from overleg.procedure.access import Standing, actions_for, may, may_read, standing_in, view
from overleg.procedure.actors import Actor, RoleKind
from overleg.procedure.apply import apply, replay
from overleg.procedure.codec import decode, encode, snapshot_from_json, snapshot_predates_drafts, snapshot_to_json
from overleg.procedure.decide import decide
from overleg.procedure.document import group_document, to_document
from overleg.procedure.events import Event
from overleg.procedure.letter import covering_letter
from overleg.procedure.states import Consultation, State
from overleg.procedure.wording import state_name
from overleg.service.commands import Limits, checked
from overleg.service.documents import Documents
from overleg.service.registers import Registers
from overleg.store import Change, ConsultationSnapshot, Store
from overleg.store.documents import refuse_unstorable
from overleg.vocabulary.registers import ParliamentaryGroup, find_group

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
                 limits: Limits | None = None, registers: Registers | None = None,
                 after: Callable[[Consultation, tuple[Event, ...]], None] | None = None) -> None:
        self._store = store
        self._registers = registers or Registers(store)
        self._after = after  # told of every committed step (service.notifications); must not raise
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
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        refuse_unstorable(command, f"{command.action} of {consultation_id}")  # what no store can hold
        command = checked(command, self._limits)  # the edge's rules: NFC, no control characters, limits
        command = self._linked(command)  # addressees and groups as register keys
        groups = self._registers.entries().groups
        now = self._clock()
        done: dict[str, Any] = {}
        creates = isinstance(command, c.CreateConsultation | c.StartFollowUp)

        def step(snapshot: ConsultationSnapshot | None) -> Change:
            state = self._state_of(snapshot) if snapshot is not None else None
            if not creates and (state is None or not may_read(actor, state, "consultation")):
                raise NotFound(f"Er is geen procedure {consultation_id} die u mag zien.")  # the same words either way
            events = decide(state, actor, _group_keys(command, state, groups) if state else command, now)
            for event in events:
                state = apply(state, event)
            assert state is not None
            done["state"] = state
            done["events"] = tuple(events)
            return Change(tuple(encode(event) for event in events), snapshot_to_json(state), state.state.value,
                          alongside=self._documents.alongside(state, events))

        self._store.events.update_locked(consultation_id, step)
        state: Consultation = done["state"]
        self._remember(state)
        self._documents.forget(state)
        if self._after is not None:  # after the commit: what it does can never undo the step
            self._after(state, done["events"])
        return self._seen(actor, state)

    def create(self, actor: Actor, command: c.CreateConsultation) -> Consultation:
        return self.execute(actor, command.consultation_id, command)

    def start_follow_up(self, actor: Actor, consultation_id: str, predecessor_id: str, deadline: dt.datetime,
                        subject: str | None = None) -> Consultation:
        """A follow-up round of an established consultation the actor may see."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
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

    def _linked(self, command: c.Command) -> c.Command:
        """The command with its addressees and groups linked to the registers (their keys), so
        that access compares keys; a name the registers do not know is refused, in Dutch."""
        if isinstance(command, c.CreateConsultation):
            return replace(command, addressees=tuple(self._registers.addressee(a) for a in command.addressees),
                           groups=tuple(self._registers.group_of(g) for g in command.groups))
        if isinstance(command, c.EditDetails | c.CorrectAddressees):
            return replace(command, addressees=tuple(self._registers.addressee(a) for a in command.addressees))
        if isinstance(command, c.SetGroups):
            return replace(command, groups=tuple(self._registers.group_of(g) for g in command.groups))
        return command

    # -- reads ----------------------------------------------------------------------------------

    def get(self, actor: Actor, consultation_id: str) -> Consultation:
        """The consultation as the actor may see it (NotFound when they may not see it at all)."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        return self._seen(actor, self._visible_state(actor, consultation_id))

    def actions(self, actor: Actor, consultation: Consultation, group: str | None = None) -> tuple[str, ...]:
        """What the actor may do now: for ``group`` when given, else for the consultation as a
        whole and for each of their groups."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        if group is not None:
            return tuple(actions_for(actor, consultation, group))
        found = list(actions_for(actor, consultation))
        for own in sorted(actor.groups()):
            found += [a for a in actions_for(actor, consultation, own) if a not in found]
        return tuple(found)

    def may_read_answers(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor may read the answers so far (and so the report's preview)."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        return may_read(actor, consultation, "answers")

    def answers_for_ministry(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor is an official of an addressed ministry (the ministry's desk)."""
        return Standing.MINISTRY in standing_in(actor, consultation)

    def watches_intake(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor sees the state of intake per group: a clerk of the committee."""
        return actor.has(RoleKind.CLERK, consultation.committee)

    def contribution_role(self, actor: Actor, consultation: Consultation, group: str) -> str | None:
        """What the actor may do with ``group``'s contribution in the editor: "edit" for a member
        or staff of the invited group, "read" for a clerk of the committee, None for anyone else
        (another group, the ministry, the chair: to them the editor does not exist)."""
        if consultation.group(group) is None:
            return None
        who = standing_in(actor, consultation, group)
        if Standing.GROUP in who:
            return "edit"
        return "read" if Standing.CLERK in who else None

    def group_preview(self, actor: Actor, consultation_id: str, group: str) -> Document:
        """``group``'s contribution as it would be printed now (``document.group_document``):
        for the group and the clerk only, NotFound for anyone else."""
        state = self._visible_state(actor, consultation_id)
        if self.contribution_role(actor, state, group) is None:
            raise NotFound(f"no contribution of {group!r} in {consultation_id!r}")
        return group_document(state, group)

    def may_create(self, actor: Actor) -> bool:
        """Whether the actor may start a consultation at all: a clerk of some committee."""
        return any(r.kind is RoleKind.CLERK for r in actor.roles)

    def clerk_of(self, actor: Actor) -> tuple[str, ...]:
        """The committees the actor is clerk of, in order: where they may start consultations."""
        return tuple(sorted(r.of for r in actor.roles if r.kind is RoleKind.CLERK))

    def list(self, actor: Actor) -> tuple[Consultation, ...]:
        """Every consultation the actor may see, by id, as they may see it."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
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
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        state = self._visible_state(actor, consultation_id)
        if not may_read(actor, state, "log"):
            raise PermissionDenied(f"Alleen een griffier van {state.committee} mag het logboek van procedure "
                                   f"{consultation_id} lezen.")
        return tuple(LogEntry(ev.seq or 0, ev.type, ev.actor_id, ev.at, json.loads(ev.payload_json))
                     for ev in self._store.events.read(consultation_id))

    def document(self, actor: Actor, consultation_id: str) -> Document:
        """The consultation's document as the actor may read it: the numbered list once sent,
        the report once established (IllegalTransition before sending)."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        return to_document(self.get(actor, consultation_id))

    def preview(self, actor: Actor, consultation_id: str) -> Document:
        """The report as it would be published now, with the answers so far: for whoever may read
        the answers (the ministry and the clerk once sent, the groups and the chair once the
        answers are received); PermissionDenied for others, IllegalTransition before sending."""
        actor = self._registers.linked(actor)  # roles of groups and ministries by register key
        state = self._visible_state(actor, consultation_id)
        if not state.state.at_least(State.SENT):  # no report at all yet, whoever asks
            raise IllegalTransition(f"Procedure {consultation_id} is in de stap ‘{state_name(state.state.value)}’: "
                                    "er is nog geen verslag; dat komt er als de vragen zijn verstuurd.",
                                    action="document", state=state.state.value)
        if not may_read(actor, state, "answers"):
            raise PermissionDenied(f"Gebruiker {actor.user_id} mag de antwoorden van procedure {consultation_id} "
                                   "nog niet lezen.")
        return to_document(self._seen(actor, state), preview=True)

    # -- the report's desk (web/report_desk.py, web/audit_log.py) ----------------------------

    def signs_report(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor is one who may establish the report (the clerk or the chair of the
        committee, ``PERMISSIONS["establish"]``): who sees the final report before it is public."""
        return may("establish", standing_in(actor, consultation))

    def may_read_log(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor may read the audit log (``READS["log"]``: the clerk)."""
        return may_read(actor, consultation, "log")

    def may_follow_up(self, actor: Actor, consultation: Consultation) -> bool:
        """Whether the actor may start a follow-up round of this consultation now: permitted
        (``PERMISSIONS["start_follow_up"]``) and the report established."""
        return consultation.established is not None and may("start_follow_up", standing_in(actor, consultation))

    def log_names(self, actor: Actor, consultation_id: str, user_ids: Iterable[str]) -> dict[str, str]:
        """The display names of ``user_ids`` (the actors of the audit log), for who may read the
        log: the user's display name, else the consultation's chair or clerk name, else the id."""
        state = self._visible_state(actor, consultation_id)
        if not may_read(actor, state, "log"):
            raise PermissionDenied(f"Alleen een griffier van de {state.committee} mag het logboek van "
                                   f"procedure {consultation_id} lezen.")
        known = {state.chair.user_id: state.chair.name, state.clerk.user_id: state.clerk.name}
        names: dict[str, str] = {}
        for user_id in sorted(set(user_ids)):
            user = self._store.users.by_username(user_id)
            names[user_id] = (user.display_name if user is not None else None) or known.get(user_id) or user_id
        return names

    def letter(self, actor: Actor, consultation_id: str) -> CoveringLetter:
        """The covering letter with which the questions were sent (clerk of the committee only;
        PermissionDenied for others, IllegalTransition before sending)."""
        state = self._visible_state(actor, consultation_id)
        if not may("send", standing_in(actor, state)):
            raise PermissionDenied(f"Alleen een griffier van de {state.committee} mag de brief van procedure "
                                   f"{consultation_id} lezen.")
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
            raise NotFound(f"Er is geen procedure {consultation_id} die u mag zien.")
        state = self._state_of(snapshot)
        view(actor, state)  # NotFound when the actor may not see it
        return state

    def _state_of(self, snapshot: ConsultationSnapshot) -> Consultation:
        """The snapshot as a Consultation, parsed once per version (parsing a large one takes ms)."""
        cached = self._states.get(snapshot.consultation_id)
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        state = snapshot_from_json(snapshot.snapshot_json)
        if snapshot_predates_drafts(snapshot.snapshot_json):  # see the codec: the log says what counted
            replayed = replay(decode(ev) for ev in self._store.events.read(state.id))
            state = replayed if replayed is not None and replayed.version == state.version else state
        self._remember(state)
        return state

    def _remember(self, state: Consultation) -> None:
        if len(self._states) >= _CACHE_SIZE:
            self._states.clear()
        self._states[state.id] = (state.version, state)



def _group_keys(command: c.Command, state: Consultation, groups: Sequence[ParliamentaryGroup]) -> c.Command:
    """The group names of ``command`` as the consultation has them: a name it does not invite is
    replaced by the register key it resolves to when the consultation invites that key ("D 66"
    -> "D66"); a consultation from before the registers keeps its names as typed."""
    if not isinstance(command, c.SubmitContribution | c.WithdrawPassage | c.ExtendDeadline | c.SetGroupOrder):
        return command
    invited = {g.name for g in state.groups}

    def choose(name: str) -> str:
        if name in invited:
            return name
        entry = find_group(groups, name)
        return entry.key if entry is not None and entry.key in invited else name
    if isinstance(command, c.SetGroupOrder):
        return replace(command, order=tuple(choose(n) for n in command.order))
    if command.group is None:
        return command
    return replace(command, group=choose(command.group))
