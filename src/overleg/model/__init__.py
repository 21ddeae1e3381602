"""The model at the heart of overleg: frozen dataclasses and identifier value objects."""

from overleg.model.document import (
    AgendaEntry,
    Asker,
    Commitment,
    Committee,
    Deferral,
    Document,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
    NoteMark,
    Paper,
    Problem,
)
from overleg.model.ids import DocumentId, TkNumber

__all__ = [
    "AgendaEntry",
    "Asker",
    "Commitment",
    "Committee",
    "Deferral",
    "Document",
    "DocumentId",
    "DocumentType",
    "Dossier",
    "Faction",
    "Footnote",
    "Item",
    "Motion",
    "NoteMark",
    "Paper",
    "Problem",
    "TkNumber",
]
