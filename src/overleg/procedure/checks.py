"""Small checks shared by the command handlers; each raises a ValidationFailed naming the field.

The ``WHEN`` table says in which states each action is possible; ``decide`` checks it after
the permission table and before anything else, so a refused command never gets further.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from overleg.errors import IllegalTransition, StaleVersion, ValidationFailed
from overleg.extract.labels import cross_refs as textual_cross_refs
from overleg.procedure.states import BEFORE_SENDING, FINAL, Addressee, Consultation, Group, MotionCitation, State

_S = State

WHEN: dict[str, frozenset[State]] = {
    "edit_details": BEFORE_SENDING,
    "set_groups": frozenset({_S.DRAFT, _S.INTAKE_OPEN}),
    "open_intake": frozenset({_S.DRAFT}),
    "submit_contribution": frozenset({_S.INTAKE_OPEN}),
    "withdraw_passage": frozenset({_S.INTAKE_OPEN, _S.INTAKE_CLOSED, _S.NUMBERED}),
    "extend_deadline": frozenset({_S.DRAFT, _S.INTAKE_OPEN}),
    "close_intake": frozenset({_S.INTAKE_OPEN}),
    "reopen_intake": frozenset({_S.INTAKE_CLOSED, _S.NUMBERED}),
    "set_group_order": frozenset({_S.DRAFT, _S.INTAKE_OPEN, _S.INTAKE_CLOSED}),
    "number": frozenset({_S.INTAKE_CLOSED}),
    "send": frozenset({_S.NUMBERED}),
    "answer": frozenset({_S.SENT, _S.ANSWERING}),
    "withdraw_answer": frozenset({_S.ANSWERING}),
    "receive_answers": frozenset({_S.SENT, _S.ANSWERING}),
    "establish": frozenset({_S.ANSWERS_RECEIVED}),
    "publish": frozenset({_S.ESTABLISHED}),
    "correct": FINAL,
    "move_passage": frozenset({_S.INTAKE_CLOSED, _S.NUMBERED}),
    "merge_passages": frozenset({_S.INTAKE_CLOSED, _S.NUMBERED}),
    "set_answer_deadline": frozenset({_S.SENT, _S.ANSWERING}),
}


def check_state(action: str, consultation: Consultation) -> None:
    """Refuse ``action`` when the consultation's state does not allow it (see WHEN)."""
    state = consultation.state
    if state in WHEN[action]:
        return
    allowed = ", ".join(s.value for s in State if s in WHEN[action])
    if state in FINAL:
        why = ("the report is established and can no longer be edited; "
               "a correction (action 'correct') makes a new version with a reason")
    else:
        why = f"'{action}' is possible only when the consultation is {allowed}"
    raise IllegalTransition(f"consultation {consultation.id!r} is {state.value}: {why}",
                            action=action, state=state.value)


def check_version(expected: int | None, current: int, what: str, *, required: bool) -> None:
    """Refuse an edit made on the basis of another version than ``current``."""
    if expected is None:
        if required:
            raise ValidationFailed(f"expected_version is required to edit {what} (current version {current})",
                                   field="expected_version")
        return
    if expected != current:
        raise StaleVersion(f"{what} is at version {current}, the edit was made on version {expected}",
                           expected=expected, current=current)


def text(value: str | None, field: str) -> str:
    """The stripped text, refusing an empty one."""
    if value is None or not value.strip():
        raise ValidationFailed(f"{field} must not be empty", field=field)
    return value.strip()


def optional_text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def aware(moment: dt.datetime, field: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationFailed(f"{field} must carry a time zone", field=field)
    return moment


def future(moment: dt.datetime, now: dt.datetime, field: str) -> dt.datetime:
    if aware(moment, field) <= now:
        raise ValidationFailed(f"{field} {moment.isoformat()} is not after now ({now.isoformat()})", field=field)
    return moment


def groups(value: tuple[Group, ...]) -> tuple[Group, ...]:
    """Invited groups: at least one, unique names, no negative seat counts."""
    if not value:
        raise ValidationFailed("a consultation needs at least one group", field="groups")
    names = [text(g.name, "groups.name") for g in value]
    if len(set(names)) != len(names):
        raise ValidationFailed("group names must be unique", field="groups")
    for g in value:
        if g.seats < 0:
            raise ValidationFailed(f"group {g.name!r} has a negative seat count", field="groups.seats")
        if g.extended_until is not None:
            aware(g.extended_until, "groups.extended_until")
    return tuple(Group(n, g.seats, g.extended_until) for n, g in zip(names, value, strict=True))


def addressees(value: tuple[Addressee, ...]) -> tuple[Addressee, ...]:
    if not value:
        raise ValidationFailed("a consultation needs at least one addressee", field="addressees")
    cleaned = tuple(Addressee(text(a.ministry, "addressees.ministry"), text(a.title, "addressees.title"))
                    for a in value)
    if len({a.ministry for a in cleaned}) != len(cleaned):
        raise ValidationFailed("addressed ministries must be unique", field="addressees")
    return cleaned


def existing_numbers(consultation: Consultation, numbers: Iterable[int], field: str) -> None:
    """Refuse a number the list does not have ("a reference to a number that does not exist")."""
    have = set(consultation.numbers)
    missing = sorted(set(numbers) - have)
    if missing:
        top = max(have) if have else 0
        raise ValidationFailed(
            f"{field}: number {', '.join(map(str, missing))} does not exist (the list has 1-{top})",
            field=field)


def answer_references(consultation: Consultation, numbers: tuple[int, ...], refs: tuple[int, ...],
                      answer: str) -> tuple[int, ...]:
    """The answer's cross-references, checked: the declared ones and those its text makes
    ("zie het antwoord op vraag 6") must all point at existing numbers."""
    existing_numbers(consultation, refs, "cross_refs")
    existing_numbers(consultation, textual_cross_refs(answer), "text")
    return tuple(dict.fromkeys(n for n in refs if n not in numbers))


def group_slug(name: str) -> str:
    """'GroenLinks-PvdA' -> 'groenlinks-pvda': a group name as part of a passage id."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "group"


def cited_motions(value: tuple[MotionCitation, ...]) -> tuple[MotionCitation, ...]:
    """Cited motions with their names stripped; a nameless one is refused."""
    return tuple(MotionCitation(text(m.name, "motions.name"), tuple(dict.fromkeys(m.refs))) for m in value)
