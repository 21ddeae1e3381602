"""The registers of ministries, parliamentary groups, committees and persons: the bundled
register and the resolver.

The bundled register (``registers.json`` beside this module) holds the ministries with their
posts and the groups of the Tweede Kamer as of the date written in it, and their history: groups
and ministries that no longer exist stay as inactive entries with the dates they existed and
their successors (``succeeded_by``), so a 2010 document still resolves. It also holds the
standing committees and the persons (members and bewindspersonen) with their group or post at
the time. ``overleg db upgrade`` copies its ministries and groups into an empty register of the
store, after which an administrator keeps the workspace's register current in the browser; the
corpus (analytics, facets, feeds, entity pages) resolves against the bundled register, which
carries the history the store's tables do not (docs/registers.md).

The resolver is pure: it takes the entries (from the store, or the seed) and a name as someone
typed it, and finds the entry by comparing *normal forms*: case, accents, spaces, hyphens,
slashes and dots do not count, nor do the words around a name ("fractie", "minister van",
"staatssecretaris voor", "ministerie van"). So "D 66", "d66" and "D66-fractie" are one group,
and "minister van Financiën", "Financien" and "FIN" one ministry. Keys are stable: what a
consultation and a role store, and what access compares.

Names at a date. A name means the entry of the time (``group_at``, ``ministry_at``): "GroenLinks"
on a 2022 question is the group GroenLinks (inactive, succeeded by GroenLinks-PvdA), on a 2024
question GroenLinks-PvdA (an entry whose time is over is followed to its only successor);
"Economische Zaken en Klimaat" in 2023 is the ministry EZK, which has two successors (EZ and KGG),
so it stays EZK whenever it is printed. A signatory ("Minister Bruins Slot (Buitenlandse Zaken)",
"De Minister van Buitenlandse Zaken, H.G.J. Bruins Slot", "de staatssecretaris van Financiën -
Fiscaliteit en Belastingdienst", "Minister Bruins Slot") is read as a post, a ministry or a
person holding a post on that date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

_E = TypeVar("_E", "Ministry", "ParliamentaryGroup")
_T = TypeVar("_T", "Ministry", "ParliamentaryGroup", "StandingCommittee")
SEED_FILE = Path(__file__).with_name("registers.json")

# Words around a name (at its start or end) that do not tell entries apart (lower case, no accents).
_GROUP_WORDS = frozenset({"fractie", "de", "het", "van", "leden", "lid", "vanuit"})
_MINISTRY_WORDS = frozenset({"minister", "ministerie", "staatssecretaris", "bewindspersoon", "president",
                             "van", "voor", "de", "het", "vice"})
_COMMITTEE_WORDS = frozenset({"vaste", "commissie", "tijdelijke", "voor", "van", "de", "het", "tk", "tweede", "kamer"})
# a person's name without initials and titles ("H.G.J. Bruins Slot", "mr. dr. X")
_PERSON_WORDS = frozenset({"dr", "mr", "drs", "ir", "ing", "prof", "lid", "leden", "de", "heer", "mevrouw"})
_ROLE = re.compile(r"^\s*(?:de\s+|het\s+)?(minister-president|minister|staatssecretaris)\b\s*", re.IGNORECASE)
_IN_BRACKETS = re.compile(r"^(.*?)\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class Post:
    """A bewindspersoon's post at a ministry: the title as printed ("minister van Financiën"),
    who holds it (optional) and whether it exists now."""

    title: str
    person: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Ministry:
    """A ministry: stable ``key`` ("FIN"), official ``name``, its earlier names, its posts; the
    bundled register adds ``abbreviations`` ("BuZa"), the days it existed (``start``, ``end``:
    None when open) and the keys of the ministries that took over its work (``succeeded_by``)."""

    key: str
    name: str
    earlier_names: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()
    active: bool = True
    abbreviations: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    succeeded_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} ({self.key})"

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.earlier_names, *self.abbreviations, *(p.title for p in self.posts))

    def active_posts(self) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.active)


@dataclass(frozen=True)
class ParliamentaryGroup:
    """A group of the Tweede Kamer: ``key`` is the abbreviation as the Kamer writes it ("D66"),
    ``name`` the full name, ``aliases`` earlier names and other spellings."""

    key: str
    name: str
    seats: int = 0
    aliases: tuple[str, ...] = ()
    active: bool = True
    start: dt.date | None = None  # in the bundled register: the days the group sat in the Kamer
    end: dt.date | None = None
    succeeded_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.key if self.name == self.key else f"{self.key} ({self.name})"

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.aliases)


@dataclass(frozen=True)
class StandingCommittee:
    """A committee of the Tweede Kamer: ``key`` as the Kamer abbreviates it, ``name`` in full."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    active: bool = True
    start: dt.date | None = None
    end: dt.date | None = None
    succeeded_by: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.aliases)


