"""A group's editor: ``/werkruimte/{id}/inbreng/{group}`` (docs/web.md, "De inbreng van een fractie").

The group's members and staff write their contribution here as passages (topic, question,
footnotes, cited papers and motions), save it as a draft (the button "Opslaan", and the
script's autosave to ``.../concept.json``), preview it as it will be printed
(``.../voorbeeld``), hand it in after a confirmation (``.../indienen``) and withdraw it before
the deadline (``.../intrekken``). The committee's clerk reads the same page without the forms;
to anyone else the page does not exist (404), whichever group they belong to.

Every save is ``SubmitContribution`` with ``hand_in=False`` and the contribution's version, so a
colleague's save in between is refused (409, the text typed is kept) and a handed-in
contribution that is changed becomes a draft again (the page says so above the buttons). A
form that would change nothing is not sent: each save is an event in the consultation's log.
Without JavaScript every button is a submit button of the one form: adding a passage or a
footnote, removing one and moving one up or down save the draft and come back with the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError, StaleVersion
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation
from overleg.service import Credentials
from overleg.web import group_editor_form as ef
from overleg.web.render import environment, respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import EXPIRED, STALE, dutch, local, not_found, refused, shown, status_of, token_ok
from overleg.writers.html import page as report_view

router = APIRouter(include_in_schema=False)

BASE = "/werkruimte/{consultation_id}/inbreng/{group}"
ADDED = {"vraag": "Vraag toegevoegd: vul hem in en sla op."}


def href(c: Consultation | str, group: str) -> str:
    """The editor's address for ``group`` (the group's name as one path segment)."""
    return f"/werkruimte/{c if isinstance(c, str) else c.id}/inbreng/{quote(group, safe='')}"


@router.get(BASE)
async def editor(consultation_id: str, group: str, request: Request, erbij: str = "", plek: str = "") -> Response:
    """The editor (``?erbij=vraag`` or ``?erbij=noot-3`` adds an empty passage or footnote;
    ``plek`` is the element to focus, after a button of the form)."""
    return await run_in_threadpool(_get, request, consultation_id, group, erbij, plek)


@router.post(BASE)
async def save_form(consultation_id: str, group: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_post, request, consultation_id, group, form)


@router.post(BASE + "/concept.json")
async def autosave(consultation_id: str, group: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_autosave, request, consultation_id, group, form)


@router.get(BASE + "/voorbeeld")
async def preview(consultation_id: str, group: str, request: Request) -> Response:
    return await run_in_threadpool(_preview, request, consultation_id, group)


@router.get(BASE + "/indienen")
async def confirm(consultation_id: str, group: str, request: Request) -> Response:
    return await run_in_threadpool(_confirm, request, consultation_id, group, None, 200)


@router.post(BASE + "/indienen")
async def hand_in(consultation_id: str, group: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, group, form, True)


@router.post(BASE + "/intrekken")
async def retract(consultation_id: str, group: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, group, form, False)


# -- reading ----------------------------------------------------------------------------------

def _load(request: Request, who: Credentials, consultation_id: str, group: str) -> tuple[Consultation, str] | None:
    """The consultation as the user sees it and their role for this group's editor ("edit",
    "read"), or None when the editor does not exist for them."""
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return None
    role = service.contribution_role(who.actor, c, group)
    return (c, role) if role else None


def _editor_of(request: Request, consultation_id: str, group: str
               ) -> tuple[Credentials, str | None, Consultation, str] | Response:
    """Who asks, the CSRF token, the consultation and their role in this group's editor; else
    the page to answer with (log in first, or: no such editor for them)."""
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    found = _load(request, who, consultation_id, group)
    if found is None:
        return not_found(request, consultation_id, False)
    return who, csrf, *found


def time_left(deadline: dt.datetime, now: dt.datetime) -> str:
    """ "nog 3 dagen en 4 uur", "nog 2 uur en 5 minuten", or that the deadline has passed."""
    left = deadline - now
    if left.total_seconds() <= 0:
        return "de termijn is verstreken"
    days, hours, minutes = left.days, left.seconds // 3600, left.seconds % 3600 // 60
    parts = ([f"{days} {'dag' if days == 1 else 'dagen'}"] if days else []) + (
        [f"{hours} uur"] if hours else []) + ([f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"]
                                              if minutes and not days else [])
    return "nog " + " en ".join(parts or ["minder dan een minuut"])


def _status(c: Consultation, group: str, now: dt.datetime) -> dict[str, Any]:
    own = c.contribution(group)
    deadline = c.deadline_for(group)
    submitted = own.submitted_at if own else None
    return {"submitted": submitted is not None,
            "status": f"Ingediend op {shown(submitted)}" if submitted else (
                "Concept, niet ingediend" if own else "Nog niets opgeslagen"),
            "deadline": shown(deadline), "left": time_left(deadline, now), "passed": now > deadline}


def _page(request: Request, who: Credentials, c: Consultation, group: str, role: str, *,
          rows: list[ef.Row] | None = None, preamble: str | None = None, version: str | None = None,
          errors: list[ef.Error] | None = None, status: int = 200, focus: str | None = None) -> Response:
    service = service_of(request)
    own = c.contribution(group)
    editable = role == "edit" and "submit_contribution" in service.consultations.actions(who.actor, c, group)
    rows = ef.rows_of(own) if rows is None else rows
    base = href(c, group)
    data: dict[str, Any] = {
        "title": f"Inbreng van {group}", "id": c.id, "subject": c.subject or c.id, "group": group,
        "back": f"/werkruimte/{c.id}", "action": base, "autosave": base + "/concept.json",
        "preview": base + "/voorbeeld", "hand_in": base + "/indienen", "retract": base + "/intrekken",
        "editable": editable, "rows": rows, "version": version or str(own.version if own else 0),
        "preamble": (own.preamble or "") if preamble is None and own else (preamble or ""),
        "may_retract": editable and own is not None and own.submitted and "retract_contribution" in
        service.consultations.actions(who.actor, c, group),
        "errors": errors or [], "focus": focus, **_status(c, group, service.clock())}
    return respond(request, "group_editor.html.j2", data, False, status)


def _get(request: Request, consultation_id: str, group: str, erbij: str, plek: str) -> Response:
    found = _editor_of(request, consultation_id, group)
    if isinstance(found, Response):
        return found
    who, _, c, role = found
    rows = ef.rows_of(c.contribution(group))
    focus = plek if plek.replace("-", "").isalnum() else None
    if erbij == "vraag" and len(rows) < ef.MAX_PASSAGES:
        rows.append(ef.empty_row())
        focus = f"vraag-{len(rows)}-onderwerp"
    elif erbij.startswith("noot-"):
        at = (whole(erbij[5:]) or 0) - 1
        if 0 <= at < len(rows) and len(rows[at]["notes"]) < ef.MAX_NOTES:
            rows[at]["notes"].append({"text": "", "url": ""})
            focus = f"vraag-{at + 1}-noot-{len(rows[at]['notes'])}-tekst"
    return _page(request, who, c, group, role, rows=rows, focus=focus)


# -- writing ----------------------------------------------------------------------------------

def _save(request: Request, who: Credentials, c: Consultation, group: str, preamble: str | None,
          passages: tuple[cmd.PassageInput, ...], version: int | None) -> tuple[int, bool]:
    """Save the draft; the contribution's version now and whether anything was written."""
    own = c.contribution(group)
    if ef.same_as_saved(own, preamble, passages):
        return (own.version if own else 0), False
    command = cmd.SubmitContribution(expected_version=version, group=group, preamble=preamble, passages=passages,
                                     hand_in=False)
    saved = service_of(request).consultations.execute(who.actor, c.id, command).contribution(group)
    return (saved.version if saved else 0), True


