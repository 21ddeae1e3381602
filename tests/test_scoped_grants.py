"""Grants crossing committees: who may grant which role where, and how far a granted role reaches.

Committee A (Financiën) and committee B (Buitenlandse Zaken, where the procedure's sample
consultation lives, with the group Groot invited and the ministry addressed). The people: an
administrator; the clerk of A and every role a clerk of A grants (chair of A, member and staff of
Groot, official of the ministry: each holding in A only); the clerk of B; the public. Each tries
every account action, and reads and acts in consultations of B. The expected outcome is written
out here, from the issue's rules (a clerk grants only within its own committee; a role a clerk
grants counts in that committee's consultations and nowhere else; only an administrator manages
other users' tokens and accounts), independently of ``Accounts.may_grant`` and the procedure's
tables. Over HTTP, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from account_support import KINDS, PASSWORD, Clock, admin_token, client, service_for
from api_helpers import bearer, store_of
from overleg.procedure import Actor, RoleKind, apply
from overleg.procedure import commands as c
from overleg.procedure.access import Standing, standing_in
from overleg.procedure.actors import Role
from overleg.procedure.codec import encode, snapshot_to_json, to_plain
from overleg.procedure.events import ConsultationCreated
from overleg.procedure.states import Consultation
from overleg.store import Store, StoredEvent
from test_api_access import log_to
from test_procedure_access import CASES, COMMITTEE, MINISTRY, NOW, STEPS

A = "vaste commissie voor Financiën"
B = COMMITTEE
GROUP = "Groot"

# The people of the matrix, and what each is (granted by whom).
PEOPLE = ("admin", "clerk of A", "chair of A", "member in A", "staff in A", "official in A", "clerk of B", "public")
MADE_BY_CLERK_A = {"chair of A": ("chair", A), "member in A": ("member", GROUP), "staff in A": ("staff", GROUP),
                   "official in A": ("official", MINISTRY)}
# Controls, who must reach B's consultations: the same roles granted by B's clerk, or by an admin for every committee.
CONTROLS = {"member in B": ("clerk of B", "member", GROUP), "official in B": ("clerk of B", "official", MINISTRY),
            "member everywhere": ("admin", "member", GROUP)}

KINDS_OF_ROLE = ("clerk", "chair", "member", "staff", "official", "admin")


def grant(kind: str, committee: str) -> dict[str, str]:
    """A role of ``kind`` that holds in ``committee`` (the body of one role of POST /api/users)."""
    if kind in ("clerk", "chair"):
        return {"role": kind, "scope": committee}
    if kind == "admin":
        return {"role": "admin", "scope": "*"}
    return {"role": kind, "scope": MINISTRY if kind == "official" else GROUP, "committee": committee}


# Who may create a user with a role of each kind holding in each committee.
MAY_CREATE: dict[tuple[str, str], frozenset[str]] = {
    (kind, where): frozenset({"admin"} | ({"clerk of A"} if where == "A" and kind != "admin" else set())
                             | ({"clerk of B"} if where == "B" and kind != "admin" else set()))
    for kind in KINDS_OF_ROLE for where in ("A", "B")
}
# Only an administrator issues tokens for, deactivates and revokes the tokens of another user.
MAY_MANAGE_OTHERS = frozenset({"admin"})
# Who reads B's consultation during intake (groups invited) and once sent (ministry addressed),
# and who may submit Groot's contribution there and answer there.
READS_B_IN_INTAKE = frozenset({"clerk of B", "member in B", "member everywhere"})
READS_B_WHEN_SENT = frozenset({"clerk of B", "member in B", "member everywhere", "official in B"})
SUBMITS_IN_B = frozenset({"member in B", "member everywhere"})
ANSWERS_IN_B = frozenset({"official in B"})


# -- the procedure: a role's committee decides where it counts (pure) ---------------------------

def test_a_role_held_within_one_committee_gives_no_standing_in_another_committees_consultation() -> None:
    state = CASES["answer"][0]
    assert state is not None and state.committee == B
    for kind, of in ((RoleKind.MEMBER, GROUP), (RoleKind.STAFF, GROUP), (RoleKind.OFFICIAL, MINISTRY),
                     (RoleKind.CLERK, B), (RoleKind.CHAIR, B)):
        assert standing_in(Actor("x", frozenset({Role(kind, of, A)})), state) == {Standing.PUBLIC}, kind
        assert standing_in(Actor("x", frozenset({Role(kind, of, B)})), state) != {Standing.PUBLIC}, kind
        assert standing_in(Actor("x", frozenset({Role(kind, of)})), state) == standing_in(
            Actor("x", frozenset({Role(kind, of, B)})), state), kind


def test_a_role_in_two_committees_counts_in_each_of_them() -> None:
    state = CASES["answer"][0]
    assert state is not None
    twice = Actor("x", frozenset({Role(RoleKind.MEMBER, GROUP, A), Role(RoleKind.MEMBER, GROUP, B)}))
    assert Standing.GROUP in standing_in(twice, state)
    assert twice.groups(within=A) == twice.groups(within=B) == {GROUP} and twice.groups(within="C") == set()


# -- the matrix over HTTP -----------------------------------------------------------------------

@dataclass
class World:
    store: Store
    http: TestClient
    tokens: dict[str, str | None]
    made: int = 0

    def unique(self, stem: str) -> str:
        self.made += 1
        return f"{stem}-{self.made}"


def seed(store: Store, consultation_id: str, state: Consultation | None) -> None:
    """Put a consultation of committee B in ``state`` into the store, under ``consultation_id``."""
    current: Consultation | None = None
    events = [replace(e, consultation_id=consultation_id) if isinstance(e, ConsultationCreated) else e
              for e in log_to(state)]
    for event in events:
        current = apply(current, event)
    assert current is not None and current.committee == B
    stored = [StoredEvent(s.type, s.payload_json, s.actor_id, s.at) for s in map(encode, events)]
    store.events.append(consultation_id, 0, stored, snapshot_to_json(current), current.state.value)


@pytest.fixture(scope="module", params=KINDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Every person of the matrix with a token, each made over HTTP by whoever grants the role,
    and B's consultation seeded in intake (``so-open``) and answering (``so-sent``)."""
    with store_of(request.param, tmp_path_factory.mktemp("grants")) as store:
        service = service_for(store, Clock(NOW), login_attempts_per_address=10_000)
        with client(service) as http:
            tokens: dict[str, str | None] = {"admin": admin_token(store), "public": None}

            def create(by: str, username: str, role: dict[str, str], issue: bool) -> str:
                body = {"username": username, "roles": [role], "issue_token": issue} | (
                    {} if issue else {"password": PASSWORD})
                made = http.post("/api/users", json=body, headers=bearer(tokens[by]))
                assert made.status_code == 201, made.text
                if issue:
                    return str(made.headers["X-Overleg-Token"])
                token = http.post("/api/tokens", json={"username": username, "password": PASSWORD})
                assert token.status_code == 201, token.text
                return str(token.json()["token"])

            tokens["clerk of A"] = create("admin", "griffier-a", grant("clerk", A), True)
            tokens["clerk of B"] = create("admin", "griffier-b", grant("clerk", B), True)
            for person, (kind, scope) in MADE_BY_CLERK_A.items():
                # the clerk of A names no committee: the grant holds in A, the clerk's own
                tokens[person] = create("clerk of A", person.replace(" ", "-"), {"role": kind, "scope": scope}, False)
            for person, (by, kind, scope) in CONTROLS.items():
                tokens[person] = create(by, person.replace(" ", "-"), {"role": kind, "scope": scope}, by == "admin")
            seed(store, "so-open", CASES["submit_contribution"][0])
            seed(store, "so-sent", CASES["answer"][0])
            yield World(store, http, tokens)


