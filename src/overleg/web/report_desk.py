"""The final report's desk: ``/werkruimte/{id}/verslag`` for the clerk and the chair.

Reads: the consultation as the service shows it, and its report: once the answers are received
the report as it would be published (``Consultations.preview``), once established the report
itself (``Consultations.document``). The report's body is built by ``document_page.build_page``,
the same code that renders the public's page of a published report, so what the committee
reads here is what the public will read (only the number and date are added at establishing).

Writes: establishing (``EstablishReport``, the chair or the clerk) and publishing
(``PublishReport``, the clerk only). Both go through a confirmation page (``bevestigen.html.j2``)
that says what happens; a post without ``bevestigd=ja`` never runs the step. After each step
the browser goes back to this page with ``?gedaan=vastgesteld`` or ``?gedaan=gepubliceerd``.
The service decides who may (the access table); the page only hides what cannot be used. A
refused establishment (the number belongs to another paper: ``Conflict``) is shown in the error
summary with the typed values kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import Conflict, IllegalTransition, NotFound, OverlegError, StaleVersion, ValidationFailed
from overleg.http.auth import service_of
from overleg.model import DocumentId
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation, State
from overleg.service import Credentials
from overleg.service.consultations import Consultations
from overleg.vocabulary.dates import dutch_date
from overleg.web.document_page import build_page
from overleg.web.render import respond
from overleg.web.session import caller, form_of
from overleg.web.workspace_common import (
    EXPIRED,
    STATES,
    dutch,
    forbidden,
    local,
    not_found,
    refused,
    status_of,
    token_ok,
)

router = APIRouter(include_in_schema=False)

FIELDS = ("dossier", "document_number", "dossier_title", "chair", "clerk")
NOT_SIGNING = ("Het verslag vóór publicatie is alleen voor de griffier en de voorzitter van de commissie. "
               "Het voorbeeld van het verslag staat op de pagina van de procedure.")
ONLY_CLERK_PUBLISHES = "Alleen de griffier publiceert het verslag. Vraag de griffier van de commissie dit te doen."
Errors = list[dict[str, str]]


def today(request: Request) -> dt.date:
    """Today in Dutch time (a step at 00:30 belongs to that day, not to UTC's)."""
    return local(service_of(request).clock()).date()


def desk_links(service: Consultations, who: Credentials, c: Consultation) -> list[dict[str, str]]:
    """The report's pages the user may use now, for the consultation's page."""
    actions = service.actions(who.actor, c)
    links = []
    if service.signs_report(who.actor, c) and c.state.at_least(State.ANSWERS_RECEIVED):
        links.append({"href": f"/werkruimte/{c.id}/verslag", "text": "Verslag en vaststelling"})
    if service.may_read_log(who.actor, c):
        links.append({"href": f"/werkruimte/{c.id}/logboek", "text": "Logboek"})
    if "correct" in actions:
        links.append({"href": f"/werkruimte/{c.id}/correctie", "text": "Correctie"})
    if service.may_follow_up(who.actor, c):
        links.append({"href": f"/werkruimte/{c.id}/nader-overleg", "text": "Nader schriftelijk overleg"})
    return links


def _defaults(c: Consultation) -> dict[str, str]:
    """The establish form as first shown: the signatures of chair and clerk, and the dossier of
    the first paper the consultation is about (the report usually goes into that dossier)."""
    dossier = next((d.dossier for d in c.subject_refs if d.dossier), None) or ""
    return {"dossier": dossier, "document_number": "", "dossier_title": "", "chair": c.chair.name or "",
            "clerk": c.clerk.name or ""}


@router.get("/werkruimte/{consultation_id}/verslag")
@router.get("/werkruimte/{consultation_id}/verslag.json")
async def report(consultation_id: str, request: Request) -> Response:
    """The final report as the public will see it, with the form for the next step."""
    return await run_in_threadpool(report_page, request, consultation_id, as_json=request.url.path.endswith(".json"))


def report_page(request: Request, consultation_id: str, *, values: dict[str, str] | None = None,
                errors: Errors | None = None, status: int = 200, as_json: bool = False) -> Response:
    """The report page; ``values`` and ``errors`` are a refused establish form's."""
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request)
    try:
        c = service.consultations.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    if not service.consultations.signs_report(who.actor, c):
        return forbidden(request, NOT_SIGNING, as_json)
    if not c.state.at_least(State.ANSWERS_RECEIVED):
        return respond(request, "error.html.j2", {
            "title": "Nog geen verslag", "status": 409,
            "message": "Er is nog geen verslag om vast te stellen: eerst moeten de antwoorden van de regering "
                       "zijn ontvangen. Tot dan toont de pagina van de procedure een voorbeeld."}, as_json, 409)
    established = c.established is not None
    doc = (service.consultations.document(who.actor, consultation_id) if established
           else service.consultations.preview(who.actor, consultation_id))
    built = build_page(service, str(doc.id) if doc.id else consultation_id, doc, c.report_version)
    actions = service.consultations.actions(who.actor, c)
    est = c.established
    data: dict[str, Any] = {
        "title": f"Verslag: {c.subject or c.id}", "id": c.id, "back": f"/werkruimte/{c.id}",
        "state": c.state.value, "state_name": STATES.get(c.state.value, c.state.value),
        "report_version": c.report_version, "items": built.data["items"],
        "established": None if est is None else {
            "document_id": str(est.document_id), "dossier": est.dossier, "document_number": est.document_number,
            "established_on": est.established_on.isoformat(), "established_shown": dutch_date(est.established_on),
            "chair": est.chair, "clerk": est.clerk},
        "published": f"/documents/{est.document_id}" if est is not None and c.state is State.PUBLISHED else None,
        "establish": (values or _defaults(c)) if "establish" in actions else None,
        "publish": "publish" in actions,
        "correct": f"/werkruimte/{c.id}/correctie" if "correct" in actions else None,
        "errors": errors or [],
    }
    return respond(request, "verslag.html.j2", data, as_json, status, extra={"body": built.body})


