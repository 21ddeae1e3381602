"""Motions over HTTP (public reads; docs/api.md, docs/motions.md).

    GET /api/motions?q=&result=&dossier=&limit=    stored motions, newest first
    GET /api/motions/{id}                          one motion: what its paper prints, the
                                                   decision and votes when synced, who cites it
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from overleg.http.auth import Who, service_of
from overleg.service.motions import MAX_MOTION_QUERY, RESULTS, MotionView, StoredMotion

router = APIRouter(prefix="/api", tags=["motions"])


class SubmitterOut(BaseModel):
    name: str = Field(description="as signed under the motion: 'Rikkers-Oosterkamp'")
    full_name: str | None = Field(description="with initials where the publication gives them")
    party: str | None = Field(description="the group where the paper prints it")


class VoteOut(BaseModel):
    group: str = Field(description="the parliamentary group as Open Data names it (ActorFractie)")
    seats: int | None = Field(description="its seats at the vote (FractieGrootte)")
    choice: str = Field(description="Voor, Tegen or Niet deelgenomen")
    member: str | None = Field(description="in a roll-call vote, the member who voted")


class OutcomeOut(BaseModel):
    decision: str = Field(description="the Besluit's text: 'Aangenomen.'")
    kind: str | None = Field(description="BesluitSoort: 'Stemmen - aangenomen'")
    vote_kind: str | None = Field(description="StemmingsSoort: 'Met handopsteken', 'Hoofdelijk'")
    date: dt.date | None = Field(description="the day of the vote (its session), else of the decision")
    zaak: str | None = Field(description="the motion's Zaak number: '2025Z06999'")
    result: str | None = Field(description="aangenomen, verworpen, aangehouden, ingetrokken; null when unclear")


class CitingOut(BaseModel):
    id: str = Field(description="the stored document citing the motion")
    title: str | None = Field(description="its title")
    name: str = Field(description="the motion as that document cites it: 'Piri'")
    items: list[int] = Field(description="the numbers of its items citing the motion")


class MotionSummaryOut(BaseModel):
    id: str = Field(description="the paper: kst-<dossier>-<number>")
    dossier: str | None
    number: str | None
    title: str | None = Field(description="as printed: 'MOTIE VAN HET LID CEDER'")
    date: dt.date | None = Field(description="the day it was moved ('Voorgesteld ...')")
    submitters: list[SubmitterOut]
    result: str | None = Field(description="aangenomen, verworpen, aangehouden, ingetrokken; null before a sync")


class MotionOut(MotionSummaryOut):
    dossier_title: str | None
    date_text: str | None = Field(description="the date line as printed: 'Voorgesteld 10 april 2025'")
    replaces: str | None = Field(description="for an amended motion: 'Ter vervanging van die gedrukt onder nr. 8'")
    text: str = Field(description="the body as printed, from 'De Kamer,' to the signatures")
    considerations: list[str]
    requests: list[str]
    outcome: OutcomeOut | None = Field(description="the Kamer's decision, once synced from Open Data")
    votes: list[VoteOut]
    cited_by: list[CitingOut]
    source: str | None = Field(description="the file it was read from")


def summary_fields(m: StoredMotion) -> dict[str, object]:
    r = m.record
    return {"id": m.id, "dossier": r.dossier, "number": r.number, "title": r.title, "date": r.date,
            "submitters": [SubmitterOut(name=s.name, full_name=s.full_name, party=s.party)
                           for s in r.submitter_details],
            "result": m.outcome.result if m.outcome else None}


def motion_out(view: MotionView) -> MotionOut:
    m, r = view.motion, view.motion.record
    outcome = m.outcome
    return MotionOut(
        **summary_fields(m),  # type: ignore[arg-type]
        dossier_title=r.dossier_title, date_text=r.date_text, replaces=r.replaces, text=r.text,
        considerations=list(r.considerations), requests=list(r.requests),
        outcome=OutcomeOut(decision=outcome.decision, kind=outcome.kind, vote_kind=outcome.vote_kind,
                           date=outcome.date, zaak=outcome.zaak, result=outcome.result) if outcome else None,
        votes=[VoteOut(group=v.group, seats=v.seats, choice=v.choice, member=v.member) for v in m.votes],
        cited_by=[CitingOut(id=c.document_id, title=c.title, name=c.name, items=list(c.items))
                  for c in view.cited_by],
        source=m.source_name)


@router.get("/motions", response_model=list[MotionSummaryOut])
def list_motions(request: Request, who: Who, q: str | None = Query(None, max_length=MAX_MOTION_QUERY),
                 result: str | None = Query(None, pattern="^(" + "|".join(RESULTS) + ")$"),
                 dossier: str | None = Query(None, max_length=40),
                 limit: int = Query(500, ge=1, le=5000)) -> list[MotionSummaryOut]:
    """Stored motions, newest first: ``q`` matches a submitter, the title, dossier or id;
    ``result`` the Kamer's decision ("onbekend": not synced or not decided)."""
    found = service_of(request).motions.list(who, text=q, result=result, dossier=dossier, limit=limit)
    return [MotionSummaryOut(**summary_fields(m)) for m in found]  # type: ignore[arg-type]


@router.get("/motions/{motion_id}", response_model=MotionOut)
def get_motion(motion_id: str, request: Request, who: Who) -> MotionOut:
    """One stored motion with its decision, the votes per group and the documents citing it; 404 when not stored."""
    return motion_out(service_of(request).motions.get(who, motion_id))
