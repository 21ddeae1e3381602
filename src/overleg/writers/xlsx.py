"""XLSX: the CSV's table as an Excel workbook, for people who open it in a spreadsheet.

Reads: a ``Document`` (or, through ``Workbook``, many: ``overleg export --format xlsx``). Writes:
one sheet "Vragen" with the columns of ``table.SPREADSHEET_COLUMNS`` under Dutch labels, one row
per item. Dates are real dates shown as ``dd-mm-yyyy`` (a Dutch Excel shows the code as ``dd-mm-jjjj``),
item numbers are numbers, flags are booleans (WAAR/ONWAAR in a Dutch Excel); the header row is
bold and frozen and carries an autofilter. Text is always a text cell: a value that starts like
a formula ("=1+1") is stored as text with Excel's quote prefix (the apostrophe the CSV writes),
so neither opening the file nor editing the cell evaluates it. The workbook's properties name
the document (title) and overleg (creator).

Written with openpyxl in write-only mode, so memory stays flat for an export of the whole store.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import BinaryIO

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from overleg.errors import InvalidInput
from overleg.model import Document
from overleg.writers.table import SPREADSHEET_COLUMNS, Cell, Column, Kind, looks_like_formula, table_rows, title

SHEET = "Vragen"
CREATOR = "overleg"
DATE_FORMAT = "dd-mm-yyyy"
MAX_ROWS = 1_048_576  # Excel's limit for one sheet, the header included
MAX_CELL = 32_767  # Excel's limit for the text of one cell
CUT = " [ingekort: de volledige tekst staat in de JSON van dit document]"

_WIDTHS = {Kind.TEXT: 20, Kind.LONG_TEXT: 70, Kind.DATE: 12, Kind.NUMBER: 9, Kind.FLAG: 12}
_WIDER = {"document_id": 24, "type": 34, "title": 50, "addressee": 30, "committee": 34}


def width(column: Column) -> int:
    """The column's width in characters: wide enough for its usual content, not for the longest."""
    return _WIDER.get(column.key, _WIDTHS[column.kind])


def cell_text(value: str) -> str:
    """``value`` as a cell may hold it: without the control characters XML forbids, and within
    Excel's 32,767 characters (a longer answer is cut, saying where the whole text is)."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", value)
    return clean if len(clean) <= MAX_CELL else clean[:MAX_CELL - len(CUT)] + CUT


class Workbook:
    """A workbook being written: the header on creation, then documents' rows, then ``save``."""

    def __init__(self, name: str, created: dt.datetime | None = None) -> None:
        self._book = OpenpyxlWorkbook(write_only=True)
        self._book.properties.title = name
        self._book.properties.creator = CREATOR
        self._book.properties.lastModifiedBy = CREATOR
        if created is not None:
            self._book.properties.created = self._book.properties.modified = created
        self._sheet: WriteOnlyWorksheet = self._book.create_sheet(SHEET)
        for n, column in enumerate(SPREADSHEET_COLUMNS, 1):
            self._sheet.column_dimensions[get_column_letter(n)].width = width(column)
        self._sheet.freeze_panes = "A2"
        self._rows = 0
        bold = Font(bold=True)
        header = []
        for column in SPREADSHEET_COLUMNS:
            cell = WriteOnlyCell(self._sheet, value=column.label)
            cell.font = bold
            header.append(cell)
        self._sheet.append(header)

    def add(self, doc: Document) -> None:
        """The document's rows; InvalidInput when they would pass Excel's limit of rows."""
        for row in table_rows(doc):
            if self._rows + 2 > MAX_ROWS:
                raise InvalidInput(f"an Excel sheet holds at most {MAX_ROWS - 1} rows of items; "
                                   "export fewer documents (--type, --id) or use --format csv")
            self._sheet.append([self._cell(column, value)
                                for column, value in zip(SPREADSHEET_COLUMNS, row, strict=True)])
            self._rows += 1

    def _cell(self, column: Column, value: Cell) -> SheetCell:
        if isinstance(value, str):
            cell = WriteOnlyCell(self._sheet, value=cell_text(value))
            cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
            if looks_like_formula(value):
                cell.quotePrefix = True
            if column.kind is Kind.LONG_TEXT:
                cell.alignment = Alignment(vertical="top")
            return cell
        if isinstance(value, dt.date):  # a date is a day: midnight, shown without the time
            cell = WriteOnlyCell(self._sheet, value=dt.datetime.combine(value, dt.time()))
            cell.number_format = DATE_FORMAT
            return cell
        return WriteOnlyCell(self._sheet, value=value)

    def save(self, out: BinaryIO | str) -> None:
        """Write the workbook (once): the autofilter spans the header and every row."""
        last = get_column_letter(len(SPREADSHEET_COLUMNS))
        # a write-only sheet has an autofilter at runtime; the stubs leave it out
        self._sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"  # type: ignore[attr-defined]
        self._book.save(out)


def write(doc: Document) -> bytes:
    """The XLSX bytes of the document's items."""
    own_date = doc.date or doc.answered_on
    book = Workbook(title(doc), dt.datetime.combine(own_date, dt.time()) if own_date else None)
    book.add(doc)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
