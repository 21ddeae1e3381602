"""``overleg bench steps``: the store it builds (one consultation per state, five groups) on SQLite
and PostgreSQL, and a small real run through one server worker (not its timing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db_support import database
from overleg.bench import steps
from overleg.cli import app
from overleg.errors import OverlegError
from overleg.procedure.actors import Actor, RoleKind
from overleg.service import Service
from overleg.store import open_store
from overleg.store.users import fast_hasher


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_benchmark_store_holds_one_consultation_per_state_of_five_groups(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        built = steps.build(url, questions=12)
        with open_store(url, hasher=fast_hasher()) as store:
            service = Service(store)
            clerk = Actor.with_role("bench", RoleKind.CLERK, "vaste commissie voor Buitenlandse Zaken")
            found = {c.id: c for c in service.consultations.list(clerk)}
            assert set(found) == set(steps.STATES)
            states = {name: c.state.value for name, c in found.items()}
            assert states == {"so-concept": "draft", "so-inbreng": "intake_open", "so-gesloten": "intake_closed",
                              "so-genummerd": "numbered", "so-beantwoording": "answering",
                              "so-ontvangen": "answers_received", "so-vastgesteld": "established",
                              "so-gepubliceerd": "published"}
            assert [len(k.passages) for k in found["so-inbreng"].contributions] == [3, 3, 2, 2, 2]
            assert len(found["so-genummerd"].numbering) == 12
            assert {u for u in ("griffier", "voorzitter", "fractie", "ambtenaar") if store.users.by_username(u)} \
                == {"griffier", "voorzitter", "fractie", "ambtenaar"}
        assert built.report.startswith("kst-") and built.group == "D66"


def test_fewer_questions_than_groups_is_refused_in_one_line() -> None:
    with pytest.raises(OverlegError, match="at least 5"):
        steps.shape(4)


def test_a_small_run_times_every_step_page_of_the_list() -> None:
    result = CliRunner().invoke(app, ["bench", "steps", "--questions", "5", "--runs", "2"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "`/" in line]
    assert len(rows) == len(steps.PAGES)
    for row in rows:
        cells = [c.strip() for c in row.strip("| ").split(" | ")]
        assert float(cells[3]) > 0 and float(cells[4]) >= float(cells[3]) and cells[5] in ("yes", "**no**"), row
    assert "one uvicorn worker" in result.stdout


def test_the_server_it_times_imports_the_code_this_process_imported(tmp_path: Path) -> None:
    """Run from another checkout (or with overleg installed elsewhere), the server must still
    be this code: its PYTHONPATH starts with the source directory of the imported package."""
    import overleg

    source = Path(overleg.__file__).resolve().parents[1]
    env = steps.server_environ()
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(source)
    found = subprocess.run([sys.executable, "-c", "import overleg; print(overleg.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(found.stdout.strip()).resolve().parent.parent == source
