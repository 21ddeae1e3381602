"""The clerk's work in the browser: creating a consultation, the button steps, establishing the
report and setting or extending the deadline.

``/werkruimte/nieuw`` (GET, POST; ``nieuw.json`` gives the form's data) builds a
``CreateConsultation`` from the registers and plain fields: the addressee is a post of a
ministry chosen from the register (a select, and an optional second one), the invited groups are
the register's active groups as checkboxes (all checked at first; their seats come from the
register), the papers on the agenda one per line with an optional title after a colon (read
with ``DocumentId.parse``, so "kst-21501-02-3349" and "Kamerstuk 21 501-02, nr. 3349" both work),
the deadline as a date and a time in Dutch time. A field that cannot be read is said next to that field and nothing is
sent; the procedure then decides the rest (only a clerk of the committee may create, 403 for
anyone else). The steps go through ``service.consultations.execute`` like every other write.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import OverlegError, ValidationFailed
from overleg.http.auth import service_of
from overleg.procedure import commands as cmd
from overleg.procedure.states import Group, Person
from overleg.service import Credentials
from overleg.web.clerk_desk import BY_ACTION
from overleg.web.render import respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace import BUTTONS, page
from overleg.web.workspace_common import EXPIRED, dutch, forbidden, local, moment_of, refused, status_of, token_ok
from overleg.web.workspace_details import GROUP_FIELD, addressee_of, agenda_of, error_list, lines, register_choices

router = APIRouter(include_in_schema=False)

FIELDS = ("subject", "committee", "chair", "addressee", "addressee2", "papers", "date", "time")
NOT_A_CLERK = "Alleen een griffier kan een procedure aanmaken."


def _committees(request: Request, who: Credentials) -> list[str]:
    return list(service_of(request).consultations.clerk_of(who.actor))


@router.get("/werkruimte/nieuw")
@router.get("/werkruimte/nieuw.json")
async def new_form(request: Request) -> Response:
    """The form to create a consultation (clerks only)."""
    return await run_in_threadpool(_new, request, None, request.url.path.endswith(".json"))


@router.post("/werkruimte/nieuw")
async def create(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_new, request, form, False)


def _new(request: Request, form: dict[str, str] | None, as_json: bool) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, as_json)
    committees = _committees(request, who)
    if not committees:
        return forbidden(request, NOT_A_CLERK, as_json)
    if form is None:
        values = {name: "" for name in FIELDS} | {"committee": committees[0], "time": "14:00",
                                                   "chair": _chair_name(request, who, committees[0])}
        chosen = {g.key for g in service_of(request).registers.groups(who, active_only=True)}
        return _form_page(request, who, values, chosen, committees, {}, as_json, 200)
    values = {name: form.get(name, "") for name in FIELDS}
    chosen = {k.removeprefix(GROUP_FIELD) for k, v in form.items() if k.startswith(GROUP_FIELD) and v}
    if not token_ok(form, csrf):
        return _form_page(request, who, values, chosen, committees, {"": EXPIRED}, False, 403)
    if values["committee"] not in committees:
        return forbidden(request, NOT_A_CLERK + " U bent geen griffier van deze commissie.", False)
    command, errors = _command(request, who, values, chosen)
    if command is None:
        return _form_page(request, who, values, chosen, committees, errors, False, 400)
    try:
        service_of(request).consultations.create(who.actor, command)
    except ValidationFailed as e:
        field = (e.field or "").split(".")[0]
        where = {"addressees": "addressee", "groups": "groups", "deadline": "date"}.get(field, "")
        return _form_page(request, who, values, chosen, committees, {where: dutch(e)}, False, 400)
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, NOT_A_CLERK, False)
        return _form_page(request, who, values, chosen, committees, {"": dutch(e)}, False, status_of(e))
    return RedirectResponse(f"/werkruimte/{command.consultation_id}", status_code=303)


def _chair_name(request: Request, who: Credentials, committee: str) -> str:
    chairs = service_of(request).accounts.holders(who, "chair", committee)
    return (chairs[0].display_name or chairs[0].username) if chairs else ""


def _form_page(request: Request, who: Credentials, values: dict[str, str], chosen: set[str], committees: list[str],
               errors: dict[str, str], as_json: bool, status: int) -> Response:
    data = {"title": "Nieuwe procedure", "values": values, "committees": committees, "errors": errors,
            "error_list": error_list(errors), **register_choices(request, who, chosen)}
    return respond(request, "new_consultation.html.j2", data, as_json, status)


def _command(request: Request, who: Credentials, values: dict[str, str],
             chosen: set[str]) -> tuple[cmd.CreateConsultation | None, dict[str, str]]:
    """The command the fields describe, or the Dutch reason per field that cannot be read."""
    errors: dict[str, str] = {}
    addressees = tuple(a for a in (addressee_of(values["addressee"]), addressee_of(values["addressee2"])) if a)
    if not addressees:
        errors["addressee"] = "Kies de bewindspersoon aan wie de vragen gericht zijn."
    agenda = agenda_of(values["papers"])
    if isinstance(agenda, str):
        errors["papers"] = agenda
    if not chosen:
        errors["groups"] = "Kies ten minste één fractie om uit te nodigen."
    if not values["chair"].strip():
        errors["chair"] = "Vul de naam van de voorzitter in; die ondertekent het verslag."
    deadline = moment_of(values["date"], values["time"])
    if isinstance(deadline, str):
        errors["date"] = deadline
    elif deadline <= service_of(request).clock():
        errors["date"] = "De termijn ligt in het verleden. Kies een latere datum of tijd."
    if errors or isinstance(deadline, str) or isinstance(agenda, str):
        return None, errors
    user = who.user
    assert user is not None  # the caller checked
    today = service_of(request).clock().date()
    order = [g.key for g in service_of(request).registers.groups(who)]
    groups = tuple(Group(k, 0) for k in sorted(chosen, key=lambda k: order.index(k) if k in order else len(order)))
    return cmd.CreateConsultation(
        consultation_id=f"so-{today:%Y%m%d}-{secrets.token_hex(3)}", committee=values["committee"],
        chair=_chair(request, who, values["committee"], values["chair"].strip()),
        clerk=Person(user.username, user.display_name or user.username), addressees=addressees,
        deadline=deadline, groups=groups, subject=values["subject"].strip() or None,
        agenda=agenda), {}


def _chair(request: Request, who: Credentials, committee: str, name: str) -> Person:
    """The chair as a user of the committee when one has that name, else by name only."""
    for user in service_of(request).accounts.holders(who, "chair", committee):
        if name in (user.display_name, user.username):
            return Person(user.username, name)
    return Person("voorzitter", name)


# -- the steps on the consultation's page ----------------------------------------------------


def _step_command(action: str, today: dt.date) -> cmd.Command | None:
    """The clerk's steps that need no more than a button (a date is today's)."""
    simple: dict[str, cmd.Command] = {
        "open_intake": cmd.OpenIntake(), "close_intake": cmd.CloseIntake(), "number": cmd.NumberPassages(),
        "send": cmd.SendQuestions(sent_on=today), "receive_answers": cmd.ReceiveAnswers(received_on=today),
        "publish": cmd.PublishReport(published_on=today)}
    return simple.get(action) if action in BUTTONS else None


@router.post("/werkruimte/{consultation_id}/stap")
async def step(consultation_id: str, request: Request) -> Response:
    """One of the clerk's button steps (``BUTTONS``); refused unless the procedure allows it now."""
    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, form)


