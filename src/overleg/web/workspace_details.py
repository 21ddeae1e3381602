"""The details of a consultation in the browser: ``/werkruimte/{id}/gegevens`` (clerk).

Before sending, the clerk edits the addressee (a post of a ministry from the register), the
subject, the papers on the agenda with their titles and, while intake is open at the latest, the
invited groups (``EditDetails``, then ``SetGroups`` when the groups changed). After sending and
until the answers are received the addressee changes only by a correction with a reason
(``CorrectAddressees``), which the log keeps. The choices come from the registers
(``service.registers``); the creation form (``workspace_clerk``) uses the same helpers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, OverlegError, ValidationFailed
from overleg.http.auth import service_of
from overleg.model import AgendaEntry, DocumentId
from overleg.procedure import commands as cmd
from overleg.procedure.states import Addressee, Consultation, Group
from overleg.service import Credentials
from overleg.web.render import respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import EXPIRED, dutch, forbidden, not_found, refused, status_of, token_ok

router = APIRouter(include_in_schema=False)

GROUP_FIELD = "fractie-"
NOT_THE_CLERK = "Alleen de griffier van de commissie kan de gegevens van deze procedure wijzigen."
LATE = ("De gegevens zijn na het versturen vast. Alleen de geadresseerde kan nog worden gecorrigeerd, "
        "tot de antwoorden zijn ontvangen.")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def addressee_of(value: str) -> Addressee | None:
    """A select's value "KEY|title as printed" as an ``Addressee`` (None when nothing is chosen)."""
    key, _, title = value.partition("|")
    return Addressee(key.strip(), title.strip() or key.strip()) if key.strip() else None


def agenda_of(text: str) -> tuple[AgendaEntry, ...] | str:
    """Papers one per line, each "kenmerk" or "kenmerk: titel"; the Dutch reason for a bad line."""
    found = []
    for n, line in enumerate(lines(text), start=1):
        ref, colon, title = line.partition(":")
        paper = DocumentId.try_parse(ref.strip())
        if paper is None:
            return (f"Regel {n} ({line}) begint niet met een kenmerk van een Kamerstuk of Handelingen, bijvoorbeeld "
                    "kst-21501-02-3349 of Kamerstuk 21 501-02, nr. 3349 (met de titel na een dubbele punt).")
        found.append(AgendaEntry(None, title.strip() if colon and title.strip() else ref.strip(), (paper,)))
    return tuple(found)


def agenda_text(agenda: tuple[AgendaEntry, ...]) -> str:
    """The agenda as the form shows it: "kenmerk: titel" per line."""
    out = []
    for entry in agenda:
        ref = str(entry.refs[0]) if entry.refs else ""
        out.append(f"{ref}: {entry.text}" if ref and entry.text != ref else (ref or entry.text))
    return "\n".join(out)


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """The errors per field as the summary macro takes them (a general one points at the form)."""
    return [{"field": field or "formulier", "message": message} for field, message in errors.items()]


def _label(title: str, ministry: str) -> str:
    return f"{title[:1].upper()}{title[1:]} ({ministry})"


def register_choices(request: Request, who: Credentials, chosen: set[str],
                     current: tuple[Addressee, ...] = ()) -> dict[str, Any]:
    """The posts to address (active ministries' active posts, and the current addressees) and
    the active groups with their seats, each marked when ``chosen``."""
    registers = service_of(request).registers
    posts = []
    for m in registers.ministries(who):
        for p in m.posts:
            value = f"{m.key}|{p.title}"
            if (m.active and p.active) or any(a.ministry == m.key and a.title == p.title for a in current):
                posts.append({"value": value, "label": _label(p.title, m.name), "ministry": m.name})
    known = {p["value"] for p in posts}
    posts += [{"value": f"{a.ministry}|{a.title}", "label": _label(a.title, a.ministry), "ministry": a.ministry}
              for a in current if f"{a.ministry}|{a.title}" not in known]
    groups = [{"key": g.key, "label": g.label, "seats": g.seats, "field": GROUP_FIELD + g.key,
               "checked": g.key in chosen} for g in registers.groups(who) if g.active or g.key in chosen]
    keys = {g["key"] for g in groups}
    groups += [{"key": k, "label": k, "seats": 0, "field": GROUP_FIELD + k, "checked": True}
               for k in sorted(chosen - keys)]
    return {"posts": posts, "groups": groups}


# -- the page -----------------------------------------------------------------------------------

@router.get("/werkruimte/{consultation_id}/gegevens")
@router.get("/werkruimte/{consultation_id}/gegevens.json")
async def details_form(consultation_id: str, request: Request) -> Response:
    """The details form of a consultation (clerk; until sending, then the addressee's correction)."""
    return await run_in_threadpool(_details, request, consultation_id, None, request.url.path.endswith(".json"))


