"""The procedure workspace (read side): the consultations a user takes part in, as they may see them.

Reads: the service layer's view of each consultation for the logged-in actor (a group sees its
own draft, never another group's before intake closes; the public is refused). Writes: plain
dicts for the templates and the JSON twins. A group member edits and submits the group's
contribution with a form (``POST /werkruimte/{id}/inbreng``); the other steps are still done
through the API (docs/api.md), and the page lists which ones the user may take now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.api.auth import service_of
from overleg.errors import NotFound, OverlegError
from overleg.procedure import commands as cmd
from overleg.procedure.states import Consultation
from overleg.service import Credentials
from overleg.web.render import respond, split_json

router = APIRouter(include_in_schema=False)

STATES = {"draft": "concept", "intake_open": "inbreng open", "intake_closed": "inbreng gesloten",
          "numbered": "genummerd", "sent": "verzonden aan de regering", "answering": "wordt beantwoord",
          "answers_received": "antwoorden ontvangen", "established": "vastgesteld", "published": "gepubliceerd"}


ACTIONS = {"create": "aanmaken", "start_follow_up": "nader overleg starten", "edit_details": "gegevens wijzigen",
           "set_groups": "fracties kiezen", "open_intake": "inbreng openen", "submit_contribution": "inbreng opslaan",
           "withdraw_passage": "vraag intrekken", "extend_deadline": "termijn verlengen",
           "close_intake": "inbreng sluiten", "reopen_intake": "inbreng heropenen",
           "set_group_order": "volgorde van fracties", "number": "nummeren", "send": "versturen",
           "answer": "beantwoorden", "withdraw_answer": "antwoord intrekken", "receive_answers": "antwoorden ontvangen",
           "establish": "vaststellen", "publish": "publiceren", "correct": "corrigeren"}


def _summary(c: Consultation, actions: tuple[str, ...]) -> dict[str, Any]:
    return {"action_names": [ACTIONS.get(a, a) for a in actions],
            "id": c.id, "href": f"/werkruimte/{c.id}", "subject": c.subject or c.id, "committee": c.committee,
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


def _consultation(request: Request, name: str, error: str | None = None, draft: dict[str, str] | None = None,
                  status: int = 200, error_number: int | None = None) -> Response:
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
    data["forms"] = _contribution_forms(who, c, data["actions"], draft)
    data["answer_forms"] = _answer_forms(c, data["actions"], draft)
    data["establish"] = "establish" in data["actions"]
    data["report"] = f"/documents/{c.established.document_id}" if c.established and c.state.value == "published" \
        else None
    data["buttons"] = [{"action": a, "name": ACTIONS[a]} for a in BUTTONS if a in data["actions"]]
    return respond(request, "consultation.html.j2", data, as_json, status,
                   extra={"error": error, "error_number": error_number})


def _answer_forms(c: Consultation, actions: list[str], draft: dict[str, str] | None) -> list[dict[str, Any]]:
    """Per number of the list: the question, the answer so far and its version (0: none yet)."""
    if "answer" not in actions:
        return []
    texts = {(k.group, p.passage_id): p.text for k in c.contributions for p in k.passages}
    forms = []
    for n in c.numbering:
        answer = next((a for a in c.answers if n.number in a.numbers), None)
        text = answer.text if answer else ""
        if draft and draft.get("number") == str(n.number):
            text = draft.get("text", text)
        forms.append({"number": n.number, "group": n.group, "question": texts.get((n.group, n.passage_id), ""),
                      "answer": text, "version": str(answer.version if answer else 0),
                      "numbers": ",".join(map(str, answer.numbers)) if answer else str(n.number)})
    return forms


@router.post("/werkruimte/{consultation_id}/antwoord")
async def answer(consultation_id: str, request: Request) -> Response:
    """The ministry's answer to one number (or the numbers of its answer group)."""
    from overleg.web.routes import form_of

    form = await form_of(request)
    return await run_in_threadpool(_answer, request, consultation_id, form)


