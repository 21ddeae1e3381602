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
``#moties``, ``#agenda``, ``#voetnoten``. Every internal link points at one of them; a
cross-reference or footnote marker without a target stays plain text.

What was printed is reproduced, in each genre's layout: a report's heading, the committee's
opening paragraphs (``Document.opening``, else a sentence made of the committee, the addressee,
the papers and the dates), the chair and the clerk under their titles, the heading of the answer
part, "14 en 15. Antwoord van het kabinet"; written questions as the Aanhangsel prints them
("Vragen van het lid X (P) aan de ... over ... (ingezonden D).", "Vraag 1", "Antwoord 1"); a
ministry's letter with two numberings of notes (or without a publication) in the letter layout
of ``writers/letter.py``, its typed notes as "[1]" in the question and listed "1) ..." after the
answers; a list of questions and answers with its heading, opening and signatures. The wording
of the other genres' front matter is the txt layout's (``writers/txt.py``, ``writers/letter.py``),
written once. Every footnote marker stands at its place in the sentence (``NoteMark``) as
``<a class="nootnum">`` in superscript, the markup of officielebekendmakingen. What the page adds
to the printed text is ``noprint``, so ``readers.official_html`` reads the page back to the same
model (``tests/test_round_trip_text.py``). A document without marks lists its notes after the
text, as before (its markers then do not read back). Papers are cited in the house style ("Kamerstuk 21
501-02, nr. 3349"); the machine id is only in the link's address and its ``data-stuk``. The
reader's diagnostics (``Document.problems``) are not on the page: they are for the staff (the
web UI shows them to signed-in users).

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
from overleg.model import Commitment, Deferral, Document, DocumentId, DocumentType, Footnote, Item, Motion, NoteMark
from overleg.model.table import CELL_SEPARATOR, FIGURE, ROW_SEPARATOR, table_of
from overleg.vocabulary.citations import house_style, printed_dossier
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_LINES, TYPE_NAMES
from overleg.writers import answer_homes, letter, slug, txt

TEMPLATES = Path(__file__).parent / "templates"
TYPED = "typed"  # the series of the notes typed into a ministry letter's quoted questions (writers/letter.py)
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
    paper: str = ""  # the machine id of a cited paper (``data-stuk``), never shown


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
    answer_label: str
    # set when the item's answer is shared and printed after a later question of its group
    answered_at: Link | None = None
    # "Vraag N" is printed (written questions, lists, letters); a report prints no question label
    question_label_printed: bool = False


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
    # "Inleiding" over the preamble, as printed when the group's questions start under a topic
    preamble_heading: bool = False
    # a group's heading is printed; "Vragen en antwoorden" over items without a group is the page's
    heading_printed: bool = True


@dataclass(frozen=True)
class NoteView:
    id: str
    note: Footnote
    text: Markup | None
    refs: tuple[Link, ...]
    urls: tuple[Link, ...]
    cited_by: tuple[Link, ...]


@dataclass(frozen=True)
class Signature:
    """A name under the report with its title as printed ("De voorzitter van de commissie,")."""

    title: str
    name: str


@dataclass(frozen=True)
class Page:
    doc: Document
    title: str
    kind: str
    facts: tuple[tuple[str, str], ...]
    source: Link | None
    subject_refs: tuple[Link, ...]
    citation: str
    printed_heading: tuple[tuple[str, str], ...]
    opening: tuple[Markup, ...]
    signatures: tuple[Signature, ...]
    parts: tuple[PartView, ...]
    notes: tuple[NoteView, ...]
    agenda: tuple[tuple[str, str, tuple[Link, ...]], ...]
    commitments: tuple[tuple[Commitment, Link | None], ...]
    motions: tuple[tuple[str, tuple[Link, ...], tuple[Link, ...]], ...]
    toc: tuple[Link, ...] = field(default=())
    # notes typed into the quoted questions of a ministry's letter (series "typed"): listed as the
    # letter prints them, "1) text" after the answers, not among the footnotes
    typed_notes: tuple[NoteView, ...] = ()
    # a report established and published with overleg: its id is not (yet) on officielebekendmakingen
    made_here: bool = False


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


