"""``overleg consultation ...``: the API's actions on the command line, through the same service."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overleg.cli import app
from overleg.procedure import RoleKind as Role
from overleg.store.users import fast_hasher
from register_support import add_test_entries

CREATE = {"committee": "C", "chair": {"user_id": "v"}, "clerk": {"user_id": "griffier"},
          "addressees": [{"ministry": "TZ", "title": "minister van Testzaken"}],
          "deadline": "2030-01-01T00:00:00+00:00",
          "groups": [{"name": "D66", "seats": 9}]}


def test_the_consultation_commands_run_actions_as_a_user_and_refuse_as_the_api_does(tmp_path: Path) -> None:
    from overleg.store import open_store

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url, hasher=fast_hasher()) as store:
        store.upgrade()
        add_test_entries(store)
        clerk = store.users.create_user("griffier", "een-goed-wachtwoord")
        store.users.add_membership(clerk.id, Role.CLERK, "C")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        done = runner.invoke(app, [*args, "--database", url])
        return done.exit_code, done.output

    code, out = run("consultation", "do", "c1", "create", json.dumps(CREATE), "--as", "griffier")
    assert code == 0, out
    assert json.loads(out)["state"] == "draft"
    assert run("consultation", "do", "c1", "open-intake", "--as", "griffier")[0] == 0
    code, out = run("consultation", "do", "c1", "send", '{"sent_on": "2026-01-01"}', "--as", "griffier")
    assert code == 2 and "‘genummerd’" in out
    code, out = run("consultation", "do", "c1", "close-intake")  # the public may not see c1 at all
    assert code == 2 and "Er is geen procedure c1" in out
    code, out = run("consultation", "log", "c1", "--as", "griffier")
    assert code == 0 and out.splitlines()[-1].endswith("intake-opened")
    assert run("consultation", "show", "c1")[0] == 2  # the public sees nothing before publication
