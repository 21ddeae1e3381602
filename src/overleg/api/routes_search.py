"""Full-text search over HTTP: ``GET /api/search`` (public, read-only; docs/api.md, docs/search.md).

The same search as ``overleg search QUERY --json`` and the web page ``/search``: one
``service.search.search`` call, hits as ``Hit.to_dict()``. A query the parser refuses is a 400 in
the API's error shape (``InvalidQuery``), a parameter out of range a 422; no input makes a 5xx.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from overleg.api.schemas import SearchOut, SimilarOut
from overleg.errors import InvalidQuery
from overleg.http.auth import Who, service_of
from overleg.service import MAX_OFFSET, MAX_QUERY_CHARS, SearchFilters

router = APIRouter(prefix="/api", tags=["search"])

MAX_LIMIT = 100
MAX_SIMILAR = 20

DESCRIPTION = f"""Search the titles, questions, answers and footnotes of every ingested document
(Dutch stemming, diacritics folded): words, `"a phrase"`, `prefix*`, `AND` / `OR` / `NOT` (or
`-word`), brackets. One hit per (document, item), best first; `href` is the item on the web
page, `api_href` the document's JSON. Pages: `limit` hits from `offset` (or `page`, counted
from 1); `more` says whether a next page has hits. Every match is ranked (BM25 over the
fields, or `sort=date`); pages reach offset {MAX_OFFSET}. `facets=true` adds counts per
document type, group, ministry and committee over the best 1,000 matching texts (`bounded`: more
matched, and the counts are lower bounds). A query with nothing to search for is a 400
(`query-error`), a parameter out of range a 422.

Field filters can be typed in `q` as well: `groep:D66`, `lid:Bushoff`, `partij:`, `ministerie:`,
`commissie:"Buitenlandse Zaken"`, `soort:` (a document type or its Dutch name), `van:2024-01-01`,
`tot:2024-06-30`, `datum:2024` or `datum:2024-03`; they combine with the parameters. A query
without operators that ends with `?`, or is long (more than six words) without a `"phrase"` or
`-word`, is a pasted question, searched as the OR of its words (`question: true`, `searched` says
what was searched); brackets in it are punctuation. `sort=date` lists the
newest first. With few hits on the first page, `suggestion` proposes the query respelled with
words the corpus holds ("Bedoelde u ...?")."""

SIMILAR = """The earlier questions most like `text` (searched as the OR of its first 64 distinct
words, ranked as search ranks), each with its answer (both shortened), best first."""


def _text(value: str | None) -> str | None:
    """An empty filter is no filter (a pattern of nothing would still demand the facet exist)."""
    return value.strip() or None if value is not None else None


@router.get("/search", response_model=SearchOut, summary="Search the corpus", description=DESCRIPTION)
def search_corpus(
    request: Request,
    who: Who,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="the query")],
    type: Annotated[str | None, Query(max_length=64, description="document type, e.g. schriftelijke-vragen")] = None,
    group: Annotated[str | None, Query(max_length=300, description="an item's faction or an asker's party")] = None,
    asker: Annotated[str | None, Query(max_length=300)] = None,
    party: Annotated[str | None, Query(max_length=300, description="an asker's party")] = None,
    committee: Annotated[str | None, Query(max_length=300)] = None,
    ministry: Annotated[str | None, Query(max_length=300, description="the ministry of the document: the one that "
                                                                      "answered, else the addressee")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="YYYY-MM-DD")] = None,
    has_commitment: Annotated[bool, Query(description="only items with a commitment")] = False,
    referral_only: Annotated[bool, Query(description="only answers that merely refer")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    page: Annotated[int | None, Query(ge=1, le=MAX_OFFSET, description="instead of offset")] = None,
    facets: Annotated[bool, Query(description="add facet counts")] = False,
    sort: Annotated[Literal["relevance", "date"], Query(description="relevance: best first; date: newest first")]
    = "relevance",
) -> dict[str, Any]:
    """The best hits of ``q`` under the filters, one page of them."""
    if page is not None:
        if offset:
            raise InvalidQuery("give offset or page, not both")
        offset = (page - 1) * limit
    filters = SearchFilters(type=_text(type), group=_text(group), asker=_text(asker), party=_text(party),
                            committee=_text(committee), ministry=_text(ministry), date_from=date_from,
                            date_to=date_to, has_commitment=has_commitment, referral_only=referral_only)
    found = service_of(request).search.search(who, q, filters, limit, offset, facets=facets, sort=sort)
    body: dict[str, Any] = {
        "sort": sort, "searched": found.searched, "question": found.question, "suggestion": found.suggestion,
        "query": q, "limit": limit, "offset": offset, "hits": [h.to_dict() for h in found.hits], "more": found.more,
        "next": str(request.url.remove_query_params("page").include_query_params(offset=offset + limit))
        if found.more else None, "facets": found.counts.to_dict() if found.counts else None}
    return body


@router.get("/similar", response_model=SimilarOut, summary="Earlier questions like a text", description=SIMILAR)
def similar(
    request: Request,
    who: Who,
    text: Annotated[str, Query(min_length=1, max_length=20_000, description="the text of a question")],
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 5,
) -> dict[str, Any]:
    """The earlier questions most like ``text``, with their answers."""
    found = service_of(request).search.similar_questions(who, text, limit)
    return {"similar": [s.to_dict() for s in found]}


@router.get("/documents/{doc_id}/items/{item}/similar", response_model=SimilarOut,
            summary="Earlier questions like an item's question", description=SIMILAR.replace("`text`", "the question"))
def similar_to_item(
    request: Request,
    who: Who,
    doc_id: Annotated[str, Path(max_length=200)],
    item: Annotated[int, Path(ge=1, le=100_000)],
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 5,
) -> dict[str, Any]:
    """The questions of other, earlier documents most like question ``item`` of ``doc_id``; 404
    when the corpus holds no such question."""
    found = service_of(request).search.similar_to_item(who, doc_id, item, limit)
    return {"similar": [s.to_dict() for s in found]}
