"""Users in the browser: the list of users with the invitation form, one-time links to set a
password, one's own profile and mail preferences, the notifications, and the outbox.

``/beheer/gebruikers`` (an administrator: everyone; a clerk: the users with a role in its
committees) lists users with their roles and status, invites (the link is shown once on the
page, besides being mailed), deactivates, reactivates and makes reset links. ``/uitnodiging/{token}``
sets the password and logs in. ``/profiel`` changes one's name, address, password and the kinds of
mail one gets. ``/meldingen`` lists one's notifications; ``/beheer/uitgaande-post`` (administrators)
shows every mail with its status. The service checks every permission (``service.invitations``,
``service.accounts``, ``service.notifications``); these pages only ask and show, in Dutch.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import Conflict, OverlegError, PermissionDenied, TooManyRequests, ValidationFailed
from overleg.http.auth import SESSION_COOKIE, client_address, same_token, service_of
from overleg.service import MAIL_KINDS, Credentials, Grant, IssuedLink, LinkRefused, Service
from overleg.web.render import respond, split_json
from overleg.web.session import caller, csrf_ok, form_of, whole

router = APIRouter(include_in_schema=False)
LINK_CSRF_COOKIE = "overleg_link_csrf"
EXPIRED = "Het formulier is verlopen. Probeer het opnieuw."

ROLE_NAMES = {"clerk": "griffier", "chair": "voorzitter", "member": "Kamerlid", "staff": "fractiemedewerker",
              "official": "ambtenaar", "admin": "beheerder"}
ROLE_OF = {"clerk": "committee", "chair": "committee", "member": "group", "staff": "group", "official": "ministry"}
STATUS = {"actief": "actief", "uitgenodigd": "uitgenodigd (nog geen wachtwoord)", "gedeactiveerd": "gedeactiveerd"}
LINK_REFUSED = {
    "unknown": "Deze link is niet geldig. Controleer of u de hele link uit de e-mail hebt overgenomen, "
               "of vraag de griffie of de beheerder om een nieuwe.",
    "used": "Deze link is al gebruikt; hij werkt maar één keer. Log in met uw wachtwoord, of vraag de griffie "
            "of de beheerder om een nieuwe link.",
    "expired": "Deze link is verlopen. Vraag de griffie of de beheerder om een nieuwe link.",
    "deactivated": "Dit account is gedeactiveerd. Neem contact op met de beheerder.",
}
INVITE_FIELDS = ("username", "display_name", "email", "role", "scope", "committee")


def _refused(request: Request, as_json: bool) -> Response:
    return respond(request, "error.html.j2", {"title": "Inloggen nodig", "status": 401,
                                              "message": "Deze pagina is alleen voor wie is ingelogd. Log eerst in."},
                   as_json, 401)


def _forbidden(request: Request, message: str, as_json: bool = False) -> Response:
    return respond(request, "error.html.j2", {"title": "Niet toegestaan", "status": 403, "message": message},
                   as_json, 403)


NOT_A_MANAGER = "Alleen een beheerder of een griffier beheert gebruikers."


# -- the list of users and the invitation ---------------------------------------------------------

@router.get("/beheer/gebruikers")
@router.get("/beheer/gebruikers.json")
async def users_page(request: Request) -> Response:
    return await run_in_threadpool(_users, request, None, request.url.path.endswith(".json"))


@router.post("/beheer/gebruikers")
async def invite(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_users, request, form, False)


def _users(request: Request, form: dict[str, str] | None, as_json: bool) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _refused(request, as_json)
    if not who.is_admin and not who.clerk_of():
        return _forbidden(request, NOT_A_MANAGER, as_json)
    service = service_of(request)
    values = {name: (form or {}).get(name, "") for name in INVITE_FIELDS}
    if form is None:
        return _users_page(request, service, who, values, [], None, as_json, 200)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _users_page(request, service, who, values, [{"field": "username", "message": EXPIRED}], None,
                           False, 403)
    errors = _invite_errors(who, values)
    if errors:
        return _users_page(request, service, who, values, errors, None, False, 400)
    role = values["role"]
    scope = "*" if role == "admin" else values["scope"].strip()
    committee = values["committee"].strip() or None
    try:
        issued = service.invitations.invite(who, values["username"], values["display_name"], values["email"],
                                            Grant(role, scope, None if role == "admin" else committee))
    except OverlegError as e:
        status = 403 if isinstance(e, PermissionDenied) else 409 if isinstance(e, Conflict) else 400
        return _users_page(request, service, who, values, [_invite_error(e, values)], None, False, status)
    return _users_page(request, service, who, {k: "" for k in INVITE_FIELDS}, [], issued, False, 200)


def _invite_errors(who: Credentials, values: dict[str, str]) -> list[dict[str, str]]:
    errors = []
    if not values["username"].strip():
        errors.append({"field": "username", "message": "Vul een gebruikersnaam in, bijvoorbeeld j.jansen."})
    if not values["email"].strip():
        errors.append({"field": "email", "message": "Vul het e-mailadres in; daarheen gaat de uitnodiging."})
    if values["role"] not in ROLE_NAMES or (values["role"] == "admin" and not who.is_admin):
        errors.append({"field": "role", "message": "Kies een rol uit de lijst."})
    elif values["role"] != "admin" and not values["scope"].strip():
        errors.append({"field": "scope", "message": "Vul in van welke commissie, fractie of welk ministerie "
                                                    "de rol is, bijvoorbeeld D66."})
    return errors


def _invite_error(e: OverlegError, values: dict[str, str]) -> dict[str, str]:
    """The service's refusal as a Dutch message at its field."""
    if isinstance(e, PermissionDenied):
        return {"field": "role", "message": "Deze rol mag u niet toekennen. Een griffier kent alleen rollen binnen "
                                            "de eigen commissie toe, en nooit die van beheerder."}
    if isinstance(e, Conflict):
        return {"field": "username", "message": f"De gebruikersnaam {values['username'].strip()} is al in gebruik. "
                                                "Kies een andere."}
    field = e.field if isinstance(e, ValidationFailed) else None
    if field == "username":
        return {"field": "username", "message": "Een gebruikersnaam bestaat uit letters, cijfers en . _ @ -, "
                                                "bijvoorbeeld j.jansen."}
    if field == "email":
        return {"field": "email", "message": "Dit is geen e-mailadres. Vul het in als naam@voorbeeld.nl."}
    if field == "display_name":
        return {"field": "display_name", "message": "De naam is te lang: ten hoogste 200 tekens."}
    if field == "roles.committee":
        return {"field": "committee", "message": "Kies de commissie waarin de rol geldt (leeg: alle commissies; "
                                                 "griffier en voorzitter gelden in hun eigen commissie)."}
    return {"field": "scope", "message": "Deze rol kan zo niet worden toegekend. Controleer de rol en waarvan "
                                         "hij is."}


