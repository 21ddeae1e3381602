"""The list of questions as it will be sent, for the clerk after intake closes: ``/werkruimte/{id}/lijst``.

Reads: the clerk's view of the consultation. Writes: the page with the groups in order, their
topics, the numbers (once numbered), the question texts and footnotes, and per question the
buttons to move it up or down within its group (``POST .../lijst/verplaatsen``), to merge it
with the next question of its group and to withdraw it (both through their confirmation page,
``web.clerk_desk``). Every change goes through ``MovePassage``/``MergePassages``/
``WithdrawPassage``, which renumber a numbered list at once.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation
from overleg.web.render import respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import EXPIRED, dutch, forbidden, not_found, refused, status_of, token_ok

router = APIRouter(include_in_schema=False)

ONLY_CLERK = "De lijst van vragen nakijken kan alleen de griffier, na het sluiten van de inbreng en voor het versturen."


def rows(c: Consultation) -> list[dict[str, Any]]:
    """The groups in order with their live passages, numbers where numbered."""
    numbers = {(n.group, n.passage_id): n.number for n in c.numbering}
    out = []
    for name in c.ordered_groups:
        own = c.contribution(name)
        live = own.live_passages if own else ()
        if not live:
            continue
        items = []
        for k, p in enumerate(live):
            items.append({"id": p.passage_id, "number": numbers.get((name, p.passage_id)), "topic": p.topic,
                          "text": p.text, "footnotes": [{"text": f.text, "urls": list(f.urls)} for f in p.footnotes],
                          "up": k > 0, "down": k < len(live) - 1,
                          "next": live[k + 1].passage_id if k < len(live) - 1 else None})
        out.append({"group": name, "passages": items})
    return out


@router.get("/werkruimte/{consultation_id}/lijst")
@router.get("/werkruimte/{consultation_id}/lijst.json")
async def numbered_list(consultation_id: str, request: Request) -> Response:
    """The list of questions as it will be sent, with the clerk's buttons (the clerk only)."""
    as_json = request.url.path.endswith(".json")
    return await run_in_threadpool(_page, request, consultation_id, as_json, None, 200)


def _page(request: Request, consultation_id: str, as_json: bool, error: str | None, status: int) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    if "move_passage" not in service.actions(who.actor, c):
        return forbidden(request, ONLY_CLERK, as_json)
    data = {"title": "Lijst van vragen", "id": c.id, "subject": c.subject or c.id, "version": c.version,
            "numbered": bool(c.numbering), "groups": rows(c), "back": f"/werkruimte/{c.id}",
            "errors": [{"field": "lijst", "message": error}] if error else []}
    return respond(request, "numbered_list.html.j2", data, as_json, status)


@router.post("/werkruimte/{consultation_id}/lijst/verplaatsen")
async def move(consultation_id: str, request: Request) -> Response:
    """One question one place up or down within its group."""
    form = await form_of(request)
    return await run_in_threadpool(_move, request, consultation_id, form)


def _move(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    if not token_ok(form, csrf):
        return _page(request, consultation_id, False, EXPIRED, 403)
    version = whole(form.get("versie"))
    by = {"omhoog": -1, "omlaag": 1}.get(form.get("richting", ""))
    if version is None or by is None:
        return _page(request, consultation_id, False, "Het formulier is onvolledig; laad de lijst opnieuw.", 400)
    try:
        service_of(request).consultations.execute(who.actor, consultation_id, cmd.MovePassage(
            expected_version=version, group=form.get("fractie", ""), passage_id=form.get("vraag", ""), by=by))
    except OverlegError as e:
        return _page(request, consultation_id, False, dutch(e), status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}/lijst?gedaan=verplaatst#{form.get('vraag', '')}",
                            status_code=303)
