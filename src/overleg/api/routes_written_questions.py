"""Written questions as linked records over HTTP (docs/api.md, docs/analytics.md).

    GET /api/written-questions?status=&ministry=&group=&member=&today=   the cases, newest first
    GET /api/written-questions/{key}?today=                              one case with its papers
    GET /api/feeds/overdue-questions.atom                               the overdue ones as Atom
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from overleg.http.auth import Who, service_of
from overleg.model.process import ProcessPaper, QuestionCase

router = APIRouter(prefix="/api", tags=["analytics"])

Status = Literal["open", "overdue", "answered", "answered-late"]
Text = Annotated[str | None, Query(max_length=200)]


class PaperOut(BaseModel):
    key: str
    roles: list[str]
    date: dt.date | None
    answered_on: dt.date | None
    zaken: list[str]
    number: str | None
    subject: str | None
    askers: list[str]
    href: str


class CaseOut(BaseModel):
    key: str
    status: str | None
    submitted: dt.date | None
    postponed: list[dt.date]
    due: dt.date | None
    answered: dt.date | None
    days_open: int | None
    ministry: str | None
    addressees: list[str]
    askers: list[str]
    groups: list[str]
    subject: str | None
    zaken: list[str]
    linked_by: str
    papers: list[PaperOut]
    href: str


def _paper(p: ProcessPaper) -> PaperOut:
    return PaperOut(key=p.key, roles=[r.value for r in p.roles], date=p.date, answered_on=p.answered_on,
                    zaken=list(p.zaken), number=p.number, subject=p.subject, askers=list(p.askers),
                    href=f"/documents/{p.key}")


def _case(c: QuestionCase, today: dt.date) -> CaseOut:
    return CaseOut(key=c.key, status=c.status.value if c.status else None, submitted=c.submitted,
                   postponed=list(c.notices), due=c.due, answered=c.answered, days_open=c.days_open(today),
                   ministry=c.ministry, addressees=list(c.addressees), askers=list(c.askers), groups=list(c.parties),
                   subject=c.subject, zaken=list(c.zaken), linked_by=c.linked_by.value,
                   papers=[_paper(p) for p in c.papers], href=f"/schriftelijke-vragen/{c.key}")


@router.get("/written-questions", response_model=list[CaseOut])
def written_questions(request: Request, who: Who, status: Status | None = None, ministry: Text = None,
                      group: Text = None, member: Text = None, today: dt.date | None = None) -> list[CaseOut]:
    """Written questions linked to their postponement notices and answers, newest first, with the
    Kamer's due date (three weeks, six after a notice) and status on ``today`` (default today)."""
    day = today or dt.date.today()
    cases = service_of(request).analytics.question_cases(who, status=status, ministry=ministry, group=group,
                                                         member=member, today=day)
    return [_case(c, day) for c in cases]


@router.get("/written-questions/{key}", response_model=CaseOut)
def written_question(key: Annotated[str, Path(max_length=200)], request: Request, who: Who,
                     today: dt.date | None = None) -> CaseOut:
    """One case by the key of any of its papers (the questions', a notice's or the answer's)."""
    day = today or dt.date.today()
    return _case(service_of(request).analytics.question_case(who, key, day), day)


@router.get("/feeds/overdue-questions.atom", responses={200: {"content": {"application/atom+xml": {}},
                                                             "description": "an Atom feed"}},
            response_class=Response)
def overdue_questions_feed(request: Request, who: Who) -> Response:
    """Written questions past their due date without an answer, the most recently overdue first."""
    body = service_of(request).feeds.overdue_questions(who, self_url=str(request.url))
    return Response(body, media_type="application/atom+xml")
