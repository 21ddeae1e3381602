"""Commands from their JSON form: one entry per action, the class that carries it.

The REST API takes ``POST /api/consultations/{id}/{action}`` with the command's fields as JSON
(the same form ``overleg.procedure.codec.to_plain`` gives); the CLI takes the same JSON. The
predecessor of a follow-up round is named by id (``predecessor_id``); the service loads it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from overleg.errors import CorruptRecord, NotFound, ValidationFailed
from overleg.procedure import commands as c
from overleg.procedure.codec import from_plain

# Every command but creation, which has its own route, by the name used in URLs and the CLI.
COMMANDS: dict[str, type[c.Command]] = {
    cls.action.replace("_", "-"): cls
    for cls in c.ALL_COMMANDS
    if cls not in (c.CreateConsultation, c.StartFollowUp)
}


def command_from_json(action: str, data: Any) -> c.Command:
    """The command of ``action`` (URL form, e.g. ``submit-contribution``) that ``data`` describes.

    ``NotFound`` for an unknown action, ``ValidationFailed`` (naming the field) for data that
    does not fit the command.
    """
    cls = COMMANDS.get(action)
    if cls is None:
        raise NotFound(f"no action {action!r}; the actions are {', '.join(sorted(COMMANDS))}")
    return parse(cls, data, action)


C = TypeVar("C")


def parse(cls: type[C], data: Any, where: str) -> C:
    """``data`` as a ``cls``; ValidationFailed naming the field when it does not fit."""
    try:
        return from_plain(data, cls, where)
    except CorruptRecord as err:
        field = str(err).split(":", 1)[0].partition(".")[2] or None
        raise ValidationFailed(str(err), field=field) from None
