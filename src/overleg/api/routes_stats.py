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

from overleg.api.auth import LoggedIn, service_of
from overleg.corpus.alerts import feeds
from overleg.corpus.alerts import notifications as alerts
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.analytics.table import Table
from overleg.corpus.search.filters import SearchFilters

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
def stats(kind: str, request: Request, date_from: Annotated[dt.date | None, Query(alias="from")] = None,
          date_to: Annotated[dt.date | None, Query(alias="to")] = None, period: str = "month", by: str | None = None,
          format: str = Query("json", pattern="^(json|csv)$")) -> Response:
    """One statistic: questions, answer-times, answer-kinds, commitments, cited, open."""
    table = analytics.compute(service_of(request).store, kind, date_from=date_from, date_to=date_to,
                              period=period, by=by)
    return _table(table, format)


@router.get("/open-questions", responses=TABLE, response_class=Response)
def open_questions(request: Request, by: str | None = None,
                   format: str = Query("json", pattern="^(json|csv)$")) -> Response:
    """Written questions not answered within their term, one per row or counted ``by``."""
    store = service_of(request).store
    return _table(analytics.open_questions(analytics.load_corpus(store), dt.date.today(), by), format)


def _atom(body: bytes) -> Response:
    return Response(body, media_type=ATOM_TYPE)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/feeds/search.atom", responses=FEED, response_class=Response)
def search_feed(request: Request, q: str = Query(..., max_length=1000), type: str | None = None,
                group: str | None = None, asker: str | None = None, party: str | None = None,
                committee: str | None = None, ministry: str | None = None,
                date_from: Annotated[dt.date | None, Query(alias="from")] = None,
                date_to: Annotated[dt.date | None, Query(alias="to")] = None) -> Response:
    """The hits of a search as an Atom feed."""
    filters = SearchFilters(type=type, group=group, asker=asker, party=party, committee=committee,
                            ministry=ministry, date_from=date_from, date_to=date_to)
    entries = feeds.search_entries(service_of(request).store, q, filters, _base(request))
    key = "search?" + "&".join(f"{k}={v}" for k, v in sorted(request.query_params.items()))
    return _atom(feeds.render(key, f"overleg: search {q}", str(request.url), entries))


@router.get("/feeds/commitments.atom", responses=FEED, response_class=Response)
def commitments_feed(request: Request) -> Response:
    """Every commitment with its status."""
    entries = feeds.commitment_entries(service_of(request).store, dt.date.today(), _base(request))
    return _atom(feeds.render("commitments", "overleg: commitments", str(request.url), entries))


@router.get("/feeds/{kind}/{name}.atom", responses=FEED, response_class=Response)
def facet_feed(kind: str, name: str, request: Request) -> Response:
    """The documents of a group, member, ministry or committee, newest first."""
    entries = feeds.facet_entries(service_of(request).store, kind, name, _base(request))
    return _atom(feeds.render(f"{kind}/{analytics_key(name)}", f"overleg: {kind} {name}", str(request.url), entries))


def analytics_key(name: str) -> str:
    from overleg.corpus.search.analysis import fold

    return " ".join(fold(name).split())


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


def _out(sub: alerts.Subscription) -> SubscriptionOut:
    return SubscriptionOut(id=sub.id, kind=sub.kind, name=sub.name, query=sub.query, target=sub.target,
                           email=sub.email, webhook_url=sub.webhook_url)


def _user_id(who: Any) -> str:
    return str(who.user.id)


@router.get("/alerts", response_model=list[SubscriptionOut])
def list_alerts(request: Request, who: LoggedIn) -> list[SubscriptionOut]:
    """The caller's saved searches and follows."""
    return [_out(s) for s in alerts.subscriptions(service_of(request).store, _user_id(who))]


@router.post("/alerts/saved-searches", status_code=201, response_model=SubscriptionOut)
def save_search(body: SavedSearchBody, request: Request, who: LoggedIn) -> SubscriptionOut:
    """Save a search; ``overleg alerts run`` notifies its new matches."""
    store = service_of(request).store
    filters = SearchFilters(type=body.type, group=body.group, asker=body.asker, party=body.party,
                            committee=body.committee, ministry=body.ministry)
    new = alerts.save_search(store, _user_id(who), body.name or body.query, body.query, filters,
                             email=body.email, webhook_url=body.webhook_url, webhook_secret=body.webhook_secret)
    return next(_out(s) for s in alerts.subscriptions(store, _user_id(who)) if s.id == new)


@router.post("/alerts/follows", status_code=201, response_model=SubscriptionOut)
def follow(body: FollowBody, request: Request, who: LoggedIn) -> SubscriptionOut:
    """Follow a consultation's document or written questions (answer, overdue term, overdue commitments)."""
    store = service_of(request).store
    new = alerts.follow(store, _user_id(who), body.document_id, email=body.email, webhook_url=body.webhook_url,
                        webhook_secret=body.webhook_secret)
    return next(_out(s) for s in alerts.subscriptions(store, _user_id(who)) if s.id == new)


@router.delete("/alerts/{subscription_id}", status_code=204)
def delete_alert(subscription_id: str, request: Request, who: LoggedIn) -> Response:
    alerts.delete_subscription(service_of(request).store, _user_id(who), subscription_id)
    return Response(status_code=204)
