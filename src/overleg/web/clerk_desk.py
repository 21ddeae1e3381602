"""The clerk's desk on the consultation's page, and a confirmation page for every irreversible step.

Reads: the actor's view of a consultation and the steps the actor may take now (the service
decides both). Writes: template data for the desk (``desk``): the step indicator, "Wat u nu
kunt doen" (only steps that have a page or a button), intake per group with each group's own
deadline; and the confirmation pages ``GET /werkruimte/{id}/bevestigen/{step}`` that say what
will happen and warn about groups without a contribution and deadlines still running, with a
"Ja, ..." button (POST with CSRF) and "Annuleren". After the step the page redirects to the desk
with ``?gedaan=<code>`` (``web.messages``). The letter to the minister is downloaded here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError, ValidationFailed
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation
from overleg.vocabulary.counts import aantal
from overleg.vocabulary.dates import DUTCH_TIME
from overleg.web.render import respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import (
    EXPIRED,
    dutch,
    forbidden,
    local,
    moment_of,
    not_found,
    refused,
    shown,
    status_of,
    token_ok,
)
from overleg.writers.covering_letter import to_docx, to_pdf

router = APIRouter(include_in_schema=False)

# The NL Design System "stappen" of a consultation; answering belongs to "Verzonden".
STEPS = ("Concept", "Inbreng", "Inbreng gesloten", "Genummerd", "Verzonden", "Beantwoord", "Vastgesteld",
         "Gepubliceerd")
_STEP_OF = {"draft": 0, "intake_open": 1, "intake_closed": 2, "numbered": 3, "sent": 4, "answering": 4,
            "answers_received": 5, "established": 6, "published": 7}


def step_indicator(c: Consultation) -> list[dict[str, str]]:
    """Each step with its status: "gedaan", "huidig" (aria-current="step") or "nog niet"."""
    at = _STEP_OF[c.state.value]
    return [{"name": name, "status": "gedaan" if k < at else "huidig" if k == at else "nog niet"}
            for k, name in enumerate(STEPS)]


def group_status(c: Consultation, group: str) -> str:
    """"niets", "concept" or "ingediend": what the clerk sees of a group's contribution (only a
    handed-in contribution is numbered; a draft stays the group's)."""
    return {"none": "niets", "draft": "concept", "submitted": "ingediend"}[c.intake_status(group)]


@dataclass(frozen=True)
class Confirmation:
    """An irreversible step: its slug in the address, action, the page's words and its message code."""

    slug: str
    action: str
    title: str
    yes: str
    done: str


CONFIRMATIONS: dict[str, Confirmation] = {k.slug: k for k in (
    Confirmation("inbreng-openen", "open_intake", "Inbreng openen", "Ja, open de inbreng", "inbreng-geopend"),
    Confirmation("inbreng-sluiten", "close_intake", "Inbreng sluiten", "Ja, sluit de inbreng", "inbreng-gesloten"),
    Confirmation("nummeren", "number", "Vragen nummeren", "Ja, nummer de vragen", "genummerd"),
    Confirmation("versturen", "send", "Vragen versturen", "Ja, verstuur de vragen", "verzonden"),
    Confirmation("inbreng-heropenen", "reopen_intake", "Inbreng heropenen", "Ja, heropen de inbreng",
                 "inbreng-heropend"),
    Confirmation("vraag-intrekken", "withdraw_passage", "Vraag intrekken", "Ja, trek de vraag in", "vraag-ingetrokken"),
    Confirmation("antwoorden-ontvangen", "receive_answers", "Antwoorden ontvangen", "Ja, de antwoorden zijn ontvangen",
                 "antwoorden-ontvangen"),
    Confirmation("samenvoegen", "merge_passages", "Vragen samenvoegen", "Ja, voeg de vragen samen", "samengevoegd"),
)}
BY_ACTION = {k.action: k for k in CONFIRMATIONS.values()}

