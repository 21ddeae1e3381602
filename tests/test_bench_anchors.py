"""``overleg bench anchors``: overleg beside bare FTS5 (and tantivy, when a Python with it is
given) on the same generated documents and queries, in one table."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from overleg.bench import anchor_engines, anchors
from overleg.bench.corpus import QUERY_CLASSES, generate_corpus
from overleg.cli import app


def test_only_queries_without_filters_or_date_sort_are_compared() -> None:
    compared = anchors.comparable()
    assert compared and len(compared) < len(QUERY_CLASSES)
    assert {label for label, _ in compared} == {"common word", "rare word", "phrase", "prefix", "boolean"}


def test_a_proximity_is_written_as_fts5s_near_and_left_as_it_is_for_tantivy() -> None:
    assert anchors.engine_query("fts5", '"humanitaire hulp"~5') == "NEAR(humanitaire hulp, 5)"
    assert anchors.engine_query("fts5", '"humanitaire hulp"') == '"humanitaire hulp"'
    assert anchors.engine_query("tantivy", "minist*") == "minist*"


def test_the_anchor_engines_index_what_overleg_indexes_as_entries(tmp_path: Path) -> None:
    generate_corpus(0, tmp_path / "corpus", seed=2, documents=4)
    batches = list(anchor_engines.documents(tmp_path / "corpus"))
    docs = [d for batch in batches for d in batch]
    assert len(docs) == 4 and all(texts and all(texts) for _, texts in docs)


def test_a_small_run_prints_latencies_ingest_and_size_beside_fts5(tmp_path: Path) -> None:
    generate_corpus(0, tmp_path / "corpus", seed=2, documents=12)
    result = CliRunner().invoke(app, ["bench", "anchors", str(tmp_path / "corpus"), "--work", str(tmp_path / "w"),
                                      "--runs", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = {line.split(" | ")[1].strip("`"): line.split(" | ")[2:] for line in lines
            if line.startswith("| ") and line.count("`") == 2}
    assert set(rows) == {query for _, query in anchors.comparable()}
    for overleg, fts5, tantivy in rows.values():
        assert float(overleg.split(" / ")[0]) > 0 and float(fts5.split(" / ")[0]) > 0 and tantivy.startswith("-")
    ingest = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in lines
              if line.startswith(("| overleg |", "| fts5 |"))}
    assert ingest["overleg"][1] == ingest["fts5"][1] == "12"
    assert ingest["fts5"][4] == "1.00" and float(ingest["overleg"][6].rstrip(" |")) > 0


def test_a_folder_without_a_corpus_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "anchors", str(tmp_path), "--work", str(tmp_path / "w")])
    assert result.exit_code == 2 and result.output.startswith("overleg: ") and result.output.count("\n") == 1
