"""The audit log of a consultation in the browser: ``/werkruimte/{id}/logboek`` (and ``.json``).

Reads: the service's log (``Consultations.log``: every event with who and when) and the display
names of the actors (``log_names``); both are refused to anyone but the clerk of the committee
(``READS["log"]``), which this page answers as 404, as for a consultation one may not see, so a
group or the ministry cannot tell the log exists. The chair is refused too: the log holds every
autosave of a group's draft and every draft answer of the ministry, which the chair may not read
while they are drafts.

Writes: one Dutch line per event (``describe``): the moment, the actor's name, the step and
what changed ("Fractie VVD: inbreng opgeslagen (versie 3)"). An event type this module does not
know (others add steps) gets a generic line, never an error; so does a payload it cannot read.
Filterable by actor (``wie``) and by step (``stap``) with a plain GET form, newest first, paged
(``pagina``, ``PER_PAGE`` lines a page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import NotFound, PermissionDenied
from overleg.http.auth import service_of
from overleg.vocabulary.counts import aantal
from overleg.vocabulary.dates import dutch_date, dutch_moment
from overleg.web.render import respond
from overleg.web.session import caller, whole
from overleg.web.workspace_common import not_found, refused
from overleg.web.workspace_forms import listed

router = APIRouter(include_in_schema=False)

PER_PAGE = 50

# The step of each event type in Dutch; an unknown type is shown as itself.
STEPS: dict[str, str] = {
    "consultation-created": "procedure aangemaakt", "details-edited": "gegevens gewijzigd",
    "groups-set": "fracties gekozen", "intake-opened": "inbreng geopend", "contribution-saved": "inbreng opgeslagen",
    "passage-withdrawn": "vraag ingetrokken", "deadline-extended": "termijn aangepast",
    "intake-closed": "inbreng gesloten", "intake-reopened": "inbreng heropend",
    "group-order-set": "volgorde van de fracties", "passages-numbered": "vragen genummerd",
    "questions-sent": "vragen verstuurd", "questions-answered": "antwoord opgeslagen",
    "answer-withdrawn": "antwoord ingetrokken", "answers-received": "antwoorden ontvangen",
    "report-established": "verslag vastgesteld", "report-published": "verslag gepubliceerd",
    "report-corrected": "verslag gecorrigeerd",
}


def step_name(event_type: str) -> str:
    return STEPS.get(event_type, event_type)


def _numbers(payload: dict[str, Any]) -> str:
    numbers = tuple(int(n) for n in payload["numbers"])
    return f"{'Vragen' if len(numbers) > 1 else 'Vraag'} {listed(numbers)}"


def _moment(text: str) -> str:
    return dutch_moment(dt.datetime.fromisoformat(text))


def _day(text: str) -> str:
    return dutch_date(dt.date.fromisoformat(text))


def _names(items: list[Any]) -> str:
    return ", ".join(str(x["name"]) if isinstance(x, dict) else str(x) for x in items)


def _answered(p: dict[str, Any]) -> str:
    changed = "antwoord opgeslagen" if int(p["version"]) == 1 else f"antwoord gewijzigd (versie {p['version']})"
    return f"{_numbers(p)}: {changed}"


def _deadline(p: dict[str, Any]) -> str:
    whom = f" voor fractie {p['group']}" if p.get("group") else " voor alle fracties"
    return f"Termijn{whom} gesteld op {_moment(p['deadline'])}"


def _numbered(p: dict[str, Any]) -> str:
    count = len(p["numbering"])
    return f"{aantal(count, 'vraag', 'vragen')} genummerd"


def _corrected(p: dict[str, Any]) -> str:
    parts = [f"vraag {t['number']}" for t in p.get("questions", [])]
    parts += [f"antwoord {t['number']}" for t in p.get("answers", [])]
    return f"Verslag gecorrigeerd (versie {p['report_version']}): {listed_words(parts)}; reden: {p['reason']}"


def listed_words(words: list[str]) -> str:
    """["vraag 3", "antwoord 4"] as "vraag 3 en antwoord 4"."""
    if len(words) < 2:
        return words[0] if words else "niets"
    return ", ".join(words[:-1]) + " en " + words[-1]


_DESCRIBE: dict[str, Callable[[dict[str, Any]], str]] = {
    "consultation-created": lambda p: ("Nader schriftelijk overleg aangemaakt, vervolg op "
                                       f"{p['follow_up_of']['consultation_id']}" if p.get("follow_up_of")
                                       else "Procedure aangemaakt") + f"; termijn {_moment(p['deadline'])}",
    "details-edited": lambda p: "Gegevens gewijzigd (onderwerp, bewindspersonen, stukken)",
    "groups-set": lambda p: f"Uitgenodigde fracties: {_names(p['groups'])}",
    "intake-opened": lambda p: "Inbreng geopend",
    "contribution-saved": lambda p: f"Fractie {p['group']}: inbreng opgeslagen (versie {p['version']})",
    "passage-withdrawn": lambda p: f"Fractie {p['group']}: vraag {p['passage_id']} ingetrokken",
    "deadline-extended": _deadline,
    "intake-closed": lambda p: "Inbreng gesloten",
    "intake-reopened": lambda p: f"Inbreng heropend; termijn {_moment(p['deadline'])}",
    "group-order-set": lambda p: f"Volgorde van de fracties: {_names(p['order'])}",
    "passages-numbered": _numbered,
    "questions-sent": lambda p: f"Vragen verstuurd aan de regering op {_day(p['sent_on'])}",
    "questions-answered": _answered,
    "answer-withdrawn": lambda p: f"{_numbers(p)}: antwoord ingetrokken",
    "answers-received": lambda p: f"Antwoorden ontvangen op {_day(p['received_on'])}",
    "report-established": lambda p: (f"Verslag vastgesteld als Kamerstuk {p['dossier']}, nr. {p['document_number']}, "
                                     f"op {_day(p['established_on'])}"),
    "report-published": lambda p: f"Verslag gepubliceerd op {_day(p['published_on'])}",
    "report-corrected": _corrected,
}


def describe(event_type: str, payload: dict[str, Any]) -> str:
    """One Dutch line saying what the event changed; a generic line for an unknown type or a
    payload that does not have the expected fields (the log is shown whatever is in it)."""
    how = _DESCRIBE.get(event_type)
    if how is not None:
        try:
            return how(payload)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    return f"Stap ‘{step_name(event_type)}’ vastgelegd"


@router.get("/werkruimte/{consultation_id}/logboek")
@router.get("/werkruimte/{consultation_id}/logboek.json")
async def audit_log(consultation_id: str, request: Request) -> Response:
    """The consultation's audit log for its clerk, filtered by ``wie`` and ``stap``, paged."""
    return await run_in_threadpool(_log_page, request, consultation_id, request.url.path.endswith(".json"))


