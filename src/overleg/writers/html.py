"""HTML: one self-contained, accessible HTML5 page per document (the page the web UI reuses).

Reads: a ``Document``. Writes: an HTML5 page (``lang="nl"``, UTF-8, CSS inline, no scripts, no
external resources) rendered by the Jinja2 templates in ``templates/`` with autoescaping on.
Control characters and noncharacters, which HTML5 does not allow, are written as U+FFFD.
Only ``http``, ``https`` and ``mailto`` addresses become links (``extract.urls.link_target``):
a footnote's ``javascript:`` or ``data:`` URL is printed as text. The one ``<style>`` element
is ``PAGE_STYLE`` exactly, so a Content-Security-Policy can allow it by its hash (``style_hash``).

Stable anchors (docs/writers.md lists them): ``#vraag-N`` and ``#antwoord-N`` for item N (every
item has both; a second item with the same number gets ``-2``), ``#fractie-<slug>`` per part,
``#voetnoot-N`` (``#voetnoot-<series>-N`` for a named series), ``#inleiding``, ``#toezeggingen``,
``#moties``, ``#agenda``, ``#voetnoten``, ``#leesproblemen``. Every internal link points at one of
them; a cross-reference or footnote marker without a target stays plain text.

The page is built in two steps: ``page(doc)`` makes a ``Page`` view (anchors, links, marks;
all decisions), the template only lays it out. The web UI can render ``page(doc)`` with its own
layout around ``templates/body.html.j2`` (see ``environment()``).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from overleg.extract.urls import link_target
from overleg.model import Commitment, Deferral, Document, DocumentId, Footnote, Item
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_NAMES
from overleg.writers import answer_homes, slug

TEMPLATES = Path(__file__).parent / "templates"
PAGE_STYLE = (TEMPLATES / "page.css").read_text(encoding="utf-8")
"""The text of the page's ``<style>`` element, as it is written."""


def style_hash() -> str:
    """``'sha256-...'``: the CSP source that allows the page's ``<style>`` and nothing else."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(PAGE_STYLE.encode()).digest()).decode() + "'"


# "vraag 6", "vragen 14 en 15", "vragen 7, 8 t/m 11": the numbers after such a word may become links
_CROSS_REF = re.compile(r"\bvra(?:ag|gen)\b(?:[\s,]*(?:en|t/m|tot en met)?\s*\d+)+", re.I)
_NUMBER = re.compile(r"\d+")
# Characters HTML5 calls parse errors (controls, noncharacters); models from readers never hold
# them, generated or hand-edited ones might, and the page must stay valid: they become U+FFFD.
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff]")
# astral characters, checked apart: a class listing the astral noncharacters is 40x slower
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _html_safe(page: str) -> str:
    """The page with the characters HTML5 does not allow replaced by U+FFFD."""
    page = _NOT_HTML.sub("\ufffd", page)
    if _ASTRAL.search(page):
        page = _ASTRAL.sub(lambda m: "\ufffd" if ord(m.group()) & 0xFFFE == 0xFFFE else m.group(), page)
    return page


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    external: bool = False


@dataclass(frozen=True)
class ItemView:
    item: Item
    question_id: str
    answer_id: str
    level: int
    question: Markup
    answer: Markup | None
    question_refs: tuple[Link, ...]
    answer_refs: tuple[Link, ...]
    question_notes: tuple[Link, ...]
    answer_notes: tuple[Link, ...]
    cross_links: tuple[Link, ...]
    group_links: tuple[Link, ...]
    commitments: tuple[Commitment, ...]
    deferrals: tuple[Deferral, ...]
    # set when the item's answer is shared and printed after a later question of its group
    answered_at: Link | None = None


@dataclass(frozen=True)
class TopicView:
    title: str | None
    id: str | None
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class PartView:
    id: str
    heading: str
    preamble: Markup | None
    topics: tuple[TopicView, ...]


@dataclass(frozen=True)
class NoteView:
    id: str
    note: Footnote
    text: Markup | None
    refs: tuple[Link, ...]
    urls: tuple[Link, ...]
    cited_by: tuple[Link, ...]


@dataclass(frozen=True)
class Page:
    doc: Document
    title: str
    kind: str
    facts: tuple[tuple[str, str], ...]
    source: Link | None
    subject_refs: tuple[Link, ...]
    parts: tuple[PartView, ...]
    notes: tuple[NoteView, ...]
    agenda: tuple[tuple[str, str, tuple[Link, ...]], ...]
    commitments: tuple[tuple[Commitment, Link | None], ...]
    motions: tuple[tuple[str, tuple[Link, ...], tuple[Link, ...]], ...]
    toc: tuple[Link, ...] = field(default=())


class _Anchors:
    """Unique ids: the first use of a name gets it as is, later uses get ``-2``, ``-3``."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name}-{n}"
        self.used.add(candidate)
        return candidate


def html_paragraphs(text: str, targets: dict[int, str] | None = None) -> Markup:
    """Escaped ``<p>`` per blank-line paragraph, ``<br>`` for single line breaks; the numbers in
    "vraag N" phrases that are keys of ``targets`` become links to them."""
    out = []
    for para in text.split("\n\n"):
        body = str(_linked(para, targets) if targets else escape(para))
        out.append("<p>" + body.replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(out))


