"""The names a document prints, resolved against the bundled register at the document's date.

Every count of the corpus goes through here: analytics (``document_rules``), the search index's
facet values, the facet names the search page shows, the entity pages, the feeds and the alerts
(whose filters are search filters). A name resolves to a register entry of its time
(``vocabulary.registers``: "GroenLinks" on a 2022 question is the group GroenLinks, succeeded by
GroenLinks-PvdA; "Minister Bruins Slot (BZ)" is Buitenlandse Zaken); what the register does not
know is kept as printed, never dropped, and ``unresolved`` lists it (``overleg corpus names``).

A resolved name is shown as the register names the entry: a group by its key as the Kamer writes
it ("PvdD"), a ministry and a committee by name ("Buitenlandse Zaken"). The search index keeps
that name folded, so the printed spellings of one entry are one facet value
(``search.facet_names``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from overleg.vocabulary.registers import (
    Ministry,
    ParliamentaryGroup,
    Seed,
    StandingCommittee,
    committee_at,
    group_at,
    ministry_at,
    person_at,
    seed,
)
from overleg.writers import slug

NAME_KINDS = ("group", "ministry", "committee", "member")
# the same few names on the same days, once per item at index time: each resolved once (a miss
# costs 15-100 µs, a hit 1-3 µs; docs/registers.md, "Cost")
_KEPT = 65_536


@dataclass(frozen=True)
class Name:
    """A printed name and what it resolved to: ``key`` of the register entry (None: not in the
    register, ``shown`` is then the name as printed), ``succeeded_by`` the shown names of the
    entry's successors (a group or ministry of an earlier time)."""

    kind: str
    printed: str
    shown: str
    key: str | None = None
    succeeded_by: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.key is not None

    @property
    def slug(self) -> str:
        return slug(self.shown)


@cache
def register() -> Seed:
    """The bundled register (read once per process)."""
    return seed()


def _shown(entry: ParliamentaryGroup | Ministry | StandingCommittee) -> str:
    return entry.key if isinstance(entry, ParliamentaryGroup) else entry.name


def _name(kind: str, printed: str, entry: ParliamentaryGroup | Ministry | StandingCommittee | None,
          every: Iterable[ParliamentaryGroup | Ministry | StandingCommittee]) -> Name:
    if entry is None:
        return Name(kind, printed, " ".join(printed.split()))
    by_key = {e.key: e for e in every}
    successors = tuple(_shown(by_key[k]) for k in entry.succeeded_by if k in by_key)
    return Name(kind, printed, _shown(entry), entry.key, successors)


@lru_cache(maxsize=_KEPT)
def group(printed: str, day: dt.date | None) -> Name:
    """A group or party as printed on a document of ``day``.

    >>> group("Partij voor de Dieren", None).shown, group("GroenLinks", dt.date(2022, 3, 1)).succeeded_by
    ('PvdD', ('GroenLinks-PvdA',))
    """
    r = register()
    return _name("group", printed, group_at(r.groups, printed, day), r.groups)


@lru_cache(maxsize=_KEPT)
def ministry(office: str, day: dt.date | None) -> Name:
    """A ministry, post or signatory as printed on a document of ``day``.

    >>> ministry("Minister Bruins Slot (Buitenlandse Zaken)", None).shown
    'Buitenlandse Zaken'
    """
    r = register()
    return _name("ministry", office, ministry_at(r.ministries, r.persons, office, day), r.ministries)


@lru_cache(maxsize=_KEPT)
def committee(printed: str, day: dt.date | None) -> Name:
    r = register()
    return _name("committee", printed, committee_at(r.committees, printed, day), r.committees)


@lru_cache(maxsize=_KEPT)
def member(printed: str, day: dt.date | None) -> Name:
    """A member of parliament as printed among the askers (the register's person, or as printed)."""
    found = person_at(register().persons, printed, day, post=False)
    if found is None:
        return Name("member", printed, " ".join(printed.split()))
    return Name("member", printed, found.name, found.key)


def party_of(member_name: str, party: str | None, day: dt.date | None) -> Name | None:
    """An asker's group: the party printed beside the name, else the group the register's person
    sat in on ``day``; None when neither is known."""
    if party and party.strip():
        return group(party, day)
    person = person_at(register().persons, member_name, day, post=False)
    seat = person.seat_on(day) if person else None
    return group(seat.of, day) if seat else None


def of(kind: str, printed: str, day: dt.date | None) -> Name:
    return {"group": group, "ministry": ministry, "committee": committee, "member": member}[kind](printed, day)


def entries(kind: str) -> tuple[ParliamentaryGroup | Ministry | StandingCommittee, ...]:
    """The register's entries of ``kind`` ("group", "party", "ministry", "committee")."""
    r = register()
    found: dict[str, tuple[ParliamentaryGroup | Ministry | StandingCommittee, ...]] = {
        "group": r.groups, "party": r.groups, "ministry": r.ministries, "committee": r.committees}
    return found.get(kind, ())


def shown(entry: ParliamentaryGroup | Ministry | StandingCommittee) -> str:
    """How an entry is shown: a group by its key, a ministry or committee by its name."""
    return _shown(entry)


@dataclass(frozen=True)
class Unresolved:
    kind: str
    printed: str
    documents: int


def unresolved(names: Iterable[Name]) -> list[Unresolved]:
    """The names the register does not know, with how often each was printed, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for n in names:
        if not n.resolved:
            counts[(n.kind, n.shown)] = counts.get((n.kind, n.shown), 0) + 1
    return [Unresolved(k, p, c) for (k, p), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
