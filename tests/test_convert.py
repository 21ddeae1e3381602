"""``overleg convert``: any readable document to any writer format, errors as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
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


def test_convert_to_xlsx_writes_a_workbook_named_after_the_input(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(app, ["convert", str(exchange_file(tmp_path)), "--to", "xlsx", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(folder / "kst-21501-02-3349.xlsx", read_only=True)["Vragen"]
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, min_col=11, max_col=11, values_only=True)]
    assert numbers == [i.number for i in seed_like().items]


def test_convert_to_csv_in_the_dialect_of_a_dutch_excel_separates_with_semicolons(tmp_path: Path) -> None:
    source = exchange_file(tmp_path)
    result = runner.invoke(app, ["convert", str(source), "--to", "csv", "--dialect", "excel-nl"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith("\ufeffdocument_id;date;type;".encode())
    plain = runner.invoke(app, ["convert", str(source), "--to", "csv"])
    assert plain.stdout_bytes.startswith("\ufeffdocument_id,date,type,".encode())


@pytest.mark.parametrize(("to", "dialect", "message"), [
    ("html", "excel-nl", "--dialect is for csv only, not html"),
    ("csv", "semicolon", "unknown CSV dialect 'semicolon'; use one of rfc4180, excel-nl"),
])
def test_a_dialect_that_does_not_apply_is_one_line(tmp_path: Path, to: str, dialect: str, message: str) -> None:
    result = runner.invoke(app, ["convert", str(exchange_file(tmp_path)), "--to", to, "--dialect", dialect])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
