"""``integrity_check``: does the database hold together after a crash or a copy?

Checks the storage engine's own consistency (SQLite ``PRAGMA integrity_check`` and
``foreign_key_check``; on PostgreSQL that every table can be read), that the schema is at the
expected revision, and that every consultation's event log is contiguous (seq 1..n, no gaps)
and agrees with its snapshot's version.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, func, select, text

from overleg.store import migrate
from overleg.store.engine import is_sqlite, read
from overleg.store.records import IntegrityReport
from overleg.store.schema import consultation_events, consultations, metadata


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
        checked.append("event sequences")
        problems.extend(_sequence_problems(conn))
    return IntegrityReport(tuple(problems), tuple(checked))


def _storage_problems(conn: Connection, *, sqlite: bool) -> list[str]:
    if sqlite:
        found = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
        problems = [f"sqlite integrity_check: {line}" for line in found if line != "ok"]
        problems += [f"foreign key violation in {row[0]} (rowid {row[1]}) -> {row[2]}"
                     for row in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        return problems
    problems = []
    for table in metadata.sorted_tables:  # reading every table touches every heap page's header
        try:
            conn.execute(select(func.count()).select_from(table)).scalar()
        except Exception as e:  # any failure here is the finding, not a defect of the check
            problems.append(f"table {table.name} cannot be read: {e}")
    if conn.execute(text("SELECT count(*) FROM pg_stat_database WHERE datname = current_database()")).scalar() != 1:
        problems.append("the database does not know itself in pg_stat_database")
    return problems


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
    orphans = conn.execute(select(func.count()).select_from(consultation_events).where(
        e.consultation_id.not_in(select(consultations.c.id)))).scalar()
    if orphans:
        problems.append(f"{orphans} events belong to no consultation")
    return problems
