"""Writers: a ``Document`` to one output format. Writers consume only the model; none parses.

    write(doc, "html") -> str
      WRITERS["html"] -> overleg.writers.html.write(doc) -> str

Every format is one row of ``WRITERS``: the module and function that write it (imported on
first use, so ``overleg.write(doc, "csv")`` never loads Jinja2), its media type and file suffix,
and whether it is text or bytes. A new writer (announce it first in ``PLANNED``) is a
module with ``write(doc: Document) -> str | bytes`` plus one row here; ``overleg convert`` and
the docs test pick it up from this table.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from overleg.errors import UnsupportedFormat
from overleg.model import Document, Item

WriterFunction = Callable[[Document], "str | bytes"]


@dataclass(frozen=True)
class WriterSpec:
    """One output format: where its writer lives and what it produces."""

    name: str
    module: str
    function: str
    media_type: str
    suffix: str
    binary: bool = False  # the writer returns bytes (XML with its own encoding declaration, PDF, DOCX, XLSX)
    description: str = ""

    def load(self) -> WriterFunction:
        """The writer function, imported on first use."""
        return cast(WriterFunction, getattr(importlib.import_module(self.module), self.function))


WRITERS: dict[str, WriterSpec] = {
    spec.name: spec
    for spec in (
        WriterSpec("json", "overleg.exchange", "to_json", "application/json", ".json",
                   description="the exchange JSON (lossless; reads back with overleg.read)"),
        WriterSpec("html", "overleg.writers.html", "write", "text/html; charset=utf-8", ".html",
                   description="one self-contained, accessible HTML5 page"),
        WriterSpec("akn", "overleg.writers.akn", "write", "application/akn+xml", ".xml", binary=True,
                   description="Akoma Ntoso 3.0 XML (lossless; reads back with overleg.read)"),
        WriterSpec("txt", "overleg.writers.txt", "write", "text/plain; charset=utf-8", ".txt",
                   description="plain text in the layout of the printed report (reads back with overleg.read)"),
        WriterSpec("docx", "overleg.writers.docx", "write",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", binary=True,
                   description="a Word document in the layout of the printed report (reads back with overleg.read)"),
        WriterSpec("csv", "overleg.writers.csv", "write", "text/csv; charset=utf-8", ".csv",
                   description="one row per item with the document's columns, for spreadsheets and programs"),
        WriterSpec("xlsx", "overleg.writers.xlsx", "write",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", binary=True,
                   description="the CSV's table as an Excel workbook: dates as dates, numbers as numbers"),
        WriterSpec("pdf", "overleg.writers.pdf", "write", "application/pdf", ".pdf", binary=True,
                   description="printed matter in the official Kamerstuk or Aanhangsel layout (Typst)"),
    )
}

# Formats that are announced but whose writers do not exist yet: asking for one says so
# instead of "unknown format". Adding the writer means adding its row to WRITERS.
PLANNED: dict[str, str] = {
}


def slug(text: str) -> str:
    """An id-safe slug without accents, for anchors and eIds.

    >>> slug("GroenLinks-PvdA"), slug("Oekraïne"), slug("?")
    ('groenlinks-pvda', 'oekraine', 'x')
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "-", plain.lower()).strip("-") or "x"


def answer_homes(items: Sequence[Item]) -> tuple[int, ...]:
    """For each item (by position) the position of the item after which its answer is printed.

    An answer that covers several questions (``answer_group``) is carried by every item of the
    group, but printed once: after the last question of its group in the document's order,
    wherever the others stand. Every other item prints its own answer.

    >>> one = Item(1, "V1", "Samen.", answer_group=(1, 3))
    >>> answer_homes([one, Item(2, "V2", "Eigen."), Item(3, "V3", "Samen.", answer_group=(1, 3))])
    (2, 1, 2)
    """
    last: dict[tuple[int, ...], int] = {}
    for k, item in enumerate(items):
        if len(item.answer_group) > 1 and item.answer is not None:
            last[item.answer_group] = k
    return tuple(last.get(item.answer_group, k) if item.answer is not None else k for k, item in enumerate(items))


def formats() -> tuple[str, ...]:
    """The names of the formats that can be written now."""
    return tuple(WRITERS)


def spec(format: str) -> WriterSpec:
    """The WriterSpec of a format name (case-insensitive); UnsupportedFormat for others."""
    name = format.strip().lower()
    if name in WRITERS:
        return WRITERS[name]
    available = ", ".join(WRITERS)
    if name in PLANNED:
        raise UnsupportedFormat(f"writing {name} ({PLANNED[name]}) is not available yet; use one of {available}")
    raise UnsupportedFormat(f"unknown output format {format!r}; use one of {available}")


def write(doc: Document, format: str) -> str | bytes:
    """The document in the given format: ``str`` for text formats, ``bytes`` for binary ones."""
    return spec(format).load()(doc)


__all__ = ["PLANNED", "WRITERS", "WriterSpec", "answer_homes", "formats", "slug", "spec", "write"]
