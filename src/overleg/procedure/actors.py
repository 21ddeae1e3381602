"""Who acts in the procedure: an ``Actor`` with roles, each a ``RoleKind`` held in a scope.

A role is held *of* something: clerk or chair of a committee, member or staff of a group,
official of a ministry, administrator of everything (scope ``*``, who manages users and has no
standing in any consultation). The store keeps the same roles as memberships of its users; the
service turns a user's memberships into an ``Actor``.
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
    """``kind`` of ``of``: a committee (clerk, chair), a group (member, staff) or a ministry."""

    kind: RoleKind
    of: str


@dataclass(frozen=True)
class Actor:
    """A logged-in user with roles, or the public (no roles)."""

    user_id: str
    roles: frozenset[Role] = frozenset()

    @classmethod
    def public(cls) -> Actor:
        return cls("anonymous")

    @classmethod
    def with_role(cls, user_id: str, kind: RoleKind, of: str) -> Actor:
        return cls(user_id, frozenset({Role(kind, of)}))

    def has(self, kind: RoleKind, of: str) -> bool:
        return Role(kind, of) in self.roles

    def groups(self) -> frozenset[str]:
        return frozenset(r.of for r in self.roles if r.kind in (RoleKind.MEMBER, RoleKind.STAFF))
