"""``overleg db`` and ``overleg user``: migrate, inspect, create the first clerk (SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from overleg.cli import app
from overleg.procedure import RoleKind as Role
from overleg.settings import Settings
from overleg.store import open_store
from overleg.store.engine import resolve_url

runner = CliRunner()


def test_db_status_says_an_empty_store_needs_an_upgrade_and_upgrade_fixes_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    status = runner.invoke(app, ["db", "status", "--database", url])
    assert status.exit_code == 1 and "overleg db upgrade" in status.output
    assert not (tmp_path / "o.db").exists()  # looking does not create the file
    upgraded = runner.invoke(app, ["db", "upgrade", "--database", url])
    assert upgraded.exit_code == 0 and "upgraded from (empty)" in upgraded.output
    assert runner.invoke(app, ["db", "status", "--database", url]).exit_code == 0
    assert "already at" in runner.invoke(app, ["db", "upgrade", "--database", url]).output
    checked = runner.invoke(app, ["db", "check", "--database", url])
    assert checked.exit_code == 0 and "ok" in checked.output


def test_create_clerk_makes_a_user_who_can_log_in_as_clerk_of_the_committee(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    runner.invoke(app, ["db", "upgrade", "--database", url])
    created = runner.invoke(app, ["user", "create-clerk", "anna", "--committee", "Europese Zaken",
                                  "--password-stdin", "--database", url], input="geheim wachtwoord\n")
    assert created.exit_code == 0, created.output
    with open_store(url) as store:
        anna = store.users.verify_password("anna", "geheim wachtwoord")
        assert anna is not None
        assert [(m.role, m.scope) for m in store.users.memberships(anna.id)] == [(Role.CLERK, "Europese Zaken")]
    again = runner.invoke(app, ["user", "create-clerk", "anna", "--committee", "X", "--password-stdin",
                                "--database", url], input="een wachtwoord\n")
    assert again.exit_code == 2 and "taken" in again.output


def test_create_clerk_refuses_an_unmigrated_store_and_names_the_fix(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    result = runner.invoke(app, ["user", "create-clerk", "anna", "--committee", "EZ", "--password-stdin",
                                 "--database", url], input="een wachtwoord\n")
    assert result.exit_code == 2 and "overleg db upgrade" in result.output


def test_the_database_url_comes_from_the_settings_else_overleg_db_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url(Settings.from_environ({}).database_url) == f"sqlite:///{tmp_path / 'overleg.db'}"
    from_env = Settings.from_environ({"OVERLEG_DATABASE_URL": "postgresql://u@h/db"})
    assert resolve_url(from_env.database_url) == "postgresql+psycopg://u@h/db"
    assert resolve_url(from_env.with_database("sqlite:///x.db").database_url) == "sqlite:///x.db"


def test_a_database_that_cannot_be_opened_is_one_line_naming_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no such dir' / 'o.db'}"
    for command in (["db", "upgrade"], ["db", "check"]):  # (status just reports: revision none)
        result = runner.invoke(app, [*command, "--database", url])
        assert result.exit_code == 2, (command, result.output)
        assert "cannot open the database" in result.output and "no such dir" in result.output


def test_an_in_memory_store_keeps_what_was_written_across_calls() -> None:
    with open_store("sqlite:///:memory:") as store:
        store.upgrade()
        user = store.users.create_user("anna", "pw")
        assert store.users.get(user.id) == user
        assert store.is_up_to_date() and store.integrity_check().ok
