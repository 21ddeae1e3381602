"""Motion records (revision 0012): one row per motion paper, its decision and the votes.

``MotionRepository`` is the one writer and reader of ``motion_records`` and ``motion_votes``.
Saving a motion again with the same content changes nothing (``content_hash``); other content
replaces what the paper printed and keeps a decision synced before, which belongs to the
motion, not to one reading of its paper.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update

from overleg.model import DocumentId
from overleg.model.motion import MotionOutcome, MotionRecord, Submitter, Vote
from overleg.store.engine import read, write
from overleg.store.schema import motion_records, motion_votes
from overleg.store.timeutil import utcnow


@dataclass(frozen=True)
class StoredMotion:
    """A stored motion: the paper's ``record``, the Kamer's ``outcome`` and ``votes`` once
    synced (None and () before), where it was read from and when it was synced."""

    record: MotionRecord
    outcome: MotionOutcome | None
    votes: tuple[Vote, ...]
    source_name: str | None
    synced_at: dt.datetime | None

    @property
    def id(self) -> str:
        return str(self.record.id)


def motion_hash(record: MotionRecord) -> str:
    """The sha256 of what the paper prints, the same for the same motion in any format read alike."""
    return hashlib.sha256(json.dumps(_printed(record), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _printed(record: MotionRecord) -> dict[str, Any]:
    return {"id": str(record.id), "dossier": record.dossier, "number": record.number, "title": record.title,
            "dossier_title": record.dossier_title, "date": record.date.isoformat() if record.date else None,
            "date_text": record.date_text, "submitters": _submitters_json(record), "text": record.text,
            "considerations": list(record.considerations), "requests": list(record.requests),
            "replaces": record.replaces}


def _submitters_json(record: MotionRecord) -> list[dict[str, str | None]]:
    details = record.submitter_details or tuple(Submitter(name) for name in record.submitters)
    return [{"name": s.name, "full_name": s.full_name, "party": s.party} for s in details]


class MotionRepository:
    """Motion records and their votes on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_many(self, found: Sequence[tuple[MotionRecord, str]]) -> list[str]:
        """Save each (record, source name) in one transaction; per record "new", "changed" or
        "unchanged". A record needs its id (the paper's ``kst-<dossier>-<nr>``)."""
        results = []
        with write(self.engine) as conn:
            for record, source in found:
                if record.id is None:
                    raise ValueError("a motion record without its paper's id cannot be stored")
                digest = motion_hash(record)
                old = conn.execute(select(motion_records.c.content_hash)
                                   .where(motion_records.c.id == str(record.id))).scalar()
                row = {**self._columns(record), "source_name": source, "content_hash": digest, "saved_at": utcnow()}
                if old is None:
                    conn.execute(insert(motion_records).values(id=str(record.id), **row))
                    results.append("new")
                elif old != digest:
                    conn.execute(update(motion_records).where(motion_records.c.id == str(record.id)).values(**row))
                    results.append("changed")
                else:
                    results.append("unchanged")
        return results

    @staticmethod
    def _columns(record: MotionRecord) -> dict[str, Any]:
        return {"dossier": record.dossier, "number": record.number, "title": record.title,
                "dossier_title": record.dossier_title, "date": record.date, "date_text": record.date_text,
                "submitters_json": json.dumps(_submitters_json(record), ensure_ascii=False), "text": record.text,
                "considerations_json": json.dumps(list(record.considerations), ensure_ascii=False),
                "requests_json": json.dumps(list(record.requests), ensure_ascii=False), "replaces": record.replaces}

    def set_outcome(self, motion_id: str, outcome: MotionOutcome, votes: Sequence[Vote]) -> bool:
        """Store the decision and the votes (replacing any before); False when no such motion."""
        with write(self.engine) as conn:
            changed = conn.execute(update(motion_records).where(motion_records.c.id == motion_id).values(
                decision=outcome.decision, decision_kind=outcome.kind, vote_kind=outcome.vote_kind,
                decided_on=outcome.date, zaak=outcome.zaak, result=outcome.result, synced_at=utcnow())).rowcount
            if not changed:
                return False
            conn.execute(delete(motion_votes).where(motion_votes.c.motion_id == motion_id))
            if votes:
                conn.execute(insert(motion_votes), [
                    {"motion_id": motion_id, "position": n, "group_name": v.group, "seats": v.seats,
                     "choice": v.choice, "member": v.member} for n, v in enumerate(votes, start=1)])
        return True

    def get(self, motion_id: str) -> StoredMotion | None:
        found = self.list(ids=[motion_id])
        return found[0] if found else None

    def list(self, *, text: str | None = None, result: str | None = None, dossier: str | None = None,
             ids: Sequence[str] | None = None, limit: int | None = None) -> list[StoredMotion]:
        """Motions, newest first: ``text`` matches a submitter, the title, the dossier or the id
        (without case); ``result`` "aangenomen", "verworpen", ..., or "onbekend" for not synced."""
        conditions = []
        if text:
            like = f"%{text.lower()}%"
            conditions.append(or_(*(func.lower(c).like(like) for c in (
                motion_records.c.submitters_json, motion_records.c.title, motion_records.c.dossier,
                motion_records.c.id, motion_records.c.dossier_title))))
        if result == "onbekend":
            conditions.append(motion_records.c.result.is_(None))
        elif result:
            conditions.append(motion_records.c.result == result)
        if dossier:
            conditions.append(motion_records.c.dossier == dossier.replace(" ", ""))
        if ids is not None:
            conditions.append(motion_records.c.id.in_(list(ids)))
        query = (select(motion_records).where(and_(True, *conditions))
                 .order_by(motion_records.c.date.desc(), motion_records.c.id))
        if limit is not None:
            query = query.limit(limit)
        with read(self.engine) as conn:
            rows = conn.execute(query).all()
            votes: dict[str, list[Vote]] = {}
            if rows:
                for v in conn.execute(select(motion_votes).where(motion_votes.c.motion_id.in_([r.id for r in rows]))
                                      .order_by(motion_votes.c.motion_id, motion_votes.c.position)):
                    votes.setdefault(v.motion_id, []).append(Vote(v.group_name, v.seats, v.choice, v.member))
        return [_stored(r, tuple(votes.get(r.id, ()))) for r in rows]


def _stored(r: Any, votes: tuple[Vote, ...]) -> StoredMotion:
    details = tuple(Submitter(s["name"], s.get("full_name"), s.get("party")) for s in json.loads(r.submitters_json))
    record = MotionRecord(
        id=DocumentId.try_parse(r.id), dossier=r.dossier, number=r.number, title=r.title,
        submitters=tuple(s.name for s in details), date=r.date, text=r.text,
        considerations=tuple(json.loads(r.considerations_json)), requests=tuple(json.loads(r.requests_json)),
        date_text=r.date_text, dossier_title=r.dossier_title, replaces=r.replaces, submitter_details=details)
    outcome = (MotionOutcome(r.decision, r.decision_kind, r.vote_kind, r.decided_on, r.zaak)
               if r.decision is not None else None)
    return StoredMotion(record, outcome, votes, r.source_name, r.synced_at)