def _linked(text: str, targets: dict[int, str]) -> Markup:
    pieces: list[Markup] = []
    last = 0
    for phrase in _CROSS_REF.finditer(text):
        for number in _NUMBER.finditer(phrase.group(0)):
            start, end = phrase.start() + number.start(), phrase.start() + number.end()
            href = targets.get(int(number.group(0)))
            if href is None:
                continue
            pieces.append(escape(text[last:start]))
            pieces.append(Markup('<a href="{}" aria-label="antwoord op vraag {}">{}</a>').format(
                href, number.group(0), number.group(0)))
            last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def external(url: str, text: str) -> Link:
    """A link to ``url`` when it may be one (http, https, mailto), else ``text`` as plain text."""
    target = link_target(url)
    return Link(target, text, external=True) if target else Link("", text)


def _doc_links(ids: Iterable[DocumentId]) -> tuple[Link, ...]:
    return tuple(external(i.url, str(i)) for i in ids)


def page(doc: Document) -> Page:
    """The view of a document that the template lays out (all anchors and links decided here)."""
    anchors = _Anchors()
    for fixed in ("inhoud", "inleiding", "toezeggingen", "moties", "agenda", "voetnoten", "leesproblemen"):
        anchors.take(fixed)
    item_ids = [(anchors.take(f"vraag-{i.number}"), anchors.take(f"antwoord-{i.number}")) for i in doc.items]
    # A shared answer is printed once, after the last question of its group; every link to the
    # answer of one of its questions goes there.
    homes = answer_homes(doc.items)
    answer_of: dict[int, str] = {}
    for item, home in zip(doc.items, homes, strict=True):
        answer_of.setdefault(item.number, item_ids[home][1])
    note_ids = [anchors.take(f"voetnoot-{slug(n.series)}-{n.number}" if n.series else f"voetnoot-{n.number}")
                for n in doc.footnotes]
    note_of: dict[int, str] = {}
    for note, nid in zip(doc.footnotes, note_ids, strict=True):
        note_of.setdefault(note.number, nid)
    cited_by: dict[str, list[Link]] = {}
    items = []
    for k, (item, (qid, aid)) in enumerate(zip(doc.items, item_ids, strict=True)):
        view = _item_view(doc, item, qid, aid, answer_of, note_of)
        if homes[k] != k:
            at = doc.items[homes[k]]
            view = dataclasses.replace(view, answer=None, answer_refs=(), answer_notes=(), cross_links=(),
                                       answered_at=Link("#" + item_ids[homes[k]][1], f"vraag {at.number}"))
        items.append(view)
        for link, target in [(n, qid) for n in view.question_notes] + [(n, aid) for n in view.answer_notes]:
            if link.href:
                cited_by.setdefault(link.href[1:], []).append(Link("#" + target, f"vraag {item.number}"))
    parts = _parts(doc, items, anchors)
    notes = tuple(
        NoteView(nid, n, html_paragraphs(n.text) if n.text is not None else None, _doc_links(n.refs),
                 tuple(external(u, u) for u in n.urls), tuple(cited_by.get(nid, ())))
        for n, nid in zip(doc.footnotes, note_ids, strict=True)
    )
    title = _title(doc)
    result = Page(
        doc=doc, title=title, kind=TYPE_NAMES[doc.type], facts=_facts(doc),
        source=_source(doc),
        subject_refs=_doc_links(doc.subject_refs), parts=parts, notes=notes,
        agenda=tuple((dutch_date(a.date), a.text, _doc_links(a.refs)) for a in doc.agenda),
        commitments=tuple((c, Link("#" + answer_of[c.item], f"antwoord {c.item}") if c.item in answer_of else None)
                          for c in doc.commitments),
        motions=tuple((m.name, _doc_links(m.refs),
                       tuple(Link("#" + answer_of[n], f"vraag {n}") for n in m.items if n in answer_of))
                      for m in doc.motions),
    )
    return dataclasses.replace(result, toc=_toc(result))


def _source(doc: Document) -> Link | None:
    if doc.id is None:
        return None
    found = external(doc.id.url, f"{doc.id} op officielebekendmakingen.nl")
    return found if found.href else None


def _title(doc: Document) -> str:
    if doc.title and doc.title.strip():
        base = doc.title
    elif doc.subject:
        base = f"Vragen over {doc.subject}"
    else:
        base = TYPE_NAMES[doc.type]
    if doc.dossier and doc.dossier.title and doc.dossier.title not in base:
        base = f"{base}: {doc.dossier.title}"
    return base