@dataclass(frozen=True)
class Tenure:
    """A person's seat or post for a time: ``of`` is a group's key (a member of parliament, no
    ``post``) or a ministry's key with the ``post`` held there (a bewindspersoon)."""

    of: str
    post: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        return _current(self.start, self.end, day)


@dataclass(frozen=True)
class Politician:
    """A member of parliament or bewindspersoon: ``name`` as documents print it ("Bruins Slot"),
    ``full_name`` with initials, other spellings, memberships, and where the facts come from."""

    key: str
    name: str
    full_name: str | None = None
    aliases: tuple[str, ...] = ()
    memberships: tuple[Tenure, ...] = ()
    source: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *((self.full_name,) if self.full_name else ()), *self.aliases)

    def seat_on(self, day: dt.date | None) -> Tenure | None:
        """The group membership on ``day`` (the latest one when ``day`` is None)."""
        return _held([m for m in self.memberships if m.post is None], day)

    def post_on(self, day: dt.date | None) -> Tenure | None:
        """The post held on ``day`` (the latest one when ``day`` is None)."""
        return _held([m for m in self.memberships if m.post is not None], day)


@dataclass(frozen=True)
class Seed:
    source: str
    as_of: str
    ministries: tuple[Ministry, ...] = field(default_factory=tuple)
    groups: tuple[ParliamentaryGroup, ...] = field(default_factory=tuple)
    committees: tuple[StandingCommittee, ...] = field(default_factory=tuple)
    persons: tuple[Politician, ...] = field(default_factory=tuple)


@cache
def seed() -> Seed:
    """The bundled register (see the module docstring)."""
    data: dict[str, Any] = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    ministries = tuple(
        Ministry(m["key"], m["name"], tuple(m["earlier_names"]),
                 tuple(Post(p["title"], p.get("person"), p["active"]) for p in m["posts"]), m["active"],
                 tuple(m.get("abbreviations", ())), _day(m.get("from")), _day(m.get("until")),
                 tuple(m.get("succeeded_by", ())))
        for m in data["ministries"])
    groups = tuple(ParliamentaryGroup(g["key"], g["name"], g["seats"], tuple(g["aliases"]), g["active"],
                                      _day(g.get("from")), _day(g.get("until")), tuple(g.get("succeeded_by", ())))
                   for g in data["groups"])
    committees = tuple(StandingCommittee(c["key"], c["name"], tuple(c.get("aliases", ())), c.get("active", True),
                                 _day(c.get("from")), _day(c.get("until")), tuple(c.get("succeeded_by", ())))
                       for c in data.get("committees", ()))
    persons = tuple(Politician(p["key"], p["name"], p.get("full_name"), tuple(p.get("aliases", ())),
                           tuple(Tenure(m.get("group") or m["ministry"], m.get("post"), _day(m.get("from")),
                                            _day(m.get("until"))) for m in p["memberships"]),
                           p.get("source", ""))
                    for p in data.get("persons", ()))
    return Seed(data["source"], data["as_of"], ministries, groups, committees, persons)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _plain(text: str) -> list[str]:
    """Lower case, without accents, split into words at spaces, hyphens, slashes, dots and quotes."""
    bare = text.casefold()
    if not bare.isascii():  # most names are: the corpus resolves one per item
        bare = "".join(ch for ch in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(ch))
    bare = bare.replace("+", "plus")
    return [w for w in re.split(r"[^0-9a-z]+", bare) if w]


