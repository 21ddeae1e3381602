"""Scheduled jobs, run once per interval across every process and machine on one store.

``overleg worker`` (and ``overleg serve``'s own schedule) call ``Jobs.run_due``: each job is run
only by the process that takes its lease (``store.leases``), only when its interval has passed
since its last completed run. While a job runs, a thread renews its lease every third of
``job_lease_seconds`` (a setting), so a long run keeps it; a process that dies mid-run stops
renewing, and its lease lapses within that time. Another process takes the job then and runs it
again, which resumes it: reminders are keyed and mails claimed (``store.mail.claim``), so nothing
is made twice and only a mail in flight at the death can be sent twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from overleg.service.accounts import Credentials
from overleg.service.alerts import Alerts
from overleg.service.notifications import Notifications
from overleg.settings import Settings
from overleg.store import Store
from overleg.store.leases import JobLease

_log = logging.getLogger("overleg.jobs")


@dataclass(frozen=True)
class JobRun:
    """What one call of ``run_due`` did with one job."""

    job: str
    ran: bool
    summary: str = ""
    error: str | None = None


def holder_name() -> str:
    """This process, as a lease names its holder: machine, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Jobs:
    def __init__(self, store: Store, notifications: Notifications, alerts: Alerts,
                 clock: Callable[[], dt.datetime], settings: Settings | None = None,
                 sync: Callable[[], str] | None = None) -> None:
        self._store = store
        self._clock = clock
        self.lease = dt.timedelta(seconds=(settings or Settings()).job_lease_seconds)
        self._jobs: dict[str, Callable[[], str]] = {
            "meldingen": lambda: notifications.run_job().summary(),
            "attenderingen": lambda: alerts.run(Credentials.operator()).summary(),
        }
        if sync is not None:  # the public sources of OVERLEG_SYNC_SOURCES (Corpus.sync_job)
            self._jobs["sync"] = sync

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._jobs)

    def run_due(self, holder: str, every: dt.timedelta, only: tuple[str, ...] | None = None) -> list[JobRun]:
        """Run each job (``only``: these) that is due and that this holder gets the lease of."""
        runs = []
        for job, run in self._jobs.items():
            if only is not None and job not in only:
                continue
            now = self._clock()
            if not self._store.leases.take(job, holder, now, now + self.lease, every):
                runs.append(JobRun(job, ran=False))
                continue
            renewing = self._renew_while_running(job, holder)
            try:
                summary = run()
            except Exception as err:  # the job is due again at once; the worker goes on
                _log.exception("overleg: job %s failed", job)
                error = f"{type(err).__name__}: {err}".splitlines()[0] if str(err) else type(err).__name__
                renewing.set()
                self._store.leases.release(job, holder, self._clock(), error)
                runs.append(JobRun(job, ran=True, error=error))
            else:
                renewing.set()
                self._store.leases.release(job, holder, self._clock())
                runs.append(JobRun(job, ran=True, summary=summary))
        return runs

    def _renew_while_running(self, job: str, holder: str) -> threading.Event:
        """A daemon thread that renews ``holder``'s lease on ``job`` every third of a lease until the
        returned event is set; it dies with the process, and then the lease lapses."""
        done = threading.Event()

        def renew() -> None:
            while not done.wait(self.lease.total_seconds() / 3):
                try:
                    if not self._store.leases.renew(job, holder, self._clock() + self.lease) and not done.is_set():
                        _log.warning("overleg: job %s: the lease of %s lapsed and was taken", job, holder)
                        return
                except Exception:  # the store is away for a moment: try again at the next beat
                    _log.exception("overleg: job %s: renewing the lease failed", job)

        threading.Thread(target=renew, name=f"overleg-lease-{job}", daemon=True).start()
        return done

    def state(self) -> tuple[JobLease, ...]:
        return self._store.leases.all()
