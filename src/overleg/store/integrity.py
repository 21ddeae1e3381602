"""``integrity_check``: does the database hold together after a crash, a copy or a defect?

Every inconsistency the store can hold, each reported as one line naming what and where:

- storage: the engine's own consistency (SQLite ``PRAGMA integrity_check``; on PostgreSQL that
  every table can be read), and the schema at the expected revision;
- references: every row whose foreign key names nothing (memberships, tokens, sessions, saved
  searches and follows of unknown users; events, group counters and report numbers of unknown
  consultations; items of unknown document versions), checked from the schema's own keys;
- event sequences: every consultation's log numbered 1..n without gaps, ending at its
  snapshot's version;
- snapshots: every snapshot decodes, and says the same consultation, version and state as its row;
- publications: a published consultation has as many versions of its report stored as it has
  published (one at publication, one per later correction), no fewer and no more;
- report numbers: every established consultation holds its report's number, every reservation
  belongs to the consultation established under it, and every version of a document was
  written by its owner (the reserving committee's publication, or ingest for an official paper);
- document records and items: each version's record unpacks to exchange JSON, and its
  ``document_items`` are positions 1..n, as many as its items;
- search index and facts: the latest version of every document is the one indexed and the one
  analytics has facts of, and no index row belongs to a document that is not stored.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, ForeignKeyConstraint, and_, exists, func, literal_column, not_, select, text

from overleg.errors import CorruptRecord
from overleg.procedure.codec import snapshot_from_json
from overleg.procedure.states import State
from overleg.store import migrate
from overleg.store.documents import unpack_record
from overleg.store.engine import is_sqlite, read
from overleg.store.records import INGESTED, IntegrityReport, published_by
from overleg.store.schema import (
    consultation_events,
    consultations,
    document_facts,
    document_items,
    documents,
    metadata,
    report_numbers,
    search_documents,
    search_entries,
)


@dataclass(frozen=True)
class _Report:
    """What the checks need of a consultation whose report is established."""

    consultation_id: str
    committee: str
    document_id: str
    published: bool


def integrity_check(engine: Engine) -> IntegrityReport:
    """Run every check; the report lists what was checked and each problem found."""
    problems: list[str] = []
    checked: list[str] = []
    revision = migrate.current_revision(engine)
    checked.append("schema revision")
    if revision != migrate.head_revision():
        problems.append(f"schema revision is {revision or '(none)'}, expected {migrate.head_revision()}")
        return IntegrityReport(tuple(problems), tuple(checked))
    with read(engine) as conn:
        checked.append("storage")
        problems.extend(_storage_problems(conn, sqlite=is_sqlite(engine)))
        checked.append("references")
        problems.extend(_reference_problems(conn))
        checked.append("event sequences")
        problems.extend(_sequence_problems(conn))
        checked.append("snapshots")
        reports: list[_Report] = []
        problems.extend(_snapshot_problems(conn, reports))
        checked.append("publications")
        problems.extend(_publication_problems(conn, reports))
        checked.append("report numbers")
        problems.extend(_ownership_problems(conn, reports))
        checked.append("document items")
        problems.extend(_item_problems(conn))
        checked.append("search index and facts")
        problems.extend(_index_problems(conn))
    return IntegrityReport(tuple(problems), tuple(checked))


def _storage_problems(conn: Connection, *, sqlite: bool) -> list[str]:
    if sqlite:
        found = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
        return [f"sqlite integrity_check: {line}" for line in found if line != "ok"]
    problems = []
    for table in metadata.sorted_tables:  # reading every table touches every heap page's header
        try:
            conn.execute(select(func.count()).select_from(table)).scalar()
        except Exception as e:  # any failure here is the finding, not a defect of the check
            problems.append(f"table {table.name} cannot be read: {e}")
    if conn.execute(text("SELECT count(*) FROM pg_stat_database WHERE datname = current_database()")).scalar() != 1:
        problems.append("the database does not know itself in pg_stat_database")
    return problems


def _reference_problems(conn: Connection) -> Iterator[str]:
    """Rows whose foreign key names no row, for every foreign key of the schema (the databases
    enforce them, so only a damaged store or writes with the keys switched off have these)."""
    for table in metadata.sorted_tables:
        for constraint in sorted(table.constraints, key=lambda c: str(c.name)):
            if not isinstance(constraint, ForeignKeyConstraint):
                continue
            pairs = [(element.parent, element.column) for element in constraint.elements]
            target = pairs[0][1].table
            missing = ~exists(select(literal_column("1")).select_from(target).where(
                and_(*(remote == local for local, remote in pairs))))
            keys = [local for local, _ in pairs]
            rows = conn.execute(select(*keys, func.count().label("n")).select_from(table).where(missing)
                                .group_by(*keys).order_by(*keys))
            for row in rows:
                key = ", ".join(str(value) for value in row[:-1])
                yield (f"{table.name}: {row.n} row{'s' if row.n != 1 else ''} of {target.name} {key}, "
                       f"which does not exist")


def _sequence_problems(conn: Connection) -> list[str]:
    """Every log is 1..n without gaps, and the snapshot's version is n."""
    e = consultation_events.c
    stats = (select(e.consultation_id, func.min(e.seq).label("first"), func.max(e.seq).label("last"),
                    func.count().label("n"))
             .group_by(e.consultation_id).subquery())
    rows = conn.execute(
        select(consultations.c.id, consultations.c.version, stats.c.first, stats.c.last, stats.c.n)
        .outerjoin(stats, stats.c.consultation_id == consultations.c.id)
    )
    problems = []
    for row in rows:
        n = row.n or 0
        if n and (row.first != 1 or row.last != n):
            problems.append(f"consultation {row.id}: events are not numbered 1..{n}"
                            f" (first {row.first}, last {row.last})")
        if row.version != (row.last or 0):
            problems.append(f"consultation {row.id}: snapshot at version {row.version}, log at {row.last or 0}")
    return problems


