"""Users, roles, logins and tokens: who is asking, and what they may manage.

Roles live in the store as memberships (role, scope, committee): clerk or chair of a committee,
member or staff of a group, official of a ministry, and ``admin`` (scope ``*``), who manages
users. ``committee`` says in whose consultations the role counts: None for every committee
(only an administrator grants that), else one committee. The procedure sees them as an
``Actor`` whose ``user_id`` is the username (so the audit log reads as names) and whose roles
carry the same committee (``procedure.access.standing`` honours it). Committees exist as the
scopes users hold roles in; groups and ministries are register entries (``service.registers``):
a member's, staff's or official's grant is stored with the entry's key, whatever spelling was
typed, and a role still held in free text also holds of the entry its name resolves to.

Who may grant what: an administrator, any role in any committee or in all; a clerk, roles that
hold only within a committee they clerk: member, staff and official in that committee, and
chair or clerk of it. A clerk's grant names no committee when the clerk has one (it is theirs)
and must name it when they clerk several. The first admin comes from ``overleg user
create-admin`` or, on a store without any user, from ``setup`` (see docs/api.md).

Logins and password changes go through the throttle and the hashing slots of
``service.logins``; tokens expire after ``settings.token_days``; an administrator deactivates a
user (their sessions end and tokens are revoked at once; any request after that is the
public's or refused). Every such step is written to the accounts' audit log, which
administrators read (``events``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from overleg.errors import Conflict, NotFound, PermissionDenied, TooManyRequests, ValidationFailed
from overleg.procedure.actors import Actor, Role, RoleKind
from overleg.service.logins import HashingSlots, Keys, LoginLimits, LoginThrottle
from overleg.service.registers import Registers
from overleg.settings import Settings
from overleg.store import AccountEvent, Membership, NewSession, NewToken, Store, TokenInfo, User
from overleg.vocabulary.counts import aantal

ADMIN_SCOPE = "*"
OPERATOR = "operator"  # the actor name of the command line's operator in the audit log
MIN_PASSWORD_CHARS = 8
COMMITTEE_ROLES = frozenset({RoleKind.CLERK, RoleKind.CHAIR})  # held of a committee, so in it


@dataclass(frozen=True)
class Credentials:
    """Who a request comes from: the user (None for the public) and the actor the procedure sees."""

    user: User | None
    actor: Actor
    is_admin: bool = False
    memberships: tuple[Membership, ...] = ()

    @classmethod
    def public(cls) -> Credentials:
        return cls(None, Actor.public())

    @classmethod
    def operator(cls) -> Credentials:
        """Whoever runs ``overleg`` on the store's machine: they hold the database URL, so they may
        do what an administrator may (the command line only; no request over HTTP is this)."""
        return cls(None, Actor(OPERATOR, frozenset()), is_admin=True)

    def clerk_of(self) -> tuple[str, ...]:
        """The committees this caller is clerk of, in order."""
        return tuple(sorted({m.scope for m in self.memberships if m.role is RoleKind.CLERK}))

    def is_user(self, username: str) -> bool:
        return self.user is not None and self.user.username == username


@dataclass(frozen=True)
class Grant:
    """A role to grant: ``role`` of ``scope``, holding in ``committee`` (None: the default, see
    ``Accounts.create_user``)."""

    role: str
    scope: str
    committee: str | None = None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Accounts:
    def __init__(self, store: Store, settings: Settings | None = None,
                 clock: Callable[[], dt.datetime] = _utc_now, registers: Registers | None = None) -> None:
        self._store = store
        self._registers = registers or Registers(store)
        self._settings = settings or Settings()
        self._clock = clock
        limits = LoginLimits(self._settings.login_attempts_per_account, self._settings.login_attempts_per_address,
                             dt.timedelta(seconds=self._settings.login_window_seconds))
        self._throttle = LoginThrottle(store.users, limits, clock)
        self._hashing = HashingSlots(self._settings.hashing_slots)

    # -- who is asking --------------------------------------------------------------------------

    def credentials(self, user: User) -> Credentials:
        """The user with their roles, as the procedure sees them (each role where it holds)."""
        held = self._store.users.memberships(user.id)
        roles = frozenset(Role(m.role, m.scope, m.committee) for m in held if m.role is not RoleKind.ADMIN)
        actor = self._registers.linked(Actor(user.username, roles))  # roles of groups and ministries by key
        return Credentials(user, actor, any(m.role is RoleKind.ADMIN for m in held), held)

    def acting_as(self, who: Credentials, username: str | None) -> Credentials:
        """The credentials of ``username`` for the operator, who acts as that user on the command
        line (the public for None); NotFound for an unknown user."""
        if username is None:
            return Credentials.public()
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag optreden als een andere gebruiker.")
        return self.credentials(self._user(username))

    def by_token(self, token: str) -> Credentials | None:
        """The token's user; None for a token unknown, revoked, expired, or of a deactivated user."""
        user = self._store.users.user_for_token(token, self._clock())
        return self.credentials(user) if user is not None else None

    def by_session(self, session_id: str) -> tuple[Credentials, str] | None:
        """The session's user and its CSRF token; None for an unknown or ended session (or a deactivated user)."""
        found = self._store.users.session(session_id)
        return (self.credentials(found.user), found.csrf_token) if found is not None else None

    # -- logins and tokens ----------------------------------------------------------------------

    def login(self, username: str, password: str, address: str | None = None) -> NewSession:
        """A new session for a right password; PermissionDenied (saying no more) otherwise,
        TooManyRequests after too many failures for the account or from ``address``."""
        user = self._check_password(username, password, address)
        session = self._store.users.create_session(user.id)
        self._log("logged-in", user.username, user.username, address)
        return session

    def logout(self, who: Credentials, session_id: str) -> None:
        """End this session (and nothing else: other sessions and tokens stay)."""
        self._store.users.end_session(session_id)
        if who.user is not None:
            self._log("logged-out", who.user.username, who.user.username)

    def token_for_password(self, username: str, password: str, name: str = "",
                           address: str | None = None) -> NewToken:
        """A bearer token for a right password (throttled as a login is)."""
        user = self._check_password(username, password, address)
        return self._issue(user, name, user.username, address)

    def token_for(self, who: Credentials, name: str = "") -> NewToken:
        """A new bearer token for the logged-in user ``who``."""
        if who.user is None:
            raise PermissionDenied("Log eerst in om een token te krijgen.")
        return self._issue(who.user, name, who.user.username)

    def issue_token(self, who: Credentials, username: str, name: str = "") -> NewToken:
        """A bearer token for another user, issued by an administrator (an API client's)."""
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag een token uitgeven voor een andere gebruiker.")
        return self._issue(self._user(username), name, who.actor.user_id)

    def tokens(self, who: Credentials, username: str | None = None) -> tuple[TokenInfo, ...]:
        """The tokens of ``username`` (default: the caller's own): for themselves and administrators."""
        user = self._own_or_administered(who, username)
        return self._store.users.tokens(user.id)

    def revoke_token(self, who: Credentials, token_id: str) -> TokenInfo:
        """Revoke one token by its id: the owner's own or, for an administrator, anyone's.
        NotFound for a token that is not there or not the caller's to see."""
        found = self._store.users.token(token_id)
        if found is None or not (who.is_admin or (who.user is not None and who.user.id == found.user_id)):
            raise NotFound(f"Er is geen token {token_id}; kies een van uw eigen tokens.")
        if self._store.users.revoke_token_id(token_id):
            self._log("token-revoked", who.actor.user_id, self._store.users.get(found.user_id).username,
                      detail=f"token {token_id} ({found.name or 'unnamed'})")
        return self._store.users.token(token_id) or found

    def revoke_tokens(self, who: Credentials, username: str) -> int:
        """Revoke every token of ``username``: their own, or anyone's for an administrator; how many."""
        user = self._own_or_administered(who, username)
        revoked = self._store.users.revoke_tokens(user.id)
        self._log("token-revoked", who.actor.user_id, user.username, detail=f"all tokens: {revoked}")
        return revoked

    def set_password(self, who: Credentials, username: str, password: str, current: str | None = None,
                     address: str | None = None) -> None:
        """Set a password: one's own with the current one (throttled as a login), or anyone's by
        an administrator. At least ``MIN_PASSWORD_CHARS`` characters."""
        user = self._own_or_administered(who, username)
        _check_new_password(password)
        if not who.is_admin or who.is_user(username):
            if current is None:
                raise ValidationFailed("Vul uw huidige wachtwoord in om een nieuw wachtwoord in te stellen.",
                                       field="current_password")
            self._check_password(username, current, address)
        with self._hashing.slot():
            self._store.users.set_password(user.id, password)
        self._log("password-set", who.actor.user_id, user.username, address)

    # -- users ----------------------------------------------------------------------------------

    def setup(self, username: str, password: str, display_name: str | None = None) -> tuple[User, str]:
        """The first admin of a store without users, with a bearer token; Conflict once any user exists."""
        if self._store.users.count() > 0:
            raise Conflict("Inrichten kan alleen zolang er nog geen gebruikers zijn; log in.")
        user = self._create(username, password, display_name)
        self._store.users.add_membership(user.id, RoleKind.ADMIN, ADMIN_SCOPE)
        self._log("user-created", username, user.username, detail="the first administrator, by setup")
        self._log("roles-granted", username, user.username, detail=_describe(RoleKind.ADMIN, ADMIN_SCOPE, None))
        return user, self._issue(user, "setup", user.username).token

    def create_user(self, who: Credentials, username: str, password: str | None, display_name: str | None,
                    roles: Sequence[Grant | tuple[str, str]], issue_token: bool = False) -> tuple[User, str | None]:
        """A new user with ``roles``, created by ``who``; with ``issue_token`` (admins only) also a
        bearer token for the new user. A grant without a committee holds in every committee when
        an administrator makes it, and in the clerk's own committee when a clerk does (a clerk of
        several committees must name one)."""
        wanted = self.checked_grants(who, roles)
        if issue_token and not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag een token uitgeven voor een andere gebruiker.")
        if password is None and not issue_token:
            raise ValidationFailed("Een gebruiker heeft een wachtwoord nodig, of een token dat direct wordt "
                                   "uitgegeven.",
                                   field="password")
        user = self._create(username, password, display_name)
        for role, scope, committee in wanted:
            self._store.users.add_membership(user.id, role, scope, committee)
        self._log("user-created", who.actor.user_id, user.username)
        if wanted:
            self._log("roles-granted", who.actor.user_id, user.username,
                      detail="; ".join(_describe(*w) for w in wanted))
        token = self._issue(user, "issued", who.actor.user_id).token if issue_token else None
        return user, token

    def checked_grants(self, who: Credentials, roles: Sequence[Grant | tuple[str, str]]
                       ) -> tuple[tuple[RoleKind, str, str | None], ...]:
        """``roles`` checked for form and with their committees filled in; PermissionDenied when
        ``who`` may not create users or grant one of them (see ``may_grant``)."""
        if not who.is_admin and not who.clerk_of():
            raise PermissionDenied("Alleen een beheerder of een griffier mag gebruikers aanmaken.")
        wanted = tuple(self._resolve(who, g if isinstance(g, Grant) else Grant(*g)) for g in roles)
        for role, scope, committee in wanted:
            if not self.may_grant(who, role, scope, committee):
                where = "elke commissie" if committee is None else committee
                raise PermissionDenied(f"Gebruiker {who.actor.user_id} mag niemand de rol {role.value} van {scope} "
                                       f"geven in {where}; dat mag alleen een griffier van die commissie.")
        return wanted

    def manages(self, who: Credentials, held: Sequence[Membership]) -> bool:
        """Whether ``who`` manages (resets the password of) a user holding ``held``: an
        administrator anyone; a clerk a user whose every role holds only within committees it
        clerks (so a clerk never locks out someone another committee or an administrator relies on)."""
        if who.is_admin:
            return True
        own = set(who.clerk_of())
        return bool(own) and bool(held) and all(
            m.role is not RoleKind.ADMIN and (m.scope if m.role in COMMITTEE_ROLES else m.committee) in own
            for m in held)

    def sees(self, who: Credentials, held: Sequence[Membership]) -> bool:
        """Whether ``who`` sees a user holding ``held`` in the list of users: an administrator
        everyone; a clerk whoever holds a role within one of its committees."""
        if who.is_admin:
            return True
        own = set(who.clerk_of())
        return any((m.scope if m.role in COMMITTEE_ROLES else m.committee) in own for m in held)

    def record(self, what: str, actor: str | None, subject: str | None, detail: str = "") -> None:
        """A line in the accounts' audit log (for the account steps of other parts: invitations)."""
        self._log(what, actor, subject, detail=detail)

    def deactivate(self, who: Credentials, username: str) -> User:
        """Deactivate a user (administrators only): from the next request on, their sessions and
        tokens no longer work (both are ended for good) and they cannot log in."""
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag een gebruiker deactiveren.")
        if who.is_user(username):
            raise Conflict("Een beheerder kan zichzelf niet deactiveren; vraag een andere beheerder.")
        user = self._user(username)
        self._store.users.set_disabled(user.id, True)
        self._store.mail.end_invitations(user.id, self._clock())  # an open link would let them in again
        tokens = self._store.users.revoke_tokens(user.id)
        sessions = self._store.users.end_sessions(user.id)
        self._log("user-deactivated", who.actor.user_id, user.username,
                  detail=f"tokens revoked: {tokens}, sessions ended: {sessions}")
        return self._store.users.get(user.id)

    def reactivate(self, who: Credentials, username: str) -> User:
        """Let a deactivated user log in again (administrators only); their old tokens stay revoked."""
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag een gebruiker weer activeren.")
        user = self._user(username)
        self._store.users.set_disabled(user.id, False)
        self._log("user-reactivated", who.actor.user_id, user.username)
        return self._store.users.get(user.id)

    def holders(self, who: Credentials, role: str, scope: str) -> tuple[User, ...]:
        """The users who hold ``role`` in ``scope`` (e.g. the chairs of a committee), by username:
        for an administrator and for a clerk of ``scope`` (who names the chair of a consultation)."""
        if not who.is_admin and scope not in who.clerk_of():
            raise PermissionDenied(f"Alleen een griffier van {scope} mag zien wie er een rol heeft.")
        return self._store.users.members(RoleKind(role), scope)

    def may_grant(self, who: Credentials, role: RoleKind, scope: str, committee: str | None = None) -> bool:
        """Whether ``who`` may make someone ``role`` of ``scope`` holding in ``committee``."""
        if who.is_admin:
            return True
        clerk_of = who.clerk_of()
        if not clerk_of or role is RoleKind.ADMIN:
            return False
        if role in COMMITTEE_ROLES:
            return scope in clerk_of
        return committee is not None and committee in clerk_of

    def events(self, who: Credentials, subject: str | None = None, before: int | None = None,
               limit: int = 100) -> tuple[AccountEvent, ...]:
        """The accounts' audit log, newest first (administrators only)."""
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag het logboek van de accounts lezen.")
        return self._store.users.account_events(subject, before, limit)

    # -- inside ---------------------------------------------------------------------------------

    def _check_password(self, username: str, password: str, address: str | None) -> User:
        """The user for a right password, through the throttle and a hashing slot."""
        keys = Keys.of(username, address)
        self._refuse_if_throttled(keys, username, address)
        with self._hashing.slot():
            # Checked again: a burst that passed the first check together is cut off here, once
            # the first of it have failed, instead of hashing every guess.
            self._refuse_if_throttled(keys, username, address)
            user = self._store.users.verify_password(username, password)
        if user is None:
            self._throttle.failed(keys)
            self._log("login-failed", None, username, address)
            raise PermissionDenied("Gebruikersnaam of wachtwoord is onjuist.")
        self._throttle.succeeded(keys)
        return user

    def _refuse_if_throttled(self, keys: Keys, username: str, address: str | None) -> None:
        refused = self._throttle.refused_for(keys)
        if refused is not None:
            seconds, which = refused
            self._log("login-throttled", None, username, address, detail=f"too many failures for the {which}")
            wait = aantal(seconds, "seconde", "seconden")
            raise TooManyRequests(f"Te veel mislukte pogingen om in te loggen; probeer het over {wait} opnieuw.",
                                  retry_after=seconds)

    def _issue(self, user: User, name: str, actor: str, address: str | None = None) -> NewToken:
        expires = self._clock() + dt.timedelta(days=self._settings.token_days)
        issued = self._store.users.issue_api_token(user.id, name, expires)
        self._log("token-issued", actor, user.username, address,
                  detail=f"token {issued.info.id} ({name or 'unnamed'}), until {expires.date().isoformat()}")
        return issued

    def _user(self, username: str) -> User:
        user = self._store.users.by_username(username)
        if user is None:
            raise NotFound(f"Er is geen gebruiker {username}.")
        return user

    def _own_or_administered(self, who: Credentials, username: str | None) -> User:
        """The user ``username`` (None: the caller) when the caller is that user or an administrator."""
        if who.user is None and not who.is_admin:
            raise PermissionDenied("Log eerst in.")
        if username is None or who.is_user(username):
            if who.user is None:
                raise ValidationFailed("Vul de gebruikersnaam in.", field="username")
            return who.user
        if not who.is_admin:
            raise PermissionDenied("Alleen een beheerder mag het account van een andere gebruiker beheren.")
        return self._user(username)

    def _resolve(self, who: Credentials, grant: Grant) -> tuple[RoleKind, str, str | None]:
        """The grant checked for form and with its committee filled in (see ``create_user``)."""
        try:
            role = RoleKind(grant.role)
        except ValueError:
            raise ValidationFailed(f"Er is geen rol {grant.role}; kies uit {', '.join(r.value for r in RoleKind)}.",
                                   field="roles") from None
        scope = grant.scope.strip()
        committee = grant.committee.strip() if grant.committee is not None else None
        if not scope:
            raise ValidationFailed("Een rol hoort bij een commissie, fractie of ministerie; vul die in.", field="roles")
        if role is not RoleKind.ADMIN and scope == ADMIN_SCOPE:
            raise ValidationFailed(f"{ADMIN_SCOPE} is alleen voor beheerders; kies een commissie, fractie of "
                                   "ministerie.",
                                   field="roles")
        if committee is not None and committee in ("", ADMIN_SCOPE):
            raise ValidationFailed("Noem de commissie bij haar naam, of laat het veld leeg voor elke commissie.",
                                   field="roles.committee")
        if role is RoleKind.ADMIN:
            if committee is not None:
                raise ValidationFailed("Een beheerder heeft zijn rol overal; laat de commissie leeg.",
                                       field="roles.committee")
            return role, scope, None
        scope = self._registers.scope_of(role, scope)  # a group's or ministry's role holds of its register key
        if role in COMMITTEE_ROLES:
            if committee not in (None, scope):
                raise ValidationFailed(f"Een {role.value} van {scope} werkt alleen in {scope}; laat de commissie leeg "
                                       f"of kies {scope}.",
                                       field="roles.committee")
            return role, scope, scope
        if committee is None and not who.is_admin:
            own = who.clerk_of()
            if len(own) > 1:
                raise ValidationFailed(f"U bent griffier van meer commissies ({', '.join(own)}): noem de commissie "
                                       "waarin de rol geldt.", field="roles.committee")
            committee = own[0] if own else None
        return role, scope, committee

    def _create(self, username: str, password: str | None, display_name: str | None) -> User:
        if not username.strip():
            raise ValidationFailed("Vul een gebruikersnaam in.", field="username")
        if password is not None:
            _check_new_password(password)
        if password is None:  # nothing to hash
            return self._store.users.create_user(username, None, display_name)
        with self._hashing.slot():
            return self._store.users.create_user(username, password, display_name)

    def _log(self, what: str, actor: str | None, subject: str | None, address: str | None = None,
             detail: str = "") -> None:
        self._store.users.record_account_event(AccountEvent(what, self._clock(), actor, subject, address, detail))


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValidationFailed(f"Een wachtwoord heeft ten minste {MIN_PASSWORD_CHARS} tekens; kies een langer "
                               "wachtwoord.", field="password")


def _describe(role: RoleKind, scope: str, committee: str | None) -> str:
    where = "every committee" if committee is None else committee
    return f"{role.value} of {scope} in {where}"
