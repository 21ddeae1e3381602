"""A figure as plain data: ``Table`` (columns and rows of plain values), which the CLI prints as
a table, CSV or JSON and the REST API serves.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from overleg.writers.csv import defused

Value = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A result: ``columns`` and ``rows`` of plain values (None: unknown)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def to_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        # text from documents (names, titles) may start like a formula; numbers stay numbers
        writer.writerows(["" if v is None else defused(v) if isinstance(v, str) else v for v in row]
                         for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.to_dicts(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        cells = [list(self.columns)] + [["" if v is None else str(v) for v in row] for row in self.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
