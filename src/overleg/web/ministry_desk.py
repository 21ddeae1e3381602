"""The ministry's desk: the numbered questions with the status of their answers, the answer
deadline with the days left, a request for postponement and **Antwoorden versturen**.

``/werkruimte/{id}/beantwoording`` (and ``.json``) is for the officials of an addressed ministry
only; anyone else gets the 404 a consultation they may not see gets (the desk shows draft
answers, which stay inside the ministry until they are sent). Posts: ``.../uitstel``
(``RequestPostponement``) and ``.../versturen`` (``DeliverAnswers``, after the confirmation page
that the GET of the same address shows). The editor of one answer is ``answer_editor``. Every
step goes through ``service.consultations.execute``: the procedure checks role and state again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError, ValidationFailed
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation, State
from overleg.service import Credentials
from overleg.vocabulary.dates import DUTCH_TIME
from overleg.web.render import respond
from overleg.web.session import caller, form_of
from overleg.web.workspace_common import EXPIRED, dutch, moment_of, not_found, refused, shown, token_ok
from overleg.web.workspace_forms import listed

router = APIRouter(include_in_schema=False)


def answer_deadline(c: Consultation) -> dt.datetime | None:
    """The deadline for the ministry's answers, None while none is set.

    The answer deadline (``Consultation.answer_deadline``, set by the clerk when sending) is
    built alongside this desk; until both are in one branch it is read with ``getattr``. Once
    merged, this is the one place to read ``c.answer_deadline`` directly. Never the groups'
    intake deadline: that one is not the ministry's.
    """
    found = getattr(c, "answer_deadline", None)
    return found if isinstance(found, dt.datetime) else None


def days_left(deadline: dt.datetime, now: dt.datetime) -> str:
    """"nog 5 dagen", "nog 1 dag", "vandaag", "1 dag over de termijn", counted in Dutch days.

    >>> at = dt.datetime(2026, 3, 10, 12, tzinfo=DUTCH_TIME)
    >>> days_left(at, at - dt.timedelta(days=5)), days_left(at, at - dt.timedelta(hours=1))
    ('nog 5 dagen', 'vandaag')
    >>> days_left(at, at + dt.timedelta(days=2)), days_left(at, at + dt.timedelta(hours=1))
    ('2 dagen over de termijn', 'de termijn is vandaag verstreken')
    """
    days = (deadline.astimezone(DUTCH_TIME).date() - now.astimezone(DUTCH_TIME).date()).days
    if deadline >= now:
        return "vandaag" if days == 0 else f"nog {days} dag{'en' if days != 1 else ''}"
    if days == 0:
        return "de termijn is vandaag verstreken"
    return f"{-days} dag{'en' if days != -1 else ''} over de termijn"


def desk_of(request: Request, consultation_id: str, as_json: bool = False
            ) -> tuple[Credentials, str | None, Consultation] | Response:
    """Who asks, the CSRF token and the consultation as they see it, when they are an official
    of an addressed ministry and the questions are sent; else the page to answer with."""
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, as_json)
    try:
        c = service_of(request).consultations.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    if not service_of(request).consultations.answers_for_ministry(who.actor, c) or not c.state.at_least(State.SENT):
        return not_found(request, consultation_id, as_json)  # the same 404: the desk is the ministry's alone
    return who, csrf, c


def status_of_number(c: Consultation, number: int) -> str:
    """"open", "concept-antwoord" (saved, not yet sent) or "beantwoord", with the group."""
    answer = c.answer_to(number)
    if answer is None:
        return "open"
    word = "beantwoord" if c.state.at_least(State.ANSWERS_RECEIVED) else "concept-antwoord"
    others = tuple(n for n in answer.numbers if n != number)
    return f"{word}, samen met vraag {listed(others)}" if others else word


def questions(c: Consultation) -> list[dict[str, Any]]:
    """Every number with its group, topic, question text and the status of its answer."""
    rows = []
    for entry in c.numbering:
        passage = c.passage_at(entry.number)
        answer = c.answer_to(entry.number)
        rows.append({"number": entry.number, "group": entry.group, "topic": passage.topic if passage else None,
                     "text": passage.text if passage else "", "status": status_of_number(c, entry.number),
                     "open": answer is None, "href": f"/werkruimte/{c.id}/beantwoording/{entry.number}"})
    return rows


def _page(request: Request, who: Credentials, c: Consultation, errors: list[dict[str, str]] | None = None,
          values: dict[str, str] | None = None, as_json: bool = False, status: int = 200) -> Response:
    service = service_of(request)
    actions = service.consultations.actions(who.actor, c)
    deadline = answer_deadline(c)
    now = service.clock()
    open_ = c.unanswered
    data: dict[str, Any] = {
        "title": f"Beantwoording: {c.subject or c.id}", "id": c.id, "subject": c.subject or c.id,
        "back": f"/werkruimte/{c.id}", "state": c.state.value, "questions": questions(c),
        "total": len(c.numbering), "answered": len(c.numbering) - len(open_), "open": list(open_),
        "open_shown": listed(open_),
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_shown": shown(deadline) if deadline else None,
        "days_left": days_left(deadline, now) if deadline else None,
        "postponements": [{"requested_at": shown(p.requested_at), "until": shown(p.until), "reason": p.reason}
                          for p in c.postponements],
        "may_postpone": "request_postponement" in actions, "may_deliver": "deliver_answers" in actions,
        "delivered": c.state.at_least(State.ANSWERS_RECEIVED),
        "deliver": f"/werkruimte/{c.id}/beantwoording/versturen",
        "postpone": f"/werkruimte/{c.id}/beantwoording/uitstel",
    }
    extra = {"errors": errors or [], "values": values or {"reason": "", "date": "", "time": "14:00"}}
    return respond(request, "ministry_desk.html.j2", data, as_json, status, extra=extra)


@router.get("/werkruimte/{consultation_id}/beantwoording")
@router.get("/werkruimte/{consultation_id}/beantwoording.json")
async def desk(consultation_id: str, request: Request) -> Response:
    """The desk: numbers with status, counts, the answer deadline, uitstel and versturen."""
    return await run_in_threadpool(_desk, request, consultation_id, request.url.path.endswith(".json"))


def _desk(request: Request, consultation_id: str, as_json: bool) -> Response:
    found = desk_of(request, consultation_id, as_json)
    if isinstance(found, Response):
        return found
    who, _, c = found
    return _page(request, who, c, as_json=as_json)


@router.post("/werkruimte/{consultation_id}/beantwoording/uitstel")
async def postpone(consultation_id: str, request: Request) -> Response:
    """The ministry asks for more time: a reason and a proposed date (the clerks are told)."""
    form = await form_of(request)
    return await run_in_threadpool(_postpone, request, consultation_id, form)


def _postpone(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    found = desk_of(request, consultation_id)
    if isinstance(found, Response):
        return found
    who, csrf, c = found
    values = {"reason": form.get("reason", ""), "date": form.get("date", ""), "time": form.get("time", "")}
    errors: list[dict[str, str]] = []
    if not token_ok(form, csrf):
        return _page(request, who, c, [{"field": "uitstel-reden", "message": EXPIRED}], values, status=403)
    if not values["reason"].strip():
        errors.append({"field": "uitstel-reden", "message": "Geef een reden voor het uitstel."})
    until = moment_of(values["date"], values["time"])
    if isinstance(until, str):
        errors.append({"field": "uitstel-datum", "message": until})
    if errors or isinstance(until, str):
        return _page(request, who, c, errors, values, status=400)
    try:
        service_of(request).consultations.execute(who.actor, c.id, cmd.RequestPostponement(
            reason=values["reason"], until=until))
    except ValidationFailed as e:
        field = "uitstel-datum" if e.field == "until" else "uitstel-reden"
        return _page(request, who, c, [{"field": field, "message": str(e)}], values, status=400)
    except OverlegError as e:
        return _page(request, who, c, [{"field": "uitstel-reden", "message": dutch(e)}], values, status=409)
    return RedirectResponse(f"/werkruimte/{c.id}/beantwoording?gedaan=uitstel", status_code=303)


@router.get("/werkruimte/{consultation_id}/beantwoording/versturen")
async def confirm(consultation_id: str, request: Request) -> Response:
    """The confirmation page of Antwoorden versturen: what will happen, or what is still open."""
    return await run_in_threadpool(_deliver, request, consultation_id, None)


@router.post("/werkruimte/{consultation_id}/beantwoording/versturen")
async def deliver(consultation_id: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_deliver, request, consultation_id, form)


def _deliver(request: Request, consultation_id: str, form: dict[str, str] | None) -> Response:
    found = desk_of(request, consultation_id)
    if isinstance(found, Response):
        return found
    who, csrf, c = found
    error: str | None = None
    if form is not None:
        if not token_ok(form, csrf):
            error = EXPIRED
        else:
            try:
                service_of(request).consultations.execute(who.actor, c.id, cmd.DeliverAnswers())
            except OverlegError as e:
                error = str(e) if e.status == 409 and c.unanswered else dutch(e)
            else:
                return RedirectResponse(f"/werkruimte/{c.id}/beantwoording?gedaan=antwoorden-verstuurd",
                                        status_code=303)
    actions = service_of(request).consultations.actions(who.actor, c)
    data = {"title": "Antwoorden versturen", "id": c.id, "subject": c.subject or c.id,
            "back": f"/werkruimte/{c.id}/beantwoording", "total": len(c.numbering), "open": list(c.unanswered),
            "open_shown": listed(c.unanswered), "may_deliver": "deliver_answers" in actions and not c.unanswered,
            "answers": len(c.answers)}
    errors = [{"field": "versturen", "message": error}] if error else []
    return respond(request, "deliver_answers.html.j2", data, False, 400 if error else 200, extra={"errors": errors})
