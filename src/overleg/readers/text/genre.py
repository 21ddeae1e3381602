"""What a genre of question document is: a ``Genre`` (the registry of them is ``genres.py``).

Each genre is declared once, in ``genres.py``: how the refusal message names it, the wording
that announces it (each ``Sign`` with the document type that wording means) and its parser,
the ``parse`` function of the genre's own module (``report.py``, ``questions.py``,
``letter.py``), imported only when a text of that genre comes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from overleg.model import Document, DocumentType
from overleg.readers.text.prepared import PreparedText

# The wording that announces a genre stands near the top (heading, cover letter); further on, a
# long document may quote another genre's wording, and is not searched.
HEAD = 20_000  # characters

Parser = Callable[[PreparedText, DocumentType], Document]


@dataclass(frozen=True)
class Sign:
    """Wording that announces a document type."""

    type: DocumentType
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Genre:
    """One genre: its name, how the refusal message names it, its signs in priority order, and
    the parser that reads a ``PreparedText`` of it into a ``Document`` of the announced type."""

    name: str
    described: str  # "a report of a written consultation"
    signs: tuple[Sign, ...]
    parse: Parser

    def announced(self, head: str) -> DocumentType | None:
        """The type of the first sign found in ``head`` (the text's first ``HEAD`` characters)."""
        return next((sign.type for sign in self.signs if sign.pattern.search(head)), None)
