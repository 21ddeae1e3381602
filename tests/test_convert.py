"""``overleg convert``: any readable document to any writer format, errors as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import overleg
from overleg.cli import app
from overleg.writers import PLANNED
from sample_documents import seed_like

runner = CliRunner()


def exchange_file(tmp_path: Path) -> Path:
    path = tmp_path / "kst-21501-02-3349.json"
    path.write_text(overleg.to_json(seed_like()), encoding="utf-8")
    return path


def test_convert_json_to_akn_and_back_gives_the_same_document(tmp_path: Path) -> None:
    source = exchange_file(tmp_path)
    xml = tmp_path / "out.xml"
    assert runner.invoke(app, ["convert", str(source), "--to", "akn", "-o", str(xml)]).exit_code == 0
    back = runner.invoke(app, ["convert", str(xml), "--to", "json"])
    assert back.exit_code == 0
    assert overleg.from_json(back.stdout) == seed_like()


def test_output_to_a_folder_is_named_after_the_input(tmp_path: Path) -> None:
    source = exchange_file(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(app, ["convert", str(source), "--to", "html", "-o", str(folder)])
    assert result.exit_code == 0
    assert (folder / "kst-21501-02-3349.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.skipif(not PLANNED, reason="every announced format has its writer")
def test_a_planned_format_says_it_is_not_available_yet(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(exchange_file(tmp_path)), "--to", sorted(PLANNED)[0]])
    assert result.exit_code == 2
    assert "not available yet" in result.stderr and "html" in result.stderr


def test_an_unknown_format_lists_the_available_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(exchange_file(tmp_path)), "--to", "yaml"])
    assert result.exit_code == 2
    assert "unknown output format 'yaml'" in result.stderr


def test_an_unreadable_input_is_one_line_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    result = runner.invoke(app, ["convert", str(missing), "--to", "csv"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "missing.pdf" in result.stderr
