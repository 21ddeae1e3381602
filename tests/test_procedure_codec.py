"""The stored form of events and snapshots: round trips for any value, clear errors otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from enum import Enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.errors import CorruptRecord
from overleg.model import DocumentId
from overleg.procedure import StoredEvent, decode, encode, snapshot_from_json, snapshot_to_json
from overleg.procedure.codec import EVENT_TYPES
from overleg.procedure.events import ALL_EVENTS, ContributionSaved, Event
from overleg.procedure.states import Consultation, Passage

ZONES = [dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))]
IDS = [DocumentId("kst-21501-02-3346"), DocumentId("kst-36800-V-86"), DocumentId("ah-tk-20232024-1076")]


def strategy(tp: Any) -> st.SearchStrategy[Any]:
    """Any value of type ``tp`` as the procedure's value objects use them."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(strategy(a) for a in typing.get_args(tp)))
    if origin is tuple:
        return st.lists(strategy(typing.get_args(tp)[0]), max_size=3).map(tuple)
    if tp is type(None):
        return st.none()
    if tp is str:
        return st.text(max_size=20)
    if tp is int:
        return st.integers(-(2**40), 2**40)
    if tp is bool:
        return st.booleans()
    if tp is dt.datetime:
        return st.datetimes(timezones=st.sampled_from(ZONES))
    if tp is dt.date:
        return st.dates()
    if tp is DocumentId:
        return st.sampled_from(IDS)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return st.builds(tp, **{f.name: strategy(hints[f.name]) for f in dataclasses.fields(tp)})
    raise AssertionError(f"no strategy for {tp!r}")


events = st.one_of(*(strategy(cls) for cls in ALL_EVENTS))


@settings(max_examples=300, deadline=None)
@given(events)
def test_every_event_survives_its_stored_form(event: Event) -> None:
    stored = encode(event)
    assert stored.type == event.type and stored.actor_id == event.actor_id and stored.at == event.at
    assert isinstance(json.loads(stored.payload_json), dict)
    assert decode(stored) == event


@settings(max_examples=100, deadline=None)
@given(strategy(Consultation))
def test_every_snapshot_survives_its_json(consultation: Consultation) -> None:
    assert snapshot_from_json(snapshot_to_json(consultation)) == consultation


def test_event_type_names_are_unique_and_stable() -> None:
    assert len(EVENT_TYPES) == len(ALL_EVENTS)
    assert all(name == name.lower() and " " not in name for name in EVENT_TYPES)


def saved() -> ContributionSaved:
    return ContributionSaved(actor_id="u1", at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), group="D66", version=1,
                             preamble=None, topics=(), passages=(Passage("d66-1", "Vraag?"),), next_seq=2)


def test_the_payload_leaves_who_and_when_to_their_own_columns() -> None:
    payload = json.loads(encode(saved()).payload_json)
    assert "actor_id" not in payload and "at" not in payload
    assert payload["passages"][0]["passage_id"] == "d66-1"


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: dataclasses.replace(s, type="no-such-event"), "unknown event type"),
    (lambda s: dataclasses.replace(s, payload_json="{"), "not JSON"),
    (lambda s: dataclasses.replace(s, payload_json=s.payload_json.replace('"version":1', '"version":"1"')),
     "contribution-saved.version: expected a whole number"),
    (lambda s: dataclasses.replace(s, payload_json=s.payload_json.replace('"group":"D66",', "")), "group"),
    (lambda s: dataclasses.replace(s, payload_json=s.payload_json.replace('"passage_id"', '"pid"')),
     "passages\\[0\\]: unknown field 'pid'"),
    (lambda s: dataclasses.replace(s, at=dt.datetime(2026, 1, 1)), "time zone"),
])
def test_a_malformed_stored_event_names_what_is_wrong(change: Any, message: str) -> None:
    with pytest.raises(CorruptRecord, match=message):
        decode(change(encode(saved())))


def test_a_snapshot_of_another_format_is_refused() -> None:
    with pytest.raises(CorruptRecord, match="format"):
        snapshot_from_json('{"format": 99, "consultation": {}}')


def test_stored_event_is_a_frozen_value() -> None:
    stored = encode(saved())
    assert isinstance(stored, StoredEvent)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.type = "x"  # type: ignore[misc]