def html_paragraphs(text: str, targets: dict[int, str] | None = None, marks: Sequence[NoteMark] = (),
                    note_of: dict[tuple[str | None, int], str] | None = None) -> Markup:
    """Escaped ``<p>`` per blank-line paragraph, ``<br>`` for single line breaks; the numbers in
    "vraag N" phrases that are keys of ``targets`` become links to them; each mark becomes a
    footnote marker at its offset (``note_of`` gives the notes' anchors; a marker without a note
    stays a plain superscript number)."""
    out = []
    start = 0
    paragraphs = text.split("\n\n")
    for k, para in enumerate(paragraphs):
        end = start + len(para)
        last = k == len(paragraphs) - 1
        # a mark between two paragraphs (in the blank line) belongs to the one before
        here = [m for m in marks if start <= m.at <= end or (not last and end < m.at < end + 2)]
        pieces: list[Markup] = []
        cut = 0
        for m in sorted(here, key=lambda m: m.at):
            at = min(m.at - start, len(para))
            pieces.append(_linked(para[cut:at], targets or {}))
            pieces.append(_marker(m, note_of or {}))
            cut = at
        pieces.append(_linked(para[cut:], targets or {}))
        body = str(Markup("").join(pieces))
        table = table_of(para)
        if table is not None:
            out.append(_html_table(body, table.header))
        else:
            out.append("<p>" + body.replace("\n", "<br>\n") + "</p>")
        start = end + 2
    return Markup("\n".join(out))


