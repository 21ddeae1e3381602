"""Documents: the stored papers (read documents and published reports), and rendering them.

Everything in the store's ``documents`` table is public (``access.anyone``): papers read by the readers, and the
reports of consultations once published. A consultation's own documents before publication
(the numbered list once sent, the report once established) are built from the actor's view of
it by ``Consultations.document``, never stored. What the procedure writes to the documents
happens in the transaction that appends its event (``alongside``): establishing the report
reserves its number for the consultation (refused when the number is another report's or an
ingested paper's), publishing saves the report as a document version of its committee, and
each correction after that saves another, with the reason; the event and the document land
together or not at all. Versions are immutable, so their rendering is cached per (id, version,
format).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection

from overleg import exchange
from overleg.corpus.ingest.save import save_and_index
from overleg.model import Document
from overleg.procedure import events as e
from overleg.procedure.document import to_document
from overleg.procedure.states import Consultation, State
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.store import DocumentSource, DocumentVersion, Store, published_by
from overleg.writers import spec, write


@dataclass(frozen=True)
class Rendered:
    """A document in one format: the body, its media type and a file name."""

    body: bytes
    media_type: str
    filename: str


def render_document(doc: Document, format: str, name: str) -> Rendered:
    """``doc`` written by ``overleg.writers`` in ``format`` (UnsupportedFormat for others)."""
    found = spec(format)
    out = write(doc, found.name)
    return Rendered(out.encode() if isinstance(out, str) else out, found.media_type, f"{name}{found.suffix}")


LATEST_TTL = 1.0


class Documents:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._rendered = lru_cache(maxsize=256)(self._render_version)
        self._latest: dict[str, tuple[float, int]] = {}

    def latest_version(self, who: Credentials, doc_id: str) -> int:
        """The latest version number of a stored document (NotFound when there is none).

        Remembered for LATEST_TTL seconds (a correction through this service forgets it at
        once; one saved by another process shows within the TTL), so serving a published report
        does not touch the database.
        """
        anyone(who)
        now = time.monotonic()
        known = self._latest.get(doc_id)
        if known is not None and known[0] > now:
            return known[1]
        version = self._store.documents.latest_version(doc_id)
        if len(self._latest) > 4096:
            self._latest.clear()
        self._latest[doc_id] = (now + LATEST_TTL, version)
        return version

    def json(self, who: Credentials, doc_id: str, version: int | None = None) -> tuple[int, bytes]:
        """The version and the exchange JSON of a stored document (its latest version by default)."""
        number = version if version is not None else self.latest_version(who, doc_id)
        return number, self._rendered(doc_id, number, "json").body

    def rendered(self, who: Credentials, doc_id: str, format: str, version: int | None = None) -> tuple[int, Rendered]:
        """The version of a stored document and the document in ``format``."""
        number = version if version is not None else self.latest_version(who, doc_id)
        return number, self._rendered(doc_id, number, spec(format).name)

    def get(self, who: Credentials, doc_id: str, version: int | None = None) -> Document:
        anyone(who)
        return self._store.documents.get(doc_id, version)

    def versions(self, who: Credentials, doc_id: str) -> tuple[DocumentVersion, ...]:
        anyone(who)
        return self._store.documents.versions(doc_id)

    def sources(self, who: Credentials, doc_id: str) -> tuple[DocumentSource, ...]:
        """Every source a stored document was read from (path or URL, format, sha256 of the bytes,
        when, and the publisher's record of it: the Open Data metadata of a synced paper), the
        first read first; empty for a report published here. NotFound when there is no such
        document."""
        anyone(who)
        self._store.documents.latest_version(doc_id)  # NotFound for an unknown id
        return self._store.documents.sources(doc_id)

    def _render_version(self, doc_id: str, version: int, format: str) -> Rendered:
        if format == "json":
            body = self._store.documents.get_json(doc_id, version).encode()
            return Rendered(body, "application/json", f"{doc_id}.json")
        doc = self._store.documents.get(doc_id, version)
        if format == "html" and any(v.published_here for v in self._store.documents.versions(doc_id)
                                    if v.version == version):
            # a report published here: its own id is on no official page (writers.html.page)
            from overleg.writers import html

            return Rendered(html.write(doc, made_here=True).encode(), spec(format).media_type, f"{doc_id}.html")
        return render_document(doc, format, doc_id)

    def alongside(self, consultation: Consultation,
                  done: tuple[e.Event, ...]) -> Callable[[Connection], object] | None:
        """What the events ``done`` (which led to ``consultation``) write to the documents, to run
        in the transaction that appends them; None when they write nothing there. Establishing
        reserves the report's number; publishing (or correcting a published report) saves the
        report and its search rows. A refusal (``Conflict``) rolls the events back."""
        if consultation.established is None:
            return None
        if any(isinstance(ev, e.ReportEstablished) for ev in done):
            return lambda conn: self._reserve(conn, consultation)
        if consultation.state is not State.PUBLISHED:
            return None
        correction = next((ev for ev in reversed(done) if isinstance(ev, e.ReportCorrected)), None)
        if correction is None and not any(isinstance(ev, e.ReportPublished) for ev in done):
            return None
        reason = correction.reason if correction else None
        return lambda conn: self._save_report(consultation, reason, conn)

    def forget(self, consultation: Consultation) -> None:
        """Forget the remembered latest version of the consultation's report (after it changed)."""
        if consultation.established is not None:
            self._latest.pop(str(consultation.established.document_id), None)

    def reconcile_publication(self, consultation: Consultation, published_versions: int) -> bool:
        """Store the report of a published consultation if the store lacks its latest version.

        Before publishing became one transaction, it appended the event and then saved the
        report in a second one; a process that died in between left a published consultation
        without its document. The store is behind when it holds fewer versions than the
        consultation has published (``EventStore.published_versions``: one at publication, one
        more per later correction). Only then is a version written: comparing content instead
        would make a new version of an established report whenever the software renders it
        differently. True when a version was written; ``Conflict`` when the report's number is
        not the consultation's, ``ValidationFailed`` when its text cannot be stored.
        """
        if consultation.state is not State.PUBLISHED or consultation.established is None:
            return False
        stored = self._store.documents.versions(str(consultation.established.document_id))
        if len(stored) >= published_versions:
            return False
        reason = consultation.corrections[-1].reason if consultation.corrections and len(stored) else None
        saved = self._save_report(consultation, reason)
        self.forget(consultation)
        return saved

    def _reserve(self, conn: Connection, consultation: Consultation) -> None:
        assert consultation.established is not None
        self._store.documents.reserve(conn, str(consultation.established.document_id), consultation.committee,
                                      consultation.id)

    def _save_report(self, consultation: Consultation, reason: str | None, conn: Connection | None = None) -> bool:
        assert consultation.established is not None
        doc_id = str(consultation.established.document_id)
        saved = save_and_index(self._store, to_document(consultation), doc_id=doc_id, reason=reason,
                               origin=published_by(consultation.committee), consultation_id=consultation.id,
                               conn=conn)
        return saved.changed


def exchange_json(doc: Document) -> bytes:
    return exchange.to_json(doc).encode()
