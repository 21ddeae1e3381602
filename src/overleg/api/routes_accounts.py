"""Accounts over HTTP: first-run setup, login and logout, tokens, users, who am I, the audit log."""

import ipaddress
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from overleg.api.schemas import (
    AccountEventOut,
    LoginBody,
    NewUserBody,
    PasswordBody,
    RevokedOut,
    RoleBody,
    SetupBody,
    TokenInfoOut,
    TokenOut,
    TokenRequest,
    UserOut,
)
from overleg.errors import PermissionDenied, ValidationFailed
from overleg.http.auth import SESSION_COOKIE, LoggedIn, Who, client_address, logged_in, service_of
from overleg.service import Credentials, Grant, TokenInfo, User

router = APIRouter(prefix="/api", tags=["accounts"])
TOO_MANY: dict[int | str, dict[str, Any]] = {429: {
    "description": "too many failed logins (or the server is busy checking passwords); the Retry-After header "
                   "says after how many seconds to try again"}}


def _user_out(who: Credentials, csrf: str | None = None) -> UserOut:
    if who.user is None:
        return UserOut(username=None)
    return UserOut(username=who.user.username, display_name=who.user.display_name, csrf_token=csrf,
                   roles=[RoleBody(role=m.role.value, scope=m.scope, committee=m.committee) for m in who.memberships],
                   disabled=who.user.disabled)


def _token_out(info: TokenInfo) -> TokenInfoOut:
    return TokenInfoOut(id=info.id, name=info.name, created_at=info.created_at, expires_at=info.expires_at,
                        revoked=info.revoked)


@router.post("/setup", status_code=201, response_model=TokenOut)
def setup(body: SetupBody, request: Request) -> TokenOut:
    """Create the first admin of a store without users (409 once any user exists), from the
    server's own machine only (403 otherwise); returns a bearer token for it."""
    host = request.client.host if request.client else ""
    if not _loopback(host):
        raise PermissionDenied("setup is only possible from the server's own machine")
    user, token = service_of(request).accounts.setup(body.username, body.password, body.display_name)
    return TokenOut(token=token, username=user.username)


@router.post("/login", response_model=UserOut, responses=TOO_MANY)
def login(body: LoginBody, request: Request, response: Response) -> UserOut:
    """Start a session: sets the HttpOnly session cookie and returns the CSRF token that every
    unsafe request with that cookie must carry in X-CSRF-Token. Throttled: after too many
    failures for the account or from the client's address, 429 with Retry-After."""
    service = service_of(request)
    session = service.accounts.login(body.username, body.password, client_address(request))
    response.set_cookie(SESSION_COOKIE, session.session_id, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/",
                        expires=session.expires_at)
    found = service.accounts.by_session(session.session_id)
    assert found is not None
    return _user_out(found[0], session.csrf_token)


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, who: LoggedIn) -> Response:
    """End this session; other sessions and the caller's tokens stay."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        service_of(request).accounts.logout(who, cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=UserOut)
def me(request: Request, who: Who) -> UserOut:
    """The caller: username, roles, and for a session its CSRF token; username null for the public."""
    cookie = request.cookies.get(SESSION_COOKIE)
    session = service_of(request).accounts.by_session(cookie) if cookie and who.user else None
    return _user_out(who, session[1] if session else None)


@router.post("/tokens", status_code=201, response_model=TokenOut, responses=TOO_MANY)
def create_token(body: TokenRequest, request: Request) -> TokenOut:
    """A bearer token: for username and password in the body (throttled as a login), or for the
    logged-in caller. It expires after OVERLEG_TOKEN_DAYS days."""
    accounts = service_of(request).accounts
    if body.username is not None or body.password is not None:
        issued = accounts.token_for_password(body.username or "", body.password or "", body.name,
                                             client_address(request))
        return TokenOut(token=issued.token, username=body.username or "", id=issued.info.id,
                        expires_at=issued.info.expires_at)
    who = logged_in(request)
    assert who.user is not None
    issued = accounts.token_for(who, body.name)
    return TokenOut(token=issued.token, username=who.user.username, id=issued.info.id,
                    expires_at=issued.info.expires_at)


@router.get("/tokens", response_model=list[TokenInfoOut])
def list_tokens(request: Request, who: LoggedIn,
                username: Annotated[str | None, Query(description="admins: another user's")] = None
                ) -> list[TokenInfoOut]:
    """The caller's tokens (an administrator: any user's), newest first, without their secrets."""
    return [_token_out(t) for t in service_of(request).accounts.tokens(who, username)]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, request: Request, who: LoggedIn) -> Response:
    """Revoke one token: one's own, or anyone's for an administrator (404 for any other)."""
    service_of(request).accounts.revoke_token(who, token_id)
    return Response(status_code=204)


@router.post("/users", status_code=201, response_model=UserOut,
             responses={201: {"description": "the new user; `csrf_token` unused, `token` in the header"}})
def create_user(body: NewUserBody, request: Request, response: Response,
                who: LoggedIn) -> UserOut:
    """Create a user with roles. Admins grant any role, in one committee or (committee left out)
    in every committee; clerks grant member, staff and official roles that hold in their own
    committee only, and chair or clerk of it. With ``issue_token`` (admins only) the new
    user's bearer token is returned in the ``X-Overleg-Token`` header."""
    accounts = service_of(request).accounts
    grants = tuple(Grant(r.role, r.scope, r.committee) for r in body.roles)
    user, token = accounts.create_user(who, body.username, body.password, body.display_name, grants,
                                       body.issue_token)
    if token:
        response.headers["X-Overleg-Token"] = token
    return _user_out(accounts.credentials(user))


