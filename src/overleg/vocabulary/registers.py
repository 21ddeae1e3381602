"""The registers of ministries and parliamentary groups: the bundled seed and the resolver.

The seed (``registers.json`` beside this module) holds the ministries with their posts and the
groups of the Tweede Kamer as of the date written in it; ``overleg db upgrade`` copies it into an
empty register, after which an administrator keeps the register current in the browser.

The resolver is pure: it takes the entries (from the store, or the seed) and a name as someone
typed it, and finds the entry by comparing *normal forms*: case, accents, spaces, hyphens,
slashes and dots do not count, nor do the words around a name ("fractie", "minister van",
"staatssecretaris voor", "ministerie van"). So "D 66", "d66" and "D66-fractie" are one group,
and "minister van Financiën", "Financien" and "FIN" one ministry. Keys are stable: what a
consultation and a role store, and what access compares.
"""

from __future__ import annotations

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
SEED_FILE = Path(__file__).with_name("registers.json")

# Words around a name (at its start or end) that do not tell entries apart (lower case, no accents).
_GROUP_WORDS = frozenset({"fractie", "de", "het", "van", "leden", "lid", "vanuit"})
_MINISTRY_WORDS = frozenset({"minister", "ministerie", "staatssecretaris", "bewindspersoon", "president",
                             "van", "voor", "de", "het", "vice"})


@dataclass(frozen=True)
class Post:
    """A bewindspersoon's post at a ministry: the title as printed ("minister van Financiën"),
    who holds it (optional) and whether it exists now."""

    title: str
    person: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Ministry:
    """A ministry: stable ``key`` ("FIN"), official ``name``, its earlier names, its posts."""

    key: str
    name: str
    earlier_names: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()
    active: bool = True

    @property
    def label(self) -> str:
        return f"{self.name} ({self.key})"

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.earlier_names, *(p.title for p in self.posts))

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

    @property
    def label(self) -> str:
        return self.key if self.name == self.key else f"{self.key} ({self.name})"

    def names(self) -> tuple[str, ...]:
        return (self.key, self.name, *self.aliases)


@dataclass(frozen=True)
class Seed:
    source: str
    as_of: str
    ministries: tuple[Ministry, ...] = field(default_factory=tuple)
    groups: tuple[ParliamentaryGroup, ...] = field(default_factory=tuple)


@cache
def seed() -> Seed:
    """The bundled register (see the module docstring)."""
    data: dict[str, Any] = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    ministries = tuple(
        Ministry(m["key"], m["name"], tuple(m["earlier_names"]),
                 tuple(Post(p["title"], p.get("person"), p["active"]) for p in m["posts"]), m["active"])
        for m in data["ministries"])
    groups = tuple(ParliamentaryGroup(g["key"], g["name"], g["seats"], tuple(g["aliases"]), g["active"])
                   for g in data["groups"])
    return Seed(data["source"], data["as_of"], ministries, groups)


def _plain(text: str) -> list[str]:
    """Lower case, without accents, split into words at spaces, hyphens, slashes, dots and quotes."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
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
    """The ministry ``name`` means (its key, name, an earlier name or a post's title)."""
    for m in ministries:
        if m.key == name.strip():
            return m
    title = title_form(name)
    by_title = [m for m in ministries if any(title_form(p.title) == title for p in m.posts)]
    if by_title:
        return _first_active(by_title)
    wanted = ministry_form(name)
    found = [m for m in ministries if wanted and any(ministry_form(n) == wanted for n in m.names())]
    return _first_active(found)


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
