"""``open_store``: one database, its repositories and its checks, behind one object."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from overleg.errors import StoreNotMigrated, StoreTooNew
from overleg.store import backup as backups
from overleg.store import migrate
from overleg.store.documents import DocumentRepository
from overleg.store.engine import MAX_OVERFLOW, POOL_SIZE, display_url, make_engine, resolve_url, sqlite_file
from overleg.store.events import EventStore
from overleg.store.integrity import integrity_check
from overleg.store.leases import LeaseRepository
from overleg.store.mail import MailRepository
from overleg.store.records import IntegrityReport, PoolUsage
from overleg.store.registers import RegisterRepository
from overleg.store.sync_states import SyncStateRepository
from overleg.store.users import UserRepository


class Store:
    """An open database: ``documents``, ``events``, ``users``, ``registers``, ``mail``; close it when done
    (or use ``with``)."""

    def __init__(self, url: str, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self.url = url
        self.engine = engine
        self.documents = DocumentRepository(engine)
        self.events = EventStore(engine)
        self.users = UserRepository(engine, hasher)
        self.registers = RegisterRepository(engine)
        self.mail = MailRepository(engine)  # invitations, the outbox, notifications (revision 0009)
        self.leases = LeaseRepository(engine)  # one run of a scheduled job at a time (revision 0018)
        self.sync_states = SyncStateRepository(engine)  # overleg sync's cursor per source (revision 0019)

    @property
    def display_url(self) -> str:
        """The URL with its password masked."""
        return display_url(self.url)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def current_revision(self) -> str | None:
        """The schema revision; None when never migrated (a missing SQLite file stays missing)."""
        path = sqlite_file(self.url)
        if path is not None and not path.exists():
            return None
        return migrate.current_revision(self.engine)

    def is_up_to_date(self) -> bool:
        return self.current_revision() == migrate.head_revision()

    def require_up_to_date(self) -> None:
        """Raise ``StoreNotMigrated`` (with the command that fixes it) unless the schema is current,
        ``StoreTooNew`` when a newer overleg migrated it (no command of this one fixes that)."""
        current = self.current_revision()
        if current != migrate.head_revision():
            if not migrate.is_known(current):
                raise StoreTooNew(self.display_url, current or "", migrate.head_revision())
            raise StoreNotMigrated(self.display_url, current, migrate.head_revision())

    def pending_migrations(self) -> tuple[migrate.Migration, ...]:
        """What ``upgrade`` would run, oldest first (nothing is changed); ``StoreTooNew`` for a
        store a newer overleg migrated."""
        return migrate.migrations_to_come(self.current_revision(), self.display_url)

    def upgrade(self) -> str:
        """Migrate to the current schema; returns the revision."""
        return migrate.upgrade(self.engine)

    def backup(self, out: Path) -> backups.BackupMade:
        """The whole store copied to the new file ``out`` (docs/operations.md, "Backups")."""
        return backups.backup(self.engine, out)

    def restore(self, source: Path, *, force: bool = False) -> backups.StoreRestored:
        """The store made a copy of the backup ``source``; a store holding tables only with ``force``."""
        return backups.restore_store(self.engine, source, force=force)

    def pool_usage(self) -> PoolUsage | None:
        """How many connections this process holds of its pool (None: a pool without a size, the
        one shared connection of an in-memory SQLite store)."""
        pool = self.engine.pool
        if not isinstance(pool, QueuePool):
            return None
        return PoolUsage(size=pool.size(), checked_out=pool.checkedout(), overflow=max(pool.overflow(), 0))

    def connection_limit(self) -> int | None:
        """The connections the database server lets ordinary users open (PostgreSQL's
        ``max_connections`` less those reserved for superusers); None for SQLite, which has no
        server to run out of them."""
        if self.dialect != "postgresql":
            return None
        with self.engine.connect() as conn:
            most = int(conn.exec_driver_sql("SHOW max_connections").scalar_one())
            reserved = int(conn.exec_driver_sql("SHOW superuser_reserved_connections").scalar_one())
        return most - reserved

    def integrity_check(self) -> IntegrityReport:
        return integrity_check(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_store(url: str | None = None, *, require_migrated: bool = False,
               hasher: PasswordHasher | None = None, pool: tuple[int, int] = (POOL_SIZE, MAX_OVERFLOW)) -> Store:
    """Open the store at ``url``, else ./overleg.db (SQLite) in the working directory.

    With ``require_migrated`` it raises ``StoreNotMigrated`` unless the schema is current (what
    ``overleg serve`` does before it starts). ``hasher`` overrides the password hasher (tests);
    ``pool`` is the connection pool's size and overflow.
    """
    resolved = resolve_url(url)
    store = Store(resolved, make_engine(resolved, *pool), hasher)
    if require_migrated:
        try:
            store.require_up_to_date()
        except BaseException:
            store.close()
            raise
    return store
