"""Helpers of the web UI tests: the bundled examples ingested into a temporary SQLite store."""

from __future__ import annotations

from pathlib import Path

from api_helpers import migrated_store
from overleg.corpus.ingest import ingest
from overleg.store import Role, Store

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
