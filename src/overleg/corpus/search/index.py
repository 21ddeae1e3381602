"""A document version -> its rows in the corpus tables (search entries, facets, links, motions,
commitments). Called by ingest in the writer process, inside the writer's transaction.

The corpus tables describe the latest version of each document only: indexing a version first
deletes whatever an older version left there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, insert, select, text

from overleg.corpus import facts
from overleg.corpus.document_rules import answering_ministry, date_listed
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.bm25 import IMPACTS
from overleg.corpus.search.entries import CODE, AnalysedDocument, EntrySpec, analyse_entries, entry_specs, facet_values
from overleg.corpus.search.suggest import record_words
from overleg.model import Document
from overleg.store.documents import bulk_insert
from overleg.store.generation import new_generation
from overleg.store.heads import build_heads
from overleg.store.postings import CodedEntries, MergeReport, merge_postings, new_entry_ids, write_coded_segment
from overleg.store.schema import (
    commitments,
    document_facts,
    document_links,
    motions,
    search_documents,
    search_entries,
    search_facets,
)

CORPUS_TABLES = (search_entries, search_facets, search_documents, document_links, motions, commitments,
                 document_facts)


def indexed_versions(conn: Connection, doc_ids: Iterable[str]) -> dict[str, int]:
    """The version each of ``doc_ids`` is indexed at (absent: not indexed)."""
    ids = list(dict.fromkeys(doc_ids))
    found: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(select(search_documents.c.document_id, search_documents.c.version)
                            .where(search_documents.c.document_id.in_(ids[start:start + 500])))
        found.update({row.document_id: row.version for row in rows})
    return found


def index_document(conn: Connection, doc_id: str, version: int, doc: Document,
                   analysed: AnalysedDocument | None = None) -> None:
    """Replace the corpus rows of ``doc_id`` by those of ``doc`` (its version ``version``);
    ``analysed``: ``analyse_entries(doc)`` when a reader process computed it already."""
    index_documents(conn, [ToIndex(doc_id, version, doc, analysed)], replace=True)


@dataclass(frozen=True)
class ToIndex:
    doc_id: str
    version: int
    document: Document
    analysed: AnalysedDocument | None = None  # analyse_entries(document), when a reader computed it


def index_documents(conn: Connection, batch: Sequence[ToIndex], *, replace: bool) -> None:
    """Replace the corpus rows of every document of ``batch`` (distinct ids) by those of its
    given version: one statement per table for the whole batch, not one per document (the
    statements' own overhead was most of the writer's time). ``replace=False`` when none of
    them is indexed yet: nothing to delete."""
    if not batch:
        return
    new_generation(conn)  # every search page kept from before this is stale (corpus.search.pages)
    ids = [b.doc_id for b in batch]
    specs = [entry_specs(b.document) for b in batch]
    analysed = [_analysed(b, s) for b, s in zip(batch, specs, strict=True)]
    # the vocabulary of "Bedoelde u ...?" (suggest.py)
    record_words(conn, ids, [(a.words, np.frombuffer(a.word_entries, dtype=CODE).tolist()) for a in analysed],
                 replace=replace)
    if replace:
        for table in CORPUS_TABLES:
            for start in range(0, len(ids), 500):
                conn.execute(delete(table).where(table.c.document_id.in_(ids[start:start + 500])))
    conn.execute(insert(search_documents), [
        {"document_id": b.doc_id, "version": b.version, "type": b.document.type.value,
         "title": b.document.title or b.document.subject,
         "date": date_listed(b.document),
         "has_commitment": bool(b.document.commitments)} for b in batch])
    bulk_insert(conn, "document_facts", ("document_id", "version", "facts_json"),
                [(b.doc_id, b.version, facts.facts_to_json(facts.facts_of(b.document))) for b in batch])
    facets = [(b.doc_id, f, v) for b in batch for f, v in facet_values(b.document)]
    bulk_insert(conn, "search_facets", ("document_id", "facet", "value"), facets)
    entries = [e for b, s in zip(batch, specs, strict=True) for e in _entries(b.doc_id, s)]
    entry_ids = new_entry_ids(conn, len(entries))
    bulk_insert(conn, "search_entries", ("id", *ENTRY_COLUMNS),
                [(i, *e) for i, e in zip(entry_ids, entries, strict=True)])
    # the batch's postings as one segment (store.postings): its terms grouped here, one
    # statement per table
    write_coded_segment(conn, _coded(batch, analysed, np.array(entry_ids, dtype=np.int64),
                                     [e[2] for e in entries]), heads=IMPACTS)
    links = [row for b, a in zip(batch, analysed, strict=True) for row in _links(b.doc_id, b.document, a.cited)]
    bulk_insert(conn, "document_links", ("document_id", "position", "item", "kind", "target_id", "target_item"),
                links)
    motion_rows = [{"document_id": b.doc_id, "position": n, "motion_key": motion_key(m.name, m.refs),
                    "name": m.name, "refs": " ".join(str(r) for r in m.refs),
                    "items": ",".join(str(i) for i in m.items)}
                   for b in batch for n, m in enumerate(b.document.motions, start=1)]
    if motion_rows:
        conn.execute(insert(motions), motion_rows)
    commitment_rows = [{"document_id": b.doc_id, "position": n, "item": c.item, "text": c.text, "due": c.due,
                        "due_by": c.due_by, "ministry": answering_ministry(b.document)}
                       for b in batch for n, c in enumerate(b.document.commitments, start=1)]
    if commitment_rows:
        conn.execute(insert(commitments), commitment_rows)


MERGE_SEGMENTS = 16  # after an ingest, a term with this many segments (batches) has them merged


def maintain(conn: Connection, *, full: bool = False) -> MergeReport:
    """Merge posting segments (and drop the postings and stats of deleted entries): every term
    with ``MERGE_SEGMENTS`` or more after an ingest; with ``full`` (``overleg db maintain``) every
    term (one segment each after it, no posting of a deleted entry left). Every large segment
    gets its head (``store.heads``) if it has none under today's ranking. PostgreSQL's
    statistics of every table are refreshed too (a bulk ingest changes documents, links and
    identifiers as much as the index, and a plan made on stale statistics reads a whole table
    where an index would do). Searches give the same results before and after: only the cost of
    reading a term's postings changes."""
    report = merge_postings(conn, min_segments=1 if full else MERGE_SEGMENTS, heads=IMPACTS)
    build_heads(conn, IMPACTS)  # those a store from before revision 0020 lacks, or of other parameters
    new_generation(conn)  # a merge drops deleted entries from N, the IDF's count: scores may move
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE"))
    return report


