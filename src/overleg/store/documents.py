"""Documents in the store: every version of every document, as exchange JSON (compressed).

A document is saved under its id by ``overleg.model.identity.store_id``: its canonical id
(``kst-21501-02-3349``) or, when it has none, the TK document or Zaak number or the ministry's
kenmerk it prints (``zaak-2023Z14759``), else a hash of its normalised content; never its path.
Every source it was read from is listed in ``document_sources`` (``sources``), and every id it
is found by in ``document_identifiers`` (``identity.alias_keys``: its store id and the id each
identifier it prints would give it). A document without an official id is first looked up there
by each of these (``resolve``), and saved under the id of the stored document that has one, so
the TK's copy of a letter (DocumentNummer and Zaak) and the ministry's file (Zaak and kenmerk)
are one document whichever comes first. Saving the same
content again is a no-op; different content becomes the next version. Versions are never
changed or deleted (the database refuses it).
Each version's items are listed in ``document_items`` (position and number; their text is in
the record and, for search, in ``search_entries``). The record is the compact exchange JSON
compressed with zlib (``pack_record``, ``unpack_record``): JSON of Dutch prose shrinks to about a
third, and the store of record was a quarter of the database (docs/store.md, "Size"). Two
savers of one id take turns (SQLite: the write lock; PostgreSQL: a transaction-scoped advisory
lock on the id), so concurrent saves of one content make one version and of different contents
consecutive versions.

This module is the only writer of ``documents`` and ``document_items``: ``save`` writes one
document, ``save_many`` a batch in one transaction (ingest), by the same code; with a
connection given, inside the caller's transaction (ingest saves and indexes a batch at once).

Documents have an owner, and only the owner adds versions. A report number reserved by a
consultation when its report was established (``reserve``, table ``report_numbers``) belongs to
that consultation: only its publication (origin ``published:<committee>``) writes the document.
Any other id is an official paper: only ingest and sync (origin ``ingested``) write it, and a
consultation cannot reserve its number. Every version records its origin. A refused save writes
nothing and raises ``Conflict`` naming the id and its owner.

Text the databases cannot hold (a NUL character, which PostgreSQL refuses in text; a lone
surrogate, which is not UTF-8) is refused before anything is written (``ValidationFailed``
naming the field), on both stores alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from overleg import exchange
from overleg.errors import Conflict, NotFound, ValidationFailed
from overleg.model import Document
from overleg.model.identity import alias_keys, is_derived, store_id
from overleg.store.engine import read, write
from overleg.store.records import (
    INGESTED,
    DocumentSource,
    DocumentToSave,
    DocumentVersion,
    Reservation,
    SavedDocument,
    SourceRead,
    published_by,
)
from overleg.store.schema import document_identifiers, document_sources, documents, report_numbers
from overleg.store.timeutil import as_utc, utcnow

_SAVE_ATTEMPTS = 5
# zlib's level 3: the default 6 saves 8% more room at 2.3x the time (1.27 against 0.55 ms for a
# generated document of 38 kB), and ingest's reader processes, which compress, now take two
# thirds of its processor time; 1 costs 16% more room than 6
RECORD_LEVEL = 3


def pack_record(exchange_json: str) -> bytes:
    """The stored form of a document's compact exchange JSON."""
    return zlib.compress(exchange_json.encode("utf-8"), RECORD_LEVEL)


def unpack_record(record: bytes) -> str:
    """The exchange JSON of a stored record (``pack_record``); ``zlib.error`` or
    ``UnicodeDecodeError`` when the bytes are not one."""
    return zlib.decompress(record).decode("utf-8")


def content_hash(doc: Document) -> str:
    """sha256 of the document's exchange JSON with sorted keys: equal for equal documents."""
    return content_hash_of(exchange.to_dict(doc))


