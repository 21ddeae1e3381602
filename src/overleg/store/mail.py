"""Invitations, the outbox of mails, notifications in the web UI, and users' mail settings.

An invitation (or a password reset) is a one-time link: the store keeps the sha256 of its token,
never the token. The outbox keeps every mail the system makes, sent or not: delivery is a
separate step (``mark_sent``, ``mark_failed``), so a mail server that is down loses nothing.
``record`` writes a step's mails and notifications in one transaction, optionally under a key
(``notification_keys``) that makes it happen once: a reminder job that runs twice sends once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row, and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from overleg.errors import NotFound
from overleg.store.engine import read, write
from overleg.store.paging import id_below
from overleg.store.records import RoleKind, User
from overleg.store.schema import (
    EVERY_COMMITTEE,
    invitations,
    memberships,
    notification_keys,
    notifications,
    outbox,
    users,
)
from overleg.store.timeutil import as_utc
from overleg.store.users import NO_PASSWORD


@dataclass(frozen=True)
class Invitation:
    """A one-time link's record (never its token)."""

    user_id: str
    purpose: str  # "invite" or "reset"
    inviter: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


@dataclass(frozen=True)
class NewMail:
    kind: str
    recipient: str
    subject: str
    body: str
    message_id: str
    about_url: str


@dataclass(frozen=True)
class OutboxMail(NewMail):
    id: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int
    last_error: str | None
    claimed_until: dt.datetime | None = None  # a sender holds it until then (claim)


@dataclass(frozen=True)
class NewNotification:
    user_id: str
    kind: str
    text: str
    link: str


@dataclass(frozen=True)
class UserNotification(NewNotification):
    id: int
    created_at: dt.datetime
    read_at: dt.datetime | None