# What the desk lists under "Wat u nu kunt doen": only steps with a page or a button, each with
# where it is done ({id} is the consultation). Other pages add their rows here.
ACTION_LINKS: dict[str, tuple[str, str]] = {
    "edit_details": ("Gegevens wijzigen (geadresseerde, onderwerp, stukken, fracties)", "/werkruimte/{id}/gegevens"),
    "open_intake": ("Inbreng openen", "/werkruimte/{id}/bevestigen/inbreng-openen"),
    "submit_contribution": ("Inbreng schrijven", "/werkruimte/{id}#inbreng-bewerken"),
    "extend_deadline": ("Termijn verlengen", "/werkruimte/{id}#termijn-kop"),
    "set_group_order": ("Volgorde van de fracties kiezen", "/werkruimte/{id}#volgorde-kop"),
    "close_intake": ("Inbreng sluiten", "/werkruimte/{id}/bevestigen/inbreng-sluiten"),
    "move_passage": ("Lijst van vragen nakijken (volgorde, samenvoegen, intrekken)", "/werkruimte/{id}/lijst"),
    "number": ("Vragen nummeren", "/werkruimte/{id}/bevestigen/nummeren"),
    "reopen_intake": ("Inbreng heropenen", "/werkruimte/{id}/bevestigen/inbreng-heropenen"),
    "send": ("Vragen versturen", "/werkruimte/{id}/bevestigen/versturen"),
    "correct_addressees": ("Geadresseerde corrigeren", "/werkruimte/{id}/gegevens"),
    "set_answer_deadline": ("Antwoordtermijn wijzigen", "/werkruimte/{id}#antwoordtermijn-kop"),
    "answer": ("Vragen beantwoorden", "/werkruimte/{id}/beantwoording"),
    "request_postponement": ("Uitstel vragen", "/werkruimte/{id}/beantwoording"),
    "deliver_answers": ("Antwoorden versturen", "/werkruimte/{id}/beantwoording/versturen"),
    "receive_answers": ("Antwoorden ontvangen (buiten overleg)", "/werkruimte/{id}/bevestigen/antwoorden-ontvangen"),
    "establish": ("Verslag vaststellen", "/werkruimte/{id}/verslag#vaststellen-kop"),
    "publish": ("Verslag publiceren", "/werkruimte/{id}/verslag#publiceren"),
    "correct": ("Verslag corrigeren", "/werkruimte/{id}/correctie"),
}


def todo(c: Consultation, actions: list[str]) -> list[dict[str, str]]:
    """The steps the user can take now that the browser offers, with their links."""
    return [{"name": name, "href": href.format(id=c.id)}
            for action, (name, href) in ACTION_LINKS.items() if action in actions]


def desk(c: Consultation, actions: list[str], is_clerk: bool, now: dt.datetime, answer_days: int,
         draft: dict[str, str] | None) -> dict[str, Any]:
    """The clerk's part of the page: intake per group, the answer deadline form, the letter."""
    data: dict[str, Any] = {"intake": None, "answer_deadline_form": None, "letter": None,
                            "list": f"/werkruimte/{c.id}/lijst" if "move_passage" in actions else None}
    if is_clerk:
        data["intake"] = [
            {"group": g.name, "seats": g.seats, "status": group_status(c, g.name),
             "editor": f"/werkruimte/{c.id}/inbreng/{g.name}" if c.contribution(g.name) else None,
             "passages": len(k.live_passages) if (k := c.contribution(g.name)) else 0,
             "deadline": shown(c.deadline_for(g.name)), "own": g.extended_until is not None,
             "extendable": "extend_deadline" in actions}
            for g in c.groups]
        if c.sent_on is not None:
            data["letter"] = {"pdf": f"/werkruimte/{c.id}/brief.pdf", "docx": f"/werkruimte/{c.id}/brief.docx"}
    if "set_answer_deadline" in actions:
        due = local(c.answer_deadline) if c.answer_deadline else proposed_answer_deadline(now, answer_days)
        data["answer_deadline_form"] = {"date": due.date().isoformat(), "time": due.strftime("%H:%M")} | (
            {"date": draft.get("date", ""), "time": draft.get("time", "")} if draft is not None else {})
    return data


def proposed_answer_deadline(now: dt.datetime, answer_days: int) -> dt.datetime:
    """``answer_days`` days after today (Dutch time), at 12.00 uur."""
    day = local(now).date() + dt.timedelta(days=answer_days)
    return dt.datetime.combine(day, dt.time(12, 0), DUTCH_TIME)


# -- the confirmation pages -------------------------------------------------------------------


@router.get("/werkruimte/{consultation_id}/bevestigen/{slug}")
async def confirm_page(consultation_id: str, slug: str, request: Request) -> Response:
    """What the step will do, with its warnings, and the "Ja" and "Annuleren" buttons."""
    return await run_in_threadpool(_confirm, request, consultation_id, slug, dict(request.query_params), None)


@router.post("/werkruimte/{consultation_id}/bevestigen/{slug}")
async def confirmed(consultation_id: str, slug: str, request: Request) -> Response:
    """The step, once confirmed; back to the desk with its message, or the page with the error."""
    form = await form_of(request)
    return await run_in_threadpool(_confirm, request, consultation_id, slug, form, form)


