"""Share nothing but the store: two ``overleg serve`` processes on one database act as one
server. A consultation is driven to its published report alternately through both, a session
begun on one is the same session on the other (and ended on it), and a guesser throttled by
the failures counted on both stays throttled on both. SQLite and PostgreSQL
(docs/operations.md, "State in process memory")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from api_helpers import migrated_store, serve_process, stop, token_for
from db_support import database
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report

PASSWORD = "een goed wachtwoord"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_servers_on_one_store_share_consultations_sessions_and_the_login_throttle(
        kind: str, tmp_path: Path) -> None:
    # dated now, so that the servers' own clock lies within every deadline of the procedure
    steps = reenact(sample_report((("Groot", 2), ("Klein", 1))), "so-1", dt.datetime.now(dt.UTC))
    with database(kind, tmp_path) as url:
        store = migrated_store(url)
        try:
            tokens = [token_for(store, step.actor) for step in steps]
            store.users.create_user("anna", PASSWORD)
        finally:
            store.close()
        one, first = serve_process(url)
        two, second = serve_process(url)
        try:
            servers = (first, second)
            for i, (step, token) in enumerate(zip(steps, tokens, strict=True)):
                path = ("/api/consultations" if isinstance(step.command, c.CreateConsultation)
                        else f"/api/consultations/so-1/{step.command.action.replace('_', '-')}")
                answer = httpx.post(servers[i % 2] + path, json=to_plain(step.command), timeout=30,
                                    headers={"Authorization": f"Bearer {token}"} if token else {})
                assert answer.status_code in (200, 201), (i, step.command.action, answer.text)
            for base in servers:
                shown = httpx.get(f"{base}/api/consultations/so-1", timeout=30,
                                  headers={"Authorization": f"Bearer {tokens[-1]}"})
                assert shown.status_code == 200 and shown.json()["state"] == "published", shown.text

            # a session begun on the first server is the same session on the second, and ends there
            with httpx.Client(timeout=30) as browser:
                logged_in = browser.post(f"{first}/api/login", json={"username": "anna", "password": PASSWORD})
                assert logged_in.status_code == 200, logged_in.text
                assert browser.get(f"{second}/api/me").json()["username"] == "anna"
                csrf = {"X-CSRF-Token": logged_in.json()["csrf_token"]}
                assert browser.post(f"{second}/api/logout", headers=csrf).status_code == 204
                session = logged_in.cookies["overleg_session"]
                ended = httpx.get(f"{first}/api/me", cookies={"overleg_session": session}, timeout=30)
                assert ended.json()["username"] is None

            # five wrong passwords, alternately on each server, throttle the account on both
            for i in range(5):
                wrong = httpx.post(f"{servers[i % 2]}/api/login", json={"username": "anna", "password": "fout"},
                                   timeout=30)
                assert wrong.status_code in (401, 403), wrong.text
            for base in servers:
                refused = httpx.post(f"{base}/api/login", json={"username": "anna", "password": PASSWORD},
                                     timeout=30)
                assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0, refused.text
        finally:
            stop(one)
            stop(two)
