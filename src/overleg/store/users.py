"""Users, their roles, API tokens and login sessions; failed logins and the accounts' audit log.

Passwords are hashed with argon2id (argon2-cffi), with its recommended profile. Tests inject a
cheap one (``UserRepository(engine, hasher=fast_hasher())``, or ``hasher=`` when they open the
store or the service); nothing in production selects it. Tokens and session ids are random;
the store keeps only their sha256, so a copy of the database does not let anyone log in. The
CSRF token of a session is kept as is: it is printed into forms and is useless without the
session cookie.

A membership holds in one committee or in every one (``EVERY_COMMITTEE`` in the table, None in
the record). Tokens carry an id (to list and revoke them by) and an end. ``login_failures``
counts failed logins per key for the service's throttle; ``account_events`` is append-only.
Times that decide something (a token's end, a throttle's window) come from the caller, so the
service's clock rules them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from functools import cached_property
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, Engine, Row, func, select
from sqlalchemy.exc import IntegrityError

from overleg.errors import Conflict, NotFound
from overleg.store.engine import read, write
from overleg.store.paging import id_below
from overleg.store.records import AccountEvent, Membership, NewSession, NewToken, RoleKind, Session, TokenInfo, User
from overleg.store.schema import (
    EVERY_COMMITTEE,
    account_events,
    api_tokens,
    login_failures,
    memberships,
    sessions,
    users,
)
from overleg.store.timeutil import as_utc, utcnow

TOKEN_PREFIX = "ovl_"
SESSION_LIFETIME = dt.timedelta(hours=12)
TOKEN_LIFETIME = dt.timedelta(days=90)  # when the caller names no end (the service passes settings.token_days)
NO_PASSWORD = "!no-password"  # not an argon2 hash: verify_password never accepts it


def fast_hasher() -> PasswordHasher:
    """An argon2id profile that takes about a millisecond: for tests only."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def default_hasher() -> PasswordHasher:
    """argon2-cffi's recommended profile (argon2id)."""
    return PasswordHasher()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class UserRepository:
    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
        self._hasher = hasher or default_hasher()

    @cached_property
    def _dummy_hash(self) -> str:
        """A hash to verify against for unknown usernames (made on first use: it takes time)."""
        return self._hasher.hash(secrets.token_urlsafe(16))

    def create_user(self, username: str, password: str | None, display_name: str | None = None) -> User:
        """A new enabled user; ``Conflict`` when the username is taken.

        ``password`` None makes a user who cannot log in with a password (an API client that
        uses tokens an admin issued): the stored hash is a marker no password verifies against.
        """
        if not username.strip() or password == "":
            raise ValueError("a user needs a username and a password")
        user = User(id=uuid.uuid4().hex, username=username.strip(), display_name=display_name or username.strip(),
                    created_at=utcnow())
        try:
            with write(self._engine) as conn:
                conn.execute(users.insert().values(
                    id=user.id, username=user.username, display_name=user.display_name,
                    password_hash=self._hasher.hash(password) if password is not None else NO_PASSWORD,
                    created_at=user.created_at, disabled=False))
        except IntegrityError:
            raise Conflict(f"the username {user.username!r} is taken") from None
        return user

    def count(self) -> int:
        """How many users there are (0: a fresh store, where setup may create the first admin)."""
        with read(self._engine) as conn:
            return int(conn.execute(select(func.count()).select_from(users)).scalar() or 0)

    def get(self, user_id: str) -> User:
        with read(self._engine) as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound(f"no user with id {user_id}")
        return _user(row)

    def by_username(self, username: str) -> User | None:
        with read(self._engine) as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
        return _user(row) if row is not None else None

    def verify_password(self, username: str, password: str) -> User | None:
        """The user when the password is right and the user enabled; None otherwise.

        An unknown username costs as much time as a wrong password, so timing does not tell
        which usernames exist. A hash made with an older profile is replaced on success.
        """
        with read(self._engine) as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
        stored = row.password_hash if row is not None else self._dummy_hash
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        if self._hasher.check_needs_rehash(stored):
            self.set_password(row.id, password)
        return _user(row)

    def set_password(self, user_id: str, password: str) -> None:
        with write(self._engine) as conn:
            done = conn.execute(users.update().where(users.c.id == user_id)
                                .values(password_hash=self._hasher.hash(password)))
        if done.rowcount == 0:
            raise NotFound(f"no user with id {user_id}")

    def set_disabled(self, user_id: str, disabled: bool = True) -> None:
        """Disable (or enable) a user: a disabled user cannot log in and their tokens stop working."""
        with write(self._engine) as conn:
            done = conn.execute(users.update().where(users.c.id == user_id).values(disabled=disabled))
        if done.rowcount == 0:
            raise NotFound(f"no user with id {user_id}")

    def add_membership(self, user_id: str, role: RoleKind | str, scope: str,
                       committee: str | None = None) -> Membership:
        """Give the user a role in a scope (committee, group or ministry), holding in the
        consultations of ``committee`` (None: every committee); adding it twice is a no-op."""
        membership = Membership(user_id=user_id, role=RoleKind(role), scope=scope, committee=committee)
        if committee == EVERY_COMMITTEE:
            raise ValueError(f"{EVERY_COMMITTEE!r} is not a committee; None means every committee")
        if membership in self.memberships(user_id):
            return membership
        try:
            with write(self._engine) as conn:
                conn.execute(memberships.insert().values(
                    user_id=user_id, role=membership.role.value, scope=scope,
                    committee=EVERY_COMMITTEE if committee is None else committee, created_at=utcnow()))
        except IntegrityError:
            if membership not in self.memberships(user_id):  # not a race with ourselves: no such user
                raise NotFound(f"no user with id {user_id}") from None
        return membership

    def memberships(self, user_id: str) -> tuple[Membership, ...]:
        with read(self._engine) as conn:
            rows = conn.execute(select(memberships).where(memberships.c.user_id == user_id)
                                .order_by(memberships.c.role, memberships.c.scope, memberships.c.committee))
            return tuple(Membership(r.user_id, RoleKind(r.role), r.scope,
                                    None if r.committee == EVERY_COMMITTEE else r.committee) for r in rows)

    def members(self, role: RoleKind | str, scope: str) -> tuple[User, ...]:
        """The users who hold ``role`` in ``scope`` (in any committee), by username."""
        held = (select(memberships.c.user_id)
                .where(memberships.c.role == RoleKind(role).value, memberships.c.scope == scope))
        query = select(users).where(users.c.id.in_(held)).order_by(users.c.username)
        with read(self._engine) as conn:
            return tuple(_user(r) for r in conn.execute(query))

    def create_api_token(self, user_id: str, name: str = "", expires_at: dt.datetime | None = None) -> str:
        """A new bearer token for the user; the plaintext is returned once and never stored."""
        return self.issue_api_token(user_id, name, expires_at).token

    def issue_api_token(self, user_id: str, name: str = "", expires_at: dt.datetime | None = None) -> NewToken:
        """A new bearer token with its id, valid until ``expires_at`` (default: ``TOKEN_LIFETIME`` from now)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        info = TokenInfo(id=uuid.uuid4().hex, user_id=user_id, name=name, created_at=now,
                         expires_at=as_utc(expires_at) if expires_at is not None else now + TOKEN_LIFETIME,
                         revoked=False)
        try:
            with write(self._engine) as conn:
                conn.execute(api_tokens.insert().values(
                    token_hash=_digest(token), id=info.id, user_id=user_id, name=name, created_at=info.created_at,
                    expires_at=info.expires_at, revoked=False))
        except IntegrityError:
            raise NotFound(f"no user with id {user_id}") from None
        return NewToken(token, info)

    def user_for_token(self, token: str, now: dt.datetime | None = None) -> User | None:
        """The enabled user a live token belongs to; None for an unknown, revoked or expired
        token (expired at ``now``, default the present) or a disabled user."""
        query = (select(users, api_tokens.c.expires_at.label("token_expires_at"))
                 .join(api_tokens, api_tokens.c.user_id == users.c.id)
                 .where(api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked.is_(False),
                        users.c.disabled.is_(False)))
        with read(self._engine) as conn:
            row = conn.execute(query).first()
        if row is None or as_utc(row.token_expires_at) <= (now or utcnow()):
            return None
        return _user(row)

    def tokens(self, user_id: str) -> tuple[TokenInfo, ...]:
        """The user's tokens, newest first (revoked and expired ones too)."""
        query = (select(api_tokens).where(api_tokens.c.user_id == user_id)
                 .order_by(api_tokens.c.created_at.desc(), api_tokens.c.id))
        with read(self._engine) as conn:
            return tuple(_token(r) for r in conn.execute(query))

    def token(self, token_id: str) -> TokenInfo | None:
        with read(self._engine) as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return _token(row) if row is not None else None

    def revoke_token(self, token: str) -> bool:
        """Revoke a token by its secret; False when there was no such live token."""
        return self._revoke(api_tokens.c.token_hash == _digest(token)) > 0

    def revoke_token_id(self, token_id: str) -> bool:
        """Revoke a token by its id; False when there was no such unrevoked token."""
        return self._revoke(api_tokens.c.id == token_id) > 0

    def revoke_tokens(self, user_id: str) -> int:
        """Revoke every token of the user; how many were still unrevoked."""
        return self._revoke(api_tokens.c.user_id == user_id)

    def _revoke(self, which: ColumnElement[bool]) -> int:
        with write(self._engine) as conn:
            done = conn.execute(api_tokens.update().where(which, api_tokens.c.revoked.is_(False)).values(revoked=True))
        return int(done.rowcount)

    def create_session(self, user_id: str, lifetime: dt.timedelta = SESSION_LIFETIME) -> NewSession:
        """Start a login session: a random id for the cookie and a CSRF token for forms."""
        new = NewSession(session_id=secrets.token_urlsafe(32), csrf_token=secrets.token_urlsafe(32),
                         user_id=user_id, expires_at=utcnow() + lifetime)
        try:
            with write(self._engine) as conn:
                conn.execute(sessions.insert().values(
                    id_hash=_digest(new.session_id), user_id=user_id, csrf_token=new.csrf_token,
                    created_at=utcnow(), expires_at=new.expires_at, ended_at=None))
        except IntegrityError:
            raise NotFound(f"no user with id {user_id}") from None
        return new

    def session(self, session_id: str) -> Session | None:
        """The live session for a cookie value; None when unknown, ended, expired or the user disabled."""
        query = (select(users, sessions.c.csrf_token, sessions.c.expires_at)
                 .join(sessions, sessions.c.user_id == users.c.id)
                 .where(sessions.c.id_hash == _digest(session_id), sessions.c.ended_at.is_(None),
                        users.c.disabled.is_(False)))
        with read(self._engine) as conn:
            row = conn.execute(query).first()
        if row is None or as_utc(row.expires_at) <= utcnow():
            return None
        return Session(user=_user(row), csrf_token=row.csrf_token, expires_at=as_utc(row.expires_at))

    def end_session(self, session_id: str) -> None:
        """Log out: the session stops working (the row stays, marked ended)."""
        with write(self._engine) as conn:
            conn.execute(sessions.update()
                         .where(sessions.c.id_hash == _digest(session_id), sessions.c.ended_at.is_(None))
                         .values(ended_at=utcnow()))

    def end_sessions(self, user_id: str) -> int:
        """End every session of the user; how many were not ended yet."""
        with write(self._engine) as conn:
            done = conn.execute(sessions.update()
                                .where(sessions.c.user_id == user_id, sessions.c.ended_at.is_(None))
                                .values(ended_at=utcnow()))
        return int(done.rowcount)

    # -- failed logins (the service's throttle counts them) -------------------------------------

    def record_login_failure(self, keys: tuple[str, ...], at: dt.datetime, forget_before: dt.datetime) -> None:
        """Count a failed login against each of ``keys``; rows older than ``forget_before`` go."""
        with write(self._engine) as conn:
            conn.execute(login_failures.delete().where(login_failures.c.at < forget_before))
            if keys:
                conn.execute(login_failures.insert(), [{"key": key, "at": at} for key in keys])

    def login_failures(self, key: str, since: dt.datetime) -> tuple[dt.datetime, ...]:
        """When the failed logins of ``key`` after ``since`` happened, oldest first."""
        query = (select(login_failures.c.at).where(login_failures.c.key == key, login_failures.c.at > since)
                 .order_by(login_failures.c.at))
        with read(self._engine) as conn:
            return tuple(as_utc(at) for at in conn.execute(query).scalars())

    def forget_login_failures(self, key: str) -> None:
        """Forget the failed logins of ``key`` (after a right password for the account)."""
        with write(self._engine) as conn:
            conn.execute(login_failures.delete().where(login_failures.c.key == key))

    # -- the accounts' audit log ----------------------------------------------------------------

    def record_account_event(self, event: AccountEvent) -> None:
        with write(self._engine) as conn:
            conn.execute(account_events.insert().values(
                at=event.at, what=event.what, actor=_fit(event.actor, 200), subject=_fit(event.subject, 200),
                address=_fit(event.address, 64), detail=event.detail))

    def account_events(self, subject: str | None = None, before: int | None = None,
                       limit: int = 100) -> tuple[AccountEvent, ...]:
        """The newest ``limit`` entries (before the entry with id ``before``; about ``subject``), newest first."""
        query = select(account_events).order_by(account_events.c.id.desc()).limit(limit)
        if subject is not None:
            query = query.where(account_events.c.subject == subject)
        if before is not None:
            query = query.where(id_below(account_events.c.id, before))
        with read(self._engine) as conn:
            return tuple(AccountEvent(what=r.what, at=as_utc(r.at), actor=r.actor, subject=r.subject,
                                      address=r.address, detail=r.detail, id=r.id) for r in conn.execute(query))


def _user(row: Row[Any]) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name,
                created_at=as_utc(row.created_at), disabled=bool(row.disabled), email=row.email)


def _token(row: Row[Any]) -> TokenInfo:
    return TokenInfo(id=row.id, user_id=row.user_id, name=row.name, created_at=as_utc(row.created_at),
                     expires_at=as_utc(row.expires_at), revoked=bool(row.revoked))


def _fit(text: str | None, length: int) -> str | None:
    """``text`` cut to the column's length (a name as typed at a failed login can be anything)."""
    return text[:length] if text is not None else None
