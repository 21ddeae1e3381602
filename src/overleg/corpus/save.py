"""Saving one document so that it is also searchable.

``overleg ingest`` saves and indexes in batches; a document that arrives alone (a paper fetched by
``overleg sync``, a report published through the procedure) goes through ``save_and_index``, so
every stored document is in the search index and the links, motions and commitments tables.

The save and the indexing are two transactions: the saved document is acknowledged first, and
the index row follows. Should the process die in between, the document is safe and the next
``save_and_index`` or ``overleg ingest`` of it indexes it (the index records which version it
holds and is brought up to date whenever they differ).
"""

from __future__ import annotations

from overleg.corpus.index import analyse_entries, index_document, indexed_versions
from overleg.model import Document
from overleg.store.core import Store
from overleg.store.engine import write
from overleg.store.records import SavedDocument


def save_and_index(store: Store, doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
                   reason: str | None = None) -> SavedDocument:
    """Save ``doc`` (idempotent by content hash, a new version when it changed) and index that
    version unless the index holds it already."""
    saved = store.documents.save(doc, source_name, doc_id=doc_id, reason=reason)
    with write(store.engine) as conn:
        if indexed_versions(conn, [saved.id]).get(saved.id) != saved.version:
            index_document(conn, saved.id, saved.version, doc, analyse_entries(doc))
    return saved
