"""The document page: the HTML writer's body with the web UI's links, and the page's JSON data.

Reads: a stored document (its latest version), the corpus links. Writes: ``DocumentPage``.
The writer's body is reused as is; three things are then added to its HTML, because only the
web UI knows them: a cited paper that is stored links to its own page here (the writer links
every paper to officielebekendmakingen.nl), a footnote marker carries the note's text (shown on
hover, focus and tap), and the table of contents lists the topics within each group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from overleg.errors import NotFound
from overleg.model import Document
from overleg.service import Credentials, Service
from overleg.web.render import environment
from overleg.writers import formats, spec
from overleg.writers.html import Page, page

FORMAT_NAMES = {"json": "JSON (uitwisselformaat)", "html": "HTML", "akn": "Akoma Ntoso (XML)", "txt": "Tekst",
                "docx": "Word (docx)", "csv": "CSV", "pdf": "PDF"}
_PAPER = re.compile(r'<a href="([^"]+)" rel="noopener noreferrer">([^<]+)</a>')
_NOTE = re.compile(r'<a href="#(voetnoot-[\w-]+)">([^<]+)</a>')


@dataclass(frozen=True)
class DocumentPage:
    data: dict[str, Any]
    body: Markup
    view: Page


def _plain(markup: Markup | None) -> str:
    if markup is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", str(markup)).split())


def _with_links(body: str, stored: set[str], notes: dict[str, str]) -> str:
    """Stored papers linked internally; footnote markers with their text (title and a tooltip)."""
    def paper(m: re.Match[str]) -> str:
        target = m.group(2)
        if target in stored:
            return f'<a href="/documents/{target}" class="intern">{target}</a>'
        return m.group(0)

    def note(m: re.Match[str], n: int) -> str:
        text = notes.get(m.group(1))
        if not text:
            return m.group(0)
        tip = escape(text[:400] + ("…" if len(text) > 400 else ""))
        return (f'<span class="noot"><a href="#{m.group(1)}" class="nootlink" title="{tip}" '
                f'aria-describedby="tip-{m.group(1)}-{n}">{m.group(2)}</a>'
                f'<span class="noottekst" role="tooltip" id="tip-{m.group(1)}-{n}">{tip}</span></span>')

    body = _PAPER.sub(paper, body)
    counter = iter(range(1, 1_000_000))
    return _NOTE.sub(lambda m: note(m, next(counter)), body)


def _toc(view: Page) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = [{"href": "#inleiding", "text": "Inleiding", "topics": []}]
    for part in view.parts:
        topics = [{"href": f"#{t.id}", "text": t.title or "(zonder titel)"} for t in part.topics if t.id]
        first = part.topics[0].items[0] if part.topics and part.topics[0].items else None
        last = part.topics[-1].items[-1] if part.topics and part.topics[-1].items else None
        span = f" (vragen {first.item.number}–{last.item.number})" if first and last and first is not last else ""
        entries.append({"href": f"#{part.id}", "text": part.heading + span, "topics": topics})
    for link in view.toc:
        if link.href in ("#toezeggingen", "#moties", "#agenda", "#voetnoten", "#leesproblemen"):
            entries.append({"href": link.href, "text": link.text, "topics": []})
    return entries


@lru_cache(maxsize=32)
def rendered(doc: Document) -> tuple[Page, str]:
    """The HTML writer's view of ``doc`` and its body as rendered, before the web UI's links.

    Kept per document *content* (a Document is frozen and hashable, so the key is everything the
    body is made from): the report's desk and its preview render a consultation of 200 questions
    on every request otherwise (about half of those pages' time), and a changed consultation is
    another document, so this can never show stale text. The links to stored papers depend on
    the corpus and are added per request (``build_page``)."""
    view = page(doc)
    return view, environment().get_template("body.html.j2").render(page=view)


def build_page(service: Service, doc_id: str, doc: Document, version: int) -> DocumentPage:
    """The page of a stored document version."""
    view, body = rendered(doc)
    public = Credentials.public()  # the page is the same for everyone, so it is built as the public sees it
    citations = service.corpus.cites(public, doc_id)
    stored = {c.target_id for c in citations if c.resolved and c.target_id != doc_id}
    notes = {n.id: _plain(n.text) for n in view.notes}
    body = _with_links(body, stored, notes)
    citing = sorted({(c.document_id, c.item) for c in service.corpus.cited_by(public, doc_id)},
                    key=lambda x: (x[0], x[1] or 0))
    data: dict[str, Any] = {
        "id": doc_id,
        "version": version,
        "title": view.title,
        "kind": view.kind,
        "type": doc.type.value,
        "date": doc.date.isoformat() if doc.date else None,
        "toc": _toc(view),
        # a shared answer's anchor: where it is printed, after the last question of its group
        "items": [{"number": v.item.number, "question": f"#{v.question_id}",
                   "answer": v.answered_at.href if v.answered_at else f"#{v.answer_id}",
                   "faction": v.item.faction, "topic": v.item.topic, "commitment": bool(v.commitments),
                   "referral_only": v.item.referral_only}
                  for part in view.parts for t in part.topics for v in t.items],
        "cited": [{"id": t, "href": f"/documents/{t}"} for t in sorted(stored)],
        "cited_by": [{"id": d, "item": i, "href": f"/documents/{d}" + (f"#vraag-{i}" if i else "")}
                     for d, i in citing],
        "downloads": [{"format": f, "name": FORMAT_NAMES.get(f, f.upper()),
                       "href": f"/api/documents/{doc_id}.{f}?version={version}", "suffix": spec(f).suffix}
                      for f in formats()],
        "source": view.source.href if view.source else None,
    }
    return DocumentPage(data, Markup(body), view)


@lru_cache(maxsize=64)
def cached(service: Service, doc_id: str, version: int) -> DocumentPage:
    """The page of a stored version: versions never change, so it is built once (per process)."""
    return build_page(service, doc_id, service.documents.get(Credentials.public(), doc_id, version), version)


def fill_titles(service: Service, rows: list[dict[str, Any]]) -> None:
    """Give rows (with ``document_id`` and ``title``) whose document has no stored title or
    subject (the title is then the id) the title of the document's page ("Verslag van een
    schriftelijk overleg: <dossier>"), as the search page, the entity pages and the tracker show."""
    for row in rows:
        if row.get("title") not in (None, row["document_id"]):
            continue
        try:
            version = service.documents.latest_version(Credentials.public(), row["document_id"])
        except NotFound:
            continue
        row["title"] = cached(service, row["document_id"], version).data["title"]