def allowed(world: World, people: tuple[str, ...], attempt: Callable[[str], Response]) -> frozenset[str]:
    """Who of ``people`` succeeded (2xx) at ``attempt(person) -> response``; every other answer
    must be a refusal: 401 (login needed, only the public), 403, or 404 (nothing to see)."""
    done = set()
    for person in people:
        response = attempt(person)
        if response.status_code < 300:
            done.add(person)
        else:
            expected = {401, 403, 404} if person == "public" else {403, 404}
            assert response.status_code in expected, f"{person}: {response.status_code} {response.text}"
    return frozenset(done)


def test_the_matrix_knows_every_kind_of_role() -> None:
    assert set(KINDS_OF_ROLE) == {r.value for r in RoleKind}


@pytest.mark.parametrize("where", ["A", "B"])
@pytest.mark.parametrize("kind", KINDS_OF_ROLE)
def test_a_user_with_a_role_is_created_only_by_an_admin_or_a_clerk_of_the_committee_it_holds_in(
        world: World, kind: str, where: str) -> None:
    committee = A if where == "A" else B
    names: dict[str, str] = {}

    def attempt(person: str) -> Response:
        names[person] = world.unique(f"new-{kind}-{where}")
        response: Response = world.http.post(
            "/api/users", json={"username": names[person], "password": PASSWORD, "roles": [grant(kind, committee)]},
            headers=bearer(world.tokens[person]))
        return response

    assert allowed(world, PEOPLE, attempt) == MAY_CREATE[(kind, where)]
    for person, username in names.items():  # a refused request made no user
        assert (world.store.users.by_username(username) is not None) == (person in MAY_CREATE[(kind, where)])