def _trimmed(words: list[str], around: frozenset[str]) -> str:
    """``words`` joined, without the words ``around`` at the start and the end (never inside a
    name: "Partij voor de Vrijheid" keeps its "de", so spacing never changes the form)."""
    start, end = 0, len(words)
    while start < end and words[start] in around:
        start += 1
    while end > start and words[end - 1] in around:
        end -= 1
    return "".join(words[start:end] or words)


def group_form(text: str) -> str:
    """The normal form of a group's name: "de D 66-fractie" -> "d66"."""
    return _trimmed(_plain(text), _GROUP_WORDS)


def ministry_form(text: str) -> str:
    """The normal form of a ministry's name: "minister van Financiën" -> "financien"."""
    return _trimmed(_plain(text), _MINISTRY_WORDS)


def title_form(text: str) -> str:
    """The normal form of a post's title (role words kept): "Minister van  Financiën" -> "ministervanfinancien"."""
    return "".join(_plain(text))


def find_group(groups: Sequence[ParliamentaryGroup], name: str) -> ParliamentaryGroup | None:
    """The group ``name`` means: the key exactly, else by normal form, active entries first."""
    for g in groups:
        if g.key == name.strip():
            return g
    wanted = group_form(name)
    found = [g for g in groups if wanted and any(group_form(n) == wanted for n in g.names())]
    return _first_active(found)


def find_ministry(ministries: Sequence[Ministry], name: str) -> Ministry | None:
    """The ministry ``name`` means today (its key, name, an earlier name or a post's title)."""
    for m in ministries:
        if m.key == name.strip():
            return m
    title = title_form(name)
    by_title = [m for m in ministries if any(title_form(p.title) == title for p in m.posts)]
    if by_title:
        return _today(_first_active(by_title), ministries)
    wanted = ministry_form(name)
    found = [m for m in ministries if wanted and any(ministry_form(n) == wanted for n in m.names())]
    return _today(_first_active(found), ministries)


def _today(found: Ministry | None, ministries: Sequence[Ministry]) -> Ministry | None:
    """A ministry of an earlier time with one successor means that successor today (a
    consultation is addressed to "LNV": the ministry LVVN); with several it stays itself (EZK)."""
    if found is None or found.end is None:
        return found
    return _of_the_time([found], ministries, dt.date.max)


def find_post(ministry: Ministry, title: str) -> Post | None:
    """The post of ``ministry`` whose title ``title`` is (by normal form)."""
    wanted = title_form(title)
    return next((p for p in ministry.posts if title_form(p.title) == wanted), None)


def _first_active(found: list[_E]) -> _E | None:
    return next((e for e in found if e.active), found[0] if found else None)


def suggestions(labelled: Iterable[tuple[str, Iterable[str]]], name: str, form: Any, limit: int = 3) -> list[str]:
    """The labels of the entries whose names come closest to ``name`` (for a Dutch error)."""
    wanted = form(name)
    scored: list[tuple[float, str]] = []
    for label, names in labelled:
        best = max((difflib.SequenceMatcher(None, wanted, form(n)).ratio() for n in names), default=0.0)
        scored.append((best, label))
    scored.sort(key=lambda s: -s[0])
    return [label for score, label in scored[:limit] if score >= 0.3]


# -- names at a date (the corpus: analytics, facets, feeds, entity pages) --------------------------

