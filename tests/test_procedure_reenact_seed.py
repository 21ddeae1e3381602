"""The seed report, read, re-enacted through the whole procedure and printed again, scores fully
with the bundled checker (what `overleg replay` does over HTTP, here without a server)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from overleg.exchange import to_json
from overleg.procedure import State, to_document
from overleg.procedure.reenact import enact as run
from overleg.procedure.reenact import reenact
from overleg.readers import read

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"
TRUTH = ROOT / "tests" / "golden" / "kst-21501-02-3349.json"
CHECKER = ROOT / "tests" / "golden" / "score_parse.py"


@pytest.mark.skipif(not (TRUTH.exists() and CHECKER.exists()), reason="the golden truth is not in this checkout")
def test_the_reenacted_seed_report_scores_fully(tmp_path: Path) -> None:
    source = read(SEED)
    state, _ = run(reenact(source, "so-seed", dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC)))
    assert state is not None and state.state is State.PUBLISHED
    out = tmp_path / "reenacted.json"
    out.write_text(to_json(to_document(state)), encoding="utf-8")
    checked = subprocess.run([sys.executable, str(CHECKER), str(TRUTH), str(out)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout[-3000:]
