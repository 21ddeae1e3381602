"""``overleg export`` to spreadsheets: CSV in both dialects and XLSX, of the whole store or a
selection (``--type``, ``--id``); the workbook holds what the CSV holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from corpus_support import EXAMPLES, SEED
from overleg.app import create_app
from overleg.cli import app
from overleg.model import Document
from overleg.readers import read
from overleg.service import Service
from overleg.store import open_store
from overleg.writers.csv import BOM, defused
from overleg.writers.table import SPREADSHEET_COLUMNS

runner = CliRunner()
QUESTIONS = EXAMPLES / "ah-tk-20232024-1949.pdf"


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Document]]:
    """A store with the seed report and one set of written questions."""
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'store.db'}"
    docs = [read(SEED), read(QUESTIONS)]
    with open_store(url) as store:
        store.upgrade()
        for doc, path in zip(docs, (SEED, QUESTIONS), strict=True):
            store.documents.save(doc, path.name)
    return url, docs


def export(url: str, out: Path, *options: str) -> str:
    result = runner.invoke(app, ["export", "--out", str(out), "--database", url, *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def csv_rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):], newline=""), delimiter=delimiter))


def xlsx_rows(path: Path) -> list[list[str]]:
    """The workbook's cells as the CSV prints them."""
    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if hasattr(value, "date"):
            return str(value.date().isoformat())
        return defused(str(value))
    sheet = load_workbook(path, read_only=True)["Vragen"]
    return [[text(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_whole_store_as_xlsx_holds_what_the_csv_holds(stored: tuple[str, list[Document]], tmp_path: Path) -> None:
    url, docs = stored
    assert "2 documents" in export(url, tmp_path, "--format", "csv")
    assert "2 documents" in export(url, tmp_path, "--format", "xlsx")
    from_csv = csv_rows(tmp_path / "items.csv")
    assert from_csv[0] == [c.key for c in SPREADSHEET_COLUMNS]
    assert len(from_csv) - 1 == sum(len(d.items) for d in docs)
    assert xlsx_rows(tmp_path / "items.xlsx") == from_csv[1:]
    assert not list(tmp_path.glob("*.part"))
    book = load_workbook(tmp_path / "items.xlsx", read_only=True)
    assert (book.properties.title, book.properties.creator) == ("overleg: export", "overleg")


def test_excel_nl_separates_the_export_with_semicolons(stored: tuple[str, list[Document]], tmp_path: Path) -> None:
    url, _ = stored
    export(url, tmp_path / "comma", "--format", "csv")
    export(url, tmp_path / "semicolon", "--format", "csv", "--dialect", "excel-nl")
    assert (tmp_path / "semicolon" / "items.csv").read_text(encoding="utf-8").startswith(BOM + "document_id;date;")
    assert csv_rows(tmp_path / "semicolon" / "items.csv", ";") == csv_rows(tmp_path / "comma" / "items.csv")


def test_a_type_or_ids_select_the_documents(stored: tuple[str, list[Document]], tmp_path: Path) -> None:
    url, (report, questions) = stored
    export(url, tmp_path / "type", "--format", "csv", "--type", "schriftelijke-vragen")
    assert {r[0] for r in csv_rows(tmp_path / "type" / "items.csv")[1:]} == {str(questions.id)}
    export(url, tmp_path / "ids", "--format", "xlsx", "--id", str(questions.id), "--id", str(report.id))
    ids = [r[0] for r in xlsx_rows(tmp_path / "ids" / "items.xlsx")]
    assert ids == [str(questions.id)] * len(questions.items) + [str(report.id)] * len(report.items)


@pytest.mark.parametrize(("options", "message"), [
    (["--format", "xlsx", "--id", "kst-1-2"], "no document kst-1-2"),
    (["--format", "csv", "--type", "motie"], "unknown document type 'motie'"),
    (["--format", "xlsx", "--dialect", "excel-nl"], "a dialect is for CSV only"),
    (["--format", "csv", "--dialect", "excel"], "unknown CSV dialect 'excel'"),
])
def test_a_wrong_selection_or_dialect_is_one_line_and_writes_nothing(
        stored: tuple[str, list[Document]], tmp_path: Path, options: list[str], message: str) -> None:
    url, _ = stored
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--out", str(out), "--database", url, *options])
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not out.exists()


def test_the_document_page_offers_the_workbook_and_the_api_serves_it(stored: tuple[str, list[Document]]) -> None:
    url, (report, _) = stored
    with open_store(url) as store, TestClient(create_app(Service(store))) as client:
        page = client.get(f"/documents/{report.id}.json").json()
        offered = {d["format"]: d for d in page["downloads"]}
        assert offered["xlsx"]["suffix"] == ".xlsx"
        response = client.get(offered["xlsx"]["href"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["Vragen"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)] == \
        [str(report.id)] * len(report.items)
