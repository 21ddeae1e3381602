"""Who is asking on a page, and the forms they send: the session cookie (shared with the REST
API's ``overleg.http.auth``), its CSRF token, and url-encoded form bodies.

The page modules (``routes`` and the ``workspace_*`` modules) all take these from here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Request

from overleg.http.auth import SESSION_COOKIE, same_token, service_of
from overleg.service import Credentials


def csrf_ok(given: str, expected: str | None) -> bool:
    """The form's token is the session's CSRF token."""
    return expected is not None and same_token(given, expected)


def caller(request: Request) -> tuple[Credentials, str | None]:
    """The session's user and CSRF token, or the public (a bad cookie is just the public here)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = service_of(request).accounts.by_session(cookie) if cookie else None
    caller, csrf = found if found else (Credentials.public(), None)
    request.state.web_user = {"username": caller.user.username, "display_name": caller.user.display_name,
                              "csrf": csrf, "manages": caller.is_admin or bool(caller.clerk_of()),
                              "is_admin": caller.is_admin,
                              "unread": service_of(request).notifications.unread(caller)} if caller.user else None
    return caller, csrf


def whole(text: str | None, low: int = 0, high: int = 999_999_999) -> int | None:
    """A whole number from ``low`` to ``high`` typed in ASCII digits, else None: ``str.isdigit``
    also takes "²" (which ``int`` refuses) and numbers of any length (which stores do not).

    >>> whole("12"), whole("²"), whole("-1"), whole("99999999999999999999"), whole("")
    (12, None, None, None, None)
    """
    if not text or len(text) > 9 or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


async def form_of(request: Request) -> dict[str, str]:
    """A url-encoded form body as its first value per name (no multipart parser needed). The
    body is whole: the edge (``overleg.http.limits``) refused it unread when it was over
    ``max_request_bytes``, and its fields are NFC text without control characters."""
    raw = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}


_UNSAFE_NEXT = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


def next_path(value: str | None) -> str:
    """Where to go after logging in (``volgende``): a path on this site, else "/".

    Only a relative path of this site is followed, so a link cannot send someone who logs in to
    another site (an open redirect): no scheme or host (``https://…``, ``//evil``), no
    backslashes (browsers read ``/\\evil`` as ``//evil``), no spaces or control characters, and
    not the login page itself.

    >>> next_path("/werkruimte/so-1?x=1"), next_path("//evil.example"), next_path("https://evil.example")
    ('/werkruimte/so-1?x=1', '/', '/')
    >>> next_path("/\\\\evil.example"), next_path("/login?volgende=/x"), next_path(None)
    ('/', '/', '/')
    """
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith("//"):
        return "/"
    if _UNSAFE_NEXT.search(value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return value


def login_href(request: Request) -> str:
    """The login page's address that leads back to the page of ``request`` after logging in."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?volgende={quote(next_path(here), safe='/')}"
