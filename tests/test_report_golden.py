"""The seed report against its hand-made truth, scored by the bundled checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from overleg import exchange
from overleg.readers import read

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "src" / "overleg" / "examples"


def test_seed_report_scores_full_marks_with_the_checker(tmp_path: Path) -> None:
    parsed = tmp_path / "kst-21501-02-3349.json"
    parsed.write_text(exchange.to_json(read(EXAMPLES / "kst-21501-02-3349.txt")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(GOLDEN / "score_parse.py"), str(GOLDEN / "kst-21501-02-3349.json"), str(parsed)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout


def test_seed_report_names_the_problems_of_its_source() -> None:
    doc = read(EXAMPLES / "kst-21501-02-3349.txt")
    codes = [(p.code, p.where) for p in doc.problems]
    assert ("footnote-without-text", "footnote 17") in codes
    assert ("footnote-without-text", "footnote 18") in codes
    inconsistent = [p for p in doc.problems if p.code == "inconsistent-citation"]
    assert len(inconsistent) == 1 and "kst-36800-V-36" in inconsistent[0].message
    assert len(doc.problems) == 3


def test_seed_report_dates_the_commitment_with_a_stated_moment() -> None:
    doc = read(EXAMPLES / "kst-21501-02-3349.txt")
    dated = [c for c in doc.commitments if c.due_by]
    assert [(c.item, c.due, str(c.due_from), str(c.due_by)) for c in dated] == [
        (47, "in het tweede kwartaal van dit jaar", "2026-04-01", "2026-06-30")]
    # a moment without a date is kept as printed, undated
    assert [(c.item, c.due) for c in doc.commitments if c.due and not c.due_by] == [
        (31, "op een later moment"), (41, "zo snel mogelijk"), (53, "in een later stadium")]
