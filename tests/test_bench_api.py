"""``overleg bench api``: the query mix, wrk's result, a missing wrk, and one short real run."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from overleg.bench import api as bench_api
from overleg.bench.corpus import OTHER_QUERIES, SINGLE_TERMS
from overleg.cli import app
from web_support import examples_store


def test_the_mix_asks_every_benchmark_query_url_encoded() -> None:
    paths = bench_api.paths()
    assert [unquote(p.split("q=", 1)[1]) for p in paths] == [*SINGLE_TERMS, *OTHER_QUERIES]
    assert all(p.startswith("/api/search?q=") and not set(' "()*') & set(p) for p in paths)
    script = bench_api.lua_script(paths)
    assert all(f'"{p}"' in script for p in paths) and "request = function()" in script
    assert all(p.endswith("&facets=true") for p in bench_api.paths(facets=True))


def test_the_result_line_of_the_script_becomes_rates_and_milliseconds() -> None:
    run = bench_api.parse_result("Running 10s test\noverleg-result 2500 10000000 3 0 7250 41800 5000000\n")
    assert run.per_second == 250 and run.non_2xx == 3
    assert (run.p50_ms, run.p99_ms) == (7.25, 41.8) and run.bytes_per_response == 2000


def test_without_wrk_the_benchmark_says_so_in_one_line_and_exits_2(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(app, ["bench", "api", "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "wrk is not installed" in result.output


def test_an_unmigrated_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed")
    result = CliRunner().invoke(app, ["bench", "api", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 2 and result.output.startswith("overleg: ")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (scripts/setup installs it)")
@pytest.mark.parametrize(("option", "kept"), [("--pages", "pages kept"), ("--no-pages", "no pages kept")])
def test_a_one_second_run_over_the_examples_prints_a_row_without_errors(tmp_path: Path, option: str,
                                                                       kept: str) -> None:
    store = examples_store(tmp_path)
    url = store.url
    store.close()
    result = CliRunner().invoke(app, ["bench", "api", "--database", url, "--seconds", "1", "--connections", "2",
                                      option])
    assert result.exit_code == 0, result.output
    row = result.output.strip().splitlines()[-1].split(" | ")
    assert row[1] == f"sqlite, {kept}" and float(row[4]) > 0 and row[-1].rstrip(" |") == "0"
