"""PDF: the document as printed matter, close to the official Kamerstuk or Aanhangsel layout.

Reads: a ``Document``. Writes: PDF bytes, rendered by WeasyPrint (the optional ``pdf`` extra:
``pip install overleg[pdf]``) from ``writers.printed`` (the printed layout as HTML) and
``templates/print.css`` (A4, DejaVu Serif body, DejaVu Sans headings).

The page furniture is that of the official papers: the first page's foot holds the
publication id, the series' ISSN and "’s-Gravenhage <year>"; later pages have a running head
("Tweede Kamer, vergaderjaar 2025–2026, 21 501-02, nr. 3349") and the page number. Footnotes
stand at the foot of the page of their first marker (CSS ``float: footnote``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from overleg.errors import UnsupportedFormat
from overleg.model import Document
from overleg.writers import printed

STYLESHEET = Path(__file__).parent / "templates" / "print.css"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def html(doc: Document) -> str:
    """The HTML the PDF is rendered from (useful to inspect the layout)."""
    foot_id, issn, place = printed.foot(doc)
    variables = (f"--running-head: {_css_string(printed.running_head(doc))}; --foot-id: {_css_string(foot_id)}; "
                 f"--foot-issn: {_css_string(issn)}; --foot-place: {_css_string(place)};")
    title = str(doc.id) if doc.id else (doc.title or doc.type.value)
    return (f'<!DOCTYPE html>\n<html lang="nl" style=\'{variables}\'><head><meta charset="utf-8">'
            f"<title>{printed.escape(title)}</title></head>\n<body>\n{printed.body(doc)}\n</body></html>\n")


@cache
def _stylesheet() -> object:
    import weasyprint

    return weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"))


def write(doc: Document) -> bytes:
    """The PDF bytes of the document."""
    try:
        import weasyprint
    except ImportError:
        raise UnsupportedFormat("writing pdf needs WeasyPrint: pip install 'overleg[pdf]'") from None
    return weasyprint.HTML(string=html(doc)).write_pdf(stylesheets=[_stylesheet()])  # type: ignore[no-any-return]