def _snapshot_problems(conn: Connection, reports: list[_Report]) -> Iterator[str]:
    """Every snapshot decodes and agrees with its row; collects the established reports."""
    c = consultations.c
    for row in conn.execute(select(c.id, c.state, c.version, c.snapshot_json).order_by(c.id)):
        try:
            state = snapshot_from_json(row.snapshot_json)
        except CorruptRecord as err:
            yield f"consultation {row.id}: its snapshot cannot be read ({err.message})"
            continue
        if state.id != row.id:
            yield f"consultation {row.id}: its snapshot is of consultation {state.id}"
        if state.version != row.version:
            yield f"consultation {row.id}: its snapshot is at version {state.version}, its row at {row.version}"
        if state.state.value != row.state:
            yield f"consultation {row.id}: its snapshot is {state.state.value}, its row says {row.state}"
        if state.established is not None:
            reports.append(_Report(row.id, state.committee, str(state.established.document_id),
                                   state.state is State.PUBLISHED))


def _publication_problems(conn: Connection, reports: list[_Report]) -> Iterator[str]:
    """A published consultation has every version it published stored, and no more."""
    e = consultation_events.c
    published = (select(e.consultation_id, func.min(e.seq).label("seq")).where(e.type == "report-published")
                 .group_by(e.consultation_id).subquery())
    corrections = consultation_events.alias("corrections")
    counts: dict[str, int] = dict(conn.execute(
        select(published.c.consultation_id, func.count(corrections.c.seq))
        .outerjoin(corrections, and_(corrections.c.consultation_id == published.c.consultation_id,
                                     corrections.c.type == "report-corrected", corrections.c.seq > published.c.seq))
        .group_by(published.c.consultation_id)).all())
    stored: dict[str, int] = dict(conn.execute(select(documents.c.id, func.count()).where(
        documents.c.id.in_(sorted({r.document_id for r in reports if r.published}))).group_by(documents.c.id)).all())
    for report in reports:
        if not report.published:
            continue
        expected = 1 + int(counts.get(report.consultation_id, 0))
        have = int(stored.get(report.document_id, 0))
        if have < expected:
            yield (f"consultation {report.consultation_id} is published, but its report {report.document_id} "
                   f"has {have} of its {expected} version{'s' if expected != 1 else ''} stored")
        elif have > expected:
            yield (f"consultation {report.consultation_id}: its report {report.document_id} has {have} versions "
                   f"stored, more than the {expected} it published")


