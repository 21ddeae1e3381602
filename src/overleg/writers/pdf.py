"""PDF: the document as printed matter, close to the official Kamerstuk or Aanhangsel layout.

Reads: a ``Document``. Writes: PDF bytes, set by Typst (the ``typst`` package, the optional
``pdf`` extra: ``pip install overleg[pdf]``) from ``writers.printed`` (the layout as Typst
markup) and ``templates/print.typ`` (A4, sans-serif as the official papers: Liberation Sans,
DejaVu Sans for any character it lacks).

The page furniture is that of the official papers: the chamber's mark on page 1, the metadata
in the wide left margin, the first page's foot with the publication id, the series' ISSN and
"’s-Gravenhage <year>" in the margin column, a running foot ("Tweede Kamer, vergaderjaar
2025–2026, 21 501-02, nr. 3349") with the page number on every page, and up the left edge the
line naming where the authentic version is. Footnotes stand at the foot of the page of their
first marker. WeasyPrint was tried first and set the seed in about 2 s of CPU; Typst in about
0.2 s (docs/benchmarks-writers.md).
"""

from __future__ import annotations

from pathlib import Path

from overleg.errors import UnsupportedFormat
from overleg.model import Document
from overleg.writers import printed

# Debian ships "Liberation Sans" twice: version 2 (fonts-liberation2, SIL OFL, the one
# scripts/setup installs) and version 1 (fonts-liberation, GPL with a font exception, pulled in
# by other packages). Fonts on Typst's font path come before the system's, so version 2 is used
# wherever it is installed.
_FONT_DIRS = [str(d) for d in (Path("/usr/share/fonts/truetype/liberation2"),) if d.is_dir()]


def source(doc: Document) -> str:
    """The Typst source the PDF is set from (to inspect or adjust the layout)."""
    return printed.document(doc)


def write(doc: Document) -> bytes:
    """The PDF bytes of the document."""
    try:
        import typst
    except ImportError:
        raise UnsupportedFormat("writing pdf needs Typst: pip install 'overleg[pdf]'") from None
    return bytes(typst.compile(source(doc).encode("utf-8"), font_paths=_FONT_DIRS))