def content_hash_of(data: dict[str, Any]) -> str:
    """``content_hash`` of a document given its ``exchange.to_dict``."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL text refuses it); lone surrogates (not UTF-8)


def unstorable_field(value: object, path: str = "") -> str | None:
    """The dotted name of the first text in ``value`` (text, a dataclass, a mapping, a sequence,
    nested) that the stores cannot hold: it holds a NUL character or a lone surrogate. None when
    every text can be stored. Indexes of sequences are left out of the name ("items.answer")."""
    if isinstance(value, str):
        return (path or "text") if _UNSTORABLE.search(value) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        pairs: Iterable[tuple[str, object]] = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    elif isinstance(value, Mapping):
        pairs = ((str(k), v) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        pairs = (("", v) for v in value)
    else:
        return None
    for name, inner in pairs:
        found = unstorable_field(inner, f"{path}.{name}" if path and name else path or name)
        if found is not None:
            return found
    return None


def refuse_unstorable(value: object, what: str, path: str = "") -> None:
    """Raise ``ValidationFailed`` naming the field when ``value`` holds text the stores cannot hold."""
    field = unstorable_field(value, path)
    if field is not None:
        raise ValidationFailed(f"{what}: {field} holds a NUL character or a lone surrogate, which cannot be stored",
                               field=field)


def to_save(doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
            reason: str | None = None, origin: str = INGESTED,
            consultation_id: str | None = None, source: SourceRead | None = None) -> DocumentToSave:
    """``doc`` ready for ``DocumentRepository.save_many``: its id (``doc_id``, else
    ``identity.store_id(doc)``), content hash and packed exchange JSON. Needs no database, so
    ingest computes it in its reader processes. ``origin``: who writes it (``INGESTED``, or
    ``published_by(committee)`` with the publishing ``consultation_id``). ``source``: what it was
    read from (default: ``source_name`` of unknown format and bytes), listed with the document.
    ``ValidationFailed`` when a text of the document cannot be stored (see module docstring)."""
    chosen = doc_id or store_id(doc)
    if source is None and source_name:
        source = SourceRead(source_name)
    data = exchange.to_dict(doc)  # once for both: the hash and the stored JSON (what to_json(indent=None) writes)
    stored = json.dumps(data, ensure_ascii=False, indent=None)
    # one scan of the stored text finds both (a NUL is written as an escape, a surrogate as is)
    if _UNSTORABLE.search(stored) or "\\u0000" in stored or (source_name and _UNSTORABLE.search(source_name)):
        refuse_unstorable({"source_name": source_name, **data}, f"document {chosen}")
    aliases = alias_keys(doc) if doc_id is None else (chosen,)
    return DocumentToSave(chosen, doc, content_hash_of(data), pack_record(stored), source_name, reason, origin,
                          consultation_id, source, aliases)


ITEM_COLUMNS = ("document_id", "document_version", "position", "number")


def bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert plain rows (strings, numbers, booleans, None) at the driver level, inside the
    caller's transaction: ``COPY`` on PostgreSQL, ``executemany`` on SQLite. SQLAlchemy's
    per-row parameter processing is skipped, which is what makes this worth having; the
    values must therefore already be what the driver stores (no dates or JSON here)."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


class DocumentRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, doc: Document, source_name: str | None = None, *, doc_id: str | None = None,
             reason: str | None = None) -> SavedDocument:
        """Store ``doc`` (an ingested paper) as a new version unless its latest version has the same
        content.

        The id is ``doc_id``, else ``identity.store_id(doc)``; ``source_name`` is listed as its source.
        ``reason`` says why a version was made. A published report is saved by the service
        through ``save_many`` with its origin; ``Conflict`` when the id is a reserved report number.
        """
        return self.save_many([to_save(doc, source_name, doc_id=doc_id, reason=reason)])[0]

    def save_many(self, batch: Sequence[DocumentToSave], *, conn: Connection | None = None,
                  return_refusals: bool = False) -> list[SavedDocument]:
        """Store each document of ``batch`` (distinct ids; ``to_save`` makes them) as ``save`` does
        one: a new version unless its latest version has the same content. One result per
        document, in order.

        A document whose id belongs to another owner (see module docstring) is refused: the
        whole batch raises ``Conflict`` before anything is written, or, with
        ``return_refusals``, the others are saved and the refused one comes back with its reason
        in ``SavedDocument.refused`` (ingest reports it as a failure of its file).

        Without ``conn`` the batch is one transaction of its own (tried again should another
        writer take a version number first). With ``conn``, a connection in the caller's write
        transaction (``store.engine.write``), the rows are written there and the caller commits:
        ingest indexes a batch in the transaction that saves it, one fsync per batch, and a
        publication saves its report in the transaction that appends its event.
        """
        ids = [b.id for b in batch]
        if len(set(ids)) != len(ids):
            raise ValueError("a batch to save holds each document id once")
        if conn is not None:
            return _save(conn, batch, return_refusals)
        for _ in range(_SAVE_ATTEMPTS):
            try:
                with write(self._engine) as own:
                    return _save(own, batch, return_refusals)
            except IntegrityError:
                continue  # another writer took this version number first; look again
        raise RuntimeError(f"{', '.join(ids)}: could not save after {_SAVE_ATTEMPTS} concurrent attempts")

    def reserve(self, conn: Connection, doc_id: str, committee: str, consultation_id: str) -> Reservation:
        """Reserve the report number ``doc_id`` for the consultation, inside the caller's write
        transaction (the one that establishes the report). ``Conflict`` when the number is another
        consultation's, or a stored paper's; reserving it again for the same consultation is a no-op."""
        _lock(conn, [doc_id])
        held = _reservations(conn, [doc_id]).get(doc_id)
        if held is not None:
            if held.consultation_id == consultation_id and held.committee == committee:
                return held
            raise Conflict(f"{doc_id} is already the number of a report of {held.committee}: "
                           "a report number is never used twice; choose another number")
        if conn.execute(select(func.count()).select_from(documents).where(documents.c.id == doc_id)).scalar():
            raise Conflict(f"{doc_id} is an official paper in the store (ingested): "
                           "a report cannot take its number; choose another number")
        made = Reservation(doc_id, committee, consultation_id, utcnow())
        conn.execute(insert(report_numbers).values(document_id=doc_id, committee=committee,
                                                   consultation_id=consultation_id, reserved_at=made.reserved_at))
        return made

    def reservation(self, doc_id: str) -> Reservation | None:
        """Who holds the report number ``doc_id`` (None: no consultation does)."""
        with read(self._engine) as conn:
            return _reservations(conn, [doc_id]).get(doc_id)

    def get(self, doc_id: str, version: int | None = None) -> Document:
        """The document as stored (its latest version unless ``version`` is given)."""
        return exchange.from_json(self.get_json(doc_id, version))

    def get_json(self, doc_id: str, version: int | None = None) -> str:
        """The stored exchange JSON (compact) of the document, as is: for serving without re-encoding."""
        query = select(documents.c.exchange_zlib).where(documents.c.id == doc_id)
        if version is None:
            query = query.order_by(documents.c.version.desc()).limit(1)
        else:
            query = query.where(documents.c.version == version)
        with read(self._engine) as conn:
            found = conn.execute(query).scalar()
        if found is None:
            raise NotFound(f"no document {doc_id}" + (f" version {version}" if version is not None else ""))
        return unpack_record(bytes(found))

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


    def owners(self, identifiers: Iterable[str]) -> dict[str, str]:
        """The stored document each of ``identifiers`` finds (``document_identifiers``); an
        identifier no document has is left out."""
        with read(self._engine) as conn:
            return owners_of(conn, identifiers)

    def identifiers(self, doc_id: str) -> tuple[str, ...]:
        """Every id the document is found by (its own among them), sorted."""
        query = (select(document_identifiers.c.identifier).where(document_identifiers.c.document_id == doc_id)
                 .order_by(document_identifiers.c.identifier))
        with read(self._engine) as conn:
            return tuple(conn.execute(query).scalars())

    def sources(self, doc_id: str) -> tuple[DocumentSource, ...]:
        """Every source the document was read from, the first read first; empty when none is
        known (a report published through the procedure, or no such document)."""
        query = (select(document_sources).where(document_sources.c.document_id == doc_id)
                 .order_by(document_sources.c.first_read_at, document_sources.c.source_name))
        with read(self._engine) as conn:
            return tuple(DocumentSource(r.source_name, r.format, r.bytes_hash, as_utc(r.first_read_at),
                                        as_utc(r.last_read_at), r.version, r.metadata_json)
                         for r in conn.execute(query))

    def recent(self, limit: int = 20) -> tuple[DocumentVersion, ...]:
        """The latest version of each document, the most recently stored first."""
        newer = documents.alias("newer")
        latest = ~select(newer.c.id).where((newer.c.id == documents.c.id)
                                           & (newer.c.version > documents.c.version)).exists()
        query = _version_columns().where(latest).order_by(documents.c.created_at.desc(), documents.c.id).limit(limit)
        with read(self._engine) as conn:
            return tuple(_version(row) for row in conn.execute(query))


def _save(conn: Connection, batch: Sequence[DocumentToSave], return_refusals: bool) -> list[SavedDocument]:
    """Write the versions of ``batch`` that differ from the latest stored ones, inside ``conn``'s
    transaction: one statement for the documents, one for all their items. Every document's
    owner is checked before anything is written."""
    batch = resolve(batch, owners_of(conn, (key for b in batch for key in b.aliases)))
    if len({b.id for b in batch}) != len(batch):
        raise ValueError("a batch to save holds each document once: two of it are one document by their identifiers")
    ids = sorted(b.id for b in batch)
    _lock(conn, ids)
    latest: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        newest = (select(documents.c.id, func.max(documents.c.version).label("version"))
                  .where(documents.c.id.in_(ids[start:start + 500])).group_by(documents.c.id).subquery())
        rows = conn.execute(select(documents.c.id, documents.c.version, documents.c.content_hash).join(
            newest, (documents.c.id == newest.c.id) & (documents.c.version == newest.c.version)))
        latest.update({r.id: (r.version, r.content_hash) for r in rows})
    reserved = _reservations(conn, ids)
    refusals = {b.id: why for b in batch if (why := _refusal(b, reserved.get(b.id), b.id in latest)) is not None}
    if refusals and not return_refusals:
        raise Conflict(next(iter(refusals.values())))
    saved: list[SavedDocument] = []
    doc_rows: list[dict[str, object]] = []
    item_rows: list[tuple[object, ...]] = []
    now = utcnow()
    for b in batch:
        found = latest.get(b.id)
        if b.id in refusals:
            saved.append(SavedDocument(b.id, found[0] if found else 0, created=False, changed=False,
                                       refused=refusals[b.id]))
            continue
        if found is not None and found[1] == b.content_hash:
            saved.append(SavedDocument(b.id, found[0], created=False, changed=False))
            continue
        version = 1 if found is None else found[0] + 1
        doc = b.document
        doc_rows.append({"id": b.id, "version": version, "type": doc.type.value, "title": doc.title or doc.subject,
                         "content_hash": b.content_hash, "source_name": b.source_name, "reason": b.reason,
                         "created_at": now, "exchange_zlib": b.record, "origin": b.origin})
        item_rows += [(b.id, version, position, item.number)
                      for position, item in enumerate(doc.items, start=1)]
        saved.append(SavedDocument(b.id, version, created=found is None, changed=True))
    if doc_rows:
        conn.execute(insert(documents), doc_rows)
    # the items at the driver level (COPY / executemany): thousands of rows per ingest batch
    bulk_insert(conn, "document_items", ITEM_COLUMNS, item_rows)
    record_sources(conn, [(b.id, b.source, result.version) for b, result in zip(batch, saved, strict=True)
                          if b.source is not None and result.refused is None], now)
    record_identifiers(conn, [(b.id, b.aliases) for b, result in zip(batch, saved, strict=True)
                              if result.refused is None and b.aliases])
    return saved


def resolve(batch: Sequence[DocumentToSave], owners: Mapping[str, str]) -> list[DocumentToSave]:
    """``batch`` with each document whose id was minted (``identity.is_derived``) under the id of
    the document one of its aliases already finds (``owners``: alias -> document id), the first
    alias that finds one winning; an official id is kept as it is."""
    resolved = []
    for b in batch:
        found = next((owners[key] for key in b.aliases if key in owners), b.id) if is_derived(b.id) else b.id
        resolved.append(b if found == b.id else dataclasses.replace(b, id=found))
    return resolved


def owners_of(conn: Connection, identifiers: Iterable[str]) -> dict[str, str]:
    """``DocumentRepository.owners`` inside the caller's transaction."""
    keys = sorted(set(identifiers))
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        rows = conn.execute(select(document_identifiers.c.identifier, document_identifiers.c.document_id)
                            .where(document_identifiers.c.identifier.in_(keys[start:start + 500])))
        found.update({r.identifier: r.document_id for r in rows})
    return found


