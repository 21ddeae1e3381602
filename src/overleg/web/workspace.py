"""The procedure workspace (read side): the consultations a user takes part in, as they may see them.

Reads: the service layer's view of each consultation for the logged-in actor (a group sees its
own draft, never another group's before intake closes; the public is refused). Writes: plain
dicts for the templates and the JSON twins. ``page`` renders one consultation with the forms
the user may use now; the modules that handle those forms' posts (``workspace_intake``,
``workspace_answers``, ``workspace_clerk``) call it again to show a refusal next to its field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound
from overleg.http.auth import service_of
from overleg.web.clerk_desk import BY_ACTION, desk, step_indicator, todo
from overleg.web.render import respond, split_json
from overleg.web.report_desk import desk_links
from overleg.web.session import caller
from overleg.web.workspace_common import not_found, refused, shown, summary
from overleg.web.workspace_forms import (
    contribution_forms,
    deadline_form,
    intake_overview,
    listed,
    order_form,
)

router = APIRouter(include_in_schema=False)

BUTTONS = ("open_intake", "close_intake", "number", "send", "receive_answers", "publish")
# Steps taken with a button on the page; the others in BUTTONS go through a confirmation page.
STEP_LINKS = ("open_intake", "close_intake", "number", "reopen_intake", "send", "receive_answers")


@router.get("/werkruimte")
@router.get("/werkruimte.json")
async def workspace(request: Request) -> Response:
    """The consultations the user may see, with the steps they may take now."""
    return await run_in_threadpool(_workspace, request, request.url.path.endswith(".json"))


def _workspace(request: Request, as_json: bool) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    found = [summary(c, service.actions(who.actor, c)) for c in service.list(who.actor)]
    may_create = service.may_create(who.actor)
    return respond(request, "workspace.html.j2", {"title": "Werkruimte", "consultations": found,
                                                  "new": "/werkruimte/nieuw" if may_create else None}, as_json)


@router.get("/werkruimte/{name}")
async def consultation(name: str, request: Request) -> Response:
    """One consultation as the user may see it: state, deadline, groups and their passages."""
    consultation_id, as_json = split_json(name)
    return await run_in_threadpool(page, request, consultation_id, as_json=as_json)


def page(request: Request, consultation_id: str, *, error: str | None = None, field: str | None = None,
         draft: dict[str, str] | None = None, status: int = 200, as_json: bool = False) -> Response:
    """The consultation's page; ``error`` is shown next to ``field`` ("contribution-<group>",
    "answer-<n>", "establish", "deadline"; None: above the forms) with ``draft`` kept in it."""
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    data = summary(c, service.actions(who.actor, c))
    data["title"] = data["subject"]
    data["contributions"] = [
        {"group": k.group, "version": k.version, "preamble": k.preamble,
         "passages": [{"id": p.passage_id, "topic": p.topic, "text": p.text} for p in k.passages if not p.withdrawn]}
        for k in c.contributions]
    data["numbered"] = len(c.numbering)
    data["answered"] = len(c.numbering) - len(c.unanswered) if c.answers else 0
    data["open"] = listed(c.unanswered) if c.answers or "answer" in data["actions"] else None
    data["forms"] = contribution_forms(who, c, data["actions"], draft)
    data["deadline_form"] = deadline_form(c, data["actions"], draft if field == "deadline" else None)
    data["order_form"] = order_form(c, data["actions"], draft if field == "order" else None)
    data["intake"] = intake_overview(c, service.watches_intake(who.actor, c))
    data["establish"] = "establish" in data["actions"]
    data["preview"] = (f"/werkruimte/{c.id}/voorbeeld" if c.state.value not in ("draft", "intake_open",
                       "intake_closed", "numbered") and service.may_read_answers(who.actor, c) else None)
    data["report"] = f"/documents/{c.established.document_id}" if c.established and c.state.value == "published" \
        else None
    data["report_links"] = desk_links(service, who, c)  # the report's pages: verslag, logboek, correctie, nader overleg
    data["buttons"] = []  # every step has its page: a confirmation, or the report desk (establish, publish)
    data["confirm_links"] = [{"name": BY_ACTION[a].title, "href": f"/werkruimte/{c.id}/bevestigen/{BY_ACTION[a].slug}"}
                             for a in STEP_LINKS if a in data["actions"]]
    data["steps"] = step_indicator(c)
    data["todo"] = todo(c, data["actions"])
    data["answer_deadline_shown"] = shown(c.answer_deadline) if c.answer_deadline else None
    data["desk"] = desk(c, data["actions"], service.watches_intake(who.actor, c), service_of(request).clock(),
                        service_of(request).settings.answer_days, draft if field == "answer_deadline" else None)
    on_page: set[str] = set()  # the group's contribution has its own editor page now
    if data["deadline_form"]:
        on_page.add("deadline")
    if data["order_form"]:
        on_page.add("order")
    if data["desk"]["answer_deadline_form"]:
        on_page.add("answer_deadline")
    # a refusal whose form is not on the page (e.g. a member posting the clerk's form) is shown on top
    extra: dict[str, Any] = {"error": error, "error_field": field if field in on_page else None}
    return respond(request, "consultation.html.j2", data, as_json, status, extra=extra)