def test_a_clerks_grant_without_a_committee_holds_in_the_clerks_committee_and_an_admins_in_every_one(
        world: World) -> None:
    for by, expected in (("clerk of A", A), ("clerk of B", B), ("admin", None)):
        made = world.http.post("/api/users", json={"username": world.unique("lid"), "password": PASSWORD,
                                                   "roles": [{"role": "member", "scope": "D66"}]},
                               headers=bearer(world.tokens[by]))
        assert made.status_code == 201, made.text
        assert made.json()["roles"] == [{"role": "member", "scope": "D66", "committee": expected}]


def test_a_clerk_of_several_committees_must_name_the_committee_of_a_grant(world: World) -> None:
    clerk = world.store.users.create_user(world.unique("griffier-ab"), None)
    world.store.users.add_membership(clerk.id, RoleKind.CLERK, A, A)
    world.store.users.add_membership(clerk.id, RoleKind.CLERK, B, B)
    token = bearer(world.store.users.create_api_token(clerk.id))
    role = {"role": "staff", "scope": GROUP}
    unnamed = world.http.post("/api/users", json={"username": world.unique("staf"), "password": PASSWORD,
                                                  "roles": [role]}, headers=token)
    assert unnamed.status_code == 422 and unnamed.json()["field"] == "roles.committee"
    for committee in (A, B):
        named = world.http.post("/api/users", json={"username": world.unique("staf"), "password": PASSWORD,
                                                    "roles": [role | {"committee": committee}]}, headers=token)
        assert named.status_code == 201 and named.json()["roles"][0]["committee"] == committee
    elsewhere = world.http.post("/api/users", json={"username": world.unique("staf"), "password": PASSWORD,
                                                    "roles": [role | {"committee": "vaste commissie voor Defensie"}]},
                                headers=token)
    assert elsewhere.status_code == 403


def test_a_committee_role_holds_in_its_own_committee_and_the_admin_scope_is_the_admins_alone(world: World) -> None:
    admin = bearer(world.tokens["admin"])
    for role in ({"role": "chair", "scope": A, "committee": B}, {"role": "admin", "scope": "*", "committee": A},
                 {"role": "member", "scope": "*"}, {"role": "member", "scope": GROUP, "committee": "*"}):
        refused = world.http.post("/api/users", json={"username": world.unique("x"), "password": PASSWORD,
                                                      "roles": [role]}, headers=admin)
        assert refused.status_code == 422, (role, refused.text)


