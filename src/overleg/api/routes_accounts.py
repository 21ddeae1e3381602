"""Accounts over HTTP: first-run setup, login and logout, tokens, users, who am I."""

import ipaddress

from fastapi import APIRouter, Request, Response

from overleg.api.schemas import LoginBody, NewUserBody, RoleBody, SetupBody, TokenOut, TokenRequest, UserOut
from overleg.errors import PermissionDenied
from overleg.http.auth import SESSION_COOKIE, LoggedIn, Who, logged_in, service_of
from overleg.service import Credentials

router = APIRouter(prefix="/api", tags=["accounts"])


def _user_out(who: Credentials, csrf: str | None = None) -> UserOut:
    if who.user is None:
        return UserOut(username=None)
    return UserOut(username=who.user.username, display_name=who.user.display_name, csrf_token=csrf,
                   roles=[RoleBody(role=m.role.value, scope=m.scope) for m in who.memberships])


@router.post("/setup", status_code=201, response_model=TokenOut)
def setup(body: SetupBody, request: Request) -> TokenOut:
    """Create the first admin of a store without users (409 once any user exists), from the
    server's own machine only (403 otherwise); returns a bearer token for it."""
    host = request.client.host if request.client else ""
    if not _loopback(host):
        raise PermissionDenied("setup is only possible from the server's own machine")
    user, token = service_of(request).accounts.setup(body.username, body.password, body.display_name)
    return TokenOut(token=token, username=user.username)


@router.post("/login", response_model=UserOut)
def login(body: LoginBody, request: Request, response: Response) -> UserOut:
    """Start a session: sets the HttpOnly session cookie and returns the CSRF token that every
    unsafe request with that cookie must carry in X-CSRF-Token."""
    service = service_of(request)
    session = service.accounts.login(body.username, body.password)
    response.set_cookie(SESSION_COOKIE, session.session_id, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/",
                        expires=session.expires_at)
    found = service.accounts.by_session(session.session_id)
    assert found is not None
    return _user_out(found[0], session.csrf_token)


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, who: LoggedIn) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        service_of(request).accounts.logout(cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=UserOut)
def me(request: Request, who: Who) -> UserOut:
    """The caller: username, roles, and for a session its CSRF token; username null for the public."""
    cookie = request.cookies.get(SESSION_COOKIE)
    session = service_of(request).accounts.by_session(cookie) if cookie and who.user else None
    return _user_out(who, session[1] if session else None)


@router.post("/tokens", status_code=201, response_model=TokenOut)
def create_token(body: TokenRequest, request: Request) -> TokenOut:
    """A bearer token: for username and password in the body, or for the logged-in caller."""
    accounts = service_of(request).accounts
    if body.username is not None or body.password is not None:
        token = accounts.token_for_password(body.username or "", body.password or "", body.name)
        return TokenOut(token=token, username=body.username or "")
    who = logged_in(request)
    assert who.user is not None
    return TokenOut(token=accounts.token_for(who, body.name), username=who.user.username)


@router.post("/users", status_code=201, response_model=UserOut,
             responses={201: {"description": "the new user; `csrf_token` unused, `token` in the header"}})
def create_user(body: NewUserBody, request: Request, response: Response,
                who: LoggedIn) -> UserOut:
    """Create a user with roles (admins: any; clerks: member, staff, official, and chair or clerk
    of their own committee). With ``issue_token`` (admins only) the new user's bearer token is
    returned in the ``X-Overleg-Token`` header."""
    accounts = service_of(request).accounts
    user, token = accounts.create_user(who, body.username, body.password, body.display_name,
                                       tuple((r.role, r.scope) for r in body.roles), body.issue_token)
    if token:
        response.headers["X-Overleg-Token"] = token
    return _user_out(accounts.credentials(user))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
