"""``overleg serve`` and ``overleg replay`` as processes: the seed replayed over real HTTP on a
fresh SQLite file and on PostgreSQL scores fully; serve refuses an unmigrated store; a server
SIGKILLed in the middle of a replay leaves a sound store holding every acknowledged event."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api_helpers import SEED, child_env, overleg, postgres_database, score, start_server, stop
from overleg.cli import app
from overleg.cli.replay import Replay, replay
from overleg.procedure.reenact import reenact
from overleg.readers import read
from overleg.store import open_store, upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.db'}"
    else:
        yield from postgres_database()


def test_the_seed_replayed_through_a_live_server_scores_fully(fresh_url: str, tmp_path: Path) -> None:
    upgrade(fresh_url)
    server, base = start_server(fresh_url)
    try:
        if fresh_url.startswith("sqlite"):  # the command itself, as a user runs it
            done = subprocess.run(overleg("replay", str(SEED), "--server", base), env=child_env(),
                                  capture_output=True, timeout=120, check=False)
            assert done.returncode == 0, done.stderr.decode()[-2000:]
            report = done.stdout
        else:  # the same client in-process (saves starting another interpreter)
            report = replay(read(SEED), base).report
    finally:
        stop(server)
    result = score(report, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "858/858" in result.stdout
    with open_store(fresh_url) as store:
        assert store.integrity_check().ok


def test_serve_refuses_an_unmigrated_store_and_says_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    done = CliRunner().invoke(app, ["serve", "--database", url, "--port", "1"])
    assert done.exit_code == 2
    assert "overleg db upgrade" in done.output


def test_a_server_killed_in_the_middle_of_a_replay_loses_no_acknowledged_event(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    server, base = start_server(url)
    steps = reenact(read(SEED), "crash-1", dt.datetime.now(dt.UTC))
    acknowledged: list[int] = []  # consultation versions the server confirmed
    session = Replay(base)

    def replaying() -> None:
        try:
            for step in steps:
                acknowledged.append(int(session.step("crash-1", step)["version"]))
        except Exception:  # the server is gone: expected
            return

    worker = threading.Thread(target=replaying)
    try:
        worker.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 20 and worker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        server.send_signal(signal.SIGKILL)  # while the replay keeps sending
        server.wait(10)
        worker.join(30)
    finally:
        session.close()
        stop(server)
    assert 20 <= len(acknowledged) < len(steps), "the kill came too late to be in the middle of the replay"
    with open_store(url) as store:
        report = store.integrity_check()
        assert report.ok, report.problems
        assert store.events.current_seq("crash-1") >= acknowledged[-1]
        assert [e.seq for e in store.events.read("crash-1")] == list(range(1, store.events.current_seq("crash-1") + 1))