def record_identifiers(conn: Connection, found_by: Sequence[tuple[str, Sequence[str]]]) -> None:
    """List each (document id, the ids it is found by) in ``document_identifiers``, inside the
    caller's write transaction: an id no document has yet becomes this document's; one another
    document has stays with it (the first one to have it keeps it). Nothing is written for
    none (a store before revision 0011 is written so in the migration tests)."""
    if not found_by:
        return
    taken = owners_of(conn, (key for doc_id, keys in found_by for key in (doc_id, *keys)))
    new: dict[str, str] = {}
    for doc_id, keys in found_by:
        for key in (doc_id, *keys):
            if key not in taken and key not in new:
                new[key] = doc_id
    if new:
        conn.execute(insert(document_identifiers), [{"identifier": k, "document_id": d} for k, d in new.items()])


def record_sources_of_stored(conn: Connection, read_from: Sequence[tuple[str, SourceRead]]) -> None:
    """``record_sources`` for documents already stored, at their latest version; a source of a
    document that is not stored (refused, failed) is left out."""
    ids = sorted({doc_id for doc_id, _ in read_from})
    latest: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(select(documents.c.id, func.max(documents.c.version).label("version"))
                            .where(documents.c.id.in_(ids[start:start + 500])).group_by(documents.c.id))
        latest.update({r.id: int(r.version) for r in rows})
    record_sources(conn, [(doc_id, source, latest[doc_id]) for doc_id, source in read_from if doc_id in latest])