def _facts(doc: Document) -> tuple[tuple[str, str], ...]:
    c = doc.committee
    rows = [
        ("Soort", TYPE_NAMES[doc.type]),
        ("Kenmerk", str(doc.id) if doc.id else ""),
        ("Dossier", f"{doc.dossier.number}" + (f" {doc.dossier.title}" if doc.dossier.title else "")
         if doc.dossier else ""),
        ("Nummer", doc.number or ""),
        ("Datum", dutch_date(doc.date)),
        ("Commissie", c.name or "" if c else ""),
        ("Voorzitter", c.chair or "" if c else ""),
        ("Griffier", c.clerk or "" if c else ""),
        ("Gericht aan", "; ".join(_addressed_to(doc))),
        ("Vragen van", "; ".join(f"{a.name} ({a.party})" if a.party else a.name for a in doc.askers)),
        ("Onderwerp", doc.subject or ""),
        ("Vragen gesteld op", dutch_date(doc.questions_sent_on)),
        ("Beantwoord door", "; ".join(doc.answered_by)),
        ("Beantwoord op", dutch_date(doc.answered_on)),
    ]
    return tuple((k, v) for k, v in rows if v)


def _addressed_to(doc: Document) -> list[str]:
    """The addressees once each: ``addressee`` is often the addressees joined ("X en Y")."""
    joined = " en ".join(doc.addressees)
    named = [doc.addressee] if doc.addressee and doc.addressee != joined else []
    return list(dict.fromkeys([*named, *doc.addressees]))


def _item_view(doc: Document, item: Item, qid: str, aid: str, answer_of: dict[int, str],
               note_of: dict[int, str]) -> ItemView:
    targets = {n: "#" + answer_of[n] for n in item.cross_refs if n in answer_of}
    return ItemView(
        item=item, question_id=qid, answer_id=aid, level=4 if item.topic is not None else 3,
        question=html_paragraphs(item.question),
        answer=html_paragraphs(item.answer, targets) if item.answer is not None else None,
        question_refs=_doc_links(item.question_refs), answer_refs=_doc_links(item.answer_refs),
        question_notes=_note_links(item.question_footnotes, note_of),
        answer_notes=_note_links(item.answer_footnotes, note_of),
        cross_links=tuple(Link(targets[n], f"vraag {n}") if n in targets else Link("", f"vraag {n}")
                          for n in item.cross_refs),
        group_links=tuple(Link("#" + answer_of[n], f"vraag {n}") if n in answer_of else Link("", f"vraag {n}")
                          for n in item.answer_group),
        commitments=tuple(c for c in doc.commitments if c.item == item.number),
        deferrals=tuple(d for d in doc.deferrals if d.item == item.number),
    )


def _note_links(numbers: Sequence[int], note_of: dict[int, str]) -> tuple[Link, ...]:
    return tuple(Link("#" + note_of[n], f"voetnoot {n}") if n in note_of else Link("", f"voetnoot {n}")
                 for n in numbers)


def _parts(doc: Document, items: list[ItemView], anchors: _Anchors) -> tuple[PartView, ...]:
    """One part per run of items of one faction (or without faction), topics within it;
    listed factions without items get a part for their preamble."""
    preamble: dict[str, str | None] = {}
    for f in doc.factions:
        preamble.setdefault(f.name, f.preamble)
    runs: list[tuple[str | None, list[ItemView]]] = []
    for view in items:
        if runs and runs[-1][0] == view.item.faction:
            runs[-1][1].append(view)
        else:
            runs.append((view.item.faction, [view]))
    shown: set[str] = set()
    for f in doc.factions:
        if f.name not in {name for name, _ in runs}:
            runs.append((f.name, []))
    parts = []
    for name, views in runs:
        topics: list[TopicView] = []
        for view in views:
            if topics and topics[-1].title == view.item.topic:
                topics[-1] = TopicView(topics[-1].title, topics[-1].id, (*topics[-1].items, view))
            else:
                topic_id = anchors.take(f"onderwerp-{slug(view.item.topic)}") if view.item.topic is not None else None
                topics.append(TopicView(view.item.topic, topic_id, (view,)))
        text = preamble.get(name) if name is not None and name not in shown else None
        if name is not None:
            shown.add(name)
        parts.append(PartView(
            id=anchors.take(f"fractie-{slug(name)}" if name is not None else "vragen"),
            heading=f"Vragen en opmerkingen van de leden van de {name}-fractie" if name is not None
            else "Vragen en antwoorden",
            preamble=html_paragraphs(text) if text is not None else None,
            topics=tuple(topics),
        ))
    return tuple(parts)


def _toc(p: Page) -> tuple[Link, ...]:
    links = [Link("#inleiding", "Inleiding")]
    links += [Link("#" + part.id, part.heading) for part in p.parts]
    for anchor, text, present in (("toezeggingen", "Toezeggingen", p.commitments), ("moties", "Moties", p.motions),
                                  ("agenda", "Volledige agenda", p.agenda), ("voetnoten", "Voetnoten", p.notes),
                                  ("leesproblemen", "Opmerkingen bij het inlezen", p.doc.problems)):
        if present:
            links.append(Link("#" + anchor, text))
    return tuple(links)


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the page templates (autoescape on, undefined names fail)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["dutch_date"] = dutch_date
    return env


def write(doc: Document) -> str:
    """The HTML5 page of a document."""
    return _html_safe(environment().get_template("page.html.j2").render(page=page(doc), style=Markup(PAGE_STYLE)))
