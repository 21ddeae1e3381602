"""The event log of each consultation, with its current snapshot, appended atomically.

``append`` writes the new events and the new snapshot in one transaction, and only when the
consultation is still at ``expected_seq`` (optimistic concurrency): two edits based on the same
version cannot both land; the second gets ``StaleVersion`` with the current version. How the race
is decided:

- SQLite: the transaction starts with BEGIN IMMEDIATE, so writers take turns.
- PostgreSQL: ``SELECT ... FOR UPDATE`` on the consultation row makes a second writer wait for
  the first and then see its version; creating the same consultation twice, or any other lost
  race, hits the primary key ``(consultation_id, seq)`` and becomes ``StaleVersion`` as well.

A ``Change`` may carry what else belongs to the same transaction (``Change.alongside``: the
service saves a published report there, and reserves a report's number when it is
established): it runs after the events are written, on the same connection, and whatever it
raises rolls the events back as well, so both land or neither does.

Events are never updated or deleted: there is no code path for it and the database refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select
from sqlalchemy.exc import IntegrityError

from overleg.errors import StaleContribution, StaleVersion
from overleg.store.engine import read, write
from overleg.store.records import Change, ConsultationSnapshot, GroupCheck, StoredEvent
from overleg.store.schema import consultation_events, consultations, contribution_versions
from overleg.store.timeutil import as_utc, utcnow


class EventStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(
        self,
        consultation_id: str,
        expected_seq: int,
        events: Sequence[StoredEvent],
        snapshot_json: str,
        state: str,
        *,
        group: GroupCheck | None = None,
        alongside: Callable[[Connection], object] | None = None,
    ) -> int:
        """Append ``events`` after ``expected_seq`` (0 for a new consultation) and store the snapshot.

        Returns the new seq (the seq of the last event appended). Raises ``StaleContribution``
        when ``group`` is not at its expected version, else ``StaleVersion`` when the consultation
        is not at ``expected_seq``; then nothing is written. ``alongside(conn)`` runs in the same
        transaction after the events are written (see module docstring).
        """
        if not events:
            raise ValueError("append needs at least one event")
        try:
            with write(self._engine) as conn:
                return self._append(conn, consultation_id, expected_seq, events, snapshot_json, state, group,
                                    alongside)
        except IntegrityError:
            raise _stale(consultation_id, expected_seq, self.current_seq(consultation_id)) from None

    def _append(self, conn: Connection, consultation_id: str, expected_seq: int, events: Sequence[StoredEvent],
                snapshot_json: str, state: str, group: GroupCheck | None,
                alongside: Callable[[Connection], object] | None) -> int:
        current = conn.execute(
            select(consultations.c.version).where(consultations.c.id == consultation_id).with_for_update()
        ).scalar()
        if (current or 0) != expected_seq:
            raise _stale(consultation_id, expected_seq, current or 0)
        new_seq = expected_seq + len(events)
        now = utcnow()
        if current is None:
            conn.execute(consultations.insert().values(
                id=consultation_id, state=state, version=new_seq, snapshot_json=snapshot_json, updated_at=now))
        else:
            conn.execute(consultations.update()
                         .where(consultations.c.id == consultation_id, consultations.c.version == expected_seq)
                         .values(state=state, version=new_seq, snapshot_json=snapshot_json, updated_at=now))
        if group is not None:
            _bump_group(conn, consultation_id, group)
        conn.execute(consultation_events.insert(), [
            {"consultation_id": consultation_id, "seq": expected_seq + i, "type": e.type,
             "payload_json": e.payload_json, "actor_id": e.actor_id, "at": as_utc(e.at)}
            for i, e in enumerate(events, start=1)
        ])
        if alongside is not None:
            alongside(conn)
        return new_seq

    def update(self, consultation_id: str, step: Callable[[ConsultationSnapshot | None], Change], *,
               group: GroupCheck | None = None, attempts: int = 100) -> int:
        """Apply ``step`` to the current snapshot and append its change; again on a lost race.

        ``step`` gets the consultation's snapshot (None when it does not exist yet) and returns
        the change; it must be pure, as it may run more than once. When another edit lands
        between reading and appending, ``step`` runs again on the new snapshot, so commands that
        do not conflict (two groups submitting) both land. A stale ``group`` version is a real
        conflict and raises ``StaleContribution`` at once; errors ``step`` raises pass through.
        Returns the new seq.
        """
        for _ in range(attempts):
            current = self.snapshot(consultation_id)
            change = step(current)
            try:
                return self.append(consultation_id, current.version if current else 0, change.events,
                                   change.snapshot_json, change.state, group=group, alongside=change.alongside)
            except StaleContribution:
                raise
            except StaleVersion:
                continue
        raise StaleVersion(f"consultation {consultation_id}: still changing after {attempts} attempts",
                           expected=-1, current=self.current_seq(consultation_id))

    def update_locked(self, consultation_id: str, step: Callable[[ConsultationSnapshot | None], Change], *,
                      group: GroupCheck | None = None) -> int:
        """Like ``update``, but reads the snapshot under the write lock (the consultation's row
        lock on PostgreSQL, the database write lock on SQLite) and appends in the same
        transaction, so ``step`` runs once: many writers of one consultation take turns instead
        of retrying. Only two creators of one new consultation (no row to lock yet) can still
        collide; then it falls back to ``update``. Returns the new seq.
        """
        try:
            with write(self._engine) as conn:
                row = conn.execute(
                    select(consultations).where(consultations.c.id == consultation_id).with_for_update()).first()
                current = _snapshot(row) if row is not None else None
                change = step(current)
                return self._append(conn, consultation_id, current.version if current else 0, change.events,
                                    change.snapshot_json, change.state, group, change.alongside)
        except IntegrityError:
            return self.update(consultation_id, step, group=group)

    def read(self, consultation_id: str, after_seq: int = 0) -> tuple[StoredEvent, ...]:
        """The consultation's events after ``after_seq``, in order, each with its seq."""
        with read(self._engine) as conn:
            rows = conn.execute(
                select(consultation_events)
                .where(consultation_events.c.consultation_id == consultation_id, consultation_events.c.seq > after_seq)
                .order_by(consultation_events.c.seq)
            )
            return tuple(_event(row) for row in rows)

    def snapshot(self, consultation_id: str) -> ConsultationSnapshot | None:
        """The consultation's state as of its last append; None when it has no events yet."""
        with read(self._engine) as conn:
            row = conn.execute(select(consultations).where(consultations.c.id == consultation_id)).first()
        return _snapshot(row) if row is not None else None

    def current_seq(self, consultation_id: str) -> int:
        """The seq of the consultation's last event; 0 when it has none."""
        with read(self._engine) as conn:
            found = conn.execute(
                select(consultations.c.version).where(consultations.c.id == consultation_id)).scalar()
        return int(found or 0)

    def group_version(self, consultation_id: str, group: str) -> int:
        """How many edits the group's contribution has had (0: none yet)."""
        with read(self._engine) as conn:
            found = conn.execute(select(contribution_versions.c.version).where(
                contribution_versions.c.consultation_id == consultation_id,
                contribution_versions.c.group_name == group)).scalar()
        return int(found or 0)

    def consultations(self, *, state: str | None = None) -> tuple[ConsultationSnapshot, ...]:
        """Every consultation (optionally in one state), by id."""
        query = select(consultations).order_by(consultations.c.id)
        if state is not None:
            query = query.where(consultations.c.state == state)
        with read(self._engine) as conn:
            return tuple(_snapshot(row) for row in conn.execute(query))

    def published_versions(self, consultation_id: str) -> int:
        """How many versions of its report the consultation has published: one when it was
        published and one for each correction after that (a correction before publication is
        part of the first); 0 when it is not published."""
        e = consultation_events.c
        with read(self._engine) as conn:
            published = conn.execute(select(func.min(e.seq)).where(
                e.consultation_id == consultation_id, e.type == "report-published")).scalar()
            if published is None:
                return 0
            corrections = conn.execute(select(func.count()).select_from(consultation_events).where(
                e.consultation_id == consultation_id, e.type == "report-corrected", e.seq > published)).scalar()
        return 1 + int(corrections or 0)

    def count(self) -> int:
        """The number of events in the store."""
        with read(self._engine) as conn:
            return int(conn.execute(select(func.count()).select_from(consultation_events)).scalar() or 0)


