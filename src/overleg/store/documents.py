"""Documents in the store: every version of every document, as exchange JSON.

A document is saved under its canonical id (``kst-21501-02-3349``) or, when it has none, under an
id derived from its source name. Saving the same content again is a no-op; different content
becomes the next version. Versions are never changed or deleted (the database refuses it).
Items are copied into ``document_items`` for search. Two savers of one id take turns (SQLite:
the write lock; PostgreSQL: a transaction-scoped advisory lock on the id), so concurrent saves
of one content make one version and of different contents consecutive versions.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Engine, Row, Select, func, select, text
from sqlalchemy.exc import IntegrityError

from overleg import exchange
from overleg.errors import NotFound
from overleg.model import Document
from overleg.store.engine import read, write
from overleg.store.records import DocumentVersion, SavedDocument
from overleg.store.schema import document_items, documents
from overleg.store.timeutil import as_utc, utcnow

_SAVE_ATTEMPTS = 5


def content_hash(doc: Document) -> str:
    """sha256 of the document's exchange JSON with sorted keys: equal for equal documents."""
    return content_hash_of(exchange.to_dict(doc))


def content_hash_of(data: dict[str, Any]) -> str:
    """``content_hash`` of a document given its ``exchange.to_dict``."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def local_id(source_name: str) -> str:
    """The id of a document without a canonical id: stable for its source name.

    >>> local_id("antwoord.docx")
    'local-5550fc0e9462ea94'
    """
    return "local-" + hashlib.sha256(source_name.encode()).hexdigest()[:16]


class DocumentRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
             reason: str | None = None) -> SavedDocument:
        """Store ``doc`` as a new version unless its latest version has the same content.

        The id is ``doc_id``, else the document's canonical id, else ``local_id(source_name)``.
        ``reason`` says why a version was made (a correction of an established report).
        """
        chosen = doc_id or (str(doc.id) if doc.id else None) or (local_id(source_name) if source_name else None)
        if chosen is None:
            raise ValueError("a document without a canonical id needs a source_name or a doc_id")
        digest = content_hash(doc)
        for _ in range(_SAVE_ATTEMPTS):
            try:
                return self._save_once(doc, chosen, digest, source_name, reason)
            except IntegrityError:
                continue  # another writer took this version number first; look again
        raise RuntimeError(f"{chosen}: could not save after {_SAVE_ATTEMPTS} concurrent attempts")

    def _save_once(self, doc: Document, doc_id: str, digest: str, source_name: str | None,
                   reason: str | None) -> SavedDocument:
        with write(self._engine) as conn:
            if conn.dialect.name == "postgresql":  # savers of one id take turns (SQLite: BEGIN IMMEDIATE)
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"), {"id": doc_id})
            latest = conn.execute(
                select(documents.c.version, documents.c.content_hash)
                .where(documents.c.id == doc_id)
                .order_by(documents.c.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.content_hash == digest:
                return SavedDocument(doc_id, latest.version, created=False, changed=False)
            version = 1 if latest is None else latest.version + 1
            conn.execute(documents.insert().values(
                id=doc_id, version=version, type=doc.type.value, title=doc.title or doc.subject,
                content_hash=digest, source_name=source_name, reason=reason, created_at=utcnow(),
                exchange_json=exchange.to_json(doc, indent=None),
            ))
            if doc.items:
                conn.execute(document_items.insert(), [
                    {"document_id": doc_id, "document_version": version, "position": position,
                     "number": item.number, "faction": item.faction, "topic": item.topic,
                     "question": item.question, "answer": item.answer}
                    for position, item in enumerate(doc.items, start=1)
                ])
            return SavedDocument(doc_id, version, created=latest is None, changed=True)

    def get(self, doc_id: str, version: int | None = None) -> Document:
        """The document as stored (its latest version unless ``version`` is given)."""
        return exchange.from_json(self.get_json(doc_id, version))

    def get_json(self, doc_id: str, version: int | None = None) -> str:
        """The stored exchange JSON (compact) of the document, as is: for serving without re-encoding."""
        query = select(documents.c.exchange_json).where(documents.c.id == doc_id)
        if version is None:
            query = query.order_by(documents.c.version.desc()).limit(1)
        else:
            query = query.where(documents.c.version == version)
        with read(self._engine) as conn:
            found = conn.execute(query).scalar()
        if found is None:
            raise NotFound(f"no document {doc_id}" + (f" version {version}" if version is not None else ""))
        return str(found)

    def latest_version(self, doc_id: str) -> int:
        """The number of the document's latest version; NotFound when there is no such document."""
        with read(self._engine) as conn:
            found = conn.execute(select(func.max(documents.c.version)).where(documents.c.id == doc_id)).scalar()
        if found is None:
            raise NotFound(f"no document {doc_id}")
        return int(found)

    def versions(self, doc_id: str) -> tuple[DocumentVersion, ...]:
        """Every version of a document, oldest first; empty when there is no such document."""
        with read(self._engine) as conn:
            rows = conn.execute(_version_columns().where(documents.c.id == doc_id).order_by(documents.c.version))
            return tuple(_version(row) for row in rows)

    def list(self, *, type: str | None = None, limit: int = 100, offset: int = 0) -> tuple[DocumentVersion, ...]:
        """The latest version of each document, by id; ``type`` filters on the document type."""
        latest = (select(documents.c.id, func.max(documents.c.version).label("version"))
                  .group_by(documents.c.id).subquery())
        query = _version_columns().join_from(
            documents, latest, (documents.c.id == latest.c.id) & (documents.c.version == latest.c.version))
        if type is not None:
            query = query.where(documents.c.type == type)
        query = query.order_by(documents.c.id).limit(limit).offset(offset)
        with read(self._engine) as conn:
            return tuple(_version(row) for row in conn.execute(query))


    def recent(self, limit: int = 20) -> tuple[DocumentVersion, ...]:
        """The latest version of each document, the most recently stored first."""
        newer = documents.alias("newer")
        latest = ~select(newer.c.id).where((newer.c.id == documents.c.id)
                                           & (newer.c.version > documents.c.version)).exists()
        query = _version_columns().where(latest).order_by(documents.c.created_at.desc(), documents.c.id).limit(limit)
        with read(self._engine) as conn:
            return tuple(_version(row) for row in conn.execute(query))


def _version_columns() -> Select[Any]:
    return select(documents.c.id, documents.c.version, documents.c.type, documents.c.title,
                  documents.c.content_hash, documents.c.source_name, documents.c.created_at, documents.c.reason)


def _version(row: Row[Any]) -> DocumentVersion:
    return DocumentVersion(
        id=row.id, version=row.version, type=row.type, title=row.title, content_hash=row.content_hash,
        source_name=row.source_name, created_at=as_utc(row.created_at), reason=row.reason,
    )
