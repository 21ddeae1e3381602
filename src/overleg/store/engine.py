"""Database URLs and engines: which database, and how it is made durable.

The URL comes from the caller (the settings' ``database_url``), else the SQLite file ``overleg.db``
in the current directory. ``postgresql://`` and ``postgres://`` mean psycopg 3.

SQLite gets WAL (readers never block the writer), ``synchronous=FULL`` (a commit is on disk
before it is acknowledged, so a SIGKILL or power cut loses no acknowledged write), foreign keys
and a busy timeout. Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so two writers
queue on the busy timeout instead of failing on a lock upgrade; see ``write``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from overleg.errors import StoreUnavailable

DEFAULT_SQLITE_FILE = "overleg.db"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: ``url``, else ./overleg.db in the working directory.

    >>> resolve_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> resolve_url("sqlite:///:memory:")
    'sqlite:///:memory:'
    """
    chosen = url or f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_FILE}"
    for prefix in ("postgres://", "postgresql://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix):]
    return chosen


def display_url(url: str) -> str:
    """The URL with any password masked, for messages and logs.

    >>> display_url("postgresql+psycopg://u:secret@h/db")
    'postgresql+psycopg://u:***@h/db'
    """
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite.

    >>> sqlite_file("sqlite:////tmp/a.db")
    PosixPath('/tmp/a.db')
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


POOL_SIZE = 10  # connections a process keeps open
MAX_OVERFLOW = 30  # and opens beyond them at the busiest (closed again when returned)


def make_engine(url: str, pool_size: int = POOL_SIZE, max_overflow: int = MAX_OVERFLOW) -> Engine:
    """An engine for ``url`` (already resolved) with the durability settings above; each process
    holds at most ``pool_size + max_overflow`` connections (PostgreSQL's ``max_connections`` must
    cover every process of every machine: docs/operations.md)."""
    if is_sqlite(url):
        connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        if sqlite_file(url) is None:  # in memory: one shared connection, or each would see its own database
            engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)
        else:
            engine = create_engine(url, connect_args=connect_args, pool_size=pool_size, max_overflow=max_overflow)
        _make_sqlite_durable(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True)


def _make_sqlite_durable(engine: Engine) -> None:
    """Set the pragmas on every new connection and emit our own BEGIN for every transaction.

    pysqlite's own transaction handling is switched off (isolation_level None) so that the
    BEGIN we emit is the one that counts, as the SQLAlchemy docs recommend.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        # on the driver's connection: through SQLAlchemy's statement handling it was a tenth
        # of a one-word search's time
        conn.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]


def _switch_to_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode=WAL``, tried again while the database is locked, up to the busy
    timeout: two connections opening a new file at once both ask for the lock that switching
    needs, and SQLite answers one of them "database is locked" at once (to avoid a deadlock,
    without waiting on the busy timeout; seen in CI as two upgrades of one new store). Once the
    other has switched, the file is in WAL and asking again is a no-op."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def reachable(engine: Engine) -> Iterator[None]:
    """Turn a failure to open or reach the database into ``StoreUnavailable`` naming it."""
    try:
        yield
    except OperationalError as e:
        reason = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
        raise StoreUnavailable(engine.url.render_as_string(hide_password=True), reason) from None


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed on leaving, rolled back on an exception.

    On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE), so a read followed
    by a write cannot deadlock with another writer.
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, ...)`` for an ``IN`` of ``read_rows`` and its parameters: SQLAlchemy's
    expanding parameters compile the statement anew for each search.

    >>> in_list("t", ["de", "het"])
    ('(:t0, :t1)', {'t0': 'de', 't1': 'het'})
    """
    names = [f"{name}{n}" for n in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


def read_rows(conn: Connection, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
    """The rows of one read statement with ``:name`` parameters (tuples, or rows that index as
    tuples). On SQLite it goes through the driver's cursor, inside the connection's transaction:
    SQLAlchemy's handling of a statement costs 20-30 µs, and a search sends five on its hot path
    (docs/benchmarks-corpus.md). On PostgreSQL it is any statement."""
    if conn.dialect.name == "sqlite":
        raw: Any = conn.connection.driver_connection
        return list(raw.execute(sql, dict(params or {})).fetchall())
    return list(conn.execute(text(sql), dict(params or {})).all())


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A connection in a read transaction: one consistent view of the database."""
    with engine.connect() as conn, conn.begin():
        yield conn


def settle(engine: Engine) -> None:
    """After a bulk write (an ingest, a merge), SQLite's write-ahead log copied into the database
    and cut back to nothing (``wal_checkpoint(TRUNCATE)``): a log of hundreds of megabytes is
    disk the database does not need, and every read looks its pages up there first (searches
    right after a million-item ingest took 30-40% longer). Best effort: with readers still on an
    old snapshot the log is only partly copied, as SQLite's own checkpoints would. PostgreSQL:
    nothing to do."""
    if not is_sqlite(engine):
        return
    with engine.connect() as conn:
        # on the driver's connection, outside a transaction, which the checkpoint needs
        conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
