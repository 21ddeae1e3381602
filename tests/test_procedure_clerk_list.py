"""The clerk's numbered list before sending: moving and merging passages, renumbering, and the
answer deadline set at sending and moved afterwards (only by the clerk, only into the future)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from overleg.errors import Conflict, IllegalTransition, PermissionDenied, StaleVersion, ValidationFailed
from overleg.procedure import StoredEvent, decide, decode, encode, snapshot_from_json, snapshot_to_json
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.states import Consultation, FootnoteText, MotionCitation, State
from test_procedure_rules import LATER, after, before, do

DUE = LATER + dt.timedelta(days=21)


def live_ids(s: Consultation, group: str) -> list[str]:
    contribution = s.contribution(group)
    assert contribution is not None
    return [p.passage_id for p in contribution.live_passages]


def numbered_ids(s: Consultation) -> list[str]:
    return [n.passage_id for n in s.numbering]


def test_the_clerk_moves_a_passage_down_within_its_group_before_numbering() -> None:
    state, cast, _ = before("number")
    first, second, *rest = live_ids(state, "Groot")
    moved = do(state, cast.clerk, c.MovePassage(expected_version=state.version, group="Groot",
                                                passage_id=first, by=1))
    assert live_ids(moved, "Groot") == [second, first, *rest]
    assert moved.state is State.INTAKE_CLOSED and moved.numbering == ()


def test_moving_a_passage_after_numbering_renumbers_the_whole_list() -> None:
    state, cast = after("number")
    before_ids = numbered_ids(state)
    second = live_ids(state, "Groot")[1]
    moved = do(state, cast.clerk, c.MovePassage(expected_version=state.version, group="Groot",
                                                passage_id=second, by=-1))
    at = before_ids.index(second)
    expected = [*before_ids[:at - 1], second, before_ids[at - 1], *before_ids[at + 1:]]
    assert numbered_ids(moved) == expected
    assert moved.numbers == tuple(range(1, len(expected) + 1))
    assert moved.state is State.NUMBERED


def test_the_first_passage_cannot_move_up_nor_a_passage_into_another_group() -> None:
    state, cast = after("number")
    first = live_ids(state, "Groot")[0]
    with pytest.raises(Conflict, match="already the first"):
        decide(state, cast.clerk, c.MovePassage(expected_version=state.version, group="Groot",
                                                passage_id=first, by=-1), LATER)
    with pytest.raises(ValidationFailed):
        decide(state, cast.clerk, c.MovePassage(expected_version=state.version, group="Groot",
                                                passage_id=first, by=2), LATER)


def test_merging_two_adjacent_passages_joins_text_footnotes_and_motions_into_the_first() -> None:
    state, cast = after("number")
    count = len(state.numbering)
    first, second = live_ids(state, "Groot")[:2]
    groot = state.contribution("Groot")
    assert groot is not None
    a, b = groot.passage(first), groot.passage(second)
    assert a is not None and b is not None
    merged = do(state, cast.clerk, c.MergePassages(expected_version=state.version, group="Groot",
                                                   first=first, second=second))
    now = merged.contribution("Groot")
    assert now is not None
    joined, gone = now.passage(first), now.passage(second)
    assert joined is not None and gone is not None
    assert joined.text == f"{a.text}\n\n{b.text}"
    assert joined.footnotes == (*a.footnotes, *b.footnotes)
    assert gone.withdrawn and gone.merged_into == first
    assert len(merged.numbering) == count - 1 and second not in numbered_ids(merged)
    assert merged.numbers == tuple(range(1, count))


def test_merging_keeps_every_footnote_and_each_cited_motion_once() -> None:
    state, cast, _ = before("close_intake")
    motion = MotionCitation("Bamenga")
    version = state.contribution("Klein").version if state.contribution("Klein") else 0  # type: ignore[union-attr]
    state = do(state, cast.members["Klein"], c.SubmitContribution(
        expected_version=version, group="Klein", passages=(
            c.PassageInput(text="Eén?", footnotes=(FootnoteText("Noot a"),), motions=(motion,)),
            c.PassageInput(text="Twee?", footnotes=(FootnoteText("Noot b"),), motions=(motion,)))))
    state = do(state, cast.clerk, c.CloseIntake())
    one, two = live_ids(state, "Klein")
    merged = do(state, cast.clerk, c.MergePassages(expected_version=state.version, group="Klein", first=one,
                                                   second=two))
    klein = merged.contribution("Klein")
    assert klein is not None
    joined = klein.passage(one)
    assert joined is not None
    assert [f.text for f in joined.footnotes] == ["Noot a", "Noot b"] and joined.motions == (motion,)


def test_only_adjacent_passages_of_one_group_merge_in_their_order() -> None:
    state, cast = after("number")
    first, second, *_ = live_ids(state, "Groot")
    with pytest.raises(Conflict, match="directly follow"):
        decide(state, cast.clerk, c.MergePassages(expected_version=state.version, group="Groot",
                                                  first=second, second=first), LATER)
    other = live_ids(state, "Klein")[0]
    with pytest.raises(Exception, match="not part of the contribution of Groot"):
        decide(state, cast.clerk, c.MergePassages(expected_version=state.version, group="Groot",
                                                  first=first, second=other), LATER)


def test_moving_and_merging_need_the_current_version_and_a_closed_intake() -> None:
    state, cast = after("number")
    first, second, *_ = live_ids(state, "Groot")
    with pytest.raises(StaleVersion):
        decide(state, cast.clerk, c.MovePassage(expected_version=state.version - 1, group="Groot",
                                                passage_id=first, by=1), LATER)
    with pytest.raises(ValidationFailed, match="expected_version"):
        decide(state, cast.clerk, c.MergePassages(expected_version=None, group="Groot", first=first,
                                                  second=second), LATER)
    opened, cast, _ = before("close_intake")
    with pytest.raises(IllegalTransition):
        decide(opened, cast.clerk, c.MovePassage(expected_version=opened.version, group="Groot",
                                                 passage_id=live_ids(opened, "Groot")[0], by=1), LATER)


def test_only_the_clerk_moves_merges_or_sets_the_answer_deadline() -> None:
    state, cast = after("number")
    first, second, *_ = live_ids(state, "Groot")
    for actor in (cast.members["Groot"], cast.chair, cast.official):
        with pytest.raises(PermissionDenied):
            decide(state, actor, c.MovePassage(expected_version=state.version, group="Groot", passage_id=first,
                                               by=1), LATER)
        with pytest.raises(PermissionDenied):
            decide(state, actor, c.MergePassages(expected_version=state.version, group="Groot", first=first,
                                                 second=second), LATER)
    sent = do(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=DUE))
    with pytest.raises(PermissionDenied):
        decide(sent, cast.official, c.SetAnswerDeadline(answer_deadline=DUE + dt.timedelta(days=7)), LATER)


def test_sending_sets_the_answer_deadline_which_must_lie_in_the_future() -> None:
    state, cast = after("number")
    with pytest.raises(ValidationFailed, match=r"De antwoordtermijn .* ligt in het verleden") as refused:
        decide(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=LATER), LATER)
    assert refused.value.field == "answer_deadline"
    events = decide(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=DUE), LATER)
    assert [type(x) for x in events] == [e.QuestionsSent]
    sent = do(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=DUE))
    assert sent.state is State.SENT and sent.answer_deadline == DUE


def test_the_clerk_moves_the_answer_deadline_after_sending_but_not_into_the_past() -> None:
    state, cast = after("number")
    sent = do(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=DUE))
    later = DUE + dt.timedelta(days=14)
    moved = do(sent, cast.clerk, c.SetAnswerDeadline(answer_deadline=later), DUE - dt.timedelta(days=1))
    assert moved.answer_deadline == later
    with pytest.raises(ValidationFailed, match=r"De antwoordtermijn .* ligt in het verleden") as refused:
        decide(sent, cast.clerk, c.SetAnswerDeadline(answer_deadline=LATER - dt.timedelta(hours=1)), LATER)
    assert refused.value.field == "answer_deadline"
    with pytest.raises(IllegalTransition):
        decide(state, cast.clerk, c.SetAnswerDeadline(answer_deadline=later), LATER)


def test_the_new_events_and_the_answer_deadline_survive_their_stored_form() -> None:
    state, cast = after("number")
    first, second, *_ = live_ids(state, "Groot")
    merged = decide(state, cast.clerk, c.MergePassages(expected_version=state.version, group="Groot", first=first,
                                                       second=second), LATER)
    for event in (*merged, e.PassageMoved(actor_id="g", at=LATER, group="Groot", passage_id=first,
                                          order=(second, first), version=3),
                  e.QuestionsSent(actor_id="g", at=LATER, sent_on=LATER.date(), answer_deadline=DUE),
                  e.AnswerDeadlineSet(actor_id="g", at=LATER, answer_deadline=DUE)):
        assert decode(encode(event)) == event
    sent = do(state, cast.clerk, c.SendQuestions(sent_on=LATER.date(), answer_deadline=DUE))
    assert snapshot_from_json(snapshot_to_json(sent)).answer_deadline == DUE


def test_a_questions_sent_event_stored_before_the_answer_deadline_existed_still_reads() -> None:
    old = StoredEvent("questions-sent", '{"sent_on": "2026-03-02"}', "griffier", LATER)
    event = decode(old)
    assert isinstance(event, e.QuestionsSent)
    assert event.sent_on == dt.date(2026, 3, 2) and event.answer_deadline is None
    state = after("number")[0]
    old_snapshot = re.sub(r',?"(answer_deadline|merged_into)":null', "", snapshot_to_json(state))
    assert "answer_deadline" not in old_snapshot and "merged_into" not in old_snapshot
    assert snapshot_from_json(old_snapshot) == state
