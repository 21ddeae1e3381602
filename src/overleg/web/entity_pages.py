"""Public pages per group, member, ministry and committee, the figures page and the commitments
tracker, each with a ``.json`` twin (docs/web.md).

Reads: ``service.analytics.view`` (the corpus view, cached per store change, so a request is a
lookup and a render). Writes: plain dicts for the templates and the twins; the charts (``charts``) reach only
the templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from overleg.errors import OverlegError
from overleg.http.auth import service_of
from overleg.service import (
    MAX_REASON,
    TERM_DAYS,
    CommitmentMark,
    CommitmentView,
    CorpusView,
    Credentials,
    Entity,
    ItemRef,
    MinistryFigures,
)
from overleg.vocabulary.counts import aantal
from overleg.vocabulary.dates import DUTCH_TIME, dutch_date
from overleg.vocabulary.document_types import TYPE_NAMES
from overleg.web import charts, document_page
from overleg.web.charts import Bar, Reference, number
from overleg.web.render import respond, split_json
from overleg.web.session import caller, form_of, whole
from overleg.web.workspace_common import EXPIRED, refused, status_of, token_ok

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
MAX_PERIODS = 12  # more quarters than this: the chart counts per year
MAX_YEARS = 30


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity as the web UI names it."""

    kind: str
    path: str
    plural: str
    singular: str
    intro: str


KIND_LIST = (
    EntityKind("group", "fracties", "Fracties", "Fractie",
         "Fracties en partijen met het aantal vragen dat ze stelden: in verslagen van schriftelijk overleg en "
         "als schriftelijke vragen van hun Kamerleden."),
    EntityKind("member", "leden", "Kamerleden", "Kamerlid",
         "Kamerleden die schriftelijke vragen stelden, met het aantal vragen."),
    EntityKind("ministry", "ministeries", "Ministeries", "Ministerie",
         "Ministeries die vragen beantwoordden of aan wie vragen gericht waren, met het aantal vragen en hoe snel "
         "ze antwoordden."),
    EntityKind("committee", "commissies", "Commissies", "Commissie",
         "Kamercommissies met de vragen uit hun verslagen van schriftelijk overleg."),
)
KINDS = {k.kind: k for k in KIND_LIST}
STATUS_NAMES = {"open": "open", "overdue": "verlopen", "fulfilled": "nagekomen"}
STATUS_BY_DUTCH = {v: k for k, v in STATUS_NAMES.items()}
TYPE_BY_VALUE = {t.value: name for t, name in TYPE_NAMES.items()}


def _page_number(raw: str) -> int:
    return whole(raw, 1, 100_000) or 1


def _view(request: Request) -> CorpusView:
    return service_of(request).analytics.view(Credentials.public())


def _not_found(request: Request, what: str, message: str, as_json: bool) -> Response:
    return respond(request, "error.html.j2", {"title": f"{what} niet gevonden", "status": 404, "message": message},
                   as_json, 404)


def href(kind: str, key: str) -> str:
    return f"/{KINDS[kind].path}/{key}"


# -- overviews ------------------------------------------------------------------------------------

def _overview(request: Request, kind: EntityKind, as_json: bool) -> Response:
    view = _view(request)
    entities = sorted(view.entities.get(kind.kind, {}).values(), key=lambda e: (e.name.lower(), e.slug))
    rows = []
    for e in entities:
        row: dict[str, Any] = {"name": e.name, "slug": e.slug, "href": href(kind.kind, e.slug),
                               "questions": e.questions, "documents": e.documents, "answered": e.answered}
        if kind.kind == "member":
            row["groups"] = [{"name": r.name, "href": href(r.kind, r.slug)} for r in e.related if r.kind == "group"]
        if kind.kind == "ministry":
            figures = view.ministries.get(e.slug)
            row["median_days"] = figures.median_days if figures else None
            row["open_commitments"] = figures.open + figures.overdue if figures else 0
        rows.append(row)
    data = {"title": kind.plural, "kind": kind.kind, "intro": kind.intro, "singular": kind.singular,
            "entities": rows}
    chart = Markup("")
    if kind.kind == "ministry":
        chart = answer_time_chart(view, "antwoordtijden")
    elif kind.kind == "group":
        chart = questions_chart(entities, "vragen-per-fractie")
    return respond(request, "entities.html.j2", data, as_json, extra={"chart": chart})


