"""The rules of the procedure one by one: deadlines, versions, withdrawal, reopening, ordering,
answers and their references, establishment and corrections, follow-up rounds."""

from __future__ import annotations

import datetime as dt

import pytest

from overleg.errors import (
    Conflict,
    DeadlinePassed,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from overleg.model import Document, DocumentType
from overleg.procedure import Actor, RoleKind, State, apply, decide, to_document
from overleg.procedure import commands as c
from overleg.procedure.reenact import Cast, Step, cast_for, reenact
from overleg.procedure.reenact import enact as run
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation, Group, TextCorrection

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = START + dt.timedelta(hours=1)
AFTER_DEADLINE = START + dt.timedelta(days=8)


def small() -> Document:
    return sample_report((("Groot", 3), ("Klein", 2), ("Stil", 0)))


def before(action: str, doc: Document | None = None) -> tuple[Consultation, Cast, tuple[Step, ...]]:
    """The state just before the first step with ``action``, the cast, and the steps left."""
    doc = doc or small()
    steps = reenact(doc, "so-1", START)
    at = next(k for k, s in enumerate(steps) if s.command.action == action)
    state, _ = run(steps[:at])
    assert state is not None
    return state, cast_for(doc), steps[at:]


def after(action: str, doc: Document | None = None) -> tuple[Consultation, Cast]:
    state, cast, rest = before(action, doc)
    after_state, _ = run(rest[:1], state)
    assert after_state is not None
    return after_state, cast


def do(state: Consultation, actor: Actor, command: c.Command, now: dt.datetime = LATER) -> Consultation:
    for event in decide(state, actor, command, now):
        state = apply(state, event)
    return state


def submit(group: str, version: int, *texts: str) -> c.SubmitContribution:
    return c.SubmitContribution(expected_version=version, group=group,
                                passages=tuple(c.PassageInput(text=t) for t in texts))


# deadline and extension

def test_a_contribution_after_the_deadline_is_refused() -> None:
    state, cast, _ = before("close_intake")
    with pytest.raises(DeadlinePassed, match="termijn voor Groot is verstreken"):
        decide(state, cast.members["Groot"], submit("Groot", 1, "Een late vraag."), AFTER_DEADLINE)


def test_an_extension_for_one_group_lets_only_that_group_submit_late() -> None:
    state, cast, _ = before("close_intake")
    state = do(state, cast.clerk, c.ExtendDeadline(deadline=AFTER_DEADLINE + dt.timedelta(days=1), group="Klein"),
               AFTER_DEADLINE)
    state = do(state, cast.members["Klein"], submit("Klein", 1, "Een late vraag."), AFTER_DEADLINE)
    contribution = state.contribution("Klein")
    assert contribution is not None and contribution.passages[0].text == "Een late vraag."
    with pytest.raises(DeadlinePassed):
        decide(state, cast.members["Groot"], submit("Groot", 1, "Ook laat."), AFTER_DEADLINE)


def test_a_general_extension_lets_every_group_submit_late() -> None:
    state, cast, _ = before("close_intake")
    state = do(state, cast.clerk, c.ExtendDeadline(deadline=AFTER_DEADLINE + dt.timedelta(days=1)), AFTER_DEADLINE)
    state = do(state, cast.members["Groot"], submit("Groot", 1, "Nu wel."), AFTER_DEADLINE)
    assert state.contribution("Groot") is not None


def test_only_the_clerk_extends_a_deadline() -> None:
    state, cast, _ = before("close_intake")
    with pytest.raises(PermissionDenied):
        decide(state, cast.members["Klein"], c.ExtendDeadline(deadline=AFTER_DEADLINE, group="Klein"), LATER)


def test_a_deadline_without_time_zone_is_refused() -> None:
    state, cast, _ = before("close_intake")
    with pytest.raises(ValidationFailed, match="tijdzone"):
        decide(state, cast.clerk, c.ExtendDeadline(deadline=dt.datetime(2026, 4, 1, 12)), LATER)


# versions and concurrency

def test_a_stale_contribution_edit_gets_the_current_version() -> None:
    state, cast, _ = before("close_intake")
    state = do(state, cast.members["Groot"], submit("Groot", 1, "Eerste bewerking."))
    with pytest.raises(StaleVersion) as refused:
        decide(state, cast.members["Groot"], submit("Groot", 1, "Tweede bewerking, op een oude versie."), LATER)
    assert (refused.value.expected, refused.value.current, refused.value.status) == (1, 2, 409)
    assert refused.value.details() == {"code": "stale-version", "message": refused.value.message,
                                       "expected": 1, "current": 2}


def test_an_edit_without_a_version_is_refused_rather_than_overwriting() -> None:
    state, cast, _ = before("close_intake")
    with pytest.raises(ValidationFailed, match="expected_version"):
        decide(state, cast.members["Groot"], submit("Groot", None, "Zonder versie."), LATER)  # type: ignore[arg-type]


def test_two_groups_submitting_at_the_same_moment_both_land() -> None:
    state, cast, _ = before("open_intake")
    state = do(state, cast.clerk, c.OpenIntake())
    a = decide(state, cast.members["Groot"], submit("Groot", 0, "Vraag van Groot."), LATER)
    b = decide(state, cast.members["Klein"], submit("Klein", 0, "Vraag van Klein."), LATER)
    for event in (*a, *b):
        state = apply(state, event)
    assert {x.group for x in state.contributions} == {"Groot", "Klein"}
    # The second writer, re-deciding on the newer state, is not stale either.
    again = do(state, cast.members["Klein"], submit("Klein", 1, "Vraag van Klein, bewerkt."))
    klein = again.contribution("Klein")
    assert klein is not None and klein.version == 2


def test_a_stale_consultation_edit_gets_the_current_version() -> None:
    state, cast, _ = before("close_intake")
    with pytest.raises(StaleVersion) as refused:
        decide(state, cast.clerk, c.SetGroupOrder(expected_version=state.version - 1,
                                                  order=("Klein", "Groot", "Stil")), LATER)
    assert refused.value.current == state.version


def test_passages_keep_their_ids_across_edits() -> None:
    state, cast, _ = before("close_intake")
    first = state.contribution("Groot")
    assert first is not None
    kept = first.passages[1]
    edit = c.SubmitContribution(expected_version=first.version, group="Groot", passages=(
        c.PassageInput(text="Nieuw vooraan."), c.PassageInput(text="Herschreven.", passage_id=kept.passage_id)))
    state = do(state, cast.members["Groot"], edit)
    now = state.contribution("Groot")
    assert now is not None
    assert now.passages[1].passage_id == kept.passage_id and now.passages[1].text == "Herschreven."
    assert now.passages[0].passage_id not in {p.passage_id for p in first.passages}


# withdrawal, reopening, ordering

def test_withdrawing_a_numbered_passage_renumbers_the_list() -> None:
    state, cast = after("number")
    victim = state.numbered(2)
    assert victim is not None
    contribution = state.contribution(victim.group)
    assert contribution is not None
    state = do(state, cast.members[victim.group], c.WithdrawPassage(
        expected_version=contribution.version, group=victim.group, passage_id=victim.passage_id))
    assert state.numbers == (1, 2, 3, 4)
    assert victim.passage_id not in {n.passage_id for n in state.numbering}


def test_the_last_numbered_passage_cannot_be_withdrawn() -> None:
    state, cast = after("number", sample_report((("Groot", 1), ("Klein", 0))))
    entry = state.numbered(1)
    assert entry is not None and state.numbers == (1,)
    with pytest.raises(Conflict, match="heropen eerst de inbreng"):
        decide(state, cast.clerk, c.WithdrawPassage(expected_version=1, group=entry.group,
                                                    passage_id=entry.passage_id), LATER)


def test_a_passage_cannot_be_withdrawn_after_sending() -> None:
    state, cast = after("send")
    entry = state.numbered(1)
    assert entry is not None
    with pytest.raises(IllegalTransition, match="‘verzonden aan de regering’"):
        decide(state, cast.members[entry.group], c.WithdrawPassage(
            expected_version=1, group=entry.group, passage_id=entry.passage_id), LATER)


def test_reopening_intake_drops_the_numbering_and_takes_submissions_again() -> None:
    state, cast = after("number")
    state = do(state, cast.clerk, c.ReopenIntake(deadline=LATER + dt.timedelta(days=2)))
    assert state.state is State.INTAKE_OPEN and state.numbering == ()
    state = do(state, cast.members["Klein"], submit("Klein", 1, "Nog een vraag."))
    assert state.state is State.INTAKE_OPEN


def test_intake_cannot_be_reopened_after_sending() -> None:
    state, cast = after("send")
    with pytest.raises(IllegalTransition):
        decide(state, cast.clerk, c.ReopenIntake(deadline=LATER + dt.timedelta(days=2)), LATER)


def test_groups_are_ordered_by_seat_count_unless_the_clerk_orders_them() -> None:
    state, cast, _ = before("set_group_order")
    state = do(state, cast.clerk, c.SetGroups(expected_version=state.version, groups=(
        Group("Groot", 3), Group("Klein", 20), Group("Stil", 5))))
    assert state.ordered_groups == ("Klein", "Stil", "Groot")
    state = do(state, cast.clerk, c.SetGroupOrder(expected_version=state.version, order=("Stil", "Groot", "Klein")))
    assert state.ordered_groups == ("Stil", "Groot", "Klein")


def test_a_group_order_must_name_every_group_once() -> None:
    state, cast, _ = before("set_group_order")
    with pytest.raises(ValidationFailed, match="elke fractie precies één keer"):
        decide(state, cast.clerk, c.SetGroupOrder(expected_version=state.version, order=("Groot", "Groot")), LATER)


def test_the_order_cannot_change_once_numbered() -> None:
    state, cast = after("number")
    with pytest.raises(IllegalTransition, match="stap ‘genummerd’"):
        decide(state, cast.clerk, c.SetGroupOrder(expected_version=state.version,
                                                  order=("Klein", "Groot", "Stil")), LATER)


# answers

def answer(numbers: tuple[int, ...], text: str = "Het kabinet antwoordt.", version: int = 0,
           refs: tuple[int, ...] = ()) -> c.AnswerQuestions:
    return c.AnswerQuestions(expected_version=version, numbers=numbers, text=text, cross_refs=refs)


def test_an_answer_to_a_number_that_does_not_exist_is_refused() -> None:
    state, cast = after("send")
    with pytest.raises(ValidationFailed, match="Vraag 6 bestaat niet; de lijst loopt van 1 tot en met 5"):
        decide(state, cast.official, answer((6,)), LATER)


def test_a_cross_reference_to_a_number_that_does_not_exist_is_refused() -> None:
    state, cast = after("send")
    with pytest.raises(ValidationFailed, match="Vraag 9 bestaat niet") as refused:
        decide(state, cast.official, answer((1,), refs=(9,)), LATER)
    assert refused.value.field == "cross_refs"
    with pytest.raises(ValidationFailed, match="Vraag 99 bestaat niet"):
        decide(state, cast.official, answer((1,), "Zie het antwoord op vraag 99."), LATER)


def test_several_numbers_answered_at_once_form_an_answer_group() -> None:
    state, cast = after("send")
    state = do(state, cast.official, answer((3, 2), "Samen beantwoord."))
    assert state.state is State.ANSWERING
    assert state.answer_to(2) == state.answer_to(3)
    with pytest.raises(Conflict, match="al beantwoord"):
        decide(state, cast.official, answer((3,)), LATER)


def test_an_answer_is_revised_with_its_version_and_regrouped_after_withdrawal() -> None:
    state, cast = after("send")
    state = do(state, cast.official, answer((2, 3), "Eerste versie."))
    state = do(state, cast.official, answer((2, 3), "Tweede versie.", version=1))
    with pytest.raises(StaleVersion):
        decide(state, cast.official, answer((2, 3), "Op een oude versie.", version=1), LATER)
    state = do(state, cast.official, c.WithdrawAnswer(expected_version=2, number=3))
    state = do(state, cast.official, answer((3,), "Los beantwoord."))
    assert state.unanswered == (1, 2, 4, 5)


def test_answers_cannot_be_received_while_a_number_is_unanswered() -> None:
    state, cast = after("send")
    state = do(state, cast.official, answer((1, 2, 3)))
    with pytest.raises(IllegalTransition, match="Vragen 4 en 5 zijn nog niet beantwoord"):
        decide(state, cast.clerk, c.ReceiveAnswers(received_on=LATER.date()), LATER)


# establishment, immutability, corrections

def established() -> tuple[Consultation, Cast]:
    state, cast, _ = before("publish")
    assert state.state is State.ESTABLISHED
    return state, cast


EDITS = [
    ("member", lambda s: submit("Groot", 1, "Na vaststelling.")),
    ("official", lambda s: answer((1,), "Na vaststelling.", version=1)),
    ("clerk", lambda s: c.EditDetails(expected_version=s.version, addressees=s.addressees)),
    ("clerk", lambda s: c.ReopenIntake(deadline=LATER + dt.timedelta(days=30))),
    ("clerk", lambda s: c.WithdrawPassage(expected_version=1, group="Groot", passage_id="groot-1")),
]


@pytest.mark.parametrize(("who", "make"), EDITS)
def test_an_established_report_cannot_be_edited(who: str, make) -> None:  # type: ignore[no-untyped-def]
    state, cast = established()
    actor = {"member": cast.members["Groot"], "official": cast.official, "clerk": cast.clerk}[who]
    with pytest.raises(IllegalTransition, match=r"vastgesteld.*correctie"):
        decide(state, actor, make(state), LATER + dt.timedelta(days=30))


def test_a_correction_is_a_new_version_with_a_reason() -> None:
    state, cast = established()
    fixed = do(state, cast.clerk, c.CorrectReport(
        expected_version=state.version, reason="Verkeerde datum in antwoord 2",
        answers=(TextCorrection(2, "Het gecorrigeerde antwoord."),)))
    assert fixed.report_version == 2
    assert fixed.corrections[0].reason == "Verkeerde datum in antwoord 2"
    item = to_document(fixed).item(2)
    assert item is not None and item.answer == "Het gecorrigeerde antwoord."
    with pytest.raises(StaleVersion):
        decide(fixed, cast.clerk, c.CorrectReport(expected_version=state.version, reason="Nog een",
                                                  questions=(TextCorrection(1, "x"),)), LATER)


def test_a_correction_needs_a_reason() -> None:
    state, cast = established()
    with pytest.raises(ValidationFailed, match="reden"):
        decide(state, cast.clerk, c.CorrectReport(expected_version=state.version, reason=" ",
                                                  answers=(TextCorrection(1, "x"),)), LATER)


# follow-up, creation, existence

def test_a_follow_up_round_is_linked_to_its_predecessor() -> None:
    state, cast = established()
    assert state.established is not None
    follow = decide(None, cast.clerk, c.StartFollowUp(consultation_id="so-2", predecessor=state,
                                                      deadline=LATER + dt.timedelta(days=14)), LATER)
    nader = apply(None, follow[0])
    assert nader.follow_up_of is not None and nader.follow_up_of.consultation_id == state.id
    assert state.established.document_id in nader.subject_refs
    assert nader.report_type is DocumentType.VERSLAG_NADER
    assert nader.committee == state.committee and nader.groups == state.groups


def test_a_follow_up_needs_an_established_predecessor_and_a_clerk() -> None:
    state, cast = after("send")
    with pytest.raises(IllegalTransition, match="vastgesteld verslag"):
        decide(None, cast.clerk, c.StartFollowUp(consultation_id="so-2", predecessor=state,
                                                 deadline=LATER + dt.timedelta(days=14)), LATER)
    done, _ = established()
    with pytest.raises(PermissionDenied):
        decide(None, cast.chair, c.StartFollowUp(consultation_id="so-2", predecessor=done,
                                                 deadline=LATER + dt.timedelta(days=14)), LATER)


def test_a_command_on_a_missing_consultation_is_not_found() -> None:
    clerk = Actor.with_role("k", RoleKind.CLERK, "commissie")
    with pytest.raises(NotFound):
        decide(None, clerk, c.OpenIntake(), LATER)


def test_a_consultation_cannot_be_created_twice() -> None:
    state, _, _ = before("set_group_order")
    create = reenact(small(), "so-1", START)[0]
    with pytest.raises(Conflict, match="bestaat al een procedure"):
        decide(state, create.actor, create.command, LATER)


def test_only_a_clerk_of_the_committee_creates_a_consultation() -> None:
    create = reenact(small(), "so-1", START)[0]
    other = Actor.with_role("k2", RoleKind.CLERK, "vaste commissie voor Financiën")
    with pytest.raises(PermissionDenied):
        decide(None, other, create.command, LATER)
