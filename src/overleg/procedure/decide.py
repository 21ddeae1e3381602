"""``decide``: what a command does to a consultation, as events, or why it is refused.

Reads: the current state (None before creation), the actor, the command and the time. Writes:
nothing; returns the events to append (apply them with ``overleg.procedure.apply``). Every
command passes the same gates in the same order: the consultation exists (NotFound), the actor
may do the action (PermissionDenied, the table in ``access``), the state allows it
(IllegalTransition, the table in ``checks``), the version the client saw is current
(StaleVersion), the content is valid (ValidationFailed, Conflict). A refused command raises and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from overleg.errors import Conflict, DeadlinePassed, IllegalTransition, InvalidIdentifier, NotFound, PermissionDenied
from overleg.errors import ValidationFailed as Invalid
from overleg.model import DocumentId
from overleg.procedure import checks
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.access import may, standing, standing_in
from overleg.procedure.actors import Actor
from overleg.procedure.apply import apply
from overleg.procedure.states import Consultation, Contribution, FollowUp, NumberedPassage, Passage, Person, State
from overleg.procedure.wording import action_name, listed, state_name
from overleg.vocabulary.dates import DUTCH_TIME, dutch_moment

Events = tuple[e.Event, ...]


def decide(consultation: Consultation | None, actor: Actor, command: c.Command, now: dt.datetime) -> Events:
    """The events ``command`` by ``actor`` at ``now`` produces (see module docstring)."""
    if now.tzinfo is None:
        raise ValueError("decide needs a timezone-aware 'now'")
    meta = {"actor_id": actor.user_id, "at": now}
    if isinstance(command, c.CreateConsultation | c.StartFollowUp):
        return _create(consultation, actor, command, now, meta)
    if consultation is None:
        raise NotFound("Deze procedure bestaat niet.")
    group = getattr(command, "group", None)
    if not may(command.action, standing_in(actor, consultation, group)):
        raise PermissionDenied(f"Gebruiker {actor.user_id} mag de stap ‘{action_name(command.action)}’ niet zetten "
                               f"in procedure {consultation.id}: daarvoor is een andere rol nodig.")
    checks.check_state(command.action, consultation)
    handler = _HANDLERS[type(command)]
    return handler(consultation, command, now, meta)


def _create(existing: Consultation | None, actor: Actor, cmd: c.CreateConsultation | c.StartFollowUp,
            now: dt.datetime, meta: dict[str, Any]) -> Events:
    """A new consultation, or a follow-up round of an established one; authorised first, so
    whether an id is taken is only told to those who may create."""
    if isinstance(cmd, c.StartFollowUp):
        pred = cmd.predecessor
        if not may(cmd.action, standing_in(actor, pred)):
            raise PermissionDenied(f"Gebruiker {actor.user_id} mag geen nader schriftelijk overleg starten na "
                                   f"procedure {pred.id}; dat doet de griffier van de commissie.")
        _not_taken(existing, cmd.consultation_id, pred.id)
        if pred.established is None:
            raise IllegalTransition(f"Procedure {pred.id} is in de stap ‘{state_name(pred.state.value)}’: een nader "
                                    "schriftelijk overleg kan pas na een vastgesteld verslag.", action=cmd.action,
                                    state=pred.state.value)
        return (e.ConsultationCreated(
            **meta, consultation_id=checks.text(cmd.consultation_id, "consultation_id"),
            committee=pred.committee, chair=pred.chair, clerk=pred.clerk, addressees=pred.addressees,
            deadline=checks.future(cmd.deadline, now, "deadline"),
            groups=tuple(replace(g, extended_until=None) for g in pred.groups),
            subject=checks.optional_text(cmd.subject) or pred.subject,
            subject_refs=tuple(dict.fromkeys((*pred.subject_refs, pred.established.document_id))), agenda=pred.agenda,
            follow_up_of=FollowUp(pred.id, pred.established.document_id)),)
    who = standing(actor, cmd.committee, (g.name for g in cmd.groups), (a.ministry for a in cmd.addressees))
    if not may(cmd.action, who):
        raise PermissionDenied(f"Gebruiker {actor.user_id} is geen griffier van {cmd.committee}; alleen een "
                               "griffier van de commissie kan een procedure aanmaken.")
    _not_taken(existing, cmd.consultation_id)
    return (e.ConsultationCreated(
        **meta, consultation_id=checks.text(cmd.consultation_id, "consultation_id"),
        committee=checks.text(cmd.committee, "committee"), chair=_person(cmd.chair, "chair"),
        clerk=_person(cmd.clerk, "clerk"), addressees=checks.addressees(cmd.addressees),
        deadline=checks.aware(cmd.deadline, "deadline"), groups=checks.groups(cmd.groups),
        subject=checks.optional_text(cmd.subject), subject_refs=tuple(dict.fromkeys(cmd.subject_refs)),
        agenda=cmd.agenda),)


def _not_taken(existing: Consultation | None, new_id: str, *taken: str) -> None:
    if existing is not None or new_id in taken:
        raise Conflict(f"Er bestaat al een procedure {existing.id if existing else new_id}; kies een ander kenmerk.")


def _person(p: Person, field: str) -> Person:
    return Person(checks.text(p.user_id, f"{field}.user_id"), checks.optional_text(p.name))


def _edit_details(s: Consultation, cmd: c.EditDetails, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=True)
    return (e.DetailsEdited(
        **meta, addressees=checks.addressees(cmd.addressees),
        chair=_person(cmd.chair, "chair") if cmd.chair else s.chair,
        clerk=_person(cmd.clerk, "clerk") if cmd.clerk else s.clerk,
        subject=checks.optional_text(cmd.subject), subject_refs=tuple(dict.fromkeys(cmd.subject_refs)),
        agenda=cmd.agenda),)


def _set_groups(s: Consultation, cmd: c.SetGroups, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=True)
    groups = checks.groups(cmd.groups)
    dropped = {x.group for x in s.contributions} - {g.name for g in groups}
    if dropped:
        raise Conflict(f"Fractie {listed(sorted(dropped))} heeft al inbreng en kan daarom niet van de lijst; "
                       "laat haar staan.")
    return (e.GroupsSet(**meta, groups=groups),)


def _open_intake(s: Consultation, cmd: c.OpenIntake, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    return (e.IntakeOpened(**meta),)


def _submit(s: Consultation, cmd: c.SubmitContribution, now: dt.datetime, meta: dict[str, Any]) -> Events:
    if s.group(cmd.group) is None:
        raise NotFound(f"Fractie {cmd.group} is niet uitgenodigd voor procedure {s.id}.")
    current = s.contribution(cmd.group)
    checks.check_version(cmd.expected_version, current.version if current else 0,
                         f"de inbreng van {cmd.group}", required=True)
    deadline = s.deadline_for(cmd.group)
    if now > deadline:
        raise DeadlinePassed(f"De termijn voor {cmd.group} is verstreken ({dutch_moment(deadline)}); "
                             "alleen de griffie kan hem verlengen.", action=cmd.action, state=s.state.value)
    seq = current.next_seq if current else 1
    passages: list[Passage] = []
    for i, p in enumerate(cmd.passages):
        body = checks.text(p.text, f"passages[{i}].text")
        topic = checks.optional_text(p.topic)
        if p.passage_id is None:
            passages.append(Passage(f"{checks.group_slug(cmd.group)}-{seq}", body, topic, p.footnotes,
                                    motions=checks.cited_motions(p.motions), papers=tuple(dict.fromkeys(p.papers))))
            seq += 1
            continue
        old = current.passage(p.passage_id) if current else None
        if old is None:
            raise NotFound(f"Vraag {p.passage_id} hoort niet bij de inbreng van {cmd.group}.")
        if old.withdrawn:
            raise Conflict(f"Vraag {p.passage_id} is ingetrokken en kan niet meer worden gewijzigd.")
        passages.append(Passage(old.passage_id, body, topic, p.footnotes, motions=checks.cited_motions(p.motions),
                                papers=tuple(dict.fromkeys(p.papers))))
    ids = [p.passage_id for p in passages]
    if len(set(ids)) != len(ids):
        raise Invalid("Een vraag staat twee keer in de inbreng; haal er een weg.", field="passages")
    withdrawn = tuple(p for p in (current.passages if current else ()) if p.withdrawn)
    topics = tuple(dict.fromkeys([*(checks.text(t, "topics") for t in cmd.topics),
                                  *(p.topic for p in passages if p.topic)]))
    return (e.ContributionSaved(
        **meta, group=cmd.group, version=(current.version if current else 0) + 1,
        preamble=checks.optional_text(cmd.preamble), topics=topics,
        passages=(*passages, *withdrawn), next_seq=seq, handed_in=cmd.hand_in),)


def _hand_in(s: Consultation, cmd: c.HandInContribution, now: dt.datetime, meta: dict[str, Any]) -> Events:
    current = _own_before_deadline(s, cmd.group, cmd.expected_version, cmd.action, now)
    if current.submitted:
        raise Conflict(f"the contribution of {cmd.group} is already handed in")
    if not current.live_passages:
        raise Invalid(f"the contribution of {cmd.group} has no question to hand in", field="passages")
    return (e.ContributionHandedIn(**meta, group=cmd.group, version=current.version + 1),)


def _retract(s: Consultation, cmd: c.RetractContribution, now: dt.datetime, meta: dict[str, Any]) -> Events:
    current = _own_before_deadline(s, cmd.group, cmd.expected_version, cmd.action, now)
    if not current.submitted:
        raise Conflict(f"the contribution of {cmd.group} is not handed in")
    return (e.ContributionRetracted(**meta, group=cmd.group, version=current.version + 1),)


def _own_before_deadline(s: Consultation, group: str, expected: int | None, action: str,
                         now: dt.datetime) -> Contribution:
    """The group's saved contribution, at the version the client saw, before the group's deadline."""
    if s.group(group) is None:
        raise NotFound(f"group {group!r} is not invited to consultation {s.id!r}")
    current = s.contribution(group)
    if current is None:
        raise Invalid(f"{group} has saved no contribution yet", field="passages")
    checks.check_version(expected, current.version, f"the contribution of {group}", required=True)
    deadline = s.deadline_for(group)
    if now > deadline:
        raise DeadlinePassed(f"the deadline for {group} was {deadline.isoformat()}; "
                             "only the clerk can extend it", action=action, state=s.state.value)
    return current


def numbering(s: Consultation) -> tuple[NumberedPassage, ...]:
    """Numbers 1, 2, ... for the live passages of the handed-in contributions (drafts do not
    count): groups in order, passages as submitted."""
    entries: list[NumberedPassage] = []
    for name in s.ordered_groups:
        contribution = s.contribution(name)
        for p in contribution.live_passages if contribution and contribution.submitted else ():
            entries.append(NumberedPassage(len(entries) + 1, name, p.passage_id))
    return tuple(entries)


def _withdraw_passage(s: Consultation, cmd: c.WithdrawPassage, now: dt.datetime, meta: dict[str, Any]) -> Events:
    current = s.contribution(cmd.group)
    passage = current.passage(cmd.passage_id) if current else None
    if current is None or passage is None:
        raise NotFound(f"Vraag {cmd.passage_id} hoort niet bij de inbreng van {cmd.group}.")
    checks.check_version(cmd.expected_version, current.version, f"de inbreng van {cmd.group}", required=True)
    if passage.withdrawn:
        raise Conflict(f"Vraag {cmd.passage_id} is al ingetrokken.")
    withdrawn = e.PassageWithdrawn(**meta, group=cmd.group, passage_id=cmd.passage_id, version=current.version + 1)
    if s.state is not State.NUMBERED:
        return (withdrawn,)
    # Numbers run through the whole list, so a withdrawal after numbering renumbers at once.
    renumbered = numbering(apply(s, withdrawn))
    if not renumbered:
        raise Conflict("De laatste genummerde vraag kan niet worden ingetrokken: heropen eerst de inbreng.")
    return (withdrawn, e.PassagesNumbered(**meta, numbering=renumbered))


def _extend(s: Consultation, cmd: c.ExtendDeadline, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    if cmd.group is not None and s.group(cmd.group) is None:
        raise NotFound(f"Fractie {cmd.group} is niet uitgenodigd voor procedure {s.id}.")
    return (e.DeadlineExtended(**meta, deadline=checks.future(cmd.deadline, now, "deadline"), group=cmd.group),)


def _close(s: Consultation, cmd: c.CloseIntake, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    return (e.IntakeClosed(**meta),)


def _reopen(s: Consultation, cmd: c.ReopenIntake, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    return (e.IntakeReopened(**meta, deadline=checks.future(cmd.deadline, now, "deadline")),)


def _order(s: Consultation, cmd: c.SetGroupOrder, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=True)
    names = [g.name for g in s.groups]
    if sorted(cmd.order) != sorted(names):
        raise Invalid(f"Noem in de volgorde elke fractie precies één keer: {listed(names)}.", field="order")
    return (e.GroupOrderSet(**meta, order=tuple(cmd.order)),)


def _renumbered(s: Consultation, event: e.Event, meta: dict[str, Any]) -> Events:
    """``event``, followed by the list numbered afresh when it was numbered: numbers run through
    the whole list, so a change of order or of passages after numbering renumbers at once."""
    if s.state is not State.NUMBERED:
        return (event,)
    return (event, e.PassagesNumbered(**meta, numbering=numbering(apply(s, event))))


def _closed_contribution(s: Consultation, group: str, *passage_ids: str) -> Contribution:
    """The group's contribution holding these live passages (the clerk's edits after intake)."""
    current = s.contribution(group)
    for passage_id in passage_ids:
        passage = current.passage(passage_id) if current else None
        if passage is None:
            raise NotFound(f"passage {passage_id!r} is not part of the contribution of {group}")
        if passage.withdrawn:
            raise Conflict(f"passage {passage_id!r} was withdrawn")
    assert current is not None  # a passage was found in it
    return current


def _move(s: Consultation, cmd: c.MovePassage, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "the consultation", required=True)
    current = _closed_contribution(s, cmd.group, cmd.passage_id)
    if cmd.by not in (-1, 1):
        raise Invalid("a passage moves one place up (-1) or down (1)", field="by")
    live = [p.passage_id for p in current.live_passages]
    at = live.index(cmd.passage_id)
    if not 0 <= at + cmd.by < len(live):
        raise Conflict(f"passage {cmd.passage_id!r} is already the {'first' if cmd.by < 0 else 'last'} of {cmd.group}")
    live[at], live[at + cmd.by] = live[at + cmd.by], live[at]
    order = (*live, *(p.passage_id for p in current.passages if p.withdrawn))
    moved = e.PassageMoved(**meta, group=cmd.group, passage_id=cmd.passage_id, order=order,
                           version=current.version + 1)
    return _renumbered(s, moved, meta)


def _merge(s: Consultation, cmd: c.MergePassages, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "the consultation", required=True)
    current = _closed_contribution(s, cmd.group, cmd.first, cmd.second)
    live = [p.passage_id for p in current.live_passages]
    if live.index(cmd.second) != live.index(cmd.first) + 1:
        raise Conflict(f"passage {cmd.second!r} does not directly follow {cmd.first!r}: only adjacent "
                       "passages of one group can be merged")
    first, second = current.passage(cmd.first), current.passage(cmd.second)
    assert first is not None and second is not None  # checked above
    merged = e.PassagesMerged(**meta, group=cmd.group, into=first.passage_id, merged=second.passage_id,
                              text=f"{first.text}\n\n{second.text}", version=current.version + 1,
                              footnotes=(*first.footnotes, *second.footnotes),
                              motions=tuple(dict.fromkeys((*first.motions, *second.motions))))
    return _renumbered(s, merged, meta)


def _answer_deadline(s: Consultation, cmd: c.SetAnswerDeadline, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "the consultation", required=False)
    return (e.AnswerDeadlineSet(**meta, answer_deadline=checks.future(cmd.answer_deadline, now, "answer_deadline")),)


def _number(s: Consultation, cmd: c.NumberPassages, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    entries = numbering(s)
    if not entries:
        raise IllegalTransition(f"Procedure {s.id} heeft geen vragen om te nummeren: geen fractie heeft inbreng "
                                "geleverd. Heropen de inbreng of verleng de termijn.", action=cmd.action,
                                state=s.state.value)
    return (e.PassagesNumbered(**meta, numbering=entries),)


def _send(s: Consultation, cmd: c.SendQuestions, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    due = checks.future(cmd.answer_deadline, now, "answer_deadline") if cmd.answer_deadline is not None else None
    return (e.QuestionsSent(**meta, sent_on=cmd.sent_on, answer_deadline=due),)


def _answer(s: Consultation, cmd: c.AnswerQuestions, now: dt.datetime, meta: dict[str, Any]) -> Events:
    if not cmd.numbers or len(set(cmd.numbers)) != len(cmd.numbers):
        raise Invalid("Een antwoord hoort bij een of meer vraagnummers, elk één keer; vul ze in.", field="numbers")
    checks.existing_numbers(s, cmd.numbers, "numbers")
    numbers = tuple(sorted(cmd.numbers))
    body = checks.text(cmd.text, "text")
    refs = checks.answer_references(s, numbers, cmd.cross_refs, body)
    same = next((a for a in s.answers if a.numbers == numbers), None)
    checks.check_version(cmd.expected_version, same.version if same else 0,
                         f"het antwoord op vraag {listed(numbers)}", required=True)
    if same is None:
        taken = sorted(n for n in numbers if s.answer_to(n))
        if taken:
            raise Conflict(f"Vraag {listed(taken)} is al beantwoord in een ander antwoord; trek dat antwoord eerst in.")
    return (e.QuestionsAnswered(**meta, numbers=numbers, text=body, version=(same.version if same else 0) + 1,
                                cross_refs=refs, footnotes=cmd.footnotes, motions=checks.cited_motions(cmd.motions)),)


def _withdraw_answer(s: Consultation, cmd: c.WithdrawAnswer, now: dt.datetime, meta: dict[str, Any]) -> Events:
    found = s.answer_to(cmd.number)
    if found is None:
        raise NotFound(f"Vraag {cmd.number} heeft geen antwoord.")
    checks.check_version(cmd.expected_version, found.version, f"het antwoord op vraag {cmd.number}", required=True)
    return (e.AnswerWithdrawn(**meta, numbers=found.numbers),)


def _receive(s: Consultation, cmd: c.ReceiveAnswers, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    if s.unanswered:
        open_ = s.unanswered
        which = f"Vraag {open_[0]} is" if len(open_) == 1 else f"Vragen {listed(open_)} zijn"
        raise IllegalTransition(f"{which} nog niet beantwoord; beantwoord eerst alle vragen.",
                                action=cmd.action, state=s.state.value)
    return (e.AnswersReceived(**meta, received_on=cmd.received_on),)


def _establish(s: Consultation, cmd: c.EstablishReport, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    dossier = checks.text(cmd.dossier, "dossier")
    number = checks.text(cmd.document_number, "document_number")
    try:
        DocumentId.kamerstuk(dossier, number)
    except InvalidIdentifier:
        raise Invalid(f"Dossier {dossier} met nummer {number} is geen Kamerstuk; vul een dossiernummer als "
                      "36600 en een documentnummer als 12 in.", field="dossier") from None
    chair = checks.optional_text(cmd.chair) or s.chair.name
    clerk = checks.optional_text(cmd.clerk) or s.clerk.name
    if not chair or not clerk:
        raise Invalid("Het verslag wordt ondertekend door de voorzitter en de griffier: vul hun namen in.",
                      field="chair")
    return (e.ReportEstablished(**meta, dossier=dossier, document_number=number, established_on=cmd.established_on,
                                chair=chair, clerk=clerk, dossier_title=checks.optional_text(cmd.dossier_title)),)


def _publish(s: Consultation, cmd: c.PublishReport, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=False)
    return (e.ReportPublished(**meta, published_on=cmd.published_on),)


def _correct(s: Consultation, cmd: c.CorrectReport, now: dt.datetime, meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "de procedure", required=True)
    reason = checks.text(cmd.reason, "reason")
    if not cmd.questions and not cmd.answers:
        raise Invalid("Een correctie wijzigt ten minste één vraag of antwoord; vul de nieuwe tekst in.",
                      field="questions")
    checks.existing_numbers(s, (t.number for t in (*cmd.questions, *cmd.answers)), "number")
    questions = tuple(replace(t, text=checks.text(t.text, "questions.text")) for t in cmd.questions)
    answers = tuple(replace(t, text=checks.text(t.text, "answers.text")) for t in cmd.answers)
    return (e.ReportCorrected(**meta, report_version=s.report_version + 1, reason=reason,
                              questions=questions, answers=answers),)


def _correct_addressees(s: Consultation, cmd: c.CorrectAddressees, now: dt.datetime,
                        meta: dict[str, Any]) -> Events:
    checks.check_version(cmd.expected_version, s.version, "the consultation", required=True)
    reason = checks.text(cmd.reason, "reason")
    return (e.AddresseesCorrected(**meta, addressees=checks.addressees(cmd.addressees), reason=reason),)


def _deliver(s: Consultation, cmd: c.DeliverAnswers, now: dt.datetime, meta: dict[str, Any]) -> Events:
    """The ministry's answers go to the committee: the same step as the clerk recording them
    received, dated today in Dutch time; refused while a number is open, naming it."""
    checks.check_version(cmd.expected_version, s.version, "the consultation", required=False)
    if s.unanswered:
        raise IllegalTransition(checks.still_open(s.unanswered), action=cmd.action, state=s.state.value)
    return (e.AnswersReceived(**meta, received_on=now.astimezone(DUTCH_TIME).date()),)


def _postpone(s: Consultation, cmd: c.RequestPostponement, now: dt.datetime, meta: dict[str, Any]) -> Events:
    reason = checks.optional_text(cmd.reason)
    if reason is None:
        raise Invalid("Geef een reden voor het uitstel.", field="reason")
    if checks.aware(cmd.until, "until") <= now:
        raise Invalid("Het voorgestelde moment ligt in het verleden. Kies een latere datum.", field="until")
    return (e.PostponementRequested(**meta, reason=reason, until=cmd.until),)


_HANDLERS: dict[type[c.Command], Callable[[Consultation, Any, dt.datetime, dict[str, Any]], Events]] = {
    c.EditDetails: _edit_details, c.SetGroups: _set_groups, c.OpenIntake: _open_intake,
    c.SubmitContribution: _submit, c.WithdrawPassage: _withdraw_passage, c.ExtendDeadline: _extend,
    c.CloseIntake: _close, c.ReopenIntake: _reopen, c.SetGroupOrder: _order, c.NumberPassages: _number,
    c.SendQuestions: _send, c.AnswerQuestions: _answer, c.WithdrawAnswer: _withdraw_answer,
    c.ReceiveAnswers: _receive, c.EstablishReport: _establish, c.PublishReport: _publish,
    c.CorrectReport: _correct, c.CorrectAddressees: _correct_addressees,
    c.HandInContribution: _hand_in, c.RetractContribution: _retract,
    c.CorrectReport: _correct, c.DeliverAnswers: _deliver, c.RequestPostponement: _postpone,
    c.CorrectReport: _correct, c.MovePassage: _move, c.MergePassages: _merge,
    c.SetAnswerDeadline: _answer_deadline,
}
