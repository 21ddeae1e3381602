"""``apply``: the state after one event; ``replay``: the state after a whole log.

Reads: the state before (None before the first event) and an event. Writes: a new state with
``version`` one higher. Applying never refuses a step the log holds (``decide`` refused what was
wrong before the event was written); an event that cannot follow the state means the log is
corrupt and raises ``CorruptLog``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from overleg.errors import CorruptLog
from overleg.procedure import events as e
from overleg.procedure.states import (
    Answer,
    Consultation,
    Contribution,
    Correction,
    Establishment,
    PostponementRequest,
    State,
)


def replay(events: Iterable[e.Event]) -> Consultation | None:
    """The state a log of events leads to (None for an empty log)."""
    state: Consultation | None = None
    for event in events:
        state = apply(state, event)
    return state


def apply(consultation: Consultation | None, event: e.Event) -> Consultation:
    """The state after ``event`` (see module docstring)."""
    if isinstance(event, e.ConsultationCreated):
        if consultation is not None:
            raise CorruptLog(f"consultation {consultation.id!r} is created twice")
        return Consultation(
            id=event.consultation_id, version=1, state=State.DRAFT, committee=event.committee,
            chair=event.chair, clerk=event.clerk, addressees=event.addressees, deadline=event.deadline,
            groups=event.groups, subject=event.subject, subject_refs=event.subject_refs, agenda=event.agenda,
            follow_up_of=event.follow_up_of)
    if consultation is None:
        raise CorruptLog(f"a {event.type} event before the consultation was created")
    changed = _step(consultation, event)
    return replace(changed, version=consultation.version + 1)


def _step(s: Consultation, ev: e.Event) -> Consultation:
    """The state change of one event, version aside."""
    match ev:
        case e.DetailsEdited():
            return replace(s, addressees=ev.addressees, chair=ev.chair, clerk=ev.clerk, subject=ev.subject,
                           subject_refs=ev.subject_refs, agenda=ev.agenda)
        case e.GroupsSet():
            names = {g.name for g in ev.groups}
            order = s.group_order if s.group_order and set(s.group_order) == names else None
            return replace(s, groups=ev.groups, group_order=order)
        case e.IntakeOpened():
            return replace(s, state=State.INTAKE_OPEN)
        case e.ContributionSaved():
            saved = Contribution(ev.group, ev.version, ev.preamble, ev.topics, ev.passages, ev.next_seq,
                                 submitted_at=ev.at if ev.handed_in else None)
            return replace(s, contributions=_put_contribution(s.contributions, saved))
        case e.PassageWithdrawn():
            return _withdraw(s, ev)
        case e.DeadlineExtended():
            if ev.group is None:
                return replace(s, deadline=ev.deadline)
            groups = tuple(replace(g, extended_until=ev.deadline) if g.name == ev.group else g for g in s.groups)
            return replace(s, groups=groups)
        case e.IntakeClosed():
            return replace(s, state=State.INTAKE_CLOSED)
        case e.IntakeReopened():
            return replace(s, state=State.INTAKE_OPEN, deadline=ev.deadline, numbering=())
        case e.GroupOrderSet():
            return replace(s, group_order=ev.order)
        case e.PassagesNumbered():
            return replace(s, state=State.NUMBERED, numbering=ev.numbering)
        case e.QuestionsSent():
            return replace(s, state=State.SENT, sent_on=ev.sent_on, answer_deadline=ev.answer_deadline)
        case e.PassageMoved():
            return _move(s, ev)
        case e.PassagesMerged():
            return _merge(s, ev)
        case e.AnswerDeadlineSet():
            return replace(s, answer_deadline=ev.answer_deadline)
        case e.QuestionsAnswered():
            answer = Answer(ev.numbers, ev.text, ev.version, ev.cross_refs, ev.footnotes, ev.motions)
            kept = [a for a in s.answers if not set(a.numbers) & set(ev.numbers)]
            answers = tuple(sorted([*kept, answer], key=lambda a: a.numbers[0]))
            return replace(s, state=State.ANSWERING, answers=answers)
        case e.AnswerWithdrawn():
            return replace(s, answers=tuple(a for a in s.answers if a.numbers != ev.numbers))
        case e.AnswersReceived():
            return replace(s, state=State.ANSWERS_RECEIVED, received_on=ev.received_on)
        case e.ReportEstablished():
            established = Establishment(ev.dossier, ev.document_number, ev.established_on, ev.chair, ev.clerk,
                                        ev.dossier_title)
            return replace(s, state=State.ESTABLISHED, established=established)
        case e.ReportPublished():
            return replace(s, state=State.PUBLISHED, published_on=ev.published_on)
        case e.ReportCorrected():
            return _correct(s, ev)
        case e.AddresseesCorrected():
            return replace(s, addressees=ev.addressees)
        case e.ContributionHandedIn() | e.ContributionRetracted():
            return _hand_in(s, ev)
        case e.PostponementRequested():
            asked = PostponementRequest(ev.at, ev.actor_id, ev.reason, ev.until)
            return replace(s, postponements=(*s.postponements, asked))
    raise CorruptLog(f"unknown event {type(ev).__name__}")


def _put_contribution(contributions: tuple[Contribution, ...], saved: Contribution) -> tuple[Contribution, ...]:
    """Replace the group's contribution in place, or add it after the others."""
    if any(x.group == saved.group for x in contributions):
        return tuple(saved if x.group == saved.group else x for x in contributions)
    return (*contributions, saved)


