"""Output hygiene at the edge: the security headers of every response (one ASGI middleware).

- Every response: ``X-Content-Type-Options: nosniff`` (a JSON or CSV body is never run as a
  script or shown as a page), and over TLS ``Strict-Transport-Security`` (one year; "over TLS"
  as the server sees the request: uvicorn takes ``X-Forwarded-Proto`` only from the proxies
  in ``OVERLEG_TRUSTED_PROXIES``, docs/operations.md).
- Every HTML response: ``Content-Security-Policy`` (``POLICY``: scripts and styles from this site
  only, no inline script, no plugins, forms only to this site, never in a frame), the old
  browsers' ``X-Frame-Options: DENY`` and ``Referrer-Policy: same-origin`` (search and workspace
  addresses hold queries and consultation ids; other sites get no referrer).

The one inline style allowed is the HTML writer's ``<style>`` (a downloaded report must be one
self-contained file), by its hash, so no other inline style applies. The API's documentation
page (``/api/docs``, FastAPI's Swagger UI) loads its script from a CDN and starts it with an
inline script: its policy allows that CDN and exactly the inline scripts the page holds, by
their hashes (``docs_policy``). A header the app set itself is left as it is.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overleg.writers.html import style_hash

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    f"style-src 'self' {style_hash()}",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
DOCS_CDN = "https://cdn.jsdelivr.net"
HSTS = b"max-age=31536000"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

_ALWAYS = [(b"x-content-type-options", b"nosniff")]
_HTML = [(b"content-security-policy", POLICY.encode()), (b"x-frame-options", b"DENY"),
         (b"referrer-policy", b"same-origin")]
_HTML_ALL = _ALWAYS + _HTML


def docs_policy(page: bytes) -> str:
    """The policy of the API's documentation page: its CDN, and its inline scripts by hash."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s).digest()).decode() + "'"
                      for s in _INLINE_SCRIPT.findall(page))
    return "; ".join(("default-src 'self'", f"script-src 'self' {DOCS_CDN} {hashes}".rstrip(),
                      f"style-src 'self' {DOCS_CDN}", "img-src 'self' data: https://fastapi.tiangolo.com",
                      "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"))


class SecurityHeaders:
    """The middleware (see the module docstring); ``docs`` is the prefix of the API's documentation."""

    def __init__(self, app: ASGIApp, *, docs: str = "/api/docs") -> None:
        self.app = app
        self.docs = docs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"
        if scope["path"].startswith(self.docs):
            await self.app(scope, receive, _DocsPage(send, tls))
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = _headed(message, tls)
            await send(message)

        await self.app(scope, receive, with_headers)


def _headed(message: Message, tls: bool, policy: bytes | None = None) -> Message:
    """The response's start with the headers it lacks (names are lower case in ASGI)."""
    raw = list(message.get("headers", ()))
    html = False
    present = set()
    for name, value in raw:
        present.add(name)
        html = html or (name == b"content-type" and value.startswith(b"text/html"))
    extra = (_HTML_ALL if policy is None else [*_ALWAYS, (b"content-security-policy", policy), *_HTML[1:]]) \
        if html else _ALWAYS
    if tls:
        extra = [*extra, (b"strict-transport-security", HSTS)]
    message["headers"] = raw + [header for header in extra if header[0] not in present]
    return message


class _DocsPage:
    """A ``send`` that holds the documentation page back until its body is whole, to hash its
    inline scripts into the policy (the page is a few kB, asked for by developers only)."""

    def __init__(self, send: Send, tls: bool) -> None:
        self.send = send
        self.tls = tls
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        page = b"".join(self.body)
        await self.send(_headed(self.start, self.tls, docs_policy(page).encode()))
        await self.send({"type": "http.response.body", "body": page, "more_body": False})


__all__ = ["DOCS_CDN", "POLICY", "SecurityHeaders", "docs_policy"]
