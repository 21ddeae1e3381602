"""Schema migrations, run from code: ``upgrade``, ``current_revision``, ``is_up_to_date``.

The Alembic scripts ship inside the package (``overleg/store/migrations``); no alembic.ini is
read. Each function takes a database URL (None: the default, see ``engine.resolve_url``) or an
engine that is already open.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from overleg.store.engine import make_engine, reachable, resolve_url, sqlite_file, write

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The revision this version of overleg expects."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # the package always ships at least one revision
    return head


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
