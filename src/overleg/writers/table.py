"""The spreadsheet table of documents: one row per item, the document's columns beside the item's.

Shared by the CSV and the XLSX writers (and ``overleg export``), so both have the same columns in
the same order with the same values: CSV prints every cell as text (``text_of``), XLSX keeps
dates as dates and numbers as numbers. ``SPREADSHEET_COLUMNS`` names them; docs/writers.md
describes each.

The document's columns come first (``document_id`` stays the first column, as before), then the
item's columns in the order the CSV had before the document's were added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from overleg.model import Document, Item
from overleg.vocabulary.citations import house_style
from overleg.vocabulary.document_types import TYPE_NAMES

Cell = str | int | bool | dt.date | None


class Kind(str, Enum):
    """What a column holds: how a spreadsheet should show it."""

    TEXT = "text"
    LONG_TEXT = "long-text"  # questions and answers: a wide column
    DATE = "date"
    NUMBER = "number"
    FLAG = "flag"


@dataclass(frozen=True)
class Column:
    """One column: ``key`` heads the CSV (stable, for programs), ``label`` the XLSX (for people)."""

    key: str
    label: str
    kind: Kind = Kind.TEXT


PER_DOCUMENT: tuple[Column, ...] = (
    Column("document_id", "Kenmerk"),
    Column("date", "Datum", Kind.DATE),
    Column("type", "Soort"),
    Column("title", "Titel"),
    Column("dossier", "Dossier"),
    Column("committee", "Commissie"),
    Column("askers", "Vragenstellers"),
    Column("parties", "Fracties"),
    Column("addressee", "Gericht aan"),
    Column("answered_on", "Beantwoord op", Kind.DATE),
)

PER_ITEM: tuple[Column, ...] = (
    Column("number", "Nummer", Kind.NUMBER),
    Column("faction", "Fractie"),
    Column("topic", "Onderwerp"),
    Column("question", "Vraag", Kind.LONG_TEXT),
    Column("answer", "Antwoord", Kind.LONG_TEXT),
    Column("cross_refs", "Verwijst naar vragen"),
    Column("question_refs", "Stukken in de vraag"),
    Column("answer_refs", "Stukken in het antwoord"),
    Column("question_footnotes", "Voetnoten bij de vraag"),
    Column("answer_footnotes", "Voetnoten bij het antwoord"),
    Column("referral_only", "Alleen een verwijzing", Kind.FLAG),
    Column("answer_group", "Samen beantwoord", ),
    Column("commitment", "Toezegging", Kind.FLAG),
    Column("commitment_text", "Tekst van de toezegging", Kind.LONG_TEXT),
)

SPREADSHEET_COLUMNS: tuple[Column, ...] = PER_DOCUMENT + PER_ITEM
KEYS: tuple[str, ...] = tuple(c.key for c in SPREADSHEET_COLUMNS)


def _join(values: Iterable[object]) -> str:
    return "; ".join(str(v) for v in values)


def title(doc: Document) -> str:
    """The document's title; for one without (a report's title is often only on its cover): its
    Dutch type with its house-style citation, "Verslag van een schriftelijk overleg - Kamerstuk
    21 501-02, nr. 3349"."""
    if doc.title and doc.title.strip() != TYPE_NAMES[doc.type]:
        return doc.title
    return f"{TYPE_NAMES[doc.type]} - {house_style(doc.id)}" if doc.id else TYPE_NAMES[doc.type]


def parties(doc: Document) -> tuple[str, ...]:
    """The groups that asked: a report's groups, or the askers' parties, each once in order."""
    names = [f.name for f in doc.factions] or [a.party for a in doc.askers if a.party]
    return tuple(dict.fromkeys(names))


def document_cells(doc: Document) -> tuple[Cell, ...]:
    """The document's columns (``PER_DOCUMENT``), the same on each of its rows."""
    return (
        str(doc.id) if doc.id else "",
        doc.date,
        TYPE_NAMES[doc.type],
        title(doc),
        doc.dossier.number if doc.dossier else "",
        doc.committee.name or "" if doc.committee else "",
        _join(a.name for a in doc.askers),
        _join(parties(doc)),
        doc.addressee or _join(doc.addressees),
        doc.answered_on,
    )


def item_cells(item: Item, commitments: list[str]) -> tuple[Cell, ...]:
    """The item's columns (``PER_ITEM``)."""
    return (
        item.number,
        item.faction or "",
        item.topic or "",
        item.question,
        item.answer or "",
        _join(item.cross_refs),
        _join(item.question_refs),
        _join(item.answer_refs),
        _join(item.question_footnotes),
        _join(item.answer_footnotes),
        item.referral_only,
        _join(item.answer_group),
        bool(commitments),
        "\n\n".join(commitments),
    )


def table_rows(doc: Document) -> Iterator[tuple[Cell, ...]]:
    """One row per item in document order, cells in the order of ``SPREADSHEET_COLUMNS``."""
    promised: dict[int, list[str]] = {}
    for c in doc.commitments:
        if c.item is not None:
            promised.setdefault(c.item, []).append(c.text)
    head = document_cells(doc)
    for item in doc.items:
        yield head + item_cells(item, promised.get(item.number, []))


def text_of(cell: Cell) -> str:
    """A cell as CSV prints it: dates in ISO 8601, flags ``true``/``false``, nothing as "".

    >>> [text_of(c) for c in (dt.date(2026, 2, 20), True, 7, None, "D66")]
    ['2026-02-20', 'true', '7', '', 'D66']
    """
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula (OWASP's list of first characters)."""
    return value.startswith(_FORMULA_STARTS)
