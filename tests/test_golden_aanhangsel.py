"""Every bundled Aanhangsel example scores fully against its hand-made truth (tests/golden)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from overleg import exchange
from overleg.readers import read

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "src" / "overleg" / "examples"
GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p for p in EXAMPLES.iterdir() if p.name.startswith("ah-tk-"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_aanhangsel_example_scores_fully_against_its_truth(path: Path, tmp_path: Path) -> None:
    truth = GOLDEN / (path.name.rsplit(".", 1)[0] + ".json")
    parsed = tmp_path / "parsed.json"
    parsed.write_text(exchange.to_json(read(path)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(GOLDEN / "score_parse.py"), str(truth), str(parsed)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_every_aanhangsel_example_has_a_truth_file() -> None:
    assert len(CASES) == 16  # 14 official PDFs and 2 third-party text conversions
    assert all((GOLDEN / (p.name.rsplit(".", 1)[0] + ".json")).exists() for p in CASES)
