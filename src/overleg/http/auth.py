"""Who is asking: a bearer token, a session cookie (with its CSRF token), or the public.

- ``Authorization: Bearer ovl_...`` (API clients): no CSRF token needed, as browsers never send
  that header by themselves.
- The ``overleg_session`` cookie (HttpOnly, SameSite=Lax) from ``POST /api/login``: every unsafe
  request (POST, PUT, PATCH, DELETE) must carry the session's CSRF token in ``X-CSRF-Token``,
  else 403 ``csrf-refused``. SameSite=Lax already keeps the cookie off cross-site POSTs; the
  token covers older browsers and same-site attackers.
- Neither: the public. A wrong, revoked or expired token is 401, never silently the public;
  so is a token or a session (on an unsafe request) of a user an administrator deactivated.

The client's address (for the login throttle) is the connection's; uvicorn replaces it with
``X-Forwarded-For`` only from the proxies in ``FORWARDED_ALLOW_IPS`` (default: loopback), so
behind a reverse proxy elsewhere, set that, or every client counts as the proxy.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from overleg.errors import CsrfRefused, NotAuthenticated
from overleg.service import Credentials, Service

SESSION_COOKIE = "overleg_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def service_of(request: Request) -> Service:
    """The service of the app serving ``request`` (put there by ``overleg.app.create_app``)."""
    found: Service = request.app.state.service
    return found


def credentials(request: Request) -> Credentials:
    """The caller's credentials (a FastAPI dependency); raises NotAuthenticated or CsrfRefused."""
    accounts = service_of(request).accounts
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        found = accounts.by_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if found is None:
            raise NotAuthenticated("Het bearer-token is onbekend, ingetrokken of verlopen; vraag een nieuw token.")
        return found
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return Credentials.public()
    session = accounts.by_session(cookie)
    if session is None:
        if request.method in SAFE_METHODS:
            return Credentials.public()
        raise NotAuthenticated("Uw sessie is beëindigd; log opnieuw in.")
    who, csrf = session
    if request.method not in SAFE_METHODS and not same_token(request.headers.get(CSRF_HEADER), csrf):
        raise CsrfRefused(f"Een verzoek met het sessiecookie moet de kop {CSRF_HEADER} van de sessie meesturen.")
    return who


def client_address(request: Request) -> str | None:
    """The address the request comes from (what the login throttle counts per address)."""
    return request.client.host if request.client else None


def logged_in(request: Request) -> Credentials:
    """The caller's credentials; NotAuthenticated for the public."""
    who = credentials(request)
    if who.user is None:
        raise NotAuthenticated("Log in (POST /api/login) of stuur een bearer-token mee.")
    return who


def same_token(given: str | None, expected: str) -> bool:
    """A token from the request equals the expected one (compared in constant time)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


Who = Annotated[Credentials, Depends(credentials)]
LoggedIn = Annotated[Credentials, Depends(logged_in)]
