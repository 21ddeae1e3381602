"""Schema migrations, run from code: ``upgrade``, ``current_revision``, ``is_up_to_date``,
``migrations_to_come`` (what an upgrade would run) and ``is_known`` (a revision this overleg has: a store at
any other was migrated by a newer overleg, and ``upgrade`` refuses it).

The Alembic scripts ship inside the package (``overleg/store/migrations``); no alembic.ini is
read. Each function takes a database URL (None: the default, see ``engine.resolve_url``) or an
engine that is already open.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from overleg.errors import StoreTooNew
from overleg.store.engine import make_engine, reachable, resolve_url, sqlite_file, write

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The revision this version of overleg expects."""
    head = _script().get_current_head()
    assert head is not None  # the package always ships at least one revision
    return head


@dataclass(frozen=True)
class Migration:
    """One revision an upgrade would run: its id and the first line of its description."""

    revision: str
    message: str


@cache
def _script() -> ScriptDirectory:
    """The shipped revisions, read once per process: they are files of the package, fixed while it
    runs, and reading them (every script module) took most of a ``/readyz`` answer's 14 ms."""
    return ScriptDirectory.from_config(_config())


def is_known(revision: str | None) -> bool:
    """True for a revision this overleg ships (and for None: a store never migrated)."""
    if revision is None:
        return True
    return any(script.revision == revision for script in _script().walk_revisions())


def migrations_to_come(current: str | None, shown_url: str) -> tuple[Migration, ...]:
    """The migrations from ``current`` (None: an empty store) to the head, oldest first; raises
    ``StoreTooNew`` naming ``shown_url`` for a revision this overleg does not know."""
    if not is_known(current):
        raise StoreTooNew(shown_url, current or "", head_revision())
    chain: list[Migration] = []
    for script in _script().walk_revisions():  # newest first, down the one line of revisions
        if script.revision == current:
            break
        message = (script.doc or "").strip().splitlines()[0] if script.doc else ""
        chain.append(Migration(script.revision, message))
    return tuple(reversed(chain))


def _engine(target: str | Engine | None) -> tuple[Engine, bool]:
    if isinstance(target, Engine):
        return target, False
    return make_engine(resolve_url(target)), True


def upgrade(target: str | Engine | None = None, revision: str = "head") -> str:
    """Migrate the database to ``revision`` in one transaction; return the revision it is at."""
    engine, owned = _engine(target)
    config = _config()
    try:
        with reachable(engine):  # a failure to connect says so; a failing migration keeps its own error
            engine.connect().close()
        with write(engine) as conn:
            if conn.dialect.name == "postgresql":  # two upgrades at once take turns (SQLite: BEGIN IMMEDIATE)
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended('overleg-migrate', 0))"))
            # a store a newer overleg migrated is left alone: Alembic would fail on the unknown
            # revision with a traceback, and an older schema's code must not write to it
            found = MigrationContext.configure(conn).get_current_revision()
            if not is_known(found):
                raise StoreTooNew(engine.url.render_as_string(hide_password=True), found or "", head_revision())
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        return current_revision(engine) or ""
    finally:
        if owned:
            engine.dispose()


def current_revision(target: str | Engine | None = None) -> str | None:
    """The revision the database is at; None for a database that was never migrated (or a
    SQLite file that does not exist, which this does not create)."""
    if isinstance(target, str | None):
        path = sqlite_file(resolve_url(target))
        if path is not None and not path.exists():
            return None
    engine, owned = _engine(target)
    try:
        with reachable(engine), engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        if owned:
            engine.dispose()


def is_up_to_date(target: str | Engine | None = None) -> bool:
    """True when the database is at the revision this overleg expects."""
    return current_revision(target) == head_revision()
