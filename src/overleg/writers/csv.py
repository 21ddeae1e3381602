"""CSV: one row per item, for spreadsheets and newsrooms.

Reads: a ``Document``. Writes: RFC 4180 CSV text (comma-separated, CRLF line ends, fields with
commas, quotes or line breaks quoted) that starts with a UTF-8 byte order mark so spreadsheet
programs detect the encoding. Lists are joined with ``"; "``; booleans are ``true``/``false``.

A cell that would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so that a spreadsheet shows the text instead of evaluating it as a formula
(the text comes from documents overleg does not control). The exchange JSON is the lossless
format; this one is for reading and counting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from overleg.model import Document, Item

BOM = "\ufeff"

COLUMNS: tuple[str, ...] = (
    "document_id",
    "number",
    "faction",
    "topic",
    "question",
    "answer",
    "cross_refs",
    "question_refs",
    "answer_refs",
    "question_footnotes",
    "answer_footnotes",
    "referral_only",
    "answer_group",
    "commitment",
    "commitment_text",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text: with a leading apostrophe when it starts
    like a formula (OWASP's advice against CSV injection). Every CSV overleg writes passes here:
    this writer, ``overleg export --format csv`` and the statistics' tables."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _join(values: Iterable[object]) -> str:
    return "; ".join(str(v) for v in values)


def rows(doc: Document) -> list[dict[str, str]]:
    """The rows of the table, one per item in document order, keyed by COLUMNS."""
    promised: dict[int, list[str]] = {}
    for c in doc.commitments:
        if c.item is not None:
            promised.setdefault(c.item, []).append(c.text)
    return [_row(doc, item, promised.get(item.number, [])) for item in doc.items]


def _row(doc: Document, item: Item, commitments: list[str]) -> dict[str, str]:
    return {
        "document_id": str(doc.id) if doc.id else "",
        "number": str(item.number),
        "faction": item.faction or "",
        "topic": item.topic or "",
        "question": item.question,
        "answer": item.answer or "",
        "cross_refs": _join(item.cross_refs),
        "question_refs": _join(item.question_refs),
        "answer_refs": _join(item.answer_refs),
        "question_footnotes": _join(item.question_footnotes),
        "answer_footnotes": _join(item.answer_footnotes),
        "referral_only": "true" if item.referral_only else "false",
        "answer_group": _join(item.answer_group),
        "commitment": "true" if commitments else "false",
        "commitment_text": "\n\n".join(commitments),
    }


def write(doc: Document) -> str:
    """The CSV text of the document's items, header first, with a byte order mark."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(doc):
        writer.writerow({key: defused(value) for key, value in row.items()})
    return out.getvalue()
