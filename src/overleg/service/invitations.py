"""Invitations and password resets: a one-time link to set a password.

An administrator, or a clerk within its committees (``Accounts.checked_grants``: the grant rules
of ``may_grant``), invites a user by name, e-mail address and one role. The invitation makes the
account disabled until its password is set, with the role, and a link ``/uitnodiging/{token}``
valid for ``settings.invitation_days``; the link is mailed (through the outbox) and also given
back to the inviter once, to hand over where mail is not set up. Following it sets a password
(the usual checks) and enables the account. A reset is the same link for an existing user, made
by an administrator or by a clerk for a user wholly within its committees (``Accounts.manages``);
it leaves a deactivated account deactivated. A user has one live link at a time: a new one ends
the older ones, and deactivating the user ends them all. Only the token's sha256 is stored.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from overleg.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from overleg.procedure.codec import snapshot_from_json
from overleg.service import mail_texts
from overleg.service.accounts import MIN_PASSWORD_CHARS, Accounts, Credentials, Grant
from overleg.service.notifications import Notifications
from overleg.service.registers import Registers
from overleg.settings import Settings
from overleg.store import NewSession, Store, User
from overleg.store.mail import Account

MAX_EMAIL_CHARS = 254
MAX_NAME_CHARS = 200
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")


@dataclass(frozen=True)
class IssuedLink:
    """A one-time link just made: shown once to whoever made it."""

    user: User
    purpose: str  # "invite" or "reset"
    url: str
    expires_at: dt.datetime
    mailed: bool


@dataclass(frozen=True)
class LinkHolder:
    """Whose link a token is, for the page that sets the password."""

    user: User
    purpose: str


class LinkRefused(Conflict):
    """A link that is unknown, used or expired; ``reason`` is one of those three words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Listed:
    """A user in the list of users: status and roles, and what the caller may do with them."""

    user: User
    status: str  # "actief", "uitgenodigd", "gedeactiveerd"
    roles: tuple[tuple[str, str, str | None], ...]  # (role, scope, committee or None)
    may_reset: bool
    may_deactivate: bool


def check_email(email: str) -> str:
    email = email.strip()
    if len(email) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(email):
        raise ValidationFailed("not an e-mail address", field="email")
    return email


