"""The authorisation matrix: every role times every action, and who reads what when.

The expected matrices are written out here from the issue's rules, independently of the table
in ``overleg.procedure.access``, so a change to that table that breaks a rule fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from overleg.errors import NotFound, PermissionDenied
from overleg.procedure import Actor, RoleKind, State, apply, decide, may_read, view
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.access import PERMISSIONS, actions_for, update_doc
from overleg.procedure.actors import Role
from overleg.procedure.reenact import enact as run
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation, TextCorrection

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NOW = START + dt.timedelta(hours=1)
DOC = sample_report((("Groot", 3), ("Klein", 2)))
STEPS = reenact(DOC, "so-1", START)
COMMITTEE = "vaste commissie voor Buitenlandse Zaken"
MINISTRY = "minister van Buitenlandse Zaken"

ROLES: dict[str, Actor] = {
    "clerk": Actor.with_role("u-clerk", RoleKind.CLERK, COMMITTEE),
    "chair": Actor.with_role("u-chair", RoleKind.CHAIR, COMMITTEE),
    "member of the group": Actor.with_role("u-m1", RoleKind.MEMBER, "Groot"),
    "staff of the group": Actor.with_role("u-s1", RoleKind.STAFF, "Groot"),
    "member of another group": Actor.with_role("u-m2", RoleKind.MEMBER, "Klein"),
    "official of the ministry": Actor.with_role("u-o1", RoleKind.OFFICIAL, MINISTRY),
    "official of another ministry": Actor.with_role("u-o2", RoleKind.OFFICIAL, "minister van Financiën"),
    "clerk of another committee": Actor.with_role("u-k2", RoleKind.CLERK, "vaste commissie voor Financiën"),
    "member of an uninvited group": Actor.with_role("u-m3", RoleKind.MEMBER, "Elders"),
    "public": Actor.public(),
}
GROUP = frozenset({"member of the group", "staff of the group"})

# Who may do each action (the issue: clerk runs the procedure, groups submit their own
# contribution, the addressed ministry answers, chair and clerk establish).
EXPECTED: dict[str, frozenset[str]] = {
    "create": frozenset({"clerk"}),
    "start_follow_up": frozenset({"clerk"}),
    "edit_details": frozenset({"clerk"}),
    "set_groups": frozenset({"clerk"}),
    "open_intake": frozenset({"clerk"}),
    "submit_contribution": GROUP,
    "withdraw_passage": GROUP | {"clerk"},
    "extend_deadline": frozenset({"clerk"}),
    "close_intake": frozenset({"clerk"}),
    "reopen_intake": frozenset({"clerk"}),
    "set_group_order": frozenset({"clerk"}),
    "number": frozenset({"clerk"}),
    "send": frozenset({"clerk"}),
    "answer": frozenset({"official of the ministry"}),
    "withdraw_answer": frozenset({"official of the ministry"}),
    "receive_answers": frozenset({"clerk"}),
    "establish": frozenset({"clerk", "chair"}),
    "publish": frozenset({"clerk"}),
    "correct": frozenset({"clerk"}),
    "hand_in": GROUP,
    "retract_contribution": GROUP,
    "deliver_answers": frozenset({"official of the ministry"}),
    "request_postponement": frozenset({"official of the ministry"}),
    "correct_addressees": frozenset({"clerk"}),
    "move_passage": frozenset({"clerk"}),
    "merge_passages": frozenset({"clerk"}),
    "set_answer_deadline": frozenset({"clerk"}),
}


def state_before(action: str, nth: int = 0) -> Consultation:
    at = [k for k, s in enumerate(STEPS) if s.command.action == action][nth]
    state, _ = run(STEPS[:at])
    assert state is not None
    return state


def state_after(action: str) -> Consultation:
    state, _ = run(STEPS[: next(k for k, s in enumerate(STEPS) if s.command.action == action) + 1])
    assert state is not None
    return state


def groot_passage(s: Consultation) -> tuple[int, str]:
    contribution = s.contribution("Groot")
    assert contribution is not None
    return contribution.version, contribution.passages[0].passage_id


Case = tuple[Consultation | None, Callable[[Consultation | None], c.Command]]


def cases() -> dict[str, Case]:
    """For every action a state in which it is legal and a valid command for it."""
    later = NOW + dt.timedelta(days=3)
    draft, open_, closed = state_after("create"), state_after("open_intake"), state_before("number")
    answering = state_after("answer")
    return {
        "create": (None, lambda s: STEPS[0].command),
        "start_follow_up": (None, lambda s: c.StartFollowUp(consultation_id="so-2", predecessor=state_before(
            "publish"), deadline=later)),
        "edit_details": (draft, lambda s: c.EditDetails(expected_version=s.version, addressees=s.addressees)
                         if s else c.OpenIntake()),
        "set_groups": (draft, lambda s: c.SetGroups(expected_version=s.version, groups=s.groups)
                       if s else c.OpenIntake()),
        "open_intake": (draft, lambda s: c.OpenIntake()),
        "submit_contribution": (open_, lambda s: c.SubmitContribution(
            expected_version=0, group="Groot", passages=(c.PassageInput(text="Een vraag."),))),
        "withdraw_passage": (closed, lambda s: c.WithdrawPassage(
            expected_version=groot_passage(closed)[0], group="Groot", passage_id=groot_passage(closed)[1])),
        "extend_deadline": (open_, lambda s: c.ExtendDeadline(deadline=later)),
        "close_intake": (state_before("close_intake"), lambda s: c.CloseIntake()),
        "reopen_intake": (closed, lambda s: c.ReopenIntake(deadline=later)),
        "set_group_order": (closed, lambda s: c.SetGroupOrder(expected_version=closed.version,
                                                              order=("Klein", "Groot"))),
        "number": (closed, lambda s: c.NumberPassages()),
        "send": (state_before("send"), lambda s: c.SendQuestions(sent_on=NOW.date())),
        "answer": (state_before("answer"), lambda s: c.AnswerQuestions(expected_version=0, numbers=(1,),
                                                                       text="Een antwoord.")),
        "withdraw_answer": (answering, lambda s: c.WithdrawAnswer(expected_version=1, number=1)),
        "receive_answers": (state_before("receive_answers"), lambda s: c.ReceiveAnswers(received_on=NOW.date())),
        "establish": (state_before("establish"), lambda s: c.EstablishReport(
            dossier="21501-02", document_number="9002", established_on=NOW.date())),
        "publish": (state_before("publish"), lambda s: c.PublishReport(published_on=NOW.date())),
        "correct": (state_before("publish"), lambda s: c.CorrectReport(
            expected_version=state_before("publish").version, reason="Tikfout",
            answers=(TextCorrection(1, "Verbeterd."),))),
        "hand_in": (groot_draft(), lambda s: c.HandInContribution(expected_version=1, group="Groot")),
        "retract_contribution": (state_before("close_intake"), lambda s: c.RetractContribution(
            expected_version=groot_passage(state_before("close_intake"))[0], group="Groot")),
        "deliver_answers": (state_before("receive_answers"), lambda s: c.DeliverAnswers()),
        "request_postponement": (state_before("answer"), lambda s: c.RequestPostponement(
            reason="Afstemming met een ander ministerie.", until=later)),
        "correct_addressees": (answering, lambda s: c.CorrectAddressees(
            expected_version=s.version, addressees=s.addressees, reason="Verkeerd ministerie")),
        "move_passage": (closed, lambda s: c.MovePassage(
            expected_version=closed.version, group="Groot", passage_id=groot_passage(closed)[1], by=1)),
        "merge_passages": (closed, lambda s: c.MergePassages(
            expected_version=closed.version, group="Groot", first=groot_passage(closed)[1],
            second=_second_groot(closed))),
        "set_answer_deadline": (answering, lambda s: c.SetAnswerDeadline(answer_deadline=later)),
    }


def groot_draft_event() -> e.Event:
    """Groot saving a draft just after intake opened (the only state of CASES beyond STEPS)."""
    draft = c.SubmitContribution(expected_version=0, group="Groot", hand_in=False,
                                 passages=(c.PassageInput(text="Een vraag."),))
    (event,) = decide(state_after("open_intake"), ROLES["member of the group"], draft, NOW)
    return event


def groot_draft() -> Consultation:
    """Intake open, Groot's contribution saved as a draft (version 1), not handed in."""
    return apply(state_after("open_intake"), groot_draft_event())


