"""Guards on checking passwords: a throttle on failed logins, and a bound on concurrent hashing.

The throttle counts failed logins per account (the name as typed, known or not) and per client
address (an IPv6 address by its /64, which one client usually holds whole) over a sliding
window. The counts live in the store (``login_failures``), so every server process on one store
refuses the same guesser. A refused attempt is not counted: ``Retry-After`` says truly when the
next one is heard. A right password clears its account's count, not its address's.

``HashingSlots`` bounds how many password hashes run at once in this process: argon2id takes
64 MiB for each, so 48 logins at once took 1.8 GB before. A request that would wait behind
too many others, or too long, is refused with 429 instead of holding a server thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from overleg.errors import TooManyRequests
from overleg.store.users import UserRepository

WAITING_PER_SLOT = 8  # requests that may queue for each hashing slot; more are refused at once
WAIT_SECONDS = 10.0  # the longest a login waits for a hashing slot
BUSY_RETRY_SECONDS = 1
BUSY = "De server controleert nu veel wachtwoorden tegelijk; probeer het over een ogenblik opnieuw."


@dataclass(frozen=True)
class LoginLimits:
    """At most ``per_account`` failed logins for one account name and ``per_address`` from one
    client address within ``window``."""

    per_account: int
    per_address: int
    window: dt.timedelta


@dataclass(frozen=True)
class Keys:
    """The throttle's keys of one attempt: digests, so the table holds no names or addresses."""

    account: str
    address: str | None

    @classmethod
    def of(cls, username: str, address: str | None) -> Keys:
        return cls(_digest("account", username), _digest("address", client_network(address)) if address else None)

    def all(self) -> tuple[str, ...]:
        return (self.account,) if self.address is None else (self.account, self.address)


def client_network(address: str) -> str:
    """The unit the per-address limit counts: an IPv4 address, an IPv6 address's /64, or the text as given.

    >>> client_network("2001:db8::1"), client_network("192.0.2.7"), client_network("testclient")
    ('2001:db8::/64', '192.0.2.7', 'testclient')
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()


class LoginThrottle:
    def __init__(self, users: UserRepository, limits: LoginLimits, clock: Callable[[], dt.datetime]) -> None:
        self._users = users
        self._limits = limits
        self._clock = clock

    def refused_for(self, keys: Keys) -> tuple[int, str] | None:
        """(seconds until the next attempt is heard, which limit) when a limit is reached; None otherwise."""
        now = self._clock()
        since = now - self._limits.window
        waits = []
        for key, limit, which in ((keys.account, self._limits.per_account, "account"),
                                  (keys.address, self._limits.per_address, "address")):
            if key is None:
                continue
            failures = self._users.login_failures(key, since)
            if len(failures) >= limit:
                # the next attempt is heard once enough failures have left the window to be under the limit
                leaves = failures[len(failures) - limit] + self._limits.window
                waits.append((max(1, math.ceil((leaves - now).total_seconds())), which))
        return max(waits) if waits else None

    def failed(self, keys: Keys) -> None:
        now = self._clock()
        self._users.record_login_failure(keys.all(), now, now - self._limits.window)

    def succeeded(self, keys: Keys) -> None:
        self._users.forget_login_failures(keys.account)


class HashingSlots:
    """At most ``slots`` password hashes at once; ``WAITING_PER_SLOT`` per slot may queue."""

    def __init__(self, slots: int, waiting_per_slot: int = WAITING_PER_SLOT, wait_seconds: float = WAIT_SECONDS
                 ) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._room = threading.BoundedSemaphore(slots * (1 + waiting_per_slot))  # hashing or queued
        self._wait = wait_seconds

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a slot while hashing; TooManyRequests when the queue is full or the wait too long."""
        if not self._room.acquire(blocking=False):
            raise TooManyRequests(BUSY,
                                  retry_after=BUSY_RETRY_SECONDS)
        try:
            if not self._slots.acquire(timeout=self._wait):
                raise TooManyRequests(BUSY,
                                      retry_after=BUSY_RETRY_SECONDS)
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._room.release()