@pytest.mark.parametrize("action", ["issue a token", "revoke the tokens", "deactivate"])
def test_only_an_administrator_manages_another_users_tokens_and_account(world: World, action: str) -> None:
    targets: dict[str, str] = {}

    def attempt(person: str) -> Response:
        target = targets[person] = world.unique("doel")
        user = world.store.users.create_user(target, PASSWORD)
        world.store.users.add_membership(user.id, RoleKind.MEMBER, GROUP, A)  # someone of A's own
        world.store.users.create_api_token(user.id)
        path = {"issue a token": "tokens", "revoke the tokens": "revoke-tokens", "deactivate": "deactivate"}[action]
        response: Response = world.http.post(f"/api/users/{target}/{path}",
                                             json={} if action == "issue a token" else None,
                                             headers=bearer(world.tokens[person]))
        return response

    assert allowed(world, PEOPLE, attempt) == MAY_MANAGE_OTHERS
    for person, target in targets.items():  # a refused request changed nothing
        user = world.store.users.by_username(target)
        assert user is not None
        live = [t for t in world.store.users.tokens(user.id) if not t.revoked]
        changed = {"issue a token": len(live) == 2, "revoke the tokens": not live, "deactivate": user.disabled}
        assert changed[action] == (person in MAY_MANAGE_OTHERS), (person, action)


def test_roles_granted_within_committee_a_read_no_consultation_of_committee_b(world: World) -> None:
    everyone = PEOPLE + tuple(CONTROLS)
    for consultation_id, readers in (("so-open", READS_B_IN_INTAKE), ("so-sent", READS_B_WHEN_SENT)):
        def read(person: str, cid: str = consultation_id) -> Response:
            response: Response = world.http.get(f"/api/consultations/{cid}", headers=bearer(world.tokens[person]))
            return response

        found = allowed(world, everyone, read)
        assert found == readers, consultation_id
        listed = {p for p in everyone
                  if consultation_id in {x["id"] for x in world.http.get(
                      "/api/consultations", headers=bearer(world.tokens[p])).json()}}
        assert listed == readers, consultation_id


def test_roles_granted_within_committee_a_act_in_no_consultation_of_committee_b(world: World) -> None:
    everyone = PEOPLE + tuple(CONTROLS)
    version = {"n": 0}

    def submit(person: str) -> Response:
        body = to_plain(c.SubmitContribution(expected_version=version["n"], group=GROUP,
                                             passages=(c.PassageInput(text=f"Een vraag van {person}."),)))
        response: Response = world.http.post("/api/consultations/so-open/submit-contribution", json=body,
                                             headers=bearer(world.tokens[person]))
        version["n"] += response.status_code == 200
        return response

    assert allowed(world, everyone, submit) == SUBMITS_IN_B

    def answer(person: str) -> Response:
        body = to_plain(c.AnswerQuestions(expected_version=0, numbers=(1,), text=f"Antwoord van {person}."))
        response: Response = world.http.post("/api/consultations/so-sent/answer", json=body,
                                             headers=bearer(world.tokens[person]))
        return response

    assert allowed(world, everyone, answer) == ANSWERS_IN_B
    log = world.store.events.read("so-sent")
    assert {e.actor_id for e in log if e.type == "questions-answered"} <= {"official-in-B"}


def test_roles_granted_by_the_clerk_of_a_act_in_committee_a(world: World) -> None:
    """The other half: the same grants work where they hold."""
    clerk = bearer(world.tokens["clerk of A"])
    first = STEPS[0].command
    assert isinstance(first, c.CreateConsultation)
    create = replace(first, consultation_id="so-a", committee=A)
    assert world.http.post("/api/consultations", json=to_plain(create), headers=clerk).status_code == 201
    assert world.http.post("/api/consultations/so-a/open-intake", json={}, headers=clerk).status_code == 200
    for n, person in enumerate(("member in A", "staff in A")):
        body = to_plain(c.SubmitContribution(expected_version=n, group=GROUP,
                                             passages=(c.PassageInput(text="Een vraag."),)))
        done = world.http.post("/api/consultations/so-a/submit-contribution", json=body,
                               headers=bearer(world.tokens[person]))
        assert done.status_code == 200, done.text
    assert world.http.get("/api/consultations/so-a", headers=bearer(world.tokens["member in B"])).status_code == 404