def record_sources(conn: Connection, read_from: Sequence[tuple[str, SourceRead, int]],
                   now: dt.datetime | None = None) -> None:
    """List each (document id, source, the document's version) with its document, inside the
    caller's write transaction: a source already listed (same name and bytes) is marked read
    again (``last_read_at``, and its ``metadata_json`` replaced when this read brings one), a new
    one is added with the version it was first read at."""
    if not read_from:
        return
    now = now or utcnow()
    ids = sorted({doc_id for doc_id, _, _ in read_from})
    listed: set[tuple[str, str, str]] = set()
    for start in range(0, len(ids), 500):
        rows = conn.execute(select(document_sources.c.document_id, document_sources.c.source_name,
                                   document_sources.c.bytes_hash)
                            .where(document_sources.c.document_id.in_(ids[start:start + 500])))
        listed.update((r.document_id, r.source_name, r.bytes_hash) for r in rows)
    new: dict[tuple[str, str, str], dict[str, object]] = {}
    again: dict[tuple[str, str, str], str | None] = {}
    for doc_id, source, version in read_from:
        key = (doc_id, source.name, source.bytes_hash)
        if key in listed:
            again[key] = source.metadata or again.get(key)
        elif key not in new:
            new[key] = {"document_id": doc_id, "source_name": source.name, "format": source.format,
                        "bytes_hash": source.bytes_hash, "first_read_at": now, "last_read_at": now,
                        "version": version, "metadata_json": source.metadata}
    if new:
        conn.execute(insert(document_sources), list(new.values()))
    for (doc_id, name, digest), metadata in again.items():
        values: dict[str, object] = {"last_read_at": now}
        if metadata is not None:  # a file read again without a record keeps the record it had
            values["metadata_json"] = metadata
        conn.execute(update(document_sources).where(
            (document_sources.c.document_id == doc_id) & (document_sources.c.source_name == name)
            & (document_sources.c.bytes_hash == digest)).values(**values))


