"""The written-questions page: questions linked to their postponement notices and answers, with
the Kamer's due date and status, filtered by ministry, group, member and status; one page per
case with its linked papers. Each has a ``.json`` twin (docs/web.md).

    /schriftelijke-vragen[.json]?ministerie=&fractie=&lid=&status=&pagina=
    /schriftelijke-vragen/{key}[.json]

Reads ``service.analytics.question_cases`` / ``question_case`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound
from overleg.http.auth import service_of
from overleg.model.process import ProcessPaper, ProcessRole, QuestionCase
from overleg.service import Credentials
from overleg.web.render import respond, split_json
from overleg.web.session import whole

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
MAX_FILTER_CHARS = 200

# the status as the page names it, and as its filter takes it
CASE_STATUS_NAMES = {"open": "open", "overdue": "verlopen", "answered": "beantwoord",
                     "answered-late": "te laat beantwoord"}
CASE_STATUS_BY_DUTCH = {v: k for k, v in CASE_STATUS_NAMES.items()}
ROLE_NAMES = {ProcessRole.QUESTIONS: "vragen", ProcessRole.NOTICE: "mededeling uitstel",
              ProcessRole.ANSWER: "antwoord"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _paper(p: ProcessPaper) -> dict[str, Any]:
    return {"key": p.key, "roles": [r.value for r in p.roles], "role_name": " en ".join(ROLE_NAMES[r] for r in p.roles),
            "date": _iso(p.answered_on if p.roles == (ProcessRole.ANSWER,) else p.date),
            "answered_on": _iso(p.answered_on), "number": p.number, "zaken": list(p.zaken), "subject": p.subject,
            "href": f"/documents/{quote(p.key, safe='')}"}


def case_row(c: QuestionCase, today: dt.date) -> dict[str, Any]:
    """What the page and its twin show of a case."""
    status = c.status.value if c.status else None
    return {"key": c.key, "href": f"/schriftelijke-vragen/{quote(c.key, safe='')}", "subject": c.subject,
            "status": status, "status_name": CASE_STATUS_NAMES.get(status or "", "onbekend"),
            "submitted": _iso(c.submitted), "postponed": [d.isoformat() for d in c.notices], "due": _iso(c.due),
            "answered": _iso(c.answered), "days_open": c.days_open(today), "ministry": c.ministry,
            "askers": list(c.askers), "groups": list(c.parties), "zaken": list(c.zaken),
            "linked_by": c.linked_by.value, "papers": [_paper(p) for p in c.papers]}


def _text(value: str) -> str:
    return " ".join(value.split())[:MAX_FILTER_CHARS]


@router.get("/schriftelijke-vragen")
@router.get("/schriftelijke-vragen.json")
async def written_questions(request: Request, ministerie: str = "", fractie: str = "", lid: str = "",
                            status: str = "", pagina: str = "1") -> Response:
    """Every set of written questions with its dates and status; filters and pages."""
    return await run_in_threadpool(_list, request, request.url.path.endswith(".json"), _text(ministerie),
                                   _text(fractie), _text(lid), _text(status), pagina)


def _list(request: Request, as_json: bool, ministerie: str, fractie: str, lid: str, status: str,
          pagina: str) -> Response:
    analytics = service_of(request).analytics
    who = Credentials.public()
    today = dt.date.today()
    every = analytics.question_cases(who, today=today)
    ministries = sorted({c.ministry for c in every if c.ministry}, key=str.lower)
    groups = sorted({g for c in every for g in c.parties}, key=str.lower)
    wanted_status = CASE_STATUS_BY_DUTCH.get(status, "")
    message = None
    if status and not wanted_status:
        message = ("Die status bestaat niet; kies open, verlopen, beantwoord of te laat beantwoord. "
                   "Alle schriftelijke vragen worden getoond.")
    found = analytics.question_cases(who, status=wanted_status or None, ministry=ministerie or None,
                                     group=fractie or None, member=lid or None, today=today)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(whole(pagina, 1, 100_000) or 1, pages)
    query = {"ministerie": ministerie, "fractie": fractie, "lid": lid,
             "status": CASE_STATUS_NAMES.get(wanted_status, "")}
    rows = [case_row(c, today) for c in found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    data = {"title": "Schriftelijke vragen", "total": len(found), "page": page, "pages": pages, "cases": rows,
            "message": message, "form": query, "today": today.isoformat(),
            "ministries": ministries, "groups": groups,
            "statuses": list(CASE_STATUS_NAMES.values()),
            "overdue": sum(1 for c in every if c.status is not None and c.status.value == "overdue"),
            "previous": f"/schriftelijke-vragen?{urlencode({**query, 'pagina': page - 1})}" if page > 1 else None,
            "next": f"/schriftelijke-vragen?{urlencode({**query, 'pagina': page + 1})}" if page < pages else None}
    return respond(request, "written_questions.html.j2", data, as_json)


@router.get("/schriftelijke-vragen/{key}")
async def written_question(key: str, request: Request) -> Response:
    """One set of written questions with its linked papers (``.json``: the twin)."""
    return await run_in_threadpool(_one, request, *split_json(key))


def _one(request: Request, key: str, as_json: bool) -> Response:
    today = dt.date.today()
    try:
        case = service_of(request).analytics.question_case(Credentials.public(), key[:MAX_FILTER_CHARS], today)
    except NotFound:
        return respond(request, "error.html.j2", {"title": "Schriftelijke vragen niet gevonden", "status": 404,
                                                  "message": "Er zijn geen schriftelijke vragen met dit kenmerk."},
                       as_json, 404)
    data = {"title": f"Schriftelijke vragen: {case.subject or case.key}", "case": case_row(case, today),
            "today": today.isoformat()}
    return respond(request, "written_question.html.j2", data, as_json)


__all__ = ["router"]
