"""Golden tests: every bundled ministry answer letter (Word) scores fully against its truth file,
checked by the bundled checker run as a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from overleg import exchange
from overleg.readers import prepare, read
from overleg.readers.source import Source
from overleg.readers.text.parse import parse_prepared

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "src" / "overleg" / "examples"
LETTERS = sorted(GOLDEN.glob("jenv-*.json"))


def test_every_bundled_letter_has_a_truth_file() -> None:
    assert {p.stem for p in EXAMPLES.glob("jenv-*.docx")} == {p.stem for p in LETTERS}


def score(truth: Path, parsed: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GOLDEN / "score_parse.py"), str(truth), str(parsed)],
        capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize("truth", LETTERS, ids=[p.stem for p in LETTERS])
def test_letter_scores_fully_against_its_truth(truth: Path, tmp_path: Path) -> None:
    parsed = tmp_path / f"{truth.stem}.json"
    parsed.write_text(exchange.to_json(read(EXAMPLES / f"{truth.stem}.docx")), encoding="utf-8")
    result = score(truth, parsed)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("truth", LETTERS, ids=[p.stem for p in LETTERS])
def test_letter_wrapped_as_layout_lines_still_scores_fully(truth: Path, tmp_path: Path) -> None:
    """The same letter as a PDF export would give it: paragraphs wrapped into short lines, no
    bold, no link targets; words and addresses broken at hyphens."""
    prepared = prepare(Source.from_path(EXAMPLES / f"{truth.stem}.docx"))
    lines = tuple(wrapped for line in prepared.lines for wrapped in (textwrap.wrap(line, 85) or [""]))
    layout = replace(prepared, lines=lines, reflowed=False, emphasised=frozenset(), links=())
    parsed = tmp_path / f"{truth.stem}.json"
    parsed.write_text(exchange.to_json(parse_prepared(layout)), encoding="utf-8")
    result = score(truth, parsed)
    assert result.returncode == 0, result.stdout
