"""The documents the home page lists as recently published: by the date they bear.

"Recent" is the date a document bears (``document_rules.date_listed``, kept in the search index
as ``search_documents.date``), falling back to the day it was stored when it bears none; a
paper stored today about a letter of last year is not news. Ties: the most recently stored
first, then by id (a stable order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.records import DocumentVersion
from overleg.store.schema import documents, search_documents
from overleg.store.timeutil import as_utc


@dataclass(frozen=True)
class ListedDocument:
    """A document's latest version and the date it is listed by (None: it bears none)."""

    version: DocumentVersion
    date: dt.date | None

    @property
    def day(self) -> dt.date:
        """The date it is ordered by: its own, else the day it was stored."""
        return self.date or self.version.created_at.date()


def recent_by_date(store: Store, limit: int) -> tuple[ListedDocument, ...]:
    """The ``limit`` documents with the latest dates, newest first (see the module docstring)."""
    newer = documents.alias("newer")
    latest = ~select(newer.c.id).where((newer.c.id == documents.c.id)
                                       & (newer.c.version > documents.c.version)).exists()
    # the date as SQLite keeps it (ISO text) and PostgreSQL's date(...) of the stored moment
    # order alike; both stores give date() of a timestamp as that day
    day = func.coalesce(search_documents.c.date, func.date(documents.c.created_at))
    query = (select(documents.c.id, documents.c.version, documents.c.type, documents.c.title,
                    documents.c.content_hash, documents.c.source_name, documents.c.created_at, documents.c.reason,
                    documents.c.origin, search_documents.c.date)
             .select_from(documents.outerjoin(search_documents, search_documents.c.document_id == documents.c.id))
             .where(latest).order_by(day.desc(), documents.c.created_at.desc(), documents.c.id).limit(limit))
    with read(store.engine) as conn:
        return tuple(ListedDocument(DocumentVersion(id=r.id, version=r.version, type=r.type, title=r.title,
                                            content_hash=r.content_hash, source_name=r.source_name,
                                            created_at=as_utc(r.created_at), reason=r.reason, origin=r.origin),
                            _as_date(r.date)) for r in conn.execute(query))


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


__all__ = ["ListedDocument", "recent_by_date"]
