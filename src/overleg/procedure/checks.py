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
from overleg.procedure.wording import action_name, capital, field_words, listed, state_name
from overleg.vocabulary.dates import dutch_moment

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
    "correct_addressees": frozenset({_S.SENT, _S.ANSWERING, _S.ANSWERS_RECEIVED}),
    "hand_in": frozenset({_S.INTAKE_OPEN}),
    "retract_contribution": frozenset({_S.INTAKE_OPEN}),
    "deliver_answers": frozenset({_S.SENT, _S.ANSWERING}),
    "request_postponement": frozenset({_S.SENT, _S.ANSWERING}),
    "move_passage": frozenset({_S.INTAKE_CLOSED, _S.NUMBERED}),
    "merge_passages": frozenset({_S.INTAKE_CLOSED, _S.NUMBERED}),
    "set_answer_deadline": frozenset({_S.SENT, _S.ANSWERING}),
}


def check_state(action: str, consultation: Consultation) -> None:
    """Refuse ``action`` when the consultation's state does not allow it (see WHEN)."""
    state = consultation.state
    if state in WHEN[action]:
        return
    allowed = listed((f"‘{state_name(s.value)}’" for s in State if s in WHEN[action]), "of")
    if state in FINAL:
        why = ("het verslag is vastgesteld en kan niet meer worden gewijzigd; "
               "een correctie (stap ‘verslag corrigeren’) maakt een nieuwe versie, met een reden")
    else:
        why = f"‘{action_name(action)}’ kan alleen in de stap {allowed}"
    raise IllegalTransition(f"Procedure {consultation.id} is in de stap ‘{state_name(state.value)}’: {why}.",
                            action=action, state=state.value)


def check_version(expected: int | None, current: int, what: str, *, required: bool) -> None:
    """Refuse an edit made on the basis of another version than ``current``."""
    if expected is None:
        if required:
            raise ValidationFailed(f"Geef de versie waarop u werkte mee (expected_version) om {what} te wijzigen; "
                                   f"de huidige versie is {current}.", field="expected_version")
        return
    if expected != current:
        raise StaleVersion(f"{capital(what)} is intussen gewijzigd: u werkte op versie {expected}, de huidige versie "
                           f"is {current}. Laad de huidige versie en breng uw wijziging opnieuw aan.",
                           expected=expected, current=current)


def text(value: str | None, field: str) -> str:
    """The stripped text, refusing an empty one."""
    if value is None or not value.strip():
        raise ValidationFailed(f"Vul {field_words(field)} in; dat veld is nu leeg.", field=field)
    return value.strip()


def optional_text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def aware(moment: dt.datetime, field: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationFailed(f"Geef bij {field_words(field)} een tijdzone op, bijvoorbeeld +01:00.", field=field)
    return moment


def future(moment: dt.datetime, now: dt.datetime, field: str) -> dt.datetime:
    if aware(moment, field) <= now:
        raise ValidationFailed(f"{capital(field_words(field))} ({dutch_moment(moment)}) ligt in het verleden "
                               f"(het is nu {dutch_moment(now)}); kies een later moment.", field=field)
    return moment


def groups(value: tuple[Group, ...]) -> tuple[Group, ...]:
    """Invited groups: at least one, unique names, no negative seat counts."""
    if not value:
        raise ValidationFailed("Nodig ten minste één fractie uit.", field="groups")
    names = [text(g.name, "groups.name") for g in value]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ValidationFailed(f"Elke fractie mag één keer voorkomen; {listed(twice)} staat er meer dan eens in.",
                               field="groups")
    for g in value:
        if g.seats < 0:
            raise ValidationFailed(f"Fractie {g.name} heeft een negatief aantal zetels; vul 0 of meer in.",
                                   field="groups.seats")
        if g.extended_until is not None:
            aware(g.extended_until, "groups.extended_until")
    return tuple(Group(n, g.seats, g.extended_until, g.printed) for n, g in zip(names, value, strict=True))


def addressees(value: tuple[Addressee, ...]) -> tuple[Addressee, ...]:
    if not value:
        raise ValidationFailed("Richt de procedure aan ten minste één bewindspersoon (‘Gericht aan’).",
                               field="addressees")
    cleaned = tuple(Addressee(text(a.ministry, "addressees.ministry"), text(a.title, "addressees.title"))
                    for a in value)
    if len({a.ministry for a in cleaned}) != len(cleaned):
        raise ValidationFailed("Elk ministerie mag één keer voorkomen bij ‘Gericht aan’; haal het dubbele weg.",
                               field="addressees")
    return cleaned


def existing_numbers(consultation: Consultation, numbers: Iterable[int], field: str) -> None:
    """Refuse a number the list does not have ("a reference to a number that does not exist")."""
    have = set(consultation.numbers)
    missing = sorted(set(numbers) - have)
    if missing:
        raise ValidationFailed(missing_numbers(missing, max(have) if have else 0), field=field)


def missing_numbers(missing: list[int], top: int) -> str:
    """The Dutch reason a reference to ``missing`` numbers is refused (the list has 1 to ``top``).

    >>> missing_numbers([99], 9)
    'Vraag 99 bestaat niet; de lijst loopt van 1 tot en met 9.'
    >>> missing_numbers([10, 12], 9)
    'Vragen 10 en 12 bestaan niet; de lijst loopt van 1 tot en met 9.'
    """
    words = [str(n) for n in missing]
    if len(words) == 1:
        said = f"Vraag {words[0]} bestaat niet"
    else:
        said = f"Vragen {', '.join(words[:-1])} en {words[-1]} bestaan niet"
    span = f"de lijst loopt van 1 tot en met {top}" if top else "er zijn nog geen genummerde vragen"
    return f"{said}; {span}."


def still_open(numbers: tuple[int, ...]) -> str:
    """Why the answers cannot be sent yet, in Dutch, naming the open numbers.

    >>> still_open((3,))
    'Vraag 3 is nog niet beantwoord. Beantwoord die eerst; daarna kunt u de antwoorden versturen.'
    >>> still_open((3, 5, 7))
    'Vragen 3, 5 en 7 zijn nog niet beantwoord. Beantwoord die eerst; daarna kunt u de antwoorden versturen.'
    """
    words = [str(n) for n in numbers]
    said = f"Vraag {words[0]} is" if len(words) == 1 else f"Vragen {', '.join(words[:-1])} en {words[-1]} zijn"
    return f"{said} nog niet beantwoord. Beantwoord die eerst; daarna kunt u de antwoorden versturen."


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
