"""The ministry's answers: answering one or more numbers at once (an answer group) with
cross-references, withdrawing an answer to regroup, and the preview of the report.

Posts: ``/werkruimte/{id}/antwoord`` (``AnswerQuestions``: the form's number, the numbers it
"also answers" when the answer is new, the cross-references "zie antwoord op vraag N") and
``/werkruimte/{id}/antwoord-intrekken`` (``WithdrawAnswer``). The preview,
``/werkruimte/{id}/voorbeeld`` (and ``.json``), is the report as it would be published now,
rendered by the HTML writer; only those who may read the answers see it (the access table:
the ministry and the clerk once sent, the groups and the chair once the answers are received).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from overleg.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    OverlegError,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.web.document_page import rendered
from overleg.web.render import respond, split_json
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace import page
from overleg.web.workspace_common import EXPIRED, dutch, forbidden, not_found, numbers_in, refused, status_of, token_ok

router = APIRouter(include_in_schema=False)

NOT_NUMBERS = "Vul alleen vraagnummers in, bijvoorbeeld 4, 5."


@router.post("/werkruimte/{consultation_id}/antwoord")
async def answer(consultation_id: str, request: Request) -> Response:
    """The ministry's answer to one number, or to several at once (an answer group)."""
    form = await form_of(request)
    return await run_in_threadpool(_answer, request, consultation_id, form)


def _answer(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    number = whole(form.get("number"))
    field = f"answer-{number}"

    def again(message: str, status: int, about_numbers: bool = False) -> Response:
        return page(request, consultation_id, error=message, field=field + ("-numbers" if about_numbers else ""),
                    draft=form, status=status)

    if not token_ok(form, csrf):
        return again(EXPIRED, 403)
    numbers = numbers_in(form.get("numbers", "").replace(",", " "))
    also, refs = numbers_in(form.get("also", "")), numbers_in(form.get("cross_refs", ""))
    if number is None or not numbers:
        return again("Onbekend vraagnummer.", 400)
    if also is None or refs is None:
        return again(NOT_NUMBERS, 400, about_numbers=True)
    text = form.get("text", "").strip()
    if not text:
        return again("Schrijf een antwoord.", 400)
    version = whole(form.get("version"))
    if version == 0:  # a new answer may cover more numbers; an existing one keeps its group
        numbers = tuple(dict.fromkeys((*numbers, *also)))
    try:
        service_of(request).consultations.execute(who.actor, consultation_id, cmd.AnswerQuestions(
            expected_version=version, numbers=numbers, text=text, cross_refs=refs))
    except ValidationFailed as e:
        return again(dutch(e), status_of(e), about_numbers=e.field in ("numbers", "cross_refs"))
    except StaleVersion as e:
        return again(f"Intussen heeft iemand anders dit antwoord opgeslagen. Herlaad de pagina en probeer het "
                     f"opnieuw; uw tekst staat nog in het veld. ({e})", status_of(e))
    except Conflict as e:  # a number already answered in another answer
        return again(dutch(e), status_of(e), about_numbers=True)
    except OverlegError as e:
        return again(dutch(e), status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}#antwoord-{min(numbers)}", status_code=303)


@router.post("/werkruimte/{consultation_id}/antwoord-intrekken")
async def withdraw(consultation_id: str, request: Request) -> Response:
    """The ministry takes back an answer (all numbers of its group become open again)."""
    form = await form_of(request)
    return await run_in_threadpool(_withdraw, request, consultation_id, form)


def _withdraw(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    number = whole(form.get("number"))
    field = f"answer-{number}"
    if not token_ok(form, csrf):
        return page(request, consultation_id, error=EXPIRED, field=field, status=403)
    version = whole(form.get("version"))
    if number is None:
        return page(request, consultation_id, error="Onbekend vraagnummer.", status=400)
    try:
        service_of(request).consultations.execute(
            who.actor, consultation_id, cmd.WithdrawAnswer(expected_version=version, number=number))
    except OverlegError as e:
        return page(request, consultation_id, error=dutch(e), field=field, status=status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}#antwoord-{number}", status_code=303)


@router.get("/werkruimte/{consultation_id}/{name}")
async def preview(consultation_id: str, name: str, request: Request) -> Response:
    """``voorbeeld`` (``voorbeeld.json``): the report as it would be published now."""
    return await run_in_threadpool(_preview, request, consultation_id, name)


def _preview(request: Request, consultation_id: str, name: str) -> Response:
    what, as_json = split_json(name)
    who, _ = caller(request)
    if what != "voorbeeld":
        return respond(request, "error.html.j2", {"title": "Pagina niet gevonden", "status": 404,
                                                  "message": "Deze pagina bestaat niet."}, as_json, 404)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        doc = service.preview(who.actor, consultation_id)
        state = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    except PermissionDenied:
        return forbidden(request, "U mag de antwoorden (en dus het voorbeeld van het verslag) nog niet zien: "
                                  "de commissie en de fracties lezen ze zodra het ministerie ze heeft "
                                  "verstuurd.", as_json)
    except IllegalTransition:
        return respond(request, "error.html.j2", {
            "title": "Nog geen verslag", "status": 409,
            "message": "Er is nog geen verslag: de vragen zijn nog niet aan de regering verstuurd."}, as_json, 409)
    view, body = rendered(doc)
    data: dict[str, Any] = {
        "title": f"Voorbeeld: {view.title}", "id": consultation_id, "back": f"/werkruimte/{consultation_id}",
        "deadline": state.deadline.isoformat(), "open": list(state.unanswered),
        "items": [{"number": i.number, "faction": i.faction, "answered": i.answer is not None,
                   "answer_group": list(i.answer_group), "cross_refs": list(i.cross_refs)} for i in doc.items]}
    return respond(request, "preview.html.j2", data, as_json, extra={"body": Markup(body)})
