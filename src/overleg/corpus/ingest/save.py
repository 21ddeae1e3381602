"""Saving documents so that they are also searchable: a batch read by ingest, or one document.

``overleg ingest`` saves and indexes a batch in one transaction (``save_and_index_batch``): the
rows ``DocumentRepository.save_many`` writes and the corpus rows of every version the index does
not hold yet, so a crash loses at most the batch in flight and running ingest again completes it.

A document that arrives alone (a paper fetched by ``overleg sync``, a report published through
the procedure) goes through ``save_and_index``, so every stored document is in the search index
and the links, motions and commitments tables. Given a connection (a publication: the
transaction that appends its event), the document and its index rows are written there, all in
one transaction. Alone (sync), the save and the indexing are two transactions: the saved
document is acknowledged first, and the index row follows. Should the process die in between,
the document is safe and the next ``save_and_index`` or ``overleg ingest`` of it indexes it (the
index records which version it holds and is brought up to date whenever they differ).

A document whose id belongs to another owner is refused (docs/store.md, "Documents have an
owner"): ``save_and_index`` raises ``Conflict``; a batch saves the others and returns the
refusal with its document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection

from overleg.corpus.search.entries import AnalysedDocument, analyse_entries
from overleg.corpus.search.index import ToIndex, index_document, index_documents, indexed_versions
from overleg.model import Document
from overleg.store.core import Store
from overleg.store.documents import to_save
from overleg.store.engine import write
from overleg.store.records import INGESTED, DocumentToSave, SavedDocument, SourceRead


class Prepared(Protocol):
    """A document ready to be saved and indexed (``reading.ReadDocument``): the store's
    ``to_save`` of it and the analysed text of its search entries (``analyse_entries``)."""

    @property
    def to_save(self) -> DocumentToSave: ...

    @property
    def analysed(self) -> AnalysedDocument: ...


def save_and_index(store: Store, doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
                   reason: str | None = None, origin: str = INGESTED, consultation_id: str | None = None,
                   conn: Connection | None = None, source: SourceRead | None = None) -> SavedDocument:
    """Save ``doc`` (idempotent by content hash, a new version when it changed) and index that
    version unless the index holds it already. ``origin`` and ``consultation_id``: who writes it
    (``DocumentToSave``); ``conn``: a connection in the caller's write transaction, which then
    holds the document and its index rows too; ``source``: what it was read from (``to_save``)."""
    prepared = to_save(doc, source_name, doc_id=doc_id, reason=reason, origin=origin,
                       consultation_id=consultation_id, source=source)
    if conn is not None:
        saved = store.documents.save_many([prepared], conn=conn)[0]
        _index_one(conn, saved, doc)
        return saved
    saved = store.documents.save_many([prepared])[0]
    with write(store.engine) as own:
        _index_one(own, saved, doc)
    return saved


def _index_one(conn: Connection, saved: SavedDocument, doc: Document) -> None:
    if indexed_versions(conn, [saved.id]).get(saved.id) != saved.version:
        index_document(conn, saved.id, saved.version, doc, analyse_entries(doc))


def save_and_index_batch(store: Store, batch: Sequence[Prepared]) -> tuple[list[SavedDocument], int]:
    """Save every document of ``batch`` (distinct ids) and index each version the index does not
    hold yet, in one transaction; returns what was saved (in order; a refused document with its
    reason in ``refused``) and how many were indexed."""
    with write(store.engine) as conn:
        saved = store.documents.save_many([r.to_save for r in batch], conn=conn, return_refusals=True)
        current = indexed_versions(conn, (s.id for s in saved if s.refused is None))
        stale = [ToIndex(result.id, result.version, read.to_save.document, read.analysed)
                 for read, result in zip(batch, saved, strict=True)
                 if result.refused is None and current.get(result.id) != result.version]
        # documents indexed at an older version first lose their rows; new ones have none
        index_documents(conn, [t for t in stale if t.doc_id in current], replace=True)
        index_documents(conn, [t for t in stale if t.doc_id not in current], replace=False)
    return saved, len(stale)
