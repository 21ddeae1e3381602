"""Golden tests: every bundled ministry answer letter (Word) scores fully against its truth file,
checked by the bundled checker run as a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from overleg import exchange
from overleg.readers import read

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "src" / "overleg" / "examples"
LETTERS = sorted(GOLDEN.glob("jenv-*.json"))


def test_every_bundled_letter_has_a_truth_file() -> None:
    assert {p.stem for p in EXAMPLES.glob("jenv-*.docx")} == {p.stem for p in LETTERS}


@pytest.mark.parametrize("truth", LETTERS, ids=[p.stem for p in LETTERS])
def test_letter_scores_fully_against_its_truth(truth: Path, tmp_path: Path) -> None:
    parsed = tmp_path / f"{truth.stem}.json"
    parsed.write_text(exchange.to_json(read(EXAMPLES / f"{truth.stem}.docx")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(GOLDEN / "score_parse.py"), str(truth), str(parsed)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout
