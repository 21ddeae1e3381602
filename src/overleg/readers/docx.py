"""Placeholder until the docx reader lands."""

from __future__ import annotations

from overleg.errors import UnreadableInput
from overleg.readers.source import Source
from overleg.readers.text.prepared import PreparedText


def extract(src: Source) -> PreparedText:
    raise UnreadableInput(src.name, "docx input is not supported yet")
