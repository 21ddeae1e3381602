"""Helpers of the accounts tests: a store of each kind, a service with chosen limits on a clock
the test moves, clients from chosen addresses, users with tokens."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from api_helpers import LOCAL
from overleg.app import create_app
from overleg.procedure import RoleKind
from overleg.service import Service
from overleg.settings import Settings
from overleg.store import Store

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "een-goed-wachtwoord"
KINDS = ["sqlite", "postgresql"]


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def client(service: Service, address: str = LOCAL[0]) -> TestClient:
    """A TestClient of the app over ``service``, as a client at ``address``."""
    return TestClient(create_app(service), client=(address, 50000))


def service_for(store: Store, clock: Clock, **limits: int) -> Service:
    """The service over ``store`` on ``clock`` with these settings (the rest default)."""
    return Service(store, clock, Settings(**limits))  # type: ignore[arg-type]


def admin_token(store: Store, username: str = "beheer") -> str:
    """A user ``username`` with the admin role and a bearer token."""
    user = store.users.create_user(username, PASSWORD)
    store.users.add_membership(user.id, RoleKind.ADMIN, "*")
    return store.users.create_api_token(user.id)


def user_with_token(store: Store, username: str, role: RoleKind | None = None, scope: str = "",
                    committee: str | None = None) -> str:
    """A user with password ``PASSWORD``, one role (or none), and a bearer token."""
    user = store.users.create_user(username, PASSWORD)
    if role is not None:
        store.users.add_membership(user.id, role, scope, committee)
    return store.users.create_api_token(user.id)
