"""20 clients edit and submit at once through a live server on PostgreSQL for a bounded time;
afterwards every acknowledged write is in the log and no update was lost."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator

import httpx
import pytest

from api_helpers import postgres_database, start_server, stop
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.states import Addressee, Group, Person
from overleg.store import open_store, upgrade
from register_support import add_test_entries

CLIENTS = 20
GROUPS = [f"Fractie {k}" for k in range(10)]  # two clients per group: real conflicts happen
SECONDS = 4.0  # every client submits for this long, and on a slow machine until it had one write land
HARD_STOP = 40.0
COMMITTEE = "vaste commissie voor Testzaken"


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from postgres_database()


def test_twenty_clients_editing_at_once_lose_no_acknowledged_write(pg_url: str) -> None:
    upgrade(pg_url)
    with open_store(pg_url) as store:
        add_test_entries(store)  # the invented groups "Fractie 0", ... and "minister van Testzaken"
    server, base = start_server(pg_url)
    try:
        acks = hammer(base)
    finally:
        stop(server)
    assert all(acks[g] for g in GROUPS), "a group had no write land in time"
    with open_store(pg_url) as store:
        assert store.integrity_check().ok
        events = store.events.read("conc-1")
        snapshot = store.events.snapshot("conc-1")
    assert snapshot is not None
    saved: dict[str, list[dict[str, object]]] = defaultdict(list)
    for event in events:
        if event.type == "contribution-saved":
            payload = json.loads(event.payload_json)
            saved[payload["group"]].append(payload)
    final = {x["group"]: x for x in json.loads(snapshot.snapshot_json)["consultation"]["contributions"]}
    for group in GROUPS:
        versions = sorted(v for v, _ in acks[group])
        assert len(versions) == len(set(versions)), f"{group}: two writes acknowledged with one version"
        assert len(saved[group]) == len(versions), f"{group}: acknowledged {len(versions)}, logged {len(saved[group])}"
        if versions:
            last_text = max(acks[group])[1]
            assert final[group]["version"] == versions[-1] == len(versions)
            assert [p["text"] for p in final[group]["passages"]] == [last_text]


def hammer(base: str) -> dict[str, list[tuple[int, str]]]:
    """Set up over HTTP, then let the clients submit for SECONDS; the acknowledged (version, text) per group."""
    with httpx.Client(base_url=base, timeout=30) as http:
        admin = http.post("/api/setup", json={"username": "beheer", "password": "een-goed-wachtwoord"}).json()["token"]

        def user(name: str, role: str, scope: str) -> str:
            made = http.post("/api/users", json={"username": name, "roles": [{"role": role, "scope": scope}],
                                                 "issue_token": True}, headers={"Authorization": f"Bearer {admin}"})
            assert made.status_code == 201, made.text
            return made.headers["X-Overleg-Token"]

        clerk = user("griffier", "clerk", COMMITTEE)
        members = [user(f"lid-{k}", "member", GROUPS[k % len(GROUPS)]) for k in range(CLIENTS)]
        create = c.CreateConsultation(
            consultation_id="conc-1", committee=COMMITTEE, chair=Person("voorzitter"), clerk=Person("griffier"),
            addressees=(Addressee("minister van Testzaken", "minister van Testzaken"),),
            deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=1), groups=tuple(Group(g, 10) for g in GROUPS))
        auth = {"Authorization": f"Bearer {clerk}"}
        assert http.post("/api/consultations", json=to_plain(create), headers=auth).status_code == 201
        assert http.post("/api/consultations/conc-1/open-intake", json={}, headers=auth).status_code == 200

    acks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    lock = threading.Lock()
    errors: list[str] = []
    stop_at = time.monotonic() + SECONDS
    hard_stop = stop_at + HARD_STOP
    start = threading.Barrier(CLIENTS)

    def client(k: int) -> None:
        group = GROUPS[k % len(GROUPS)]
        headers = {"Authorization": f"Bearer {members[k]}"}
        seen = 0
        n = 0
        landed = 0
        with httpx.Client(base_url=base, timeout=30) as http:
            start.wait()
            while time.monotonic() < (stop_at if landed else hard_stop):
                n += 1
                text = f"Vraag {n} van client {k}?"
                body = {"expected_version": seen, "group": group, "passages": [{"text": text}]}
                response = http.post("/api/consultations/conc-1/submit-contribution", json=body, headers=headers)
                if response.status_code == 200:
                    mine = next(x for x in response.json()["consultation"]["contributions"] if x["group"] == group)
                    seen = mine["version"]
                    landed += 1
                    with lock:
                        acks[group].append((seen, text))
                elif response.status_code == 409 and response.json()["code"] == "stale-version":
                    seen = response.json()["current"]  # someone of the same group saved first: edit on theirs
                else:
                    errors.append(f"{response.status_code} {response.text[:200]}")
                    return

    def guarded(k: int) -> None:
        try:
            client(k)
        except Exception as err:  # a client that dies must fail the test, not vanish
            errors.append(repr(err))

    threads = [threading.Thread(target=guarded, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:3]
    return acks