def _html_table(body: str, header: bool) -> str:
    """A table paragraph (rows as lines, cells tab-separated; its markup already escaped and
    linked) as a ``<table>``: the heading row's cells ``<th scope="col">``, each row's first
    cell ``<th scope="row">`` when it names the row (not a figure)."""
    rows = []
    for k, line in enumerate(body.split(ROW_SEPARATOR)):
        cells = line.split(CELL_SEPARATOR)
        if k == 0 and header:
            rows.append("<thead><tr>" + "".join(f'<th scope="col">{c}</th>' for c in cells) + "</tr></thead><tbody>")
            continue
        first = cells[0]
        head = f'<th scope="row">{first}</th>' if first and not FIGURE.match(first) else f"<td>{first}</td>"
        rows.append("<tr>" + head + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    if not header:
        rows.insert(0, "<tbody>")
    return '<table class="answer-table">' + "\n".join(rows) + "</tbody></table>"


def _marker(mark: NoteMark, note_of: dict[tuple[str | None, int], str]) -> Markup:
    """A footnote marker as officielebekendmakingen writes it (``a.nootnum``), linked to its note;
    a note typed into a letter's quoted question as typed, "[1]" in the text."""
    target = note_of.get((mark.series, mark.number)) or note_of.get((None, mark.number))
    if mark.series == TYPED:
        typed = f"[{mark.number}]"
        return Markup('<a href="#{}">{}</a>').format(target, typed) if target else escape(typed)
    if target is None:
        return Markup("<sup>{}</sup>").format(mark.number)
    return Markup('<sup><a class="nootnum" href="#{}" aria-label="voetnoot {}">{}</a></sup>').format(
        target, mark.number, mark.number)


def _linked(text: str, targets: dict[int, str]) -> Markup:
    if not targets:
        return escape(text)
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


def paper_link(ref: DocumentId, text: str | None = None) -> Link:
    """A cited paper: its officielebekendmakingen page, read in the house style (or ``text``)."""
    return dataclasses.replace(external(ref.url, text or house_style(ref)), paper=str(ref))


def _doc_links(ids: Iterable[DocumentId]) -> tuple[Link, ...]:
    return tuple(paper_link(i) for i in ids)


def page(doc: Document, made_here: bool = False) -> Page:
    """The view of a document that the template lays out (all anchors and links decided here).

    ``made_here``: the document is a report published with overleg, not a paper read from an
    official source, so its own id links nowhere (officielebekendmakingen does not have it)."""
    layout = _layout(doc)
    anchors = _Anchors()
    for fixed in ("inhoud", "inleiding", "antwoorddeel", "toezeggingen", "moties", "agenda", "noten-bij-de-vragen",
                  "voetnoten"):
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
    note_of: dict[tuple[str | None, int], str] = {}
    for note, nid in zip(doc.footnotes, note_ids, strict=True):
        note_of.setdefault((note.series, note.number), nid)
        note_of.setdefault((None, note.number), nid)
    cited_by: dict[str, list[Link]] = {}
    items = []
    for k, (item, (qid, aid)) in enumerate(zip(doc.items, item_ids, strict=True)):
        view = _item_view(doc, layout, item, qid, aid, answer_of, note_of)
        if homes[k] != k:
            at = doc.items[homes[k]]
            view = dataclasses.replace(view, answer=None, answer_refs=(), answer_notes=(), cross_links=(),
                                       answered_at=Link("#" + item_ids[homes[k]][1], f"vraag {at.number}"))
        items.append(view)
        for link, target in [(n, qid) for n in view.question_notes] + [(n, aid) for n in view.answer_notes]:
            if link.href:
                cited_by.setdefault(link.href[1:], []).append(Link("#" + target, f"vraag {item.number}"))
    parts = _parts(doc, items, anchors, note_of)
    all_notes = tuple(
        NoteView(nid, n, html_paragraphs(n.text) if n.text is not None else None, _doc_links(n.refs),
                 tuple(external(u, u) for u in n.urls), tuple(cited_by.get(nid, ())))
        for n, nid in zip(doc.footnotes, note_ids, strict=True)
    )
    typed = tuple(n for n in all_notes if n.note.series == TYPED) if layout == "letter" else ()
    notes = tuple(n for n in all_notes if n not in typed)
    front = _front(doc, layout)
    title = _title(doc)
    result = Page(
        doc=doc, title=title, kind=TYPE_NAMES[doc.type], facts=_facts(doc),
        source=None if made_here else _source(doc), made_here=made_here,
        citation=house_style(doc.id) if doc.id else "", subject_refs=_subject_links(doc),
        printed_heading=front.heading, opening=front.opening, signatures=front.signatures,
        parts=parts, notes=notes, typed_notes=typed,
        agenda=tuple((dutch_date(a.date), a.text, _doc_links(a.refs)) for a in doc.agenda),
        commitments=tuple((c, Link("#" + answer_of[c.item], f"antwoord {c.item}") if c.item in answer_of else None)
                          for c in doc.commitments),
        motions=tuple((m.name, _doc_links(m.refs),
                       tuple(Link("#" + answer_of[n], f"vraag {n}") for n in m.items if n in answer_of))
                      for m in _motions_beyond_footnotes(doc)),
    )
    return dataclasses.replace(result, toc=_toc(result))


def _source(doc: Document) -> Link | None:
    if doc.id is None:
        return None
    found = paper_link(doc.id)
    return found if found.href else None


def _printed_heading(doc: Document) -> tuple[tuple[str, str], ...]:
    """The heading of the printed paper, line by line with the class officielebekendmakingen
    gives each ("dossiernr": "21 501-02", "stuknr": "Nr. 3349", "stuktitel": "VERSLAG VAN ...")."""
    if doc.type not in TYPE_LINES:
        return ()
    lines = []
    if doc.dossier is not None:  # a paper of several dossiers prints each, in order
        for dossier in (doc.dossier, *doc.other_dossiers):
            lines.append(("dossiernr", printed_dossier(dossier.number)))
            if dossier.title:
                lines.append(("dossiertitel", dossier.title))
    if doc.number:
        lines.append(("stuknr", f"Nr. {doc.number}"))
    lines.append(("stuktitel", TYPE_LINES[doc.type]))
    if doc.date is not None:
        lines.append(("datumtekst", f"Vastgesteld {dutch_date(doc.date)}"))
    return tuple(lines)


def _layout(doc: Document) -> str:
    """The printed layout the page follows: "report" (a committee's report), "letter" (a
    ministry's answer letter, ``writers/letter.py``) or "aanhangsel" (written questions as the
    Aanhangsel prints them; a list of questions and answers labels its items the same way)."""
    if doc.type.is_report:
        return "report"
    return "letter" if letter.needs_letter(doc) else "aanhangsel"


def _answer_label(layout: str, item: Item) -> str:
    """The answer's label as its layout prints it: "14 en 15. Antwoord van het kabinet" (a
    report), "Antwoord op vragen 14 en 15" (a letter), "Antwoord 14 en 15" (the Aanhangsel)."""
    group = [str(n) for n in item.answer_group] if len(item.answer_group) > 1 else [str(item.number)]
    numbers = _dutch_list(group)
    if layout == "report":
        return f"{numbers}. Antwoord van het kabinet"
    if layout == "letter":
        return f"Antwoord op {'vraag' if len(group) == 1 else 'vragen'} {numbers}"
    return f"Antwoord {numbers}"


@dataclass(frozen=True)
class _Front:
    """What the paper prints before its first question: heading lines, opening, signatures."""

    heading: tuple[tuple[str, str], ...]
    opening: tuple[Markup, ...]
    signatures: tuple[Signature, ...]


def _front(doc: Document, layout: str) -> _Front:
    """A report's heading, opening and signatures; for the other genres the front matter of
    their txt layout (the Aanhangsel's "Vragen van het lid ... (ingezonden D).", a letter's
    "In antwoord op uw brief van ..."), so that each genre's wording is written in one place
    and the page reads back as that genre."""
    if layout == "report":
        return _Front(_printed_heading(doc), _opening(doc), _signatures(doc))
    # the document without its questions and notes is its front matter alone
    bare = dataclasses.replace(doc, items=(), footnotes=())
    if doc.type is DocumentType.LIJST and doc.committee is not None:
        # the signatures below the opening, under their titles, as in a report
        bare = dataclasses.replace(bare, committee=dataclasses.replace(doc.committee, chair=None, clerk=None))
    paras = letter.letter_layout(bare) if layout == "letter" else txt.paragraphs(bare)
    return _Front(
        heading=tuple(("kopregel", p.text) for p in paras if p.kind == "title"),
        opening=tuple(html_paragraphs(p.text) for p in paras if p.kind != "title"),
        signatures=_signatures(doc),
    )


def _motions_beyond_footnotes(doc: Document) -> list[Motion]:
    """The motions a footnote does not already cite: a motion cited in a footnote is found
    there, and listing it again under "Moties" says the same twice."""
    in_notes = {ref for note in doc.footnotes for ref in note.refs}
    return [m for m in doc.motions if not m.refs or not set(m.refs) <= in_notes]


def _subject_links(doc: Document) -> tuple[Link, ...]:
    """The papers the consultation is about: as described in the document ("Geannoteerde agenda
    ... (Kamerstuk 21 501-02, nr. 3346)") when it says, else in the house style."""
    described = {p.ref: p for p in doc.subject_papers if p.ref is not None}
    links = [paper_link(ref, f"{described[ref].description} ({house_style(ref)})") if ref in described
             else paper_link(ref) for ref in doc.subject_refs]
    links += [paper_link(p.ref, f"{p.description} ({house_style(p.ref)})") if p.ref is not None
              else Link("", p.description)
              for p in doc.subject_papers if p.ref is None or p.ref not in doc.subject_refs]
    return tuple(links)


def _opening(doc: Document) -> tuple[Markup, ...]:
    """The paragraphs before the first group's contribution: as printed, else one made of what
    the document knows (the committee, the addressee, the papers, the dates)."""
    if doc.opening:
        return tuple(html_paragraphs(p) for p in doc.opening)
    if not doc.type.is_report or doc.committee is None or not doc.committee.name:
        return ()
    addressee = doc.addressee or " en ".join(doc.addressees)
    to = f" aan de {_lower_first(addressee)}" if addressee else ""
    papers = [p.description for p in doc.subject_papers] or [house_style(r) for r in doc.subject_refs]
    about = f" over {_dutch_list(papers)}" if papers else ""
    opening = [f"De {doc.committee.name} heeft een aantal vragen en opmerkingen voorgelegd{to}{about}."]
    dates = []
    if doc.questions_sent_on:
        dates.append(f"De vragen zijn op {dutch_date(doc.questions_sent_on)}{to} voorgelegd.")
    if doc.answered_on:
        dates.append(f"Bij brief van {dutch_date(doc.answered_on)} zijn de vragen beantwoord.")
    if dates:
        opening.append(" ".join(dates))
    return tuple(html_paragraphs(p) for p in opening)


def _lower_first(text: str) -> str:
    """'Minister van Buitenlandse Zaken' -> 'minister van Buitenlandse Zaken', as in a sentence."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _dutch_list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _signed(doc: Document) -> bool:
    """Whether the paper prints the chair's and the clerk's signatures (a report, a list)."""
    return doc.type.is_report or doc.type is DocumentType.LIJST


def _signatures(doc: Document) -> tuple[Signature, ...]:
    """The chair and the clerk under the opening, with the clerk's title as printed."""
    c = doc.committee
    if c is None or not _signed(doc):
        return ()
    out = []
    if c.chair:
        out.append(Signature("De voorzitter van de commissie,", c.chair))
    if c.clerk:
        out.append(Signature(f"{c.clerk_title or 'Griffier'} van de commissie,", c.clerk))
    return tuple(out)


def _title(doc: Document) -> str:
    if doc.title and doc.title.strip():
        base = doc.title
    elif doc.subject and doc.type is DocumentType.MEDEDELING_UITSTEL:  # as Open Data's Onderwerp names it
        base = f"Uitstel beantwoording vragen over {doc.subject}"
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
        ("Kenmerk", house_style(doc.id) if doc.id else ""),
        ("Dossier", printed_dossier(doc.dossier.number) + (f" {doc.dossier.title}" if doc.dossier.title else "")
         if doc.dossier else ""),
        ("Nummer", doc.number or "" if doc.id is None else ""),
        ("Datum", dutch_date(doc.date)),
        ("Commissie", c.name or "" if c else ""),
        # a report and a list print them under their opening (``signatures``)
        ("Voorzitter", c.chair or "" if c and not _signed(doc) else ""),
        ("Griffier", c.clerk or "" if c and not _signed(doc) else ""),
        ("Gericht aan", "; ".join(_addressed_to(doc))),
        ("Vragen van", "; ".join(f"{a.name} ({a.party})" if a.party else a.name for a in doc.askers)),
        ("Onderwerp", doc.subject or ""),
        ("Vragen gesteld op", dutch_date(doc.questions_sent_on)),
        # a notice does not answer: its sender lets the Kamer know the answers come later
        ("Uitstel gemeld door" if doc.type is DocumentType.MEDEDELING_UITSTEL else "Beantwoord door",
         "; ".join(doc.answered_by)),
        ("Beantwoord op", dutch_date(doc.answered_on)),
    ]
    return tuple((k, v) for k, v in rows if v)


