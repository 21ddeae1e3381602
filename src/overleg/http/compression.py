"""Brotli or gzip for text answers (pages, JSON, CSV, feeds, the stylesheet), once per stored version.

One ASGI middleware, in the spirit of Starlette's ``GZipMiddleware`` but with what matters here:

- **Brotli when the client takes it, else gzip.** Browsers offer ``br`` over HTTPS; brotli makes
  the seed page about a sixth smaller than gzip's best (docs/benchmarks.md). Without the
  ``brotli`` package installed, gzip only.
- **Only text is compressed**, by its media type (``text/*``, JSON, XML, Atom, JavaScript,
  SVG): a PDF, a DOCX or an XLSX is already compressed and passes as it is, as does an answer
  that already has a ``Content-Encoding``, a 304 and anything under ``MINIMUM_SIZE`` bytes.
- **Nothing is compressed for a signed-in browser** (a request with the session cookie): its
  pages hold the session's CSRF token beside words the request chose, the setting of the BREACH
  attack on compressed HTTPS; the public's pages hold no secret. A bearer token is never sent
  by a browser on its own, so API clients get compression.
- **A compressed answer with an ETag is kept** (``CACHE_ENTRIES`` of them, least recently used
  out first): the same stored version is the same bytes, so the public document page (100 kB
  and more) is compressed once per process, at the best (slowest) setting, not on every
  request. Other answers get a fast setting.

A compressed answer says ``Content-Encoding`` with its own length, and its strong ETag gets
``-br`` or ``-gzip`` appended (RFC 9110 8.8.1: another representation, another tag;
``overleg.http.caching`` takes every form in ``If-None-Match``). Every compressible answer says
``Vary: Accept-Encoding``, compressed or not, so a cache never hands one encoding to a client
that did not ask for it. A streamed answer (a first body part with ``more_body``) is compressed
as it streams, without a length. docs/web.md, "Compression".
"""

from __future__ import annotations

import gzip
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overleg.http.auth import SESSION_COOKIE

try:
    import brotli  # type: ignore[import-untyped]  # Google's binding (MIT); no type stubs
except ImportError:  # pragma: no cover - brotli is a dependency; a bare install still serves gzip
    brotli = None

MINIMUM_SIZE = 500  # below this the encoding's own overhead and the work outweigh what it saves
CACHE_ENTRIES = 64
THREAD_SIZE = 64 * 1024  # a body this large is compressed off the event loop
GZIP_SUFFIX = "-gzip"
BR_SUFFIX = "-br"
SUFFIXES = (BR_SUFFIX, GZIP_SUFFIX)
_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript", "image/svg+xml"})


class _Stream:
    """What compresses a streamed answer part by part."""

    def __init__(self, part: Callable[[bytes], bytes], end: Callable[[], bytes]) -> None:
        self.part = part
        self.end = end


@dataclass(frozen=True)
class Encoding:
    """One content coding: its name, its ETag suffix, how fast and how well it compresses."""

    name: str
    suffix: str
    fast: Callable[[bytes], bytes]  # for an answer compressed per request
    best: Callable[[bytes], bytes]  # for an answer kept by its ETag, compressed once
    stream: Callable[[], _Stream]


def _gzip_stream() -> _Stream:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return _Stream(packer.compress, packer.flush)


def _brotli_stream() -> _Stream:
    packer = brotli.Compressor(quality=5)
    return _Stream(lambda body: bytes(packer.process(body)), lambda: bytes(packer.finish()))


GZIP = Encoding("gzip", GZIP_SUFFIX, lambda body: gzip.compress(body, compresslevel=6, mtime=0),
                lambda body: gzip.compress(body, compresslevel=9, mtime=0), _gzip_stream)  # mtime 0: same bytes
BROTLI = None if brotli is None else Encoding(
    "br", BR_SUFFIX, lambda body: bytes(brotli.compress(body, quality=5)),
    lambda body: bytes(brotli.compress(body, quality=11)), _brotli_stream)


def compressible(content_type: str) -> bool:
    """Whether an answer of this media type is text that compression shrinks.

    >>> [compressible(t) for t in ("text/html; charset=utf-8", "application/atom+xml", "application/pdf")]
    [True, True, False]
    """
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith(("+json", "+xml"))


