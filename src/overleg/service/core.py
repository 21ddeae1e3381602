"""``Service``: the store plus the parts of the service layer, sharing one clock and the settings.

The interfaces (command line, REST API, web UI) get a service from ``Service.open(settings)``
and never see the store behind it: every read and write is a method of one of its parts that
takes the acting user's ``Credentials`` and checks access there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from argon2 import PasswordHasher

from overleg.service.accounts import Accounts
from overleg.service.alerts import Alerts
from overleg.service.analytics import Analytics
from overleg.service.commands import Limits
from overleg.service.commitments import Commitments
from overleg.service.consultations import Consultations
from overleg.service.corpus import Corpus
from overleg.service.database import Database
from overleg.service.documents import Documents
from overleg.service.feeds import Feeds
from overleg.service.invitations import Invitations
from overleg.service.jobs import Jobs
from overleg.service.motions import Motions
from overleg.service.notifications import Notifications
from overleg.service.registers import Registers
from overleg.service.search import Search
from overleg.settings import Settings
from overleg.store import Store, open_store

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Service:
    """Everything a user can do, checked and recorded; ``clock`` is replaceable for tests."""

    def __init__(self, store: Store, clock: Clock = utc_now, settings: Settings | None = None) -> None:
        self._store = store
        self.clock = clock  # the time every write is recorded at (shown, e.g., as "saved at")
        self.settings = settings or Settings()
        self.registers = Registers(store)
        self.accounts = Accounts(store, self.settings, clock, self.registers)
        self.documents = Documents(store)
        self.notifications = Notifications(store, self.settings, clock)
        self.invitations = Invitations(store, self.accounts, self.notifications, self.settings, clock,
                                       self.registers)
        self.consultations = Consultations(store, self.documents, clock, Limits.of(self.settings), self.registers,
                                           after=self.notifications.after_step)
        self.database = Database(store)
        self.corpus = Corpus(store, self.settings, clock)
        self.search = Search(store, self.settings)
        self.analytics = Analytics(store)
        self.commitments = Commitments(store, clock, self.registers)
        self.feeds = Feeds(store, self.settings)
        self.alerts = Alerts(store, self.settings)
        self.motions = Motions(store, self.settings)  # motion records, their votes (docs/motions.md)
        # overleg worker's jobs, under leases
        self.jobs = Jobs(store, self.notifications, self.alerts, clock, self.settings,
                         sync=self.corpus.sync_job if self.settings.sync_sources else None)

    @classmethod
    def open(cls, settings: Settings, *, migrated: bool = True, hasher: PasswordHasher | None = None,
             clock: Clock = utc_now) -> Service:
        """The service over the store the settings name; with ``migrated`` it refuses a store whose
        schema is not current (``StoreNotMigrated``). ``hasher`` replaces the password hasher
        (tests inject a fast one; production keeps argon2id's recommended profile)."""
        store = open_store(settings.database_url, require_migrated=migrated, hasher=hasher,
                           pool=(settings.db_pool_size, settings.db_max_overflow))
        return cls(store, clock, settings)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