def _ownership_problems(conn: Connection, reports: list[_Report]) -> Iterator[str]:
    """Reservations, the established consultations and the documents' origins agree."""
    reserved = {row.document_id: row for row in conn.execute(select(report_numbers))}
    by_consultation = {r.consultation_id: r for r in reports}
    origins: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in conn.execute(select(documents.c.id, documents.c.version, documents.c.origin)
                            .order_by(documents.c.id, documents.c.version)):
        origins[row.id].append((row.version, row.origin))
    for report in reports:
        held = reserved.get(report.document_id)
        if held is None:
            paper = " (it is an ingested paper)" if any(o == INGESTED for _, o in origins.get(report.document_id, ())) \
                else ""
            yield (f"consultation {report.consultation_id}: its report number {report.document_id} "
                   f"is not reserved for it{paper}")
        elif held.consultation_id != report.consultation_id:
            yield (f"consultation {report.consultation_id}: its report number {report.document_id} is reserved "
                   f"for consultation {held.consultation_id} of {held.committee}")
    for doc_id, held in sorted(reserved.items()):
        holder = by_consultation.get(held.consultation_id)
        if holder is None:
            yield (f"report number {doc_id}: reserved for consultation {held.consultation_id}, "
                   "which has no established report")
        elif holder.document_id != doc_id:
            yield (f"report number {doc_id}: reserved for consultation {held.consultation_id}, "
                   f"whose report is {holder.document_id}")
        elif holder.committee != held.committee:
            yield (f"report number {doc_id}: reserved for {held.committee}, but consultation "
                   f"{held.consultation_id} is of {holder.committee}")
    for doc_id, versions in sorted(origins.items()):
        held = reserved.get(doc_id)
        owner = published_by(held.committee) if held is not None else INGESTED
        for version, origin in versions:
            if origin == owner:
                continue
            whose = (f"the number is reserved for a report of {held.committee}" if held is not None
                     else "no consultation holds the number, so it is an official paper")
            yield f"document {doc_id} version {version}: written by {origin}, but {whose}"


def _item_problems(conn: Connection) -> Iterator[str]:
    """Every record unpacks to exchange JSON, and each version's item rows are positions 1..n,
    as many as the record's items."""
    i = document_items.c
    stats = {(r.document_id, int(r.document_version)): (int(r.n), r.first, r.last) for r in conn.execute(
        select(i.document_id, i.document_version, func.count().label("n"), func.min(i.position).label("first"),
               func.max(i.position).label("last")).group_by(i.document_id, i.document_version))}
    rows = conn.execution_options(yield_per=200).execute(
        select(documents.c.id, documents.c.version, documents.c.exchange_zlib)
        .order_by(documents.c.id, documents.c.version))
    for row in rows:
        try:
            expected = len(json.loads(unpack_record(bytes(row.exchange_zlib))).get("items", []))
        except (zlib.error, UnicodeDecodeError, ValueError, TypeError, AttributeError):
            yield f"document {row.id} version {row.version}: the stored record is not compressed exchange JSON"
            continue
        n, first, last = stats.get((row.id, int(row.version)), (0, None, None))
        if n != expected:
            yield f"document {row.id} version {row.version}: {n} item rows, the document has {expected} items"
        elif n and (first != 1 or last != n):
            yield (f"document {row.id} version {row.version}: item rows are not positions 1..{n} "
                   f"(first {first}, last {last})")


def _index_problems(conn: Connection) -> Iterator[str]:
    """The latest version of each document is indexed and has its facts; no index row of a
    document that is not stored."""
    latest = (select(documents.c.id, func.max(documents.c.version).label("version"))
              .group_by(documents.c.id).subquery())
    rows = conn.execute(
        select(latest.c.id, latest.c.version, search_documents.c.version.label("indexed"),
               document_facts.c.version.label("facts"))
        .outerjoin(search_documents, search_documents.c.document_id == latest.c.id)
        .outerjoin(document_facts, document_facts.c.document_id == latest.c.id)
        .order_by(latest.c.id))
    for row in rows:
        if row.indexed is None:
            yield f"document {row.id}: its latest version {row.version} is not in the search index"
        elif row.indexed != row.version:
            yield f"document {row.id}: the search index holds version {row.indexed}, the latest is {row.version}"
        if row.facts is None:
            yield f"document {row.id}: analytics has no facts of its latest version {row.version}"
        elif row.facts != row.version:
            yield f"document {row.id}: analytics has facts of version {row.facts}, the latest is {row.version}"
    stored = select(documents.c.id).where(documents.c.id == search_documents.c.document_id).exists()
    for (doc_id,) in conn.execute(select(search_documents.c.document_id).where(not_(stored))
                                  .order_by(search_documents.c.document_id)):
        yield f"search index: {doc_id} is indexed, but no such document is stored"
    facts_stored = select(documents.c.id).where(documents.c.id == document_facts.c.document_id).exists()
    for (doc_id,) in conn.execute(select(document_facts.c.document_id).where(not_(facts_stored))
                                  .order_by(document_facts.c.document_id)):
        yield f"analytics: facts of {doc_id}, but no such document is stored"
    indexed = select(search_documents.c.document_id).where(
        search_documents.c.document_id == search_entries.c.document_id).exists()
    for doc_id, n in conn.execute(select(search_entries.c.document_id, func.count()).where(not_(indexed))
                                  .group_by(search_entries.c.document_id).order_by(search_entries.c.document_id)):
        yield f"search index: {n} entries of {doc_id}, which is not indexed"
