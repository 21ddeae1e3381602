"""Papers cited in the house style of the Tweede Kamer, for people to read.

The machine id (``kst-21501-02-3349``) belongs in URLs and data; every text a person reads (link
texts, search hits, breadcrumbs, chart labels, spreadsheets) cites the paper as the Kamer does:

>>> from overleg.model import DocumentId
>>> house_style(DocumentId("kst-21501-02-3349"))
'Kamerstuk 21 501-02, nr. 3349'
>>> house_style(DocumentId("kst-36800-V-86"))
'Kamerstuk 36 800 V, nr. 86'
>>> house_style(DocumentId("ah-tk-20232024-1893"))
'Aanhangsel Handelingen II 2023/24, nr. 1893'
>>> house_style(DocumentId("h-tk-20232024-45-12"))
'Handelingen II 2023/24, nr. 45, item 12'
>>> house_style(DocumentId("stcrt-2023-31878"))
'Stcrt. 2023, 31878'
"""

from __future__ import annotations

from overleg.model import DocumentId


def printed_dossier(number: str) -> str:
    """'21501-02' -> '21 501-02', '36800-V' -> '36 800 V': a dossier number as printed."""
    main, _, sub = number.partition("-")
    if main.isdigit() and len(main) > 3:
        main = f"{main[:-3]} {main[-3:]}"
    if not sub:
        return main
    return f"{main}-{sub}" if sub.isdigit() else f"{main} {sub}"


def session(year: str) -> str:
    """'20232024' -> '2023/24': a parliamentary year as citations print it."""
    return f"{year[:4]}/{year[6:]}"


def house_style(ref: DocumentId) -> str:
    """The paper as a person reads it cited (module docstring)."""
    text = str(ref)
    if ref.kind == "kst" and ref.dossier:
        return f"Kamerstuk {printed_dossier(ref.dossier)}, nr. {ref.number}"
    if ref.kind == "ah-tk":
        return f"Aanhangsel Handelingen II {session(text.split('-')[2])}, nr. {ref.number}"
    if ref.kind == "h-tk":
        parts = text.split("-")
        item = f", item {parts[4]}" if len(parts) > 4 else ""
        return f"Handelingen II {session(parts[2])}, nr. {parts[3]}{item}"
    if ref.kind == "stcrt":
        return f"Stcrt. {text.split('-')[1]}, {ref.number}"
    return text