# -- establishing -----------------------------------------------------------------------------


@router.post("/werkruimte/{consultation_id}/verslag/vaststellen")
async def establish(consultation_id: str, request: Request) -> Response:
    """Establish the report: the first post shows the confirmation, ``bevestigd=ja`` runs it."""
    form = await form_of(request)
    return await run_in_threadpool(_establish, request, consultation_id, form)


def _establish(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    values = {name: form.get(name, "").strip() for name in FIELDS}

    def again(errors: Errors, status: int) -> Response:
        return report_page(request, consultation_id, values=values, errors=errors, status=status)

    if not token_ok(form, csrf):
        return again([{"field": "vaststellen", "message": EXPIRED}], 403)
    if form.get("terug"):
        return again([], 200)
    errors = _establish_errors(values)
    if errors:
        return again(errors, 400)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, False)
    if "establish" not in service.actions(who.actor, c) and form.get("bevestigd") != "ja":
        return again([{"field": "vaststellen", "message": "Het verslag kan nu niet worden vastgesteld "
                       f"(de procedure is {STATES.get(c.state.value, c.state.value)})."}], 409)
    day = today(request)
    if form.get("bevestigd") != "ja":
        return _confirm_establish(request, c, values, day)
    command = cmd.EstablishReport(dossier=values["dossier"], document_number=values["document_number"],
                                  established_on=day, dossier_title=values["dossier_title"] or None,
                                  chair=values["chair"] or None, clerk=values["clerk"] or None)
    try:
        service.execute(who.actor, consultation_id, command)
    except (IllegalTransition, StaleVersion) as e:
        return again([{"field": "vaststellen", "message": dutch(e)}], 409)
    except Conflict:
        return again([{"field": "document_number", "message": (
            f"Kamerstuk {values['dossier']}, nr. {values['document_number']} bestaat al: dat nummer hoort bij een "
            "ander stuk. Kies een ander documentnummer (of controleer het dossiernummer).")}], 409)
    except ValidationFailed as e:
        field = (e.field or "").split(".")[0]
        return again([{"field": field if field in FIELDS else "vaststellen", "message": dutch(e)}], 400)
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, "U mag dit verslag niet vaststellen: dat doen de voorzitter en de griffier "
                                      "van de commissie.", False)
        return again([{"field": "vaststellen", "message": dutch(e)}], status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}/verslag?gedaan=vastgesteld", status_code=303)


