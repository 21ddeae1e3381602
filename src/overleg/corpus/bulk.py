"""Saving many documents in one transaction: what ``DocumentRepository.save`` does for one.

Ingest writes thousands of documents; a transaction per document costs an fsync each (about
20 ms on this machine), so ingest saves a batch per transaction instead. The rows are exactly
those ``DocumentRepository.save`` writes (same id rule, same content hash, same columns, the next
version only when the content differs from the latest), so the two paths are interchangeable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, text

from overleg.corpus.index import bulk_insert
from overleg.model import Document
from overleg.store.records import SavedDocument
from overleg.store.schema import documents
from overleg.store.timeutil import utcnow


@dataclass(frozen=True)
class ToSave:
    doc_id: str
    document: Document
    digest: str  # content_hash(document)
    exchange_json: str  # exchange.to_json(document, indent=None)
    source_name: str


ITEM_COLUMNS = ("document_id", "document_version", "position", "number", "faction", "topic", "question", "answer")


def save_batch(conn: Connection, batch: Sequence[ToSave]) -> list[SavedDocument]:
    """Save each document of ``batch`` (distinct ids) inside the caller's write transaction."""
    ids = sorted({b.doc_id for b in batch})
    if conn.dialect.name == "postgresql":  # as DocumentRepository.save; sorted, so two batches cannot deadlock
        for doc_id in ids:
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"), {"id": doc_id})
    latest: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        newest = (select(documents.c.id, func.max(documents.c.version).label("version"))
                  .where(documents.c.id.in_(ids[start:start + 500])).group_by(documents.c.id).subquery())
        rows = conn.execute(select(documents.c.id, documents.c.version, documents.c.content_hash).join(
            newest, (documents.c.id == newest.c.id) & (documents.c.version == newest.c.version)))
        latest.update({r.id: (r.version, r.content_hash) for r in rows})
    saved: list[SavedDocument] = []
    doc_rows: list[dict[str, object]] = []
    item_rows: list[tuple[object, ...]] = []
    now = utcnow()
    for b in batch:
        found = latest.get(b.doc_id)
        if found is not None and found[1] == b.digest:
            saved.append(SavedDocument(b.doc_id, found[0], created=False, changed=False))
            continue
        version = 1 if found is None else found[0] + 1
        doc = b.document
        doc_rows.append({"id": b.doc_id, "version": version, "type": doc.type.value, "title": doc.title or doc.subject,
                         "content_hash": b.digest, "source_name": b.source_name, "reason": None, "created_at": now,
                         "exchange_json": b.exchange_json})
        item_rows += [(b.doc_id, version, position, item.number, item.faction, item.topic, item.question, item.answer)
                      for position, item in enumerate(doc.items, start=1)]
        saved.append(SavedDocument(b.doc_id, version, created=found is None, changed=True))
    if doc_rows:
        conn.execute(insert(documents), doc_rows)
    # the items at the driver level (COPY / executemany): thousands of rows per batch
    bulk_insert(conn, "document_items", ITEM_COLUMNS, item_rows)
    return saved