@router.post("/users/{username}/tokens", status_code=201, response_model=TokenOut)
def issue_token(username: str, body: TokenRequest, request: Request, who: LoggedIn) -> TokenOut:
    """A bearer token for another user (admins only), e.g. for an API client; ``name`` only."""
    if body.username is not None or body.password is not None:
        raise ValidationFailed("an issued token takes no username or password; only a name", field="username")
    issued = service_of(request).accounts.issue_token(who, username, body.name)
    return TokenOut(token=issued.token, username=username, id=issued.info.id, expires_at=issued.info.expires_at)


@router.post("/users/{username}/revoke-tokens", response_model=RevokedOut)
def revoke_tokens(username: str, request: Request, who: LoggedIn) -> RevokedOut:
    """Revoke every token of a user: one's own, or anyone's for an administrator. Sessions stay."""
    return RevokedOut(revoked=service_of(request).accounts.revoke_tokens(who, username))


@router.post("/users/{username}/deactivate", response_model=UserOut)
def deactivate(username: str, request: Request, who: LoggedIn) -> UserOut:
    """Deactivate a user (admins only): their sessions end and their tokens are revoked, so
    their very next request is refused (401) or the public's; they cannot log in."""
    return _user_out_of(service_of(request).accounts.deactivate(who, username), request)


@router.post("/users/{username}/reactivate", response_model=UserOut)
def reactivate(username: str, request: Request, who: LoggedIn) -> UserOut:
    """Let a deactivated user log in again (admins only); their old tokens stay revoked."""
    return _user_out_of(service_of(request).accounts.reactivate(who, username), request)


@router.post("/users/{username}/password", status_code=204, responses=TOO_MANY)
def set_password(username: str, body: PasswordBody, request: Request, who: LoggedIn) -> Response:
    """Set a password (at least 8 characters): one's own with ``current_password`` (throttled as
    a login), or anyone's by an administrator."""
    service_of(request).accounts.set_password(who, username, body.password, body.current_password,
                                              client_address(request))
    return Response(status_code=204)


@router.get("/account-events", response_model=list[AccountEventOut])
def account_events(request: Request, who: LoggedIn,
                   subject: Annotated[str | None, Query(description="only entries about this account")] = None,
                   before: Annotated[int | None, Query(ge=1, le=2**62, description="only entries older than this "
                                                       "id (the next page)")] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[AccountEventOut]:
    """The accounts' audit log, newest first (admins only): logins, failures and throttling,
    tokens issued and revoked, users created, deactivated and reactivated, roles granted."""
    found = service_of(request).accounts.events(who, subject, before, limit)
    return [AccountEventOut(id=e.id or 0, at=e.at, what=e.what, actor=e.actor, subject=e.subject,
                            address=e.address, detail=e.detail) for e in found]


def _user_out_of(user: User, request: Request) -> UserOut:
    return _user_out(service_of(request).accounts.credentials(user))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
