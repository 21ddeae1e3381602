"""``overleg links ID``: what a stored document cites and which stored documents cite it."""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, service

if TYPE_CHECKING:
    from overleg.service import DocumentLinks, LinkedPaper


class LinksFormat(str, Enum):
    text = "text"
    json = "json"


def links(
    doc_id: Annotated[str, typer.Argument(help="The document's id, or a citation of it "
                                               "('kst-21501-02-3349', 'Kamerstuk 21501-02-3349')")],
    database: DatabaseOption = None,
    format: Annotated[LinksFormat, typer.Option("--format", "-f", help="text or json")] = LinksFormat.text,
) -> None:
    """What a stored document cites (stored or not) and which stored documents cite it."""
    from overleg.service import Credentials

    with service(database) as s:
        found = s.corpus.links(Credentials.public(), doc_id)
    typer.echo(as_json(found) if format is LinksFormat.json else as_text(found))


def _paper(p: LinkedPaper) -> dict[str, object]:
    return {"id": p.id, "citation": p.citation, "stored": p.stored, "title": p.title, "href": p.url,
            "where": list(p.where), "kinds": list(p.kinds)}


def as_json(found: DocumentLinks) -> str:
    """The same body as ``GET /api/documents/{id}/links``."""
    return json.dumps({"id": found.id, "citation": found.citation, "cites": [_paper(p) for p in found.cites],
                       "cited_by": [_paper(p) for p in found.cited_by]}, ensure_ascii=False, indent=2)


def _line(p: LinkedPaper) -> str:
    where = f"  vraag {', '.join(str(i) for i in p.where)}" if p.where else ""
    stored = "opgeslagen" if p.stored else "niet opgeslagen"
    return f"  {p.citation} ({p.id}, {stored}){where}"


def as_text(found: DocumentLinks) -> str:
    """Two lists under Dutch headings, one paper a line with the items citing it."""
    lines = [f"{found.citation} ({found.id})" if found.citation != found.id else found.id]
    for heading, papers in (("Haalt aan", found.cites), ("Aangehaald in", found.cited_by)):
        lines.append(f"{heading} ({len(papers)}):")
        lines += [_line(p) for p in papers] or ["  niets"]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    app.command()(links)
