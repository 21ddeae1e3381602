"""A table inside an answer, kept as a table in the answer's text.

An answer's text is paragraphs separated by an empty line ("\\n\\n"); an ordinary paragraph is one
line. A table is a paragraph of its own whose rows are lines (separated by "\\n") and whose cells
are separated by a tab ("\\t"); its first row heads it when it holds words only and a row below
holds a figure. So the
model needs no field of its own for tables: every reader that finds a table writes it this way,
every writer that sees such a paragraph prints a table, and a text search still finds the figures.
``AnswerTable`` is the value object the writers work with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROW_SEPARATOR = "\n"
CELL_SEPARATOR = "\t"
# a figure cell: "12", "640.000", "3,5%", "€ 20", "-4"
FIGURE = re.compile(r"^[-+–]?(?:€\s?)?\d(?:[\d.,]*\d)?%?$")



@dataclass(frozen=True)
class AnswerTable:
    """The rows of a table, each a tuple of cell texts."""

    rows: tuple[tuple[str, ...], ...]

    @property
    def header(self) -> bool:
        """The first row heads the table: words only, above rows with figures."""
        def figures(row: tuple[str, ...]) -> bool:
            return any(FIGURE.match(cell) for cell in row)
        return len(self.rows) > 1 and not figures(self.rows[0]) and any(figures(r) for r in self.rows[1:])

    def paragraph(self) -> str:
        """The table as a paragraph of the answer's text (rows as lines, cells tab-separated)."""
        return ROW_SEPARATOR.join(CELL_SEPARATOR.join(row) for row in self.rows)


def table_of(paragraph: str) -> AnswerTable | None:
    """The table a paragraph of an answer holds, or None when it is an ordinary paragraph. Only
    a table in the form ``AnswerTable.paragraph`` writes counts (each cell its words a space apart),
    so that every writer can print it as a table and the text reads back the same."""
    if CELL_SEPARATOR not in paragraph:
        return None
    rows = tuple(tuple(line.split(CELL_SEPARATOR)) for line in paragraph.split(ROW_SEPARATOR))
    if any(cell != " ".join(cell.split()) for row in rows for cell in row):
        return None
    return AnswerTable(rows)


__all__ = ["CELL_SEPARATOR", "FIGURE", "ROW_SEPARATOR", "AnswerTable", "table_of"]