def _register_overview(kind: EntityKind) -> None:
    async def overview(request: Request) -> Response:
        return await run_in_threadpool(_overview, request, kind, request.url.path.endswith(".json"))

    overview.__doc__ = f"The overview of {kind.kind}s with their counts."
    router.add_api_route(f"/{kind.path}", overview, methods=["GET"], name=f"{kind.kind}s")
    router.add_api_route(f"/{kind.path}.json", overview, methods=["GET"], name=f"{kind.kind}s-json")


# -- one entity -----------------------------------------------------------------------------------

def _item(ref: ItemRef) -> dict[str, Any]:
    base = f"/documents/{ref.document_id}"
    return {"document_id": ref.document_id, "citation": document_page.citation(ref.document_id), "title": ref.title,
            "type": TYPE_BY_VALUE.get(ref.document_type, ref.document_type),
            "date": ref.date.isoformat() if ref.date else None, "number": ref.number,
            "question": ref.question,
            "href": f"{base}#{ref.question_anchor}",
            "answer_href": f"{base}#{ref.answer_anchor}" if ref.answered else None,
            "answered": ref.answered, "referral_only": ref.referral_only, "commitment": ref.commitment,
            "faction": ref.faction}


def _between(first: str, last: str, period: str) -> list[str]:
    """Every period from ``first`` to ``last`` ("2024-Q3", or "2024"), so a quiet period shows as 0."""
    if period == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    start, end = int(first[:4]) * 4 + int(first[-1]) - 1, int(last[:4]) * 4 + int(last[-1]) - 1
    return [f"{n // 4}-Q{n % 4 + 1}" for n in range(start, end + 1)]


def per_period(entity: Entity) -> tuple[str, list[dict[str, Any]]]:
    """Questions per quarter, or per year when the questions span more than ``MAX_PERIODS``
    quarters; periods without questions in between count 0 (at most the last ``MAX_YEARS``)."""
    period, counts = "quarter", dict(entity.per_quarter)
    if not counts:
        return period, []
    every = _between(min(counts), max(counts), period)
    if len(every) > MAX_PERIODS:
        period, counts = "year", dict(entity.per_year)
        every = _between(min(counts), max(counts), period)[-MAX_YEARS:]
    return period, [{"period": p, "questions": counts.get(p, 0)} for p in every]


def _period_label(period: str) -> str:
    return period.replace("-Q", " K")


def _ministry_data(figures: MinistryFigures, key: str) -> dict[str, Any]:
    return {"answered": figures.answered, "median_days": figures.median_days, "mean_days": figures.mean_days,
            "p90_days": figures.p90_days, "later_than_term": figures.later_than_term,
            "share_later_than_term": figures.share_later_than_term, "term_days": TERM_DAYS,
            "documents": figures.documents, "answered_items": figures.answered_items,
            "referral_only": figures.referral_only, "deferrals": figures.deferrals,
            "commitments": figures.commitments, "open": figures.open, "overdue": figures.overdue,
            "fulfilled": figures.fulfilled, "commitments_href": f"/toezeggingen?ministerie={key}",
            "answer_times": [{"document_id": r.document_id, "href": f"/documents/{r.document_id}",
                              "sent": r.sent.isoformat(), "answered": r.answered.isoformat(), "days": r.days}
                             for r in figures.answer_times]}


