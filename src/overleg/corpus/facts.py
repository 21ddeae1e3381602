"""What analytics needs of a document, small enough to load for the whole corpus at once.

Analytics and alerts used to parse every stored document's exchange JSON per request: 17 s for
26,667 documents (a million items). ``DocumentFacts`` is computed once, when a version is
indexed, stored as a few hundred bytes of JSON in ``document_facts`` and loaded instead
(docs/analytics.md, "How it stays fast"). The items are kept in aggregate (totals, and per
faction), not one record per item: a million items would otherwise be a million objects; a page
that lists items reads them from ``search_entries``.

    facts = facts_of(doc)            # at index time
    row = facts_to_json(facts)       # the stored form (document_facts.facts_json)
    facts_from_json(row) == facts    # None for a row of another FORMAT: recompute it
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from overleg.corpus.document_rules import answering_ministry, date_asked, faction_counts
from overleg.model import Document, DocumentType
from overleg.model.identity import TK_DOCUMENT, ZAAK

FORMAT = 4  # bump when the stored form changes; rows of another format are recomputed


@dataclass(frozen=True)
class AskerFact:
    name: str
    party: str | None = None


@dataclass(frozen=True)
class CommitmentFact:
    text: str
    due_by: dt.date | None = None
    item: int | None = None
    due: str | None = None  # the due moment as written ("voor de zomer")


@dataclass(frozen=True)
class FactionFact:
    """A report's items asked by one faction, and how many of them are answered."""

    name: str
    items: int
    answered: int


@dataclass(frozen=True)
class DocumentFacts:
    """One document version as analytics sees it.

    ``date``: when the questions were put (``document_rules.date_asked``);
    ``ministry``: the answering ministry (``document_rules.answering_ministry``);
    ``items``, ``answered_items``, ``referral_only``: how many items, answered ones and ones answered
    only by a referral; ``factions``: a report's items per faction, in order of first appearance;
    ``commitment_items``: the item numbers of the commitments that number an item of the document;
    ``zaken``, ``number``, ``subject``, ``addressees``: what links written questions, their
    notices and answers into one case (``corpus.process``): the Zaak numbers the document prints
    as its own ("2024Z11859", from ``Document.identifiers``), its TK DocumentNummer
    ("2025D03569"), its subject as printed, the ministers it is addressed to and the date it
    bears itself (``dated``: a notice's day, where ``date`` is that of the questions; format 4).
    """

    type: DocumentType
    title: str | None
    date: dt.date | None
    questions_sent_on: dt.date | None
    answered_on: dt.date | None
    ministry: str | None
    committee: str | None
    askers: tuple[AskerFact, ...]
    items: int
    answered_items: int
    referral_only: int
    factions: tuple[FactionFact, ...]
    deferrals: int
    commitments: tuple[CommitmentFact, ...]
    commitment_items: tuple[int, ...] = ()
    zaken: tuple[str, ...] = ()
    number: str | None = None
    subject: str | None = None
    addressees: tuple[str, ...] = ()
    dated: dt.date | None = None

    @property
    def answered(self) -> bool:
        return self.answered_on is not None or self.answered_items > 0


def facts_of(doc: Document) -> DocumentFacts:
    numbers = {i.number for i in doc.items}
    return DocumentFacts(
        type=doc.type, title=doc.title or doc.subject,
        date=date_asked(doc),
        questions_sent_on=doc.questions_sent_on, answered_on=doc.answered_on, ministry=answering_ministry(doc),
        committee=doc.committee.name if doc.committee and doc.committee.name else None,
        askers=tuple(AskerFact(a.name, a.party) for a in doc.askers),
        items=len(doc.items), answered_items=sum(1 for i in doc.items if i.answer),
        referral_only=sum(1 for i in doc.items if i.referral_only),
        factions=tuple(FactionFact(name, n, answered) for name, n, answered in faction_counts(doc.items)),
        deferrals=len(doc.deferrals),
        commitments=tuple(CommitmentFact(c.text, c.due_by, c.item, c.due) for c in doc.commitments),
        commitment_items=tuple(sorted({c.item for c in doc.commitments if c.item is not None and c.item in numbers})),
        zaken=_numbers(doc.identifiers, ZAAK), number=next(iter(_numbers(doc.identifiers, TK_DOCUMENT)), None),
        subject=doc.subject or doc.title, addressees=doc.addressees or ((doc.addressee,) if doc.addressee else ()),
        dated=doc.date)


def _numbers(identifiers: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The Tweede Kamer numbers among a document's identifiers: "zaak-2024Z11859" -> "2024Z11859"."""
    return tuple(i[len(prefix):] for i in identifiers if i.startswith(prefix))


def facts_to_json(f: DocumentFacts) -> str:
    return json.dumps({
        "v": FORMAT, "type": f.type.value, "title": f.title, "date": _day(f.date), "sent": _day(f.questions_sent_on),
        "answered": _day(f.answered_on), "ministry": f.ministry, "committee": f.committee,
        "askers": [[a.name, a.party] for a in f.askers],
        "items": [f.items, f.answered_items, f.referral_only],
        "factions": [[x.name, x.items, x.answered] for x in f.factions],
        "deferrals": f.deferrals,
        "commitments": [[c.text, _day(c.due_by), c.item, c.due] for c in f.commitments],
        "commitment_items": list(f.commitment_items),
        "zaken": list(f.zaken), "number": f.number, "subject": f.subject, "addressees": list(f.addressees),
        "dated": _day(f.dated)},
        ensure_ascii=False, separators=(",", ":"))


def facts_from_json(text: str) -> DocumentFacts | None:
    """The facts in ``text``; None when it is of another format (they must be recomputed)."""
    raw: dict[str, Any] = json.loads(text)
    if raw.get("v") != FORMAT:
        return None
    return DocumentFacts(
        type=DocumentType(raw["type"]), title=raw["title"], date=_date(raw["date"]),
        questions_sent_on=_date(raw["sent"]), answered_on=_date(raw["answered"]), ministry=raw["ministry"],
        committee=raw["committee"], askers=tuple(AskerFact(name, party) for name, party in raw["askers"]),
        items=raw["items"][0], answered_items=raw["items"][1], referral_only=raw["items"][2],
        factions=tuple(FactionFact(name, n, answered) for name, n, answered in raw["factions"]),
        deferrals=raw["deferrals"],
        commitments=tuple(CommitmentFact(text, _date(due_by), item, due) for text, due_by, item, due
                          in raw["commitments"]),
        commitment_items=tuple(raw["commitment_items"]), zaken=tuple(raw["zaken"]), number=raw["number"],
        subject=raw["subject"], addressees=tuple(raw["addressees"]), dated=_date(raw["dated"]))


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