def _confirm(request: Request, consultation_id: str, slug: str, values: dict[str, str],
             posted: dict[str, str] | None) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    step = CONFIRMATIONS.get(slug)
    service = service_of(request)
    try:
        c = service.consultations.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, False)
    if step is None:
        return respond(request, "error.html.j2", {"title": "Stap niet gevonden", "status": 404,
                                                  "message": f"Er is geen stap {slug}."}, False, 404)
    if step.action not in service.consultations.actions(who.actor, c):
        return forbidden(request, f"{step.title} kan nu niet, of alleen door de griffier van de commissie.", False)
    now = service.clock()
    errors: list[dict[str, str]] = []
    status = 200
    if posted is not None:
        if not token_ok(posted, csrf):
            errors, status = [{"field": "ja", "message": EXPIRED}], 403
        else:
            built = _command(step, c, posted, now)
            if isinstance(built, list):
                errors, status = built, 400
            else:
                try:
                    service.consultations.execute(who.actor, consultation_id, built)
                except ValidationFailed as e:
                    where = {"deadline": "datum", "answer_deadline": "datum"}.get(e.field or "", "ja")
                    errors, status = [{"field": where, "message": dutch_invalid(e)}], 400
                except OverlegError as e:
                    errors, status = [{"field": "ja", "message": dutch(e)}], status_of(e)
                else:
                    return RedirectResponse(f"/werkruimte/{consultation_id}?gedaan={step.done}", status_code=303)
    data = _page_data(step, c, values, now, service.settings.answer_days)
    if data is None:
        return respond(request, "error.html.j2", {"title": "Vraag niet gevonden", "status": 404,
                                                  "message": "Deze vraag staat niet (meer) in de lijst."}, False, 404)
    return respond(request, "confirm.html.j2", data | {"errors": errors}, False, status)


def dutch_invalid(e: ValidationFailed) -> str:
    return dutch(e)  # the procedure's refusals are Dutch and name the moment


def _moment_field(values: dict[str, str]) -> dt.datetime | list[dict[str, str]]:
    moment = moment_of(values.get("date", ""), values.get("time", ""))
    return [{"field": "datum", "message": moment}] if isinstance(moment, str) else moment


def _command(step: Confirmation, c: Consultation, form: dict[str, str],
             now: dt.datetime) -> cmd.Command | list[dict[str, str]]:
    """The step's command from the confirmed form, or the Dutch errors per field."""
    today = local(now).date()
    if step.action == "send":
        due = _moment_field(form)
        return due if isinstance(due, list) else cmd.SendQuestions(sent_on=today, answer_deadline=due)
    if step.action == "reopen_intake":
        due = _moment_field(form)
        return due if isinstance(due, list) else cmd.ReopenIntake(deadline=due)
    if step.action == "withdraw_passage":
        group = form.get("fractie", "")
        own = c.contribution(group)
        return cmd.WithdrawPassage(expected_version=own.version if own else 0, group=group,
                                   passage_id=form.get("vraag", ""))
    if step.action == "merge_passages":
        version = whole(form.get("versie"))
        if version is None:
            return [{"field": "ja", "message": "Het formulier is onvolledig; open de lijst opnieuw."}]
        return cmd.MergePassages(expected_version=version, group=form.get("fractie", ""),
                                 first=form.get("vraag", ""), second=form.get("volgende", ""))
    simple: dict[str, Callable[[], cmd.Command]] = {
        "open_intake": cmd.OpenIntake, "close_intake": cmd.CloseIntake, "number": cmd.NumberPassages,
        "receive_answers": lambda: cmd.ReceiveAnswers(received_on=today)}
    return simple[step.action]()


def _passage_text(c: Consultation, group: str, passage_id: str) -> str | None:
    own = c.contribution(group)
    found = own.passage(passage_id) if own else None
    return found.text if found and not found.withdrawn else None


