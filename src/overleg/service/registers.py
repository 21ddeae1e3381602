"""The registers of ministries and parliamentary groups: reading, keeping, and resolving names.

Every logged-in user may read the registers (the clerk chooses from them); only an
administrator adds, edits and deactivates entries (``PermissionDenied`` otherwise). Entries are
never deleted: consultations and roles keep naming their keys.

The resolver links free text to an entry: a consultation's addressees and groups
(``Consultations`` calls ``addressee`` and ``group`` on every create, details edit, groups edit
and addressee correction) and a grant's scope (``Accounts``) are stored as keys, so access in
``procedure.access`` compares keys that both sides got from here. A name that resolves to no
entry is refused with a Dutch ``ValidationFailed`` naming the field and the closest entries.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from overleg.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from overleg.procedure.actors import Actor, Role, RoleKind
from overleg.procedure.states import Addressee, Group
from overleg.store import Store
from overleg.vocabulary.registers import (
    Ministry,
    ParliamentaryGroup,
    Post,
    find_group,
    find_ministry,
    find_post,
    group_form,
    ministry_form,
    suggestions,
    title_form,
)

_KEY = re.compile(r"^[0-9A-Za-zÀ-ÿ][0-9A-Za-zÀ-ÿ +\-/.']{0,31}$")
_MAX_NAME = 200
_MAX_NAMES = 30
_MAX_SEATS = 150
_FRESH_SECONDS = 2.0  # another server process's edit shows after at most this long


class _Who(Protocol):  # what the checks need of ``Credentials`` (service.accounts, which uses this module)
    @property
    def is_admin(self) -> bool: ...

    @property
    def user(self) -> object | None: ...


@dataclass(frozen=True)
class Entries:
    """The registers as read at one moment."""

    ministries: tuple[Ministry, ...]
    groups: tuple[ParliamentaryGroup, ...]


class Registers:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: tuple[float, Entries] | None = None

    # -- reading --------------------------------------------------------------------------------

    def entries(self) -> Entries:
        """Both registers (no check: the service's own resolution; interfaces use the methods below)."""
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > _FRESH_SECONDS:
            self._cached = (now, Entries(self._store.registers.ministries(), self._store.registers.groups()))
        return self._cached[1]

    def ministries(self, who: _Who, active_only: bool = False) -> tuple[Ministry, ...]:
        """The ministries in register order (only the active ones with ``active_only``)."""
        _reader(who)
        return tuple(m for m in self.entries().ministries if m.active or not active_only)

    def groups(self, who: _Who, active_only: bool = False) -> tuple[ParliamentaryGroup, ...]:
        """The parliamentary groups in register order (only the active ones with ``active_only``)."""
        _reader(who)
        return tuple(g for g in self.entries().groups if g.active or not active_only)

    def ministry(self, who: _Who, key: str) -> Ministry:
        found = next((m for m in self.ministries(who) if m.key == key), None)
        if found is None:
            raise NotFound(f"geen ministerie met sleutel {key!r} in het register")
        return found

    def group(self, who: _Who, key: str) -> ParliamentaryGroup:
        found = next((g for g in self.groups(who) if g.key == key), None)
        if found is None:
            raise NotFound(f"geen fractie met sleutel {key!r} in het register")
        return found

    # -- keeping (administrators) ---------------------------------------------------------------

    def add_ministry(self, who: _Who, ministry: Ministry) -> Ministry:
        _admin(who)
        ministry = _clean_ministry(ministry)
        if any(m.key == ministry.key for m in self.entries().ministries):
            raise Conflict(f"er is al een ministerie met sleutel {ministry.key!r}; wijzig dat ministerie")
        return self._put_ministry(ministry)

    def edit_ministry(self, who: _Who, ministry: Ministry) -> Ministry:
        _admin(who)
        self._fresh()
        self.ministry(who, ministry.key)
        return self._put_ministry(_clean_ministry(ministry))

    def set_ministry_active(self, who: _Who, key: str, active: bool) -> Ministry:
        _admin(who)
        self._fresh()
        return self._put_ministry(replace(self.ministry(who, key), active=active))

    def add_group(self, who: _Who, group: ParliamentaryGroup) -> ParliamentaryGroup:
        _admin(who)
        group = _clean_group(group)
        if any(g.key == group.key for g in self.entries().groups):
            raise Conflict(f"er is al een fractie met sleutel {group.key!r}; wijzig die fractie")
        return self._put_group(group)

    def edit_group(self, who: _Who, group: ParliamentaryGroup) -> ParliamentaryGroup:
        _admin(who)
        self._fresh()
        self.group(who, group.key)
        return self._put_group(_clean_group(group))

    def set_group_active(self, who: _Who, key: str, active: bool) -> ParliamentaryGroup:
        _admin(who)
        self._fresh()
        return self._put_group(replace(self.group(who, key), active=active))

    # -- resolving ------------------------------------------------------------------------------

    def resolve_ministry(self, name: str, field: str = "addressees.ministry") -> Ministry:
        """The ministry ``name`` means (key, name, earlier name or a post's title, in any spelling);
        ``ValidationFailed`` in Dutch naming ``field`` and the closest ministries otherwise."""
        found = find_ministry(self.entries().ministries, name)
        if found is None:
            close = suggestions(((m.label, m.names()) for m in self.entries().ministries), name, ministry_form)
            raise ValidationFailed(_unknown("Onbekend ministerie", name, close, "het ministerie"), field=field)
        return found

    def resolve_group(self, name: str, field: str = "groups.name") -> ParliamentaryGroup:
        """The group ``name`` means (key, full name or alias, in any spelling); ``ValidationFailed``
        in Dutch naming ``field`` and the closest groups otherwise."""
        found = find_group(self.entries().groups, name)
        if found is None:
            close = suggestions(((g.label, g.names()) for g in self.entries().groups), name, group_form)
            raise ValidationFailed(_unknown("Onbekende fractie", name, close, "de fractie"), field=field)
        return found

    def addressee(self, given: Addressee) -> Addressee:
        """``given`` linked to the register: the ministry's key, and the post's title as printed
        (a title the register does not know is kept as typed)."""
        ministry = self.resolve_ministry(given.ministry or given.title)
        post = find_post(ministry, given.title) or find_post(ministry, given.ministry)
        if post is not None:
            return Addressee(ministry.key, post.title)
        typed = given.title.strip()
        if typed and find_ministry((ministry,), typed) is None:
            return Addressee(ministry.key, typed)
        first = next(iter(ministry.active_posts() or ministry.posts), None)
        return Addressee(ministry.key, first.title if first else f"minister van {ministry.name}")

    def group_of(self, given: Group) -> Group:
        """``given`` linked to the register: the group's key as its name; the seats from the
        register unless given (more than 0); the name as printed when it was typed as the
        group's full name ("Partij voor de Dieren")."""
        entry = self.resolve_group(given.name)
        printed = given.printed or (given.name.strip() if given.name.strip() == entry.name != entry.key else None)
        return replace(given, name=entry.key, seats=given.seats or entry.seats, printed=printed)

    def key_of(self, role: RoleKind, scope: str) -> str | None:
        """The key of the entry a role's scope names (a group for member and staff, a ministry for
        an official); None when the role is of something else or the name resolves to nothing."""
        if role in (RoleKind.MEMBER, RoleKind.STAFF):
            found_g = find_group(self.entries().groups, scope)
            return found_g.key if found_g else None
        if role is RoleKind.OFFICIAL:
            found_m = find_ministry(self.entries().ministries, scope)
            return found_m.key if found_m else None
        return None

    def names_of(self, role: RoleKind, key: str) -> tuple[str, ...]:
        """The names of the entry ``key`` as the register spells them (for a role's scope)."""
        entries: tuple[Ministry | ParliamentaryGroup, ...] = (
            self.entries().ministries if role is RoleKind.OFFICIAL else self.entries().groups)
        return next((e.names() for e in entries if e.key == key), ())

    def linked(self, actor: Actor) -> Actor:
        """``actor`` with each role of a group or ministry also held of the register entry its
        name resolves to (a role in free text, granted before the registers or written to the
        store directly: access compares keys), and each role of an entry also held of the
        entry's names as the register spells them (so a consultation created before the
        registers, which names it so, is still reachable)."""
        extra = {Role(r.kind, name, r.committee) for r in actor.roles
                 for key in (self.key_of(r.kind, r.of),) if key is not None
                 for name in (key, *self.names_of(r.kind, key))}
        return actor if extra <= actor.roles else Actor(actor.user_id, actor.roles | extra)

    def scope_of(self, role: RoleKind, scope: str, field: str = "roles.scope") -> str:
        """A grant's scope as stored: the register's key for a group's or ministry's role (refused
        when it names no entry), unchanged for the others."""
        if role in (RoleKind.MEMBER, RoleKind.STAFF):
            return self.resolve_group(scope, field).key
        if role is RoleKind.OFFICIAL:
            return self.resolve_ministry(scope, field).key
        return scope

    # -- inside ---------------------------------------------------------------------------------

    def _fresh(self) -> None:
        self._cached = None

    def _put_ministry(self, ministry: Ministry) -> Ministry:
        self._fresh()
        others = [m for m in self.entries().ministries if m.key != ministry.key]
        own = [(m.key, (m.key, m.name, *m.earlier_names)) for m in others]
        for names, field in (((ministry.key, ministry.name), "name"), (ministry.earlier_names, "earlier_names")):
            _unambiguous(names, own, ministry_form, "ministerie", field)
        _unambiguous(tuple(p.title for p in ministry.posts), [(m.key, tuple(p.title for p in m.posts)) for m in others],
                     title_form, "ministerie", "posts")
        self._store.registers.put_ministry(ministry)
        self._fresh()
        return ministry

    def _put_group(self, group: ParliamentaryGroup) -> ParliamentaryGroup:
        self._fresh()
        others = [(g.key, g.names()) for g in self.entries().groups if g.key != group.key]
        for names, field in (((group.key, group.name), "name"), (group.aliases, "aliases")):
            _unambiguous(names, others, group_form, "fractie", field)
        self._store.registers.put_group(group)
        self._fresh()
        return group


def _reader(who: _Who) -> None:
    if who.user is None and not who.is_admin:
        raise PermissionDenied("log in om de registers te lezen")


def _admin(who: _Who) -> None:
    if not who.is_admin:
        raise PermissionDenied("alleen een beheerder mag de registers van ministeries en fracties wijzigen")


def _unknown(what: str, name: str, close: list[str], article: str) -> str:
    hint = f" Bedoelt u {_or(close)}?" if close else ""
    noun = article.split()[-1]
    return (f"{what} {name.strip()!r}: niet in het register.{hint} Kies een {noun} uit het register, of vraag een "
            f"beheerder {article} of deze schrijfwijze toe te voegen.")


def _or(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " of " + labels[-1]


def _unambiguous(names: Iterable[str], others: Iterable[tuple[str, Iterable[str]]],
                 form: Callable[[str], str], what: str, field: str) -> None:
    """Refuse a name that another entry already answers to: the resolver must find one entry."""
    mine = {form(n): n for n in names if form(n)}
    for other_key, other_names in others:
        for n in other_names:
            if form(n) in mine:
                raise ValidationFailed(f"De naam {mine[form(n)]!r} hoort al bij {what} {other_key!r} (als {n!r}); "
                                       "kies een andere naam of wijzig die andere.", field=field)


def _name(text: str, field: str, label: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationFailed(f"Vul {label} in.", field=field)
    if len(cleaned) > _MAX_NAME:
        raise ValidationFailed(f"{label.capitalize()} is te lang (hoogstens {_MAX_NAME} tekens).", field=field)
    return cleaned


def _names(values: Iterable[str], field: str, label: str) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(_name(v, field, label) for v in values if v.strip()))
    if len(found) > _MAX_NAMES:
        raise ValidationFailed(f"Hoogstens {_MAX_NAMES} {label}.", field=field)
    return found


def _key(key: str) -> str:
    cleaned = key.strip()
    if not _KEY.match(cleaned):
        raise ValidationFailed("De sleutel is 1 tot 32 tekens: letters, cijfers, spatie, '-', '/', '.' of '+', "
                               "beginnend met een letter of cijfer (bijvoorbeeld FIN of D66).", field="key")
    return cleaned


def _clean_ministry(m: Ministry) -> Ministry:
    posts = tuple(Post(_name(p.title, "posts", "de titel van de post"),
                       " ".join(p.person.split()) or None if p.person else None, p.active) for p in m.posts)
    if len(posts) > _MAX_NAMES:
        raise ValidationFailed(f"Hoogstens {_MAX_NAMES} posten.", field="posts")
    if len({title_form(p.title) for p in posts}) != len(posts):
        raise ValidationFailed("Twee posten hebben dezelfde titel.", field="posts")
    return Ministry(_key(m.key), _name(m.name, "name", "de officiële naam"),
                    _names(m.earlier_names, "earlier_names", "eerdere namen"), posts, m.active)


def _clean_group(g: ParliamentaryGroup) -> ParliamentaryGroup:
    if not 0 <= g.seats <= _MAX_SEATS:
        raise ValidationFailed(f"Het aantal zetels ligt tussen 0 en {_MAX_SEATS}.", field="seats")
    return ParliamentaryGroup(_key(g.key), _name(g.name, "name", "de volledige naam"), g.seats,
                              _names(g.aliases, "aliases", "andere schrijfwijzen"), g.active)