def _entity(request: Request, kind: EntityKind, name: str, pagina: str) -> Response:
    key, as_json = split_json(name)
    view = _view(request)
    entity = view.entity(kind.kind, key)
    if entity is None:
        return _not_found(request, kind.singular, f"Er is geen {kind.singular.lower()} met de naam {key!r} in deze "
                          f"verzameling. Kies er een uit de lijst op /{kind.path}.", as_json)
    pages = max(1, -(-entity.questions // PAGE_SIZE))
    page = min(_page_number(pagina), pages)
    refs = service_of(request).analytics.items(Credentials.public(), view, entity, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    period, periods = per_period(entity)
    data: dict[str, Any] = {
        "title": entity.name, "kind": kind.kind, "kind_name": kind.singular, "kind_plural": kind.plural,
        "kind_href": f"/{kind.path}", "slug": entity.slug, "name": entity.name,
        "questions": entity.questions, "documents": entity.documents, "answered": entity.answered,
        "feed": f"/api/feeds/{kind.kind}/{quote(entity.name, safe='')}.atom",
        "related": [{"kind": r.kind, "kind_name": KINDS[r.kind].singular, "kind_plural": KINDS[r.kind].plural,
                     "name": r.name, "href": href(r.kind, r.slug)} for r in entity.related],
        # the register's entry: the names documents printed for it (when any differs from its own),
        # and who took over (a group or ministry of an earlier time; a link only when the successor
        # has documents here)
        "printed_as": list(entity.printed_as) if set(entity.printed_as) - {entity.name} else [],
        "in_register": entity.in_register,
        "succeeded_by": [{"name": r.name, "href": href(r.kind, r.slug) if view.entity(r.kind, r.slug) else None}
                         for r in entity.succeeded_by],
        "period": period, "per_period": periods,
        "page": page, "pages": pages, "items": [_item(ref) for ref in refs],
        "ministry": None}
    document_page.fill_titles(service_of(request), data["items"])
    extra: dict[str, Any] = {"period_chart": charts.columns(
        "vragen-per-periode", f"Vragen per {'kwartaal' if period == 'quarter' else 'jaar'}",
        [Bar(_period_label(p["period"]), p["questions"], aantal(p["questions"], "vraag", "vragen")) for p in periods],
        headers=("Periode", "Vragen"), none="Van deze vragen is geen datum bekend."), "answer_chart": Markup("")}
    figures = view.ministries.get(entity.slug) if kind.kind == "ministry" else None
    if figures is not None:
        data["ministry"] = _ministry_data(figures, entity.slug)
        extra["answer_chart"] = _document_answer_chart(figures)
    return respond(request, "entity.html.j2", data, as_json, extra=extra)


def _register_entity(kind: EntityKind) -> None:
    async def entity(name: str, request: Request, pagina: str = "1") -> Response:
        return await run_in_threadpool(_entity, request, kind, name, pagina)

    entity.__doc__ = f"One {kind.kind}: its questions and answers, figures, feed and links."
    router.add_api_route(f"/{kind.path}/{{name}}", entity, methods=["GET"], name=kind.kind)


for _kind in KIND_LIST:
    _register_overview(_kind)
    _register_entity(_kind)


# -- charts ---------------------------------------------------------------------------------------

def _days(value: float | None) -> str:
    return "onbekend" if value is None else f"{number(value)} {'dag' if value == 1 else 'dagen'}"


def answer_time_chart(view: CorpusView, chart_id: str) -> Markup:
    """Median days from sending to answer per ministry, with the three-week line."""
    ministries = [(e, view.ministries[e.slug]) for e in view.entities.get("ministry", {}).values()
                  if e.slug in view.ministries and view.ministries[e.slug].median_days is not None]
    ministries.sort(key=lambda pair: (-(pair[1].median_days or 0), pair[0].name))
    bars = [Bar(e.name, f.median_days or 0.0, _days(f.median_days), href("ministry", e.slug)) for e, f in ministries]
    rows = [(Markup('<a href="{}">{}</a>').format(href("ministry", e.slug), e.name), _days(f.median_days),
             str(f.answered), f"{number(round((f.share_later_than_term or 0) * 100, 1))}%") for e, f in ministries]
    return charts.horizontal_bars(
        chart_id, "Antwoordtijd per ministerie (mediaan, in dagen van verzenden tot antwoord)", bars,
        headers=("Ministerie", "Mediaan", "Beantwoorde vragen", "Na hun termijn"), rows=rows,
        reference=Reference(TERM_DAYS, "3 weken (21 dagen; 6 weken na een uitstelbericht)"),
        none="Er zijn nog geen schriftelijke vragen met zowel een verzend- als een antwoorddatum.")


def _document_answer_chart(figures: MinistryFigures) -> Markup:
    records = figures.answer_times[:15]
    # a letter without publication has no citation: its answer's date names it
    bars = [Bar(document_page.citation(r.document_id) or f"Antwoord van {dutch_date(r.answered)}", r.days,
                _days(r.days), f"/documents/{r.document_id}") for r in records]
    return charts.horizontal_bars(
        "antwoordtijd-per-document", "Antwoordtijd van de laatste schriftelijke vragen (dagen)", bars,
        headers=("Document", "Dagen van verzenden tot antwoord"), reference=Reference(TERM_DAYS, "3 weken"),
        none="Dit ministerie heeft nog geen schriftelijke vragen met zowel een verzend- als een antwoorddatum.")


def questions_chart(entities: list[Entity], chart_id: str, limit: int = 15) -> Markup:
    top = sorted(entities, key=lambda e: (-e.questions, e.name.lower()))[:limit]
    bars = [Bar(e.name, e.questions, aantal(e.questions, "vraag", "vragen"), href(e.kind, e.slug)) for e in top]
    return charts.horizontal_bars(chart_id, f"Vragen per fractie (de {len(top)} met de meeste)", bars,
                                  headers=("Fractie", "Vragen"), none="Er zijn nog geen vragen van fracties.")


def commitments_chart(view: CorpusView, chart_id: str) -> Markup:
    ministries = [(e, view.ministries[e.slug]) for e in view.entities.get("ministry", {}).values()
                  if e.slug in view.ministries and view.ministries[e.slug].commitments]
    ministries.sort(key=lambda pair: (-(pair[1].open + pair[1].overdue), pair[0].name))
    bars = [Bar(e.name, f.open + f.overdue, f"{f.open + f.overdue} open", href("ministry", e.slug))
            for e, f in ministries]
    rows = [(Markup('<a href="{}">{}</a>').format(f"/toezeggingen?ministerie={e.slug}", e.name), str(f.open),
             str(f.overdue), str(f.fulfilled)) for e, f in ministries]
    return charts.horizontal_bars(chart_id, "Openstaande toezeggingen per ministerie (open en verlopen)", bars,
                                  headers=("Ministerie", "Open", "Verlopen", "Nagekomen"), rows=rows,
                                  none="Er zijn nog geen toezeggingen in deze verzameling.")


def group_small_multiples(view: CorpusView, limit: int = 6) -> list[dict[str, Any]]:
    """A small column chart of questions per year for each of the ``limit`` groups that asked most."""
    groups = sorted(view.entities.get("group", {}).values(), key=lambda e: (-e.questions, e.name.lower()))[:limit]
    known = sorted({p for e in groups for p, _ in e.per_year})
    years = _between(known[0], known[-1], "year")[-MAX_YEARS:] if known else []
    found = []
    for e in groups:
        counts = dict(e.per_year)
        bars = [Bar(y, counts.get(y, 0), aantal(counts.get(y, 0), "vraag", "vragen")) for y in years]
        found.append({"name": e.name, "href": href("group", e.slug),
                      "chart": charts.columns(f"fractie-{e.slug}", f"{e.name}: vragen per jaar", bars,
                                              headers=("Jaar", "Vragen"), width=280)})
    return found


# -- figures and commitments ---------------------------------------------------------------------

@router.get("/cijfers")
@router.get("/cijfers.json")
async def figures(request: Request) -> Response:
    """Answer times per ministry, questions per group over time, open commitments per ministry."""
    return await run_in_threadpool(_figures, request, request.url.path.endswith(".json"))


def _figures(request: Request, as_json: bool) -> Response:
    view = _view(request)
    overall = next((r for r in view.answer_times.to_dicts() if r["ministry"] == "(all)"), None)
    data = {"title": "Cijfers", "documents": view.documents, "questions": view.questions,
            "answer_times": [{"ministry": e.name, "href": href("ministry", e.slug), "answered": f.answered,
                              "median_days": f.median_days, "share_later_than_term": f.share_later_than_term}
                             for e in view.entities.get("ministry", {}).values()
                             if (f := view.ministries.get(e.slug)) is not None and f.answered],
            "overall": overall, "term_days": TERM_DAYS,
            "commitments": {s: sum(1 for c in view.commitments if c.status == s) for s in STATUS_NAMES},
            "groups": [{"name": e.name, "href": href("group", e.slug), "per_year": dict(e.per_year)}
                       for e in sorted(view.entities.get("group", {}).values(),
                                       key=lambda e: (-e.questions, e.name.lower()))[:6]]}
    extra = {"answer_chart": answer_time_chart(view, "antwoordtijden"),
             "commitments_chart": commitments_chart(view, "toezeggingen-per-ministerie"),
             "group_charts": group_small_multiples(view)}
    return respond(request, "figures.html.j2", data, as_json, extra=extra)


@router.get("/toezeggingen")
@router.get("/toezeggingen.json")
async def commitments(request: Request, ministerie: str = "", status: str = "", sorteer: str = "",
                      pagina: str = "1") -> Response:
    """Every commitment: source, text, ministry, due moment and status; filters and sorting."""
    return await run_in_threadpool(_commitments, request, request.url.path.endswith(".json"), ministerie, status,
                                   sorteer, pagina)


def _commitments(request: Request, as_json: bool, ministerie: str, status: str, sorteer: str,
                 pagina: str, problem: str | None = None, status_code: int = 200) -> Response:
    view = _view(request)
    who, _ = caller(request)
    commitments_service = service_of(request).commitments
    # the view is kept per store change and day; a mark made since counts at once (as
    # figures.commitment_states would count it: the latest mark decides)
    marks = commitments_service.latest_marks(who)
    ministries = view.entities.get("ministry", {})
    wanted_ministry = ministerie.strip() if ministerie.strip() in ministries else ""
    wanted_status = STATUS_BY_DUTCH.get(status.strip(), "")
    newest_first = sorteer == "laatst"
    message = None
    if ministerie.strip() and not wanted_ministry:
        message = f"Het ministerie {ministerie.strip()!r} is onbekend; alle ministeries worden getoond."
    elif status.strip() and not wanted_status:
        message = "Die status bestaat niet; kies open, verlopen of nagekomen. Alle toezeggingen worden getoond."
    marked = [_marked(c, marks.get((c.document_id, c.position)), view.today) for c in view.commitments]
    found = [c for c in marked
             if (not wanted_ministry or c.ministry_slug == wanted_ministry)
             and (not wanted_status or c.status == wanted_status)]
    known = sorted((c for c in found if c.due_by), key=lambda c: (c.due_by or dt.date.min, c.document_id,
                                                                  c.position), reverse=newest_first)
    found = known + sorted((c for c in found if not c.due_by), key=lambda c: (c.document_id, c.position))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(_page_number(pagina), pages)
    query = {"ministerie": wanted_ministry, "status": STATUS_NAMES.get(wanted_status, ""),
             "sorteer": "laatst" if newest_first else "eerst"}
    rows = [{"document_id": c.document_id, "title": c.title, "position": c.position,
             "href": f"/documents/{c.document_id}#toezeggingen",
             "item": c.item, "item_href": f"/documents/{c.document_id}#{c.answer_anchor}" if c.answer_anchor else None,
             "text": c.text, "due": c.due, "due_by": c.due_by.isoformat() if c.due_by else None,
             "due_from": c.due_from.isoformat() if c.due_from else None,
             "ministry": c.ministry, "ministry_href": href("ministry", c.ministry_slug) if c.ministry_slug else None,
             "status": c.status, "status_name": STATUS_NAMES[c.status],
             "fulfilled_by": c.fulfilled_by,
             "fulfilled_href": f"/documents/{c.fulfilled_by}" if c.fulfilled_by else None,
             "fulfilled_citation": (document_page.citation(c.fulfilled_by) or c.fulfilled_by)
             if c.fulfilled_by else None,
             "mark": _mark_data(marks.get((c.document_id, c.position))),
             "may_mark": commitments_service.may_mark(who, c.ministry)}
            for c in found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    document_page.fill_titles(service_of(request), rows)
    data = {"title": "Toezeggingen", "total": len(found), "page": page, "pages": pages, "commitments": rows,
            "message": problem or message, "form": query, "today": view.today.isoformat(),
            "reason_max": MAX_REASON,
            "ministries": [{"slug": e.slug, "name": e.name} for e in
                           sorted(ministries.values(), key=lambda e: e.name.lower())
                           if (f := view.ministries.get(e.slug)) is not None and f.commitments],
            "statuses": [{"value": v, "name": v} for v in STATUS_NAMES.values()],
            "previous": f"/toezeggingen?{urlencode({**query, 'pagina': page - 1})}" if page > 1 else None,
            "next": f"/toezeggingen?{urlencode({**query, 'pagina': page + 1})}" if page < pages else None}
    return respond(request, "commitments.html.j2", data, as_json, status_code)


def _marked(c: CommitmentView, mark: CommitmentMark | None, today: dt.date) -> CommitmentView:
    """The commitment with the status its latest mark gives (fulfilled; open again: its due
    interval decides, a citing document no longer counts)."""
    if mark is None:
        return c
    if mark.status == "fulfilled":
        return replace(c, status="fulfilled", fulfilled_by=None)
    return replace(c, status="overdue" if c.due_by is not None and c.due_by < today else "open", fulfilled_by=None)


def _mark_data(mark: CommitmentMark | None) -> dict[str, str] | None:
    if mark is None:
        return None
    return {"status": mark.status, "status_name": "nagekomen" if mark.status == "fulfilled" else "weer open",
            "reason": mark.reason, "by": mark.marked_by, "at": mark.marked_at.isoformat(),
            "on": dutch_date(mark.marked_at.astimezone(DUTCH_TIME).date())}


@router.post("/toezeggingen/{document_id}/{position}")
async def mark_commitment(document_id: str, position: str, request: Request) -> Response:
    """The form on the commitments page: mark one fulfilled or open again, with a reason."""
    form = await form_of(request)
    return await run_in_threadpool(_mark, request, document_id, position, form)


_MARK_STATUS = {"nagekomen": "fulfilled", "open": "open"}


def _mark(request: Request, document_id: str, position: str, form: dict[str, str]) -> Response:
    who, csrf = caller(request)
    if who.user is None:
        return refused(request, False)
    back = {k: form.get(k, "") for k in ("ministerie", "status_filter", "sorteer", "pagina")}

    def again(problem: str, code: int) -> Response:
        return _commitments(request, False, back["ministerie"], back["status_filter"], back["sorteer"],
                            back["pagina"] or "1", problem, code)

    if not token_ok(form, csrf):
        return again(EXPIRED, 403)
    number = whole(position, 1, 100_000)
    if number is None:
        return again("Deze toezegging bestaat niet.", 404)
    try:
        service_of(request).commitments.mark(who, document_id, number, _MARK_STATUS.get(form.get("status", ""), ""),
                                             form.get("reden", ""))
    except OverlegError as e:
        return again(str(e), status_of(e) if e.status != 403 else 403)
    query = urlencode({"ministerie": back["ministerie"], "status": back["status_filter"], "sorteer": back["sorteer"],
                       "pagina": back["pagina"] or "1", "gedaan": "toezegging-gemarkeerd"})
    return RedirectResponse(f"/toezeggingen?{query}", status_code=303)


__all__ = ["router"]
