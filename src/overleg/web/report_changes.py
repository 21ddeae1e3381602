"""After the report is established: a correction (``/werkruimte/{id}/correctie``) and a
follow-up round (``/werkruimte/{id}/nader-overleg``), both for the committee's clerk.

Reads: the consultation as the clerk sees it; its earlier corrections (``Consultation.corrections``).
Writes: ``CorrectReport`` (a new version of the report with a required reason, behind a
confirmation page that shows the current and the new text; a published report is saved again
as that new version, so the public page shows it) and ``StartFollowUp`` through
``Consultations.start_follow_up`` (the new consultation copies committee, addressees, groups and
papers; the browser goes to its page). The service decides who may; a field that cannot be read
is said next to it with what was typed kept.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError, StaleVersion, ValidationFailed
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation, TextCorrection
from overleg.vocabulary.dates import dutch_moment
from overleg.web.render import respond
from overleg.web.report_desk import Errors, today
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import (
    EXPIRED,
    dutch,
    forbidden,
    moment_of,
    not_found,
    numbers_in,
    refused,
    status_of,
    token_ok,
)
from overleg.web.workspace_forms import listed

router = APIRouter(include_in_schema=False)

CORRECTION_FIELDS = ("soort", "nummers", "tekst", "reden", "version")
FOLLOW_UP_FIELDS = ("subject", "date", "time")
ONLY_CLERK_CORRECTS = "Alleen de griffier van de commissie kan een vastgesteld verslag corrigeren."
NOT_ESTABLISHED = "Corrigeren kan pas als het verslag is vastgesteld; tot dan past u de tekst zelf aan."
ONLY_CLERK_FOLLOWS_UP = "Alleen de griffier van de commissie kan een nader schriftelijk overleg starten."
FOLLOW_UP_NEEDS_REPORT = "Een nader schriftelijk overleg kan pas starten als het verslag is vastgesteld."


def _clerk_consultation(request: Request, consultation_id: str, action: str, as_json: bool,
                        ) -> Consultation | Response:
    """The consultation when the user may do ``action`` now ("correct" or "start_follow_up"),
    else the page that says why not (401, 404, 409 or 403)."""
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    allowed = "correct" in service.actions(who.actor, c) if action == "correct" else service.may_follow_up(who.actor, c)
    if allowed:
        return c
    if c.established is None:
        message = NOT_ESTABLISHED if action == "correct" else FOLLOW_UP_NEEDS_REPORT
        return respond(request, "error.html.j2", {"title": "Nog niet vastgesteld", "status": 409, "message": message},
                       as_json, 409)
    return forbidden(request, ONLY_CLERK_CORRECTS if action == "correct" else ONLY_CLERK_FOLLOWS_UP, as_json)


# -- a correction -----------------------------------------------------------------------------


@router.get("/werkruimte/{consultation_id}/correctie")
@router.get("/werkruimte/{consultation_id}/correctie.json")
async def correction_form(consultation_id: str, request: Request) -> Response:
    """The correction form and the earlier corrections (the clerk, once established)."""
    return await run_in_threadpool(_correction_page, request, consultation_id, None, [], 200,
                                   request.url.path.endswith(".json"))


@router.post("/werkruimte/{consultation_id}/correctie")
async def correct(consultation_id: str, request: Request) -> Response:
    """A correction: the first post shows the confirmation, ``bevestigd=ja`` saves it."""
    form = await form_of(request)
    return await run_in_threadpool(_correct, request, consultation_id, form)


def _correction_page(request: Request, consultation_id: str, values: dict[str, str] | None, errors: Errors,
                     status: int, as_json: bool) -> Response:
    found = _clerk_consultation(request, consultation_id, "correct", as_json)
    if not isinstance(found, Consultation):
        return found
    c = found
    who, _ = caller(request)
    names = service_of(request).consultations.log_names(who.actor, c.id, (k.corrected_by for k in c.corrections))
    data: dict[str, Any] = {
        "title": f"Correctie: {c.subject or c.id}", "id": c.id, "back": f"/werkruimte/{c.id}",
        "report": f"/werkruimte/{c.id}/verslag", "report_version": c.report_version,
        "numbers": listed(c.numbers), "last": c.numbers[-1] if c.numbers else 0,
        "values": values or {"soort": "antwoord", "nummers": "", "tekst": "", "reden": "", "version": str(c.version)},
        "corrections": [{"version": k.report_version, "reason": k.reason, "at": k.corrected_at.isoformat(),
                         "at_shown": dutch_moment(k.corrected_at), "by": names.get(k.corrected_by, k.corrected_by),
                         "what": _what(k.questions, k.answers)} for k in reversed(c.corrections)],
        "errors": errors}
    return respond(request, "correctie.html.j2", data, as_json, status)


def _what(questions: tuple[TextCorrection, ...], answers: tuple[TextCorrection, ...]) -> str:
    parts = [f"vraag {t.number}" for t in questions] + [f"antwoord op vraag {t.number}" for t in answers]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _correct(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    values = {name: form.get(name, "").strip() for name in CORRECTION_FIELDS}

    def again(errors: Errors, status: int) -> Response:
        return _correction_page(request, consultation_id, values, errors, status, False)

    if not token_ok(form, csrf):
        return again([{"field": "correctie", "message": EXPIRED}], 403)
    found = _clerk_consultation(request, consultation_id, "correct", False)
    if not isinstance(found, Consultation):
        return found
    c = found
    if form.get("terug"):
        return again([], 200)
    built = _correction(c, values)
    if isinstance(built, list):
        return again(built, 400)
    if form.get("bevestigd") != "ja":
        return _confirm_correction(request, c, values, built)
    try:
        service_of(request).consultations.execute(who.actor, consultation_id, built)
    except StaleVersion:
        return again([{"field": "correctie", "message": "Intussen is het verslag door iemand anders gewijzigd. "
                       "Uw tekst staat nog in het formulier; bekijk de correcties hieronder en probeer het opnieuw."}],
                     409)
    except ValidationFailed as e:
        field = {"reason": "reden", "number": "nummers", "questions": "tekst", "answers": "tekst"}.get(
            (e.field or "").split(".")[0], "correctie")
        return again([{"field": field, "message": dutch(e)}], 400)
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, ONLY_CLERK_CORRECTS, False)
        return again([{"field": "correctie", "message": dutch(e)}], status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}/correctie?gedaan=gecorrigeerd", status_code=303)


def _correction(c: Consultation, values: dict[str, str]) -> cmd.CorrectReport | Errors:
    """The command the fields describe, or the Dutch reason per field that cannot be read."""
    errors: Errors = []
    kind = values["soort"]
    if kind not in ("vraag", "antwoord"):
        errors.append({"field": "soort-vraag", "message": "Kies of u een vraag of een antwoord corrigeert."})
    numbers = numbers_in(values["nummers"]) or ()
    if not values["nummers"] or numbers_in(values["nummers"]) is None or not numbers:
        errors.append({"field": "nummers", "message": "Vul het nummer van de vraag in, bijvoorbeeld 4; "
                       "meer nummers met komma's, bijvoorbeeld 4, 5."})
    else:
        missing = [n for n in numbers if n not in c.numbers]
        if missing:
            errors.append({"field": "nummers", "message": f"Vraag {listed(tuple(missing))} staat niet in het verslag; "
                           f"het verslag heeft de vragen {listed(c.numbers)}."})
    if not values["tekst"]:
        errors.append({"field": "tekst", "message": "Vul de nieuwe tekst in, zoals hij in het verslag moet komen."})
    if not values["reden"]:
        errors.append({"field": "reden", "message": "Geef de reden van de correctie; die wordt bij de nieuwe "
                       "versie van het verslag vermeld."})
    version = whole(values["version"])
    if version is None:
        errors.append({"field": "correctie", "message": "Het formulier is onvolledig; laad de pagina opnieuw."})
    if errors or version is None:
        return errors
    texts: list[TextCorrection] = []
    if kind == "vraag":
        texts = [TextCorrection(n, values["tekst"]) for n in numbers]
    else:  # one correction per answer: an answer to several numbers is one text
        seen: set[tuple[int, ...]] = set()
        for n in numbers:
            answer = c.answer_to(n)
            key = answer.numbers if answer else (n,)
            if key not in seen:
                seen.add(key)
                texts.append(TextCorrection(n, values["tekst"]))
    return cmd.CorrectReport(expected_version=version, reason=values["reden"],
                             questions=tuple(texts) if kind == "vraag" else (),
                             answers=tuple(texts) if kind == "antwoord" else ())


def _confirm_correction(request: Request, c: Consultation, values: dict[str, str],
                        command: cmd.CorrectReport) -> Response:
    shown = []
    for t in command.questions:
        passage = c.passage_at(t.number)
        shown.append({"name": f"Vraag {t.number} nu", "value": passage.text if passage else ""})
    for t in command.answers:
        answer = c.answer_to(t.number)
        numbers = answer.numbers if answer else (t.number,)
        shown.append({"name": f"Antwoord op vraag {listed(numbers)} nu", "value": answer.text if answer else ""})
    shown += [{"name": "Wordt", "value": values["tekst"]}, {"name": "Reden", "value": values["reden"]}]
    published = " Het gepubliceerde verslag toont daarna de nieuwe versie." if c.state.value == "published" else ""
    data = {
        "title": "Correctie opslaan?", "back": f"/werkruimte/{c.id}/correctie",
        "lines": [f"De correctie wordt versie {c.report_version + 1} van het verslag, met de reden erbij. De "
                  f"vorige versie blijft bewaard.{published}",
                  "Een correctie kan niet worden ingetrokken; een nieuwe fout herstelt u met nog een correctie."],
        "shown": shown, "action": f"/werkruimte/{c.id}/correctie", "fields": values,
        "confirm": "Ja, correctie opslaan"}
    return respond(request, "bevestigen.html.j2", data, False)


# -- a follow-up round --------------------------------------------------------------------------


@router.get("/werkruimte/{consultation_id}/nader-overleg")
@router.get("/werkruimte/{consultation_id}/nader-overleg.json")
async def follow_up_form(consultation_id: str, request: Request) -> Response:
    """The form for a follow-up round (the clerk, once the report is established)."""
    return await run_in_threadpool(_follow_up_page, request, consultation_id, None, [], 200,
                                   request.url.path.endswith(".json"))


@router.post("/werkruimte/{consultation_id}/nader-overleg")
async def follow_up(consultation_id: str, request: Request) -> Response:
    """Start the follow-up round and go to its page."""
    form = await form_of(request)
    return await run_in_threadpool(_follow_up, request, consultation_id, form)


def _follow_up_page(request: Request, consultation_id: str, values: dict[str, str] | None, errors: Errors,
                    status: int, as_json: bool) -> Response:
    found = _clerk_consultation(request, consultation_id, "start_follow_up", as_json)
    if not isinstance(found, Consultation):
        return found
    c = found
    groups = ", ".join(g.name for g in c.groups)
    data: dict[str, Any] = {
        "title": f"Nader schriftelijk overleg: {c.subject or c.id}", "id": c.id, "back": f"/werkruimte/{c.id}",
        "copied": {"committee": c.committee, "addressees": [a.title for a in c.addressees], "groups": groups,
                   "report": str(c.established.document_id) if c.established else None},
        "values": values or {"subject": c.subject or "", "date": "", "time": "14:00"}, "errors": errors}
    return respond(request, "nader.html.j2", data, as_json, status)


def _follow_up(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    values = {name: form.get(name, "").strip() for name in FOLLOW_UP_FIELDS}

    def again(errors: Errors, status: int) -> Response:
        return _follow_up_page(request, consultation_id, values, errors, status, False)

    if not token_ok(form, csrf):
        return again([{"field": "nader", "message": EXPIRED}], 403)
    found = _clerk_consultation(request, consultation_id, "start_follow_up", False)
    if not isinstance(found, Consultation):
        return found
    service = service_of(request)
    deadline = moment_of(values["date"], values["time"])
    if isinstance(deadline, str):
        return again([{"field": "nader-datum", "message": deadline}], 400)
    if deadline <= service.clock():
        return again([{"field": "nader-datum", "message": "De termijn ligt in het verleden. Kies een latere datum "
                                                          "of tijd."}], 400)
    new_id = f"so-{today(request):%Y%m%d}-{secrets.token_hex(3)}"
    try:
        service.consultations.start_follow_up(who.actor, new_id, consultation_id, deadline,
                                              values["subject"] or None)
    except ValidationFailed as e:
        field = "nader-datum" if (e.field or "").startswith("deadline") else "nader-onderwerp"
        return again([{"field": field, "message": dutch(e)}], 400)
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, ONLY_CLERK_FOLLOWS_UP, False)
        return again([{"field": "nader", "message": dutch(e)}], status_of(e))
    return RedirectResponse(f"/werkruimte/{new_id}?gedaan=nader-overleg", status_code=303)
