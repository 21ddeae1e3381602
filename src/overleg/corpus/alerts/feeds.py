"""Atom feeds (RFC 4287) over the corpus: a search, a group, a member, a ministry, a committee,
the commitments. docs/alerts.md.

Ids are ``urn:uuid:`` names derived (uuid5) from what the feed or entry is, so they never change
between requests; ``updated`` is when the stored version of a document was saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from sqlalchemy import or_, select

from overleg.corpus.analytics.figures import commitment_states, load_corpus
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.errors import InvalidQuery
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.schema import documents, search_documents, search_facets

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("6f0d2a52-1b9e-5d53-9a52-6f7665726c65")
FACETS = {"group": ("group", "party"), "member": ("asker",), "ministry": ("ministry",), "committee": ("committee",)}
MAX_ENTRIES = 100
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedEntry:
    key: str  # what the entry is, e.g. "document/kst-21501-02-3349/item/3"; its id is derived from it
    title: str
    updated: dt.datetime
    link: str
    summary: str


def stable_id(key: str) -> str:
    """``urn:uuid:`` of ``key``, the same on every request and every machine."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(feed_key: str, title: str, self_url: str, entries: Sequence[FeedEntry]) -> bytes:
    """The Atom document; ``updated`` of the feed is its newest entry's (the epoch when empty)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = stable_id("feed/" + feed_key)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((e.updated for e in entries), default=EPOCH)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "overleg"
    for e in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = stable_id(e.key)
        ET.SubElement(node, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(e.updated)
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=e.link)
        ET.SubElement(node, f"{{{ATOM}}}summary").text = e.summary
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _saved_times(store: Store, ids: Sequence[str]) -> dict[str, tuple[dt.datetime, str | None, object]]:
    """Per document id: when its indexed version was saved, its title and date."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, tuple[dt.datetime, str | None, object]] = {}
    with read(store.engine) as conn:
        for start in range(0, len(wanted), 500):
            query = (select(search_documents.c.document_id, search_documents.c.title, search_documents.c.date,
                            documents.c.created_at)
                     .join(documents, (documents.c.id == search_documents.c.document_id)
                           & (documents.c.version == search_documents.c.version))
                     .where(search_documents.c.document_id.in_(wanted[start:start + 500])))
            for r in conn.execute(query):
                found[r.document_id] = (r.created_at, r.title, r.date)
    return found


def search_feed_entries(store: Store, query: str, filters: SearchFilters, base: str = "") -> list[FeedEntry]:
    """One entry per hit of the search (the best ``MAX_ENTRIES``)."""
    hits = search(store, query, filters, MAX_ENTRIES)
    times = _saved_times(store, [h.document_id for h in hits])
    entries = []
    for h in hits:
        saved, title, _ = times.get(h.document_id, (EPOCH, None, None))
        where = f"item {h.item}" if h.item is not None else h.kind
        entries.append(FeedEntry(f"document/{h.document_id}/{h.kind}/{h.item}", f"{title or h.document_id} ({where})",
                             saved, f"{base}/api/documents/{h.document_id}", h.snippet))
    return entries


def facet_entries(store: Store, kind: str, value: str, base: str = "") -> list[FeedEntry]:
    """The documents of a group (or party), member, ministry or committee: a folded substring
    of the stored facet, newest first."""
    facets = FACETS.get(kind)
    if facets is None:
        raise InvalidQuery(f"a feed is per {', '.join(FACETS)}, not {kind!r}")
    pattern = "%" + fold(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (select(search_facets.c.document_id).distinct()
             .where(search_facets.c.facet.in_(facets), or_(search_facets.c.value.like(pattern, escape="\\"))))
    with read(store.engine) as conn:
        ids = [r.document_id for r in conn.execute(query)]
    times = _saved_times(store, ids)
    ordered = sorted(times.items(), key=lambda kv: (str(kv[1][2] or ""), kv[0]), reverse=True)[:MAX_ENTRIES]
    return [FeedEntry(f"document/{doc_id}", title or doc_id, saved, f"{base}/api/documents/{doc_id}",
                  f"{title or doc_id} ({date})" if date else (title or doc_id))
            for doc_id, (saved, title, date) in ordered]


def commitment_entries(store: Store, today: dt.date, base: str = "") -> list[FeedEntry]:
    """One entry per commitment, with its status (open, overdue, fulfilled) in the title."""
    states = commitment_states(store, load_corpus(store), today)
    times = _saved_times(store, [s.document_id for s in states])
    entries = []
    for s in states:
        saved = times.get(s.document_id, (EPOCH, None, None))[0]
        due = f", due {s.due_by.isoformat()}" if s.due_by else ""
        entries.append(FeedEntry(f"commitment/{s.document_id}/{s.position}",
                             f"{s.status}: {s.ministry or 'unknown ministry'}{due}", saved,
                             f"{base}/api/documents/{s.document_id}", s.text))
    return entries[:MAX_ENTRIES]
