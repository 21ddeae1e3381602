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

FORMAT = 1  # bump when the stored form changes; rows of another format are recomputed


@dataclass(frozen=True)
class AskerFact:
    name: str
    party: str | None = None


@dataclass(frozen=True)
class CommitmentFact:
    text: str
    due_by: dt.date | None = None


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
    askers: tuple[AskerFact, ...]
    items: int
    answered_items: int
    referral_only: int
    deferrals: int
    questions_per_faction: tuple[tuple[str, int], ...]
    commitments: tuple[CommitmentFact, ...]

    @property
    def answered(self) -> bool:
        return self.answered_on is not None or self.answered_items > 0


def facts_of(doc: Document) -> DocumentFacts:
    from overleg.corpus.analytics import document_ministry  # analytics imports this module

    factions = Counter(item.faction for item in doc.items if item.faction)
    return DocumentFacts(
        type=doc.type, title=doc.title or doc.subject,
        date=doc.questions_sent_on or doc.date or doc.answered_on,
        questions_sent_on=doc.questions_sent_on, answered_on=doc.answered_on, ministry=document_ministry(doc),
        askers=tuple(AskerFact(a.name, a.party) for a in doc.askers),
        items=len(doc.items), answered_items=sum(1 for i in doc.items if i.answer),
        referral_only=sum(1 for i in doc.items if i.referral_only), deferrals=len(doc.deferrals),
        questions_per_faction=tuple(factions.items()),
        commitments=tuple(CommitmentFact(c.text, c.due_by) for c in doc.commitments))


def to_json(f: DocumentFacts) -> str:
    return json.dumps({
        "v": FORMAT, "type": f.type.value, "title": f.title, "date": _day(f.date), "sent": _day(f.questions_sent_on),
        "answered": _day(f.answered_on), "ministry": f.ministry, "askers": [[a.name, a.party] for a in f.askers],
        "items": f.items, "answered_items": f.answered_items, "referral_only": f.referral_only,
        "deferrals": f.deferrals, "factions": [[name, n] for name, n in f.questions_per_faction],
        "commitments": [[c.text, _day(c.due_by)] for c in f.commitments]}, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> DocumentFacts | None:
    """The facts in ``text``; None when it is of another format (they must be recomputed)."""
    raw: dict[str, Any] = json.loads(text)
    if raw.get("v") != FORMAT:
        return None
    return DocumentFacts(
        type=DocumentType(raw["type"]), title=raw["title"], date=_date(raw["date"]),
        questions_sent_on=_date(raw["sent"]), answered_on=_date(raw["answered"]), ministry=raw["ministry"],
        askers=tuple(AskerFact(name, party) for name, party in raw["askers"]),
        items=raw["items"], answered_items=raw["answered_items"], referral_only=raw["referral_only"],
        deferrals=raw["deferrals"], questions_per_faction=tuple((name, n) for name, n in raw["factions"]),
        commitments=tuple(CommitmentFact(text, _date(due)) for text, due in raw["commitments"]))


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
