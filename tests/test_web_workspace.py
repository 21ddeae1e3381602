"""The procedure workspace in-process: the public is refused, a group sees its own draft only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from overleg.procedure import commands as c
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.service import Service
from overleg.store import Role, Store
from web_support import PASSWORD

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DOC = sample_report((("Groot", 2), ("Klein", 1)))
STEPS = reenact(DOC, "so-1", START)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = migrated_store(f"sqlite:///{tmp_path / 'web.db'}")
    service = Service(opened, lambda: START + dt.timedelta(hours=1))
    for step in STEPS:  # up to the first group's contribution: intake still open
        if step.command.action == "submit_contribution" and step.actor.user_id == "member-klein":
            break
        if isinstance(step.command, c.CreateConsultation):
            service.consultations.create(step.actor, step.command)
        else:
            service.consultations.execute(step.actor, "so-1", step.command)
    for username, role, scope in (("member-groot", Role.MEMBER, "Groot"), ("member-klein", Role.MEMBER, "Klein")):
        user = opened.users.create_user(username, PASSWORD)
        opened.users.add_membership(user.id, role, scope)
    yield opened
    opened.close()


def _login(client: TestClient, username: str) -> None:
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token.group(1)},
                       follow_redirects=False)
    assert done.status_code == 303


def test_the_public_is_refused_the_workspace_and_is_not_shown_the_link(store: Store) -> None:
    with client_for(store) as client:
        assert client.get("/werkruimte").status_code == 401
        assert client.get("/werkruimte.json").status_code == 401
        assert client.get("/werkruimte/so-1").status_code == 401
        assert 'href="/werkruimte"' not in client.get("/").text


def test_a_group_sees_its_own_draft_and_another_group_does_not(store: Store) -> None:
    groot_text = next(p.text for p in STEPS[3].command.passages)  # type: ignore[attr-defined]
    with client_for(store) as client:
        _login(client, "member-groot")
        assert 'href="/werkruimte"' in client.get("/").text
        listed = client.get("/werkruimte.json").json()["consultations"]
        assert [x["id"] for x in listed] == ["so-1"]
        own = client.get("/werkruimte/so-1.json").json()
        assert any(p["text"] == groot_text for k in own["contributions"] for p in k["passages"])
    with client_for(store) as client:
        _login(client, "member-klein")
        theirs = client.get("/werkruimte/so-1.json").json()
        assert not any(k["group"] == "Groot" for k in theirs["contributions"])
        assert groot_text not in client.get("/werkruimte/so-1").text
        assert "submit_contribution" in theirs["actions"]


def test_an_unknown_consultation_is_a_404_for_a_member(store: Store) -> None:
    with client_for(store) as client:
        _login(client, "member-groot")
        assert client.get("/werkruimte/so-404").status_code == 404
