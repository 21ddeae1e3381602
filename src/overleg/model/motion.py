"""A motion (motie): its own small record, since reports cite motions and sync meets them.

A motion is not a question document; ``overleg.readers.motion.read_motion`` reads one from the
official XML, a PDF or a Word file. Unknown values are None, never guesses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overleg.model.ids import DocumentId


@dataclass(frozen=True)
class MotionRecord:
    """One motion as published: ``considerations`` are its "constaterende/overwegende dat"
    clauses, ``requests`` its "verzoekt ..." clauses, ``text`` the whole body as printed."""

    id: DocumentId | None
    dossier: str | None
    number: str | None
    title: str | None
    submitters: tuple[str, ...]
    date: dt.date | None
    text: str
    considerations: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