def _establish_errors(values: dict[str, str]) -> Errors:
    errors: Errors = []
    if not values["dossier"]:
        errors.append({"field": "dossier", "message": "Vul het dossiernummer in, bijvoorbeeld 21501-02."})
    if not values["document_number"]:
        errors.append({"field": "document_number", "message": "Vul het documentnummer in, bijvoorbeeld 3350."})
    if not errors:
        try:
            DocumentId.kamerstuk(values["dossier"], values["document_number"])
        except ValueError:
            errors.append({"field": "dossier", "message": "Dit dossier- en documentnummer vormen samen geen "
                           "Kamerstuk. Gebruik cijfers, eventueel met een romeins cijfer of letters, "
                           "bijvoorbeeld 21501-02 en 3350."})
    for name, who in (("chair", "de voorzitter"), ("clerk", "de griffier")):
        if not values[name]:
            errors.append({"field": name, "message": f"Vul de naam van {who} in; die ondertekent het verslag."})
    return errors


def _confirm_establish(request: Request, c: Consultation, values: dict[str, str], day: dt.date) -> Response:
    number = f"Kamerstuk {values['dossier']}, nr. {values['document_number']}"
    data = {
        "title": "Verslag vaststellen?", "back": f"/werkruimte/{c.id}/verslag",
        "lines": [f"U stelt het verslag vast als {number}, met de datum van vandaag ({dutch_date(day)}).",
                  "Daarna kan niemand het verslag nog wijzigen. Een fout herstelt de griffier met een correctie: "
                  "die wordt een nieuwe versie van het verslag, met de reden erbij.",
                  "Het verslag wordt nog niet gepubliceerd; dat is een aparte stap van de griffier."],
        "shown": [{"name": "Dossiernummer", "value": values["dossier"]},
                  {"name": "Documentnummer", "value": values["document_number"]},
                  {"name": "Titel van het dossier", "value": values["dossier_title"] or "(geen)"},
                  {"name": "Ondertekend door de voorzitter", "value": values["chair"]},
                  {"name": "Ondertekend door de griffier", "value": values["clerk"]}],
        "action": f"/werkruimte/{c.id}/verslag/vaststellen", "fields": values, "confirm": "Ja, verslag vaststellen"}
    return respond(request, "bevestigen.html.j2", data, False)


# -- publishing -------------------------------------------------------------------------------


@router.post("/werkruimte/{consultation_id}/verslag/publiceren")
async def publish(consultation_id: str, request: Request) -> Response:
    """Publish the established report (the clerk): confirmation first, ``bevestigd=ja`` runs it."""
    form = await form_of(request)
    return await run_in_threadpool(_publish, request, consultation_id, form)


def _publish(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    if not token_ok(form, csrf):
        return report_page(request, consultation_id, errors=[{"field": "publiceren", "message": EXPIRED}],
                           status=403)
    back = f"/werkruimte/{consultation_id}/verslag"
    if form.get("terug"):
        return RedirectResponse(back, status_code=303)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, False)
    if form.get("bevestigd") != "ja":
        if "publish" not in service.actions(who.actor, c):
            if c.state is State.ESTABLISHED:
                return forbidden(request, ONLY_CLERK_PUBLISHES, False)
            return report_page(request, consultation_id, status=409, errors=[{
                "field": "publiceren", "message": "Het verslag kan nu niet worden gepubliceerd (de procedure is "
                                                  f"{STATES.get(c.state.value, c.state.value)})."}])
        return _confirm_publish(request, c)
    try:
        service.execute(who.actor, consultation_id, cmd.PublishReport(published_on=today(request)))
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, ONLY_CLERK_PUBLISHES, False)
        return report_page(request, consultation_id, errors=[{"field": "publiceren", "message": dutch(e)}],
                           status=status_of(e))
    return RedirectResponse(f"{back}?gedaan=gepubliceerd", status_code=303)


def _confirm_publish(request: Request, c: Consultation) -> Response:
    assert c.established is not None  # publish is only possible once established
    est = c.established
    data = {
        "title": "Verslag publiceren?", "back": f"/werkruimte/{c.id}/verslag",
        "lines": [f"U publiceert het verslag (Kamerstuk {est.dossier}, nr. {est.document_number}). Daarna kan "
                  "iedereen het lezen en downloaden, ook zonder in te loggen.",
                  "Publiceren kan niet worden teruggedraaid. Een fout herstelt u daarna met een correctie: die "
                  "wordt een nieuwe versie van het gepubliceerde verslag."],
        "shown": [], "action": f"/werkruimte/{c.id}/verslag/publiceren", "fields": {},
        "confirm": "Ja, verslag publiceren"}
    return respond(request, "bevestigen.html.j2", data, False)
