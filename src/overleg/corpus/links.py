"""Documents citing documents, motions and commitments across the corpus (read side).

Citations are stored in their canonical form (``document_links.target_id``: a ``DocumentId``
such as ``kst-21501-02-3349`` or ``stcrt-2023-31878``, or a Tweede Kamer number such as
``2023D39037``), whatever spelling the text printed; a citation *resolves* when a document with
that id is in the store, and a Tweede Kamer number when a stored document prints it as its own
(``document_identifiers``: the TK's copy of a letter its DocumentNummer, a ministry letter the
Zaak it answers; ``identity.number_keys``), whatever that document's store id: the link then
names that document. ``links_of`` gathers a document's links both ways (what it cites, stored
or not, and which stored documents cite it), each paper once with the items that cite it.
``related`` connects two documents that cite the same paper (a written question and a later
report about the same letter), or where one cites the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, and_, exists, func, or_, select

from overleg.errors import InvalidIdentifier, NotFound
from overleg.extract.references import find_tk_numbers
from overleg.model import Document, DocumentId, TkNumber
from overleg.model.identity import number_keys, number_of
from overleg.store.core import Store
from overleg.store.documents import owners_of
from overleg.store.engine import read
from overleg.store.schema import (
    commitments,
    document_identifiers,
    document_links,
    documents,
    motions,
    search_documents,
)
from overleg.vocabulary.citations import house_style


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
class CitingOfMotion:
    """A stored document citing the motion ``paper``: the name it cites it by, the items that do
    (empty when only a note outside the items does), and the document's title when indexed."""

    paper: str
    document_id: str
    name: str
    items: tuple[int, ...]
    title: str | None


@dataclass(frozen=True)
class CommitmentRecord:
    document_id: str
    item: int | None
    text: str
    due: str | None
    due_by: dt.date | None
    ministry: str | None


def _citations(store: Store, column: str, wanted: Sequence[str]) -> list[DocumentLink]:
    """The links whose ``column`` is one of ``wanted``, a Tweede Kamer number a stored document
    prints as its own named by that document's id (module docstring)."""
    links = document_links
    # one index probe per link (not IN over every stored document: a hash of them all per query)
    stored = exists().where(search_documents.c.document_id == links.c.target_id)
    query = (select(links.c.document_id, links.c.item, links.c.kind, links.c.target_id, links.c.target_item,
                    stored.label("resolved"))
             .where(links.c[column].in_(wanted)).order_by(links.c.document_id, links.c.position))
    with read(store.engine) as conn:
        rows = [DocumentLink(r.document_id, r.item, r.kind, r.target_id, r.target_item, bool(r.resolved))
                for r in conn.execute(query)]
        numbers = _documents_of_numbers(conn, {r.target_id for r in rows if not r.resolved})
    return [replace(r, target_id=numbers[r.target_id], resolved=True) if r.target_id in numbers else r
            for r in rows]


def _documents_of_numbers(conn: Connection, targets: Iterable[str]) -> dict[str, str]:
    """The stored document each Tweede Kamer number among ``targets`` is the own number of."""
    keys = {str(n): number_keys(n) for t in targets if (n := TkNumber.try_parse(t)) is not None}
    if not keys:
        return {}
    owners = owners_of(conn, (k for ks in keys.values() for k in ks))
    return {number: next(owners[k] for k in ks if k in owners) for number, ks in keys.items()
            if any(k in owners for k in ks)}


def _own_numbers(conn: Connection, doc_id: str) -> list[str]:
    """The Tweede Kamer numbers ``doc_id`` prints as its own (its DocumentNummer, the Zaak)."""
    keys = conn.execute(select(document_identifiers.c.identifier)
                        .where(document_identifiers.c.document_id == doc_id)).scalars()
    return sorted({str(n) for k in keys if (n := number_of(k)) is not None})


def cites(store: Store, doc_id: str) -> list[DocumentLink]:
    """What ``doc_id`` cites, in the order of the document (cross-references between its items included)."""
    return _citations(store, "document_id", [doc_id])


def cited_by(store: Store, doc_id: str) -> list[DocumentLink]:
    """Who cites ``doc_id`` (other documents only), by its id or by a number it prints as its own."""
    with read(store.engine) as conn:
        numbers = _own_numbers(conn, doc_id)
    return [replace(c, target_id=doc_id, resolved=True) for c in _citations(store, "target_id", [doc_id, *numbers])
            if c.document_id != doc_id]


@dataclass(frozen=True)
class LinkedPaper:
    """One paper on either side of a document's links: its id, how a person reads it cited, its
    page (here when stored, else its publication), whether it is stored, its title when stored,
    and the items that cite it (on the citing side; empty when only the heading or a note
    outside the items does)."""

    id: str
    citation: str
    url: str
    stored: bool
    title: str | None
    where: tuple[int, ...]
    kinds: tuple[str, ...]  # where in the citing document: question, answer, footnote, subject, ...


@dataclass(frozen=True)
class DocumentLinks:
    """What ``id`` cites (``cites``, in order of the document, stored or not) and which stored
    documents cite it (``cited_by``, by id)."""

    id: str
    citation: str
    cites: tuple[LinkedPaper, ...]
    cited_by: tuple[LinkedPaper, ...]


def canonical_target(text: str) -> str:
    """The id a link is stored under, from any spelling of a paper or number; else the text as given.

    >>> canonical_target("Kamerstuk 21 501-02, nr. 3349"), canonical_target("2023d39037"), canonical_target("local-1a")
    ('kst-21501-02-3349', '2023D39037', 'local-1a')
    """
    found: DocumentId | TkNumber | None = DocumentId.try_parse(text) or TkNumber.try_parse(text)
    return str(found) if found is not None else text.strip()


