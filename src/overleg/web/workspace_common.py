"""What the workspace's pages and forms share: names of states and steps, who is asking, the
CSRF check, Dutch error messages, dates in Dutch time and the consultation's summary.

The workspace is split by responsibility: ``workspace`` (the list and the consultation page),
``workspace_forms`` (the forms on that page, as template data), ``workspace_intake`` (a
group's contribution and its autosave), ``workspace_answers`` (the ministry's answers and the
report's preview) and ``workspace_clerk`` (creating a consultation, the clerk's steps and the
deadline). Every write goes through ``service.consultations``, so the procedure's rules and
the access table hold whatever the page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from overleg.errors import OverlegError
from overleg.procedure.states import Consultation
from overleg.procedure.wording import capital, field_words
from overleg.service import Credentials, Service
from overleg.vocabulary.dates import DUTCH_TIME, dutch_moment
from overleg.web.refusals import LABELS
from overleg.web.render import respond
from overleg.web.session import csrf_ok, login_href, whole

# Deadlines are entered and shown in Dutch time; the procedure keeps them timezone-aware.

STATES = {"draft": "concept", "intake_open": "inbreng open", "intake_closed": "inbreng gesloten",
          "numbered": "genummerd", "sent": "verzonden aan de regering", "answering": "wordt beantwoord",
          "answers_received": "antwoorden ontvangen", "established": "vastgesteld", "published": "gepubliceerd"}

ACTIONS = {"create": "aanmaken", "start_follow_up": "nader overleg starten", "edit_details": "gegevens wijzigen",
           "set_groups": "fracties kiezen", "open_intake": "inbreng openen", "submit_contribution": "inbreng opslaan",
           "withdraw_passage": "vraag intrekken", "extend_deadline": "termijn verlengen",
           "close_intake": "inbreng sluiten", "reopen_intake": "inbreng heropenen",
           "set_group_order": "volgorde van fracties", "number": "nummeren", "send": "versturen",
           "answer": "beantwoorden", "withdraw_answer": "antwoord intrekken", "receive_answers": "antwoorden ontvangen",
           "establish": "vaststellen", "publish": "publiceren", "correct": "corrigeren",
           "correct_addressees": "geadresseerde corrigeren",
           "deliver_answers": "antwoorden versturen", "request_postponement": "uitstel vragen"}

EXPIRED = "Het formulier is verlopen. Probeer het opnieuw."
STALE = "Intussen heeft iemand anders deze inbreng opgeslagen."


def token_ok(form: dict[str, str], expected: str | None) -> bool:
    """The form carries the session's CSRF token."""
    return csrf_ok(form.get("csrf", ""), expected)


def refused(request: Request, as_json: bool) -> Response:
    """The public asking for the workspace: a page is sent on to the login form, which leads back
    here afterwards (``?volgende=``); a form sent without a session or a JSON twin gets 401 with
    a friendly page (or JSON) linking to that login form."""
    login = login_href(request)
    if request.method == "GET" and not as_json:
        return RedirectResponse(login, status_code=303)
    return respond(request, "error.html.j2", {"title": "Inloggen nodig", "status": 401, "login": login,
                                              "message": "De werkruimte is alleen voor wie deelneemt aan een "
                                                         "procedure. Log eerst in."}, as_json, 401)


def not_found(request: Request, consultation_id: str, as_json: bool) -> Response:
    return respond(request, "error.html.j2", {"title": "Procedure niet gevonden", "status": 404,
                                              "message": f"Er is geen procedure {consultation_id} die u mag zien."},
                   as_json, 404)


def forbidden(request: Request, message: str, as_json: bool) -> Response:
    return respond(request, "error.html.j2", {"title": "Niet toegestaan", "status": 403, "message": message},
                   as_json, 403)


def status_of(error: OverlegError) -> int:
    """An error's HTTP status for a form: a client's mistake keeps its own, anything else is 400."""
    return error.status if 400 <= error.status < 500 else 400


def dutch(error: OverlegError) -> str:
    """The error's message as a page shows it. The procedure and the service say what is wrong
    in Dutch already; a message of the edge's text rules starts with the field's identifier
    (``passages``), which is said here as the form labels it."""
    text = error.message
    field = getattr(error, "field", None)
    if field and text.startswith(f"{field}:"):
        rest = text[len(field) + 1:]
        named = f"Het veld “{LABELS[field]}”" if field in LABELS else capital(field_words(field))
        text = f"{named}:{rest}"
    return text


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(DUTCH_TIME)


def shown(moment: dt.datetime) -> str:
    """A moment as Dutch time, "9 maart 2026, 14.00 uur"."""
    return dutch_moment(moment)


DAY_HINT = "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 10-12-2026."


def day_of(text: str) -> dt.date | None:
    """A date as a date field sends it (jjjj-mm-dd) or as a person types it where the browser
    shows a text field instead (dd-mm-jjjj, also with / or .); None when it is no date.

    >>> day_of("2026-12-10"), day_of("10-12-2026"), day_of("1/2/2026"), day_of("31-02-2026")
    (datetime.date(2026, 12, 10), datetime.date(2026, 12, 10), datetime.date(2026, 2, 1), None)
    """
    text = text.strip()
    typed = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if typed:
            return dt.date(int(typed.group(3)), int(typed.group(2)), int(typed.group(1)))
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def moment_of(date_text: str, time_text: str) -> dt.datetime | str:
    """A date (see ``day_of``) and an optional time (uu:mm, default 14:00) in Dutch time, or the
    Dutch reason why they make no moment."""
    day = day_of(date_text)
    if day is None:
        return DAY_HINT
    clock = time_text.strip() or "14:00"
    if not re.fullmatch(r"\d{1,2}:\d{2}", clock):
        return "Vul een tijd in als uu:mm, bijvoorbeeld 14:00."
    hours, minutes = (int(x) for x in clock.split(":"))
    if hours > 23 or minutes > 59:
        return "Vul een tijd in als uu:mm, bijvoorbeeld 14:00."
    return dt.datetime.combine(day, dt.time(hours, minutes), DUTCH_TIME)


def numbers_in(text: str) -> tuple[int, ...] | None:
    """"3, 4 en 7" as (3, 4, 7); None when something else than numbers is typed."""
    parts = [whole(p) for p in re.split(r"[\s,;]+|\ben\b", text.strip()) if p]
    if any(n is None for n in parts):
        return None
    return tuple(dict.fromkeys(n for n in parts if n is not None))


def summary(c: Consultation, actions: tuple[str, ...]) -> dict[str, Any]:
    """A consultation in a list: subject, state, deadline and what the user may do now."""
    return {"action_names": [ACTIONS.get(a, a) for a in actions],
            "id": c.id, "href": f"/werkruimte/{c.id}", "subject": c.subject or c.id, "committee": c.committee,
            "state": c.state.value, "state_name": STATES.get(c.state.value, c.state.value),
            "deadline": c.deadline.isoformat(), "deadline_shown": shown(c.deadline), "actions": list(actions)}


def running_procedures(service: Service, who: Credentials) -> list[dict[str, Any]]:
    """The consultations ``who`` takes part in that are not published yet, nearest deadline
    first, each with what they may do now (the home page's list)."""
    consultations = service.consultations
    running = sorted((c for c in consultations.list(who.actor) if c.state.value != "published"),
                     key=lambda c: (c.deadline, c.id))
    now = dt.datetime.now(dt.UTC)
    return [{**summary(c, consultations.actions(who.actor, c)), "deadline_passed": c.deadline < now}
            for c in running]