def _refusal(b: DocumentToSave, held: Reservation | None, stored: bool) -> str | None:
    """Why ``b`` may not be written (None: it may): only the consultation holding a report number
    publishes that document, and a number no consultation holds is an official paper's."""
    if b.origin == INGESTED:
        if held is None:
            return None
        return (f"{b.id} is the number of a report of {held.committee}, published through the procedure: "
                "an ingested paper cannot replace it")
    if held is None:
        if stored:
            return (f"{b.id} is an official paper in the store (ingested): a publication cannot replace it; "
                    "the report needs another number")
        return f"{b.id} is not reserved for a report: only an established consultation publishes its report"
    if held.consultation_id != b.consultation_id or b.origin != published_by(held.committee):
        return (f"{b.id} is the number of a report of {held.committee}: "
                "another consultation cannot publish under it")
    return None


def _lock(conn: Connection, ids: Sequence[str]) -> None:
    """Savers and reservers of one id take turns (SQLite: BEGIN IMMEDIATE); sorted, so two
    batches cannot deadlock."""
    if conn.dialect.name == "postgresql":
        for doc_id in sorted(ids):
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"), {"id": doc_id})


def _reservations(conn: Connection, ids: Sequence[str]) -> dict[str, Reservation]:
    found: dict[str, Reservation] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(select(report_numbers).where(report_numbers.c.document_id.in_(ids[start:start + 500])))
        found.update({r.document_id: _reservation(r) for r in rows})
    return found


def _reservation(row: Row[Any]) -> Reservation:
    return Reservation(row.document_id, row.committee, row.consultation_id, as_utc(row.reserved_at))


def _version_columns() -> Select[Any]:
    return select(documents.c.id, documents.c.version, documents.c.type, documents.c.title,
                  documents.c.content_hash, documents.c.source_name, documents.c.created_at, documents.c.reason,
                  documents.c.origin)


def _version(row: Row[Any]) -> DocumentVersion:
    return DocumentVersion(
        id=row.id, version=row.version, type=row.type, title=row.title, content_hash=row.content_hash,
        source_name=row.source_name, created_at=as_utc(row.created_at), reason=row.reason, origin=row.origin,
    )