def _users_page(request: Request, service: Service, who: Credentials, values: dict[str, str],
                errors: list[dict[str, str]], issued: IssuedLink | None, as_json: bool, status: int) -> Response:
    listed = service.invitations.users(who)
    committees = service.invitations.scope_choices(who)
    roles = [{"value": k, "name": v} for k, v in ROLE_NAMES.items() if k != "admin" or who.is_admin]
    data: dict[str, Any] = {
        "title": "Gebruikers", "errors": errors, "values": values, "roles": roles,
        "choices": {k: list(v) for k, v in committees.items()}, "is_admin": who.is_admin,
        "own_committees": list(who.clerk_of()),
        "users": [{"username": u.user.username, "display_name": u.user.display_name, "email": u.user.email,
                   "status": u.status, "status_name": STATUS[u.status],
                   "roles": [_role_text(*r) for r in u.roles], "may_reset": u.may_reset,
                   "may_deactivate": u.may_deactivate} for u in listed],
        "issued": None if issued is None else {
            "username": issued.user.username, "url": issued.url, "mailed": issued.mailed,
            "reset": issued.purpose == "reset", "expires_at": issued.expires_at.isoformat()},
    }
    if as_json:
        data.pop("values")
    return respond(request, "users.html.j2", data, as_json, status)


def _role_text(role: str, scope: str, committee: str | None) -> str:
    name = ROLE_NAMES.get(role, role)
    if role == "admin":
        return name
    where = "" if role in ("clerk", "chair") else (" (alle commissies)" if committee is None else f" (in {committee})")
    return f"{name} van {scope}{where}"


@router.post("/beheer/gebruikers/{username}/{step}")
async def user_step(username: str, step: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_user_step, request, username, step, form)


