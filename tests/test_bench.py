"""The benchmark command reports failures as results and keeps hand-written text in its file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from overleg.bench import readers as bench
from overleg.cli import app


def test_a_reader_that_fails_is_reported_as_failed_with_its_reason(tmp_path: Path) -> None:
    recipe = tmp_path / "recept.txt"
    recipe.write_text("Appeltaart\n\nMeng de bloem met de boter.\n", encoding="utf-8")
    row = bench.time_reading("recipe", recipe, runs=2, budget_ms=20)
    assert row.median_ms is None
    assert row.result.startswith("failed: NotAQuestionDocument: recept.txt")
    assert row.within_budget == "–"


def test_a_reading_within_budget_is_timed_and_judged() -> None:
    row = bench.Row("x", "y", 5, 12.5, 20, "ok: 1 items", best_ms=11.0)
    assert row.within_budget == "yes"
    assert bench.Row("x", "y", 5, 25.0, 20, "ok").within_budget == "**no**"
    text = bench.table([row], ["- CPU: test"])
    assert "| x | y | 5 | 12.5 ms | 11.0 ms | 20 ms | yes | ok: 1 items | – |" in text
    assert text.startswith("- CPU: test")


def test_the_machine_is_described_by_cpu_cores_and_python() -> None:
    lines = "\n".join(bench.machine())
    assert "CPU:" in lines and "cores" in lines and "Python 3." in lines


def test_writing_replaces_only_the_text_between_the_markers(tmp_path: Path) -> None:
    target = tmp_path / "benchmarks.md"
    bench.write(target, "first table")
    assert "first table" in target.read_text(encoding="utf-8")
    target.write_text("# Notes\nkept above\n" + target.read_text(encoding="utf-8") + "kept below\n", encoding="utf-8")
    bench.write(target, "second table")
    text = target.read_text(encoding="utf-8")
    assert "first table" not in text
    assert "second table" in text
    assert "kept above" in text and "kept below" in text
    assert text.count(bench.START) == 1


def test_the_four_page_pdf_is_found_among_the_examples() -> None:
    import pypdfium2 as pdfium

    path = bench.four_page_pdf()
    assert path is not None
    assert len(pdfium.PdfDocument(str(path))) == 4


def test_bench_read_prints_a_markdown_table_of_both_in_process_measurements(tmp_path: Path) -> None:
    target = tmp_path / "benchmarks.md"
    result = CliRunner().invoke(app, ["bench", "read", "--runs", "1", "--no-large", "--write", str(target)])
    assert result.exit_code == 0, result.output
    assert "| benchmark | input | runs | median CPU | best CPU |" in result.output
    assert "seed report" in result.output and "4-page Aanhangsel PDF" in result.output
    assert "| benchmark |" in target.read_text(encoding="utf-8")


def test_bench_write_times_every_existing_writer_in_its_own_section(tmp_path: Path) -> None:
    target = tmp_path / "benchmarks.md"
    bench.write(target, "reader table")
    result = CliRunner().invoke(app, ["bench", "write", "--runs", "1", "--write", str(target)])
    assert result.exit_code == 0, result.output
    assert "seed report -> html" in result.output and "seed report -> akn" in result.output
    text = target.read_text(encoding="utf-8")
    assert "reader table" in text and bench.WRITE_START in text and "seed report -> html" in text


def test_bench_entities_times_the_view_and_a_page_of_each_kinds_biggest_entity(tmp_path: Path) -> None:
    from corpus_support import SEED, migrated_store
    from overleg.corpus.ingest.pipeline import ingest

    with migrated_store("sqlite", tmp_path) as store:
        assert ingest([SEED], store, jobs=1).ok
        url = store.engine.url.render_as_string(hide_password=False)
        result = CliRunner().invoke(app, ["bench", "entities", "--database", url])
    assert result.exit_code == 0, result.output
    rows = [line.split(" | ") for line in result.output.splitlines() if line.startswith("| sqlite")]
    assert {row[6] for row in rows} == {"group", "ministry", "committee"}
    assert all(float(cell.strip(" |")) >= 0 for row in rows for cell in row[-3:])