ENTRY_COLUMNS = ("document_id", "item", "kind", "faction", "referral_only", "has_commitment", "body")


def motion_key(name: str, refs: Iterable[object]) -> str:
    """One motion across documents: its first paper when cited, else its folded name.

    >>> motion_key("Piri", ["kst-21501-02-2833"]), motion_key("Van der Lee c.s.", [])
    ('kst-21501-02-2833', 'name:van der lee c s')
    """
    for ref in refs:
        return str(ref)
    return "name:" + " ".join(fold(name).replace(".", " ").split())


def _analysed(b: ToIndex, specs: Sequence[EntrySpec]) -> AnalysedDocument:
    """The document's analysed entries: the reader's, else made here (a reader's of another
    number of entries would be of another document, and is not trusted)."""
    if b.analysed is not None and b.analysed.entries == len(specs):
        return b.analysed
    return analyse_entries(b.document)


def _coded(batch: Sequence[ToIndex], analysed: Sequence[AnalysedDocument], entry_ids: Any,
           kinds: list[str]) -> CodedEntries:
    """The batch's entries for one segment: each document's terms numbered once in the batch's
    vocabulary, and its codes translated by one numpy lookup."""
    vocabulary: dict[str, int] = {}
    codes = []
    dates: list[dt.date | None] = []
    genres: list[str | None] = []
    for b, a in zip(batch, analysed, strict=True):
        numbers = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in a.terms], dtype=np.int64)
        codes.append(numbers[np.frombuffer(a.codes, dtype=CODE)])
        dates += [date_listed(b.document)] * a.entries
        genres += [b.document.type.value] * a.entries
    lengths = np.concatenate([np.frombuffer(a.lengths, dtype=CODE) for a in analysed]).astype(np.int64)
    return CodedEntries(entry_ids, kinds, dates, genres, list(vocabulary),
                        np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64), lengths)


def _entries(doc_id: str, specs: Sequence[EntrySpec]) -> list[tuple[Any, ...]]:
    """Rows of ENTRY_COLUMNS."""
    return [(doc_id, s.item, s.kind, fold(s.faction)[:300] if s.faction else None, s.referral_only,
             s.has_commitment, s.body)
            for s in specs]


def _links(doc_id: str, doc: Document, cited: Iterable[tuple[int | None, str, str]]) -> list[tuple[Any, ...]]:
    """Every citation of a paper (and every cross-reference between items) as one row;
    ``cited``: the Tweede Kamer numbers it prints (``links.tk_number_links``)."""
    found: list[tuple[int | None, str, str, int | None]] = []
    notes_by_number = {n.number: n for n in doc.footnotes}
    for item in doc.items:
        found += [(item.number, "question", str(r), None) for r in item.question_refs]
        found += [(item.number, "answer", str(r), None) for r in item.answer_refs]
        for number in (*item.question_footnotes, *item.answer_footnotes):
            note = notes_by_number.get(number)
            if note is not None:
                found += [(item.number, "footnote", str(r), None) for r in note.refs]
        found += [(item.number, "cross", doc_id, target) for target in item.cross_refs]
    found += [(None, "subject", str(r), None) for r in doc.subject_refs]
    found += [(None, "agenda", str(r), None) for entry in doc.agenda for r in entry.refs]
    found += [(None, "footnote", str(r), None) for n in doc.footnotes for r in n.refs]
    for motion in doc.motions:
        found += [(i, "motion", str(r), None) for r in motion.refs for i in (motion.items or (None,))]
    found += [(item, kind, number, None) for item, kind, number in cited]
    unique = list(dict.fromkeys(f for f in found if not (f[1] != "cross" and f[2] == doc_id)))
    # a footnote cited by an item is listed twice above (with and without the item): keep the first
    seen_note_targets = {(t, k) for i, k, t, _ in unique if k == "footnote" and i is not None}
    unique = [f for f in unique
              if not (f[0] is None and f[1] == "footnote" and (f[2], "footnote") in seen_note_targets)]
    return [(doc_id, n, item, kind, target, target_item)
            for n, (item, kind, target, target_item) in enumerate(unique, start=1)]