def _user_step(request: Request, username: str, step: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _refused(request, False)
    if not who.is_admin and not who.clerk_of():
        return _forbidden(request, NOT_A_MANAGER)
    service = service_of(request)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _forbidden(request, EXPIRED)
    try:
        if step == "herstellink":
            issued = service.invitations.reset(who, username)
            return _users_page(request, service, who, {k: "" for k in INVITE_FIELDS}, [], issued, False, 200)
        if step == "deactiveren":
            service.accounts.deactivate(who, username)
            return RedirectResponse("/beheer/gebruikers?gedaan=gedeactiveerd", status_code=303)
        if step == "heractiveren":
            service.accounts.reactivate(who, username)
            return RedirectResponse("/beheer/gebruikers?gedaan=geheractiveerd", status_code=303)
    except PermissionDenied:
        return _forbidden(request, "Dit mag u niet doen voor deze gebruiker. Een griffier maakt alleen een "
                                   "herstellink voor gebruikers die uitsluitend rollen in de eigen commissie hebben; "
                                   "(de)activeren doet de beheerder.")
    except Conflict:
        return _forbidden(request, "U kunt uw eigen account niet deactiveren.")
    except OverlegError:
        pass
    return respond(request, "error.html.j2", {"title": "Niet gevonden", "status": 404,
                                              "message": f"Er is geen gebruiker {username} die u beheert."},
                   False, 404)


# -- the one-time link ------------------------------------------------------------------------------

@router.get("/uitnodiging/{token}")
async def link_form(token: str, request: Request) -> Response:
    return await run_in_threadpool(_link, request, token, None)


@router.post("/uitnodiging/{token}")
async def link_set(token: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_link, request, token, form)


def _link(request: Request, token: str, form: dict[str, str] | None) -> Response:
    caller(request)
    service = service_of(request)
    try:
        holder = service.invitations.holder(token)
    except LinkRefused as e:
        return _link_refused(request, e.reason)
    errors: list[dict[str, str]] = []
    if form is not None:
        expected = request.cookies.get(LINK_CSRF_COOKIE)
        password, again = form.get("password", ""), form.get("password2", "")
        if not expected or not same_token(form.get("csrf", ""), expected):
            errors.append({"field": "password", "message": EXPIRED})
        elif len(password) < 8:
            errors.append({"field": "password", "message": "Kies een wachtwoord van ten minste 8 tekens."})
        elif password != again:
            errors.append({"field": "password2", "message": "De twee wachtwoorden zijn niet gelijk. "
                                                            "Typ hetzelfde wachtwoord twee keer."})
        else:
            try:
                session = service.invitations.accept(token, password, client_address(request))
            except LinkRefused as e:
                return _link_refused(request, e.reason)
            except ValidationFailed:
                errors.append({"field": "password", "message": "Kies een wachtwoord van ten minste 8 tekens."})
            else:
                done = RedirectResponse("/?gedaan=welkom", status_code=303)
                done.set_cookie(SESSION_COOKIE, session.session_id, httponly=True, samesite="lax",
                                secure=request.url.scheme == "https", path="/", expires=session.expires_at)
                done.delete_cookie(LINK_CSRF_COOKIE, path="/uitnodiging")
                return done
    csrf = secrets.token_urlsafe(24)
    data = {"title": "Wachtwoord instellen", "errors": errors, "username": holder.user.username,
            "display_name": holder.user.display_name, "reset": holder.purpose == "reset", "token": token}
    response = respond(request, "invitation.html.j2", data, False, 400 if errors else 200, extra={"csrf": csrf})
    response.set_cookie(LINK_CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/uitnodiging")
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


def _link_refused(request: Request, reason: str) -> Response:
    return respond(request, "error.html.j2", {"title": "Link werkt niet", "status": 410,
                                              "message": LINK_REFUSED.get(reason, LINK_REFUSED["unknown"])},
                   False, 410)


# -- the profile ------------------------------------------------------------------------------------

@router.get("/profiel")
@router.get("/profiel.json")
async def profile(request: Request) -> Response:
    return await run_in_threadpool(_profile, request, None, "", request.url.path.endswith(".json"))


@router.post("/profiel")
async def profile_details(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_profile, request, form, "gegevens", False)


@router.post("/profiel/wachtwoord")
async def profile_password(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_profile, request, form, "wachtwoord", False)


@router.post("/profiel/voorkeuren")
async def profile_preferences(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_profile, request, form, "voorkeuren", False)


def _profile(request: Request, form: dict[str, str] | None, part: str, as_json: bool) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _refused(request, as_json)
    service = service_of(request)
    values = {"display_name": who.user.display_name, "email": who.user.email or ""}
    if form is None:
        return _profile_page(request, service, who, values, [], as_json, 200)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _profile_page(request, service, who, values, [{"field": "display_name", "message": EXPIRED}],
                             False, 403)
    errors: list[dict[str, str]] = []
    if part == "gegevens":
        values = {"display_name": form.get("display_name", ""), "email": form.get("email", "")}
        try:
            service.invitations.update_profile(who, values["display_name"], values["email"])
        except ValidationFailed as e:
            errors.append({"field": "email", "message": "Dit is geen e-mailadres. Vul het in als naam@voorbeeld.nl, "
                                                        "of laat het leeg om geen e-mail te krijgen."}
                          if e.field == "email" else
                          {"field": "display_name", "message": "Vul uw naam in (ten hoogste 200 tekens)."})
    elif part == "wachtwoord":
        errors = _change_password(request, service, who, form)
    else:
        service.notifications.set_mail_kinds(who, [k for k in MAIL_KINDS if form.get(f"soort-{k}")])
    if errors:
        return _profile_page(request, service, who, values, errors, False, 429 if any(
            e.get("status") for e in errors) else 400)
    code = {"gegevens": "profiel", "wachtwoord": "wachtwoord", "voorkeuren": "voorkeuren"}[part]
    return RedirectResponse(f"/profiel?gedaan={code}", status_code=303)


def _change_password(request: Request, service: Service, who: Credentials, form: dict[str, str]
                     ) -> list[dict[str, str]]:
    assert who.user is not None
    new, again = form.get("new_password", ""), form.get("new_password2", "")
    if not form.get("current_password"):
        return [{"field": "current_password", "message": "Vul uw huidige wachtwoord in."}]
    if len(new) < 8:
        return [{"field": "new_password", "message": "Kies een nieuw wachtwoord van ten minste 8 tekens."}]
    if new != again:
        return [{"field": "new_password2", "message": "De twee nieuwe wachtwoorden zijn niet gelijk."}]
    try:
        service.accounts.set_password(who, who.user.username, new, current=form["current_password"],
                                      address=client_address(request))
    except TooManyRequests as e:
        return [{"field": "current_password", "status": "429",
                 "message": f"Te veel mislukte pogingen. Probeer het over {max(1, -(-e.retry_after // 60))} "
                            "minuten opnieuw."}]
    except PermissionDenied:
        return [{"field": "current_password", "message": "Uw huidige wachtwoord klopt niet."}]
    return []


def _profile_page(request: Request, service: Service, who: Credentials, values: dict[str, str],
                  errors: list[dict[str, str]], as_json: bool, status: int) -> Response:
    kinds = service.notifications.mail_kinds(who)
    data = {"title": "Profiel", "errors": [{"field": e["field"], "message": e["message"]} for e in errors],
            "values": values, "delivers": service.notifications.delivers(),
            "kinds": [{"kind": k, "name": MAIL_KINDS[k], "on": on} for k, on in kinds.items()]}
    return respond(request, "profile.html.j2", data, as_json, status)


# -- notifications and the outbox -----------------------------------------------------------------

@router.get("/meldingen")
@router.get("/meldingen.json")
async def notifications_page(request: Request) -> Response:
    return await run_in_threadpool(_notifications, request, request.url.path.endswith(".json"))


def _notifications(request: Request, as_json: bool) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return _refused(request, as_json)
    notes = service_of(request).notifications.mine(who)
    data = {"title": "Meldingen", "notifications": [
        {"id": n.id, "text": n.text, "link": n.link, "created_at": n.created_at.isoformat(),
         "read": n.read_at is not None} for n in notes]}
    return respond(request, "notifications.html.j2", data, as_json)


@router.post("/meldingen/gelezen")
async def notifications_read(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_read, request, form)


def _read(request: Request, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return _refused(request, False)
    if not csrf_ok(form.get("csrf", ""), csrf):
        return _forbidden(request, EXPIRED)
    service_of(request).notifications.mark_read(who, whole(form.get("id", "")))
    return RedirectResponse("/meldingen?gedaan=gelezen", status_code=303)


@router.get("/beheer/uitgaande-post")
@router.get("/beheer/uitgaande-post.json")
async def outbox_page(request: Request) -> Response:
    return await run_in_threadpool(_outbox, request, split_json(request.url.path)[1])


def _outbox(request: Request, as_json: bool) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return _refused(request, as_json)
    service = service_of(request)
    try:
        mails = service.notifications.outbox(who)
    except PermissionDenied:
        return _forbidden(request, "Alleen een beheerder leest de uitgaande post.", as_json)
    data = {"title": "Uitgaande post", "delivers": service.notifications.delivers(), "mails": [
        {"id": m.id, "to": m.recipient, "subject": m.subject, "body": m.body, "message_id": m.message_id,
         "about_url": m.about_url, "created_at": m.created_at.isoformat(),
         "sent_at": m.sent_at.isoformat() if m.sent_at else None, "attempts": m.attempts, "last_error": m.last_error}
        for m in mails]}
    return respond(request, "outbox.html.j2", data, as_json)
