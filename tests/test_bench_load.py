"""``overleg bench load``: readers and staff against ``overleg serve --workers N``: a short real run
over the examples, with every kind of request answered as expected, and its table."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from overleg.bench import load
from overleg.cli import app
from web_support import examples_store


def test_a_short_run_with_two_workers_makes_every_kind_of_request_without_errors_and_saves_answers(
        tmp_path: Path) -> None:
    store = examples_store(tmp_path)
    url = store.url
    store.close()
    out = tmp_path / "load.md"
    out.write_text(f"# Load\n\n{load.START}\n{load.END}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["bench", "load", "--database", url, "--workers", "2", "--users", "16",
                                      "--seconds", "6", "--think", "0.1", "--staff", "0.5", "--write", str(out)])
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("| 2 |")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[1].replace(",", "")) > 0 and float(cells[2]) > 0
    assert cells[6] == "0", result.output  # no errors
    kinds = {line.split(" | ")[0].lstrip("| ") for line in result.output.splitlines() if " w: " not in line}
    assert {"document page", "search page", "api search", "workspace page", "save an answer"} <= kinds
    assert "| 2 |" in out.read_text(encoding="utf-8")  # the section between the markers was written
    # the answers were really saved: a second preparation finds the staff and does not build again
    assert load.prepare(url, lambda line: None).built.report


def test_percentiles_are_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert (load.percentile(values, 50), load.percentile(values, 95), load.percentile([], 99)) == (10.0, 19.0, 0.0)
