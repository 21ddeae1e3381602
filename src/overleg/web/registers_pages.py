"""The administrator's registers in the browser: ``/beheer/ministeries`` and ``/beheer/fracties``.

Each register is a list (with a JSON twin, ``.json``), an add form (``.../nieuw``) and an edit
page per entry (``.../{key}``) with deactivate and activate buttons. Every logged-in user may
look; only an administrator may change (the service refuses anyone else, 403). Forms are
url-encoded with the session's CSRF token; a refused form comes back with what was typed, the
error summary at the top and the message next to its field. Lists in a form (earlier names,
aliases, posts) are one per line; a post is "titel" or "titel; naam van de bewindspersoon", and
a post that no longer exists starts with "(vervallen)".
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import OverlegError, ValidationFailed
from overleg.http.auth import service_of
from overleg.service import Credentials, Ministry, ParliamentaryGroup, Post
from overleg.web.render import respond
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import EXPIRED, forbidden, refused, status_of, token_ok

router = APIRouter(include_in_schema=False)

GONE = "(vervallen)"
NOT_ADMIN = "Alleen een beheerder kan de registers wijzigen."
KINDS = {"ministeries": "ministry", "fracties": "group"}
_FIELDS = {"ministry": ("key", "name", "earlier_names", "posts", "active"),
           "group": ("key", "name", "seats", "aliases", "active")}
_WHERE = {"names": "name", "earlier_names": "earlier_names", "aliases": "aliases", "posts": "posts", "key": "key",
          "seats": "seats", "name": "name"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _ministry_values(m: Ministry) -> dict[str, str]:
    posts = [f"{GONE + ' ' if not p.active else ''}{p.title}{'; ' + p.person if p.person else ''}" for p in m.posts]
    return {"key": m.key, "name": m.name, "earlier_names": "\n".join(m.earlier_names), "posts": "\n".join(posts),
            "active": "1" if m.active else ""}


def _group_values(g: ParliamentaryGroup) -> dict[str, str]:
    return {"key": g.key, "name": g.name, "seats": str(g.seats), "aliases": "\n".join(g.aliases),
            "active": "1" if g.active else ""}


def _post(line: str) -> Post:
    active = not line.startswith(GONE)
    title, _, person = line.removeprefix(GONE).strip().partition(";")
    return Post(title.strip(), person.strip() or None, active)


def _entry(kind: str, values: dict[str, str]) -> Ministry | ParliamentaryGroup | str:
    """The entry the form's values describe, or the Dutch reason (about the seats) there is none."""
    active = values.get("active") == "1"
    if kind == "ministry":
        return Ministry(values["key"], values["name"], tuple(_lines(values["earlier_names"])),
                        tuple(_post(line) for line in _lines(values["posts"])), active)
    seats = whole(values["seats"].strip() or "0", 0, 150)
    if seats is None:
        return "Vul het aantal zetels in als een getal van 0 tot en met 150."
    return ParliamentaryGroup(values["key"], values["name"], seats, tuple(_lines(values["aliases"])), active)


def _list_data(request: Request, who: Credentials, kind: str) -> dict[str, Any]:
    registers = service_of(request).registers
    if kind == "ministry":
        entries: list[dict[str, Any]] = [
            {"key": m.key, "name": m.name, "active": m.active, "earlier_names": list(m.earlier_names),
             "posts": [{"title": p.title, "person": p.person, "active": p.active} for p in m.posts]}
            for m in registers.ministries(who)]
    else:
        entries = [{"key": g.key, "name": g.name, "seats": g.seats, "active": g.active, "aliases": list(g.aliases)}
                   for g in registers.groups(who)]
    return {"kind": kind, "entries": entries, "may_edit": who.is_admin,
            "title": "Register van ministeries" if kind == "ministry" else "Register van fracties"}