def _post(request: Request, consultation_id: str, group: str, form: dict[str, str]) -> Response:
    found = _editor_of(request, consultation_id, group)
    if isinstance(found, Response):
        return found
    who, csrf, c, role = found
    do = form.get("do", "opslaan")
    rows, focus = ef.rearranged(ef.rows_from(form), do)
    preamble = form.get("inleiding", "").strip() or None

    def again(errors: list[ef.Error], status: int) -> Response:
        return _page(request, who, c, group, role, rows=rows, preamble=form.get("inleiding", ""),
                     version=form.get("version"), errors=errors, status=status)

    if not token_ok(form, csrf):
        return again([{"field": "inleiding", "message": EXPIRED}], 403)
    passages, errors = ef.passages_of(rows)
    if errors:
        return again(errors, 400)
    try:
        _save(request, who, c, group, preamble, passages, whole(form.get("version")))
    except OverlegError as e:
        return again([{"field": "inleiding", "message": dutch(e)}], status_of(e))
    base = href(c, group)
    if do == "indienen":
        return RedirectResponse(base + "/indienen", status_code=303)
    if do == "vraag-erbij":
        return RedirectResponse(base + "?erbij=vraag", status_code=303)
    if do.startswith("noot-erbij-"):
        return RedirectResponse(f"{base}?erbij=noot-{whole(do[11:]) or 0}", status_code=303)
    if focus:
        return RedirectResponse(f"{base}?plek={focus}", status_code=303)
    return RedirectResponse(base + "?gedaan=concept-opgeslagen", status_code=303)


