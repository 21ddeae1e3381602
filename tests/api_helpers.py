"""Helpers of the API tests: a migrated store, users with tokens, a TestClient, PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from overleg.app import create_app
from overleg.procedure import RoleKind as Role
from overleg.procedure.actors import Actor
from overleg.service import Service
from overleg.store import Store, open_store
from overleg.store.users import fast_hasher

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "src/overleg/examples/kst-21501-02-3349.txt"
TRUTH = REPO / "tests/golden/kst-21501-02-3349.json"
CHECKER = REPO / "tests/golden/score_parse.py"
LOCAL = ("127.0.0.1", 50000)


def migrated_store(url: str) -> Store:
    """The store at ``url``, migrated, with the tests' invented groups and ministries in its registers."""
    from register_support import add_test_entries

    store = open_store(url, hasher=fast_hasher())
    store.upgrade()
    add_test_entries(store)
    return store


@contextmanager
def store_of(kind: str, directory: Path) -> Iterator[Store]:
    """A migrated store of ``kind`` (sqlite, postgresql) with the fast password hasher, closed and
    removed afterwards."""
    from db_support import database

    with database(kind, directory) as url:
        store = migrated_store(url)
        try:
            yield store
        finally:
            store.close()


def client_for(store: Store, clock: Callable[[], dt.datetime] | None = None) -> TestClient:
    service = Service(store, clock) if clock else Service(store)
    return TestClient(create_app(service), client=LOCAL)


def token_for(store: Store, actor: Actor) -> str | None:
    """A user with ``actor``'s roles and a bearer token for it (None for the public)."""
    if not actor.roles:
        return None
    user = store.users.by_username(actor.user_id) or store.users.create_user(actor.user_id, None)
    for role in actor.roles:
        store.users.add_membership(user.id, Role(role.kind.value), role.of)
    return store.users.create_api_token(user.id)


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def score(report: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The bundled checker run on ``report`` against the seed's truth."""
    out = tmp_path / f"report-{uuid.uuid4().hex[:6]}.json"
    out.write_bytes(report)
    return subprocess.run([sys.executable, str(CHECKER), str(TRUTH), str(out)], capture_output=True, text=True,
                          check=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def overleg(*args: str) -> list[str]:
    return [sys.executable, "-m", "overleg", *args]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    """``overleg serve`` on a free port; returns the process and its base URL once it answers."""
    port = free_port()
    proc = subprocess.Popen(overleg("serve", "--database", url, "--port", str(port)), env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"overleg serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/api/me", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("overleg serve did not start in 20 s")


def serve_process(url: str, *args: str, seconds: float = 90) -> tuple[subprocess.Popen[bytes], str]:
    """``overleg serve ARGS`` on a free port, once its ``/readyz`` answers 200 (workers start
    slowly on a busy machine: up to ``seconds``); the process and its base URL."""
    port = free_port()
    proc = subprocess.Popen(overleg("serve", "--database", url, "--port", str(port), *args), env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"overleg serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"overleg serve did not start in {seconds:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database (skipped when PostgreSQL is not reachable), dropped afterwards."""
    from db_support import postgres_database as fresh

    yield from fresh()