class Invitations:
    def __init__(self, store: Store, accounts: Accounts, notifications: Notifications, settings: Settings,
                 clock: Callable[[], dt.datetime], registers: Registers) -> None:
        self._store = store
        self._registers = registers
        self._accounts = accounts
        self._notifications = notifications
        self._settings = settings
        self._clock = clock

    def invite(self, who: Credentials, username: str, display_name: str, email: str, grant: Grant) -> IssuedLink:
        """A new account with one role, disabled until its password is set through the link."""
        username = username.strip()
        if not _USERNAME.fullmatch(username) or len(username) > MAX_NAME_CHARS:
            raise ValidationFailed("a username is letters, digits and . _ @ -", field="username")
        display_name = display_name.strip() or username
        if len(display_name) > MAX_NAME_CHARS:
            raise ValidationFailed(f"a name has at most {MAX_NAME_CHARS} characters", field="display_name")
        address = check_email(email)
        wanted = self._accounts.checked_grants(who, (grant,))
        if self._store.users.by_username(username) is not None:
            raise Conflict(f"the username {username!r} is taken")
        user = self._store.users.create_user(username, None, display_name)
        self._store.users.set_disabled(user.id, True)
        self._store.mail.set_profile(user.id, display_name, address)
        for role, scope, committee in wanted:
            self._store.users.add_membership(user.id, role, scope, committee)
        self._accounts.record("user-invited", who.actor.user_id, username,
                              detail="; ".join(f"{r.value} of {s} in {c or 'every committee'}" for r, s, c in wanted))
        return self._issue(who, self._store.users.get(user.id), "invite")

    def reset(self, who: Credentials, username: str) -> IssuedLink:
        """A link to set a new password for an existing user (the old one works until it is used)."""
        user = self._store.users.by_username(username)
        if user is None or not self._accounts.sees(who, self._store.users.memberships(user.id)):
            raise NotFound(f"no user {username!r}")
        if not self._accounts.manages(who, self._store.users.memberships(user.id)):
            raise PermissionDenied(f"{who.actor.user_id!r} may not reset the password of {username!r}")
        self._accounts.record("reset-link-made", who.actor.user_id, username)
        # someone invited who never set a password gets a new invitation (which enables the account)
        invited = user.disabled and not self._store.mail.has_password(user.id)
        return self._issue(who, user, "invite" if invited else "reset")

    def holder(self, token: str) -> LinkHolder:
        """Whose link ``token`` is; LinkRefused when unknown, used or expired."""
        found = self._store.mail.invitation(token) if token else None
        if found is None:
            raise LinkRefused("this link is not known", "unknown")
        if found.used_at is not None:
            raise LinkRefused("this link was used already", "used")
        if found.expires_at <= self._clock():
            raise LinkRefused("this link has expired", "expired")
        return LinkHolder(self._store.users.get(found.user_id), found.purpose)

    def accept(self, token: str, password: str, address: str | None = None) -> NewSession:
        """Set the password through the link, enable an invited account, and log in."""
        holder = self.holder(token)
        if len(password) < MIN_PASSWORD_CHARS:
            raise ValidationFailed(f"a password has at least {MIN_PASSWORD_CHARS} characters", field="password")
        if holder.purpose == "reset" and holder.user.disabled:
            raise LinkRefused("the account is deactivated", "deactivated")
        if not self._store.mail.use_invitation(token, self._clock()):
            raise LinkRefused("this link was used already", "used")
        self._store.users.set_password(holder.user.id, password)
        if holder.purpose == "invite":
            self._store.users.set_disabled(holder.user.id, False)
        else:
            self._store.users.end_sessions(holder.user.id)  # a new password ends the old sessions
        self._accounts.record("password-set", holder.user.username, holder.user.username,
                              detail=f"through a one-time link ({holder.purpose})")
        return self._store.users.create_session(holder.user.id)

    def update_profile(self, who: Credentials, display_name: str, email: str) -> User:
        """The caller's own name and e-mail address ('' for none: then no mail is sent to them)."""
        if who.user is None:
            raise PermissionDenied("log in to change your profile")
        name = display_name.strip()
        if not name or len(name) > MAX_NAME_CHARS:
            raise ValidationFailed(f"a name has 1 to {MAX_NAME_CHARS} characters", field="display_name")
        address = check_email(email) if email.strip() else None
        self._store.mail.set_profile(who.user.id, name, address)
        self._accounts.record("profile-changed", who.user.username, who.user.username)
        return self._store.users.get(who.user.id)

    def users(self, who: Credentials) -> tuple[Listed, ...]:
        """The users ``who`` may see (an administrator all, a clerk those with a role in its committees)."""
        if not who.is_admin and not who.clerk_of():
            raise PermissionDenied("only an administrator or a clerk may list users")
        listed = []
        for account in self._store.mail.accounts():
            held = self._store.users.memberships(account.user.id)
            if not self._accounts.sees(who, held):
                continue
            listed.append(Listed(account.user, _status(account), tuple((m.role.value, m.scope, m.committee)
                                                                        for m in held),
                                 self._accounts.manages(who, held),
                                 who.is_admin and not who.is_user(account.user.username)))
        return tuple(listed)

    def scope_choices(self, who: Credentials) -> dict[str, tuple[str, ...]]:
        """What a role can be held of, per kind: the committees the store knows (roles held,
        consultations; a clerk only its own), and the keys of the active groups and ministries of
        the registers (a grant resolves a typed name to the register too)."""
        committees = {scope for role, scope in self._store.mail.scopes() if role in ("clerk", "chair")}
        for snapshot in self._store.events.consultations():
            try:
                committees.add(snapshot_from_json(snapshot.snapshot_json).committee)
            except ValueError:
                continue  # an unreadable snapshot names no committee; the store check reports it
        if not who.is_admin:
            committees &= set(who.clerk_of())
        return {"committee": tuple(sorted(committees)),
                "group": tuple(g.key for g in self._registers.groups(who, active_only=True)),
                "ministry": tuple(m.key for m in self._registers.ministries(who, active_only=True))}

    def _issue(self, who: Credentials, user: User, purpose: str) -> IssuedLink:
        token = secrets.token_urlsafe(32)
        now = self._clock()
        expires = now + dt.timedelta(days=self._settings.invitation_days)
        self._store.mail.add_invitation(token, user.id, purpose, who.actor.user_id, now, expires)
        url = mail_texts.link(self._settings.public_url, f"/uitnodiging/{token}")
        inviter = who.user.display_name if who.user is not None else "De beheerder"
        mailed = self._notifications.invitation(user, purpose, url, expires, inviter)
        return IssuedLink(user, purpose, url, expires, mailed)


def _status(account: Account) -> str:
    if not account.user.disabled:
        return "actief"
    return "gedeactiveerd" if account.has_password else "uitgenodigd"
