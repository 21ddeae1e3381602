"""Documents over HTTP: stored papers (public) and a consultation's own document (filtered).

``GET /api/documents/{id}/links`` answers what a stored paper cites and who cites it.
``GET /api/documents/{id}`` serves the stored exchange JSON of the latest version (or
``?version=n``); ``/api/documents/{id}.{format}`` any writer format. A version never changes,
so a response for an explicit version is cacheable for good; every one carries an ETag and
Last-Modified from the stored version (``overleg.http.caching``) and answers 304 to a client
that has it.
"""

import json
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from overleg.api.schemas import MAX_INT, DocumentLinksOut, DocumentSourceOut, DocumentSummary, LinkedPaperOut
from overleg.http.auth import Who, service_of
from overleg.http.caching import Validators, validators
from overleg.service import Credentials, LinkedPaper, render_document

router = APIRouter(prefix="/api", tags=["documents"])

DOCUMENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/html": {}, "text/csv": {}, "application/akn+xml": {}},
                  "description": "the document in the format asked for"}}


def _cached(request: Request, body: bytes, media_type: str, tags: Validators, immutable: bool) -> Response:
    """The answer with its ETag and Last-Modified (``overleg.http.caching``), or a 304."""
    headers = {"Cache-Control": "public, max-age=31536000, immutable" if immutable
               else "public, max-age=0, must-revalidate"}
    return tags.not_modified(request.headers, headers) or Response(body, media_type=media_type,
                                                                   headers={**headers, **tags.headers()})


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(request: Request, who: Who, type: str | None = None,
                   limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_INT)
                   ) -> list[DocumentSummary]:
    """The latest version of every stored document."""
    found = service_of(request).corpus.page(who, type=type, limit=limit, offset=offset)
    return [DocumentSummary(id=d.id, version=d.version, type=d.type, title=d.title, created_at=d.created_at,
                            reason=d.reason) for d in found]


@router.get("/documents/{doc_id}/sources", response_model=list[DocumentSourceOut])
def document_sources(doc_id: str, request: Request, who: Who) -> list[DocumentSourceOut]:
    """Every source the document was read from, the first read first (empty for a report
    published here); 404 for an unknown document."""
    return [DocumentSourceOut(name=s.name, format=s.format, bytes_hash=s.bytes_hash, first_read_at=s.first_read_at,
                              last_read_at=s.last_read_at, version=s.version, metadata=_metadata(s.metadata))
            for s in service_of(request).documents.sources(who, doc_id)]


def _metadata(stored: str | None) -> dict[str, Any] | None:
    """A source's stored record as an object; what is not one (never written so) is left out."""
    if stored is None:
        return None
    try:
        found = json.loads(stored)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _paper(p: LinkedPaper) -> LinkedPaperOut:
    return LinkedPaperOut(id=p.id, citation=p.citation, stored=p.stored, title=p.title, href=p.url,
                          where=list(p.where), kinds=list(p.kinds))


@router.get("/documents/{doc_id}/links", response_model=DocumentLinksOut)
def document_links(doc_id: str, request: Request, who: Who) -> DocumentLinksOut:
    """What a stored document cites (stored or not, each paper once with the items citing it) and
    which stored documents cite it. The id may be printed as a citation ("Kamerstuk 21501-02-3349");
    404 when the document is not stored."""
    links = service_of(request).corpus.links(who, doc_id)
    return DocumentLinksOut(id=links.id, citation=links.citation, cites=[_paper(p) for p in links.cites],
                            cited_by=[_paper(p) for p in links.cited_by])


@router.get("/documents/{doc_id}.{format}", responses=DOCUMENT, response_class=Response)
def document_as(doc_id: str, format: str, request: Request, who: Who,
                version: int | None = Query(None, ge=1, le=MAX_INT)) -> Response:
    """A stored document in a writer format (json, html, akn, csv)."""
    service = service_of(request)
    number, out = service.documents.rendered(who, doc_id, format, version)
    return _cached(request, out.body, out.media_type, validators(service, doc_id, number, format),
                   version is not None)


@router.get("/documents/{doc_id}", responses=DOCUMENT, response_class=Response)
async def document(doc_id: str, request: Request, version: int | None = Query(None, ge=1, le=MAX_INT)) -> Response:
    """A stored document as exchange JSON (published reports and read papers are public).

    Async on purpose: once cached (see ``Documents.latest_version``) this does no I/O, and the
    hop to the thread pool would cost more than the work. For the same reason the caller is taken
    as the public without looking at a cookie or token: documents are public to everyone alike."""
    service = service_of(request)
    number, body = service.documents.json(Credentials.public(), doc_id, version)
    return _cached(request, body, "application/json", validators(service, doc_id, number, "json"),
                   version is not None)


@router.get("/consultations/{consultation_id}/document", responses=DOCUMENT, response_class=Response)
def consultation_document(consultation_id: str, request: Request,
                          who: Who) -> Response:
    """The consultation's document as the caller may read it, as exchange JSON: the numbered
    list (inbreng) once sent, the report once established; 409 before sending."""
    return consultation_document_as(consultation_id, "json", request, who)


@router.get("/consultations/{consultation_id}/document.{format}", responses=DOCUMENT, response_class=Response)
def consultation_document_as(consultation_id: str, format: str, request: Request,
                             who: Who) -> Response:
    """The consultation's document in a writer format."""
    doc = service_of(request).consultations.document(who.actor, consultation_id)
    out = render_document(doc, format, str(doc.id) if doc.id else consultation_id)
    return Response(out.body, media_type=out.media_type, headers={"Cache-Control": "private, no-store"})