def accepts(accept_encoding: str, coding: str) -> bool:
    """Whether ``Accept-Encoding`` allows ``coding`` (named, or ``*``, and not with ``q=0``).

    >>> accepts("gzip, deflate, br", "gzip"), accepts("gzip;q=0", "gzip"), accepts("identity", "gzip")
    (True, False, False)
    >>> accepts("br;q=1.0, gzip;q=0.8", "br"), accepts("gzip;q=veel", "gzip")
    (True, False)
    """
    for part in accept_encoding.lower().split(","):
        name, *params = (p.strip() for p in part.split(";"))
        if name in (coding, "*"):
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def chosen(accept_encoding: str) -> Encoding | None:
    """The encoding to answer with: brotli when offered (and installed), else gzip, else none."""
    if BROTLI is not None and accepts(accept_encoding, "br"):
        return BROTLI
    return GZIP if accepts(accept_encoding, "gzip") else None


def tagged(etag: str, suffix: str) -> str:
    """The ETag of an encoded representation of an answer tagged ``etag``.

    >>> tagged('"abc"', "-gzip"), tagged('W/"abc"', "-br")
    ('"abc-gzip"', 'W/"abc-br"')
    """
    return etag[:-1] + suffix + '"' if etag.endswith('"') else etag


class Compression:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, minimum_size: int = MINIMUM_SIZE, cache_entries: int = CACHE_ENTRIES) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.cache_entries = cache_entries
        self._kept: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        # BREACH: a signed-in page holds the session's CSRF token and may echo what a request
        # asked (search words); compressed, its length could betray the token to someone who
        # makes the browser ask many times. Signed-in answers are therefore sent as they are.
        signed_in = f"{SESSION_COOKIE}=" in headers.get("cookie", "")
        encoding = None if signed_in else chosen(headers.get("accept-encoding", ""))
        await self.app(scope, receive, _Responder(self, send, encoding))

    async def compressed(self, body: bytes, etag: str | None, encoding: Encoding) -> bytes:
        """``body`` encoded, from what is kept when its ETag was seen before."""
        # the tag names the version; the checksum makes sure these are the bytes it was kept for
        key = (etag, encoding.name, zlib.crc32(body)) if etag and not etag.startswith("W/") else None
        if key is not None and key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        how = encoding.best if key is not None else encoding.fast
        out = await anyio.to_thread.run_sync(how, body) if len(body) >= THREAD_SIZE or key else how(body)
        if key is not None:
            self._kept[key] = out
            while len(self._kept) > self.cache_entries:
                self._kept.popitem(last=False)
        return out


class _Responder:
    """The ``send`` of one request: holds the start back until the first body part shows whether
    the answer is whole (compressed at once) or streamed (compressed as it comes)."""

    def __init__(self, owner: Compression, send: Send, encoding: Encoding | None) -> None:
        self.owner = owner
        self.send = send
        self.encoding = encoding
        self.start: Message | None = None
        self.stream: _Stream | None = None
        self.passing = True

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message.get("headers", []))
            text = (compressible(headers.get("content-type", "")) and "content-encoding" not in headers
                    and message["status"] not in (204, 304))
            if text:
                MutableHeaders(scope=message).add_vary_header("Accept-Encoding")
            if not (text and self.encoding):
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
        out = self.stream.part(body) + (b"" if more else self.stream.end())
        await self.send({"type": "http.response.body", "body": out, "more_body": more})

    async def _begin(self, start: Message, body: bytes, more: bool) -> None:
        assert self.encoding is not None
        headers = MutableHeaders(scope=start)
        if not more and len(body) < self.owner.minimum_size:
            self.passing = True
            await self.send(start)
            await self.send({"type": "http.response.body", "body": body, "more_body": False})
            return
        etag = headers.get("etag")
        headers["Content-Encoding"] = self.encoding.name
        if etag:
            headers["ETag"] = tagged(etag, self.encoding.suffix)
        if more:  # streamed: compressed part by part, no length known
            del headers["Content-Length"]
            self.stream = self.encoding.stream()
            await self.send(start)
            await self.send({"type": "http.response.body", "body": self.stream.part(body), "more_body": True})
            return
        out = await self.owner.compressed(body, etag, self.encoding)
        headers["Content-Length"] = str(len(out))
        await self.send(start)
        await self.send({"type": "http.response.body", "body": out, "more_body": False})


__all__ = ["BROTLI", "BR_SUFFIX", "CACHE_ENTRIES", "GZIP", "GZIP_SUFFIX", "MINIMUM_SIZE", "SUFFIXES", "Compression",
           "Encoding", "accepts", "chosen", "compressible", "tagged"]
