"""The ministry's side of the procedure: its draft answers stay inside the ministry, it sends
them itself when every number is answered (``DeliverAnswers``), and it can ask for more time
(``RequestPostponement``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from overleg.errors import IllegalTransition, PermissionDenied, ValidationFailed
from overleg.procedure import Actor, State, apply, decide, to_document, view
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.codec import decode, encode, snapshot_from_json, snapshot_to_json
from overleg.procedure.reenact import Cast, cast_for, reenact
from overleg.procedure.reenact import enact as run
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation, PostponementRequest
from overleg.writers import write

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
# 23.30 UTC on 5 March is already 6 March in Dutch time: the date sent is the Dutch one.
LATE_EVENING = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)
DOC = sample_report((("Groot", 3), ("Klein", 2)))


def sent() -> tuple[Consultation, Cast]:
    """The consultation just after the questions were sent, nothing answered yet."""
    steps = reenact(DOC, "so-1", START)
    at = next(k for k, s in enumerate(steps) if s.command.action == "answer")
    state, _ = run(steps[:at])
    assert state is not None and state.state is State.SENT
    return state, cast_for(DOC)


def do(state: Consultation, actor: Actor, command: c.Command, now: dt.datetime = LATE_EVENING) -> Consultation:
    for event in decide(state, actor, command, now):
        state = apply(state, event)
    return state


def answer(*numbers: int, text: str = "Het kabinet antwoordt.") -> c.AnswerQuestions:
    return c.AnswerQuestions(expected_version=0, numbers=numbers, text=text)


def test_answers_cannot_be_sent_while_numbers_are_open_and_the_refusal_names_them() -> None:
    state, cast = sent()
    state = do(state, cast.official, answer(1, 2))
    with pytest.raises(IllegalTransition) as refused:
        do(state, cast.official, c.DeliverAnswers())
    open_ = [str(n) for n in state.unanswered]
    assert open_ and f"Vragen {', '.join(open_[:-1])} en {open_[-1]} zijn nog niet beantwoord" in str(refused.value)
    assert state.state is State.ANSWERING


def test_sending_complete_answers_makes_them_received_today_in_dutch_time() -> None:
    state, cast = sent()
    for n in state.numbers:
        state = do(state, cast.official, answer(n))
    done = do(state, cast.official, c.DeliverAnswers())
    assert done.state is State.ANSWERS_RECEIVED
    assert done.received_on == dt.date(2026, 3, 6)
    assert decide(state, cast.official, c.DeliverAnswers(), LATE_EVENING)[0].type == "answers-received"


def test_only_the_addressed_ministry_sends_its_answers() -> None:
    state, cast = sent()
    for n in state.numbers:
        state = do(state, cast.official, answer(n))
    for other in (cast.clerk, cast.chair, *cast.members.values()):
        with pytest.raises(PermissionDenied):
            decide(state, other, c.DeliverAnswers(), LATE_EVENING)


def test_draft_answers_are_invisible_to_the_clerk_chair_and_groups_until_sent() -> None:
    state, cast = sent()
    state = do(state, cast.official, answer(1, text="CONCEPT: nog afstemmen met DG"))
    outsiders = (cast.clerk, cast.chair, *cast.members.values())
    assert all(view(who, state).answers == () for who in outsiders)
    assert view(cast.official, state).answers == state.answers
    for n in state.unanswered:
        state = do(state, cast.official, answer(n))
    delivered = do(state, cast.official, c.DeliverAnswers())
    assert all(view(who, delivered).answers == delivered.answers for who in outsiders)


def test_a_postponement_request_is_an_event_with_reason_and_proposed_moment() -> None:
    state, cast = sent()
    until = LATE_EVENING + dt.timedelta(days=14)
    events = decide(state, cast.official, c.RequestPostponement(reason="  Afstemming met EZK.  ", until=until),
                    LATE_EVENING)
    assert [ev.type for ev in events] == ["postponement-requested"]
    after = apply(state, events[0])
    assert after.postponements == (PostponementRequest(LATE_EVENING, cast.official.user_id, "Afstemming met EZK.",
                                                       until),)
    assert after.state is State.SENT  # asking for time changes no step; the clerk decides


@pytest.mark.parametrize(("reason", "until", "field"), [
    ("", START + dt.timedelta(days=30), "reason"),
    ("Afstemming", START, "until"),
])
def test_a_postponement_request_needs_a_reason_and_a_later_moment(reason: str, until: dt.datetime,
                                                                  field: str) -> None:
    state, cast = sent()
    with pytest.raises(ValidationFailed) as refused:
        decide(state, cast.official, c.RequestPostponement(reason=reason, until=until), LATE_EVENING)
    assert refused.value.field == field


def test_only_the_ministry_asks_for_postponement_and_only_while_answering() -> None:
    state, cast = sent()
    asked = c.RequestPostponement(reason="Afstemming", until=LATE_EVENING + dt.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        decide(state, cast.clerk, asked, LATE_EVENING)
    for n in state.numbers:
        state = do(state, cast.official, answer(n))
    state = do(state, cast.official, c.DeliverAnswers())
    with pytest.raises(IllegalTransition):
        decide(state, cast.official, asked, LATE_EVENING)


def test_postponement_events_and_snapshots_survive_the_codec() -> None:
    state, cast = sent()
    until = LATE_EVENING + dt.timedelta(days=7)
    event = decide(state, cast.official, c.RequestPostponement(reason="Afstemming", until=until), LATE_EVENING)[0]
    assert isinstance(event, e.PostponementRequested)
    assert decode(encode(event)) == event
    after = apply(state, event)
    assert snapshot_from_json(snapshot_to_json(after)) == after


def test_a_snapshot_written_before_postponements_existed_still_reads() -> None:
    state, _ = sent()
    data = json.loads(snapshot_to_json(state))
    del data["consultation"]["postponements"]
    assert snapshot_from_json(json.dumps(data)) == state


# printed once: one answer to several questions


def grouped_report() -> Consultation:
    """All answered, questions 1 and 3 (not next to each other) together in one answer."""
    state, cast = sent()
    state = do(state, cast.official, answer(3, 1, text="Eén antwoord voor twee vragen; zie het antwoord op vraag 2."))
    for n in state.unanswered:
        state = do(state, cast.official, answer(n, text=f"Eigen antwoord {n}."))
    state = do(state, cast.official, c.DeliverAnswers())
    return do(state, cast.clerk, c.EstablishReport(dossier="21501-02", document_number="9002",
                                                   established_on=LATE_EVENING.date()))


def test_a_grouped_answer_is_printed_once_after_the_last_question_of_its_group_in_html() -> None:
    doc = to_document(grouped_report())
    assert [i.answer_group for i in doc.items if i.number in (1, 3)] == [(1, 3), (1, 3)]
    page = write(doc, "html")
    assert isinstance(page, str)
    assert page.count("Eén antwoord voor twee vragen") == 1
    after_three = page.index('id="vraag-3"')
    assert page.index("Eén antwoord voor twee vragen") > after_three
    # question 1 points at the answer where it is printed, and its anchor stays
    first = page[page.index('id="antwoord-1"'):page.index('id="vraag-2"')]
    assert 'href="#antwoord-3"' in first and "Niet beantwoord" not in first


def test_a_grouped_answer_is_printed_once_in_the_text_writers() -> None:
    doc = to_document(grouped_report())
    text = write(doc, "txt")
    assert isinstance(text, str)
    assert text.count("Eén antwoord voor twee vragen") == 1
    for n in (2, 4, 5):
        assert text.count(f"Eigen antwoord {n}.") == 1
