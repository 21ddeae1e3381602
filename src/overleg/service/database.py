"""The store itself: its schema revision, migrations, backups and integrity, for the operator;
and whether it can serve, for anyone (``readiness``, what ``/readyz`` answers).

Only the operator (``Credentials.operator()``: whoever runs ``overleg`` on the store's machine
with its URL) and an admin may look after the database; everyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from overleg.errors import PermissionDenied, StoreNotMigrated, StoreTooNew, StoreUnavailable
from overleg.service.accounts import Credentials
from overleg.store import (
    BackupMade,
    IntegrityReport,
    Migration,
    PoolUsage,
    Store,
    StoreRestored,
    head_revision,
    is_known,
)


@dataclass(frozen=True)
class SchemaStatus:
    """Where the store's schema stands: the revision it is at (None: never migrated) and the one
    this overleg needs."""

    display_url: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def newer(self) -> bool:
        """True when a newer overleg migrated the store past what this one knows."""
        return not is_known(self.current)


@dataclass(frozen=True)
class Readiness:
    """Whether the store can serve requests now: ``code`` is ``ok`` or the error's code
    (``store-unavailable``, ``store-not-migrated``, ``store-too-new``), ``message`` says it in
    Dutch. Neither names the URL nor a revision: anyone may ask."""

    ready: bool
    code: str
    message: str


READY = Readiness(True, "ok", "De database is bereikbaar en op het schema dat deze versie van overleg nodig heeft.")


class Database:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def display_url(self) -> str:
        """The store's URL with any password masked."""
        return self._store.display_url

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._store.dialect

    def status(self, who: Credentials) -> SchemaStatus:
        _operator(who)
        return SchemaStatus(self._store.display_url, self._store.current_revision(), head_revision())

    def readiness(self) -> Readiness:
        """Whether the store is reachable and at the schema this overleg needs: one connection and
        one query, no credentials (a load balancer asks without logging in)."""
        try:
            self._store.require_up_to_date()
        except StoreUnavailable as e:
            return Readiness(False, e.code, "De database is niet bereikbaar.")
        except StoreTooNew as e:
            return Readiness(False, e.code, "De database is bijgewerkt door een nieuwere versie van overleg; deze "
                                            "versie kan er niet mee werken.")
        except StoreNotMigrated as e:
            return Readiness(False, e.code, "De database heeft nog niet het schema dat deze versie van overleg "
                                            "nodig heeft (overleg db upgrade).")
        return READY

    def pool_usage(self) -> PoolUsage | None:
        """This process's connections to the store (for the metrics; counts only, so anyone may ask)."""
        return self._store.pool_usage()

    def connection_limit(self) -> int | None:
        """How many connections the database server allows (None: SQLite); ``overleg serve``
        compares its workers' pools with it before it starts."""
        return self._store.connection_limit()

    def pending(self, who: Credentials) -> tuple[Migration, ...]:
        """The migrations ``upgrade`` would run, oldest first; nothing is changed (``StoreTooNew``
        for a store a newer overleg migrated)."""
        _operator(who)
        return self._store.pending_migrations()

    def backup(self, who: Credentials, out: Path) -> BackupMade:
        """The whole store copied to the new file ``out``, while it keeps serving."""
        _operator(who)
        return self._store.backup(out)

    def restore(self, who: Credentials, source: Path, *, force: bool = False) -> StoreRestored:
        """The store made a copy of the backup ``source``; one that holds tables only with ``force``."""
        _operator(who)
        return self._store.restore(source, force=force)

    def upgrade(self, who: Credentials) -> tuple[SchemaStatus, SchemaStatus]:
        """Migrate the store to the schema this overleg needs: the status before and after."""
        before = self.status(who)
        self._store.upgrade()
        return before, self.status(who)

    def check(self, who: Credentials) -> IntegrityReport:
        """The integrity check: storage, schema, every consultation's event sequence."""
        _operator(who)
        return self._store.integrity_check()


def _operator(who: Credentials) -> None:
    if not who.is_admin:
        raise PermissionDenied("Alleen een beheerder mag de database onderhouden.")


__all__ = ["READY", "Database", "Readiness", "SchemaStatus"]