def _second_groot(s: Consultation) -> str:
    contribution = s.contribution("Groot")
    assert contribution is not None
    return contribution.live_passages[1].passage_id


CASES = cases()


def test_the_matrix_covers_every_action() -> None:
    assert set(EXPECTED) == set(PERMISSIONS) == set(CASES) == {k.action for k in c.ALL_COMMANDS}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_is_allowed_or_refused_every_action_as_specified(action: str, role: str) -> None:
    state, make = CASES[action]
    command = make(state)
    if role in EXPECTED[action]:
        assert decide(state, ROLES[role], command, NOW)
    else:
        with pytest.raises(PermissionDenied):
            decide(state, ROLES[role], command, NOW)


def test_a_group_cannot_submit_for_another_group() -> None:
    state, make = CASES["submit_contribution"]
    with pytest.raises(PermissionDenied):
        decide(state, ROLES["member of another group"], make(state), NOW)


def test_a_group_cannot_answer_and_a_ministry_cannot_ask() -> None:
    state, make = CASES["answer"]
    for role in ("member of the group", "staff of the group", "chair", "clerk"):
        with pytest.raises(PermissionDenied):
            decide(state, ROLES[role], make(state), NOW)
    state, make = CASES["submit_contribution"]
    with pytest.raises(PermissionDenied):
        decide(state, ROLES["official of the ministry"], make(state), NOW)


# Reading: the first state from which each role sees each part; missing = never. Once
# published, everyone reads the consultation, the contributions and the answers.
S = State


def published_for_all(insiders: dict[str, State]) -> dict[str, State]:
    return {r: insiders.get(r, S.PUBLISHED) for r in ROLES}


