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
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from overleg.errors import CorruptRecord, InvalidIdentifier
from overleg.model import DocumentId
from overleg.procedure.events import ALL_EVENTS, Event
from overleg.procedure.states import Consultation

SNAPSHOT_FORMAT = 1
T = TypeVar("T")

EVENT_TYPES: dict[str, type[Event]] = {cls.type: cls for cls in ALL_EVENTS}
assert len(EVENT_TYPES) == len(ALL_EVENTS), "two events share a type name"


@dataclass(frozen=True)
class StoredEvent:
    """One row of the event log: the event's type name, its payload as JSON text, who and when.

    ``seq`` is the event's place in its consultation's log (1, 2, 3, ...), which the store
    assigns: None on the way in."""

    type: str
    payload_json: str
    actor_id: str | None
    at: dt.datetime
    seq: int | None = None


def encode(event: Event) -> StoredEvent:
    payload = {k: v for k, v in _dump(event, type(event)).items() if k not in ("actor_id", "at")}
    return StoredEvent(event.type, _json(payload), event.actor_id, event.at)


def decode(stored: StoredEvent) -> Event:
    cls = EVENT_TYPES.get(stored.type)
    if cls is None:
        raise CorruptRecord(f"unknown event type {stored.type!r}")
    payload = _parse(stored.payload_json, stored.type)
    if not isinstance(payload, dict):
        raise CorruptRecord(f"{stored.type}: payload is not a JSON object")
    if stored.at.tzinfo is None:
        raise CorruptRecord(f"{stored.type}: 'at' has no time zone")
    event = _load({**payload, "actor_id": stored.actor_id, "at": stored.at.isoformat()}, cls, stored.type)
    assert isinstance(event, Event)
    return event


def snapshot_to_json(consultation: Consultation) -> str:
    return _json({"format": SNAPSHOT_FORMAT, "consultation": _dump(consultation, Consultation)})


def snapshot_from_json(text: str) -> Consultation:
    data = _parse(text, "snapshot")
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise CorruptRecord(f"snapshot: not a format {SNAPSHOT_FORMAT} consultation snapshot")
    found = _load(data.get("consultation"), Consultation, "snapshot")
    assert isinstance(found, Consultation)
    return found


def snapshot_predates_drafts(text: str) -> bool:
    """Whether a snapshot was written before contributions could be drafts: one of its
    contributions has no ``submitted_at``. Read as it is, that contribution would be a draft,
    while every save then counted; replay the log instead (its old ``contribution-saved``
    events decode as handed in, at the moment they were saved)."""
    data = _parse(text, "snapshot")
    found = data.get("consultation") if isinstance(data, dict) else None
    contributions = found.get("contributions") if isinstance(found, dict) else None
    return isinstance(contributions, list) and any(
        isinstance(k, dict) and "submitted_at" not in k for k in contributions)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CorruptRecord(f"{where}: not JSON ({err.msg} at column {err.colno})") from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


Dump = Callable[[Any], Any]
Load = Callable[[Any], Any]


