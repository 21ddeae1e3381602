"""The authorisation matrix over HTTP: every role times every action, as the procedure's table
says (the expected matrix of tests/test_procedure_access.py), each refused one a 403 that
changes nothing; plus who reads what over GET."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_helpers import bearer, client_for, migrated_store, token_for
from overleg.procedure import commands as c
from overleg.procedure.apply import apply
from overleg.procedure.codec import encode, snapshot_to_json, to_plain
from overleg.procedure.decide import decide
from overleg.procedure.events import Event
from overleg.procedure.states import Consultation, State
from overleg.store import Store, StoredEvent, open_store
from overleg.store.users import fast_hasher
from test_procedure_access import (
    CASES,
    EXPECTED,
    NOW,
    READS,
    ROLES,
    STATES,
    STEPS,
    groot_draft,
    groot_draft_event,
    state_after,
)

ID = "so-1"


def log_to(state: Consultation | None) -> tuple[Event, ...]:
    """The events of the shortest prefix of STEPS that reaches ``state`` (or that prefix and
    Groot's draft, for the case of handing in)."""
    if state is not None and state == groot_draft():
        return (*log_to(state_after("open_intake")), groot_draft_event())
    current: Consultation | None = None
    events: list[Event] = []
    for step in STEPS:
        if current == state:
            break
        for event in decide(current, step.actor, step.command, step.now):
            current = apply(current, event)
            events.append(event)
    assert current == state or state is None
    return tuple(events) if state is not None else ()


def seed(store: Store, events: tuple[Event, ...]) -> None:
    """Put the consultation in the store as the events leave it, in one append."""
    if not events:
        return
    state: Consultation | None = None
    for event in events:
        state = apply(state, event)
    assert state is not None
    stored = [StoredEvent(s.type, s.payload_json, s.actor_id, s.at) for s in map(encode, events)]
    established = state.established
    store.events.append(ID, 0, stored, snapshot_to_json(state), state.state.value, alongside=None if not established
                        else lambda conn: store.documents.reserve(conn, str(established.document_id),
                                                                  state.committee, ID))  # as the service does


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    """A migrated store file with a user and token per role (migrating once, copying after)."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    store = migrated_store(f"sqlite:///{path}")
    tokens = {role: token_for(store, actor) for role, actor in ROLES.items()}
    store.close()
    return path, tokens


def seeded(base: tuple[Path, dict[str, str | None]], directory: Path, state: Consultation | None) -> Path:
    path = directory / "template.db"
    shutil.copy(base[0], path)
    store = open_store(f"sqlite:///{path}")
    seed(store, log_to(state))
    store.close()
    return path


@pytest.fixture(scope="module")
def templates(base: tuple[Path, dict[str, str | None]], tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, tuple[Path, dict[str, str | None]]]:
    """Per action: a store file in the state the action's case needs, with a token per role."""
    found = {}
    for action, (state, _) in CASES.items():
        predecessor = CASES["correct"][0] if action == "start_follow_up" else state
        found[action] = (seeded(base, tmp_path_factory.mktemp(action), predecessor), base[1])
    return found


def request_for(action: str, state: Consultation | None) -> tuple[str, dict[str, object]]:
    command = CASES[action][1](state)
    if isinstance(command, c.CreateConsultation):
        return "/api/consultations", to_plain(command)
    if isinstance(command, c.StartFollowUp):
        return f"/api/consultations/{ID}/follow-ups", {"consultation_id": command.consultation_id,
                                                      "deadline": command.deadline.isoformat()}
    return f"/api/consultations/{ID}/{action.replace('_', '-')}", to_plain(command)


def copy_of(template: Path, tmp_path: Path, name: str) -> Store:
    path = tmp_path / f"{name}.db"
    shutil.copy(template, path)
    return open_store(f"sqlite:///{path}", hasher=fast_hasher())


@pytest.fixture
def tmp(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_role_is_allowed_or_refused_every_action_over_http(
        action: str, templates: dict[str, tuple[Path, dict[str, str | None]]], tmp: Path) -> None:
    template, tokens = templates[action]
    path, body = request_for(action, CASES[action][0])
    refused = sorted(set(ROLES) - EXPECTED[action])
    store = copy_of(template, tmp, "refused")
    before = (store.events.count(), store.events.current_seq(ID))
    seen = CASES["correct"][0] if action == "start_follow_up" else CASES[action][0]
    with client_for(store, clock=lambda: NOW) as client:
        for role in refused:
            response = client.post(path, json=body, headers=bearer(tokens[role]))
            # 403 only for a role that may see the consultation (the predecessor of a follow-up);
            # for the others it is 404, as if it did not exist (existence does not leak)
            sees = seen is not None and seen.state.at_least(READS["consultation"].get(role, State.PUBLISHED)) \
                and role in READS["consultation"]
            expected = 403 if action == "create" or sees else 404
            assert response.status_code == expected, f"{role} {action}: {response.status_code} {response.text}"
            assert response.json()["code"] == ("forbidden" if expected == 403 else "not-found")
    assert (store.events.count(), store.events.current_seq(ID)) == before
    store.close()
    for role in sorted(EXPECTED[action]):
        store = copy_of(template, tmp, role.replace(" ", "-"))
        with client_for(store, clock=lambda: NOW) as client:
            response = client.post(path, json=body, headers=bearer(tokens[role]))
        assert response.status_code in (200, 201), f"{role} {action}: {response.status_code} {response.text}"
        assert store.events.count() > before[0]
        store.close()


PARTS = ("consultation", "contribution", "answers", "log")


@pytest.fixture(scope="module")
def state_stores(base: tuple[Path, dict[str, str | None]], tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[dict[State, tuple[Store, dict[str, str | None]]]]:
    found = {}
    for state, consultation in STATES.items():
        path = seeded(base, tmp_path_factory.mktemp(state.value), consultation)
        found[state] = (open_store(f"sqlite:///{path}", hasher=fast_hasher()), base[1])
    yield found
    for store, _ in found.values():
        store.close()


@pytest.mark.parametrize("state", list(STATES), ids=lambda s: s.value)
def test_every_role_reads_what_the_read_table_allows_over_http(
        state: State, state_stores: dict[State, tuple[Store, dict[str, str | None]]]) -> None:
    store, tokens = state_stores[state]
    with client_for(store, clock=lambda: NOW) as client:
        for role in ROLES:
            headers = bearer(tokens[role])
            seen = client.get(f"/api/consultations/{ID}", headers=headers)
            may_see = role in READS["consultation"] and state.at_least(READS["consultation"][role])
            assert seen.status_code == (200 if may_see else 404), f"{role} in {state}: {seen.text}"
            log = client.get(f"/api/consultations/{ID}/events", headers=headers)
            may_log = role in READS["log"] and state.at_least(READS["log"][role])
            assert log.status_code == (200 if may_log else 403 if may_see else 404), f"{role} log in {state}"
            if not may_see:
                continue
            body = seen.json()["consultation"]
            sees_answers = state.at_least(READS["answers"].get(role, State.PUBLISHED))
            if STATES[state].answers:
                assert bool(body["answers"]) == sees_answers, f"{role} answers in {state}"
            groups = {x["group"] for x in body["contributions"]}
            if "Klein" in {x.group for x in STATES[state].contributions}:
                sees_klein = state.at_least(READS["contribution"].get(role, State.PUBLISHED)) and (
                    role not in ("member of the group", "staff of the group")
                    or state.at_least(State.INTAKE_CLOSED))
                assert ("Klein" in groups) == sees_klein, f"{role} sees Klein's contribution in {state}"
