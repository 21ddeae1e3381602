"""Input hygiene at the edge: one ASGI middleware in front of the REST API and the web UI.

Every request passes ``EdgeLimits`` before it is routed:

- **Size.** A body larger than ``max_request_bytes`` is refused with 413 before it is read: at
  once when its ``Content-Length`` says so (a client sending ``Expect: 100-continue`` never
  sends it at all), else as soon as the bytes counted while it streams in (chunked) pass the
  limit. The answer closes the connection, so the rest is never read either.
- **Text.** The path, every query parameter (name and value) and every string of a JSON body
  or a form body (names and values) follow the rules of ``overleg.service.commands``: NFC (the
  request goes on normalised), no control characters but tab, line feed and carriage return,
  no lone surrogates, at most ``max_field_chars`` characters, JSON lists and objects of at most
  ``max_items`` entries, nested at most ``MAX_JSON_DEPTH`` levels. A break is 422 naming the field
  as the API's own validation does: ``query.q``, ``path.doc_id``, ``body.passages.0.text``.

Refusals under ``/api`` are the API's JSON error bodies (``{code, message, field}``); elsewhere
``page`` (given by the app: the web UI's Dutch error page) answers. What passes reaches the app
as if sent so: same body (re-encoded only when normalising changed it), same headers.
Bodies are buffered whole (they are at most ``max_request_bytes``) before the app sees them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from urllib.parse import parse_qsl, urlencode

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overleg.errors import OverlegError, PayloadTooLarge
from overleg.service.commands import InputProblem, Limits, clean_json, normal_text, text_problem
from overleg.settings import Settings

Page = Callable[[Scope, OverlegError, InputProblem | None], Response]
"""The web UI's answer to a refused request (``scope``, the error, the problem when one)."""

BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_BODY_HEADERS = frozenset({b"content-length", b"transfer-encoding"})
_ESCAPED = re.compile(rb"[^\x21-\x7e]|%")  # what could decode to a refused or a non-NFC character


class EdgeLimits:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, settings: Settings, page: Page | None = None) -> None:
        self.app = app
        self.limits = Limits.of(settings)
        self.max_bytes = settings.max_request_bytes
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = self._path(scope) or self._query(scope)
        if found is not None:
            await self._refuse(scope, receive, send, found.error(), found)
            return
        if scope["method"] in BODYLESS and not any(name in _BODY_HEADERS for name, _ in scope["headers"]):
            await self.app(scope, receive, send)  # no body: nothing more to check (most requests)
            return
        headers = dict(scope["headers"])
        length = _length(headers.get(b"content-length"))
        if length is not None and length > self.max_bytes:
            await self._refuse(scope, receive, send, self._too_large(length))
            return
        body = await _read(receive, self.max_bytes)
        if body is None:
            await self._refuse(scope, receive, send, self._too_large(None))
            return
        cleaned, found = self._body(body, headers.get(b"content-type", b""))
        if found is not None:
            await self._refuse(scope, receive, send, found.error(), found)
            return
        if cleaned is not body:
            scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k != b"content-length"]
                         + [(b"content-length", str(len(cleaned)).encode())])
        await self.app(scope, _replay(cleaned, receive), send)

    # -- the parts of a request -----------------------------------------------------------------

    def _path(self, scope: Scope) -> InputProblem | None:
        path, found = normal_text(scope["path"], "path", self.limits.max_field_chars)
        if found is not None:
            return InputProblem(_path_parameter(scope), found.kind, found.limit, found.detail)
        scope["path"] = path
        return None

    def _query(self, scope: Scope) -> InputProblem | None:
        raw: bytes = scope.get("query_string", b"")
        if not raw or (len(raw) <= self.limits.max_field_chars and not _ESCAPED.search(raw)):
            return None  # printable ASCII without escapes: nothing to refuse or normalise (the common case)
        # as Starlette reads it (QueryParams), so the names and values checked are the ones routed
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        cleaned, found = self._pairs(pairs, "query")
        if found is not None:
            return found
        if cleaned is not pairs:
            scope["query_string"] = urlencode(cleaned).encode("ascii")
        return None

    def _pairs(self, pairs: list[tuple[str, str]], where: str) -> tuple[list[tuple[str, str]], InputProblem | None]:
        out, changed = [], False
        for name, value in pairs:
            field = f"{where}.{name}"
            clean_name, found = normal_text(name, field, self.limits.max_field_chars)
            if found is None:
                clean_value, found = normal_text(value, field, self.limits.max_field_chars)
            if found is not None:
                return pairs, found
            changed = changed or clean_name is not name or clean_value is not value
            out.append((clean_name, clean_value))
        return (out if changed else pairs), None

    def _body(self, body: bytes, content_type: bytes) -> tuple[bytes, InputProblem | None]:
        kind = content_type.split(b";", 1)[0].strip().lower()
        if kind == b"application/x-www-form-urlencoded":
            pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)  # as web.session reads it
            cleaned, found = self._pairs(pairs, "body")
            return (body if cleaned is pairs else urlencode(cleaned).encode("ascii")), found
        if not body or not (kind == b"application/json" or kind.endswith(b"+json")):
            return body, None
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return body, None  # not JSON: the API's own parser says so (422)
        clean, found = clean_json(data, self.limits, "body")
        if found is not None or clean == data:  # equal: nothing was normalised
            return body, found
        return json.dumps(clean, ensure_ascii=False).encode(), None

    # -- answers --------------------------------------------------------------------------------

    def _too_large(self, length: int | None) -> PayloadTooLarge:
        size = f"{length} bytes" if length is not None else "more"
        return PayloadTooLarge(f"the request body is {size}; the most this server reads is {self.max_bytes} bytes")

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, error: OverlegError,
                      problem: InputProblem | None = None) -> None:
        path: str = scope["path"]
        if self.page is not None and not (path == "/api" or path.startswith("/api/")):
            response = self.page(scope, error, problem)
        else:
            response = JSONResponse(error.details(), status_code=error.status)
        if isinstance(error, PayloadTooLarge):
            response.headers["Connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)


def _length(value: bytes | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as more than ``limit`` bytes came in."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; the app finds out from the replay
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then what the server gives (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _path_parameter(scope: Scope) -> str:
    """The name of the path parameter holding the refused text: matched against the API's
    path templates (its OpenAPI document), only on a refusal, so normal requests pay nothing;
    ``path`` for a web page (whose user knows the address, not parameter names) or no match."""
    app = scope.get("app")
    path: str = scope["path"]
    if app is None or not path.startswith("/api/"):
        return "path"
    for template in app.openapi().get("paths", {}):
        found = _template(template).fullmatch(path)
        if found is None:
            continue
        for name, value in found.groupdict().items():
            if text_problem(value, name, 1 << 30) is not None:
                return f"path.{name}"
    return "path"


@cache
def _template(template: str) -> re.Pattern[str]:
    """``/api/documents/{doc_id}.{format}`` as a pattern with a group per parameter."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+?)" for i, p in enumerate(parts)),
                      re.DOTALL)


__all__ = ["BODYLESS", "EdgeLimits", "Page"]
