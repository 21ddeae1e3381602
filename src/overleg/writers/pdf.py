"""PDF: the document as printed matter, close to the official Kamerstuk or Aanhangsel layout.

Reads: a ``Document``. Writes: PDF bytes (a ministry's answer letter in the letter layout,
without the Kamer's furniture), set by Typst (the ``typst`` package, the optional
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

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from overleg.errors import UnsupportedFormat
from overleg.model import Document
from overleg.writers import printed

if TYPE_CHECKING:
    import typst

# Debian ships "Liberation Sans" twice under one family name: version 2 (fonts-liberation2,
# SIL OFL, the one scripts/setup installs) and version 1.07 (fonts-liberation, GPL with a font
# exception, pulled in by other packages). Typst took version 1 even with version 2 on its font
# path, so where version 2 is installed Typst gets the two font directories the layout uses and
# not the system's fonts; elsewhere the system's.
_LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def source(doc: Document) -> str:
    """The Typst source the PDF is set from (to inspect or adjust the layout)."""
    return printed.document(doc)


def write(doc: Document) -> bytes:
    """The PDF bytes of the document."""
    try:
        import typst
    except ImportError:
        raise UnsupportedFormat("writing pdf needs Typst: pip install 'overleg[pdf]'") from None
    return bytes(typst.compile(source(doc).encode("utf-8"), font_paths=_fonts()))


@functools.cache
def _fonts() -> typst.Fonts:
    """The fonts Typst sets with (see ``_LIBERATION2``), searched once per process."""
    import typst

    if not _LIBERATION2.is_dir():
        return typst.Fonts()
    dirs = [str(d) for d in (_LIBERATION2, _DEJAVU) if d.is_dir()]
    return typst.Fonts(include_system_fonts=False, font_paths=dirs)
