"""``overleg replay FILE --server URL``: re-enact a document's whole procedure through the REST API.

Reads: a document with questions and answers (any format a reader takes). Does, over HTTP only:
gets an admin (first-run ``POST /api/setup`` on a store without users, else the token or the
username and password given), creates the users the procedure needs (clerk and chair of the
committee, one member per group, one official of the ministry; each with a token the admin
issues, no passwords), then posts every step ``overleg.procedure.reenact`` derives from the
document as that step's user, and finally fetches the published report. Writes: the report's
exchange JSON. Every name is suffixed with a run id, so replays can repeat on one server.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from overleg.errors import ReplayFailed
from overleg.model import Document
from overleg.procedure import commands as c
from overleg.procedure.actors import Actor, RoleKind
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import Step, reenact


@dataclass
class Replay:
    """One replay against one server: the client, the admin token and the users made so far."""

    server: str
    admin_token: str | None = None
    username: str | None = None
    password: str | None = None
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    tokens: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    client: httpx.Client | None = None  # given: an existing client (a TestClient), else one for ``server``

    def __post_init__(self) -> None:
        self.http = self.client or httpx.Client(base_url=self.server.rstrip("/"), timeout=60.0)

    def close(self) -> None:
        if self.client is None:
            self.http.close()

    def call(self, method: str, path: str, token: str | None = None, json: Any = None,
             minimal: bool = False) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if minimal:
            headers["Prefer"] = "return=minimal"
        self.requests += 1
        response = self.http.request(method, path, json=json, headers=headers)
        if response.status_code >= 400:
            raise ReplayFailed(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response

    def admin(self) -> str:
        """A bearer token of an admin: given, from username and password, or from first-run setup."""
        if self.admin_token:
            return self.admin_token
        if self.username and self.password:
            body = {"username": self.username, "password": self.password, "name": "replay"}
        else:
            body = None
        if body is not None:
            self.admin_token = self.call("POST", "/api/tokens", json=body).json()["token"]
        else:
            made = self.http.post("/api/setup", json={"username": f"admin-{self.run}",
                                                        "password": secrets.token_urlsafe(18)})
            self.requests += 1
            if made.status_code == 409:
                raise ReplayFailed("the server already has users: give --token, or --user with a password "
                                   "(OVERLEG_PASSWORD or --password-stdin) of an admin")
            if made.status_code >= 400:
                raise ReplayFailed(f"POST /api/setup: {made.status_code} {made.text[:300]}")
            self.admin_token = made.json()["token"]
        return self.admin_token

    def token_of(self, actor: Actor) -> str:
        """The token of the user playing ``actor`` (made on first use, with the actor's roles)."""
        found = self.tokens.get(actor.user_id)
        if found is None:
            roles = [{"role": r.kind.value, "scope": r.of} for r in sorted(actor.roles, key=lambda r: r.kind.value)]
            made = self.call("POST", "/api/users", self.admin(), json={
                "username": f"{actor.user_id}-{self.run}", "roles": roles, "issue_token": True})
            found = self.tokens[actor.user_id] = made.headers["X-Overleg-Token"]
        return found

    def step(self, consultation_id: str, step: Step, minimal: bool = False) -> dict[str, Any]:
        """Post one step as its actor; the consultation as the server returns it (with
        ``minimal`` only its id, version, state and actions)."""
        body = to_plain(step.command)
        if isinstance(step.command, c.CreateConsultation):
            path = "/api/consultations"
        else:
            path = f"/api/consultations/{consultation_id}/{step.command.action.replace('_', '-')}"
        result: dict[str, Any] = self.call("POST", path, self.token_of(step.actor), json=body, minimal=minimal).json()
        return result

    def run_document(self, doc: Document, start: dt.datetime | None = None) -> bytes:
        """Re-enact ``doc`` and return the published report's exchange JSON (or, when the
        document has no dossier number to publish under, the consultation's document)."""
        consultation_id = f"replay-{self.run}"
        begin = start or dt.datetime.now(dt.UTC).replace(microsecond=0)
        steps = reenact(doc, consultation_id, begin)
        for actor in _cast(steps):
            self.token_of(actor)
        last: dict[str, Any] = {}
        for k, step in enumerate(steps):
            last = self.step(consultation_id, step, minimal=k < len(steps) - 1)
        established = last.get("consultation", {}).get("established")
        if last.get("state") == "published" and established:
            doc_id = f"kst-{established['dossier']}-{established['document_number']}"
            return self.call("GET", f"/api/documents/{doc_id}").content
        clerk = steps[0].actor
        return self.call("GET", f"/api/consultations/{consultation_id}/document", self.token_of(clerk)).content


def _cast(steps: tuple[Step, ...]) -> list[Actor]:
    """The actors of the steps, clerk first, each once."""
    seen: dict[str, Actor] = {}
    for step in steps:
        seen.setdefault(step.actor.user_id, step.actor)
    return sorted(seen.values(), key=lambda a: not any(r.kind is RoleKind.CLERK for r in a.roles))


@dataclass(frozen=True)
class ReplayResult:
    """What a replay gives: the report's exchange JSON, how long it took, how many requests it
    made, and the admin token it used (to replay again on the same server)."""

    report: bytes
    seconds: float
    requests: int
    admin_token: str | None


def replay(doc: Document, server: str, *, token: str | None = None, username: str | None = None,
           password: str | None = None, client: httpx.Client | None = None) -> ReplayResult:
    """Re-enact ``doc`` on ``server`` (or through ``client``, e.g. a TestClient)."""
    began = time.perf_counter()
    session = Replay(server, token, username, password, client=client)
    try:
        out = session.run_document(doc)
    except httpx.HTTPError as err:
        raise ReplayFailed(f"{server}: {err}") from None
    finally:
        session.close()
    return ReplayResult(out, time.perf_counter() - began, session.requests, session.admin_token)