def _bump_group(conn: Connection, consultation_id: str, group: GroupCheck) -> None:
    """Check and raise the group's version inside the append's transaction (after the row lock)."""
    where = (contribution_versions.c.consultation_id == consultation_id,
             contribution_versions.c.group_name == group.group)
    current = conn.execute(select(contribution_versions.c.version).where(*where)).scalar()
    if (current or 0) != group.expected:
        raise StaleContribution(
            f"the contribution of {group.group} is at version {current or 0}, the edit was based on {group.expected}",
            group=group.group, expected=group.expected, current=current or 0)
    if current is None:
        conn.execute(contribution_versions.insert().values(
            consultation_id=consultation_id, group_name=group.group, version=1))
    else:
        conn.execute(contribution_versions.update().where(*where).values(version=current + 1))


def _stale(consultation_id: str, expected: int, current: int) -> StaleVersion:
    return StaleVersion(f"consultation {consultation_id} is at version {current}, the edit was based on {expected}",
                        expected=expected, current=current)


def _event(row: Row[Any]) -> StoredEvent:
    return StoredEvent(type=row.type, payload_json=row.payload_json, actor_id=row.actor_id,
                       at=as_utc(row.at), seq=row.seq)


def _snapshot(row: Row[Any]) -> ConsultationSnapshot:
    return ConsultationSnapshot(consultation_id=row.id, state=row.state, version=row.version,
                                snapshot_json=row.snapshot_json, updated_at=as_utc(row.updated_at))
