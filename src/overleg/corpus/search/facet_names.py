"""Names for facet values: the index keeps them folded ("pvdd", "buitenlandse zaken"), the
search page shows them as the register names them ("PvdD", "Buitenlandse Zaken"; ``corpus.names``).

A value the register does not know is shown as documents print it: its name is looked up once
in one document that has it (``search_facets`` by its index, then that document's stored JSON)
and kept per store: a name's spelling does not change, and new values are rare next to searches.

``filter_value`` is the other direction, for the filters, alerts and feeds: a typed name that
names a register entry means that entry's value exactly ("PvdA" is not "groenlinks-pvda").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select

from overleg.corpus import names
from overleg.corpus.search.analysis import fold
from overleg.errors import NotFound
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import search_facets

MAX_KEPT = 20_000
# the search page's facet -> the index's facets that hold its values (a group: a report's
# faction or an asker's party, as the group filter matches)
SOURCES = {"group": ("group", "party"), "ministry": ("ministry",), "committee": ("committee",)}
_KEPT: dict[str, dict[tuple[str, str], str]] = {}
MAX_FOLDED = 300  # as the index keeps a facet value


def folded(name: str) -> str:
    """A name as the index keeps it."""
    return fold(name)[:MAX_FOLDED]


def register_name(facet: str, value: str) -> str | None:
    """The register's name for a folded facet value (``facet``: group, party, ministry or
    committee); None when the value is not a register entry's."""
    return _register_values(facet).get(value)


def _register_values(facet: str) -> dict[str, str]:
    if facet not in _BY_VALUE:
        _BY_VALUE[facet] = {folded(names.shown(e)): names.shown(e) for e in names.entries(facet)}
    return _BY_VALUE[facet]


_BY_VALUE: dict[str, dict[str, str]] = {}


def filter_value(facet: str, typed: str) -> str | None:
    """The folded value a filter or feed on ``facet`` (group, party, ministry, committee) matches
    exactly when ``typed`` names a register entry; None when it names none (it is then matched as
    a folded substring of the values, as documents print them).

    >>> filter_value("group", "Partij voor de Dieren"), filter_value("party", "pvdd"), filter_value("group", "dieren")
    ('pvdd', 'pvdd', None)
    >>> filter_value("ministry", "Minister van Buitenlandse Zaken")
    'buitenlandse zaken'
    """
    kind = "group" if facet == "party" else facet
    text = typed.strip()
    if kind not in ("group", "ministry", "committee") or not text:
        return None
    if text in _register_values(kind):  # a value as stored (a facet link passes it back)
        return text
    found = names.of(kind, text, None)
    return folded(found.shown) if found.resolved else None


def printed_names(store: Store, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(facet, folded value) -> the register's name, else the value as printed; the folded value
    itself when no document prints it any more (or the facet is not one of ``SOURCES``)."""
    kept = _KEPT.setdefault(store.engine.url.render_as_string(hide_password=False), {})
    if len(kept) > MAX_KEPT:
        kept.clear()
    found = {}
    for facet, value in wanted:
        if (facet, value) not in kept:
            kept[(facet, value)] = register_name(facet, value) or _look_up(store, facet, value) or value
        found[(facet, value)] = kept[(facet, value)]
    return found


def _look_up(store: Store, facet: str, value: str) -> str | None:
    sources = SOURCES.get(facet)
    if not sources:
        return None
    with read(store.engine) as conn:
        doc_id = conn.execute(select(search_facets.c.document_id)
                              .where(search_facets.c.facet.in_(sources), search_facets.c.value == value)
                              .limit(1)).scalar()
    if doc_id is None:
        return None
    try:
        stored: dict[str, Any] = json.loads(store.documents.get_json(str(doc_id)))
    except NotFound:
        return None
    spellings = [name for name in _names(stored) if fold(name)[:300] == value]
    # "minister van X" in running text, "Minister van X" in the heading: the latter reads as a name
    return next((name for name in spellings if name[:1].isupper()), spellings[0] if spellings else None)


def _names(doc: dict[str, Any]) -> Iterator[str]:
    """Every name in a stored document (exchange JSON) that a facet value can come from."""
    for faction in doc.get("factions") or ():
        yield str(faction.get("name") or "")
    for item in doc.get("items") or ():
        yield str(item.get("faction") or "")
    for asker in doc.get("askers") or ():
        yield str(asker.get("party") or "")
    yield str(doc.get("addressee") or "")
    yield from (str(name) for name in doc.get("addressees") or ())
    yield from (str(name) for name in doc.get("answered_by") or ())
    committee = doc.get("committee") or {}
    yield str(committee.get("name") or "") if isinstance(committee, dict) else ""
