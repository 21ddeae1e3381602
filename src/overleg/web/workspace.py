"""The procedure workspace (read side): the consultations a user takes part in, as they may see them.

Reads: the service layer's view of each consultation for the logged-in actor (a group sees its
own draft, never another group's before intake closes; the public is refused). Writes: plain
dicts for the templates and the JSON twins. The steps themselves are still done through the API
(docs/api.md); this page lists which ones the user may take now.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.api.auth import service_of
from overleg.errors import NotFound
from overleg.procedure.states import Consultation
from overleg.service import Credentials
from overleg.web.render import respond, split_json

router = APIRouter(include_in_schema=False)

STATES = {"draft": "concept", "intake_open": "inbreng open", "intake_closed": "inbreng gesloten",
          "numbered": "genummerd", "sent": "verzonden aan de regering", "answering": "wordt beantwoord",
          "answers_received": "antwoorden ontvangen", "established": "vastgesteld", "published": "gepubliceerd"}


def _summary(c: Consultation, actions: tuple[str, ...]) -> dict[str, Any]:
    return {"id": c.id, "href": f"/werkruimte/{c.id}", "subject": c.subject or c.id, "committee": c.committee,
            "state": c.state.value, "state_name": STATES.get(c.state.value, c.state.value),
            "deadline": c.deadline.isoformat(), "actions": list(actions)}


def _refused(request: Request, as_json: bool) -> Response:
    return respond(request, "error.html.j2", {"title": "Inloggen nodig", "status": 401,
                                              "message": "De werkruimte is alleen voor wie deelneemt aan een "
                                                         "procedure. Log eerst in."}, as_json, 401)


def _who(request: Request) -> Credentials:
    from overleg.web.routes import who

    return who(request)[0]


@router.get("/werkruimte")
@router.get("/werkruimte.json")
async def workspace(request: Request) -> Response:
    """The consultations the user may see, with the steps they may take now."""
    return await run_in_threadpool(_workspace, request, request.url.path.endswith(".json"))


def _workspace(request: Request, as_json: bool) -> Response:
    who = _who(request)
    if who.user is None:
        return _refused(request, as_json)
    service = service_of(request).consultations
    found = [_summary(c, service.actions(who.actor, c)) for c in service.list(who.actor)]
    return respond(request, "workspace.html.j2", {"title": "Werkruimte", "consultations": found}, as_json)


@router.get("/werkruimte/{name}")
async def consultation(name: str, request: Request) -> Response:
    """One consultation as the user may see it: state, deadline, groups and their passages."""
    return await run_in_threadpool(_consultation, request, name)


def _consultation(request: Request, name: str) -> Response:
    consultation_id, as_json = split_json(name)
    who = _who(request)
    if who.user is None:
        return _refused(request, as_json)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return respond(request, "error.html.j2", {"title": "Procedure niet gevonden", "status": 404,
                                                  "message": f"Er is geen procedure {consultation_id} die u mag zien."},
                       as_json, 404)
    data = _summary(c, service.actions(who.actor, c))
    data["title"] = data["subject"]
    data["contributions"] = [
        {"group": k.group, "version": k.version, "preamble": k.preamble,
         "passages": [{"id": p.passage_id, "topic": p.topic, "text": p.text} for p in k.passages if not p.withdrawn]}
        for k in c.contributions]
    data["numbered"] = len(c.numbering)
    data["answered"] = len(c.answers)
    return respond(request, "consultation.html.j2", data, as_json)
