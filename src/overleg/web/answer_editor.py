"""The editor of one answer on the ministry's desk: ``/werkruimte/{id}/beantwoording/{number}``.

One page and one form per answer, so saving one answer never touches the unsaved text of
another. The form has the answer's text, the open numbers it also answers (one answer to
several numbers: an answer group), the cross-reference picker ("Zie het antwoord op vraag N",
chosen from the list and checked by the procedure), footnotes (text and a link: only http,
https or mailto) and the motions it cites, one per line ("Bamenga" or "Bamenga, kst-21501-02-2800").
A save carries the answer's version (0 for a new answer), so a save made on an older version is
refused with the text kept. ``.../intrekken`` withdraws the answer (to regroup). A refused save
shows the error summary on top and every message next to its field, the text as typed.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overleg.errors import Conflict, OverlegError, StaleVersion, ValidationFailed
from overleg.extract.urls import link_target
from overleg.http.auth import service_of
from overleg.model import DocumentId
from overleg.procedure import commands as cmd
from overleg.procedure.states import Answer, Consultation, FootnoteText, MotionCitation, State
from overleg.service import Credentials
from overleg.web import similar_pages
from overleg.web.ministry_desk import desk_of, status_of_number
from overleg.web.render import respond
from overleg.web.session import whole
from overleg.web.workspace_common import EXPIRED, dutch, not_found, token_ok
from overleg.web.workspace_forms import listed

router = APIRouter(include_in_schema=False)

MAX_NOTES = 30  # footnote rows read from one form
_LINK = re.compile(r"(?:https?://|mailto:)\S+", re.I)
# where the procedure's ValidationFailed.field is shown on the page
_FIELD_IDS = {"cross_refs": "zie", "numbers": "ook", "text": "antwoord-tekst", "motions.name": "moties"}

Posted = dict[str, list[str]]


async def posted(request: Request) -> Posted:
    """The url-encoded body with every value per name (a multiple select sends several); the
    edge already capped its size and cleaned its text (``web.session.form_of``)."""
    raw = (await request.body()).decode("utf-8", "replace")
    return parse_qs(raw, keep_blank_values=True)


def _one(form: Posted, name: str) -> str:
    return form.get(name, [""])[0]


def _numbers(form: Posted, name: str) -> tuple[int, ...] | None:
    found = [whole(v) for v in form.get(name, []) if v]
    return None if any(n is None for n in found) else tuple(dict.fromkeys(n for n in found if n is not None))


def _editor(request: Request, who: Credentials, csrf: str | None, c: Consultation, number: int,
            errors: list[dict[str, str]] | None = None, draft: Posted | None = None, status: int = 200,
            as_json: bool = False) -> Response:
    actions = service_of(request).consultations.actions(who.actor, c)
    answer = c.answer_to(number)
    numbers = answer.numbers if answer else (number,)
    data = _values(c, number, answer, draft)
    data |= {
        "title": f"Antwoord op vraag {listed(numbers)}", "id": c.id, "number": number,
        "numbers": list(numbers), "numbers_shown": listed(numbers), "grouped": len(numbers) > 1,
        "new": answer is None, "status": status_of_number(c, number),
        "back": f"/werkruimte/{c.id}/beantwoording",
        "questions": [_question(c, n) for n in numbers],
        "may_answer": "answer" in actions, "may_withdraw": "withdraw_answer" in actions and answer is not None,
        "delivered": c.state.at_least(State.ANSWERS_RECEIVED),
        "also_options": [_question(c, n) for n in c.unanswered if n != number] if answer is None else [],
        "refs_options": [_question(c, n) for n in c.numbers if n not in numbers],
    }
    # next to each question, the earlier questions like it with their answers (web/similar_pages.py)
    similar_pages.for_questions(service_of(request), who, data["questions"])
    return respond(request, "answer_editor.html.j2", data, as_json, status, extra={"errors": errors or []})


def _question(c: Consultation, n: int) -> dict[str, Any]:
    entry, passage = c.numbered(n), c.passage_at(n)
    text = passage.text if passage else ""
    return {"number": n, "group": entry.group if entry else "", "topic": passage.topic if passage else None,
            "text": text, "short": text if len(text) <= 80 else text[:77].rstrip() + "…"}


def _values(c: Consultation, number: int, answer: Answer | None, draft: Posted | None) -> dict[str, Any]:
    """What the form shows: the saved answer, or what was typed when a save was refused."""
    if draft is None:
        notes = [{"text": f.text, "url": f.urls[0] if f.urls else ""} for f in answer.footnotes] if answer else []
        motions = "\n".join(m.name + "".join(f", {r}" for r in m.refs) for m in answer.motions) if answer else ""
        return {"text": answer.text if answer else "", "version": answer.version if answer else 0,
                "also": [], "cross_refs": list(answer.cross_refs) if answer else [],
                "notes": [*notes, {"text": "", "url": ""}], "motions": motions}
    notes = [{"text": t, "url": u} for t, u in _note_rows(draft)]
    return {"text": _one(draft, "text"), "version": whole(_one(draft, "version")) or 0,
            "also": list(_numbers(draft, "also") or ()), "cross_refs": list(_numbers(draft, "cross_refs") or ()),
            "notes": [*notes, {"text": "", "url": ""}], "motions": _one(draft, "motions")}


def _note_rows(form: Posted) -> list[tuple[str, str]]:
    rows = []
    for i in range(1, MAX_NOTES + 1):
        if f"noot-tekst-{i}" not in form and f"noot-url-{i}" not in form:
            break
        text, url = _one(form, f"noot-tekst-{i}").strip(), _one(form, f"noot-url-{i}").strip()
        if text or url:
            rows.append((text, url))
    return rows


def _footnotes(form: Posted, errors: list[dict[str, str]]) -> tuple[FootnoteText, ...]:
    notes = []
    for i in range(1, MAX_NOTES + 1):
        text, url = _one(form, f"noot-tekst-{i}").strip(), _one(form, f"noot-url-{i}").strip()
        if url and (not _LINK.fullmatch(url) or link_target(url) is None):
            errors.append({"field": f"noot-url-{i}", "message": f"Voetnoot {i}: een link begint met https://, "
                           "http:// of mailto:, bijvoorbeeld https://www.tweedekamer.nl."})
        elif text or url:
            notes.append(FootnoteText(text, (url,) if url else ()))
    return tuple(notes)


def _motions(text: str, errors: list[dict[str, str]]) -> tuple[MotionCitation, ...]:
    found = []
    for n, line in enumerate((x.strip() for x in text.splitlines()), start=1):
        if not line:
            continue
        name, *papers = [p.strip() for p in line.split(",")]
        refs = [DocumentId.try_parse(p) for p in papers if p]
        if not name or any(r is None for r in refs):
            errors.append({"field": "moties", "message": f"Regel {n} ({line}): geef de naam van de motie en "
                           "eventueel het kenmerk, bijvoorbeeld Bamenga, kst-21501-02-2800."})
            continue
        found.append(MotionCitation(name, tuple(r for r in refs if r is not None)))
    return tuple(found)


def _desk_and_number(request: Request, consultation_id: str, number: str, as_json: bool = False
                     ) -> tuple[Credentials, str | None, Consultation, int] | Response:
    """``desk_of`` and the question's number when the consultation has it; else the page to answer with."""
    found = desk_of(request, consultation_id, as_json)
    if isinstance(found, Response):
        return found
    who, csrf, c = found
    n = whole(number)
    if n is None or n not in c.numbers:
        return not_found(request, c.id, False)
    return who, csrf, c, n


