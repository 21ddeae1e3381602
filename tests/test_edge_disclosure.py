"""What a caller may not see does not show through (issue 13, the Low findings): another group's
draft is not even seen to change (the version a group sees counts only what it may see), and a
consultation the caller may not see answers 404 to everything, exactly as one that does not
exist, in the REST API and the web UI, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_helpers import bearer, client_for, migrated_store, token_for
from db_support import database
from overleg.procedure import RoleKind
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.service import Service
from overleg.store import Store
from test_procedure_access import MINISTRY, ROLES, STEPS
from web_support import add_user, log_in, session_token

INTAKE = next(n for n, s in enumerate(STEPS) if s.command.action == "submit_contribution")
NOW = STEPS[INTAKE].now


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """so-1 with intake open (groups Groot and Klein) and a token per role of the matrix."""
    with database(request.param, tmp_path) as url:
        found = migrated_store(url)
        service = Service(found, lambda: NOW)
        for step in STEPS[:INTAKE]:
            service.consultations.execute(step.actor, "so-1", step.command)
        yield found
        found.close()


def tokens(store: Store) -> dict[str, dict[str, str]]:
    return {role: bearer(token_for(store, actor)) for role, actor in ROLES.items()}


def submit(client: TestClient, headers: dict[str, str], group: str, version: int, text: str) -> dict[str, Any]:
    response = client.post("/api/consultations/so-1/submit-contribution", headers=headers, json={
        "expected_version": version, "group": group, "passages": [{"text": text}]})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_a_group_does_not_see_the_version_move_when_another_group_saves_its_draft(store: Store) -> None:
    who = tokens(store)
    with client_for(store, clock=lambda: NOW) as client:
        def version(role: str) -> int:
            return int(client.get("/api/consultations/so-1", headers=who[role]).json()["version"])

        klein, groot, clerk, chair = (version(r) for r in ("member of another group", "member of the group",
                                                            "clerk", "chair"))
        for n in range(3):  # Groot saves its draft three times
            submit(client, who["member of the group"], "Groot", n, f"Vraag {n}?")
        assert version("member of another group") == klein, "Klein saw Groot's draft being saved"
        assert version("chair") == chair, "the chair saw a draft being saved before intake closed"
        assert version("member of the group") == groot + 3 and version("clerk") == clerk + 3
        listed = {c["id"]: c for c in client.get("/api/consultations", headers=who["member of another group"]).json()}
        assert listed["so-1"]["version"] == klein
        own = submit(client, who["member of another group"], "Klein", 0, "Onze vraag?")
        assert own["version"] == klein + 1  # the answer to Klein's own save says no more either
        closed = client.post("/api/consultations/so-1/close-intake", headers=who["clerk"], json={})
        assert closed.status_code == 200
        full = closed.json()["version"]
        assert version("member of another group") == version("member of the group") == version("chair") == full


def test_a_web_page_of_a_group_does_not_show_another_groups_draft_moving(store: Store) -> None:
    add_user(store, "lid-klein", RoleKind.MEMBER, "Klein")
    who = tokens(store)
    with client_for(store, clock=lambda: NOW) as client:
        log_in(client, "lid-klein")
        before = client.get("/werkruimte/so-1.json").json()
        submit(client, who["member of the group"], "Groot", 0, "Vraag?")
        after = client.get("/werkruimte/so-1.json").json()
    assert before == after


def assert_like_nothing(response: Any, missing: Any, where: str) -> None:
    """``response`` is the 404 a consultation that does not exist gets, word for word but its id."""
    assert response.status_code == missing.status_code == 404, (where, response.text)
    assert response.json() == {**missing.json(), "message": missing.json()["message"].replace("so-nergens", "so-1")}


def test_every_action_on_a_consultation_the_caller_may_not_see_is_the_404_of_one_that_does_not_exist(
        store: Store) -> None:
    who = tokens(store)
    blind = ("official of the ministry", "official of another ministry", "clerk of another committee",
             "member of an uninvited group", "public")
    plain = {action: to_plain(command) for action, command in {
        "submit-contribution": c.SubmitContribution(expected_version=0, group="Groot",
                                                    passages=(c.PassageInput(text="x"),)),
        "close-intake": c.CloseIntake(), "open-intake": c.OpenIntake(), "send": c.SendQuestions(sent_on=NOW.date()),
        "answer": c.AnswerQuestions(expected_version=0, numbers=(1,), text="x"),
        "edit-details": c.EditDetails(expected_version=1, addressees=())}.items()}
    with client_for(store, clock=lambda: NOW) as client:
        for role in blind:
            for action, body in plain.items():
                seen = client.post(f"/api/consultations/so-1/{action}", headers=who[role], json=body)
                missing = client.post(f"/api/consultations/so-nergens/{action}", headers=who[role], json=body)
                assert_like_nothing(seen, missing, f"{role} {action}")
            for tail in ("", "/events", "/document"):
                assert_like_nothing(client.get(f"/api/consultations/so-1{tail}", headers=who[role]),
                                    client.get(f"/api/consultations/so-nergens{tail}", headers=who[role]), role + tail)
        # who may see it is still told what they may not do (403), and why a step is not possible (409)
        refused = client.post("/api/consultations/so-1/close-intake", headers=who["member of the group"], json={})
        assert refused.status_code == 403
        early = client.post("/api/consultations/so-1/send", headers=who["clerk"], json={"sent_on": "2026-03-02"})
        assert early.status_code == 409


def test_the_web_ui_answers_a_step_on_a_consultation_the_user_may_not_see_as_one_that_does_not_exist(
        store: Store) -> None:
    add_user(store, "ambtenaar", RoleKind.OFFICIAL, MINISTRY)
    with client_for(store, clock=lambda: NOW) as client:
        log_in(client, "ambtenaar")
        token = session_token(client)
        for path, data in (("stap", {"action": "close_intake"}), ("antwoord", {"number": "1", "numbers": "1",
                                                                                "version": "0", "text": "x"}),
                           ("termijn", {"date": "2030-01-01", "time": "12:00"})):
            seen = client.post(f"/werkruimte/so-1/{path}", data={"csrf": token, **data})
            missing = client.post(f"/werkruimte/so-nergens/{path}", data={"csrf": token, **data})
            assert seen.status_code == missing.status_code == 404, (path, seen.text[-300:])
            # alike but for each request's own Meldingsnummer (a fresh random id, telling nothing)
            assert _without_request_id(seen.text.replace("so-1", "so-nergens")) == _without_request_id(missing.text), \
                path
        for path in ("/werkruimte/so-1", "/werkruimte/so-1/voorbeeld"):
            assert client.get(path).status_code == 404


def test_the_service_says_not_found_whatever_the_command_when_the_actor_may_not_see_it(store: Store) -> None:
    from overleg.errors import NotFound

    service = Service(store, lambda: NOW + dt.timedelta(days=400))  # past every deadline: 409 if it could tell
    for command in (c.SubmitContribution(expected_version=0, group="Groot"), c.CloseIntake(),
                    c.EstablishReport(dossier="1", document_number="2", established_on=NOW.date())):
        with pytest.raises(NotFound):
            service.consultations.execute(ROLES["official of the ministry"], "so-1", command)


def _without_request_id(page: str) -> str:
    import re

    return re.sub(r"Meldingsnummer: <code>[0-9a-f]+</code>", "Meldingsnummer: <code>...</code>", page)