_INDEXES: dict[tuple[int, str], tuple[object, dict[str, list[Any]]]] = {}


def _by_form(entries: Sequence[Any], kind: str, forms: Any) -> dict[str, list[Any]]:
    """Normal form -> the entries with a name of that form, built once per sequence of entries
    (the corpus resolves a name per item: comparing every name's form each time cost 2 ms a
    group and 9 ms a ministry). ``forms(entry)`` gives an entry's forms."""
    key = (id(entries), kind)
    found = _INDEXES.get(key)
    if found is not None and found[0] is entries:
        return found[1]
    index: dict[str, list[Any]] = {}
    for entry in entries:
        for form in dict.fromkeys(forms(entry)):
            if form:
                index.setdefault(form, []).append(entry)
    if len(_INDEXES) > 64:  # registers read again from the store: keep the newest few
        _INDEXES.clear()
    _INDEXES[key] = (entries, index)  # the entries kept alive, so their id stays theirs
    return index

def _current(start: dt.date | None, end: dt.date | None, day: dt.date | None) -> bool:
    return day is None or ((start is None or start <= day) and (end is None or day <= end))


def _held(found: list[Tenure], day: dt.date | None) -> Tenure | None:
    if day is None:
        return max(found, key=lambda m: m.start or dt.date.min, default=None)
    return next((m for m in found if m.holds_on(day)), None)


def _of_the_time(found: Sequence[_T], every: Sequence[_T], day: dt.date | None) -> _T | None:
    """Of the entries a name may mean, the one of ``day``: one whose time holds ``day``; else
    the one whose time ended last before it, followed to its only successor while that one's
    time is over too (a name with several successors keeps its own entry); without a day, the
    active one."""
    if not found:
        return None
    if day is None:
        return next((e for e in found if e.active), found[0])
    current = [e for e in found if _current(e.start, e.end, day)]
    if current:
        return next((e for e in current if e.active), current[0])
    entry = max(found, key=lambda e: e.end or dt.date.max)
    by_key = {e.key: e for e in every}
    seen = {entry.key}
    while entry.end is not None and day > entry.end and len(entry.succeeded_by) == 1:
        successor = by_key.get(entry.succeeded_by[0])
        if successor is None or successor.key in seen:
            break
        seen.add(successor.key)
        entry = successor
    return entry


def group_at(groups: Sequence[ParliamentaryGroup], name: str, day: dt.date | None) -> ParliamentaryGroup | None:
    """The group ``name`` meant on ``day`` (see the module docstring).

    >>> gl = group_at(seed().groups, "GroenLinks", dt.date(2022, 5, 1))
    >>> gl.key, gl.succeeded_by, group_at(seed().groups, "GroenLinks", dt.date(2024, 5, 1)).key
    ('GL', ('GroenLinks-PvdA',), 'GroenLinks-PvdA')
    """
    exact = [g for g in groups if g.key == name.strip()]
    named = _by_form(groups, "group", lambda g: [group_form(n) for n in g.names()]).get(group_form(name), [])
    return _of_the_time(exact or named, groups, day)


def committee_form(text: str) -> str:
    """The normal form of a committee's name: "Vaste commissie van Financiën" -> "financien"."""
    return _trimmed(_plain(text), _COMMITTEE_WORDS)


def committee_at(committees: Sequence[StandingCommittee], name: str, day: dt.date | None) -> StandingCommittee | None:
    """The committee ``name`` meant on ``day`` ("commissie Financiën", "vaste commissie voor Financiën")."""
    found = _by_form(committees, "committee", lambda c: [committee_form(n) for n in c.names()])
    return _of_the_time(found.get(committee_form(name), []), committees, day)


def person_form(text: str) -> str:
    """The normal form of a person's name, without initials and titles: "H.G.J. Bruins Slot" -> "bruinsslot"."""
    words = _plain(text)
    kept = [w for w in words if len(w) > 1 and w not in _PERSON_WORDS] if len(words) > 1 else words
    return "".join(kept or words)


