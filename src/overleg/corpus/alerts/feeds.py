"""Atom feeds (RFC 4287) over the corpus: a search, a group, a member, a ministry, a committee,
the commitments. docs/alerts.md.

Ids are ``urn:uuid:`` names derived (uuid5) from what the feed or entry is, so they never change
between requests. An entry's dates are the document's own (``FeedDocument``): ``published`` the
day the paper came out, ``updated`` the same unless the document was corrected after it was first
stored (a second stored version: then the time that version was saved); the feed's ``updated``
is its newest entry's. Each entry links to the document's web page (``rel="alternate"``,
``text/html``) and to its exchange JSON (``rel="alternate"``, ``application/json``); titles are
Dutch, with the paper cited in the house style.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sqlalchemy import or_, select

from overleg.corpus.analytics.figures import commitment_states, load_corpus
from overleg.corpus.analytics.written_questions import question_cases
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.facet_names import filter_value
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.errors import InvalidIdentifier, InvalidQuery
from overleg.model import DocumentId, DocumentType
from overleg.model.process import CaseStatus
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import documents, search_documents, search_facets
from overleg.vocabulary.citations import house_style
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_NAMES

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACE = uuid.UUID("6f0d2a52-1b9e-5d53-9a52-6f7665726c65")
FACETS = {"group": ("group", "party"), "member": ("asker",), "ministry": ("ministry",), "committee": ("committee",)}
MAX_ENTRIES = 100
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
STATUS_NAMES = {"open": "open", "overdue": "te laat", "fulfilled": "nagekomen"}


def cited(doc_id: str) -> str:
    """The paper as a person reads it cited ("Kamerstuk 21 501-02, nr. 3349"); a store id that
    is no paper's id (a report overleg made itself) as it is.

    >>> cited("ah-tk-20232024-1893"), cited("so-1")
    ('Aanhangsel Handelingen II 2023/24, nr. 1893', 'so-1')
    """
    try:
        return house_style(DocumentId(doc_id))
    except InvalidIdentifier:
        return doc_id


def heading(doc_type: str, doc_id: str) -> str:
    """'Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349'."""
    try:
        name = TYPE_NAMES[DocumentType(doc_type)]
    except ValueError:
        return cited(doc_id)
    return f"{name} - {cited(doc_id)}"


@dataclass(frozen=True)
class Links:
    """Where an entry points: the web page (``page``) and the exchange JSON (``data``), both
    under the public address of the site (``settings.public_url``)."""

    page: str
    data: str

    @classmethod
    def of(cls, public_url: str, doc_id: str, anchor: str = "") -> Links:
        base, name = public_url.rstrip("/"), quote(doc_id, safe="")
        return cls(f"{base}/documents/{name}{anchor}", f"{base}/api/documents/{name}")


@dataclass(frozen=True)
class FeedDocument:
    """What a feed knows of a stored document: its type and title, its own dates (``dated``:
    the date it bears, ``answered_on``), and its latest stored version with when that was saved."""

    id: str
    type: str
    title: str | None
    dated: dt.date | None
    answered_on: dt.date | None
    version: int
    saved: dt.datetime

    @property
    def published(self) -> dt.datetime:
        """The day the paper came out: the later of the date it bears and its answer's (a report
        is established after the answers came; written questions come out with their answer);
        when it bears no date, the time it was stored."""
        days = [d for d in (self.dated, self.answered_on) if d is not None]
        if not days:
            return _aware(self.saved)
        return dt.datetime.combine(max(days), dt.time(), tzinfo=dt.UTC)

    @property
    def updated(self) -> dt.datetime:
        """``published``, or for a corrected document (a later stored version) the time the
        correction was saved."""
        if self.version > 1 and _aware(self.saved) > self.published:
            return _aware(self.saved)
        return self.published

    @property
    def heading(self) -> str:
        return heading(self.type, self.id)

    def summary(self) -> str:
        """The title, with when it was answered: 'Vragen over wachtlijsten (beantwoord op 3 mei 2024)'."""
        own = self.title if self.title and self.title not in TYPE_NAMES.values() else self.heading
        return f"{own} (beantwoord op {dutch_date(self.answered_on)})" if self.answered_on else own


@dataclass(frozen=True)
class FeedEntry:
    key: str  # what the entry is, e.g. "document/kst-21501-02-3349/item/3"; its id is derived from it
    title: str
    published: dt.datetime
    updated: dt.datetime
    links: Links
    summary: str


def stable_id(key: str) -> str:
    """``urn:uuid:`` of ``key``, the same on every request and every machine."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _stamp(moment: dt.datetime) -> str:
    return _aware(moment).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(feed_key: str, title: str, self_url: str, entries: Sequence[FeedEntry]) -> bytes:
    """The Atom document; ``updated`` of the feed is its newest entry's (the epoch when empty)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "nl"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = stable_id("feed/" + feed_key)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((e.updated for e in entries), default=EPOCH)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "overleg"
    for e in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = stable_id(e.key)
        ET.SubElement(node, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(node, f"{{{ATOM}}}published").text = _stamp(e.published)
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(e.updated)
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=e.links.page)
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="application/json", href=e.links.data)
        ET.SubElement(node, f"{{{ATOM}}}summary").text = e.summary
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def feed_documents(store: Store, ids: Sequence[str]) -> dict[str, FeedDocument]:
    """Per document id: what a feed says of it (its latest indexed version)."""
    wanted = list(dict.fromkeys(ids))
    answered = {s.id: s.facts.answered_on for s in load_corpus(store)}
    found: dict[str, FeedDocument] = {}
    with read(store.engine) as conn:
        for start in range(0, len(wanted), 500):
            query = (select(search_documents.c.document_id, search_documents.c.type, search_documents.c.title,
                            search_documents.c.date, search_documents.c.version, documents.c.created_at)
                     .join(documents, (documents.c.id == search_documents.c.document_id)
                           & (documents.c.version == search_documents.c.version))
                     .where(search_documents.c.document_id.in_(wanted[start:start + 500])))
            for r in conn.execute(query):
                found[r.document_id] = FeedDocument(r.document_id, r.type, r.title, r.date, answered.get(r.document_id),
                                              r.version, r.created_at)
    return found


def _unknown(doc_id: str) -> FeedDocument:
    return FeedDocument(doc_id, "", None, None, None, 1, EPOCH)


def search_feed_entries(store: Store, query: str, filters: SearchFilters, public_url: str) -> list[FeedEntry]:
    """One entry per hit of the search (the best ``MAX_ENTRIES``), linking to the hit's place."""
    hits = search(store, query, filters, MAX_ENTRIES)
    known = feed_documents(store, [h.document_id for h in hits])
    entries = []
    for h in hits:
        doc = known.get(h.document_id) or _unknown(h.document_id)
        where, anchor = (f", vraag {h.item}", f"#vraag-{h.item}") if h.item is not None else ("", "")
        entries.append(FeedEntry(f"document/{h.document_id}/{h.kind}/{h.item}", doc.heading + where,
                                 doc.published, doc.updated, Links.of(public_url, h.document_id, anchor),
                                 h.snippet))
    return entries


