"""Tables in text that has lost its layout (a PDF's text, a plain-text copy): rows of figures.

A table is a run of at least two rows, each of figures ("12", "640.000", "3,5%") and at most one
short cell of words (a label, see ``_is_row``), with the same number of cells give or take one, optionally headed by a
line of words only with one word per column ("Nr. Provincie Bedrijven Dieren"). A row's cells:
each figure is a cell, and the words between figures make one cell ("Noord-Holland",
"Noord Holland"). Rows of one figure each ("Postbus 20015", "Vraag 1") need a heading line;
a date ("7 juni 2022") is no row. A row with fewer cells than the table has ("Totaal 17 945.000") keeps
its label first and its figures under the last columns. The table becomes one paragraph in the
model's form (``overleg.model.table``).
"""

from __future__ import annotations

import re

from overleg.model.table import FIGURE as _FIGURE
from overleg.model.table import AnswerTable
from overleg.vocabulary.dates import MONTHS

_SENTENCE_END = re.compile(r"[.:;?!]$")
_MAX_COLUMNS = 12
_LABEL_WORDS = 6


def _cells(line: str) -> list[str]:
    """The cells of a row: each figure one, the words between figures one."""
    cells: list[str] = []
    words: list[str] = []
    for token in line.split():
        if _FIGURE.match(token):
            if words:
                cells.append(" ".join(words))
                words = []
            cells.append(token)
        else:
            words.append(token)
    if words:
        cells.append(" ".join(words))
    return cells


def _is_row(line: str) -> bool:
    """A line of figures: all cells figures but at most one, a short label ("Noord-Holland",
    "Totaal"); two figures, or one after a label of three words at most. (A line of running
    text that ends in a year, "van april 2024", has a long label.)"""
    cells = _cells(line)
    labels = [c for c in cells if not _FIGURE.match(c)]
    figures = len(cells) - len(labels)
    if not 2 <= len(cells) <= _MAX_COLUMNS or len(labels) > 1:
        return False
    words = len(labels[0].split()) if labels else 0
    if labels and labels[0].lower() in MONTHS:  # a date, "7 juni 2022"
        return False
    return words <= _LABEL_WORDS and (figures >= 2 or words <= 3) and not any(_SENTENCE_END.search(c) for c in labels)


def _figures(cells: list[str]) -> int:
    return sum(bool(_FIGURE.match(c)) for c in cells)


def _is_header(line: str, columns: int) -> bool:
    """A line of words only, one a column, that does not end a sentence."""
    text = line.strip()
    words = text.split()
    return (len(words) == columns and text[:1].isupper() and not any(_FIGURE.match(w) for w in words)
            and not _SENTENCE_END.search(text.rstrip(".")) and not text.endswith((":", "?")))


def _padded(cells: list[str], columns: int) -> tuple[str, ...]:
    if len(cells) >= columns:
        return tuple(cells)
    return (cells[0], *([""] * (columns - len(cells))), *cells[1:])


def table_runs(lines: list[str]) -> list[tuple[int, int, AnswerTable]]:
    """The tables among the lines: (first line, line after the last, table), in order."""
    runs: list[tuple[int, int, AnswerTable]] = []
    no = 0
    while no < len(lines):
        end = no
        while end < len(lines) and _is_row(lines[end]):
            end += 1
        if end - no < 2:
            no += 1
            continue
        rows = [_cells(line) for line in lines[no:end]]
        columns = max(len(r) for r in rows)
        if columns - min(len(r) for r in rows) > 1 or sum(len(r) == columns for r in rows) < 2:
            no = end
            continue
        start = no - 1 if no and _is_header(lines[no - 1], columns) else no
        if start == no and all(_figures(r) < 2 for r in rows):  # "Postbus 20015", "Vraag 1": no table
            no = end
            continue
        head = [tuple(lines[start].split())] if start < no else []
        body = [_padded(r, columns) for r in rows]
        runs.append((start, end, AnswerTable((*head, *body))))
        no = end
    return runs


__all__ = ["table_runs"]
