"""Statistics, Atom feeds, open questions and alerts over HTTP (docs/analytics.md, docs/alerts.md).

    GET  /api/stats/{kind}?from=&to=&period=&by=&format=json|csv
    GET  /api/open-questions?by=ministry|member|group&format=json|csv
    GET  /api/feeds/search.atom?q=...&type=&group=&asker=&party=&committee=&ministry=&from=&to=
    GET  /api/feeds/{group|member|ministry|committee}/{name}.atom
    GET  /api/feeds/commitments.atom
    GET/POST /api/alerts/saved-searches, /api/alerts/follows; DELETE /api/alerts/{id}   (logged in)
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from overleg.http.auth import LoggedIn, Who, service_of
from overleg.service import SearchFilters, Subscription, Table

router = APIRouter(prefix="/api", tags=["analytics"])

ATOM_TYPE = "application/atom+xml"
TABLE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {}}, "description": "rows as JSON objects, or CSV"}}
FEED: dict[int | str, dict[str, Any]] = {200: {"content": {ATOM_TYPE: {}}, "description": "an Atom feed"}}


def _table(table: Table, format: str) -> Response:
    if format == "csv":
        return Response(table.to_csv(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{table.name.replace(" ", "-")}.csv"'})
    return Response(table.to_json(), media_type="application/json")


@router.get("/stats/{kind}", responses=TABLE, response_class=Response)
def stats(kind: str, request: Request, who: Who, date_from: Annotated[dt.date | None, Query(alias="from")] = None,
          date_to: Annotated[dt.date | None, Query(alias="to")] = None, period: str = "month", by: str | None = None,
          format: str = Query("json", pattern="^(json|csv)$")) -> Response:
    """One statistic: questions, answer-times, answer-kinds, commitments, cited, open."""
    table = service_of(request).analytics.table(who, kind, date_from=date_from, date_to=date_to, period=period,
                                                by=by)
    return _table(table, format)


@router.get("/open-questions", responses=TABLE, response_class=Response)
def open_questions(request: Request, who: Who, by: str | None = None,
                   format: str = Query("json", pattern="^(json|csv)$")) -> Response:
    """Written questions not answered within their term, one per row or counted ``by``."""
    return _table(service_of(request).analytics.open_questions(who, by), format)


def _atom(body: bytes) -> Response:
    return Response(body, media_type=ATOM_TYPE)


@router.get("/feeds/search.atom", responses=FEED, response_class=Response)
def search_feed(request: Request, who: Who, q: str = Query(..., max_length=1000), type: str | None = None,
                group: str | None = None, asker: str | None = None, party: str | None = None,
                committee: str | None = None, ministry: str | None = None,
                date_from: Annotated[dt.date | None, Query(alias="from")] = None,
                date_to: Annotated[dt.date | None, Query(alias="to")] = None) -> Response:
    """The hits of a search as an Atom feed."""
    filters = SearchFilters(type=type, group=group, asker=asker, party=party, committee=committee,
                            ministry=ministry, date_from=date_from, date_to=date_to)
    key = "search?" + "&".join(f"{k}={v}" for k, v in sorted(request.query_params.items()))
    return _atom(service_of(request).feeds.search(who, q, filters, key=key, self_url=str(request.url)))


@router.get("/feeds/commitments.atom", responses=FEED, response_class=Response)
def commitments_feed(request: Request, who: Who) -> Response:
    """Every commitment with its status."""
    return _atom(service_of(request).feeds.commitments(who, self_url=str(request.url)))


@router.get("/feeds/{kind}/{name}.atom", responses=FEED, response_class=Response)
def facet_feed(kind: str, name: str, request: Request, who: Who) -> Response:
    """The documents of a group, member, ministry or committee, newest first."""
    return _atom(service_of(request).feeds.facet(who, kind, name, self_url=str(request.url)))


class Delivery(BaseModel):
    email: str | None = Field(None, max_length=300)
    webhook_url: str | None = Field(None, max_length=2000)
    webhook_secret: str | None = Field(None, max_length=300)


class SavedSearchBody(Delivery):
    name: str | None = Field(None, max_length=300)
    query: str = Field(..., min_length=1, max_length=1000)
    type: str | None = None
    group: str | None = None
    asker: str | None = None
    party: str | None = None
    committee: str | None = None
    ministry: str | None = None


class FollowBody(Delivery):
    document_id: str = Field(..., min_length=1, max_length=200)


class SubscriptionOut(BaseModel):
    id: str
    kind: str
    name: str
    query: str | None = None
    target: str | None = None
    email: str | None = None
    webhook_url: str | None = None


def _out(sub: Subscription) -> SubscriptionOut:
    return SubscriptionOut(id=sub.id, kind=sub.kind, name=sub.name, query=sub.query, target=sub.target,
                           email=sub.email, webhook_url=sub.webhook_url)


@router.get("/alerts", response_model=list[SubscriptionOut])
def list_alerts(request: Request, who: LoggedIn) -> list[SubscriptionOut]:
    """The caller's saved searches and follows."""
    return [_out(s) for s in service_of(request).alerts.subscriptions(who)]


@router.post("/alerts/saved-searches", status_code=201, response_model=SubscriptionOut)
def save_search(body: SavedSearchBody, request: Request, who: LoggedIn) -> SubscriptionOut:
    """Save a search; ``overleg alerts run`` notifies its new matches."""
    filters = SearchFilters(type=body.type, group=body.group, asker=body.asker, party=body.party,
                            committee=body.committee, ministry=body.ministry)
    return _out(service_of(request).alerts.save_search(
        who, body.query, filters, name=body.name, email=body.email, webhook_url=body.webhook_url,
        webhook_secret=body.webhook_secret))


@router.post("/alerts/follows", status_code=201, response_model=SubscriptionOut)
def follow(body: FollowBody, request: Request, who: LoggedIn) -> SubscriptionOut:
    """Follow a consultation's document or written questions (answer, overdue term, overdue commitments)."""
    return _out(service_of(request).alerts.follow(who, body.document_id, email=body.email,
                                                  webhook_url=body.webhook_url, webhook_secret=body.webhook_secret))


@router.delete("/alerts/{subscription_id}", status_code=204)
def delete_alert(subscription_id: str, request: Request, who: LoggedIn) -> Response:
    service_of(request).alerts.delete(who, subscription_id)
    return Response(status_code=204)
