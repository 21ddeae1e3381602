"""The web UI's routes: home, document, search, login and logout (each with a ``.json`` twin).

Who is asking comes from the same session cookie as the API (``overleg.http.auth``). The login
form carries a CSRF token of its own (a double-submit cookie, as there is no session yet); the
logout form carries the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from overleg.errors import InvalidQuery, NotFound, PermissionDenied, TooManyRequests
from overleg.http.auth import SESSION_COOKIE, client_address, same_token, service_of
from overleg.http.caching import validators
from overleg.model import DocumentType
from overleg.service import MARK, Credentials, Hit, SearchFilters, Service
from overleg.vocabulary.counts import aantal
from overleg.vocabulary.document_types import TYPE_NAMES
from overleg.web import document_page, problem_texts, search_facets
from overleg.web.render import STATIC, environment, respond, split_json
from overleg.web.session import caller, form_of, next_path, whole
from overleg.web.workspace_common import DAY_HINT, day_of, running_procedures

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "overleg_login_csrf"
PAGE_SIZE = 10
REVALIDATE = {"Cache-Control": "no-cache"}  # a document's address shows its latest version: ask every time
MAX_PAGES = 50


@router.get("/static/overleg.css")
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "overleg.css", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/overleg.js")
def script() -> FileResponse:
    return FileResponse(STATIC / "overleg.js", media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=3600"})


def _recent(service: Service, who: Credentials, limit: int = 50) -> list[dict[str, Any]]:
    """The documents with the latest dates (their own, else the day they were stored), newest first."""
    rows = []
    for listed in service.corpus.recent(who, limit):
        d = listed.version
        rows.append({"id": d.id, "citation": document_page.citation(d.id),
                     "title": d.title or _document_page(service, d.id, d.version).data["title"], "type": d.type,
                     "kind": TYPE_NAMES.get(DocumentType(d.type), d.type) if d.type in _TYPES else d.type,
                     "href": f"/documents/{d.id}", "date": listed.day.isoformat(), "dated": listed.date is not None,
                     "stored_at": d.created_at.isoformat()})
    return rows


_TYPES = {t.value for t in DocumentType}


@router.get("/")
@router.get("/index.json")
def home(request: Request) -> Response:
    """The reports and papers with the latest dates; for a logged-in user also the procedures they
    take part in that are still running, nearest deadline first."""
    credentials, _ = caller(request)
    as_json = request.url.path.endswith(".json")
    service = service_of(request)
    data: dict[str, Any] = {"title": "Schriftelijk overleg", "documents": _recent(service, credentials),
                            "procedures": None}
    if credentials.user is not None:
        data["procedures"] = running_procedures(service, credentials)
    return respond(request, "home.html.j2", data, as_json)


def _document_page(service: Service, doc_id: str, version: int) -> document_page.DocumentPage:
    return document_page.cached(service, doc_id, version)


@router.get("/documents/{name}")
def document(name: str, request: Request) -> Response:
    """A stored document: the report with its contents, links, cited-by list and downloads."""
    credentials, _ = caller(request)
    doc_id, as_json = split_json(name)
    service = service_of(request)
    try:
        version = service.documents.latest_version(credentials, doc_id)
    except NotFound:
        return respond(request, "error.html.j2", {"title": "Document niet gevonden", "status": 404,
                                                  "message": f"Er is geen document met kenmerk {doc_id}."},
                       as_json, 404)
    if as_json:  # the twin is built as the public sees it, the same for everyone
        tags = validators(service, doc_id, version, "pagina.json")
        return tags.not_modified(request.headers, REVALIDATE) or JSONResponse(
            _document_page(service, doc_id, version).data, headers={**REVALIDATE, **tags.headers()})
    if request.state.web_user is None:  # the public's page is the same for everyone: rendered once
        tags = validators(service, doc_id, version, "pagina")
        public = {**REVALIDATE, "Vary": "Cookie"}
        return tags.not_modified(request.headers, public) or HTMLResponse(
            _public_html(service, doc_id, version), headers={**public, **tags.headers()})
    built = _document_page(service, doc_id, version)  # staff see more: no validators, and it varies
    # the reader's diagnostics are for the staff only, in Dutch (never in the JSON twin)
    problems = [problem_texts.dutch(p) for p in built.view.doc.problems]
    response = respond(request, "document.html.j2", built.data, False,
                       extra={**document_page.page_texts(built), "problems": problems})
    response.headers["Vary"] = "Cookie"
    return response


@lru_cache(maxsize=64)
def _public_html(service: Service, doc_id: str, version: int) -> bytes:
    built = _document_page(service, doc_id, version)
    context = {"user": None, **built.data, **document_page.page_texts(built), "problems": []}
    return environment().get_template("document.html.j2").render(**context).encode()


def _date(value: str) -> dt.date | None:
    return day_of(value) if value.strip() else None


def _snippet(text: str) -> Markup:
    return Markup(str(escape(text)).replace(MARK[0], "<mark>").replace(MARK[1], "</mark>"))


@router.get("/search")
@router.get("/search.json")
def search_page(request: Request, q: str = "", type: str = "", group: str = "", ministry: str = "",
                commissie: str = "", van: str = "", tot: str = "", toezegging: str = "", verwijzing: str = "",
                sorteren: str = "", pagina: str = "1") -> Response:
    """Search the corpus: filters as facets with counts, highlighted snippets, links to the exact
    item; fields typed in the query (``groep:D66``) filter too, and a query with few hits gets a
    "Bedoelde u ...?"."""
    credentials, _ = caller(request)
    as_json = request.url.path.endswith(".json")
    number = whole(pagina, 1, MAX_PAGES) or 1
    filters = SearchFilters(type=type if type in _TYPES else None, group=group.strip() or None,
                            ministry=ministry.strip() or None, committee=commissie.strip() or None,
                            date_from=_date(van), date_to=_date(tot),
                            has_commitment=bool(toezegging), referral_only=bool(verwijzing))
    form = {"q": q, "type": filters.type or "", "group": group, "ministry": ministry, "commissie": commissie,
            "van": filters.date_from.isoformat() if filters.date_from else "",
            "tot": filters.date_to.isoformat() if filters.date_to else "",
            "toezegging": filters.has_commitment, "verwijzing": filters.referral_only,
            "sorteren": "datum" if sorteren == "datum" else ""}
    data: dict[str, Any] = {"title": "Zoeken", "query": q, "form": form, "page": number, "hits": [],
                            "more": False, "message": None, "facets": None, "suggestion": None,
                            "question": False,
                            "types": [{"value": t.value, "name": TYPE_NAMES[t]} for t in DocumentType]}
    bad_dates = [label for label, raw, parsed in (("van", van, filters.date_from), ("tot", tot, filters.date_to))
                 if raw.strip() and parsed is None]
    if bad_dates:
        data["message"] = f"Een datum is niet herkend en is genegeerd. {DAY_HINT}"
    if not q.strip():
        data["message"] = "Typ een of meer woorden om te zoeken, bijvoorbeeld Rafah of \"humanitaire hulp\"."
        return respond(request, "search.html.j2", data, as_json)
    service = service_of(request)
    try:
        results = service.search.search(credentials, q, filters, PAGE_SIZE, PAGE_SIZE * (number - 1), facets=True,
                                        sort="date" if form["sorteren"] else "relevance")
    except InvalidQuery as e:
        data["message"] = f"Met deze zoekvraag kan niet worden gezocht: {e}. Probeer andere woorden."
        return respond(request, "search.html.j2", data, as_json)
    found, counts = results.hits, results.counts
    data["more"] = results.more
    data["question"] = results.question
    if results.suggestion:
        data["suggestion"] = {"text": results.suggestion,
                              "href": search_facets.link(form, q=results.suggestion)}
    data["hits"] = [_hit(h) for h in found]
    if counts:
        names = service.search.printed_names(credentials, search_facets.shown_values(counts))
        data["facets"] = search_facets.choices(counts, form, names)
    else:
        data["facets"] = None
    document_page.fill_titles(service, data["hits"])
    if not found:
        data["message"] = "Niets gevonden. Probeer minder of andere woorden, of minder filters."
    return respond(request, "search.html.j2", data, as_json)


_KINDS = {"answer": "antwoord", "question": "vraag", "title": "titel", "footnote": "voetnoot"}


def _hit(h: Hit) -> dict[str, Any]:
    """The hit as the API gives it (``Hit.to_dict``), in Dutch for the page."""
    return {**h.to_dict(), "kind": _KINDS.get(h.kind, h.kind), "title": h.title or h.document_id,
            "citation": document_page.citation(h.document_id),
            "snippet_html": str(_snippet(h.snippet)),
            "type": TYPE_NAMES.get(DocumentType(h.document_type), h.document_type)
            if h.document_type in _TYPES else h.document_type}


@router.get("/login")
def login_form(request: Request, volgende: str = "") -> Response:
    """The login form; ``volgende`` is the page to return to afterwards (a path of this site)."""
    caller(request)
    token = secrets.token_urlsafe(24)
    response = respond(request, "login.html.j2", {"title": "Inloggen", "errors": [], "username": "",
                                                  "volgende": next_path(volgende)}, False, extra={"csrf": token})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    """Log in with the form; a wrong password or a missing CSRF token shows the form again."""
    form = await form_of(request)
    return await run_in_threadpool(_login, request, form.get("username", ""), form.get("password", ""),
                                   form.get("csrf", ""), next_path(form.get("volgende")))


def _login(request: Request, username: str, password: str, csrf: str, volgende: str) -> Response:
    caller(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    error: str
    field = "username"
    if not expected or not same_token(csrf, expected):
        error = "Het formulier is verlopen. Probeer het opnieuw."
    elif not username.strip():
        error = "Vul uw gebruikersnaam in."
    elif not password:
        error, field = "Vul uw wachtwoord in.", "password"
    else:
        service = service_of(request)
        try:
            session = service.accounts.login(username.strip(), password, client_address(request))
        except PermissionDenied:
            error = "Gebruikersnaam of wachtwoord is onjuist."
        except TooManyRequests as refused:
            return _login_again(request, username, volgende, {"username": _wait_message(refused.retry_after)},
                                429, {"Retry-After": str(refused.retry_after)})
        else:
            done = RedirectResponse(volgende, status_code=303)
            done.set_cookie(SESSION_COOKIE, session.session_id, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/", expires=session.expires_at)
            done.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
            return done
    return _login_again(request, username, volgende, {field: error}, 400)


def _login_again(request: Request, username: str, volgende: str, error: dict[str, str], status: int,
                 headers: dict[str, str] | None = None) -> Response:
    """The login form again, with what went wrong (by field: the error summary links to it), the
    page to return to, and a fresh form token."""
    token = secrets.token_urlsafe(24)
    errors = [{"field": field, "message": message} for field, message in error.items()]
    response = respond(request, "login.html.j2", {"title": "Inloggen", "errors": errors, "username": username,
                                                  "volgende": volgende}, False, status, extra={"csrf": token})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    response.headers.update(headers or {})
    return response


def _wait_message(seconds: int) -> str:
    """Dutch: too many tries, and how long to wait (whole minutes from a minute on).

    >>> _wait_message(30)
    'Te veel mislukte pogingen. Probeer het over 30 seconden opnieuw.'
    >>> _wait_message(61)
    'Te veel mislukte pogingen. Probeer het over 2 minuten opnieuw.'
    >>> _wait_message(60)
    'Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw.'
    """
    if seconds < 60:
        wait = aantal(seconds, "seconde", "seconden")
    else:
        minutes = -(-seconds // 60)
        wait = aantal(minutes, "minuut", "minuten")
    return f"Te veel mislukte pogingen. Probeer het over {wait} opnieuw."


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session; refused (403) without the session's CSRF token."""
    form = await form_of(request)
    return await run_in_threadpool(_logout, request, form.get("csrf", ""))


def _logout(request: Request, csrf: str) -> Response:
    credentials, expected = caller(request)
    if credentials.user is None:
        return RedirectResponse("/", status_code=303)
    if expected is None or not same_token(csrf, expected):
        return respond(request, "error.html.j2", {"title": "Niet toegestaan", "status": 403,
                                                  "message": "Uitloggen kan alleen met het formulier op deze site."},
                       False, 403)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        service_of(request).accounts.logout(credentials, cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
