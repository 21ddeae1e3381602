"""Leases on scheduled jobs (revision 0018): one run of a job at a time, across processes and
machines, through the store alone.

A job's row says who holds it and until when, and when it last ran to the end. ``take`` is one
conditional UPDATE (atomic on SQLite and PostgreSQL): it succeeds only when nobody holds the job
(or the holder's lease has lapsed: it died) and the job is due (its last run is at least
``every`` ago). A holder that dies mid-run leaves a lease that lapses; the next worker takes the
job then and runs it again: the jobs are idempotent (reminders are keyed, mails claimed), so
running again is resuming.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from overleg.store.engine import read, write
from overleg.store.schema import job_leases
from overleg.store.timeutil import as_utc


@dataclass(frozen=True)
class JobLease:
    """A job's row: who holds it until when, its last completed run, runs and failures so far."""

    job: str
    holder: str | None
    until: dt.datetime | None
    last_run_at: dt.datetime | None
    runs: int
    failures: int
    last_error: str | None


class LeaseRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def take(self, job: str, holder: str, now: dt.datetime, until: dt.datetime, every: dt.timedelta) -> bool:
        """Hold ``job`` for ``holder`` until ``until`` when it is free (or its lease lapsed) and due."""
        self._ensure(job)
        with write(self._engine) as conn:
            done = conn.execute(update(job_leases).where(
                job_leases.c.job == job,
                or_(job_leases.c.holder.is_(None), job_leases.c.until < now),
                or_(job_leases.c.last_run_at.is_(None), job_leases.c.last_run_at <= now - every),
            ).values(holder=holder, until=until))
            return done.rowcount == 1

    def renew(self, job: str, holder: str, until: dt.datetime) -> bool:
        """Hold ``job`` until ``until`` while ``holder`` still holds it; False when it does not (its
        lease lapsed and another took the job: the holder should stop)."""
        with write(self._engine) as conn:
            done = conn.execute(update(job_leases).where(job_leases.c.job == job, job_leases.c.holder == holder)
                                .values(until=until))
            return done.rowcount == 1

    def release(self, job: str, holder: str, now: dt.datetime, error: str | None = None) -> None:
        """The holder's run ended (``error``: how it failed; a failed run is due again at once)."""
        values: dict[str, object] = {"holder": None, "until": None}
        if error is None:
            values.update(last_run_at=now, runs=job_leases.c.runs + 1, last_error=None)
        else:
            values.update(failures=job_leases.c.failures + 1, last_error=error[:1000])
        with write(self._engine) as conn:
            conn.execute(update(job_leases).where(job_leases.c.job == job, job_leases.c.holder == holder)
                         .values(**values))

    def all(self) -> tuple[JobLease, ...]:
        with read(self._engine) as conn:
            rows = conn.execute(select(job_leases).order_by(job_leases.c.job)).all()
        return tuple(JobLease(r.job, r.holder, as_utc(r.until) if r.until else None,
                              as_utc(r.last_run_at) if r.last_run_at else None, r.runs, r.failures, r.last_error)
                     for r in rows)

    def _ensure(self, job: str) -> None:
        with read(self._engine) as conn:
            if conn.execute(select(job_leases.c.job).where(job_leases.c.job == job)).first() is not None:
                return
        try:
            with write(self._engine) as conn:
                conn.execute(insert(job_leases).values(job=job, runs=0, failures=0))
        except IntegrityError:
            pass  # another process made the row first: the same row
