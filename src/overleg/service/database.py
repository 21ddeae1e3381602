"""The store itself: its schema revision, migrations and integrity, for the operator.

Only the operator (``Credentials.operator()``: whoever runs ``overleg`` on the store's machine
with its URL) and an admin may look after the database; everyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from overleg.errors import PermissionDenied
from overleg.service.accounts import Credentials
from overleg.store import IntegrityReport, Store, head_revision


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


__all__ = ["Database", "SchemaStatus"]
