"""The XLSX writer: the CSV's table as a workbook, with dates as dates and formulas kept as text;
read back with openpyxl it holds what the CSV holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import cache

from hypothesis import given, settings
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import overleg
from akn_strategies import documents
from corpus_support import SEED
from overleg.model import Commitment, Document, DocumentType, Item
from overleg.readers import read
from overleg.writers import WRITERS
from overleg.writers.csv import BOM, defused
from overleg.writers.table import SPREADSHEET_COLUMNS, Kind, looks_like_formula
from overleg.writers.xlsx import CUT, MAX_CELL, SHEET
from sample_documents import questions_like, seed_like


@cache
def seed() -> Document:
    return read(SEED)


def workbook_bytes(doc: Document) -> bytes:
    data = overleg.write(doc, "xlsx")
    assert isinstance(data, bytes)
    return data


def sheet(doc: Document) -> Worksheet:
    book = load_workbook(io.BytesIO(workbook_bytes(doc)))
    assert book.sheetnames == [SHEET]
    found = book[SHEET]
    assert isinstance(found, Worksheet)
    return found


def column(name: str) -> int:
    return next(n for n, c in enumerate(SPREADSHEET_COLUMNS, 1) if c.key == name)


def as_csv_text(cell: SheetCell | MergedCell) -> str:
    """What the CSV prints for the value this cell holds."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        assert value.time() == dt.time()  # a day, not a moment
        return value.date().isoformat()
    return defused(str(value))


def test_the_header_is_the_dutch_labels_bold_frozen_and_filtered() -> None:
    ws = sheet(seed_like())
    assert [c.value for c in ws[1]] == [c.label for c in SPREADSHEET_COLUMNS]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(SPREADSHEET_COLUMNS))}{len(seed_like().items) + 1}"


def test_dates_are_dates_numbers_are_numbers_and_flags_are_booleans() -> None:
    doc = seed_like()
    ws = sheet(doc)
    for row in range(2, len(doc.items) + 2):
        for key, day in (("date", doc.date), ("answered_on", doc.answered_on)):
            cell = ws.cell(row, column(key))
            assert isinstance(cell, SheetCell) and cell.is_date and cell.number_format == "dd-mm-yyyy"
            assert cell.value == dt.datetime.combine(day, dt.time())  # type: ignore[arg-type]
        number = ws.cell(row, column("number"))
        assert number.data_type == "n" and number.value == doc.items[row - 2].number
        assert isinstance(ws.cell(row, column("referral_only")).value, bool)
    assert ws.cell(6, column("referral_only")).value is True  # item 5 only refers to item 1


def test_a_formula_stays_text_with_excels_quote_prefix() -> None:
    risky = Document(type=DocumentType.VERSLAG, items=(Item(1, "=1+1", "@SUM(A1)", faction="-2+3"),),
                     commitments=(Commitment(1, "=HYPERLINK(\"x\")"),))
    ws = sheet(risky)
    for key, text in (("question", "=1+1"), ("answer", "@SUM(A1)"), ("faction", "-2+3"),
                      ("commitment_text", "=HYPERLINK(\"x\")")):
        cell = ws.cell(2, column(key))
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), key
    plain = ws.cell(2, column("type"))
    assert plain.data_type == "s" and not plain.quotePrefix


def test_the_seed_read_back_holds_what_its_csv_holds() -> None:
    doc = seed()
    text = overleg.write(doc, "csv")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))
    ws = sheet(doc)
    assert ws.max_row == len(rows) == len(doc.items) + 1
    for csv_row, cells in zip(rows[1:], ws.iter_rows(min_row=2), strict=True):
        assert [as_csv_text(c) for c in cells] == csv_row


def test_columns_have_widths_for_their_content() -> None:
    ws = sheet(seed_like())
    widths = {c.key: ws.column_dimensions[get_column_letter(n)].width for n, c in enumerate(SPREADSHEET_COLUMNS, 1)}
    assert widths["question"] > widths["title"] > widths["date"] > widths["number"]
    assert all(8 <= w <= 80 for w in widths.values())
    assert all(widths[c.key] == widths["question"] for c in SPREADSHEET_COLUMNS if c.kind is Kind.LONG_TEXT)


def test_the_properties_name_the_document_and_overleg() -> None:
    book = load_workbook(io.BytesIO(workbook_bytes(seed_like())))
    assert book.properties.title == "Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349"
    assert book.properties.creator == "overleg"
    assert book.properties.created == dt.datetime(2026, 2, 20)


def test_characters_xml_forbids_are_dropped_and_an_overlong_text_is_cut_saying_so() -> None:
    long = "x" * (MAX_CELL + 10)
    ws = sheet(Document(type=DocumentType.LIJST, items=(Item(1, "a\x01b\x1fc", long),)))
    assert ws.cell(2, column("question")).value == "abc"
    answer = ws.cell(2, column("answer")).value
    assert isinstance(answer, str) and len(answer) == MAX_CELL and answer.endswith(CUT)


def test_the_registry_offers_xlsx_as_a_download() -> None:
    spec = WRITERS["xlsx"]
    assert spec.binary and spec.suffix == ".xlsx"
    assert spec.media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert workbook_bytes(questions_like()).startswith(b"PK")  # a zip, as every OOXML file


@settings(max_examples=15, deadline=None)
@given(documents())
def test_any_generated_document_reads_back_as_its_csv(doc: Document) -> None:
    text = overleg.write(doc, "csv")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))
    ws = sheet(doc)
    got = [[as_csv_text(c) for c in cells] for cells in ws.iter_rows(min_row=2)]
    assert got == [[defused(ILLEGAL_CHARACTERS_RE.sub("", undefused(t))) for t in row] for row in rows[1:]]


def undefused(text: str) -> str:
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text
