"""Who acts in the procedure: an ``Actor`` with roles, each a ``RoleKind`` held in a scope.

A role is held *of* something: clerk or chair of a committee, member or staff of a group,
official of a ministry, administrator of everything (scope ``*``, who manages users and has no
standing in any consultation). A role also holds *in* committees: ``committee`` None means in
every committee's consultations (what an administrator grants), a name means in that committee's
only (what a clerk grants: a group's member invited by one committee's clerk reads and acts in
that committee's consultations and nowhere else). The store keeps the same roles as memberships
of its users; the service turns a user's memberships into an ``Actor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoleKind(StrEnum):
    """What a role lets a user do; the scope it is held in says where."""

    CLERK = "clerk"
    CHAIR = "chair"
    MEMBER = "member"
    STAFF = "staff"
    OFFICIAL = "official"
    ADMIN = "admin"  # manages users and roles (scope "*"); the first one comes from setup or the CLI


@dataclass(frozen=True)
class Role:
    """``kind`` of ``of``: a committee (clerk, chair), a group (member, staff) or a ministry;
    holding in the consultations of ``committee`` only (None: of every committee)."""

    kind: RoleKind
    of: str
    committee: str | None = None

    def holds_in(self, committee: str) -> bool:
        """Whether the role counts in a consultation of ``committee``."""
        return self.committee is None or self.committee == committee


@dataclass(frozen=True)
class Actor:
    """A logged-in user with roles, or the public (no roles)."""

    user_id: str
    roles: frozenset[Role] = frozenset()

    @classmethod
    def public(cls) -> Actor:
        return cls("anonymous")

    @classmethod
    def with_role(cls, user_id: str, kind: RoleKind, of: str, committee: str | None = None) -> Actor:
        return cls(user_id, frozenset({Role(kind, of, committee)}))

    def has(self, kind: RoleKind, of: str, within: str | None = None) -> bool:
        """Whether the actor is ``kind`` of ``of``; with ``within``, in a way that counts in a
        consultation of that committee (a role a clerk of another committee granted does not)."""
        return any(r.kind is kind and r.of == of and (within is None or r.holds_in(within)) for r in self.roles)

    def groups(self, within: str | None = None) -> frozenset[str]:
        """The groups the actor is member or staff of (counting in ``within``'s consultations, when given)."""
        return frozenset(r.of for r in self.roles if r.kind in (RoleKind.MEMBER, RoleKind.STAFF)
                         and (within is None or r.holds_in(within)))