def citation_of(target: str) -> str:
    """A stored id as a person reads it cited: 'Kamerstuk 21 501-02, nr. 3349', 'Stcrt. 2023, 31878';
    a Tweede Kamer number and an id of no publication ('local-…') as they are."""
    try:
        return house_style(DocumentId(target))
    except InvalidIdentifier:  # not a publication's id
        return target


def _public_url(target: str) -> str | None:
    """The publication's own page: officielebekendmakingen, or the Kamer's for its numbers."""
    for kind in (DocumentId, TkNumber):
        try:
            return kind(target).url
        except InvalidIdentifier:
            continue
    return None


def tk_number_links(doc: Document) -> list[tuple[int | None, str, str]]:
    """(item, kind, number) for every Zaak and DocumentNummer the document prints: in its items,
    its footnotes (with the items that cite them), its subject and its opening. The model keeps
    only papers as refs, so the corpus finds these when it indexes."""
    found: list[tuple[int | None, str, str]] = []
    notes = {n.number: n for n in doc.footnotes}
    cited_notes: set[int] = set()
    for item in doc.items:
        found += [(item.number, "question", str(n)) for n in find_tk_numbers(item.question)]
        found += [(item.number, "answer", str(n)) for n in find_tk_numbers(item.answer or "")]
        for number in (*item.question_footnotes, *item.answer_footnotes):
            note = notes.get(number)
            if note is not None and note.text:
                cited_notes.add(number)
                found += [(item.number, "footnote", str(n)) for n in find_tk_numbers(note.text)]
    found += [(None, "footnote", str(n)) for note in doc.footnotes if note.number not in cited_notes
              for n in find_tk_numbers(note.text or "")]
    found += [(None, "subject", str(n)) for text in (doc.subject or "", *doc.opening) for n in find_tk_numbers(text)]
    return found


def _grouped(rows: list[DocumentLink], side: str, stored: dict[str, str | None], own: str) -> tuple[LinkedPaper, ...]:
    """One entry per paper (``side``: the target's id, or the citing document's), in first-seen order."""
    papers: dict[str, tuple[list[int], list[str]]] = {}
    for row in rows:
        key = row.target_id if side == "target" else row.document_id
        if key == own:
            continue  # a paper citing itself, or a cross-reference between its own items
        items, kinds = papers.setdefault(key, ([], []))
        if row.item is not None and row.item not in items:
            items.append(row.item)
        if row.kind not in kinds:
            kinds.append(row.kind)
    return tuple(
        LinkedPaper(key, citation_of(key), f"/documents/{key}" if key in stored else (_public_url(key) or ""),
                    key in stored, stored.get(key), tuple(sorted(items)), tuple(kinds))
        for key, (items, kinds) in papers.items())


def links_of(store: Store, doc_id: str) -> DocumentLinks:
    """A stored document's links both ways (module docstring); NotFound when it is not stored.
    ``doc_id`` may be printed any way a paper is cited ("Kamerstuk 21 501-02, nr. 3349")."""
    own = canonical_target(doc_id)
    with read(store.engine) as conn:
        own = _documents_of_numbers(conn, [own]).get(own, own)  # a number: the document printing it
        if conn.execute(select(documents.c.id).where(documents.c.id == own).limit(1)).first() is None:
            raise NotFound(f"no document {own}")
    outgoing = cites(store, own)
    incoming = cited_by(store, own)
    wanted = {r.target_id for r in outgoing} | {r.document_id for r in incoming}
    with read(store.engine) as conn:
        stored = {r.document_id: r.title for r in conn.execute(
            select(search_documents.c.document_id, search_documents.c.title)
            .where(search_documents.c.document_id.in_(sorted(wanted))))}
    return DocumentLinks(own, citation_of(own), _grouped(outgoing, "target", stored, own),
                         _grouped(incoming, "document", stored, own))


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


def motion_citations(store: Store, papers: Sequence[str]) -> list[CitingOfMotion]:
    """Who cites each motion of ``papers`` (its paper ids): a cited motion whose key or papers
    name it, one row per (paper, document), documents in id order. The key of a cited motion is
    its paper when the citation gives one (``index.motion_key``), so "motie Piri (Kamerstuk
    23432, nr. 620)" is found under kst-23432-620 and not under Piri's other motions."""
    wanted = set(papers)
    if not wanted:
        return []
    found: dict[tuple[str, str], tuple[str, set[int]]] = {}
    # a LIKE finds the candidates, the exact comparison below keeps a paper's own citations
    # (kst-23432-62 is inside "kst-23432-620")
    matches = or_(motions.c.motion_key.in_(sorted(wanted)),
                  *(motions.c.refs.contains(paper, autoescape=True) for paper in sorted(wanted)))
    with read(store.engine) as conn:
        rows = conn.execute(select(motions).where(matches).order_by(motions.c.document_id, motions.c.position)).all()
        for r in rows:
            for paper in sorted(wanted & {r.motion_key, *(r.refs or "").split()}):
                items = found.setdefault((paper, r.document_id), (r.name, set()))[1]
                items.update(int(i) for i in (r.items or "").split(",") if i)
        titles = {t.document_id: t.title for t in conn.execute(
            select(search_documents.c.document_id, search_documents.c.title)
            .where(search_documents.c.document_id.in_(sorted({d for _, d in found}))))}
    return [CitingOfMotion(paper, doc, name, tuple(sorted(items)), titles.get(doc))
            for (paper, doc), (name, items) in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1]))]


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
