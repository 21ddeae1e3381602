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
from overleg.corpus.search.filters import SearchFilters
from overleg.service import Service
from overleg.settings import Settings
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
        lease = service.jobs.lease
        assert store.leases.take("meldingen", "dies-mid-run", START, START + lease, HOUR)  # and never releases
        assert "meldingen" not in _ran(service, "machine-b")
        clock.now = START + lease + dt.timedelta(seconds=1)
        assert "meldingen" in _ran(service, "machine-b")
    finally:
        store.close()


def test_a_running_job_renews_its_lease_so_a_long_run_is_not_taken_over(url: str) -> None:
    import threading
    import time

    store = migrated_store(url)
    try:
        service = Service(store, settings=Settings(job_lease_seconds=1))
        taken_over: list[bool] = []
        release = threading.Event()

        def long_run() -> str:  # runs for three leases while another worker keeps asking
            for _ in range(6):
                time.sleep(0.5)
                taken_over.append("meldingen" in {r.job for r in other.jobs.run_due("machine-b", dt.timedelta(0))
                                                   if r.ran})
            release.set()
            return "done"

        other = Service(store, settings=Settings(job_lease_seconds=1))
        service.jobs._jobs = {"meldingen": long_run}  # the job's body only; the lease is the real one
        other.jobs._jobs = {"meldingen": lambda: "taken over"}
        [run] = service.jobs.run_due("machine-a", dt.timedelta(0))
        assert release.is_set() and run.summary == "done"
        assert taken_over == [False] * 6  # every ask in 3 s of a 1 s lease found it held
    finally:
        store.close()


def _unsent_mails(store: Store, n: int) -> list[str]:
    mails = [NewMail(kind="herinnering", recipient=f"lid{i}@example.nl", subject=f"Herinnering {i}",
                     body="Tekst", message_id=f"<job-test-{i}@overleg.example.nl>", about_url="/")
             for i in range(n)]
    store.mail.record(mails, [], START)
    return [m.message_id for m in mails]


def test_two_worker_processes_send_every_mail_and_alert_exactly_once_to_a_real_smtp_server(url: str) -> None:
    from overleg import EXAMPLES
    from overleg.corpus.alerts import notifications as alerts
    from overleg.corpus.ingest.save import save_and_index
    from overleg.readers import read as read_document

    store = migrated_store(url)
    try:
        expected = _unsent_mails(store, 40)
        save_and_index(store, read_document(EXAMPLES / "ah-tk-20232024-1949.pdf"))
        save_and_index(store, read_document(EXAMPLES / "kst-21501-02-3349.txt"))
        user = store.users.create_user("carla", None, "Carla")
        alerts.follow(store, user.id, "ah-tk-20232024-1949", email="carla@example.org")
        alerts.save_search(store, user.id, "Rafah", "Rafah", SearchFilters(), email="carla@example.org")
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
    outbox = [m for m in received if m["X-Overleg-Key"] is None]
    assert sorted(m["Message-ID"] for m in outbox) == sorted(expected)  # each once, none lost
    alert_keys = sorted(m["X-Overleg-Key"] for m in received if m["X-Overleg-Key"] is not None)
    assert alert_keys == ["answer:ah-tk-20232024-1949", "match:kst-21501-02-3349"]  # each alert once
    # each job ran once: one worker took its lease, the other found it held or done
    assert sum("meldingen:" in out for out, _ in outputs) == 1
    assert sum("attenderingen:" in out for out, _ in outputs) == 1


def test_a_worker_killed_mid_run_leaves_its_job_to_another_which_sends_the_rest(url: str) -> None:
    import signal
    import time

    store = migrated_store(url)
    try:
        expected = _unsent_mails(store, 30)
    finally:
        store.close()
    with smtp_server(seconds_per_mail=0.1) as (port, messages):
        env = {**os.environ, "OVERLEG_DATABASE_URL": url, "OVERLEG_SMTP_HOST": "127.0.0.1",
               "OVERLEG_SMTP_PORT": str(port), "OVERLEG_JOB_LEASE_SECONDS": "2",
               "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "overleg", "worker", "--interval", "1"]
        first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(messages) < 5 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)  # mid-run: no release, no goodbye
        first.communicate(timeout=30)
        at_kill = len(messages)
        assert 5 <= at_kill < len(expected), "the first worker was not killed mid-run"
        second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        store = migrated_store(url)
        try:
            def finished() -> bool:  # every mail sent, and a run of the job completed (the first's never did)
                return all(m.sent_at is not None for m in store.mail.outbox()) and \
                    any(j.job == "meldingen" and j.runs >= 1 for j in store.leases.all())

            while not finished() and time.monotonic() < deadline + 60:
                time.sleep(0.2)
            assert finished()  # the second worker took the job over and finished it
        finally:
            store.close()
            second.terminate()
            out, err = second.communicate(timeout=30)
    received = [str(m["Message-ID"]) for m in messages]
    assert set(received) == set(expected), (out, err)  # none lost
    # only the mail in flight when the first died (the server had it, its 250 never arrived) comes twice
    assert len(received) - len(set(received)) <= 1
