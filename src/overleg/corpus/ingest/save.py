"""Saving documents so that they are also searchable: a batch read by ingest, or one document.

``overleg ingest`` saves and indexes a batch in one transaction (``save_and_index_batch``): the
rows ``DocumentRepository.save_many`` writes and the corpus rows of every version the index does
not hold yet, so a crash loses at most the batch in flight and running ingest again completes it.

A document that arrives alone (a paper fetched by ``overleg sync``, a report published through
the procedure) goes through ``save_and_index``, so every stored document is in the search index
and the links, motions and commitments tables. The save and the indexing are two transactions:
the saved document is acknowledged first, and the index row follows. Should the process die in
between, the document is safe and the next ``save_and_index`` or ``overleg ingest`` of it
indexes it (the index records which version it holds and is brought up to date whenever they
differ).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from overleg.corpus.search.entries import analyse_entries
from overleg.corpus.search.index import ToIndex, index_document, index_documents, indexed_versions
from overleg.model import Document
from overleg.store.core import Store
from overleg.store.engine import write
from overleg.store.records import DocumentToSave, SavedDocument


class Prepared(Protocol):
    """A document ready to be saved and indexed (``reading.ReadDocument``): the store's
    ``to_save`` of it and the analysed text of its search entries (``analyse_entries``)."""

    @property
    def to_save(self) -> DocumentToSave: ...

    @property
    def stemmed(self) -> Sequence[str]: ...


def save_and_index(store: Store, doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
                   reason: str | None = None) -> SavedDocument:
    """Save ``doc`` (idempotent by content hash, a new version when it changed) and index that
    version unless the index holds it already."""
    saved = store.documents.save(doc, source_name, doc_id=doc_id, reason=reason)
    with write(store.engine) as conn:
        if indexed_versions(conn, [saved.id]).get(saved.id) != saved.version:
            index_document(conn, saved.id, saved.version, doc, analyse_entries(doc))
    return saved


def save_and_index_batch(store: Store, batch: Sequence[Prepared]) -> tuple[list[SavedDocument], int]:
    """Save every document of ``batch`` (distinct ids) and index each version the index does not
    hold yet, in one transaction; returns what was saved (in order) and how many were indexed."""
    with write(store.engine) as conn:
        saved = store.documents.save_many([r.to_save for r in batch], conn=conn)
        current = indexed_versions(conn, (s.id for s in saved))
        stale = [ToIndex(result.id, result.version, read.to_save.document, read.stemmed)
                 for read, result in zip(batch, saved, strict=True) if current.get(result.id) != result.version]
        # documents indexed at an older version first lose their rows; new ones have none
        index_documents(conn, [t for t in stale if t.doc_id in current], replace=True)
        index_documents(conn, [t for t in stale if t.doc_id not in current], replace=False)
    return saved, len(stale)
