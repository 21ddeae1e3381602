"""Users, roles, logins and tokens: who is asking, and what they may manage.

Roles live in the store as memberships (role, scope): clerk or chair of a committee, member or
staff of a group, official of a ministry, and ``admin`` (scope ``*``), who manages users. The
procedure sees them as an ``Actor`` whose ``user_id`` is the username (so the audit log reads
as names). Committees, groups and ministries exist as the scopes users hold roles in and the
consultations that name them; there is no separate register of them.

Who may create users: an admin, with any roles; a clerk, with roles within reach of their
committee's work (member, staff, official, and chair or clerk of a committee they clerk).
The first admin comes from ``overleg user create-admin`` or, on a store without any user,
from ``setup`` (see docs/api.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from overleg.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from overleg.procedure.actors import Actor, Role, RoleKind
from overleg.store import Membership, NewSession, Store, User

ADMIN_SCOPE = "*"
OPERATOR = "operator"  # the actor name of the command line's operator in the audit log


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


class Accounts:
    def __init__(self, store: Store) -> None:
        self._store = store

    def credentials(self, user: User) -> Credentials:
        """The user with their roles, as the procedure sees them."""
        held = self._store.users.memberships(user.id)
        roles = frozenset(Role(m.role, m.scope) for m in held if m.role is not RoleKind.ADMIN)
        return Credentials(user, Actor(user.username, roles), any(m.role is RoleKind.ADMIN for m in held), held)

    def acting_as(self, who: Credentials, username: str | None) -> Credentials:
        """The credentials of ``username`` for the operator, who acts as that user on the command
        line (the public for None); NotFound for an unknown user."""
        if username is None:
            return Credentials.public()
        if not who.is_admin:
            raise PermissionDenied("only an administrator may act as another user")
        user = self._store.users.by_username(username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        return self.credentials(user)

    def by_token(self, token: str) -> Credentials | None:
        user = self._store.users.user_for_token(token)
        return self.credentials(user) if user is not None else None

    def by_session(self, session_id: str) -> tuple[Credentials, str] | None:
        """The session's user and its CSRF token; None for an unknown or ended session."""
        found = self._store.users.session(session_id)
        return (self.credentials(found.user), found.csrf_token) if found is not None else None

    def login(self, username: str, password: str) -> NewSession:
        """A new session for a right password; PermissionDenied (saying no more) otherwise."""
        user = self._store.users.verify_password(username, password)
        if user is None:
            raise PermissionDenied("wrong username or password")
        return self._store.users.create_session(user.id)

    def logout(self, session_id: str) -> None:
        self._store.users.end_session(session_id)

    def token_for_password(self, username: str, password: str, name: str = "") -> str:
        user = self._store.users.verify_password(username, password)
        if user is None:
            raise PermissionDenied("wrong username or password")
        return self._store.users.create_api_token(user.id, name)

    def token_for(self, who: Credentials, name: str = "") -> str:
        """A new bearer token for the logged-in user ``who``."""
        if who.user is None:
            raise PermissionDenied("log in to get a token")
        return self._store.users.create_api_token(who.user.id, name)

    def setup(self, username: str, password: str, display_name: str | None = None) -> tuple[User, str]:
        """The first admin of a store without users, with a bearer token; Conflict once any user exists."""
        if self._store.users.count() > 0:
            raise Conflict("setup is only possible on a store without users; log in instead")
        user = self._create(username, password, display_name)
        self._store.users.add_membership(user.id, RoleKind.ADMIN, ADMIN_SCOPE)
        return user, self._store.users.create_api_token(user.id, "setup")

    def create_user(self, who: Credentials, username: str, password: str | None, display_name: str | None,
                    roles: tuple[tuple[str, str], ...], issue_token: bool = False) -> tuple[User, str | None]:
        """A new user with ``roles`` ((role, scope) pairs), created by ``who``; with ``issue_token``
        (admins only) also a bearer token for the new user."""
        if not who.is_admin and not any(m.role is RoleKind.CLERK for m in who.memberships):
            raise PermissionDenied("only an admin or a clerk may create users")
        wanted = tuple(_role(r, s) for r, s in roles)
        for role, scope in wanted:
            if not self.may_grant(who, role, scope):
                raise PermissionDenied(f"{who.actor.user_id!r} may not make anyone {role.value} of {scope!r}")
        if issue_token and not who.is_admin:
            raise PermissionDenied("only an admin may issue a token for another user")
        if password is None and not issue_token:
            raise ValidationFailed("a user needs a password, or a token issued with it", field="password")
        user = self._create(username, password, display_name)
        for role, scope in wanted:
            self._store.users.add_membership(user.id, role, scope)
        token = self._store.users.create_api_token(user.id, "issued") if issue_token else None
        return user, token

    def holders(self, who: Credentials, role: str, scope: str) -> tuple[User, ...]:
        """The users who hold ``role`` in ``scope`` (e.g. the chairs of a committee), by username:
        for an administrator and for a clerk of ``scope`` (who names the chair of a consultation)."""
        if not who.is_admin and not any(m.role is RoleKind.CLERK and m.scope == scope for m in who.memberships):
            raise PermissionDenied(f"only a clerk of {scope!r} may list who holds its roles")
        return self._store.users.members(RoleKind(role), scope)

    def may_grant(self, who: Credentials, role: RoleKind, scope: str) -> bool:
        if who.is_admin:
            return True
        clerk_of = {m.scope for m in who.memberships if m.role is RoleKind.CLERK}
        if not clerk_of or role is RoleKind.ADMIN:
            return False
        return role in (RoleKind.MEMBER, RoleKind.STAFF, RoleKind.OFFICIAL) or scope in clerk_of

    def _create(self, username: str, password: str | None, display_name: str | None) -> User:
        if not username.strip():
            raise ValidationFailed("the username is empty", field="username")
        if password is not None and len(password) < 8:
            raise ValidationFailed("a password has at least 8 characters", field="password")
        return self._store.users.create_user(username, password, display_name)


def _role(role: str, scope: str) -> tuple[RoleKind, str]:
    try:
        found = RoleKind(role)
    except ValueError:
        raise ValidationFailed(f"no role {role!r}; roles are {', '.join(r.value for r in RoleKind)}",
                               field="roles") from None
    if not scope.strip():
        raise ValidationFailed("a role needs a scope (committee, group or ministry)", field="roles")
    return found, scope.strip()