def _withdraw(s: Consultation, ev: e.PassageWithdrawn) -> Consultation:
    current = s.contribution(ev.group)
    if current is None or current.passage(ev.passage_id) is None:
        raise CorruptLog(f"withdrawal of unknown passage {ev.passage_id!r} of {ev.group}")
    passages = tuple(replace(p, withdrawn=True) if p.passage_id == ev.passage_id else p for p in current.passages)
    saved = replace(current, passages=passages, version=ev.version)
    return replace(s, contributions=_put_contribution(s.contributions, saved))


def _hand_in(s: Consultation, ev: e.ContributionHandedIn | e.ContributionRetracted) -> Consultation:
    current = s.contribution(ev.group)
    if current is None:
        raise CorruptLog(f"{ev.type} of {ev.group}, which has no contribution")
    at = ev.at if isinstance(ev, e.ContributionHandedIn) else None
    saved = replace(current, version=ev.version, submitted_at=at)
    return replace(s, contributions=_put_contribution(s.contributions, saved))


def _move(s: Consultation, ev: e.PassageMoved) -> Consultation:
    current = s.contribution(ev.group)
    by_id = {p.passage_id: p for p in current.passages} if current else {}
    if current is None or sorted(by_id) != sorted(ev.order):
        raise CorruptLog(f"move of passage {ev.passage_id!r} of {ev.group} does not fit its contribution")
    saved = replace(current, passages=tuple(by_id[i] for i in ev.order), version=ev.version)
    return replace(s, contributions=_put_contribution(s.contributions, saved))


def _merge(s: Consultation, ev: e.PassagesMerged) -> Consultation:
    current = s.contribution(ev.group)
    if current is None or current.passage(ev.into) is None or current.passage(ev.merged) is None:
        raise CorruptLog(f"merge of unknown passages {ev.into!r}, {ev.merged!r} of {ev.group}")
    passages = tuple(
        replace(p, text=ev.text, footnotes=ev.footnotes, motions=ev.motions) if p.passage_id == ev.into
        else replace(p, withdrawn=True, merged_into=ev.into) if p.passage_id == ev.merged else p
        for p in current.passages)
    saved = replace(current, passages=passages, version=ev.version)
    return replace(s, contributions=_put_contribution(s.contributions, saved))


def _correct(s: Consultation, ev: e.ReportCorrected) -> Consultation:
    """New texts for the corrected numbers, and the correction on record."""
    for t in ev.questions:
        entry = s.numbered(t.number)
        current = s.contribution(entry.group) if entry else None
        if entry is None or current is None:
            raise CorruptLog(f"correction of unknown number {t.number}")
        passages = tuple(replace(p, text=t.text) if p.passage_id == entry.passage_id else p
                         for p in current.passages)
        s = replace(s, contributions=_put_contribution(s.contributions, replace(current, passages=passages)))
    answers = list(s.answers)
    for t in ev.answers:
        at = next((i for i, a in enumerate(answers) if t.number in a.numbers), None)
        if at is None:
            raise CorruptLog(f"correction of unanswered number {t.number}")
        answers[at] = replace(answers[at], text=t.text)
    record = Correction(ev.report_version, ev.reason, ev.at, ev.actor_id, ev.questions, ev.answers)
    return replace(s, answers=tuple(answers), corrections=(*s.corrections, record))
