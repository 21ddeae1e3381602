"""Helpers of the web UI tests: the bundled examples ingested into a temporary SQLite store."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from api_helpers import migrated_store
from overleg.corpus.ingest.pipeline import ingest
from overleg.procedure import RoleKind as Role
from overleg.procedure import commands as c
from overleg.procedure.reenact import Step, reenact
from overleg.procedure.sample import sample_report
from overleg.service import Service
from overleg.store import Store

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "src" / "overleg" / "examples"
SEED_ID = "kst-21501-02-3349"
PASSWORD = "een-lang-wachtwoord"


def examples_store(directory: Path) -> Store:
    """A migrated SQLite store in ``directory`` with every bundled example ingested."""
    store = migrated_store(f"sqlite:///{directory / 'web.db'}")
    report = ingest([EXAMPLES], store, jobs=1)
    assert report.ok, report.summary()
    return store


def add_user(store: Store, username: str, role: Role, scope: str) -> None:
    """A user with ``PASSWORD`` and one role."""
    user = store.users.create_user(username, PASSWORD)
    store.users.add_membership(user.id, role, scope)


def consultation_steps(start: dt.datetime) -> tuple[Step, ...]:
    """The steps of a made-up consultation ``so-1`` (groups Groot and Klein) starting at ``start``."""
    return tuple(reenact(sample_report((("Groot", 2), ("Klein", 1))), "so-1", start))


def seed_intake(store: Store, start: dt.datetime) -> tuple[Step, ...]:
    """``so-1`` up to intake with Groot's contribution in and Klein's not; users member-groot and
    member-klein (password ``PASSWORD``). Returns the steps."""
    steps = consultation_steps(start)
    service = Service(store, lambda: start + dt.timedelta(hours=1))
    for step in steps:
        if step.command.action == "submit_contribution" and step.actor.user_id == "member-klein":
            break
        if isinstance(step.command, c.CreateConsultation):
            service.consultations.create(step.actor, step.command)
        else:
            service.consultations.execute(step.actor, "so-1", step.command)
    add_user(store, "member-groot", Role.MEMBER, "Groot")
    add_user(store, "member-klein", Role.MEMBER, "Klein")
    official = next(s.actor for s in steps if s.command.action == "answer")
    add_user(store, "ambtenaar", Role.OFFICIAL, next(iter(official.roles)).of)
    clerk = next(iter(steps[0].actor.roles))
    add_user(store, "griffier", Role.CLERK, clerk.of)
    return steps


def log_in(client: Any, username: str) -> None:
    """Log ``username`` (password ``PASSWORD``) in with the login form of a TestClient."""
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token.group(1)},
                       follow_redirects=False)
    assert done.status_code == 303, done.text[-1000:]


def session_token(client: Any, path: str = "/werkruimte") -> str:
    """The session's CSRF token as the forms on ``path`` carry it."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


SLUGS = {"open_intake": "inbreng-openen", "close_intake": "inbreng-sluiten", "number": "nummeren",
         "send": "versturen", "reopen_intake": "inbreng-heropenen", "receive_answers": "antwoorden-ontvangen"}


def confirm_step(client: Any, consultation_id: str, action: str, **fields: str) -> Any:
    """Take an irreversible step as the clerk does: open its confirmation page (which must be
    there, with the fields it prefills), then post "Ja" with them. Returns the post's response."""
    path = f"/werkruimte/{consultation_id}/bevestigen/{SLUGS[action]}"
    page = client.get(path)
    assert page.status_code == 200, page.text[-1000:]
    prefilled = dict(re.findall(r'<input type="(?:hidden|date|time)"[^>]*? name="(\w+)" value="([^"]*)"', page.text))
    prefilled |= dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return client.post(path, data={**prefilled, **fields}, follow_redirects=False)


def establish_and_publish(client: Any, consultation_id: str, dossier: str, number: str) -> None:
    """The clerk establishes and publishes the report on its desk, each step confirmed."""
    desk = f"/werkruimte/{consultation_id}/verslag"
    token = session_token(client, desk)
    established = client.post(f"{desk}/vaststellen", follow_redirects=False, data={
        "csrf": token, "dossier": dossier, "document_number": number, "dossier_title": "",
        "chair": "Voorzitter", "clerk": "Griffier", "bevestigd": "ja"})
    assert established.status_code == 303, established.text[-1500:]
    published = client.post(f"{desk}/publiceren", data={"csrf": token, "bevestigd": "ja"}, follow_redirects=False)
    assert published.status_code == 303, published.text[-1500:]
