"""Placeholder until the parser of this genre lands."""

from __future__ import annotations

from overleg.errors import UnreadableInput
from overleg.model import Document, DocumentType
from overleg.readers.text.prepared import PreparedText


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    raise UnreadableInput(prepared.source, f"reading {doc_type.value} is not implemented yet")
