"""CSV: one row per item, the document's columns beside the item's, for spreadsheets and newsrooms.

Reads: a ``Document``. Writes: CSV text with a header row of the column keys
(``table.SPREADSHEET_COLUMNS``) and one row per item. Two dialects (``DIALECTS``):

- ``rfc4180`` (the default): RFC 4180, comma-separated, CRLF line ends, fields with commas,
  quotes or line breaks quoted, UTF-8 starting with a byte order mark (so spreadsheet programs
  detect the encoding; programs read it as ``utf-8-sig``);
- ``excel-nl``: the same with semicolons, which is what Excel expects where the decimal sign is a
  comma (a Dutch Excel opens a comma-separated file with each row in one cell).

Lists are joined with ``"; "``; dates are ISO 8601 (``2026-02-20``); flags ``true``/``false``.
A cell that would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so that a spreadsheet shows the text instead of evaluating it as a formula
(the text comes from documents overleg does not control). The exchange JSON is the lossless
format; this one is for reading and counting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from overleg.errors import UnsupportedFormat
from overleg.model import Document
from overleg.writers.table import KEYS, Cell, looks_like_formula, table_rows, text_of

BOM = "\ufeff"


@dataclass(frozen=True)
class Dialect:
    """How the cells are separated and the file begins."""

    name: str
    delimiter: str
    description: str
    bom: bool = True
    line_end: str = "\r\n"


DIALECTS: dict[str, Dialect] = {
    d.name: d for d in (
        Dialect("rfc4180", ",", "RFC 4180: comma-separated, CRLF, UTF-8 with a byte order mark"),
        Dialect("excel-nl", ";", "for a Dutch Excel: semicolon-separated, CRLF, UTF-8 with a byte order mark"),
    )
}
DEFAULT = DIALECTS["rfc4180"]


def dialect(name: str) -> Dialect:
    """The dialect of a name (case-insensitive); UnsupportedFormat naming the others."""
    found = DIALECTS.get(name.strip().lower())
    if found is None:
        raise UnsupportedFormat(f"unknown CSV dialect {name!r}; use one of {', '.join(DIALECTS)}")
    return found


def defused(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text: with a leading apostrophe when it starts
    like a formula (OWASP's advice against CSV injection). Every CSV overleg writes passes here:
    this writer, ``overleg export --format csv`` and the statistics' tables."""
    return "'" + value if looks_like_formula(value) else value


def cells(row: Iterable[Cell]) -> list[str]:
    """A table row as CSV cells: text, defused."""
    return [defused(text_of(cell)) for cell in row]


def rows(doc: Document) -> list[dict[str, str]]:
    """The rows of the table as CSV prints them, one per item in document order, keyed by KEYS."""
    return [dict(zip(KEYS, cells(row), strict=True)) for row in table_rows(doc)]


class Sheet:
    """A CSV being written to ``out``: the header on creation, then documents' rows
    (``overleg export`` adds every document of the store to one sheet)."""

    def __init__(self, out: TextIO, chosen: Dialect = DEFAULT) -> None:
        if chosen.bom:
            out.write(BOM)
        self._writer = csv.writer(out, delimiter=chosen.delimiter, lineterminator=chosen.line_end)
        self._writer.writerow(KEYS)

    def add(self, doc: Document) -> None:
        self._writer.writerows(cells(row) for row in table_rows(doc))


def write(doc: Document, chosen: Dialect = DEFAULT) -> str:
    """The CSV text of the document's items, header first (``chosen``: the default RFC 4180)."""
    out = io.StringIO()
    Sheet(out, chosen).add(doc)
    return out.getvalue()
