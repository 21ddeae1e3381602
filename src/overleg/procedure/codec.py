"""The stored form of events and of a consultation snapshot: plain JSON, and back.

``encode(event)`` gives the ``StoredEvent`` the store persists as is (type name, payload JSON,
who and when in their own columns); ``decode`` turns it back into the same event. The mapping
follows the dataclasses' type hints field by field (text, numbers, dates as ISO 8601, times with
their offset, document ids as their canonical string, tuples as lists, nested value objects as
objects), so a new field is stored without code here; the *names* of events are the stable
``Event.type`` strings, never class names. ``snapshot_to_json``/``snapshot_from_json`` do the
same for a whole ``Consultation``. ``decode(encode(e)) == e`` for every event (property-tested).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from overleg.errors import InvalidIdentifier, OverlegError
from overleg.model import DocumentId
from overleg.procedure.events import ALL_EVENTS, Event
from overleg.procedure.states import Consultation

SNAPSHOT_FORMAT = 1

EVENT_TYPES: dict[str, type[Event]] = {cls.type: cls for cls in ALL_EVENTS}
assert len(EVENT_TYPES) == len(ALL_EVENTS), "two events share a type name"


class CodecError(OverlegError, ValueError):
    """Stored JSON that does not map back to an event or a snapshot; names the field."""


@dataclass(frozen=True)
class StoredEvent:
    """One row of the event log: the event's type name, its payload as JSON text, who and when."""

    type: str
    payload_json: str
    actor_id: str
    at: dt.datetime


def encode(event: Event) -> StoredEvent:
    payload = {k: v for k, v in _dump(event, type(event)).items() if k not in ("actor_id", "at")}
    return StoredEvent(event.type, _json(payload), event.actor_id, event.at)


def decode(stored: StoredEvent) -> Event:
    cls = EVENT_TYPES.get(stored.type)
    if cls is None:
        raise CodecError(f"unknown event type {stored.type!r}")
    payload = _parse(stored.payload_json, stored.type)
    if not isinstance(payload, dict):
        raise CodecError(f"{stored.type}: payload is not a JSON object")
    if stored.at.tzinfo is None:
        raise CodecError(f"{stored.type}: 'at' has no time zone")
    event = _load({**payload, "actor_id": stored.actor_id, "at": stored.at.isoformat()}, cls, stored.type)
    assert isinstance(event, Event)
    return event


def snapshot_to_json(consultation: Consultation) -> str:
    return _json({"format": SNAPSHOT_FORMAT, "consultation": _dump(consultation, Consultation)})


def snapshot_from_json(text: str) -> Consultation:
    data = _parse(text, "snapshot")
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise CodecError(f"snapshot: not a format {SNAPSHOT_FORMAT} consultation snapshot")
    found = _load(data.get("consultation"), Consultation, "snapshot")
    assert isinstance(found, Consultation)
    return found


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CodecError(f"{where}: not JSON ({err.msg} at column {err.colno})") from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _dump(value: Any, tp: Any) -> Any:
    """The JSON form of ``value``, typed ``tp``."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _dump(value, inner[0])
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return [_dump(v, item) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, DocumentId):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls: type = value.__class__
        return {name: _dump(getattr(value, name), hint) for name, hint in _hints(cls).items()}
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def _load(data: Any, tp: Any, where: str) -> Any:
    """The value typed ``tp`` that ``data`` is the JSON form of; CodecError naming ``where``."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        if data is None:
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(data, inner[0], where)
    if data is None:
        raise CodecError(f"{where}: missing value")
    if origin is tuple:
        if not isinstance(data, list):
            raise CodecError(f"{where}: expected a list")
        item = typing.get_args(tp)[0]
        return tuple(_load(v, item, f"{where}[{i}]") for i, v in enumerate(data))
    try:
        return _load_scalar(data, tp, where)
    except (ValueError, TypeError, InvalidIdentifier) as err:
        if isinstance(err, CodecError):
            raise
        raise CodecError(f"{where}: {err}") from None


def _load_scalar(data: Any, tp: Any, where: str) -> Any:
    if tp is dt.datetime:
        moment = dt.datetime.fromisoformat(_expect(data, str, where))
        if moment.tzinfo is None:
            raise CodecError(f"{where}: a time without time zone")
        return moment
    if tp is dt.date:
        return dt.date.fromisoformat(_expect(data, str, where))
    if tp is DocumentId:
        return DocumentId(_expect(data, str, where))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        obj = _expect(data, dict, where)
        hints = _hints(tp)
        unknown = set(obj) - set(hints)
        if unknown:
            raise CodecError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        kwargs = {name: _load(obj[name], hint, f"{where}.{name}") for name, hint in hints.items() if name in obj}
        return tp(**kwargs)
    if tp is bool or tp is str:
        return _expect(data, tp, where)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise CodecError(f"{where}: expected a whole number")
        return data
    raise CodecError(f"{where}: cannot load a {tp!r}")


def _expect(data: Any, tp: type, where: str) -> Any:
    if not isinstance(data, tp):
        raise CodecError(f"{where}: expected {tp.__name__}, got {type(data).__name__}")
    return data