def _answer(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    from fastapi.responses import RedirectResponse

    from overleg.web.routes import csrf_ok, who

    caller, csrf = who(request)
    if caller.user is None:
        return _refused(request, False)
    number = int(form["number"]) if form.get("number", "").isdigit() else None
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _consultation(request, consultation_id, "Het formulier is verlopen. Probeer het opnieuw.", form, 403,
                             number)
    text = form.get("text", "").strip()
    numbers = tuple(int(x) for x in form.get("numbers", "").split(",") if x.strip().isdigit())
    if number is None or not numbers:
        return _consultation(request, consultation_id, "Onbekend vraagnummer.", form, 400, number)
    if not text:
        return _consultation(request, consultation_id, "Schrijf een antwoord.", form, 400, number)
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    try:
        service_of(request).consultations.execute(
            caller.actor, consultation_id, cmd.AnswerQuestions(expected_version=version, numbers=numbers, text=text))
    except OverlegError as e:
        return _consultation(request, consultation_id, _dutch(e), form, e.status if 400 <= e.status < 500 else 400,
                             number)
    return RedirectResponse(f"/werkruimte/{consultation_id}#antwoord-{number}", status_code=303)


def _contribution_forms(who: Credentials, c: Consultation, actions: list[str],
                        draft: dict[str, str] | None) -> list[dict[str, Any]]:
    """A form per group of the user that may submit its contribution now, filled with its draft."""
    if "submit_contribution" not in actions:
        return []
    forms = []
    for group in sorted(who.actor.groups()):
        if group not in {g.name for g in c.groups}:
            continue
        own = next((k for k in c.contributions if k.group == group), None)
        passages = "\n\n".join(p.text for p in own.passages if not p.withdrawn) if own else ""
        if draft and draft.get("group") == group:
            forms.append({"group": group, "preamble": draft.get("preamble", ""), "passages": draft.get("passages", ""),
                          "version": draft.get("version", str(own.version if own else 0))})
        else:
            forms.append({"group": group, "preamble": (own.preamble or "") if own else "", "passages": passages,
                          "version": str(own.version if own else 0)})  # the contribution's version
    return forms


@router.post("/werkruimte/{consultation_id}/inbreng")
async def submit_contribution(consultation_id: str, request: Request) -> Response:
    """A group's contribution from the form: one passage per paragraph (blank line between)."""
    from overleg.web.routes import form_of

    form = await form_of(request)
    return await run_in_threadpool(_submit, request, consultation_id, form)


def _submit(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    from fastapi.responses import RedirectResponse

    from overleg.web.routes import csrf_ok, who

    caller, csrf = who(request)
    if caller.user is None:
        return _refused(request, False)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _consultation(request, consultation_id, "Het formulier is verlopen. Probeer het opnieuw.", form, 403)
    texts = [" ".join(block.split()) for block in form.get("passages", "").replace("\r\n", "\n").split("\n\n")]
    texts = [t for t in texts if t]
    if not texts:
        return _consultation(request, consultation_id, "Schrijf ten minste één vraag of opmerking.", form, 400)
    service = service_of(request).consultations
    try:
        current = service.get(caller.actor, consultation_id)
        own = next((k for k in current.contributions if k.group == form.get("group")), None)
        ids = [p.passage_id for p in own.passages if not p.withdrawn] if own else []
        version = int(form["version"]) if form.get("version", "").isdigit() else None
        command = cmd.SubmitContribution(
            expected_version=version, group=form.get("group", ""), preamble=form.get("preamble", "").strip() or None,
            passages=tuple(cmd.PassageInput(text=t, passage_id=ids[n] if n < len(ids) else None)
                           for n, t in enumerate(texts)))
        service.execute(caller.actor, consultation_id, command)
    except OverlegError as e:
        return _consultation(request, consultation_id, _dutch(e), form, e.status if 400 <= e.status < 500 else 400)
    return RedirectResponse(f"/werkruimte/{consultation_id}?opgeslagen=1", status_code=303)


def _step_command(action: str, today: dt.date) -> cmd.Command | None:
    """The clerk's steps that need no more than a button (a date is today's)."""
    simple: dict[str, cmd.Command] = {
        "open_intake": cmd.OpenIntake(), "close_intake": cmd.CloseIntake(), "number": cmd.NumberPassages(),
        "send": cmd.SendQuestions(sent_on=today), "receive_answers": cmd.ReceiveAnswers(received_on=today),
        "publish": cmd.PublishReport(published_on=today)}
    return simple.get(action)


ESTABLISH_FIELD = -1  # error_number of the establish form
BUTTONS = ("open_intake", "close_intake", "number", "send", "receive_answers", "publish")


@router.post("/werkruimte/{consultation_id}/stap")
async def step(consultation_id: str, request: Request) -> Response:
    """One of the clerk's button steps (``BUTTONS``); refused unless the procedure allows it now."""
    from overleg.web.routes import form_of

    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, form)


@router.post("/werkruimte/{consultation_id}/vaststellen")
async def establish(consultation_id: str, request: Request) -> Response:
    """The clerk establishes the report with its dossier and number."""
    from overleg.web.routes import form_of

    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, {**form, "action": "establish"})


def _step(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    from fastapi.responses import RedirectResponse

    from overleg.web.routes import csrf_ok, who

    caller, csrf = who(request)
    if caller.user is None:
        return _refused(request, False)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _consultation(request, consultation_id, "Het formulier is verlopen. Probeer het opnieuw.", None, 403)
    command = _step_command(form.get("action", ""), dt.date.today())
    if form.get("action") == "establish":
        dossier, number = form.get("dossier", "").strip(), form.get("document_number", "").strip()
        if not dossier or not number:
            return _consultation(request, consultation_id, "Vul het dossiernummer en het documentnummer in.", None,
                                 400, ESTABLISH_FIELD)
        command = cmd.EstablishReport(dossier=dossier, document_number=number, established_on=dt.date.today(),
                                      dossier_title=form.get("dossier_title", "").strip() or None)
    if command is None:
        return _consultation(request, consultation_id, "Deze stap bestaat niet.", None, 400)
    try:
        service_of(request).consultations.execute(caller.actor, consultation_id, command)
    except OverlegError as e:
        return _consultation(request, consultation_id, _dutch(e), None, e.status if 400 <= e.status < 500 else 400,
                             ESTABLISH_FIELD if form.get("action") == "establish" else None)
    return RedirectResponse(f"/werkruimte/{consultation_id}", status_code=303)


def _dutch(error: OverlegError) -> str:
    if error.status == 409 and "version" in str(error):
        return ("Intussen heeft iemand anders deze inbreng opgeslagen. "
                f"Herlaad de pagina en probeer het opnieuw. ({error})")
    if error.status == 409:
        return f"Deze stap kan nu niet (meer). ({error})"
    if error.status in (403, 404):
        return f"Dit mag u niet doen. ({error})"
    return f"De inbreng is niet opgeslagen: {error}"
