"""A consultation (``so-1``) with its answers received, and the users of the report's desk:
griffier (clerk), voorzitter (chair), member-groot (a group) and ambtenaar (the ministry)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from api_helpers import client_for
from overleg.procedure import RoleKind as Role
from overleg.procedure import commands as c
from overleg.procedure.reenact import Step, reenact
from overleg.procedure.sample import sample_report
from overleg.service import Service
from overleg.store import Store
from web_support import add_user, log_in

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _fixed(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


def run_until(store: Store, consultation_id: str, last: type[c.Command]) -> tuple[Step, ...]:
    """Run the made-up consultation as ``consultation_id`` up to and including the step ``last``."""
    steps = tuple(reenact(sample_report((("Groot", 2), ("Klein", 1))), consultation_id, START))
    for step in steps:
        service = Service(store, _fixed(step.now))
        if isinstance(step.command, c.CreateConsultation):
            service.consultations.create(step.actor, step.command)
        else:
            service.consultations.execute(step.actor, consultation_id, step.command)
        if isinstance(step.command, last):
            break
    return steps


def answers_received(store: Store) -> dt.datetime:
    """Run ``so-1`` up to the answers received (not established); returns a moment after it."""
    steps = run_until(store, "so-1", c.ReceiveAnswers)
    committee = next(iter(steps[0].actor.roles)).of
    official = next(s.actor for s in steps if s.command.action == "answer")
    add_user(store, "griffier", Role.CLERK, committee)
    add_user(store, "voorzitter", Role.CHAIR, committee)
    add_user(store, "member-groot", Role.MEMBER, "Groot")
    add_user(store, "ambtenaar", Role.OFFICIAL, next(iter(official.roles)).of)
    return max(s.now for s in steps) + dt.timedelta(days=1)


def client_as(store: Store, username: str | None, now: dt.datetime) -> TestClient:
    """A TestClient at ``now``, logged in as ``username`` (None: the public)."""
    client = client_for(store, clock=lambda: now)
    if username is not None:
        log_in(client, username)
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html[-2000:]
    return found.group(1)