@router.post("/werkruimte/{consultation_id}/gegevens")
async def details_save(consultation_id: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_details, request, consultation_id, form, False)


def _values_of(c: Consultation) -> dict[str, str]:
    first, second = (*(f"{a.ministry}|{a.title}" for a in c.addressees), "", "")[:2]
    return {"addressee": first, "addressee2": second, "subject": c.subject or "",
            "papers": agenda_text(c.agenda), "reason": "", "version": str(c.version)}


def _details(request: Request, consultation_id: str, form: dict[str, str] | None, as_json: bool) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        c = service.get(who.actor, consultation_id)
    except NotFound:
        return not_found(request, consultation_id, as_json)
    actions = service.actions(who.actor, c)
    mode = "edit" if "edit_details" in actions else "correct" if "correct_addressees" in actions else None
    if mode is None:
        if not service.watches_intake(who.actor, c):
            return forbidden(request, NOT_THE_CLERK, as_json)
        return respond(request, "error.html.j2", {"title": "Niet meer te wijzigen", "status": 409, "message": LATE},
                       as_json, 409)
    may_set_groups = "set_groups" in actions
    if form is None:
        return _page(request, who, c, mode, may_set_groups, _values_of(c), {g.name for g in c.groups}, {}, as_json,
                     200)
    values = {k: form.get(k, "") for k in ("addressee", "addressee2", "subject", "papers", "reason", "version")}
    chosen = ({k.removeprefix(GROUP_FIELD) for k, v in form.items() if k.startswith(GROUP_FIELD) and v}
              if may_set_groups else {g.name for g in c.groups})

    def again(errors: dict[str, str], status: int) -> Response:
        return _page(request, who, c, mode, may_set_groups, values, chosen, errors, False, status)

    if not token_ok(form, csrf):
        return again({"": EXPIRED}, 403)
    version = whole(values["version"])
    if version is None:
        return again({"": "Het formulier is onvolledig; laad de pagina opnieuw."}, 400)
    addressees = tuple(a for a in (addressee_of(values["addressee"]), addressee_of(values["addressee2"])) if a)
    errors: dict[str, str] = {}
    if not addressees:
        errors["addressee"] = "Kies de bewindspersoon aan wie de vragen gericht zijn."
    try:
        if mode == "correct":
            if not values["reason"].strip():
                errors["reason"] = "Geef de reden van de correctie; die komt in het logboek."
            if errors:
                return again(errors, 400)
            service.execute(who.actor, consultation_id, cmd.CorrectAddressees(
                expected_version=version, addressees=addressees, reason=values["reason"].strip()))
            return RedirectResponse(f"/werkruimte/{consultation_id}?gedaan=geadresseerde-gecorrigeerd",
                                    status_code=303)
        agenda = agenda_of(values["papers"])
        if isinstance(agenda, str):
            errors["papers"] = agenda
        if may_set_groups and not chosen:
            errors["groups"] = "Kies ten minste één fractie om uit te nodigen."
        if errors or isinstance(agenda, str):
            return again(errors, 400)
        done = service.execute(who.actor, consultation_id, cmd.EditDetails(
            expected_version=version, addressees=addressees, subject=values["subject"].strip() or None,
            subject_refs=c.subject_refs, agenda=agenda))
        if may_set_groups and chosen != {g.name for g in c.groups}:
            have = {g.name: g for g in c.groups}
            groups = tuple(have.get(k) or Group(k, 0) for k in _in_order(request, who, chosen))
            service.execute(who.actor, consultation_id, cmd.SetGroups(expected_version=done.version, groups=groups))
    except ValidationFailed as e:
        field = (e.field or "").split(".")[0]
        where = {"addressees": "addressee", "groups": "groups", "reason": "reason", "agenda": "papers",
                 "subject": "subject"}.get(field, "")
        return again({where: dutch(e)}, 400)
    except OverlegError as e:
        return again({"": dutch(e)}, status_of(e))
    return RedirectResponse(f"/werkruimte/{consultation_id}?gedaan=gegevens-opgeslagen", status_code=303)


def _in_order(request: Request, who: Credentials, chosen: set[str]) -> list[str]:
    order = [g.key for g in service_of(request).registers.groups(who)]
    return sorted(chosen, key=lambda k: (order.index(k) if k in order else len(order), k))


def _page(request: Request, who: Credentials, c: Consultation, mode: str, may_set_groups: bool,
          values: dict[str, str], chosen: set[str], errors: dict[str, str], as_json: bool, status: int) -> Response:
    data = {"title": f"Gegevens van {c.subject or c.id}", "id": c.id, "mode": mode, "values": values,
            "may_set_groups": may_set_groups, "errors": errors, "error_list": error_list(errors),
            "invited": [g.name for g in c.groups], **register_choices(request, who, chosen, c.addressees)}
    return respond(request, "details.html.j2", data, as_json, status)
