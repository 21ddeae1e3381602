"""Crash safety of the SQLite store: SIGKILL a writer mid-stream; nothing acknowledged is lost.

The child appends events from two threads in a loop and prints each seq after its commit
returned (its acknowledgement); the parent kills it with SIGKILL while it writes, then opens the
store, runs the integrity check and looks for every acknowledged event.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from overleg.store import open_store, upgrade

SRC = Path(__file__).resolve().parents[1] / "src"
TESTS = Path(__file__).resolve().parent

CHILD = """
import datetime as dt, json, sys, threading
from db_support import snapshot_json
from overleg.store import StoredEvent, open_store

store = open_store(sys.argv[1])
lock = threading.Lock()

def writer(name):
    seq = 0
    while True:
        tick = StoredEvent("Tick", json.dumps({"n": seq + 1}), name, dt.datetime.now(dt.UTC))
        seq = store.events.append(name, seq, [tick, tick], snapshot_json(name, seq + 2), "draft")
        with lock:
            print(name, seq, flush=True)

threads = [threading.Thread(target=writer, args=(f"c{k}",), daemon=True) for k in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
"""


def test_a_sigkilled_writer_leaves_a_sound_store_with_every_acknowledged_event(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(SRC), str(TESTS), os.environ.get("PYTHONPATH", "")))}
    child = subprocess.Popen([sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    acknowledged: dict[str, int] = {}
    deadline = time.monotonic() + 60
    while sum(acknowledged.values()) < 400 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        name, printed = line.split()
        acknowledged[name] = int(printed)
    os.kill(child.pid, signal.SIGKILL)
    for line in child.stdout.read().splitlines():  # acknowledged before the kill, still in the pipe
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            acknowledged[parts[0]] = max(acknowledged.get(parts[0], 0), int(parts[1]))
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert sum(acknowledged.values()) >= 400, "the child wrote too little before the deadline"

    with open_store(url) as store:
        report = store.integrity_check()
        assert report.ok, report.problems
        for name, seq in acknowledged.items():
            log = store.events.read(name)
            assert len(log) >= seq
            assert [e.seq for e in log] == list(range(1, len(log) + 1))
