"""Documents citing documents, motions and commitments across the corpus (read side).

Citations are stored as written (``document_links.target_id``); a citation *resolves* when a
document with that id is in the store. ``related`` connects two documents that cite the same
paper (a written question and a later report about the same letter), or where one cites the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import commitments, document_links, motions, search_documents


@dataclass(frozen=True)
class DocumentLink:
    """``document_id`` (at ``item``, None outside items) cites ``target_id`` as ``kind``
    (question, answer, footnote, subject, agenda, motion, cross); ``resolved`` when the target is stored."""

    document_id: str
    item: int | None
    kind: str
    target_id: str
    target_item: int | None
    resolved: bool


@dataclass(frozen=True)
class RelatedDocument:
    document_id: str
    via: tuple[str, ...]  # the papers both cite (or the one citing the other)


@dataclass(frozen=True)
class CitedMotion:
    motion_key: str
    name: str
    refs: tuple[str, ...]
    sources: tuple[tuple[str, tuple[int, ...]], ...]  # (document id, items citing it)


@dataclass(frozen=True)
class CommitmentRecord:
    document_id: str
    item: int | None
    text: str
    due: str | None
    due_by: dt.date | None
    ministry: str | None


def _citations(store: Store, column: str, doc_id: str) -> list[DocumentLink]:
    links = document_links
    stored = select(search_documents.c.document_id).scalar_subquery()
    query = (select(links.c.document_id, links.c.item, links.c.kind, links.c.target_id, links.c.target_item,
                    links.c.target_id.in_(stored).label("resolved"))
             .where(links.c[column] == doc_id).order_by(links.c.document_id, links.c.position))
    with read(store.engine) as conn:
        return [DocumentLink(r.document_id, r.item, r.kind, r.target_id, r.target_item, bool(r.resolved))
                for r in conn.execute(query)]


def cites(store: Store, doc_id: str) -> list[DocumentLink]:
    """What ``doc_id`` cites, in the order of the document (cross-references between its items included)."""
    return _citations(store, "document_id", doc_id)


def cited_by(store: Store, doc_id: str) -> list[DocumentLink]:
    """Who cites ``doc_id`` (other documents only)."""
    return [c for c in _citations(store, "target_id", doc_id) if c.document_id != doc_id]


def related(store: Store, doc_id: str) -> list[RelatedDocument]:
    """Stored documents connected to ``doc_id`` through a paper both cite, or citing one another;
    the most shared papers first."""
    mine = select(document_links.c.target_id).where(
        document_links.c.document_id == doc_id, document_links.c.kind != "cross")
    other = document_links.alias("other")
    shared = (select(other.c.document_id, other.c.target_id)
              .where(other.c.target_id.in_(mine), other.c.document_id != doc_id, other.c.kind != "cross"))
    direct = select(document_links.c.document_id, document_links.c.target_id).where(
        document_links.c.target_id == doc_id, document_links.c.document_id != doc_id)
    outgoing = select(document_links.c.target_id, document_links.c.target_id).where(
        document_links.c.document_id == doc_id, document_links.c.target_id != doc_id,
        document_links.c.target_id.in_(select(search_documents.c.document_id)))
    via: dict[str, set[str]] = {}
    with read(store.engine) as conn:
        for q in (shared, direct, outgoing):
            for other_id, target in conn.execute(q):
                via.setdefault(other_id, set()).add(target)
    found = [RelatedDocument(d, tuple(sorted(v))) for d, v in via.items()]
    return sorted(found, key=lambda r: (-len(r.via), r.document_id))


def list_motions(store: Store, key: str | None = None) -> list[CitedMotion]:
    """Every motion cited in the corpus (one record per motion, however many documents cite it)."""
    query = select(motions).order_by(motions.c.motion_key, motions.c.document_id, motions.c.position)
    if key is not None:
        query = query.where(motions.c.motion_key == key)
    grouped: dict[str, list[tuple[str, str, str, str]]] = {}
    with read(store.engine) as conn:
        for r in conn.execute(query):
            grouped.setdefault(r.motion_key, []).append((r.name, r.refs, r.document_id, r.items))
    records = []
    for motion_key, rows in grouped.items():
        refs = tuple(dict.fromkeys(ref for _, refs_text, _, _ in rows for ref in refs_text.split()))
        sources = tuple((doc, tuple(int(i) for i in items.split(",") if i)) for _, _, doc, items in rows)
        records.append(CitedMotion(motion_key, rows[0][0], refs, sources))
    return records


def list_commitments(store: Store, *, ministry: str | None = None, due_before: dt.date | None = None,
                     document_id: str | None = None) -> list[CommitmentRecord]:
    """Commitments across the corpus, earliest due first (unknown due dates last)."""
    conditions = []
    if ministry:
        conditions.append(func.lower(commitments.c.ministry).contains(ministry.lower(), autoescape=True))
    if due_before:
        conditions.append(commitments.c.due_by <= due_before)
    if document_id:
        conditions.append(commitments.c.document_id == document_id)
    query = select(commitments).where(and_(True, *conditions)).order_by(
        commitments.c.due_by.is_(None), commitments.c.due_by, commitments.c.document_id, commitments.c.position)
    with read(store.engine) as conn:
        return [CommitmentRecord(r.document_id, r.item, r.text, r.due, r.due_by, r.ministry)
                for r in conn.execute(query)]
