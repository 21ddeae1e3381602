"""``overleg export``: the whole store as open data.

- ``jsonl``: ``documents.jsonl``, one exchange JSON document per line (the latest version of each,
  in id order), lossless and readable back with ``overleg.exchange.from_json``;
- ``csv``: ``items.csv``, one row per item of every document (``overleg.writers.csv`` columns,
  one header, one byte order mark);
- ``akn``: ``akn/<id>.xml``, Akoma Ntoso per document (``overleg.writers.akn``).

Documents are paged out of the store (``documents.list``), so memory stays flat for a large store.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
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


def stored(documents: _Documents) -> Iterator[tuple[str, str]]:
    """(id, exchange JSON) of the latest version of every document, in id order."""
    offset = 0
    while True:
        page = documents.list(limit=PAGE, offset=offset)
        for v in page:
            yield v.id, documents.get_json(v.id, v.version)
        if len(page) < PAGE:
            return
        offset += PAGE


def export(documents: _Documents, fmt: ExportFormat, out: Path) -> int:
    """Write the store in ``fmt`` under ``out``; the number of documents written."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.JSONL:
        return _jsonl(documents, out / "documents.jsonl")
    if fmt is ExportFormat.CSV:
        return _csv(documents, out / "items.csv")
    return _akn(documents, out / "akn")


def _jsonl(documents: _Documents, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for _, text in stored(documents):
            f.write(exchange.to_json(exchange.from_json(text), indent=None) + "\n")
            n += 1
    return n


def _csv(documents: _Documents, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(csv_writer.BOM)
        writer = csv.DictWriter(f, fieldnames=csv_writer.COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for _, text in stored(documents):
            writer.writerows(_rows(exchange.from_json(text)))
            n += 1
    return n


def _rows(doc: Document) -> list[dict[str, str]]:
    # writers.csv.write() renders one document with its own header; reuse its cells, not its framing.
    text = csv_writer.write(doc).removeprefix(csv_writer.BOM)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _akn(documents: _Documents, folder: Path) -> int:
    folder.mkdir(exist_ok=True)
    n = 0
    for doc_id, text in stored(documents):
        (folder / f"{_SAFE_NAME.sub('_', doc_id)}.xml").write_bytes(akn_writer.write(exchange.from_json(text)))
        n += 1
    return n