@router.get("/werkruimte/{consultation_id}/beantwoording/{number}")
async def editor(consultation_id: str, number: str, request: Request) -> Response:
    """The editor of the answer to ``number`` (``.json``: its data)."""
    as_json = number.endswith(".json")
    return await run_in_threadpool(_show, request, consultation_id, number.removesuffix(".json"), as_json)


def _show(request: Request, consultation_id: str, number: str, as_json: bool) -> Response:
    found = _desk_and_number(request, consultation_id, number, as_json)
    if isinstance(found, Response):
        return found
    who, csrf, c, n = found
    return _editor(request, who, csrf, c, n, as_json=as_json)


@router.post("/werkruimte/{consultation_id}/beantwoording/{number}")
async def save(consultation_id: str, number: str, request: Request) -> Response:
    """Save the answer to ``number`` (and the numbers it also answers) as a draft of the ministry."""
    form = await posted(request)
    return await run_in_threadpool(_save, request, consultation_id, number, form)


def _save(request: Request, consultation_id: str, number: str, form: Posted) -> Response:
    found = _desk_and_number(request, consultation_id, number)
    if isinstance(found, Response):
        return found
    who, csrf, c, n = found

    def again(errors: list[dict[str, str]], status: int) -> Response:
        return _editor(request, who, csrf, c, n, errors, form, status)

    if not token_ok({"csrf": _one(form, "csrf")}, csrf):
        return again([{"field": "antwoord-tekst", "message": EXPIRED}], 403)
    errors: list[dict[str, str]] = []
    text = _one(form, "text").strip()
    if not text:
        errors.append({"field": "antwoord-tekst", "message": "Schrijf een antwoord."})
    also, refs = _numbers(form, "also"), _numbers(form, "cross_refs")
    if also is None:
        errors.append({"field": "ook", "message": "Kies de vragen die dit antwoord ook beantwoordt uit de lijst."})
    if refs is None:
        errors.append({"field": "zie", "message": "Kies de vragen waarnaar u verwijst uit de lijst."})
    notes, motions = _footnotes(form, errors), _motions(_one(form, "motions"), errors)
    if errors or also is None or refs is None:
        return again(errors, 400)
    answer = c.answer_to(n)
    numbers = answer.numbers if answer else tuple(dict.fromkeys((n, *also)))
    try:
        service_of(request).consultations.execute(who.actor, c.id, cmd.AnswerQuestions(
            expected_version=whole(_one(form, "version")), numbers=numbers, text=text, cross_refs=refs,
            footnotes=notes, motions=motions))
    except ValidationFailed as e:
        field = _FIELD_IDS.get(e.field or "", "antwoord-tekst")
        message = str(e) if e.field in _FIELD_IDS else dutch(e)
        return again([{"field": field, "message": message}], 400)
    except StaleVersion:
        return again([{"field": "antwoord-tekst", "message": "Intussen heeft een collega dit antwoord opgeslagen. "
                       "Kopieer uw tekst, herlaad de pagina en voeg hem opnieuw in; uw tekst staat hieronder nog."}],
                     409)
    except Conflict as e:
        return again([{"field": "ook", "message": "Een van de gekozen vragen heeft al een eigen antwoord; trek dat "
                       f"eerst in. ({e})"}], 409)
    except OverlegError as e:
        return again([{"field": "antwoord-tekst", "message": dutch(e)}], 409)
    return RedirectResponse(f"/werkruimte/{c.id}/beantwoording?gedaan=antwoord-opgeslagen#vraag-{min(numbers)}",
                            status_code=303)


@router.post("/werkruimte/{consultation_id}/beantwoording/{number}/intrekken")
async def withdraw(consultation_id: str, number: str, request: Request) -> Response:
    """Withdraw the answer that covers ``number``: all numbers of its group are open again."""
    form = await posted(request)
    return await run_in_threadpool(_withdraw, request, consultation_id, number, form)


def _withdraw(request: Request, consultation_id: str, number: str, form: Posted) -> Response:
    found = _desk_and_number(request, consultation_id, number)
    if isinstance(found, Response):
        return found
    who, csrf, c, n = found
    if not token_ok({"csrf": _one(form, "csrf")}, csrf):
        return _editor(request, who, csrf, c, n, [{"field": "intrekken", "message": EXPIRED}], status=403)
    try:
        service_of(request).consultations.execute(who.actor, c.id, cmd.WithdrawAnswer(
            expected_version=whole(_one(form, "version")), number=n))
    except OverlegError as e:
        return _editor(request, who, csrf, c, n, [{"field": "intrekken", "message": dutch(e)}], status=409)
    return RedirectResponse(f"/werkruimte/{c.id}/beantwoording/{n}?gedaan=antwoord-ingetrokken", status_code=303)
