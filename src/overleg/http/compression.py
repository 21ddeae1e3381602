"""gzip for text answers (pages, JSON, CSV, feeds, the stylesheet), once per stored version.

One ASGI middleware, in the spirit of Starlette's ``GZipMiddleware`` but with two differences
that matter here:

- **Only text is compressed**, by its media type (``text/*``, JSON, XML, Atom, JavaScript,
  SVG): a PDF, a DOCX or an XLSX is already compressed and passes as it is, as does an answer
  that already has a ``Content-Encoding``, a 304 and anything under ``MINIMUM_SIZE`` bytes.
- **Nothing is compressed for a signed-in browser** (a request with the session cookie): its
  pages hold the session's CSRF token beside words the request chose, the setting of the BREACH
  attack on compressed HTTPS; the public's pages hold no secret. A bearer token is never sent
  by a browser on its own, so API clients get gzip.
- **A compressed answer with an ETag is kept** (``CACHE_ENTRIES`` of them, least recently used
  out first): the same stored version is the same bytes, so the public document page (100 kB
  and more) is compressed once per process, not on every request.

A compressed answer says ``Content-Encoding: gzip`` with its own length, and its strong ETag
gets ``-gzip`` appended (RFC 9110 8.8.1: another representation, another tag;
``overleg.http.caching`` takes both forms in ``If-None-Match``). Every compressible answer says
``Vary: Accept-Encoding``, compressed or not, so a cache never hands gzip to a client that did
not ask for it. A streamed answer (a first body part with ``more_body``) is compressed as it
streams, without a length. docs/web.md, "Compression".
"""

from __future__ import annotations

import gzip
import zlib
from collections import OrderedDict

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overleg.http.auth import SESSION_COOKIE

MINIMUM_SIZE = 500  # below this gzip's own header and the work outweigh what it saves
LEVEL = 6  # zlib's default: about level 9's size at a third of its time
KEPT_LEVEL = 9
CACHE_ENTRIES = 64
THREAD_SIZE = 128 * 1024  # a body this large is compressed off the event loop
GZIP_SUFFIX = "-gzip"
_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript", "image/svg+xml"})


def compressible(content_type: str) -> bool:
    """Whether an answer of this media type is text that gzip shrinks.

    >>> [compressible(t) for t in ("text/html; charset=utf-8", "application/atom+xml", "application/pdf")]
    [True, True, False]
    """
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith(("+json", "+xml"))


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (named, or ``*``, and not with ``q=0``).

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("gzip;q=0"), accepts_gzip("identity")
    (True, False, False)
    """
    for part in accept_encoding.lower().split(","):
        name, *params = (p.strip() for p in part.split(";"))
        if name in ("gzip", "*"):
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def gzip_tag(etag: str) -> str:
    """The ETag of the gzip representation of an answer tagged ``etag``.

    >>> gzip_tag('"abc"'), gzip_tag('W/"abc"')
    ('"abc-gzip"', 'W/"abc-gzip"')
    """
    return etag[:-1] + GZIP_SUFFIX + '"' if etag.endswith('"') else etag


class Compression:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, minimum_size: int = MINIMUM_SIZE, level: int = LEVEL,
                 cache_entries: int = CACHE_ENTRIES) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.level = level
        self.cache_entries = cache_entries
        self._kept: OrderedDict[tuple[str, int], bytes] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        # BREACH: a signed-in page holds the session's CSRF token and may echo what a request
        # asked (search words); compressed, its length could betray the token to someone who
        # makes the browser ask many times. Signed-in answers are therefore sent as they are.
        signed_in = f"{SESSION_COOKIE}=" in headers.get("cookie", "")
        wanted = accepts_gzip(headers.get("accept-encoding", "")) and not signed_in
        await self.app(scope, receive, _Responder(self, send, wanted))

    async def compressed(self, body: bytes, etag: str | None) -> bytes:
        """``body`` gzipped, from what is kept when its ETag was seen before."""
        # the tag names the version; the checksum makes sure these are the bytes it was kept for
        key = (etag, zlib.crc32(body)) if etag and not etag.startswith("W/") else None
        if key is not None and key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        # what is kept is compressed once, so it gets gzip's best (level 9: a few per cent smaller)
        level = KEPT_LEVEL if key is not None else self.level
        if len(body) >= THREAD_SIZE:
            out = await anyio.to_thread.run_sync(self._gzip, body, level)
        else:
            out = self._gzip(body, level)
        if key is not None:
            self._kept[key] = out
            while len(self._kept) > self.cache_entries:
                self._kept.popitem(last=False)
        return out

    @staticmethod
    def _gzip(body: bytes, level: int) -> bytes:
        return gzip.compress(body, compresslevel=level, mtime=0)  # mtime 0: the same bytes every time


class _Responder:
    """The ``send`` of one request: holds the start back until the first body part shows whether
    the answer is whole (compressed at once) or streamed (compressed as it comes)."""

    def __init__(self, owner: Compression, send: Send, wanted: bool) -> None:
        self.owner = owner
        self.send = send
        self.wanted = wanted
        self.start: Message | None = None
        self.stream: zlib._Compress | None = None
        self.passing = True

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message.get("headers", []))
            text = (compressible(headers.get("content-type", "")) and "content-encoding" not in headers
                    and message["status"] not in (204, 304))
            if text:
                MutableHeaders(scope=message).add_vary_header("Accept-Encoding")
            if not (text and self.wanted):
                await self.send(message)
                return
            self.start, self.passing = message, False
            return
        if self.passing or message["type"] != "http.response.body":
            await self.send(message)
            return
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if self.start is not None:
            start, self.start = self.start, None
            await self._begin(start, body, more)
            return
        assert self.stream is not None
        out = self.stream.compress(body) + (b"" if more else self.stream.flush())
        await self.send({"type": "http.response.body", "body": out, "more_body": more})

    async def _begin(self, start: Message, body: bytes, more: bool) -> None:
        headers = MutableHeaders(scope=start)
        if not more and len(body) < self.owner.minimum_size:
            self.passing = True
            await self.send(start)
            await self.send({"type": "http.response.body", "body": body, "more_body": False})
            return
        etag = headers.get("etag")
        headers["Content-Encoding"] = "gzip"
        if etag:
            headers["ETag"] = gzip_tag(etag)
        if more:  # streamed: compressed part by part, no length known
            del headers["Content-Length"]
            self.stream = zlib.compressobj(self.owner.level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            await self.send(start)
            await self.send({"type": "http.response.body", "body": self.stream.compress(body), "more_body": True})
            return
        out = await self.owner.compressed(body, etag)
        headers["Content-Length"] = str(len(out))
        await self.send(start)
        await self.send({"type": "http.response.body", "body": out, "more_body": False})


__all__ = [
    "CACHE_ENTRIES",
    "GZIP_SUFFIX",
    "MINIMUM_SIZE",
    "Compression",
    "accepts_gzip",
    "compressible",
    "gzip_tag",
]
