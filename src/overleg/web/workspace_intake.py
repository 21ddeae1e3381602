"""A group's contribution: the form (``POST /werkruimte/{id}/inbreng``, the path without
JavaScript) and its autosave (``POST /werkruimte/{id}/inbreng.json``, the same fields, a JSON
answer).

Both save through ``SubmitContribution`` with the contribution's version, so a colleague's save
in between is a 409 and never overwritten. Every save is an event in the consultation's
append-only log, so a save that would change nothing (same preamble, same passages) is not
sent to the procedure at all; the script saves only changed text, after a pause in typing and
at most every ``AUTOSAVE_INTERVAL`` seconds (docs/web.md).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import OverlegError, StaleVersion, ValidationFailed
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation
from overleg.service import Credentials
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace import page
from overleg.web.workspace_common import EXPIRED, STALE, dutch, local, status_of, token_ok

router = APIRouter(include_in_schema=False)

EMPTY = "Schrijf ten minste één vraag of opmerking."


@router.post("/werkruimte/{consultation_id}/inbreng")
async def submit_contribution(consultation_id: str, request: Request) -> Response:
    """A group's contribution from the form: one passage per paragraph (blank line between)."""
    form = await form_of(request)
    return await run_in_threadpool(_submit, request, consultation_id, form)


@router.post("/werkruimte/{consultation_id}/inbreng.json")
async def autosave(consultation_id: str, request: Request) -> Response:
    """The form's fields saved by the script while typing; the new version and the time as JSON."""
    form = await form_of(request)
    return await run_in_threadpool(_autosave, request, consultation_id, form)


def passages_of(form: dict[str, str]) -> list[str]:
    """The passages typed: paragraphs separated by a blank line, whitespace made single."""
    blocks = form.get("passages", "").replace("\r\n", "\n").split("\n\n")
    return [t for t in (" ".join(block.split()) for block in blocks) if t]


def save(who: Credentials, request: Request, consultation_id: str, form: dict[str, str]) -> tuple[int, bool]:
    """Save the group's contribution from ``form``; its version now and whether it changed.

    ValidationFailed for an empty contribution; the procedure's errors otherwise."""
    texts = passages_of(form)
    if not texts:
        raise ValidationFailed(EMPTY, field="passages")
    service = service_of(request).consultations
    current = service.get(who.actor, consultation_id)
    group = form.get("group", "")
    own = current.contribution(group)
    preamble = form.get("preamble", "").strip() or None
    unchanged = own is not None and own_texts(current, group) == texts and own.preamble == preamble
    if own is not None and unchanged and "submit_contribution" in service.actions(who.actor, current, group):
        return own.version, False  # nothing new: no event in the log (the procedure is asked otherwise)
    ids = [p.passage_id for p in own.passages if not p.withdrawn] if own else []
    version = whole(form.get("version"))
    command = cmd.SubmitContribution(
        expected_version=version, group=group, preamble=preamble,
        passages=tuple(cmd.PassageInput(text=t, passage_id=ids[n] if n < len(ids) else None)
                       for n, t in enumerate(texts)))
    saved = service.execute(who.actor, consultation_id, command).contribution(group)
    return (saved.version if saved else 0), True


def own_texts(c: Consultation, group: str) -> list[str]:
    own = c.contribution(group)
    return [p.text for p in own.passages if not p.withdrawn] if own else []


def _submit(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    field = f"contribution-{form.get('group', '')}"
    if who.user is None:
        return page(request, consultation_id)
    if not token_ok(form, csrf):
        return page(request, consultation_id, error=EXPIRED, field=field, draft=form, status=403)
    try:
        save(who, request, consultation_id, form)
    except ValidationFailed as e:
        message = EMPTY if str(e) == EMPTY else dutch(e)
        return page(request, consultation_id, error=message, field=field, draft=form, status=400)
    except OverlegError as e:
        return page(request, consultation_id, error=dutch(e), field=field, draft=form, status=status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}?opgeslagen=1", status_code=303)


def _autosave(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _json({"error": "Log eerst in."}, 401)
    if not token_ok(form, csrf):
        return _json({"error": EXPIRED}, 403)
    try:
        version, changed = save(who, request, consultation_id, form)
    except StaleVersion as e:
        return _json({"error": f"{STALE} Uw eigen tekst staat nog in het veld en is in deze browser bewaard.",
                      "conflict": True, "reload": f"/werkruimte/{consultation_id}", "detail": str(e)}, 409)
    except ValidationFailed as e:
        return _json({"error": EMPTY if str(e) == EMPTY else dutch(e)}, 400)
    except OverlegError as e:
        return _json({"error": dutch(e)}, status_of(e))
    at = local(service_of(request).clock()).strftime("%H:%M")
    return _json({"version": version, "changed": changed, "saved_at": at,
                  "message": f"Automatisch opgeslagen om {at}"}, 200)


def _json(data: dict[str, Any], status: int) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"Cache-Control": "no-store"})
