"""What analytics needs of a document, small enough to load for the whole corpus at once.

Analytics and alerts used to parse every stored document's exchange JSON per request: 17 s for
26,667 documents (a million items). ``DocumentFacts`` is computed once, when a version is
indexed, stored as a few hundred bytes of JSON in ``document_facts`` and loaded instead
(docs/analytics.md, "How it stays fast").

    facts = facts_of(doc)                 # at index time
    row = to_json(facts); from_json(row)  # the stored form; from_json(to_json(f)) == f
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from overleg.model import Document, DocumentType

FORMAT = 2  # bump when the stored form changes; rows of another format are recomputed


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
class ItemFact:
    number: int
    faction: str | None
    answered: bool
    referral_only: bool


@dataclass(frozen=True)
class DocumentFacts:
    """One document version as analytics sees it.

    ``date``: when the questions were put (sent on, else the document's date, else answered on);
    ``ministry``: the answering ministry (the first signatory, else the first addressee);
    ``questions_per_faction``: a report's items per group, in order of first appearance.
    """

    type: DocumentType
    title: str | None
    date: dt.date | None
    questions_sent_on: dt.date | None
    answered_on: dt.date | None
    ministry: str | None
    committee: str | None
    askers: tuple[AskerFact, ...]
    items: tuple[ItemFact, ...]
    deferrals: int
    commitments: tuple[CommitmentFact, ...]

    @property
    def answered_items(self) -> int:
        return sum(1 for i in self.items if i.answered)

    @property
    def referral_only(self) -> int:
        return sum(1 for i in self.items if i.referral_only)

    @property
    def questions_per_faction(self) -> tuple[tuple[str, int], ...]:
        """A report's items per group, in order of first appearance."""
        return tuple(Counter(i.faction for i in self.items if i.faction).items())

    @property
    def answered(self) -> bool:
        return self.answered_on is not None or any(i.answered for i in self.items)


def facts_of(doc: Document) -> DocumentFacts:
    from overleg.corpus.analytics import document_ministry  # analytics imports this module

    return DocumentFacts(
        type=doc.type, title=doc.title or doc.subject,
        date=doc.questions_sent_on or doc.date or doc.answered_on,
        questions_sent_on=doc.questions_sent_on, answered_on=doc.answered_on, ministry=document_ministry(doc),
        committee=doc.committee.name if doc.committee and doc.committee.name else None,
        askers=tuple(AskerFact(a.name, a.party) for a in doc.askers),
        items=tuple(ItemFact(i.number, i.faction, bool(i.answer), i.referral_only) for i in doc.items),
        deferrals=len(doc.deferrals),
        commitments=tuple(CommitmentFact(c.text, c.due_by, c.item, c.due) for c in doc.commitments))


def to_json(f: DocumentFacts) -> str:
    return json.dumps({
        "v": FORMAT, "type": f.type.value, "title": f.title, "date": _day(f.date), "sent": _day(f.questions_sent_on),
        "answered": _day(f.answered_on), "ministry": f.ministry, "committee": f.committee,
        "askers": [[a.name, a.party] for a in f.askers],
        "items": [[i.number, i.faction, int(i.answered), int(i.referral_only)] for i in f.items],
        "deferrals": f.deferrals,
        "commitments": [[c.text, _day(c.due_by), c.item, c.due] for c in f.commitments]},
        ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> DocumentFacts | None:
    """The facts in ``text``; None when it is of another format (they must be recomputed)."""
    raw: dict[str, Any] = json.loads(text)
    if raw.get("v") != FORMAT:
        return None
    return DocumentFacts(
        type=DocumentType(raw["type"]), title=raw["title"], date=_date(raw["date"]),
        questions_sent_on=_date(raw["sent"]), answered_on=_date(raw["answered"]), ministry=raw["ministry"],
        committee=raw["committee"], askers=tuple(AskerFact(name, party) for name, party in raw["askers"]),
        items=tuple(ItemFact(n, faction, bool(a), bool(r)) for n, faction, a, r in raw["items"]),
        deferrals=raw["deferrals"],
        commitments=tuple(CommitmentFact(text, _date(due_by), item, due) for text, due_by, item, due
                          in raw["commitments"]))


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
