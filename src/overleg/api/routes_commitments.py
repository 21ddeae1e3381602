"""Marking commitments over HTTP (docs/api.md, "Commitments"; docs/analytics.md, "Marking a
commitment"). Who may mark is the service's decision (``service.commitments``).

    GET  /api/commitments/{document_id}/{position}/marks     every mark, oldest first (public)
    POST /api/commitments/{document_id}/{position}/marks     {"status": "fulfilled"|"open", "reason": ...}
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from overleg.http.auth import LoggedIn, Who, service_of
from overleg.service import MAX_REASON, CommitmentMark

router = APIRouter(prefix="/api", tags=["analytics"])

DocumentIdPath = Annotated[str, Path(min_length=1, max_length=200)]
PositionPath = Annotated[int, Path(ge=1, le=100_000)]


class MarkBody(BaseModel):
    status: Literal["fulfilled", "open"] = Field(..., description="fulfilled, or open again")
    reason: str = Field(..., min_length=1, max_length=MAX_REASON, description="why: what kept it, or why it is open")


class MarkOut(BaseModel):
    document_id: str
    position: int
    status: str
    reason: str
    marked_by: str
    marked_at: dt.datetime


def _out(mark: CommitmentMark) -> MarkOut:
    return MarkOut(document_id=mark.document_id, position=mark.position, status=mark.status, reason=mark.reason,
                   marked_by=mark.marked_by, marked_at=mark.marked_at)


@router.get("/commitments/{document_id}/{position}/marks", response_model=list[MarkOut])
def commitment_marks(document_id: DocumentIdPath, position: PositionPath, request: Request,
                     who: Who) -> list[MarkOut]:
    """Every mark of commitment ``position`` (1-based) of a stored document, oldest first."""
    return [_out(m) for m in service_of(request).commitments.history(who, document_id, position)]


@router.post("/commitments/{document_id}/{position}/marks", status_code=201, response_model=MarkOut)
def mark_commitment(document_id: DocumentIdPath, position: PositionPath, body: MarkBody, request: Request,
                    who: LoggedIn) -> MarkOut:
    """Mark a commitment fulfilled, or open again, with a reason (an administrator, a clerk, or an
    official of the ministry that made it)."""
    return _out(service_of(request).commitments.mark(who, document_id, position, body.status, body.reason))