def _log_page(request: Request, consultation_id: str, as_json: bool) -> Response:
    who, _ = caller(request)
    if who.user is None:
        return refused(request, as_json)
    service = service_of(request).consultations
    try:
        consultation = service.get(who.actor, consultation_id)
        entries = service.log(who.actor, consultation_id)
        names = service.log_names(who.actor, consultation_id, (e.actor for e in entries if e.actor))
    except (NotFound, PermissionDenied):  # the log's existence is not told to who may not read it
        return not_found(request, consultation_id, as_json)
    actor = request.query_params.get("wie", "")
    step = request.query_params.get("stap", "")
    chosen = [e for e in reversed(entries)
              if (not actor or (e.actor or "") == actor) and (not step or e.type == step)]
    pages = max(1, -(-len(chosen) // PER_PAGE))
    number = min(max(whole(request.query_params.get("pagina")) or 1, 1), pages)
    shown = chosen[(number - 1) * PER_PAGE:number * PER_PAGE]

    def link(n: int) -> str:
        query = {k: v for k, v in (("wie", actor), ("stap", step)) if v} | ({"pagina": str(n)} if n > 1 else {})
        return f"/werkruimte/{consultation_id}/logboek" + (f"?{urlencode(query)}" if query else "")

    data: dict[str, Any] = {
        "title": f"Logboek: {consultation.subject or consultation.id}", "id": consultation_id,
        "back": f"/werkruimte/{consultation_id}", "total": len(entries), "found": len(chosen),
        "filters": {"wie": actor, "stap": step},
        "actors": [{"id": k, "name": v} for k, v in sorted(names.items(), key=lambda kv: (kv[1], kv[0]))],
        "steps": [{"type": t, "name": step_name(t)} for t in dict.fromkeys(e.type for e in entries)],
        "entries": [{"seq": e.seq, "type": e.type, "step": step_name(e.type), "actor": e.actor,
                     "actor_name": names.get(e.actor or "", e.actor or "het systeem"),
                     "at": e.at.isoformat(), "at_shown": dutch_moment(e.at),
                     "description": describe(e.type, e.payload)} for e in shown],
        "page": number, "pages": pages,
        "previous": link(number - 1) if number > 1 else None, "next": link(number + 1) if number < pages else None,
    }
    return respond(request, "logboek.html.j2", data, as_json)
