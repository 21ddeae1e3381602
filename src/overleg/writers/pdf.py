"""PDF: the document as printed matter, close to the official Kamerstuk or Aanhangsel layout.

Reads: a ``Document``. Writes: PDF bytes, set by Typst (the ``typst`` package, the optional
``pdf`` extra: ``pip install overleg[pdf]``) from ``writers.printed`` (the layout as Typst
markup) and ``templates/print.typ`` (A4, DejaVu Serif body, DejaVu Sans headings).

The page furniture is that of the official papers: the first page's foot holds the publication
id, the series' ISSN and "’s-Gravenhage <year>"; later pages have a running head ("Tweede
Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349") and the page number. Footnotes stand at
the foot of the page of their first marker. WeasyPrint was tried first and set the seed in
about 2 s of CPU; Typst in about 0.2 s (docs/benchmarks-writers.md).
"""

from __future__ import annotations

from overleg.errors import UnsupportedFormat
from overleg.model import Document
from overleg.writers import printed


def source(doc: Document) -> str:
    """The Typst source the PDF is set from (to inspect or adjust the layout)."""
    return printed.document(doc)


def write(doc: Document) -> bytes:
    """The PDF bytes of the document."""
    try:
        import typst
    except ImportError:
        raise UnsupportedFormat("writing pdf needs Typst: pip install 'overleg[pdf]'") from None
    return bytes(typst.compile(source(doc).encode("utf-8")))
