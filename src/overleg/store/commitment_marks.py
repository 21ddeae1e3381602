"""Marks users put on commitments: fulfilled, or open again, with a reason (revision 0013).

Append-only: a mark is never changed or deleted, so the history of a commitment's status stays
readable; the latest mark (by id) of a commitment decides. A commitment is known by its
document's store id and its 1-based position among that document's commitments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row, func, insert, select

from overleg.store.engine import read, write
from overleg.store.schema import commitment_marks

MARK_STATUSES = ("fulfilled", "open")


@dataclass(frozen=True)
class CommitmentMark:
    """One mark: ``status`` fulfilled or open (marked open again), why, by whom, when (UTC)."""

    id: int
    document_id: str
    position: int
    status: str
    reason: str
    marked_by: str
    marked_at: dt.datetime


class CommitmentMarkRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, document_id: str, position: int, status: str, reason: str, marked_by: str,
            marked_at: dt.datetime) -> CommitmentMark:
        """Record a mark (the caller checked who may, and the status)."""
        assert status in MARK_STATUSES
        with write(self._engine) as conn:
            result = conn.execute(insert(commitment_marks).values(
                document_id=document_id, position=position, status=status, reason=reason, marked_by=marked_by,
                marked_at=marked_at))
            key = result.inserted_primary_key
            assert key is not None
            new_id = key[0]
        return CommitmentMark(int(new_id), document_id, position, status, reason, marked_by, marked_at)

    def history(self, document_id: str, position: int) -> tuple[CommitmentMark, ...]:
        """Every mark of one commitment, oldest first."""
        m = commitment_marks
        with read(self._engine) as conn:
            rows = conn.execute(select(m).where(m.c.document_id == document_id, m.c.position == position)
                                .order_by(m.c.id)).all()
        return tuple(_mark(r) for r in rows)

    def latest(self) -> dict[tuple[str, int], CommitmentMark]:
        """The latest mark of every marked commitment, by (document id, position)."""
        m = commitment_marks
        newest = select(func.max(m.c.id)).group_by(m.c.document_id, m.c.position)
        with read(self._engine) as conn:
            rows = conn.execute(select(m).where(m.c.id.in_(newest))).all()
        return {(r.document_id, int(r.position)): _mark(r) for r in rows}


def _mark(r: Row[Any]) -> CommitmentMark:
    at: dt.datetime = r.marked_at
    if at.tzinfo is None:  # SQLite keeps no zone: the store writes UTC
        at = at.replace(tzinfo=dt.UTC)
    return CommitmentMark(int(r.id), str(r.document_id), int(r.position), str(r.status), str(r.reason),
                          str(r.marked_by), at)