@router.post("/werkruimte/{consultation_id}/vaststellen")
async def establish(consultation_id: str, request: Request) -> Response:
    """The clerk establishes the report with its dossier and number."""
    form = await form_of(request)
    return await run_in_threadpool(_step, request, consultation_id, {**form, "action": "establish"})


def _step(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    if form.get("action") in ("establish", "publish"):  # both on the report's desk, behind a confirmation
        return RedirectResponse(f"/werkruimte/{consultation_id}/verslag", status_code=303)
    confirm = BY_ACTION.get(form.get("action", ""))
    if confirm is not None:  # an irreversible step is never one click: its confirmation page first
        return RedirectResponse(f"/werkruimte/{consultation_id}/bevestigen/{confirm.slug}", status_code=303)
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    if not token_ok(form, csrf):
        return page(request, consultation_id, error=EXPIRED, status=403)
    today = _today(request)
    command = _step_command(form.get("action", ""), today)
    field = "establish" if form.get("action") == "establish" else None
    if field == "establish":
        dossier, number = form.get("dossier", "").strip(), form.get("document_number", "").strip()
        if not dossier or not number:
            return page(request, consultation_id, error="Vul het dossiernummer en het documentnummer in.",
                        field=field, status=400)
        command = cmd.EstablishReport(dossier=dossier, document_number=number, established_on=today,
                                      dossier_title=form.get("dossier_title", "").strip() or None)
    if command is None:
        return page(request, consultation_id, error="Deze stap bestaat niet.", status=400)
    try:
        service_of(request).consultations.execute(who.actor, consultation_id, command)
    except OverlegError as e:
        return page(request, consultation_id, error=dutch(e), field=field, status=status_of(e))
    done = {"establish": "vastgesteld", "publish": "gepubliceerd"}.get(form.get("action", ""), "opgeslagen")
    return RedirectResponse(f"/werkruimte/{consultation_id}?gedaan={done}", status_code=303)


def _today(request: Request) -> dt.date:
    """Today in Dutch time (a step at 00:30 belongs to that day, not to UTC's)."""
    return local(service_of(request).clock()).date()


@router.post("/werkruimte/{consultation_id}/termijn")
async def deadline(consultation_id: str, request: Request) -> Response:
    """The clerk sets or extends the deadline, for every group or for one group."""
    form = await form_of(request)
    return await run_in_threadpool(_deadline, request, consultation_id, form)


def _deadline(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    def command() -> cmd.Command | str:
        moment = moment_of(form.get("date", ""), form.get("time", ""))
        if isinstance(moment, str):
            return moment
        return cmd.ExtendDeadline(deadline=moment, group=form.get("group", "").strip() or None)

    return _clerk_form(request, consultation_id, form, "deadline", command,
                       "De nieuwe termijn ligt in het verleden. Kies een latere datum of tijd.", "termijn")


@router.post("/werkruimte/{consultation_id}/volgorde")
async def group_order(consultation_id: str, request: Request) -> Response:
    """The clerk orders the groups, one per line, before the passages are numbered."""
    form = await form_of(request)
    return await run_in_threadpool(_group_order, request, consultation_id, form)


def _group_order(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    def command() -> cmd.Command | str:
        version = whole(form.get("version"))
        if version is None:
            return "Het formulier is onvolledig; laad de pagina opnieuw."
        return cmd.SetGroupOrder(expected_version=version, order=tuple(lines(form.get("order", ""))))

    return _clerk_form(request, consultation_id, form, "order", command,
                       "Noem elke uitgenodigde fractie precies één keer, één per regel.", "volgorde")


def _clerk_form(request: Request, consultation_id: str, form: dict[str, str], field: str,
                command: Callable[[], cmd.Command | str], invalid: str, done: str) -> Response:
    """A clerk's form with one field: its command (or the Dutch reason there is none) runs
    through the service; a refusal about ``field`` is said as ``invalid`` next to it, with the
    typed input kept; on success back to the page with its message (``?gedaan=<done>``)."""
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)

    def again(message: str, status: int) -> Response:
        return page(request, consultation_id, error=message, field=field, draft=form, status=status)

    if not token_ok(form, csrf):
        return again(EXPIRED, 403)
    built = command()
    if isinstance(built, str):
        return again(built, 400)
    try:
        service_of(request).consultations.execute(who.actor, consultation_id, built)
    except ValidationFailed as e:
        return again(invalid if e.field == field else dutch(e), 400)
    except OverlegError as e:
        return again(dutch(e), status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}?gedaan={done}", status_code=303)


@router.post("/werkruimte/{consultation_id}/antwoordtermijn")
async def answer_deadline(consultation_id: str, request: Request) -> Response:
    """The clerk moves the ministry's answer deadline after sending (e.g. granting a postponement)."""
    form = await form_of(request)
    return await run_in_threadpool(_answer_deadline, request, consultation_id, form)


def _answer_deadline(request: Request, consultation_id: str, form: dict[str, str]) -> Response:
    def command() -> cmd.Command | str:
        moment = moment_of(form.get("date", ""), form.get("time", ""))
        return moment if isinstance(moment, str) else cmd.SetAnswerDeadline(answer_deadline=moment)

    return _clerk_form(request, consultation_id, form, "answer_deadline", command,
                       "De antwoordtermijn ligt in het verleden. Kies een latere datum of tijd.", "antwoordtermijn")
