"""The forms on a consultation's page, as template data: a group's contribution, the ministry's
answers (one form per answer or answer group, and per open number) and the clerk's deadline.

Each builder gets the actor's view of the consultation and the steps the actor may take now,
and returns nothing when the step is not possible: a form is only shown where the server would
accept it (and the server checks again on every post). ``draft`` is what was posted when the
post was refused, so the text typed is kept.
"""

from __future__ import annotations

from typing import Any

from overleg.procedure.states import Answer, Consultation
from overleg.service import Credentials
from overleg.web.group_editor import href as editor_href
from overleg.web.workspace_common import local, shown

# A group's intake as the clerk's overview and the group's own link say it (Consultation.intake_status).
INTAKE_STATUS = {"none": "nog niets opgeslagen", "draft": "concept, niet ingediend", "submitted": "ingediend"}


def listed(numbers: tuple[int, ...]) -> str:
    """(1,) as "1", (1, 2, 3) as "1, 2 en 3"."""
    words = [str(n) for n in numbers]
    if not words:
        return "geen"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def contribution_forms(who: Credentials, c: Consultation, actions: list[str],
                       draft: dict[str, str] | None) -> list[dict[str, Any]]:
    """A form per group of the user that may submit its contribution now, filled with its draft."""
    if "submit_contribution" not in actions:
        return []
    forms = []
    for group in sorted(who.actor.groups()):
        if group not in {g.name for g in c.groups}:
            continue
        own = c.contribution(group)
        passages = "\n\n".join(p.text for p in own.passages if not p.withdrawn) if own else ""
        form = {"group": group, "preamble": (own.preamble or "") if own else "", "passages": passages,
                "version": str(own.version if own else 0), "deadline": shown(c.deadline_for(group)),
                "autosave": f"/werkruimte/{c.id}/inbreng.json", "editor": editor_href(c, group),
                "status": INTAKE_STATUS[c.intake_status(group)],
                "count": len(own.live_passages) if own else 0}
        if draft and draft.get("group") == group:
            form |= {"preamble": draft.get("preamble", ""), "passages": draft.get("passages", ""),
                     "version": draft.get("version", form["version"])}
        forms.append(form)
    return forms


def answer_forms(c: Consultation, actions: list[str], draft: dict[str, str] | None) -> list[dict[str, Any]]:
    """One form per answer (an answer group once, under its first number) and per open number:
    the questions, the answer so far, its version (0: none yet) and its cross-references. A new
    answer may cover more numbers ("Beantwoordt ook vraag"); an existing one may be withdrawn
    while answering, to regroup."""
    if "answer" not in actions:
        return []
    texts = {(k.group, p.passage_id): p.text for k in c.contributions for p in k.passages}
    forms = []
    for entry in c.numbering:
        answer = c.answer_to(entry.number)
        if answer is not None and answer.numbers[0] != entry.number:
            continue  # shown with the first number of its answer group
        numbers = answer.numbers if answer else (entry.number,)
        questions = []
        for n in numbers:
            found = c.numbered(n)
            questions.append({"number": n, "group": found.group if found else "",
                              "text": texts.get((found.group, found.passage_id), "") if found else ""})
        form = _answer_form(entry.number, numbers, answer, "withdraw_answer" in actions)
        form["questions"] = questions
        if draft and draft.get("number") == str(entry.number):
            form |= {"answer": draft.get("text", ""), "also": draft.get("also", ""),
                     "cross_refs": draft.get("cross_refs", "")}
        forms.append(form)
    return forms


def _answer_form(number: int, numbers: tuple[int, ...], answer: Answer | None, withdrawable: bool) -> dict[str, Any]:
    return {"number": number, "numbers": ",".join(map(str, numbers)), "numbers_shown": listed(numbers),
            "grouped": len(numbers) > 1, "answer": answer.text if answer else "", "new": answer is None,
            "version": str(answer.version if answer else 0), "also": "",
            "cross_refs": ", ".join(map(str, answer.cross_refs)) if answer else "",
            "withdrawable": withdrawable and answer is not None}


def deadline_form(c: Consultation, actions: list[str], draft: dict[str, str] | None) -> dict[str, Any] | None:
    """The clerk's form to set or extend the deadline, for every group or one group."""
    if "extend_deadline" not in actions:
        return None
    current = local(c.deadline)
    form = {"date": "", "time": current.strftime("%H:%M"), "group": "",
            "groups": [{"name": g.name, "own": shown(g.extended_until) if g.extended_until else None}
                       for g in c.groups]}
    if draft is not None:
        form |= {"date": draft.get("date", ""), "time": draft.get("time", ""), "group": draft.get("group", "")}
    return form


def order_form(c: Consultation, actions: list[str], draft: dict[str, str] | None) -> dict[str, Any] | None:
    """The clerk's form to order the groups before numbering (one per line; default by seats)."""
    if "set_group_order" not in actions:
        return None
    order = draft.get("order", "") if draft is not None else "\n".join(c.ordered_groups)
    return {"order": order, "version": c.version, "rows": max(3, len(c.groups) + 1),
            "chosen": c.group_order is not None}


def intake_overview(c: Consultation, is_clerk: bool) -> list[dict[str, Any]] | None:
    """For the committee's clerk: per invited group whether it contributed and how much, and a
    deadline of its own. Nobody else gets it: before intake closes a group may not learn even
    whether another group has contributed."""
    if not is_clerk:
        return None
    by_group = {k.group: k for k in c.contributions}
    rows = []
    for g in c.groups:
        k = by_group.get(g.name)
        rows.append({"group": g.name, "seats": g.seats, "status": INTAKE_STATUS[c.intake_status(g.name)],
                     "editor": editor_href(c, g.name),
                     "passages": sum(1 for p in k.passages if not p.withdrawn) if k else 0,
                     "version": k.version if k else 0,
                     "own_deadline": shown(g.extended_until) if g.extended_until else None})
    return rows