@dataclass(frozen=True)
class Account:
    """A user as the account pages list them: whether a password was ever set, and the roles."""

    user: User
    has_password: bool


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class MailRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # -- users' mail settings -------------------------------------------------------------------

    def set_profile(self, user_id: str, display_name: str, email: str | None) -> None:
        with write(self._engine) as conn:
            done = conn.execute(users.update().where(users.c.id == user_id)
                                .values(display_name=display_name, email=email))
        if done.rowcount == 0:
            raise NotFound(f"no user with id {user_id}")

    def mail_off(self, user_id: str) -> frozenset[str]:
        """The kinds of mail the user turned off."""
        with read(self._engine) as conn:
            value = conn.execute(select(users.c.mail_off).where(users.c.id == user_id)).scalar()
        return frozenset(k for k in (value or "").split(",") if k)

    def set_mail_off(self, user_id: str, kinds: Sequence[str]) -> None:
        with write(self._engine) as conn:
            conn.execute(users.update().where(users.c.id == user_id).values(mail_off=",".join(sorted(set(kinds)))))

    def accounts(self) -> tuple[Account, ...]:
        """Every user, by username, with whether a password was ever set."""
        with read(self._engine) as conn:
            rows = conn.execute(select(users).order_by(users.c.username)).all()
        return tuple(Account(_user(r), r.password_hash != NO_PASSWORD) for r in rows)

    def has_password(self, user_id: str) -> bool:
        """Whether a password was ever set (an invited user's is not, until the link is used)."""
        with read(self._engine) as conn:
            stored = conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
        return stored is not None and stored != NO_PASSWORD

    def holders(self, role: RoleKind, scope: str, committee: str) -> tuple[tuple[User, frozenset[str]], ...]:
        """The enabled users holding ``role`` of ``scope`` in a consultation of ``committee``
        (a role of every committee counts too), each with the kinds of mail they turned off."""
        held = select(memberships.c.user_id).where(
            memberships.c.role == RoleKind(role).value, memberships.c.scope == scope,
            or_(memberships.c.committee == EVERY_COMMITTEE, memberships.c.committee == committee))
        query = (select(users).where(users.c.id.in_(held), users.c.disabled.is_(False))
                 .order_by(users.c.username))
        with read(self._engine) as conn:
            return tuple((_user(r), frozenset(k for k in r.mail_off.split(",") if k)) for r in conn.execute(query))

    def scopes(self) -> tuple[tuple[str, str], ...]:
        """Every (role, scope) some user holds, in order."""
        query = select(memberships.c.role, memberships.c.scope).distinct().order_by(memberships.c.role,
                                                                                  memberships.c.scope)
        with read(self._engine) as conn:
            return tuple((r.role, r.scope) for r in conn.execute(query))

    # -- invitations ----------------------------------------------------------------------------

    def add_invitation(self, token: str, user_id: str, purpose: str, inviter: str, now: dt.datetime,
                       expires_at: dt.datetime) -> None:
        """A new one-time link; the user's earlier unused links stop working (one live link each)."""
        with write(self._engine) as conn:
            conn.execute(invitations.update().where(invitations.c.user_id == user_id, invitations.c.used_at.is_(None))
                         .values(used_at=now))
            conn.execute(invitations.insert().values(token_hash=digest(token), user_id=user_id, purpose=purpose,
                                                     inviter=inviter[:200], created_at=now, expires_at=expires_at))

    def invitation(self, token: str) -> Invitation | None:
        with read(self._engine) as conn:
            row = conn.execute(select(invitations).where(invitations.c.token_hash == digest(token))).first()
        return _invitation(row) if row is not None else None

    def use_invitation(self, token: str, now: dt.datetime) -> bool:
        """Mark the link used; False when it was used already (a race of two tabs: one wins)."""
        with write(self._engine) as conn:
            done = conn.execute(invitations.update()
                                .where(invitations.c.token_hash == digest(token), invitations.c.used_at.is_(None))
                                .values(used_at=now))
        return bool(done.rowcount)

    def end_invitations(self, user_id: str, now: dt.datetime) -> int:
        """Every unused link of the user stops working (the user was deactivated)."""
        with write(self._engine) as conn:
            done = conn.execute(invitations.update()
                                .where(invitations.c.user_id == user_id, invitations.c.used_at.is_(None))
                                .values(used_at=now))
        return int(done.rowcount)

    # -- mails and notifications ----------------------------------------------------------------

    def record(self, mails: Sequence[NewMail], notes: Sequence[NewNotification], now: dt.datetime,
               key: str | None = None) -> tuple[int, ...] | None:
        """Write mails to the outbox and notifications, in one transaction; the outbox ids. With
        ``key``, only once: None when that key was recorded before."""
        try:
            with write(self._engine) as conn:
                if key is not None:
                    conn.execute(notification_keys.insert().values(key=key[:400], created_at=now))
                ids = []
                for mail in mails:
                    done = conn.execute(outbox.insert().values(
                        kind=mail.kind, recipient=mail.recipient, subject=mail.subject, body=mail.body,
                        message_id=mail.message_id, about_url=mail.about_url, created_at=now, attempts=0))
                    inserted = done.inserted_primary_key
                    assert inserted is not None
                    ids.append(int(inserted[0]))
                if notes:
                    conn.execute(notifications.insert(), [
                        {"user_id": n.user_id, "kind": n.kind, "text": n.text, "link": n.link, "created_at": now}
                        for n in notes])
        except IntegrityError:
            if key is not None and self.has_key(key):
                return None
            raise
        return tuple(ids)

    def has_key(self, key: str) -> bool:
        with read(self._engine) as conn:
            return conn.execute(select(notification_keys.c.key).where(notification_keys.c.key == key[:400])
                                ).first() is not None

    def outbox(self, limit: int = 200, before: int | None = None) -> tuple[OutboxMail, ...]:
        """The newest mails first."""
        query = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if before is not None:
            query = query.where(id_below(outbox.c.id, before))
        with read(self._engine) as conn:
            return tuple(_mail(r) for r in conn.execute(query))

    def pending(self, max_attempts: int, ids: Sequence[int] | None = None, limit: int = 100) -> tuple[OutboxMail, ...]:
        """Unsent mails tried fewer than ``max_attempts`` times, oldest first (only ``ids`` when given)."""
        query = (select(outbox).where(outbox.c.sent_at.is_(None), outbox.c.attempts < max_attempts)
                 .order_by(outbox.c.id).limit(limit))
        if ids is not None:
            query = query.where(outbox.c.id.in_(list(ids)))
        with read(self._engine) as conn:
            return tuple(_mail(r) for r in conn.execute(query))

    def claim(self, mail_id: int, now: dt.datetime, until: dt.datetime) -> bool:
        """Take the unsent mail for this sender until ``until``, unless another holds it: one
        conditional UPDATE (atomic on both databases), so of two processes delivering at once
        only one gets it. A claim that has lapsed (its sender died) can be taken again."""
        with write(self._engine) as conn:
            done = conn.execute(outbox.update().where(
                outbox.c.id == mail_id, outbox.c.sent_at.is_(None),
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now)).values(claimed_until=until))
            return done.rowcount == 1

    def mark_sent(self, mail_id: int, now: dt.datetime) -> None:
        with write(self._engine) as conn:
            conn.execute(outbox.update().where(outbox.c.id == mail_id)
                         .values(sent_at=now, attempts=outbox.c.attempts + 1, last_error=None, claimed_until=None))

    def mark_failed(self, mail_id: int, error: str) -> None:
        with write(self._engine) as conn:
            conn.execute(outbox.update().where(outbox.c.id == mail_id)
                         .values(attempts=outbox.c.attempts + 1, last_error=error[:1000], claimed_until=None))

    def notifications(self, user_id: str, limit: int = 100) -> tuple[UserNotification, ...]:
        """The user's notifications, newest first."""
        query = (select(notifications).where(notifications.c.user_id == user_id)
                 .order_by(notifications.c.id.desc()).limit(limit))
        with read(self._engine) as conn:
            return tuple(UserNotification(user_id=r.user_id, kind=r.kind, text=r.text, link=r.link, id=r.id,
                                      created_at=as_utc(r.created_at),
                                      read_at=as_utc(r.read_at) if r.read_at is not None else None)
                         for r in conn.execute(query))

    def unread(self, user_id: str) -> int:
        query = select(func.count()).select_from(notifications).where(
            and_(notifications.c.user_id == user_id, notifications.c.read_at.is_(None)))
        with read(self._engine) as conn:
            return int(conn.execute(query).scalar() or 0)

    def mark_read(self, user_id: str, now: dt.datetime, note_id: int | None = None) -> int:
        """Mark the user's notification ``note_id`` (None: all of them) read; how many were unread."""
        which = and_(notifications.c.user_id == user_id, notifications.c.read_at.is_(None))
        if note_id is not None:
            which = and_(which, notifications.c.id == note_id)
        with write(self._engine) as conn:
            return int(conn.execute(notifications.update().where(which).values(read_at=now)).rowcount)


def _user(row: Row[Any]) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name, created_at=as_utc(row.created_at),
                disabled=bool(row.disabled), email=row.email)


def _invitation(row: Row[Any]) -> Invitation:
    return Invitation(user_id=row.user_id, purpose=row.purpose, inviter=row.inviter,
                      created_at=as_utc(row.created_at), expires_at=as_utc(row.expires_at),
                      used_at=as_utc(row.used_at) if row.used_at is not None else None)


def _mail(row: Row[Any]) -> OutboxMail:
    return OutboxMail(kind=row.kind, recipient=row.recipient, subject=row.subject, body=row.body,
                      message_id=row.message_id, about_url=row.about_url, id=row.id,
                      created_at=as_utc(row.created_at),
                      sent_at=as_utc(row.sent_at) if row.sent_at is not None else None,
                      attempts=row.attempts, last_error=row.last_error,
                      claimed_until=as_utc(row.claimed_until) if row.claimed_until is not None else None)
