"""A copy of the whole store in one file, and the store made again from one.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``): a consistent copy
while servers keep reading and writing, the copy a plain SQLite file (rollback journal, so it is
one file). PostgreSQL is copied by its own tools, ``pg_dump`` and ``pg_restore`` (custom format),
which must be on the PATH at the server's major version or newer (Debian: postgresql-client).

A backup never overwrites a file, and a restore never replaces a store that holds tables unless
told to (``force``): both are the operator's last line against losing data.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, make_url

from overleg.errors import Conflict, InvalidInput, StoreTooNew, StoreUnavailable
from overleg.settings import child_environ
from overleg.store import migrate
from overleg.store.engine import display_url, reachable, sqlite_file, write

TOOL_TIMEOUT_SECONDS = 6 * 3600  # a dump of a large corpus takes minutes; a hung tool must end some day


@dataclass(frozen=True)
class BackupMade:
    """A backup written: the file, its size and the schema revision it holds."""

    path: Path
    bytes: int
    revision: str | None


@dataclass(frozen=True)
class StoreRestored:
    """A store made again from ``path``: the schema revision it is at now, and whether a store
    that held tables was replaced."""

    path: Path
    revision: str | None
    replaced: bool


def backup(engine: Engine, out: Path) -> BackupMade:
    """Copy the store of ``engine`` to ``out``, which must not exist yet (written under a
    temporary name beside it, then renamed, so a failed backup leaves no file that looks whole)."""
    url = engine.url.render_as_string(hide_password=False)
    if out.exists():
        raise Conflict(f"{out}: the file exists; a backup never overwrites one (choose another name)")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent}: no such folder for the backup")
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    revision = migrate.current_revision(engine) if _has_file(url) else None
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, url, part)
        else:
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file", str(part),
                  "--dbname", _conninfo(url)], url)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return BackupMade(out, out.stat().st_size, revision)


def restore_store(engine: Engine, source: Path, *, force: bool = False) -> StoreRestored:
    """Make the store of ``engine`` a copy of the backup ``source``: refused (``Conflict``) when
    the store holds tables and ``force`` is not given; ``StoreTooNew`` for a backup a newer overleg
    made. Other connections of ``engine`` are closed first; stop the servers before a restore."""
    url = engine.url.render_as_string(hide_password=False)
    if not source.is_file():
        raise InvalidInput(f"{source}: no such backup file")
    sqlite = engine.dialect.name == "sqlite"
    revision = _sqlite_revision(source) if sqlite else _dump_revision(source, url)
    if not migrate.is_known(revision):
        raise StoreTooNew(f"{source} (a backup)", revision or "", migrate.head_revision())
    tables = table_names(engine) if _has_file(url) else []
    if tables and not force:
        raise Conflict(f"{display_url(url)}: the store is not empty ({len(tables)} tables); a restore replaces "
                       "everything in it only with --force (stop every server and worker first)")
    engine.dispose()  # pooled connections would keep reading the old store (and hold PostgreSQL's locks)
    if sqlite:
        _sqlite_restore(engine, url, source)
    else:
        _postgres_restore(engine, url, source, tables)
    engine.dispose()
    return StoreRestored(source, migrate.current_revision(engine), bool(tables))


def table_names(engine: Engine) -> list[str]:
    """The tables the store holds (the public schema on PostgreSQL), sorted."""
    with reachable(engine), engine.connect() as conn:
        return sorted(inspect(conn).get_table_names())


def _has_file(url: str) -> bool:
    """False for a SQLite file that does not exist (opening it would create it)."""
    path = sqlite_file(url)
    return path is None or path.exists()


def _sqlite_backup(engine: Engine, url: str, part: Path) -> None:
    if not _has_file(url):
        raise StoreUnavailable(display_url(url), "the SQLite file does not exist; there is nothing to back up")
    with reachable(engine):
        raw = engine.raw_connection()
    try:
        target = sqlite3.connect(part)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            # the copy is one file: WAL would leave its last pages in a second one beside it
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()


def _sqlite_revision(source: Path) -> str | None:
    """The schema revision a SQLite backup holds; InvalidInput when it is not an overleg store."""
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise InvalidInput(f"{source}: not a backup of an overleg SQLite store ({e})") from None
    return str(row[0]) if row else None


def _sqlite_restore(engine: Engine, url: str, source: Path) -> None:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with reachable(engine):
            raw = engine.raw_connection()
        try:
            # one step: the store's pages are replaced under its write lock, all or nothing
            backup_file.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        backup_file.close()
    with reachable(engine), engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # the store's own mode again (the copy had DELETE)


def _postgres_restore(engine: Engine, url: str, source: Path, tables: list[str]) -> None:
    if tables:  # --force: what the dump does not hold must go too (a newer overleg's extra tables)
        with write(engine) as conn:
            quote = conn.dialect.identifier_preparer.quote
            conn.execute(text("DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in tables) + " CASCADE"))
        engine.dispose()
    # --clean --if-exists: the trigger functions outlive their tables; one transaction: all or nothing
    _run([_tool("pg_restore"), "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "--clean",
          "--if-exists", "--dbname", _conninfo(url), str(source)], url)


def _dump_revision(source: Path, url: str) -> str | None:
    """The schema revision a pg_dump archive holds (its alembic_version rows, printed as SQL);
    InvalidInput when pg_restore cannot read it as an archive."""
    out = _run([_tool("pg_restore"), "--data-only", "--table", "alembic_version", "--file", "-", str(source)], url,
               bad_input=source)
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line:
            value = lines[i + 1] if i + 1 < len(lines) else "\\."
            return None if value == "\\." else value.strip()
    return None


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InvalidInput(f"{name} is not installed or not on the PATH; a PostgreSQL store is backed up and "
                           "restored with PostgreSQL's own tools (Debian: apt-get install postgresql-client)")
    return found


def _conninfo(url: str) -> str:
    """The URL as libpq reads it, without the password (which goes in PGPASSWORD, never on a
    command line others can see in the process list)."""
    parsed = make_url(url)  # (URL.set cannot drop a password: None there means "keep it")
    return URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                      database=parsed.database, query=parsed.query).render_as_string(hide_password=False)


def _run(command: list[str], url: str, bad_input: Path | None = None) -> str:
    """Run a PostgreSQL tool; its output. Failing, its first line of complaint (which names no
    password: none is on its command line) as StoreUnavailable, or InvalidInput for ``bad_input``."""
    password = make_url(url).password
    env = child_environ(**({"PGPASSWORD": str(password)} if password else {}))
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS,
                              check=False)
    except subprocess.TimeoutExpired:
        tool = Path(command[0]).name
        raise StoreUnavailable(display_url(url), f"{tool} took over {TOOL_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        complaint = next((line for line in done.stderr.splitlines() if line.strip()), "no message")
        if bad_input is not None:
            raise InvalidInput(f"{bad_input}: not a pg_dump archive of an overleg store ({complaint})")
        raise StoreUnavailable(display_url(url), f"{Path(command[0]).name} failed: {complaint}")
    return done.stdout
