"""The written-consultation procedure as a pure state machine (no database, no HTTP).

``decide(state, actor, command, now)`` returns events or raises one of ``overleg.errors.REFUSALS``;
``apply(state, event)`` folds one event, ``replay(events)`` a whole log; ``access`` holds who may
do and read what; ``to_document`` makes the numbered list and the report; ``codec`` stores
events and snapshots as JSON. See docs/procedure.md.
"""

from overleg.errors import CorruptLog
from overleg.procedure.access import Standing, may_read, view
from overleg.procedure.actors import Actor, Role, RoleKind
from overleg.procedure.apply import apply, replay
from overleg.procedure.codec import StoredEvent, decode, encode, snapshot_from_json, snapshot_to_json
from overleg.procedure.decide import decide
from overleg.procedure.document import to_document
from overleg.procedure.states import Consultation, State

__all__ = [
    "Actor",
    "Consultation",
    "CorruptLog",
    "Role",
    "RoleKind",
    "Standing",
    "State",
    "StoredEvent",
    "apply",
    "decide",
    "decode",
    "encode",
    "may_read",
    "replay",
    "snapshot_from_json",
    "snapshot_to_json",
    "to_document",
    "view",
]
