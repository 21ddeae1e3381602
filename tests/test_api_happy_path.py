"""The REST API end to end in-process: sessions and CSRF, stale edits, illegal transitions, the
audit log, documents in every format, public reads (the seed's replay: tests/test_api_live.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import bearer, client_for, migrated_store, token_for
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import cast_for, reenact
from overleg.procedure.sample import sample_report
from overleg.store import Store

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DOC = sample_report((("Groot", 3), ("Klein", 2)))
STEPS = reenact(DOC, "so-1", START)
CAST = cast_for(DOC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = migrated_store(f"sqlite:///{tmp_path / 'api.db'}")
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store, clock=lambda: START + dt.timedelta(hours=1)) as found:
        yield found


def post_step(client: TestClient, store: Store, k: int) -> dict[str, object]:
    step = STEPS[k]
    path = ("/api/consultations" if isinstance(step.command, c.CreateConsultation)
            else f"/api/consultations/so-1/{step.command.action.replace('_', '-')}")
    response = client.post(path, json=to_plain(step.command), headers=bearer(token_for(store, step.actor)))
    assert response.status_code in (200, 201), response.text
    found: dict[str, object] = response.json()
    return found


def run_until(client: TestClient, store: Store, action: str) -> None:
    """Post the steps before the first ``action``."""
    for k, step in enumerate(STEPS):
        if step.command.action == action:
            return
        post_step(client, store, k)


def test_the_public_sees_nothing_before_publication_and_the_report_after(client: TestClient, store: Store) -> None:
    run_until(client, store, "publish")
    assert client.get("/api/consultations/so-1").status_code == 404
    assert client.get("/api/consultations").json() == []
    post_step(client, store, len(STEPS) - 1)
    seen = client.get("/api/consultations/so-1").json()
    assert seen["state"] == "published"
    assert len(seen["consultation"]["answers"]) > 0
    doc = client.get("/api/documents/kst-21501-02-9001")
    assert doc.status_code == 200, doc.text
    assert len(doc.json()["items"]) == 5
    assert "immutable" in client.get("/api/documents/kst-21501-02-9001?version=1").headers["cache-control"]
    etag = doc.headers["etag"]
    assert client.get("/api/documents/kst-21501-02-9001", headers={"If-None-Match": etag}).status_code == 304
    for fmt, media in (("html", "text/html"), ("csv", "text/csv"), ("akn", "application/akn+xml")):
        rendered = client.get(f"/api/documents/kst-21501-02-9001.{fmt}")
        assert rendered.status_code == 200 and rendered.headers["content-type"].startswith(media)
    assert client.get("/api/documents/kst-21501-02-9001.rtf").json()["code"] == "unsupported-format"


def test_a_group_does_not_see_another_groups_draft_until_intake_closes(client: TestClient, store: Store) -> None:
    run_until(client, store, "close_intake")
    klein = bearer(token_for(store, CAST.members["Klein"]))
    seen = client.get("/api/consultations/so-1", headers=klein).json()["consultation"]
    assert [x["group"] for x in seen["contributions"]] == ["Klein"]
    clerk = client.get("/api/consultations/so-1", headers=bearer(token_for(store, CAST.clerk))).json()
    assert {x["group"] for x in clerk["consultation"]["contributions"]} == {"Groot", "Klein"}
    assert client.get("/api/consultations/so-1", headers=bearer(token_for(store, CAST.official))).status_code == 404
    post_step(client, store, next(k for k, s in enumerate(STEPS) if s.command.action == "close_intake"))
    seen = client.get("/api/consultations/so-1", headers=klein).json()["consultation"]
    assert {x["group"] for x in seen["contributions"]} == {"Groot", "Klein"}


def test_the_inbreng_document_is_there_once_sent_in_every_format(client: TestClient, store: Store) -> None:
    run_until(client, store, "answer")
    official = bearer(token_for(store, CAST.official))
    doc = client.get("/api/consultations/so-1/document", headers=official)
    assert doc.status_code == 200, doc.text
    assert doc.json()["type"] == "inbreng-schriftelijk-overleg"
    assert client.get("/api/consultations/so-1/document.html", headers=official).status_code == 200


def test_an_illegal_transition_is_a_clear_409_and_changes_nothing(client: TestClient, store: Store) -> None:
    run_until(client, store, "open_intake")
    clerk = bearer(token_for(store, CAST.clerk))
    before = store.events.current_seq("so-1")
    refused = client.post("/api/consultations/so-1/send", json={"sent_on": "2026-03-03"}, headers=clerk)
    assert refused.status_code == 409
    assert refused.json()["code"] == "illegal-transition"
    assert refused.json()["state"] == "draft" and "‘concept’" in refused.json()["message"]
    assert store.events.current_seq("so-1") == before


def test_editing_an_established_report_is_refused(client: TestClient, store: Store) -> None:
    run_until(client, store, "publish")
    member = bearer(token_for(store, CAST.members["Groot"]))
    body = {"expected_version": 1, "group": "Groot", "passages": [{"text": "Nog een vraag?"}]}
    refused = client.post("/api/consultations/so-1/submit-contribution", json=body, headers=member)
    assert refused.status_code == 409 and refused.json()["code"] == "illegal-transition"
    official = bearer(token_for(store, CAST.official))
    refused = client.post("/api/consultations/so-1/answer", json={"expected_version": 1, "numbers": [1],
                                                                  "text": "Anders."}, headers=official)
    assert refused.status_code == 409


def test_a_stale_edit_gets_409_with_the_current_version(client: TestClient, store: Store) -> None:
    run_until(client, store, "submit_contribution")
    member = bearer(token_for(store, CAST.members["Groot"]))
    body = {"expected_version": 0, "group": "Groot", "passages": [{"text": "Eerste vraag?"}]}
    assert client.post("/api/consultations/so-1/submit-contribution", json=body, headers=member).status_code == 200
    stale = client.post("/api/consultations/so-1/submit-contribution", json=body, headers=member)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale-version"
    assert stale.json()["current"] == 1 and stale.json()["expected"] == 0


def test_a_session_cookie_needs_the_csrf_token_for_unsafe_requests(client: TestClient, store: Store) -> None:
    user = store.users.create_user("griffier", "een-goed-wachtwoord")
    store.users.add_membership(user.id, "clerk", next(iter(CAST.clerk.roles)).of)
    assert client.post("/api/login", json={"username": "griffier", "password": "fout-wachtwoord"}).status_code == 403
    login = client.post("/api/login", json={"username": "griffier", "password": "een-goed-wachtwoord"})
    assert login.status_code == 200
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    csrf = login.json()["csrf_token"]
    create = to_plain(STEPS[0].command)
    refused = client.post("/api/consultations", json=create)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf-refused"
    assert client.post("/api/consultations", json=create, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert store.events.current_seq("so-1") == 0
    made = client.post("/api/consultations", json=create, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201, made.text
    assert client.get("/api/me").json()["username"] == "griffier"
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/me").json()["username"] is None


def test_the_clerk_reads_the_audit_log_and_nobody_else(client: TestClient, store: Store) -> None:
    run_until(client, store, "close_intake")
    log = client.get("/api/consultations/so-1/events", headers=bearer(token_for(store, CAST.clerk)))
    assert log.status_code == 200
    entries = log.json()
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["type"] == "consultation-created" and entries[0]["actor"] == CAST.clerk.user_id
    assert {e["actor"] for e in entries} >= {CAST.members["Groot"].user_id}
    chair = client.get("/api/consultations/so-1/events", headers=bearer(token_for(store, CAST.chair)))
    assert chair.status_code == 403
    assert client.get("/api/consultations/so-1/events").status_code == 404


def test_bad_input_is_a_json_4xx_naming_the_field(client: TestClient, store: Store) -> None:
    clerk = bearer(token_for(store, CAST.clerk))
    body = to_plain(STEPS[0].command) | {"deadline": "2026-03-09T09:00:00"}
    refused = client.post("/api/consultations", json=body, headers=clerk)
    assert refused.status_code == 422 and refused.json()["code"] == "validation-failed"
    assert "deadline" in refused.json()["field"]
    assert client.post("/api/consultations", content=b"{not json", headers=clerk).status_code == 422
    assert client.get("/api/consultations/so-1", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/nothing").json()["code"] == "not-found"


def test_setup_makes_the_first_admin_once(client: TestClient, store: Store) -> None:
    made = client.post("/api/setup", json={"username": "beheer", "password": "een-goed-wachtwoord"})
    assert made.status_code == 201
    admin = bearer(made.json()["token"])
    assert client.post("/api/setup", json={"username": "ander", "password": "een-goed-wachtwoord"}).status_code == 409
    user = client.post("/api/users", json={"username": "lid", "password": "een-goed-wachtwoord",
                                           "roles": [{"role": "member", "scope": "Groot"}]}, headers=admin)
    assert user.status_code == 201
    assert user.json()["roles"] == [{"role": "member", "scope": "Groot", "committee": None}]  # every committee
    token = client.post("/api/tokens", json={"username": "lid", "password": "een-goed-wachtwoord"})
    assert token.status_code == 201
    lid = bearer(token.json()["token"])
    assert client.post("/api/users", json={"username": "x", "password": "een-goed-wachtwoord"},
                       headers=lid).status_code == 403
    escalate = client.post("/api/users", json={"username": "x", "password": "een-goed-wachtwoord",
                                               "roles": [{"role": "admin", "scope": "*"}]}, headers=lid)
    assert escalate.status_code == 403
    assert json.loads(client.get("/api/me", headers=lid).content)["username"] == "lid"


def test_a_follow_up_round_links_to_its_predecessor(client: TestClient, store: Store) -> None:
    run_until(client, store, "publish")
    clerk = bearer(token_for(store, CAST.clerk))
    made = client.post("/api/consultations/so-1/follow-ups",
                       json={"consultation_id": "so-2", "deadline": "2026-04-01T12:00:00+02:00"}, headers=clerk)
    assert made.status_code == 201, made.text
    assert made.json()["consultation"]["follow_up_of"]["consultation_id"] == "so-1"
