"""Printed names for facet values: the index keeps them folded ("d66", "minister van
buitenlandse zaken"), the search page shows them as documents print them ("D66").

A value's name is looked up once in one document that has it (``search_facets`` by its index,
then that document's stored JSON) and kept per store: a name's spelling does not change, and new
values are rare next to searches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select

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


def printed_names(store: Store, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(facet, folded value) -> the value as printed; the folded value itself when no document
    prints it any more (or the facet is not one of ``SOURCES``)."""
    kept = _KEPT.setdefault(store.engine.url.render_as_string(hide_password=False), {})
    if len(kept) > MAX_KEPT:
        kept.clear()
    found = {}
    for facet, value in wanted:
        if (facet, value) not in kept:
            kept[(facet, value)] = _look_up(store, facet, value) or value
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
