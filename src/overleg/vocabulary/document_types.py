"""The Dutch names of the document types, given once for every writer and page.

A new document type adds its name here (``TYPE_NAMES``: the HTML page, the web UI's lists and
facets) and, when its paper prints a type line in its heading, that line (``TYPE_LINES``: the
txt and pdf writers). The readers recognise a type by their own, more tolerant patterns
(``readers/text/genres.py``).
"""

from __future__ import annotations

from overleg.model import DocumentType

TYPE_NAMES: dict[DocumentType, str] = {
    DocumentType.VERSLAG: "Verslag van een schriftelijk overleg",
    DocumentType.VERSLAG_NADER: "Verslag van een nader schriftelijk overleg",
    DocumentType.INBRENG: "Inbreng voor een schriftelijk overleg",
    DocumentType.LIJST: "Lijst van vragen en antwoorden",
    DocumentType.SCHRIFTELIJKE_VRAGEN: "Schriftelijke vragen met antwoorden",
    DocumentType.MEDEDELING_UITSTEL: "Mededeling uitstel antwoord",
}

# The type line of a Kamerstuk's heading, in capitals after "Nr. N". Written questions have none:
# the Aanhangsel and the ministry letter have headings of their own.
TYPE_LINES: dict[DocumentType, str] = {
    DocumentType.VERSLAG: "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    DocumentType.VERSLAG_NADER: "VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG",
    DocumentType.INBRENG: "INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    DocumentType.LIJST: "LIJST VAN VRAGEN EN ANTWOORDEN",
}
