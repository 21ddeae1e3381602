"""The document page: the HTML writer's body with the web UI's links, and the page's JSON data.

Reads: a stored document (its latest version), the corpus links. Writes: ``DocumentPage``.
The writer's body is reused as is (without its heading: the page puts the breadcrumbs, the h1
and the line on the authentic version first, the side bar after them); three things are then
added to its HTML, because only the web UI knows them: a cited paper that is stored links to its
own page here (the writer links every paper to officielebekendmakingen.nl, by its
``data-stuk``; a stored motion links to its page ``/moties/{id}``), a footnote marker carries
the note's text (shown on hover, focus and tap), and
the table of contents lists the topics within each group. A report published with overleg
(``DocumentVersion.published_here``) links nowhere on officielebekendmakingen and says so.
Machine ids stay in addresses and data; the texts cite papers in the house style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from overleg.errors import NotFound
from overleg.model import Document, DocumentId
from overleg.service import Credentials, Service
from overleg.vocabulary.citations import house_style, printed_dossier
from overleg.web import similar_pages
from overleg.web.render import environment
from overleg.writers import formats, slug, spec
from overleg.writers.html import Page, page

FORMAT_NAMES = {"json": "JSON (uitwisselformaat)", "html": "HTML", "akn": "Akoma Ntoso (XML)", "txt": "Tekst",
                "docx": "Word (docx)", "csv": "CSV", "xlsx": "Excel (xlsx)", "pdf": "PDF"}
# the writer's markup of a cited paper and of a footnote marker (in the sentence, or listed)
_PAPER = re.compile(r'<a href="([^"]+)" rel="noopener noreferrer" data-stuk="([^"]+)">([^<]+)</a>')
_NOTE = re.compile(r'<sup><a class="nootnum" href="#(voetnoot-[\w-]+)" aria-label="([^"]+)">([^<]+)</a></sup>'
                   r'|<a href="#(voetnoot-[\w-]+)">([^<]+)</a>')


@dataclass(frozen=True)
class DocumentPage:
    data: dict[str, Any]
    body: Markup
    view: Page


def _plain(markup: Markup | None) -> str:
    if markup is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", str(markup)).split())


def _with_links(body: str, stored: set[str], notes: dict[str, str], motions: frozenset[str] = frozenset()) -> str:
    """Stored papers linked internally (a stored motion to its motion page); footnote markers
    with their text (title and a tooltip)."""
    def paper(m: re.Match[str]) -> str:
        target = m.group(2)
        if target in motions:
            return f'<a href="/moties/{target}" class="intern" data-stuk="{target}">{m.group(3)}</a>'
        if target in stored:
            return f'<a href="/documents/{target}" class="intern" data-stuk="{target}">{m.group(3)}</a>'
        return m.group(0)

    def note(m: re.Match[str], n: int) -> str:
        anchor = m.group(1) or m.group(4)
        text = notes.get(anchor)
        if not text:
            return m.group(0)
        tip = escape(text[:400] + ("…" if len(text) > 400 else ""))
        holder = "noot"
        if m.group(1):  # a marker in the sentence: the number in superscript, named "voetnoot N"
            holder = "noot in-zin"
            link = (f'<a href="#{anchor}" class="nootnum nootlink" aria-label="{m.group(2)}" title="{tip}" '
                    f'aria-describedby="tip-{anchor}-{n}"><sup>{m.group(3)}</sup></a>')
        else:
            link = (f'<a href="#{anchor}" class="nootlink" title="{tip}" '
                    f'aria-describedby="tip-{anchor}-{n}">{m.group(5)}</a>')
        return (f'<span class="{holder}">{link}'
                f'<span class="noottekst" role="tooltip" id="tip-{anchor}-{n}">{tip}</span></span>')

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
        if link.href in ("#toezeggingen", "#moties", "#agenda", "#noten-bij-de-vragen", "#voetnoten"):
            entries.append({"href": link.href, "text": link.text, "topics": []})
    return entries


@lru_cache(maxsize=32)
def rendered(doc: Document, made_here: bool = False, with_title: bool = True) -> tuple[Page, str]:
    """The HTML writer's view of ``doc`` and its body as rendered, before the web UI's links.

    Kept per document *content* (a Document is frozen and hashable, so the key is everything the
    body is made from): the report's desk and its preview render a consultation of 200 questions
    on every request otherwise (about half of those pages' time), and a changed consultation is
    another document, so this can never show stale text. The links to stored papers depend on
    the corpus and are added per request (``build_page``)."""
    view = page(doc, made_here)
    # ``with_title=False``: the document page puts the h1 (after the breadcrumbs, before the side
    # bar) itself; the report's desk and the previews show the body with its h1
    return view, environment().get_template("body.html.j2").render(page=view, with_title=with_title)


def citation(doc_id: str) -> str:
    """A stored document's id as a person reads it cited ("Kamerstuk 21 501-02, nr. 3349"); "" for
    an id that is no paper's (a ministry's letter without publication, ``local-…``, or a
    consultation's own ``so-1``): such an id means nothing to a reader and is not shown.

    >>> citation("kst-21501-02-3349"), citation("ah-tk-20232024-1893"), citation("local-06ecb6afdf2620d4")
    ('Kamerstuk 21 501-02, nr. 3349', 'Aanhangsel Handelingen II 2023/24, nr. 1893', '')
    """
    parsed = DocumentId.try_parse(doc_id)
    return house_style(parsed) if parsed is not None and str(parsed) == doc_id else ""


def made_here(service: Service, doc_id: str, version: int) -> bool:
    """The version is a report made with overleg: published through the procedure, or not stored
    at all (a consultation's report before its publication), not a paper read from a source."""
    versions = service.documents.versions(Credentials.public(), doc_id)
    found = next((v for v in versions if v.version == version), versions[-1] if versions else None)
    return found is None or found.published_here


def _breadcrumbs(doc_id: str, doc: Document, title: str) -> list[dict[str, str | None]]:
    """Home > commissie > dossier > stuk: the committee's page, the search for the dossier."""
    crumbs: list[dict[str, str | None]] = [{"text": "Home", "href": "/"}]
    if doc.committee and doc.committee.name:
        crumbs.append({"text": doc.committee.name[:1].upper() + doc.committee.name[1:],
                       "href": f"/commissies/{slug(doc.committee.name)}"})
    if doc.dossier:
        text = f"Dossier {printed_dossier(doc.dossier.number)}" + (f" {doc.dossier.title}" if doc.dossier.title else "")
        crumbs.append({"text": text, "href": "/search?" + urlencode({"q": printed_dossier(doc.dossier.number)})})
    crumbs.append({"text": citation(doc_id) or (title if len(title) <= 60 else title[:59] + "…"), "href": None})
    return crumbs


def build_page(service: Service, doc_id: str, doc: Document, version: int, with_title: bool = True) -> DocumentPage:
    """The page of a stored document version (``with_title``: the body with its h1)."""
    view, body = rendered(doc, made_here(service, doc_id, version), with_title)
    public = Credentials.public()  # the page is the same for everyone, so it is built as the public sees it
    citations = service.corpus.cites(public, doc_id)
    stored = {c.target_id for c in citations if c.resolved and c.target_id != doc_id}
    notes = {n.id: _plain(n.text) for n in view.notes}
    # a cited paper stored as a motion record (not a document) links to the motion's page
    motions = frozenset(service.motions.stored(public, [c.target_id for c in citations if not c.resolved]))
    body = _with_links(body, stored, notes, motions)
    citing = sorted({(c.document_id, c.item) for c in service.corpus.cited_by(public, doc_id)},
                    key=lambda x: (x[0], x[1] or 0))
    data: dict[str, Any] = {
        "id": doc_id,
        "version": version,
        "title": view.title,
        "citation": citation(doc_id),
        "kind": view.kind,
        "type": doc.type.value,
        "date": doc.date.isoformat() if doc.date else None,
        "made_here": view.made_here,
        "breadcrumbs": _breadcrumbs(doc_id, doc, view.title),
        "toc": _toc(view),
        # a shared answer's anchor: where it is printed, after the last question of its group
        "items": [{"number": v.item.number, "question": f"#{v.question_id}",
                   "answer": v.answered_at.href if v.answered_at else f"#{v.answer_id}",
                   "faction": v.item.faction, "topic": v.item.topic, "commitment": bool(v.commitments),
                   "referral_only": v.item.referral_only}
                  for part in view.parts for t in part.topics for v in t.items],
        # a letter without publication has no citation: its link reads as its id, the one name it has
        "cited": [{"id": t, "citation": citation(t) or t, "href": f"/documents/{t}"} for t in sorted(stored)],
        "cited_motions": [{"id": t, "citation": citation(t) or t, "href": f"/moties/{t}"} for t in sorted(motions)],
        "cited_by": [{"id": d, "citation": citation(d) or d, "item": i,
                      "href": f"/documents/{d}" + (f"#vraag-{i}" if i else "")} for d, i in citing],
        "downloads": [{"format": f, "name": FORMAT_NAMES.get(f, f.upper()),
                       "href": f"/api/documents/{doc_id}.{f}?version={version}", "suffix": spec(f).suffix}
                      for f in formats()],
        "source": view.source.href if view.source else None,
        "read_from": read_from(service, doc_id),
    }
    # one link (the side bar's "Eerder gesteld") to the earlier questions like each question, a
    # page per question computed when asked for (web/similar_pages.py); a link under every
    # question cost 730 bytes of the 30 kB the page is sent in
    data["earlier_href"] = similar_pages.first_href(doc_id, data["items"])
    return DocumentPage(data, Markup(body), view)


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "text": "tekst", "markdown": "Markdown", "json": "JSON",
                 "xml": "XML", "html": "HTML"}


def read_from(service: Service, doc_id: str) -> list[dict[str, str | int]]:
    """What the document was read from (its sources when the page was built), per format: its
    name for a reader, how many sources, the day the first was read. Names and paths of files
    are not shown: they are the server's, and often a machine id (the API lists them). Empty for
    a document not stored (a report before its publication)."""
    try:
        sources = service.documents.sources(Credentials.public(), doc_id)
    except NotFound:
        return []
    found: dict[str, dict[str, str | int]] = {}
    for s in sources:
        name = _FORMAT_NAMES.get(s.format or "", "onbekend formaat")
        entry = found.setdefault(name, {"format": name, "sources": 0, "date": s.first_read_at.date().isoformat()})
        entry["sources"] = int(entry["sources"]) + 1
    return list(found.values())


def page_texts(built: DocumentPage) -> dict[str, Any]:
    """What the page's template adds to its data: the body, the h1, and the browser's title
    with the citation ("Verslag ... (Kamerstuk 21 501-02, nr. 3349)")."""
    title = built.data["title"]
    citation_text = built.data["citation"]
    return {"body": built.body, "heading": title,
            "title": f"{title} ({citation_text})" if citation_text else title}


@lru_cache(maxsize=64)
def cached(service: Service, doc_id: str, version: int) -> DocumentPage:
    """The page of a stored version: versions never change, so it is built once (per process)."""
    return build_page(service, doc_id, service.documents.get(Credentials.public(), doc_id, version), version,
                      with_title=False)


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
