"""``overleg export``: the whole store (or a selection) as open data.

- ``jsonl``: ``documents.jsonl``, one exchange JSON document per line (the latest version of each,
  in id order), lossless and readable back with ``overleg.exchange.from_json``. Its ``id`` is the
  id the store keeps the document under, never null: the official id, or for a document without
  one its id by ``overleg.model.identity`` (``zaak-2023Z14759``), which reading recomputes from
  the document's identifiers or content, so ingesting the export finds the same documents and,
  their content equal, adds nothing;
- ``csv``: ``items.csv``, one row per item of every document (``overleg.writers.csv`` columns,
  one header; the dialect ``rfc4180`` or ``excel-nl``);
- ``xlsx``: ``items.xlsx``, the same table as an Excel workbook (``overleg.writers.xlsx``);
- ``akn``: ``akn/<id>.xml``, Akoma Ntoso per document (``overleg.writers.akn``).

A ``Selection`` narrows the export to one document type or to named ids. Documents are paged out
of the store (``documents.list``), so memory stays flat for a large store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from overleg import exchange
from overleg.connectors.names import ExportFormat
from overleg.model import Document
from overleg.store.records import DocumentVersion
from overleg.writers import akn as akn_writer
from overleg.writers import csv as csv_writer

PAGE = 200
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


class _Documents(Protocol):
    def list(self, *, type: str | None = None, limit: int = 100, offset: int = 0) -> tuple[DocumentVersion, ...]: ...
    def get_json(self, doc_id: str, version: int | None = None) -> str: ...


@dataclass(frozen=True)
class Selection:
    """Which documents to export: all (the default), those of one ``type`` (an exchange type
    name, "schriftelijke-vragen"), or the ``ids`` named (their latest versions, in the order given)."""

    type: str | None = None
    ids: tuple[str, ...] = ()


EVERYTHING = Selection()


def stored(documents: _Documents, selection: Selection = EVERYTHING) -> Iterator[tuple[str, str]]:
    """(id, exchange JSON) of the latest version of every selected document, in id order (or
    the order of ``selection.ids``; an unknown id is NotFound before anything is written)."""
    if selection.ids:
        for doc_id in dict.fromkeys(selection.ids):
            yield doc_id, documents.get_json(doc_id)
        return
    offset = 0
    while True:
        page = documents.list(type=selection.type, limit=PAGE, offset=offset)
        for v in page:
            yield v.id, documents.get_json(v.id, v.version)
        if len(page) < PAGE:
            return
        offset += PAGE


def export(documents: _Documents, fmt: ExportFormat, out: Path, selection: Selection = EVERYTHING,
           dialect: csv_writer.Dialect = csv_writer.DEFAULT) -> int:
    """Write the selected documents in ``fmt`` under ``out``; the number of documents written.
    ``dialect`` is the CSV's (the other formats have none)."""
    found = stored(documents, selection)
    if selection.ids:  # named documents are looked up first: an unknown id fails before a file is made
        found = iter(list(found))
    out.mkdir(parents=True, exist_ok=True)
    docs = ((doc_id, exchange.from_json(text)) for doc_id, text in found)
    if fmt is ExportFormat.JSONL:
        return _jsonl(docs, out / "documents.jsonl")
    if fmt is ExportFormat.CSV:
        return _csv(docs, out / "items.csv", dialect)
    if fmt is ExportFormat.XLSX:
        return _xlsx(docs, out / "items.xlsx")
    return _akn(docs, out / "akn")


def _jsonl(docs: Iterator[tuple[str, Document]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for doc_id, doc in docs:
            f.write(json.dumps({**exchange.to_dict(doc), "id": doc_id}, ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(docs: Iterator[tuple[str, Document]], path: Path, dialect: csv_writer.Dialect) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        sheet = csv_writer.Sheet(f, dialect)
        for _, doc in docs:
            sheet.add(doc)
            n += 1
    return n


def _xlsx(docs: Iterator[tuple[str, Document]], path: Path) -> int:
    from overleg.writers import xlsx  # openpyxl is loaded only for this format

    book = xlsx.Workbook("overleg: export")
    n = 0
    for _, doc in docs:
        book.add(doc)
        n += 1
    partial = path.with_name(path.name + ".part")  # a failed export leaves no half a workbook behind
    book.save(str(partial))
    partial.replace(path)
    return n


def _akn(docs: Iterator[tuple[str, Document]], folder: Path) -> int:
    folder.mkdir(exist_ok=True)
    n = 0
    for doc_id, doc in docs:
        (folder / f"{_SAFE_NAME.sub('_', doc_id)}.xml").write_bytes(akn_writer.write(doc))
        n += 1
    return n
