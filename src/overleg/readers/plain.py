"""Plain text and Markdown: text extracted from a PDF by another tool, or re-flowed text."""

from __future__ import annotations

from overleg.readers.source import Source
from overleg.readers.text.prepared import PreparedText, normalise


def extract(src: Source, markdown: bool = False) -> PreparedText:
    text = normalise(src.text())
    lines = tuple(line.rstrip() for line in text.split("\n"))
    long_lines = sum(1 for line in lines if len(line) > 120)
    return PreparedText(source=src.name, lines=lines, reflowed=long_lines > len(lines) // 20)
