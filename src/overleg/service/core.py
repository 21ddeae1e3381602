"""``Service``: the store plus the three parts of the service layer, sharing one clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from overleg.service.accounts import Accounts
from overleg.service.consultations import Consultations
from overleg.service.documents import Documents
from overleg.store import Store

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Service:
    """Everything a user can do, checked and recorded; ``clock`` is replaceable for tests."""

    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock  # the time every write is recorded at (shown, e.g., as "saved at")
        self.accounts = Accounts(store)
        self.documents = Documents(store)
        self.consultations = Consultations(store, self.documents, clock)
