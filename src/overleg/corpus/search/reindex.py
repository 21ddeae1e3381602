"""Indexing the stored documents again: after a change to what the index derives from a document
(the register of names behind the facet values, ``corpus.names``) the rows of documents indexed
before are stale, and ingest leaves an unchanged document alone. ``reindex`` rewrites the corpus
rows (search entries, facets, document facts, links, motions, commitments) of every indexed
document from its stored version, in batches, each batch one transaction.

``unresolved_names`` is the register's diagnostic: every group, ministry and committee the
stored documents print that the register does not know (kept as printed, counted apart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import select

from overleg.corpus import names
from overleg.corpus.document_rules import date_answered, date_asked, ministry_name
from overleg.corpus.search.index import ToIndex, index_documents
from overleg.model import Document
from overleg.store.core import Store
from overleg.store.engine import read, write
from overleg.store.schema import search_documents

BATCH = 200


def _indexed(store: Store) -> list[tuple[str, int]]:
    with read(store.engine) as conn:
        rows = conn.execute(select(search_documents.c.document_id, search_documents.c.version)
                            .order_by(search_documents.c.document_id))
        return [(r.document_id, int(r.version)) for r in rows]


def reindex(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every indexed document again at its indexed version; how many were."""
    indexed = _indexed(store)
    for start in range(0, len(indexed), BATCH):
        batch = [ToIndex(doc_id, version, store.documents.get(doc_id, version))
                 for doc_id, version in indexed[start:start + BATCH]]
        with write(store.engine) as conn:
            index_documents(conn, batch, replace=True)
        if progress:
            progress(min(start + BATCH, len(indexed)), len(indexed))
    return len(indexed)


def names_printed_in(doc: Document) -> Iterator[names.Name]:
    """Every group, ministry and committee ``doc`` prints, resolved as the index resolves them."""
    day = date_asked(doc)
    for asker in doc.askers:
        party = names.party_of(asker.name, asker.party, day)
        if party is not None:
            yield party
    for faction in doc.factions:
        yield names.group(faction.name, day)
    for item in doc.items:
        if item.faction:
            yield names.group(item.faction, day)
    ministry = ministry_name(doc)
    if ministry is not None:
        yield ministry
    for office in (*doc.addressees, doc.addressee):
        if office and office.strip():
            yield names.ministry(office, date_answered(doc))
    if doc.committee and doc.committee.name:
        yield names.committee(doc.committee.name, day)


def unresolved_names(store: Store) -> tuple[int, list[names.Unresolved]]:
    """How many names the stored documents print (once per document and name), and those the
    register does not know, most frequent first."""
    found: list[names.Name] = []
    for doc_id, version in _indexed(store):
        seen = {(n.kind, n.printed): n for n in names_printed_in(store.documents.get(doc_id, version))}
        found += seen.values()
    return len(found), names.unresolved(found)
