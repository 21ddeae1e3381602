"""Drafts and handing in: a group's saved text counts only once handed in (Indienen), can be
withdrawn again before the deadline, and a save after handing in makes it a draft again."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from overleg.errors import Conflict, DeadlinePassed, PermissionDenied, StaleVersion, ValidationFailed
from overleg.procedure import Actor, RoleKind, apply, decide, view
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.codec import (
    StoredEvent,
    decode,
    encode,
    snapshot_from_json,
    snapshot_predates_drafts,
    snapshot_to_json,
)
from overleg.procedure.decide import numbering
from overleg.procedure.reenact import enact, reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NOW = START + dt.timedelta(hours=1)
STEPS = reenact(sample_report((("Groot", 3), ("Klein", 2))), "so-1", START)
COMMITTEE = "vaste commissie voor Buitenlandse Zaken"
GROOT = Actor.with_role("u-groot", RoleKind.MEMBER, "Groot")
KLEIN = Actor.with_role("u-klein", RoleKind.MEMBER, "Klein")
CLERK = Actor.with_role("u-clerk", RoleKind.CLERK, COMMITTEE)
MINISTRY = Actor.with_role("u-official", RoleKind.OFFICIAL, "minister van Buitenlandse Zaken")


def opened() -> Consultation:
    """so-1 just after intake opened: no contribution yet."""
    at = next(k for k, s in enumerate(STEPS) if s.command.action == "open_intake") + 1
    state, _ = enact(STEPS[:at])
    assert state is not None and not state.contributions
    return state


def run(s: Consultation, actor: Actor, command: c.Command, now: dt.datetime = NOW) -> Consultation:
    for event in decide(s, actor, command, now):
        s = apply(s, event)
    return s


def save(s: Consultation, actor: Actor, group: str, *texts: str, hand_in: bool = False) -> Consultation:
    own = s.contribution(group)
    return run(s, actor, c.SubmitContribution(
        expected_version=own.version if own else 0, group=group, hand_in=hand_in,
        passages=tuple(c.PassageInput(text=t) for t in texts)))


def hand_in(s: Consultation, actor: Actor, group: str) -> Consultation:
    own = s.contribution(group)
    return run(s, actor, c.HandInContribution(expected_version=own.version if own else 0, group=group))


def close(s: Consultation) -> Consultation:
    return run(s, CLERK, c.CloseIntake())


def test_a_draft_is_kept_but_not_numbered_and_a_handed_in_contribution_is() -> None:
    s = save(opened(), GROOT, "Groot", "Een concept?")
    s = hand_in(save(s, KLEIN, "Klein", "Eerste vraag?", "Tweede vraag?"), KLEIN, "Klein")
    s = run(close(s), CLERK, c.NumberPassages())
    assert [(n.number, n.group) for n in s.numbering] == [(1, "Klein"), (2, "Klein")]
    draft = s.contribution("Groot")
    assert draft is not None and draft.passages[0].text == "Een concept?"  # kept, never deleted


def test_the_intake_status_per_group_is_none_draft_or_submitted() -> None:
    s = opened()
    assert (s.intake_status("Groot"), s.intake_status("Klein")) == ("none", "none")
    s = save(s, GROOT, "Groot", "Een concept?")
    assert s.intake_status("Groot") == "draft"
    s = hand_in(s, GROOT, "Groot")
    assert s.intake_status("Groot") == "submitted" and s.intake_status("Klein") == "none"


def test_handing_in_records_when_and_is_a_new_version_of_the_contribution() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?")
    later = NOW + dt.timedelta(minutes=5)
    events = decide(s, GROOT, c.HandInContribution(expected_version=1, group="Groot"), later)
    assert events == (e.ContributionHandedIn(actor_id="u-groot", at=later, group="Groot", version=2),)
    own = apply(s, events[0]).contribution("Groot")
    assert own is not None and own.submitted_at == later and own.version == 2


def test_retracting_makes_it_a_draft_again_with_its_text_and_it_no_longer_counts() -> None:
    s = hand_in(save(opened(), GROOT, "Groot", "Vraag?"), GROOT, "Groot")
    s = run(s, GROOT, c.RetractContribution(expected_version=2, group="Groot"))
    own = s.contribution("Groot")
    assert own is not None and own.submitted_at is None and own.passages[0].text == "Vraag?"
    assert numbering(s) == ()


def test_saving_a_handed_in_contribution_makes_it_a_draft_that_must_be_handed_in_again() -> None:
    s = hand_in(save(opened(), GROOT, "Groot", "Vraag?"), GROOT, "Groot")
    s = save(s, GROOT, "Groot", "Vraag, verbeterd?")
    assert s.intake_status("Groot") == "draft"
    assert numbering(s) == ()
    assert [n.number for n in numbering(hand_in(s, GROOT, "Groot"))] == [1]


def test_a_save_through_the_api_hands_in_as_it_always_did() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?", hand_in=True)
    assert s.intake_status("Groot") == "submitted"
    assert c.SubmitContribution(expected_version=0, group="Groot").hand_in is True


def test_handing_in_after_the_groups_deadline_is_refused() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?")
    with pytest.raises(DeadlinePassed):
        hand_in_at = s.deadline_for("Groot") + dt.timedelta(minutes=1)
        run(s, GROOT, c.HandInContribution(expected_version=1, group="Groot"), hand_in_at)


def test_retracting_after_the_deadline_is_refused() -> None:
    s = hand_in(save(opened(), GROOT, "Groot", "Vraag?"), GROOT, "Groot")
    with pytest.raises(DeadlinePassed):
        run(s, GROOT, c.RetractContribution(expected_version=2, group="Groot"),
            s.deadline_for("Groot") + dt.timedelta(seconds=1))


@pytest.mark.parametrize("actor", [KLEIN, MINISTRY, CLERK], ids=["another group", "the ministry", "the clerk"])
def test_only_the_group_itself_may_hand_in_or_retract(actor: Actor) -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?")
    with pytest.raises(PermissionDenied):
        run(s, actor, c.HandInContribution(expected_version=1, group="Groot"))
    s = hand_in(s, GROOT, "Groot")
    with pytest.raises(PermissionDenied):
        run(s, actor, c.RetractContribution(expected_version=2, group="Groot"))


def test_an_empty_contribution_or_none_at_all_cannot_be_handed_in() -> None:
    with pytest.raises(ValidationFailed):
        hand_in(opened(), GROOT, "Groot")
    s = run(opened(), GROOT, c.SubmitContribution(expected_version=0, group="Groot", hand_in=False,
                                                   preamble="Alleen een inleiding."))
    with pytest.raises(ValidationFailed):
        hand_in(s, GROOT, "Groot")


def test_handing_in_twice_retracting_a_draft_and_a_stale_version_are_refused() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?")
    with pytest.raises(Conflict):
        run(s, GROOT, c.RetractContribution(expected_version=1, group="Groot"))
    with pytest.raises(StaleVersion):
        run(s, GROOT, c.HandInContribution(expected_version=0, group="Groot"))
    s = hand_in(s, GROOT, "Groot")
    with pytest.raises(Conflict):
        hand_in(s, GROOT, "Groot")


def test_after_intake_closes_a_draft_stays_visible_to_its_group_and_the_clerk_only() -> None:
    s = save(opened(), GROOT, "Groot", "Geheim concept?")
    s = close(hand_in(save(s, KLEIN, "Klein", "Ingediend?"), KLEIN, "Klein"))
    assert view(GROOT, s).contribution("Groot") is not None
    assert view(CLERK, s).contribution("Groot") is not None
    assert view(KLEIN, s).contribution("Groot") is None
    assert view(GROOT, s).contribution("Klein") is not None


def test_the_new_events_and_a_draft_survive_the_codec() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?")
    events = [*decide(s, GROOT, c.HandInContribution(expected_version=1, group="Groot"), NOW)]
    events += decide(hand_in(s, GROOT, "Groot"), GROOT, c.RetractContribution(expected_version=2, group="Groot"), NOW)
    events += decide(opened(), GROOT, c.SubmitContribution(expected_version=0, group="Groot", hand_in=False,
                                                           passages=(c.PassageInput(text="Vraag?"),)), NOW)
    for event in events:
        assert decode(encode(event)) == event
    assert snapshot_from_json(snapshot_to_json(s)) == s


def test_an_old_contribution_saved_event_without_the_new_field_means_handed_in() -> None:
    new = decide(opened(), GROOT, c.SubmitContribution(expected_version=0, group="Groot",
                                                       passages=(c.PassageInput(text="Vraag?"),)), NOW)[0]
    stored = encode(new)
    payload = json.loads(stored.payload_json)
    del payload["handed_in"]
    old = decode(StoredEvent(stored.type, json.dumps(payload), stored.actor_id, stored.at))
    assert isinstance(old, e.ContributionSaved) and old.handed_in is True
    assert apply(opened(), old).intake_status("Groot") == "submitted"


def test_a_snapshot_from_before_drafts_is_recognised_so_the_log_is_replayed_instead() -> None:
    s = save(opened(), GROOT, "Groot", "Vraag?", hand_in=True)
    text = snapshot_to_json(s)
    assert not snapshot_predates_drafts(text)
    data = json.loads(text)
    for k in data["consultation"]["contributions"]:
        k.pop("submitted_at")
    assert snapshot_predates_drafts(json.dumps(data))
    assert not snapshot_predates_drafts(snapshot_to_json(opened()))