def _autosave(request: Request, consultation_id: str, group: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _json({"error": "Log eerst in."}, 401)
    if not token_ok(form, csrf):
        return _json({"error": EXPIRED}, 403)
    found = _load(request, who, consultation_id, group)
    if found is None:
        return _json({"error": "Deze inbreng bestaat niet of u mag hem niet bewerken."}, 404)
    c, _ = found
    passages, errors = ef.passages_of(ef.rows_from(form))
    if errors:  # the button shows these next to their fields; autosave waits for the text to be right
        return _json({"error": errors[0]["message"], "field": errors[0]["field"]}, 400)
    try:
        version, changed = _save(request, who, c, group, form.get("inleiding", "").strip() or None, passages,
                                 whole(form.get("version")))
    except StaleVersion as e:
        return _json({"error": f"{STALE} Uw eigen tekst staat nog in het formulier en is in deze browser bewaard.",
                      "conflict": True, "reload": href(c, group), "detail": str(e)}, 409)
    except OverlegError as e:
        return _json({"error": dutch(e)}, status_of(e))
    at = local(service_of(request).clock()).strftime("%H.%M")
    return _json({"version": version, "changed": changed, "saved_at": at,
                  "message": f"Automatisch opgeslagen om {at} uur (concept)"}, 200)


def _json(data: dict[str, Any], status: int) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"Cache-Control": "no-store"})


def _confirm(request: Request, consultation_id: str, group: str, error: str | None, status: int) -> Response:
    """The confirmation before handing in: what counts from now on, and until when it can be undone."""
    who, _ = caller(request)
    if who.user is None:
        return refused(request, False)
    found = _load(request, who, consultation_id, group)
    if found is None or found[1] != "edit":
        return not_found(request, consultation_id, False)
    c, _ = found
    own = c.contribution(group)
    data = {"title": f"Inbreng van {group} indienen", "group": group, "back": href(c, group),
            "action": href(c, group) + "/indienen", "version": own.version if own else 0,
            "count": len(own.live_passages) if own else 0, "submitted": bool(own and own.submitted),
            "errors": [{"field": "indienen", "message": error}] if error else [],
            **_status(c, group, service_of(request).clock())}
    return respond(request, "group_hand_in.html.j2", data, False, status)


def _step(request: Request, consultation_id: str, group: str, form: dict[str, str], handing_in: bool) -> Response:
    """Hand in (after the confirmation) or withdraw the group's contribution."""
    found = _editor_of(request, consultation_id, group)
    if isinstance(found, Response):
        return found
    who, csrf, c, role = found
    version = whole(form.get("version"))
    command: cmd.Command = (cmd.HandInContribution(expected_version=version, group=group) if handing_in
                            else cmd.RetractContribution(expected_version=version, group=group))
    problem, status = None, 200
    if not token_ok(form, csrf):
        problem, status = EXPIRED, 403
    else:
        try:
            service_of(request).consultations.execute(who.actor, c.id, command)
        except OverlegError as e:
            problem, status = _step_error(e, handing_in), status_of(e)
    if problem is None:
        return RedirectResponse(href(c, group) + ("?gedaan=ingediend" if handing_in else "?gedaan=ingetrokken"),
                                status_code=303)
    if handing_in:
        return _confirm(request, consultation_id, group, problem, status)
    return _page(request, who, c, group, role, errors=[{"field": "intrekken", "message": problem}], status=status)


def _step_error(e: OverlegError, handing_in: bool) -> str:
    if "no question" in str(e) or "saved no contribution" in str(e):
        return "Uw inbreng heeft nog geen vraag. Schrijf ten minste één vraag en sla hem op; dien hem dan in."
    if "deadline" in str(e):
        return ("De termijn is verstreken; " + ("indienen" if handing_in else "intrekken") +
                " kan niet meer. Vraag de griffie om een langere termijn.")
    return dutch(e)


def _preview(request: Request, consultation_id: str, group: str) -> Response:
    """The group's part exactly as the report will print it, with numbers for now."""
    who, _ = caller(request)
    if who.user is None:
        return refused(request, False)
    try:
        doc = service_of(request).consultations.group_preview(who.actor, consultation_id, group)
    except NotFound:
        return not_found(request, consultation_id, False)
    body = environment().get_template("body.html.j2").render(page=report_view(doc))
    data = {"title": f"Voorbeeld: inbreng van {group}", "group": group, "back": href(consultation_id, group),
            "count": len(doc.items)}
    return respond(request, "group_preview.html.j2", data, False, extra={"body": Markup(body)})
