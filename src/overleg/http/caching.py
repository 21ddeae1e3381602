"""ETag and Last-Modified of a stored document's answers, and the 304 that saves sending it again.

A stored version never changes: what the store keeps of it (``DocumentVersion.content_hash``, a
SHA-256 of its exchange JSON, and ``created_at``) names its bytes. The ETag of an answer made
from it is a digest of that hash, of what the answer is (``representation``: "pagina", "json",
"pdf", ...) and of ``RELEASE``, the code and templates that render it, so that a new release
never answers 304 with an old page. Last-Modified is when the version was stored.

``If-None-Match`` is compared as RFC 9110 13.1.2 says (weakly: ``W/`` ignored), and also
matches the tags with ``-br`` and ``-gzip`` that ``overleg.http.compression`` gives the
compressed representations; ``If-Modified-Since`` counts only without ``If-None-Match``. docs/web.md,
"Caching".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache, lru_cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response

from overleg.http.compression import SUFFIXES
from overleg.service import Credentials, DocumentVersion, Service

_PACKAGE = Path(__file__).resolve().parent.parent
_RENDERING = ("*.py", "*.j2", "*.css", "*.js", "*.typ")


@cache
def release() -> str:
    """A digest of the package's code, templates and styles (read once per process): the same
    in every worker and after a restart, another after any change to what renders a page."""
    digest = hashlib.sha256()
    for pattern in _RENDERING:
        for path in sorted(_PACKAGE.rglob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Validators:
    """The ETag (quoted, strong) and Last-Modified of one answer."""

    etag: str
    last_modified: dt.datetime

    @classmethod
    def of(cls, version: DocumentVersion, representation: str) -> Validators:
        tag = hashlib.sha256(f"{version.content_hash}\0{representation}\0{release()}".encode()).hexdigest()[:32]
        return cls(f'"{tag}"', version.created_at.replace(microsecond=0))

    def headers(self) -> dict[str, str]:
        return {"ETag": self.etag, "Last-Modified": format_datetime(self.last_modified.astimezone(dt.UTC), usegmt=True)}

    def matched(self, request: Headers) -> str | None:
        """The tag the client already has (its ``If-None-Match``, or ours when its
        ``If-Modified-Since`` is not older than the version), None when it must get the answer."""
        wanted = request.get("if-none-match")
        if wanted is not None:
            if wanted.strip() == "*":
                return self.etag
            ours = self.etag.strip('"')
            for tag in wanted.split(","):
                bare = tag.strip().removeprefix("W/").strip('"')
                if bare == ours or bare in {ours + suffix for suffix in SUFFIXES}:
                    return tag.strip()
            return None
        since = request.get("if-modified-since")
        if since is None:
            return None
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return None  # a date that cannot be read is ignored (RFC 9110 13.1.3)
        if when.tzinfo is None or self.last_modified > when:
            return None
        return self.etag

    def not_modified(self, request: Headers, extra: dict[str, str] | None = None) -> Response | None:
        """A 304 (with the tag the client has) when the client's copy is current, else None."""
        tag = self.matched(request)
        if tag is None:
            return None
        response = Response(status_code=304, headers={**(extra or {}), **self.headers(), "ETag": tag})
        response.headers.add_vary_header("Accept-Encoding")  # as the 200 says it (the compression adds it there)
        return response


@lru_cache(maxsize=1024)
def stored_version(service: Service, doc_id: str, version: int) -> DocumentVersion:
    """What the store keeps of one version (a version never changes, so it is read once)."""
    for found in service.documents.versions(Credentials.public(), doc_id):
        if found.version == version:
            return found
    raise LookupError(f"{doc_id} has no version {version}")


def validators(service: Service, doc_id: str, version: int, representation: str) -> Validators:
    """The validators of ``representation`` of a stored version."""
    return Validators.of(stored_version(service, doc_id, version), representation)


__all__ = ["Validators", "release", "stored_version", "validators"]