def person_at(persons: Sequence[Politician], name: str, day: dt.date | None, *, post: bool) -> Politician | None:
    """The person called ``name`` who held a post (``post``) or a seat on ``day``; None when no
    one or more than one person of that name did (never a guess between namesakes)."""
    named = _by_form(persons, "person", lambda p: [person_form(n) for n in p.names()]).get(person_form(name), [])
    found = [p for p in named if (p.post_on(day) if post else p.seat_on(day)) is not None]
    return found[0] if len(found) == 1 else None


def _title_key(text: str) -> str:
    words = _plain(text)
    while words and words[0] in ("de", "het"):
        words = words[1:]
    return "".join(words)


def _office_forms(office: str) -> list[list[str]]:
    """The readings of a printed office, most literal first, each a list of names to try
    together: the whole text; a portfolio in brackets as the role's post ("Minister Bruins Slot
    (BZ)" -> "minister van BZ", "minister voor BZ", "BZ"); the text before a comma (a name
    follows) or a dash (a staatssecretaris's portfolio follows)."""
    text = " ".join(office.split()).rstrip(".,;: ")
    forms = [[text]]
    bracket = _IN_BRACKETS.match(text)
    if bracket:
        role = _ROLE.match(bracket.group(1))
        inner = bracket.group(2).strip()
        word = role.group(1).lower() if role else "minister"
        forms.append([f"{word} van {inner}", f"{word} voor {inner}", inner])
    for cut in (",", " - ", " – ", " — "):
        if cut in text:
            forms.append([text.split(cut, 1)[0]])
    if not bracket and not _ROLE.match(text):
        # a bare portfolio ("Natuur en Stikstof", as older document facts keep it): any role's post
        forms.append([f"minister van {text}", f"minister voor {text}", f"staatssecretaris van {text}"])
    return forms


def _ministries_named(ministries: Sequence[Ministry], name: str) -> list[Ministry]:
    exact = [m for m in ministries if m.key == name.strip()]
    if exact:
        return exact
    by_title = _by_form(ministries, "title", lambda m: [_title_key(p.title) for p in m.posts])
    # posts by their title only: "minister voor Volkshuisvesting en Ruimtelijke Ordening" (BZK, until
    # 2024) is not the ministry "Volkshuisvesting en Ruimtelijke Ordening" (VRO, since)
    by_name = _by_form(ministries, "ministry", lambda m: [ministry_form(n) for n in
                                                          (m.key, m.name, *m.earlier_names, *m.abbreviations)])
    return list(dict.fromkeys(by_title.get(_title_key(name), []) + by_name.get(ministry_form(name), [])))


def ministry_at(ministries: Sequence[Ministry], persons: Sequence[Politician], office: str,
                day: dt.date | None) -> Ministry | None:
    """The ministry a printed office means on ``day``: by a post's title, the ministry's name or
    abbreviation, or the person who held a post then ("Minister Bruins Slot").

    >>> s = seed()
    >>> ministry_at(s.ministries, s.persons, "Minister Bruins Slot (Buitenlandse Zaken)", None).key
    'BZ'
    >>> ministry_at(s.ministries, s.persons, "de staatssecretaris van Financiën - Fiscaliteit en Belastingdienst",
    ...             None).key
    'FIN'
    """
    for names in _office_forms(office):
        found = list(dict.fromkeys(m for name in names for m in _ministries_named(ministries, name)))
        if found:
            return _of_the_time(found, ministries, day)
    text = " ".join(office.split())
    bracket = _IN_BRACKETS.match(text)
    person_part = _ROLE.sub("", (bracket.group(1) if bracket else text).split(",")[-1]).strip()
    person = person_at(persons, person_part, day, post=True) if person_part else None
    held = person.post_on(day) if person else None
    if held is None:
        return None
    return next((m for m in ministries if m.key == held.of), None)