def _addressed_to(doc: Document) -> list[str]:
    """The addressees once each: ``addressee`` is often the addressees joined ("X en Y")."""
    joined = " en ".join(doc.addressees)
    named = [doc.addressee] if doc.addressee and doc.addressee != joined else []
    return list(dict.fromkeys([*named, *doc.addressees]))


def _item_view(doc: Document, layout: str, item: Item, qid: str, aid: str, answer_of: dict[int, str],
               note_of: dict[tuple[str | None, int], str]) -> ItemView:
    targets = {n: "#" + answer_of[n] for n in item.cross_refs if n in answer_of}
    question, marks = item.question, item.question_marks
    if doc.type is DocumentType.INBRENG and item.answer is None:
        # an inbreng numbers its question passages in print ("3. De leden van ...")
        question = f"{item.number}. {question}"
        marks = tuple(dataclasses.replace(m, at=m.at + len(question) - len(item.question)) for m in marks)
    return ItemView(
        item=item, question_id=qid, answer_id=aid, level=4 if item.topic is not None else 3,
        question=html_paragraphs(question, None, marks, note_of),
        answer=html_paragraphs(item.answer, targets, item.answer_marks, note_of) if item.answer is not None else None,
        question_refs=_doc_links(item.question_refs), answer_refs=_doc_links(item.answer_refs),
        question_notes=_note_links(item.question_footnotes, item.question_marks, note_of),
        answer_notes=_note_links(item.answer_footnotes, item.answer_marks, note_of),
        cross_links=tuple(Link(targets[n], f"vraag {n}") if n in targets else Link("", f"vraag {n}")
                          for n in item.cross_refs),
        group_links=tuple(Link("#" + answer_of[n], f"vraag {n}") if n in answer_of else Link("", f"vraag {n}")
                          for n in item.answer_group),
        commitments=tuple(c for c in doc.commitments if c.item == item.number),
        deferrals=tuple(d for d in doc.deferrals if d.item == item.number),
        answer_label=_answer_label(layout, item),
        question_label_printed=layout != "report",
    )