def _page_data(step: Confirmation, c: Consultation, values: dict[str, str], now: dt.datetime,
               answer_days: int) -> dict[str, Any] | None:
    """What the confirmation page says: what happens, the warnings, the fields it needs."""
    data: dict[str, Any] = {"title": step.title, "step": step.slug, "yes": step.yes, "id": c.id,
                            "subject": c.subject or c.id, "back": f"/werkruimte/{c.id}", "hidden": {},
                            "warnings": [], "moment": None}
    missing = [g.name for g in c.groups if group_status(c, g.name) != "ingediend"]
    running = sorted({c.deadline_for(g.name) for g in c.groups if c.deadline_for(g.name) > now})
    live = sum(len(k.live_passages) for k in c.contributions)
    if step.action in ("close_intake", "number") and missing:
        later = " Na het sluiten kunnen zij niets meer indienen." if step.action == "close_intake" else ""
        data["warnings"].append(f"Geen inbreng ingediend door: {', '.join(missing)}.{later}")
    if step.action == "close_intake" and running:
        data["warnings"].append(f"De termijn loopt nog tot {shown(running[-1])}. Sluit u nu, dan kunnen fracties "
                                "tot dan niets meer indienen of aanpassen.")
    what = {
        "open_intake": f"De fracties ({', '.join(g.name for g in c.groups)}) kunnen hun inbreng indienen tot "
                       f"{shown(c.deadline)}. Daarna kunt u de fracties niet meer wijzigen.",
        "close_intake": f"De inbreng wordt gesloten: de fracties kunnen niets meer indienen of aanpassen. "
                        f"Er {'is' if live == 1 else 'zijn'} nu {aantal(live, 'vraag', 'vragen')} ingediend.",
        "number": f"De {aantal(live, 'vraag', 'vragen')} {'wordt' if live == 1 else 'worden'} doorlopend "
                  f"genummerd, fracties in deze volgorde: "
                  f"{', '.join(c.ordered_groups)}. Daarna kunt u de lijst nakijken voordat u hem verstuurt.",
        "send": f"De {aantal(len(c.numbering), 'genummerde vraag', 'genummerde vragen')} "
                f"{'wordt' if len(c.numbering) == 1 else 'worden'} verstuurd aan de "
                f"{' en de '.join(a.title for a in c.addressees)}, met een brief waarin staat vóór wanneer "
                "de vragen beantwoord moeten zijn. Daarna kunt u de lijst niet meer wijzigen.",
        "reopen_intake": "De inbreng gaat weer open tot de nieuwe termijn hieronder. De nummering vervalt; u "
                         "nummert opnieuw nadat u de inbreng weer hebt gesloten.",
        "withdraw_passage": "Deze vraag wordt ingetrokken en komt niet in de lijst; de nummers erna schuiven op.",
        "receive_answers": "U legt vast dat de antwoorden van de regering buiten overleg zijn ontvangen (per "
                           "brief of e-mail); wat in overleg is beantwoord, wordt het antwoord in het verslag. "
                           "Daarna kan de regering niets meer wijzigen.",
        "merge_passages": "Deze twee vragen worden één vraag: de tekst, de voetnoten en de moties van de tweede "
                          "komen bij de eerste. Dit kan niet ongedaan worden gemaakt.",
    }
    data["what"] = what[step.action]
    if step.action in ("send", "reopen_intake"):
        proposed = proposed_answer_deadline(now, answer_days) if step.action == "send" else \
            local(now + dt.timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0)
        data["moment"] = {"label": "Antwoordtermijn" if step.action == "send" else "Nieuwe termijn",
                          "date": values.get("date", proposed.date().isoformat()),
                          "time": values.get("time", proposed.strftime("%H:%M")),
                          "hint": ("De regering beantwoordt de vragen vóór dit moment (Nederlandse tijd). "
                                   f"Voorgesteld: {aantal(answer_days, 'dag', 'dagen')} na vandaag, 12.00 uur."
                                   if step.action == "send" else
                                   "Tot dit moment kunnen de fracties weer inbreng indienen (Nederlandse tijd).")}
    if step.action in ("withdraw_passage", "merge_passages"):
        group, passage = values.get("fractie", ""), values.get("vraag", "")
        text = _passage_text(c, group, passage)
        if text is None:
            return None
        data["hidden"] = {"fractie": group, "vraag": passage}
        data["passages"] = [text]
        if step.action == "merge_passages":
            following = values.get("volgende", "")
            second = _passage_text(c, group, following)
            if second is None:
                return None
            data["hidden"] |= {"volgende": following, "versie": values.get("versie", str(c.version))}
            data["passages"].append(second)
    return data


# -- the letter ------------------------------------------------------------------------------


_LETTER_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@router.get("/werkruimte/{consultation_id}/brief.{kind}")
async def letter(consultation_id: str, kind: str, request: Request) -> Response:
    """The letter with which the questions were sent, as PDF or DOCX (the committee's clerk only)."""
    return await run_in_threadpool(_letter, request, consultation_id, kind)


def _letter(request: Request, consultation_id: str, kind: str) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return refused(request, False)
    if kind not in _LETTER_TYPES:
        return not_found(request, consultation_id, False)
    try:
        found = service_of(request).consultations.letter(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, False)
    except OverlegError as e:
        return forbidden(request, "De brief aan de regering is er pas na het versturen, en alleen voor de griffier. "
                         f"({e})", False)
    body = to_pdf(found) if kind == "pdf" else to_docx(found)
    name = f"brief-{consultation_id}.{kind}"
    return Response(body, media_type=_LETTER_TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

