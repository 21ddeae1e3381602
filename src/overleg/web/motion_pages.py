"""Public pages of the motions: the list ``/moties`` (search by name or dossier, filter by the
Kamer's decision) and a motion's page ``/moties/{id}`` (what its paper prints, the decision and
the votes per group, the reports citing it), each with a ``.json`` twin (docs/web.md,
docs/motions.md).

Reads: ``service.motions`` (the stored motion records). Writes: plain dicts for the templates and
the twins.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import InvalidInput, NotFound
from overleg.http.auth import service_of
from overleg.service import Credentials
from overleg.service.motions import MAX_MOTION_QUERY, MotionView, StoredMotion
from overleg.vocabulary.citations import printed_dossier
from overleg.web import document_page
from overleg.web.render import respond, split_json

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
RESULT_NAMES = {"aangenomen": "Aangenomen", "verworpen": "Verworpen", "aangehouden": "Aangehouden",
                "ingetrokken": "Ingetrokken", "onbekend": "Nog geen besluit bekend"}
CHOICE_NAMES = {"voor": "voor", "tegen": "tegen", "niet deelgenomen": "niet deelgenomen"}


def _result(m: StoredMotion) -> str:
    return (m.outcome.result if m.outcome else None) or "onbekend"


def _summary(m: StoredMotion) -> dict[str, Any]:
    r = m.record
    return {"id": m.id, "href": f"/moties/{m.id}", "citation": document_page.citation(m.id) or m.id,
            "title": r.title, "dossier": r.dossier, "number": r.number,
            "date": r.date.isoformat() if r.date else None, "submitters": list(r.submitters),
            "result": _result(m), "result_name": RESULT_NAMES[_result(m)]}


@router.get("/moties")
@router.get("/moties.json")
async def motions_list(request: Request, q: str = "", uitkomst: str = "", pagina: str = "1") -> Response:
    """Every stored motion, newest first; ``q``: a submitter, a dossier or words of the title."""
    return await run_in_threadpool(_list, request, request.url.path.endswith(".json"), q, uitkomst, pagina)


def _list(request: Request, as_json: bool, q: str, uitkomst: str, pagina: str) -> Response:
    text = q.strip()[:MAX_MOTION_QUERY]
    wanted = uitkomst.strip() if uitkomst.strip() in RESULT_NAMES else ""
    message = None
    if uitkomst.strip() and not wanted:
        message = "Die uitkomst bestaat niet; alle moties worden getoond."
    try:
        found = service_of(request).motions.list(Credentials.public(), text=text or None, result=wanted or None)
    except InvalidInput as e:
        found, message = [], str(e)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(1, int(pagina) if pagina.isdigit() else 1), pages)
    query = {"q": text, "uitkomst": wanted}
    data = {"title": "Moties", "total": len(found), "page": page, "pages": pages, "message": message, "form": query,
            "results": [{"value": k, "name": v} for k, v in RESULT_NAMES.items()],
            "motions": [_summary(m) for m in found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]],
            "previous": f"/moties?{urlencode({**query, 'pagina': page - 1})}" if page > 1 else None,
            "next": f"/moties?{urlencode({**query, 'pagina': page + 1})}" if page < pages else None}
    return respond(request, "motions.html.j2", data, as_json)


@router.get("/moties/{name}")
async def motion(name: str, request: Request) -> Response:
    """One motion: title, dossier and number, date, submitters, its clauses as printed, the
    decision and a table of the votes per group, the reports that cite it."""
    return await run_in_threadpool(_motion, request, name)


def _motion(request: Request, name: str) -> Response:
    motion_id, as_json = split_json(name)
    try:
        view = service_of(request).motions.get(Credentials.public(), motion_id)
    except NotFound:
        return respond(request, "error.html.j2", {"title": "Motie niet gevonden", "status": 404,
                                                  "message": f"Er is geen motie met kenmerk {motion_id[:80]}."},
                       as_json, 404)
    return respond(request, "motion.html.j2", page_data(view), as_json)


def page_data(view: MotionView) -> dict[str, Any]:
    """The page's data: the JSON twin and what the template shows."""
    m, r = view.motion, view.motion.record
    outcome = m.outcome
    voor = sum(v.seats or 0 for v in m.votes if v.choice.lower() == "voor" and v.member is None)
    tegen = sum(v.seats or 0 for v in m.votes if v.choice.lower() == "tegen" and v.member is None)
    return {
        **_summary(m),
        "dossier_printed": printed_dossier(r.dossier) if r.dossier else None,
        "dossier_title": r.dossier_title, "date_text": r.date_text, "replaces": r.replaces,
        "dossier_href": "/search?" + urlencode({"q": printed_dossier(r.dossier)}) if r.dossier else None,
        "publication": f"https://zoek.officielebekendmakingen.nl/{m.id}",
        "submitter_details": [{"name": s.name, "full_name": s.full_name, "party": s.party}
                              for s in r.submitter_details],
        "considerations": list(r.considerations), "requests": list(r.requests),
        "outcome": {"decision": outcome.decision, "kind": outcome.kind, "vote_kind": outcome.vote_kind,
                    "date": outcome.date.isoformat() if outcome.date else None, "zaak": outcome.zaak,
                    "result": outcome.result} if outcome else None,
        "votes": [{"group": v.group, "seats": v.seats, "choice": v.choice,
                   "choice_name": CHOICE_NAMES.get(v.choice.lower(), v.choice), "member": v.member}
                  for v in m.votes],
        "seats_for": voor, "seats_against": tegen,
        "roll_call": any(v.member for v in m.votes),
        "cited_by": [{"id": c.document_id, "title": c.title or document_page.citation(c.document_id)
                      or c.document_id, "name": c.name, "item_numbers": list(c.items),
                      "href": f"/documents/{c.document_id}" + (f"#vraag-{c.items[0]}" if c.items else "")}
                     for c in view.cited_by],
    }


__all__ = ["router"]
