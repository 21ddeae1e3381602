"""Failing subscriptions: when, why and how many times in a row, and when they are tried again.

``overleg alerts run`` keeps one record per failing part of a subscription: ``check`` (finding
what to notify, e.g. a saved search that can no longer be searched), ``email`` or ``webhook``.
A record counts the runs in a row that part failed, when the streak began, when it last failed
and why; the next success removes it. The first ``RETRIES_AT_ONCE`` failures are retried on the
next run; after that a part waits 15 minutes, then 30, 60, ... at most a day (``retry_delay``),
so a dead receiver does not cost every run its timeout.

The record is a row of ``notifications_sent`` (no table of its own, no migration): channel is
the part, sent_at the last failure, and the key ``FAILURE_KEY_PREFIX`` followed by JSON with the
count, the start and the reason. A notification's key never starts with ``!``, so a record is
never taken for a notification sent, and one row per part is kept by replacing it in one
transaction.

    >>> [retry_delay(n).total_seconds() / 60 for n in (1, 3, 4, 5, 12, 40)]
    [0.0, 0.0, 15.0, 30.0, 1440.0, 1440.0]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from overleg.store.core import Store
from overleg.store.engine import read, write
from overleg.store.schema import notifications_sent
from overleg.store.timeutil import as_utc

FAILURE_KEY_PREFIX = "!failing "
RETRIES_AT_ONCE = 3
FIRST_WAIT = dt.timedelta(minutes=15)
LONGEST_WAIT = dt.timedelta(days=1)
_KEY_CHARS = 400  # notifications_sent.key is a String(400)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long a part that failed ``attempts`` runs in a row waits before it is tried again."""
    if attempts <= RETRIES_AT_ONCE:
        return dt.timedelta(0)
    return min(FIRST_WAIT * (1 << min(attempts - RETRIES_AT_ONCE - 1, 16)), LONGEST_WAIT)


@dataclass(frozen=True)
class SubscriptionFailure:
    """A part of a subscription that failed ``attempts`` runs in a row, from ``since`` to ``last``."""

    subscription_id: str
    part: str  # check, email, webhook
    attempts: int
    since: dt.datetime
    last: dt.datetime
    reason: str

    @property
    def next_attempt(self) -> dt.datetime:
        return self.last + retry_delay(self.attempts)

    def waits_at(self, now: dt.datetime) -> bool:
        """Whether a run at ``now`` leaves this part alone (it is not due again yet)."""
        return now < self.next_attempt


def is_failure_key(key: str) -> bool:
    return key.startswith(FAILURE_KEY_PREFIX)


def _key(attempts: int, since: dt.datetime, reason: str) -> str:
    text = reason
    while True:
        key = FAILURE_KEY_PREFIX + json.dumps({"attempts": attempts, "since": since.isoformat(), "reason": text},
                                              ensure_ascii=False, sort_keys=True)
        if len(key) <= _KEY_CHARS:
            return key
        text = text[: max(0, len(text) - max(16, len(key) - _KEY_CHARS))].rstrip() + "…"


def failures(store: Store) -> dict[tuple[str, str], SubscriptionFailure]:
    """Every failing part, by (subscription id, part)."""
    found: dict[tuple[str, str], SubscriptionFailure] = {}
    with read(store.engine) as conn:
        rows = conn.execute(select(notifications_sent)
                            .where(notifications_sent.c.key.startswith(FAILURE_KEY_PREFIX, autoescape=True)))
        for row in rows:
            held = json.loads(row.key[len(FAILURE_KEY_PREFIX):])
            found[(row.subscription_id, row.channel)] = SubscriptionFailure(
                row.subscription_id, row.channel, int(held["attempts"]),
                as_utc(dt.datetime.fromisoformat(held["since"])), as_utc(row.sent_at), str(held["reason"]))
    return found


def record_failure(store: Store, subscription_id: str, part: str, reason: str, now: dt.datetime,
                   before: SubscriptionFailure | None) -> SubscriptionFailure:
    """Record that ``part`` of the subscription failed at ``now`` (one more in a row after
    ``before``); returns the record."""
    attempts = before.attempts + 1 if before else 1
    since = before.since if before else now
    failure = SubscriptionFailure(subscription_id, part, attempts, since, now, " ".join(reason.split()))
    with write(store.engine) as conn:
        _remove(conn, subscription_id, part)
        conn.execute(insert(notifications_sent).values(subscription_id=subscription_id, channel=part,
                                                       key=_key(attempts, since, failure.reason), sent_at=now))
    return failure


def clear_failure(store: Store, subscription_id: str, part: str) -> None:
    """``part`` of the subscription works again: its record goes."""
    with write(store.engine) as conn:
        _remove(conn, subscription_id, part)


def _remove(conn: Connection, subscription_id: str, part: str) -> None:
    conn.execute(delete(notifications_sent).where(
        notifications_sent.c.subscription_id == subscription_id, notifications_sent.c.channel == part,
        notifications_sent.c.key.startswith(FAILURE_KEY_PREFIX, autoescape=True)))
