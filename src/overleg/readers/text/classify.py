"""Which kind of question document a text is, from its wording (not its file name).

>>> classify("21 501-02 Raad\\nNr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\\nVastgesteld")
<DocumentType.VERSLAG: 'verslag-schriftelijk-overleg'>
>>> classify("Vragen van het lid Dijk (SP) aan de Minister ... (ingezonden 3 oktober 2023).")
<DocumentType.SCHRIFTELIJKE_VRAGEN: 'schriftelijke-vragen'>
>>> classify("De Kamer, gehoord de beraadslaging, verzoekt de regering ...") is None
True
"""

from __future__ import annotations

import re

from overleg.model import DocumentType

_RULES: tuple[tuple[DocumentType, re.Pattern[str]], ...] = (
    (DocumentType.VERSLAG_NADER, re.compile(r"VERSLAG\s+VAN\s+EEN\s+NADER\s+SCHRIFTELIJK\s+OVERLEG", re.I)),
    (
        DocumentType.INBRENG,
        re.compile(r"INBRENG\s+(?:VOOR\s+HET\s+)?VERSLAG\s+(?:VAN\s+)?(?:EEN\s+)?SCHRIFTELIJK\s+OVERLEG", re.I),
    ),
    (DocumentType.VERSLAG, re.compile(r"VERSLAG\s+VAN\s+EEN\s+SCHRIFTELIJK\s+OVERLEG", re.I)),
    (DocumentType.LIJST, re.compile(r"LIJST\s+VAN\s+VRAGEN\s+EN\s+ANTWOORDEN", re.I)),
    (
        DocumentType.SCHRIFTELIJKE_VRAGEN,
        re.compile(
            r"Aanhangsel\s+van\s+de\s+Handelingen|Vragen\s+van\s+(?:het\s+lid|de\s+leden)|"
            r"\(ingezonden\s+\d|In\s+(?:het\s+)?antwoord\s+op\s+uw\s+brief|"
            r"^\s*Vraag\s+1\b.*^\s*Antwoord\b",
            re.I | re.M | re.S,
        ),
    ),
)


def classify(text: str) -> DocumentType | None:
    """The document type the text announces, or None for anything else."""
    head = text[:20000]
    for doc_type, rx in _RULES:
        if rx.search(head):
            return doc_type
    return None
