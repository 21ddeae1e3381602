"""The probes ``/healthz`` and ``/readyz``, and the schema guard: a store behind this overleg's
schema is named as such, one ahead of it (a newer overleg migrated it) is refused by the server
and every command that writes, and ``overleg db upgrade --dry-run`` lists what is to come.
SQLite and PostgreSQL alike (docs/operations.md)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api_helpers import child_env, client_for, migrated_store, overleg
from db_support import database
from overleg.cli import app
from overleg.errors import StoreNotMigrated, StoreTooNew
from overleg.service import Service
from overleg.store import Store, current_revision, head_revision, open_store, upgrade
from overleg.store.migrate import migrations_to_come

runner = CliRunner()
KINDS = ["sqlite", "postgresql"]
SEED = Path(__file__).resolve().parent.parent / "src/overleg/examples/kst-21501-02-3349.txt"


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        try:
            yield opened
        finally:
            opened.close()


def _set_revision(engine: Engine, revision: str) -> None:
    """The store's recorded schema revision set by hand: how a store behind this overleg (or one
    a newer overleg migrated) looks to it."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def _previous(revision: str) -> str:
    return f"{int(revision) - 1:04d}"


def test_healthz_and_readyz_answer_ok_without_credentials_and_set_no_cookie(store: Store) -> None:
    with client_for(store) as client:
        client.cookies.set("overleg_session", "not-a-session")  # read by no probe: no session looked up
        for path in ("/healthz", "/readyz"):
            answer = client.get(path)
            assert (answer.status_code, answer.json()) == (200, {"status": "ok"}), path
            assert answer.headers["cache-control"] == "no-store"
            assert "set-cookie" not in answer.headers


def test_readyz_is_503_naming_a_store_behind_or_ahead_of_this_overleg_and_healthz_stays_200(store: Store) -> None:
    with client_for(store) as client:
        _set_revision(store.engine, _previous(head_revision()))
        behind = client.get("/readyz")
        assert behind.status_code == 503 and behind.json()["code"] == "store-not-migrated"
        assert "overleg db upgrade" in behind.json()["message"] and "schema" in behind.json()["message"]
        _set_revision(store.engine, "9999")
        ahead = client.get("/readyz")
        assert ahead.status_code == 503 and ahead.json()["code"] == "store-too-new"
        assert "nieuwere versie" in ahead.json()["message"]
        assert client.get("/healthz").status_code == 200
        _set_revision(store.engine, head_revision())
        assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_store_cannot_be_reached_and_healthz_does_not_touch_it(store: Store) -> None:
    with client_for(store) as client:
        # the app's store swapped for one nobody listens for (a closed loopback port): as when
        # PostgreSQL went down under a running server
        gone = open_store("postgresql://nobody@127.0.0.1:1/gone")
        client.app.state.service = Service(gone)  # type: ignore[attr-defined]
        try:
            assert client.get("/healthz").json() == {"status": "ok"}
            down = client.get("/readyz")
            assert down.status_code == 503
            assert down.json() == {"status": "unavailable", "code": "store-unavailable",
                                   "message": "De database is niet bereikbaar."}
            assert "nobody" not in down.text and "127.0.0.1" not in down.text  # no URL to the public
        finally:
            gone.close()


@pytest.mark.parametrize("kind", KINDS)
def test_a_store_a_newer_overleg_migrated_is_refused_by_open_upgrade_and_writing_commands(
        kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        upgrade(url)
        with open_store(url) as store:
            _set_revision(store.engine, "9999")
        with pytest.raises(StoreTooNew, match="newer than this overleg knows"):
            open_store(url, require_migrated=True)
        for command in (["db", "upgrade"], ["db", "upgrade", "--dry-run"], ["ingest", "-q", str(SEED)],
                        ["user", "create-admin", "ad", "--password-stdin"]):
            result = runner.invoke(app, [*command, "--database", url], input="een wachtwoord\n")
            assert result.exit_code == 2, (command, result.output)
            assert "revision 9999, newer than this overleg knows" in result.output, command
            assert "Traceback" not in result.output
        status = runner.invoke(app, ["db", "status", "--database", url])
        assert status.exit_code == 1 and "newer overleg" in status.output
        assert current_revision(url) == "9999"  # nothing migrated it "back"


@pytest.mark.parametrize("kind", KINDS)
def test_overleg_serve_refuses_to_start_on_a_store_a_newer_overleg_migrated(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        upgrade(url)
        with open_store(url) as store:
            _set_revision(store.engine, "9999")
        # a real process, bounded in time: a guard that failed would leave a server listening
        done = subprocess.run(overleg("serve", "--database", url, "--port", "1"), env=child_env(),
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 2
        assert "newer than this overleg knows" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_upgrade_dry_run_lists_the_migrations_to_come_and_changes_nothing(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        older = _previous(_previous(head_revision()))
        upgrade(url, revision=older)
        listed = runner.invoke(app, ["db", "upgrade", "--dry-run", "--database", url])
        assert listed.exit_code == 0, listed.output
        lines = listed.output.splitlines()
        assert [line.split()[0] for line in lines[:-1]] == [_previous(head_revision()), head_revision()]
        assert all(len(line.split(maxsplit=1)) == 2 for line in lines[:-1])  # each with its message
        assert f"at revision {older}; 2 migrations to {head_revision()} (nothing changed)" in lines[-1]
        assert current_revision(url) == older
        with open_store(url) as store, pytest.raises(StoreNotMigrated):
            store.require_up_to_date()


def test_dry_run_on_an_empty_store_lists_every_migration_and_creates_no_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    listed = runner.invoke(app, ["db", "upgrade", "--dry-run", "--database", url])
    assert listed.exit_code == 0, listed.output
    assert [m.revision for m in migrations_to_come(None, url)][-1] == head_revision()
    assert len(listed.output.splitlines()) == len(migrations_to_come(None, url)) + 1
    assert not (tmp_path / "new.db").exists()
