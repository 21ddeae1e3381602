"""Random command sequences by random actors: a refused command changes nothing, the state only
changes through events, the invariants of the procedure hold, and the log replays to the state."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overleg.errors import REFUSALS, NotFound
from overleg.procedure import (
    Actor,
    RoleKind,
    State,
    apply,
    decide,
    decode,
    encode,
    replay,
    snapshot_from_json,
    snapshot_to_json,
    view,
)
from overleg.procedure import commands as c
from overleg.procedure.checks import WHEN
from overleg.procedure.events import Event
from overleg.procedure.states import Addressee, Consultation, Group, Person, TextCorrection
from overleg.procedure.states import FootnoteText as Footnote

COMMITTEE = "commissie voor Proeven"
MINISTRY = "minister van Proeven"
GROUPS = (Group("Groot", 5), Group("Klein", 2), Group("Stil", 1))
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

CLERK = Actor.with_role("clerk", RoleKind.CLERK, COMMITTEE)
OFFICIAL = Actor.with_role("official", RoleKind.OFFICIAL, MINISTRY)
MEMBERS = {g.name: Actor.with_role(f"m-{g.name}", RoleKind.MEMBER, g.name) for g in GROUPS}
ACTORS = [CLERK, OFFICIAL, *MEMBERS.values(), Actor.with_role("chair", RoleKind.CHAIR, COMMITTEE),
          Actor.with_role("other", RoleKind.OFFICIAL, "minister van Elders"), Actor.public()]
TEXTS = ["De leden vragen iets.", "", "Zie het antwoord op vraag 3.", "Zie het antwoord op vraag 40."]


def create() -> c.CreateConsultation:
    return c.CreateConsultation(
        consultation_id="so-p", committee=COMMITTEE, chair=Person("chair", "Voorzitter"),
        clerk=Person("clerk", "Griffier"), addressees=(Addressee(MINISTRY, MINISTRY),),
        deadline=START + dt.timedelta(days=10), groups=GROUPS)


def progress(s: Consultation, now: dt.datetime) -> type[c.Command]:
    """The command that moves the procedure one step on from ``s``."""
    if s.state is State.INTAKE_OPEN and now > s.deadline:
        return c.ExtendDeadline
    if s.state is State.INTAKE_OPEN:
        submitted = any(x.live_passages for x in s.contributions)
        return c.CloseIntake if submitted and len(s.contributions) > 1 else c.SubmitContribution
    if s.state is State.INTAKE_CLOSED and not any(x.live_passages for x in s.contributions):
        return c.ReopenIntake
    if s.state in (State.SENT, State.ANSWERING):
        return c.AnswerQuestions if s.unanswered else c.ReceiveAnswers
    return {State.DRAFT: c.OpenIntake, State.INTAKE_CLOSED: c.NumberPassages, State.NUMBERED: c.SendQuestions,
            State.ANSWERS_RECEIVED: c.EstablishReport, State.ESTABLISHED: c.PublishReport}.get(
        s.state, c.CorrectReport)


def version(draw: st.DrawFn, current: int) -> int | None:
    return draw(st.sampled_from([current, current, current, current - 1, 0, None]))


@st.composite
def command_for(draw: st.DrawFn, s: Consultation, now: dt.datetime) -> tuple[Actor, c.Command]:
    """A plausible command (often valid, sometimes not) and an actor (often the right one)."""
    possible = [k for k in c.ALL_COMMANDS if k not in (c.CreateConsultation, c.StartFollowUp)]
    legal = [k for k in possible if s.state in WHEN[k.action]]
    # A third each: the step that moves the procedure on, any step the state allows, any step;
    # so walks get through the whole procedure and still try everything everywhere.
    action = draw(st.sampled_from([progress(s, now), *([draw(st.sampled_from(legal))] if legal else []),
                                   draw(st.sampled_from(possible))]))
    group = draw(st.sampled_from([g.name for g in GROUPS] + ["Onbekend"]))
    contribution = s.contribution(group)
    text = draw(st.sampled_from(TEXTS))
    numbers = tuple(draw(st.lists(st.integers(0, 8), min_size=1, max_size=3, unique=True)))
    prefer_unanswered: bool = draw(st.booleans())
    if s.unanswered and prefer_unanswered:
        numbers = s.unanswered[: draw(st.integers(1, 2))]
    when = now + dt.timedelta(hours=draw(st.integers(-5, 100)))
    cmd: c.Command
    if action is c.SubmitContribution:
        ids = [p.passage_id for p in contribution.passages] if contribution else []
        passages = tuple(c.PassageInput(text=draw(st.sampled_from(TEXTS[:1] * 12 + TEXTS)),
                                        topic=draw(st.sampled_from([None, "Thema"])),
                                        footnotes=draw(st.sampled_from([(), (Footnote("Noot"),)])),
                                        passage_id=draw(st.sampled_from([None, None, *ids, "vreemd-1"])))
                         for _ in range(draw(st.sampled_from([0, 1, 2, 2, 3]))))
        cmd = c.SubmitContribution(expected_version=version(draw, contribution.version if contribution else 0),
                                   group=group, preamble=draw(st.sampled_from([None, "Inleiding"])), passages=passages,
                                   hand_in=draw(st.sampled_from([True, True, False])))
    elif action is c.HandInContribution or action is c.RetractContribution:
        cmd = action(expected_version=version(draw, contribution.version if contribution else 0), group=group)
    elif action is c.WithdrawPassage:
        ids = [p.passage_id for p in contribution.passages] if contribution else []
        cmd = c.WithdrawPassage(expected_version=version(draw, contribution.version if contribution else 0),
                                group=group, passage_id=draw(st.sampled_from([*ids, "vreemd-1"])))
    elif action is c.AnswerQuestions:
        same = next((a for a in s.answers if a.numbers == tuple(sorted(numbers))), None)
        cmd = c.AnswerQuestions(expected_version=version(draw, same.version if same else 0), numbers=numbers,
                                text=text, cross_refs=tuple(draw(st.lists(st.integers(0, 8), max_size=2))))
    elif action is c.WithdrawAnswer:
        found = s.answer_to(numbers[0])
        cmd = c.WithdrawAnswer(expected_version=version(draw, found.version if found else 1), number=numbers[0])
    elif action is c.EditDetails:
        cmd = c.EditDetails(expected_version=version(draw, s.version), addressees=s.addressees, subject=text)
    elif action is c.SetGroups:
        cmd = c.SetGroups(expected_version=version(draw, s.version),
                          groups=tuple(draw(st.permutations(GROUPS)))[: draw(st.integers(1, 3))])
    elif action is c.SetGroupOrder:
        cmd = c.SetGroupOrder(expected_version=version(draw, s.version),
                              order=tuple(draw(st.permutations([g.name for g in s.groups]))))
    elif action is c.ExtendDeadline:
        cmd = c.ExtendDeadline(deadline=when, group=draw(st.sampled_from([None, group])))
    elif action is c.ReopenIntake:
        cmd = c.ReopenIntake(deadline=when)
    elif action is c.SendQuestions:
        cmd = c.SendQuestions(sent_on=now.date(), answer_deadline=draw(st.sampled_from([None, when])))
    elif action is c.SetAnswerDeadline:
        cmd = c.SetAnswerDeadline(answer_deadline=when)
    elif action is c.MovePassage:
        ids = [p.passage_id for p in contribution.passages] if contribution else []
        cmd = c.MovePassage(expected_version=version(draw, s.version), group=group,
                            passage_id=draw(st.sampled_from([*ids, "vreemd-1"])), by=draw(st.sampled_from([-1, 1, 2])))
    elif action is c.MergePassages:
        ids = [p.passage_id for p in contribution.passages] if contribution else []
        pairs = list(itertools.pairwise(ids))
        pair = draw(st.sampled_from([*pairs, ("vreemd-1", "vreemd-2"), *((b, a) for a, b in pairs)]))
        cmd = c.MergePassages(expected_version=version(draw, s.version), group=group, first=pair[0], second=pair[1])
    elif action is c.ReceiveAnswers:
        cmd = c.ReceiveAnswers(received_on=now.date())
    elif action is c.EstablishReport:
        cmd = c.EstablishReport(dossier="36 999", document_number=str(draw(st.integers(1, 99))),
                                established_on=now.date())
    elif action is c.PublishReport:
        cmd = c.PublishReport(published_on=now.date())
    elif action is c.RequestPostponement:
        cmd = c.RequestPostponement(reason=draw(st.sampled_from(["Afstemming", ""])), until=when)
    elif action is c.CorrectAddressees:
        cmd = c.CorrectAddressees(expected_version=version(draw, s.version), addressees=s.addressees,
                                  reason=draw(st.sampled_from(["Verkeerd ministerie", ""])))
    elif action is c.CorrectReport:
        cmd = c.CorrectReport(expected_version=version(draw, s.version), reason=draw(st.sampled_from(["Fout", ""])),
                              answers=(TextCorrection(numbers[0], "Verbeterd."),))
    elif action is c.CorrectAddressees:
        cmd = c.CorrectAddressees(expected_version=version(draw, s.version), addressees=s.addressees,
                                  reason=draw(st.sampled_from(["Verkeerd ministerie", ""])))
    else:
        cmd = action(expected_version=draw(st.sampled_from([None, s.version, s.version - 1])))
    right = {"submit_contribution": MEMBERS.get(group, CLERK), "withdraw_passage": MEMBERS.get(group, CLERK),
             "hand_in": MEMBERS.get(group, CLERK), "retract_contribution": MEMBERS.get(group, CLERK),
             "answer": OFFICIAL, "withdraw_answer": OFFICIAL, "deliver_answers": OFFICIAL,
             "request_postponement": OFFICIAL}.get(cmd.action, CLERK)
    actor = right if draw(st.integers(0, 4)) else draw(st.sampled_from(ACTORS))
    return actor, cmd


def check_invariants(s: Consultation, log: list[Event]) -> None:
    assert s.version == len(log)
    assert s.numbers == tuple(range(1, len(s.numbering) + 1))
    if s.state in (State.DRAFT, State.INTAKE_OPEN, State.INTAKE_CLOSED):
        assert s.numbering == ()
    else:
        assert s.numbering
    for n in s.numbers:
        passage = s.passage_at(n)
        assert passage is not None and not passage.withdrawn
    answered = [n for a in s.answers for n in a.numbers]
    assert len(answered) == len(set(answered)) and set(answered) <= set(s.numbers)
    if s.state.at_least(State.ANSWERS_RECEIVED):
        assert not s.unanswered
    assert (s.established is not None) == s.state.at_least(State.ESTABLISHED)
    invited = {g.name for g in s.groups}
    assert all(x.group in invited for x in s.contributions)
    check_visibility(s)


def check_visibility(s: Consultation) -> None:
    """Drafts stay with their group and the clerk, the ministry waits for sending, the public
    for publication, withdrawn passages stay with their group and the clerk."""
    for actor in ACTORS:
        try:
            seen = view(actor, s)
        except NotFound:
            assert s.state is not State.PUBLISHED  # once published, everyone reads it
            continue
        if actor.user_id == "anonymous":
            assert s.state is State.PUBLISHED
        if actor is OFFICIAL:
            assert s.state.at_least(State.SENT)
        own = actor.groups()
        for x in seen.contributions:
            if not s.state.at_least(State.INTAKE_CLOSED):
                assert actor is CLERK or x.group in own
            if actor is not CLERK and x.group not in own:
                assert not any(p.withdrawn for p in x.passages)
        if seen.answers:
            assert actor in (CLERK, OFFICIAL) or s.state.at_least(State.ANSWERS_RECEIVED)


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_commands_change_the_state_only_through_events(data: st.DataObject) -> None:
    now = START
    log: list[Event] = list(decide(None, CLERK, create(), now))
    state = replay(log)
    assert state is not None
    for _ in range(data.draw(st.integers(20, 60))):
        now += dt.timedelta(hours=data.draw(st.integers(0, 12)))
        actor, command = data.draw(command_for(state, now))
        before = snapshot_to_json(state)
        try:
            events = decide(state, actor, command, now)
        except REFUSALS as refused:
            assert refused.message and refused.status in (403, 404, 409, 422)
            assert snapshot_to_json(state) == before
            continue
        assert events and snapshot_to_json(state) == before
        for event in events:
            assert decode(encode(event)) == event
            state = apply(state, event)
            log.append(event)
        check_invariants(state, log)
    assert replay(log) == state
    assert replay(decode(encode(e)) for e in log) == state
    assert snapshot_from_json(snapshot_to_json(state)) == state


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_a_refused_command_leaves_the_log_as_it_was(data: st.DataObject) -> None:
    """Run the same sequence twice, once with every refused command left out: same state."""
    now = START
    state = apply(None, decide(None, CLERK, create(), now)[0])
    kept: list[tuple[Actor, c.Command, dt.datetime]] = []
    for _ in range(data.draw(st.integers(5, 40))):
        now += dt.timedelta(hours=data.draw(st.integers(0, 12)))
        actor, command = data.draw(command_for(state, now))
        try:
            events = decide(state, actor, command, now)
        except REFUSALS:
            continue
        kept.append((actor, command, now))
        for event in events:
            state = apply(state, event)
    again = apply(None, decide(None, CLERK, create(), START)[0])
    for actor, command, at in kept:
        for event in decide(again, actor, command, at):
            again = apply(again, event)
    assert again == state