READS: dict[str, dict[str, State]] = {
    "consultation": published_for_all({
        "clerk": S.DRAFT, "chair": S.DRAFT, "member of the group": S.INTAKE_OPEN,
        "staff of the group": S.INTAKE_OPEN, "member of another group": S.INTAKE_OPEN,
        "official of the ministry": S.SENT}),
    "contribution": published_for_all({
        "clerk": S.DRAFT, "member of the group": S.DRAFT, "staff of the group": S.DRAFT,
        "chair": S.INTAKE_CLOSED, "member of another group": S.INTAKE_CLOSED, "official of the ministry": S.SENT}),
    "answers": published_for_all({
        "clerk": S.ANSWERS_RECEIVED, "official of the ministry": S.SENT, "chair": S.ANSWERS_RECEIVED,
        "member of the group": S.ANSWERS_RECEIVED, "staff of the group": S.ANSWERS_RECEIVED,
        "member of another group": S.ANSWERS_RECEIVED}),
    "log": {"clerk": S.DRAFT},
}


def states_in_order() -> dict[State, Consultation]:
    found: dict[State, Consultation] = {}
    state: Consultation | None = None
    for step in STEPS:
        state, _ = run([step], state)
        assert state is not None
        found.setdefault(state.state, state)
    return found


STATES = states_in_order()


@pytest.mark.parametrize("part", sorted(READS))
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_reads_every_part_from_the_specified_state_on(part: str, role: str) -> None:
    first = READS[part].get(role)
    for state, consultation in STATES.items():
        expected = first is not None and state.rank >= first.rank
        assert may_read(ROLES[role], consultation, part, "Groot") == expected, (state, role, part)


def test_another_groups_draft_is_invisible_until_intake_closes() -> None:
    during = STATES[State.INTAKE_OPEN]
    full = state_before("close_intake")
    seen = view(ROLES["member of another group"], full)
    assert {x.group for x in full.contributions} == {"Groot", "Klein"}
    assert {x.group for x in seen.contributions} == {"Klein"}
    assert {x.group for x in view(ROLES["clerk"], full).contributions} == {"Groot", "Klein"}
    assert view(ROLES["chair"], during).contributions == ()
    closed = view(ROLES["member of another group"], STATES[State.INTAKE_CLOSED])
    assert {x.group for x in closed.contributions} == {"Groot", "Klein"}


def test_before_publication_the_public_sees_nothing() -> None:
    for state, consultation in STATES.items():
        if state is State.PUBLISHED:
            assert view(ROLES["public"], consultation).answers
        else:
            with pytest.raises(NotFound):
                view(ROLES["public"], consultation)


def test_the_ministry_sees_no_withdrawn_passages_and_the_group_does() -> None:
    closed = STATES[State.INTAKE_CLOSED]
    version, passage_id = groot_passage(closed)
    state, _ = run([], closed)
    assert state is not None
    for event in decide(state, ROLES["member of the group"],
                        c.WithdrawPassage(expected_version=version, group="Groot", passage_id=passage_id), NOW):
        state = apply(state, event)
    for event in decide(state, ROLES["clerk"], c.NumberPassages(), NOW):
        state = apply(state, event)
    for event in decide(state, ROLES["clerk"], c.SendQuestions(sent_on=NOW.date()), NOW):
        state = apply(state, event)
    ministry = view(ROLES["official of the ministry"], state).contribution("Groot")
    own = view(ROLES["member of the group"], state).contribution("Groot")
    assert ministry is not None and own is not None
    assert passage_id not in {p.passage_id for p in ministry.passages}
    assert passage_id in {p.passage_id for p in own.passages}


def test_answers_in_progress_are_hidden_from_the_groups_and_the_clerk() -> None:
    answering = STATES[State.ANSWERING]
    assert answering.answers
    assert view(ROLES["member of the group"], answering).answers == ()
    assert view(ROLES["clerk"], answering).answers == ()
    assert view(ROLES["official of the ministry"], answering).answers == answering.answers


def test_an_actor_with_several_roles_has_the_rights_of_each() -> None:
    both = Actor("u-both", frozenset({Role(RoleKind.MEMBER, "Klein"), Role(RoleKind.CHAIR, COMMITTEE)}))
    state, make = CASES["establish"]
    assert decide(state, both, make(state), NOW)


def test_the_matrix_in_the_docs_is_up_to_date() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "procedure.md"
    text = page.read_text(encoding="utf-8")
    assert update_doc(text) == text, "run: PYTHONPATH=src python -m overleg.procedure docs/procedure.md"


def test_the_actions_offered_are_those_permitted_in_the_state() -> None:
    sent = STATES[State.SENT]
    assert actions_for(ROLES["official of the ministry"], sent) == (
        "answer", "deliver_answers", "request_postponement")
    assert "receive_answers" in actions_for(ROLES["clerk"], sent)
    assert actions_for(ROLES["member of the group"], STATES[State.INTAKE_OPEN], "Groot") == (
        "submit_contribution", "withdraw_passage", "hand_in", "retract_contribution")
    assert actions_for(ROLES["public"], STATES[State.PUBLISHED]) == ()