class _Bad(Exception):
    """A value that does not fit; ``path`` grows as the error passes up through the fields."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.path = ""


def _dump(value: Any, tp: Any) -> Any:
    """The JSON form of ``value``, typed ``tp``."""
    return _dumper(tp)(value)


def _load(data: Any, tp: Any, where: str) -> Any:
    """The value typed ``tp`` that ``data`` is the JSON form of; CorruptRecord naming the field."""
    try:
        return _loader(tp)(data)
    except _Bad as bad:
        raise CorruptRecord(f"{where}{bad.path}: {bad.message}") from None


def _optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else inner(v)


# Converters are made once per type (from the type hints) and cached: storing an event or a
# snapshot is then plain function calls, no type inspection per value.
@cache
def _dumper(tp: Any) -> Dump:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return _optional(_dumper(next(a for a in typing.get_args(tp) if a is not type(None))))
    if origin is tuple:
        item = _dumper(typing.get_args(tp)[0])
        return lambda v: [item(x) for x in v]
    if tp in (dt.datetime, dt.date):
        return lambda v: v.isoformat()
    if tp is DocumentId or (isinstance(tp, type) and issubclass(tp, Enum)):
        return lambda v: v.value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        fields = [(name, _dumper(hint)) for name, hint in _hints(tp).items()]
        return lambda v: {name: dump(getattr(v, name)) for name, dump in fields}
    if tp in (str, int, bool, float):
        return lambda v: v
    raise TypeError(f"cannot store a {tp!r}")


@cache
def _loader(tp: Any) -> Load:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return _optional(_loader(next(a for a in typing.get_args(tp) if a is not type(None))))
    if origin is tuple:
        return _tuple_loader(_loader(typing.get_args(tp)[0]))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp is not DocumentId:
        return _object_loader(tp)
    return _scalar_loader(tp)


def _tuple_loader(item: Load) -> Load:
    def load(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list):
            raise _Bad("expected a list")
        out = []
        for i, v in enumerate(data):
            try:
                out.append(item(_present(v)))
            except _Bad as bad:
                bad.path = f"[{i}]{bad.path}"
                raise
        return tuple(out)
    return load


def _object_loader(tp: type) -> Load:
    fields = {name: _loader(hint) for name, hint in _hints(tp).items()}
    optional = {name for name, hint in _hints(tp).items()
                if typing.get_origin(hint) in (types.UnionType, typing.Union)}

    def load(data: Any) -> Any:
        if not isinstance(data, dict):
            raise _Bad(f"expected an object, got {type(data).__name__}")
        unknown = set(data) - set(fields)
        if unknown:
            raise _Bad(f"unknown field {sorted(unknown)[0]!r}")
        kwargs = {}
        for name, value in data.items():
            try:
                kwargs[name] = fields[name](value if name in optional else _present(value))
            except _Bad as bad:
                bad.path = f".{name}{bad.path}"
                raise
        try:
            return tp(**kwargs)
        except TypeError as err:
            raise _Bad(str(err)) from None
    return load


def _present(value: Any) -> Any:
    if value is None:
        raise _Bad("missing value")
    return value


def _scalar_loader(tp: Any) -> Load:
    if tp is dt.datetime:
        return _datetime
    if tp is dt.date:
        return lambda v: _convert(dt.date.fromisoformat, _of(v, str))
    if tp is DocumentId:
        return lambda v: _convert(DocumentId, _of(v, str))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return lambda v: _convert(tp, v)
    if tp is int:
        return _int
    if tp in (str, bool):
        return lambda v: _of(v, tp)
    raise TypeError(f"cannot load a {tp!r}")


def _datetime(value: Any) -> dt.datetime:
    moment: dt.datetime = _convert(dt.datetime.fromisoformat, _of(value, str))
    if moment.tzinfo is None:
        raise _Bad("a time without time zone")
    return moment


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("expected a whole number")
    return value


def _convert(make: Callable[[Any], Any], value: Any) -> Any:
    try:
        return make(value)
    except (ValueError, TypeError, InvalidIdentifier) as err:
        raise _Bad(str(err)) from None


def _of(value: Any, tp: type) -> Any:
    if not isinstance(value, tp):
        raise _Bad(f"expected {tp.__name__}, got {type(value).__name__}")
    return value


def to_plain(value: Any) -> Any:
    """The JSON form (dicts, lists, text, numbers) of any value the codec can store, such as a
    command or a ``Consultation``: the request body the REST API takes for a command."""
    return _dump(value, type(value))


def from_plain(data: Any, tp: type[T], where: str) -> T:
    """The ``tp`` (a command class, say) that the JSON form ``data`` describes; CorruptRecord
    naming the field of anything that does not fit."""
    found = _load(data, tp, where)
    assert isinstance(found, tp)
    return found