def facet_entries(store: Store, kind: str, value: str, public_url: str) -> list[FeedEntry]:
    """The documents of a group (or party), member, ministry or committee, the most recently
    published first: a name the register knows means its entry (all its spellings, of its time),
    other text a folded substring of the stored facet."""
    facets = FACETS.get(kind)
    if facets is None:
        raise InvalidQuery(f"a feed is per {', '.join(FACETS)}, not {kind!r}")
    exact = filter_value(kind, value)  # a register's name: its entry's value, exactly
    pattern = "%" + fold(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches = search_facets.c.value == exact if exact is not None else search_facets.c.value.like(pattern, escape="\\")
    query = select(search_facets.c.document_id).distinct().where(search_facets.c.facet.in_(facets), or_(matches))
    with read(store.engine) as conn:
        ids = [r.document_id for r in conn.execute(query)]
    docs = sorted(feed_documents(store, ids).values(), key=lambda d: (d.published, d.id), reverse=True)[:MAX_ENTRIES]
    return [FeedEntry(f"document/{d.id}", d.heading, d.published, d.updated, Links.of(public_url, d.id), d.summary())
            for d in docs]


def commitment_entries(store: Store, today: dt.date, public_url: str) -> list[FeedEntry]:
    """One entry per commitment, with its status (open, te laat, nagekomen) in the title."""
    states = commitment_states(store, load_corpus(store), today)
    known = feed_documents(store, [s.document_id for s in states])
    entries = []
    for s in states:
        doc = known.get(s.document_id) or _unknown(s.document_id)
        due = f", uiterlijk {dutch_date(s.due_by)}" if s.due_by else ""
        entries.append(FeedEntry(f"commitment/{s.document_id}/{s.position}",
                                 f"{STATUS_NAMES.get(s.status, s.status)}: toezegging van "
                                 f"{s.ministry or 'een onbekend ministerie'}{due} ({cited(s.document_id)})",
                                 doc.published, doc.updated, Links.of(public_url, s.document_id), s.text))
    return entries[:MAX_ENTRIES]


def overdue_question_entries(store: Store, today: dt.date, public_url: str) -> list[FeedEntry]:
    """One entry per set of written questions past its due date (three weeks, six after a
    postponement notice) without an answer; published the day after the due date, the most
    recently overdue first."""
    overdue = sorted(((c.due, c) for c in question_cases(load_corpus(store), today)
                      if c.status is CaseStatus.OVERDUE and c.due is not None), key=lambda dc: (dc[0], dc[1].key),
                     reverse=True)
    entries = []
    for due, c in overdue[:MAX_ENTRIES]:
        since = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        askers = ", ".join(c.askers) or "onbekende vragenstellers"
        postponed = f"; uitstel gemeld op {dutch_date(c.notices[0])}" if c.notices else ""
        asked = f"gesteld op {dutch_date(c.submitted)}, " if c.submitted else ""
        entries.append(FeedEntry(f"written-questions/{c.key}/overdue",
                                 f"te laat: vragen van {askers} aan {c.ministry or 'een onbekend ministerie'}",
                                 since, since, Links.of(public_url, c.key),
                                 f"{c.subject or cited(c.key)} ({asked}uiterlijk te beantwoorden op "
                                 f"{dutch_date(due)}{postponed})"))
    return entries
