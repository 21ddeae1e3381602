"""``overleg db backup FILE`` and ``overleg db restore FILE``: a store with the bundled examples
and a published consultation is backed up, wiped, restored, and every table holds the rows it
held before; on SQLite (its online backup) and PostgreSQL (pg_dump and pg_restore)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from api_helpers import bearer, client_for, migrated_store, token_for
from db_support import postgres_admin_url
from overleg.cli import app
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.store import open_store

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "src/overleg/examples"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

Rows = dict[str, list[str]]


@contextmanager
def wipeable(kind: str, directory: Path) -> Iterator[tuple[str, object]]:
    """The URL of an empty store and how to wipe it (the SQLite file deleted; the PostgreSQL
    database dropped and created again), removed afterwards."""
    if kind == "sqlite":
        path = directory / f"store-{uuid.uuid4().hex[:8]}.db"

        def wipe_file() -> None:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)

        yield f"sqlite:///{path}", wipe_file
        return
    import psycopg

    admin = postgres_admin_url()
    name = f"overleg_test_{uuid.uuid4().hex[:12]}"

    def recreate() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    recreate()
    try:
        yield admin.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}", recreate
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(url: str) -> Rows:
    """Every table of the store with its rows, as text, sorted: what "equal to before" compares."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table: sorted(repr(tuple(row)) for row in conn.execute(text(f'SELECT * FROM "{table}"')))
                    for table in sorted(inspect(conn).get_table_names())}
    finally:
        engine.dispose()


def fill(url: str) -> None:
    """The bundled examples ingested, and a consultation driven to its published report."""
    store = migrated_store(url)
    try:
        with client_for(store, clock=lambda: START + dt.timedelta(hours=1)) as client:
            for step in reenact(sample_report((("Groot", 2), ("Klein", 1))), "so-1", START):
                path = ("/api/consultations" if isinstance(step.command, c.CreateConsultation)
                        else f"/api/consultations/so-1/{step.command.action.replace('_', '-')}")
                answer = client.post(path, json=to_plain(step.command), headers=bearer(token_for(store, step.actor)))
                assert answer.status_code in (200, 201), answer.text
    finally:
        store.close()
    ingested = runner.invoke(app, ["ingest", "-q", "--jobs", "1", "--database", url, str(EXAMPLES)])
    assert ingested.exit_code == 0, ingested.output


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_backed_up_wiped_and_restored_holds_every_row_it_held_before(kind: str, tmp_path: Path) -> None:
    with wipeable(kind, tmp_path) as (url, wipe):
        fill(url)
        before = every_row(url)
        assert len(before["documents"]) > 25 and before["consultation_events"] and before["users"]
        made = runner.invoke(app, ["db", "backup", str(tmp_path / "store.backup"), "--database", url])
        assert made.exit_code == 0, made.output
        assert not (tmp_path / "store.backup.part").exists()
        wipe()  # type: ignore[operator]
        assert every_row(url) == {}
        restored = runner.invoke(app, ["db", "restore", str(tmp_path / "store.backup"), "--database", url])
        assert restored.exit_code == 0, restored.output
        assert every_row(url) == before
        checked = runner.invoke(app, ["db", "check", "--database", url])
        assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_restore_replaces_a_store_that_holds_tables_only_with_force(kind: str, tmp_path: Path) -> None:
    with wipeable(kind, tmp_path) as (url, _):
        migrated_store(url).close()
        with open_store(url) as store:
            store.users.create_user("anna", None)
        before = every_row(url)
        backup = tmp_path / "store.backup"
        assert runner.invoke(app, ["db", "backup", str(backup), "--database", url]).exit_code == 0
        with open_store(url) as store:
            store.users.create_user("bert", None)  # written after the backup
        refused = runner.invoke(app, ["db", "restore", str(backup), "--database", url])
        assert refused.exit_code == 2 and "not empty" in refused.output and "--force" in refused.output
        assert every_row(url) != before
        forced = runner.invoke(app, ["db", "restore", str(backup), "--force", "--database", url])
        assert forced.exit_code == 0 and "replacing what it held" in forced.output, forced.output
        assert every_row(url) == before
        again = runner.invoke(app, ["db", "backup", str(backup), "--database", url])
        assert again.exit_code == 2 and "never overwrites" in again.output
        nowhere = runner.invoke(app, ["db", "backup", str(tmp_path / "geen" / "map.backup"), "--database", url])
        assert nowhere.exit_code == 2 and "no such folder" in nowhere.output and "Traceback" not in nowhere.output


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_restore_refuses_a_file_that_is_no_backup_of_its_kind_and_leaves_the_store_alone(
        kind: str, tmp_path: Path) -> None:
    with wipeable(kind, tmp_path) as (url, _):
        not_a_backup = tmp_path / "notes.txt"
        not_a_backup.write_text("geen reservekopie\n")
        refused = runner.invoke(app, ["db", "restore", str(not_a_backup), "--database", url])
        assert refused.exit_code == 2 and "notes.txt: not a" in refused.output, refused.output
        assert every_row(url) == {}


def test_without_pg_dump_a_postgresql_backup_says_which_tool_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with wipeable("postgresql", tmp_path) as (url, _):
        migrated_store(url).close()
        monkeypatch.setattr("overleg.store.backup.shutil.which", lambda _name: None)
        refused = runner.invoke(app, ["db", "backup", str(tmp_path / "x.backup"), "--database", url])
        assert refused.exit_code == 2 and "pg_dump is not installed" in refused.output
        assert "postgresql-client" in refused.output and not (tmp_path / "x.backup").exists()


def test_a_password_in_the_url_reaches_pg_dump_by_the_environment_not_its_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from overleg.store import backup, migrate

    seen: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        seen.append((command, kwargs["env"]))  # type: ignore[arg-type]
        Path(command[command.index("--file") + 1]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)  # no PostgreSQL needed: the command is what is checked
    monkeypatch.setattr(migrate, "current_revision", lambda _engine: "0001")
    engine = create_engine("postgresql+psycopg://overleg:geheim-wachtwoord@127.0.0.1:5432/overleg")
    made = backup.backup(engine, tmp_path / "x.backup")
    (command, env), = seen
    assert made.bytes == 5 and env["PGPASSWORD"] == "geheim-wachtwoord"
    assert not any("geheim" in part for part in command)
    assert make_url(command[command.index("--dbname") + 1]).password is None
