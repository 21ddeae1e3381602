"""Scheduled jobs under leases (issue 19): one run per interval among several workers on one
store, a dead worker's job taken over when its lease lapses, and two `overleg worker` processes
sending every mail of the outbox exactly once to a real SMTP server; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_helpers import migrated_store
from db_support import database
from mail_support import smtp_server
from overleg.service import Service
from overleg.service.jobs import LEASE_SECONDS
from overleg.store import Store
from overleg.store.mail import NewMail

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as found:
        migrated_store(found).close()
        yield found


def _ran(service: Service, holder: str) -> set[str]:
    return {r.job for r in service.jobs.run_due(holder, HOUR) if r.ran}


def test_a_job_runs_once_per_interval_whichever_worker_asks(url: str) -> None:
    store = migrated_store(url)
    try:
        clock = Clock(START)
        service = Service(store, clock)
        assert _ran(service, "machine-a") == {"meldingen", "attenderingen"}
        assert _ran(service, "machine-b") == set()  # done within the hour: nobody runs it again
        clock.now = START + HOUR
        assert _ran(service, "machine-b") == {"meldingen", "attenderingen"}
        assert {(j.job, j.runs, j.holder) for j in service.jobs.state()} == {
            ("meldingen", 2, None), ("attenderingen", 2, None)}
    finally:
        store.close()


def test_a_dead_workers_job_is_taken_over_when_its_lease_lapses(url: str) -> None:
    store = migrated_store(url)
    try:
        clock = Clock(START)
        service = Service(store, clock)
        lease = dt.timedelta(seconds=LEASE_SECONDS)
        assert store.leases.take("meldingen", "dies-mid-run", START, START + lease, HOUR)  # and never releases
        assert "meldingen" not in _ran(service, "machine-b")
        clock.now = START + lease + dt.timedelta(seconds=1)
        assert "meldingen" in _ran(service, "machine-b")
    finally:
        store.close()


def _unsent_mails(store: Store, n: int) -> list[str]:
    mails = [NewMail(kind="herinnering", recipient=f"lid{i}@example.nl", subject=f"Herinnering {i}",
                     body="Tekst", message_id=f"<job-test-{i}@overleg.example.nl>", about_url="/")
             for i in range(n)]
    store.mail.record(mails, [], START)
    return [m.message_id for m in mails]


def test_two_worker_processes_send_every_mail_exactly_once_to_a_real_smtp_server(url: str) -> None:
    store = migrated_store(url)
    try:
        expected = _unsent_mails(store, 40)
    finally:
        store.close()
    with smtp_server() as (port, received):
        env = {**os.environ, "OVERLEG_DATABASE_URL": url, "OVERLEG_SMTP_HOST": "127.0.0.1",
               "OVERLEG_SMTP_PORT": str(port), "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "overleg", "worker", "--once", "--interval", "3600"]
        workers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(2)]
        outputs = [w.communicate(timeout=120) for w in workers]
        assert all(w.returncode == 0 for w in workers), outputs
    assert sorted(m["Message-ID"] for m in received) == sorted(expected)  # each once, none lost
    # the job ran once: one worker took its lease, the other found it held or done
    assert sum("meldingen:" in out for out, _ in outputs) == 1