@router.get("/beheer/{register}")
async def register_list(register: str, request: Request) -> Response:
    """The register as a list (``ministeries`` or ``fracties``; ``.json`` for the twin)."""
    name, as_json = (register[:-5], True) if register.endswith(".json") else (register, False)
    return await run_in_threadpool(_list, request, name, as_json)


def _list(request: Request, register: str, as_json: bool) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    kind = KINDS.get(register)
    if kind is None:
        return respond(request, "error.html.j2", {"title": "Niet gevonden", "status": 404,
                                                  "message": "Dit register bestaat niet."}, as_json, 404)
    return respond(request, "beheer_register.html.j2", _list_data(request, who, kind), as_json)


@router.get("/beheer/{register}/{key}")
async def entry_form(register: str, key: str, request: Request) -> Response:
    """The form to add (``nieuw``) or edit the entry ``key``."""
    return await run_in_threadpool(_entry_page, request, register, key, None)


@router.post("/beheer/{register}/{key}")
async def entry_save(register: str, key: str, request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_entry_page, request, register, key, form)


def _entry_page(request: Request, register: str, key: str, form: dict[str, str] | None) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    kind = KINDS.get(register)
    if kind is None:
        return respond(request, "error.html.j2", {"title": "Niet gevonden", "status": 404,
                                                  "message": "Dit register bestaat niet."}, False, 404)
    if not who.is_admin:
        return forbidden(request, NOT_ADMIN, False)
    registers = service_of(request).registers
    adding = key == "nieuw"
    try:
        current = None if adding else (_ministry_values(registers.ministry(who, key)) if kind == "ministry"
                                       else _group_values(registers.group(who, key)))
    except OverlegError as e:
        return respond(request, "error.html.j2", {"title": "Niet gevonden", "status": 404, "message": str(e)},
                       False, 404)
    blank = {f: "" for f in _FIELDS[kind]} | {"active": "1"}
    if form is None:
        return _form(request, kind, register, adding, current or blank, [], 200)
    values = {f: form.get(f, "") for f in _FIELDS[kind]}
    if not adding:
        values["key"] = key  # a key never changes: consultations and roles name it
    step = form.get("step", "save")
    if not token_ok(form, csrf):
        return _form(request, kind, register, adding, values, [{"field": "name", "message": EXPIRED}], 403)
    try:
        if step in ("deactivate", "activate") and not adding:
            (registers.set_ministry_active if kind == "ministry" else registers.set_group_active)(
                who, key, step == "activate")
        else:
            entry = _entry(kind, values)
            if isinstance(entry, str):
                return _form(request, kind, register, adding, values, [{"field": "seats", "message": entry}], 400)
            if isinstance(entry, Ministry):
                (registers.add_ministry if adding else registers.edit_ministry)(who, entry)
            else:
                (registers.add_group if adding else registers.edit_group)(who, entry)
    except ValidationFailed as e:
        field = _WHERE.get((e.field or "name").split(".")[0], "name")
        return _form(request, kind, register, adding, values, [{"field": field, "message": str(e)}], 400)
    except OverlegError as e:
        if e.status == 403:
            return forbidden(request, NOT_ADMIN, False)
        return _form(request, kind, register, adding, values, [{"field": "key", "message": str(e)}], status_of(e))
    return RedirectResponse(f"/beheer/{register}?gedaan=register-opgeslagen", status_code=303)


def _form(request: Request, kind: str, register: str, adding: bool, values: dict[str, str],
          errors: list[dict[str, str]], status: int) -> Response:
    what = "ministerie" if kind == "ministry" else "fractie"
    title = f"Nieuw {what}" if adding and kind == "ministry" else (f"Nieuwe {what}" if adding else
                                                                   f"{what.capitalize()} {values['key']} wijzigen")
    data = {"title": title, "kind": kind, "register": register, "adding": adding, "values": values,
            "errors": errors}
    return respond(request, "beheer_entry.html.j2", data, False, status)