def _note_links(numbers: Sequence[int], marks: Sequence[NoteMark],
                note_of: dict[tuple[str | None, int], str]) -> tuple[Link, ...]:
    """The notes a passage cites: by its marks where it has them (they name the series: a letter's
    typed note 1 and its Word footnote 1 are two notes), else by number."""
    cited = list(dict.fromkeys((m.series, m.number) for m in marks)) if marks else [(None, n) for n in numbers]
    return tuple(Link("#" + note_of[key], f"voetnoot {key[1]}") if key in note_of
                 else Link("", f"voetnoot {key[1]}") for key in cited)


def _parts(doc: Document, items: list[ItemView], anchors: _Anchors,
           note_of: dict[tuple[str | None, int], str]) -> tuple[PartView, ...]:
    """One part per run of items of one faction (or without faction), topics within it;
    listed factions without items get a part for their preamble."""
    preamble: dict[str, str | None] = {}
    preamble_marks: dict[str, tuple[NoteMark, ...]] = {}
    for f in doc.factions:
        preamble.setdefault(f.name, f.preamble)
        preamble_marks.setdefault(f.name, f.preamble_marks)
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
            preamble=html_paragraphs(text, None, preamble_marks.get(name or "", ()), note_of)
            if text is not None else None,
            topics=tuple(topics),
            preamble_heading=text is not None and bool(topics) and topics[0].title is not None,
            heading_printed=name is not None,
        ))
    return tuple(parts)


def _toc(p: Page) -> tuple[Link, ...]:
    links = [Link("#inleiding", "Inleiding")]
    links += [Link("#" + part.id, part.heading) for part in p.parts]
    for anchor, text, present in (("toezeggingen", "Toezeggingen", p.commitments), ("moties", "Moties", p.motions),
                                  ("agenda", "Volledige agenda", p.agenda),
                                  ("noten-bij-de-vragen", "Noten bij de vragen", p.typed_notes),
                                  ("voetnoten", "Voetnoten", p.notes)):
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


def write(doc: Document, made_here: bool = False) -> str:
    """The HTML5 page of a document (``made_here``: a report published with overleg, see ``page``)."""
    return _html_safe(environment().get_template("page.html.j2").render(page=page(doc, made_here),
                                                                       style=Markup(PAGE_STYLE)))
