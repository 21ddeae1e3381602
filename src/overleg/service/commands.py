"""Commands from their JSON form: one entry per action, the class that carries it.

The REST API takes ``POST /api/consultations/{id}/{action}`` with the command's fields as JSON
(the same form ``overleg.procedure.codec.to_plain`` gives); the CLI takes the same JSON. The
predecessor of a follow-up round is named by id (``predecessor_id``); the service loads it.

Below that, the rules for every text that comes in (NFC, no control characters or lone
surrogates, ``Limits`` on length and list size): ``checked`` applies them to a command,
``clean_json`` to a parsed JSON body, ``normal_text`` to one string (docs/security.md).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

from overleg.errors import CorruptRecord, NotFound, ValidationFailed
from overleg.model import DocumentId
from overleg.procedure import commands as c
from overleg.procedure.codec import from_plain
from overleg.procedure.states import Consultation
from overleg.settings import Settings

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
        raise NotFound(f"Er is geen stap {action!r}; de stappen zijn {', '.join(sorted(COMMANDS))}.")
    return parse(cls, data, action)


C = TypeVar("C")


def parse(cls: type[C], data: Any, where: str) -> C:
    """``data`` as a ``cls``; ValidationFailed naming the field when it does not fit."""
    try:
        return from_plain(data, cls, where)
    except CorruptRecord as err:
        field = str(err).split(":", 1)[0].partition(".")[2] or None
        raise ValidationFailed(f"Het verzoek past niet bij deze stap: {err}. Controleer dat veld.",
                               field=field) from None


# -- what text may come in -------------------------------------------------------------------
#
# One set of rules for every text a client sends, applied at the edge: by the HTTP app's
# ``overleg.http.limits`` to paths, query strings and bodies, and by ``checked`` to every
# command the service runs (whatever interface built it). Text is NFC-normalised, so "é" typed
# as e + U+0301 is stored, searched and compared as the one character; control characters
# (Unicode category Cc) other than tab, line feed and carriage return are refused, and so are
# surrogates (in a Python str a surrogate is always a lone one: a valid pair decodes to one
# character), which no UTF-8 encoder and so no store accepts. PostgreSQL cannot store NUL at
# all, SQLite can: refusing them at the door gives both stores the same answer.

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_JSON_DEPTH = 32  # nesting of a JSON body; overleg's deepest (a passage's footnote's URLs) is 5 levels


@dataclass(frozen=True)
class Limits:
    """How much a request may carry (docs/security.md): characters per text field, items per
    list (passages of a contribution, numbers of an answer, groups, addressees)."""

    max_field_chars: int = 100_000
    max_items: int = 500

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.max_field_chars, settings.max_items)


@dataclass(frozen=True)
class InputProblem:
    """Why the input at ``field`` is refused: a ``character`` that is not allowed (``detail``:
    the character as U+XXXX), a text over ``limit`` characters (``length``), a list over
    ``limit`` items (``items``), or a body nested deeper than ``limit`` levels (``depth``)."""

    field: str
    kind: str
    limit: int = 0
    detail: str = ""

    @property
    def message(self) -> str:
        where = self.field or "de inhoud van het verzoek"
        if self.kind == "character":
            return (f"{where}: bevat {self.detail}, een stuurteken of een los surrogaatteken; tekst mag geen "
                    "stuurtekens bevatten behalve tab, regelovergang en regelterugloop. Haal het teken weg.")
        if self.kind == "length":
            return f"{where}: langer dan {self.limit} tekens; maak de tekst korter."
        if self.kind == "items":
            return f"{where}: meer dan {self.limit} onderdelen; stuur er minder."
        return f"{where}: dieper genest dan {self.limit} niveaus."

    def error(self) -> ValidationFailed:
        return ValidationFailed(self.message, field=self.field or None)


def text_problem(value: str, field: str, max_chars: int) -> InputProblem | None:
    """What is wrong with ``value`` as text, or None (``normal_text`` checks and normalises)."""
    bad = _REFUSED.search(value)
    if bad is not None:
        return InputProblem(field, "character", detail=f"U+{ord(bad.group()):04X}")
    if len(value) > max_chars:
        return InputProblem(field, "length", limit=max_chars)
    return None


def normal_text(value: str, field: str, max_chars: int) -> tuple[str, InputProblem | None]:
    """``value`` NFC-normalised and what is wrong with it, or None: the characters are checked
    as sent, the length as normalised (what is stored). An NFC text is returned as the same
    object, so a caller can tell that nothing changed."""
    bad = _REFUSED.search(value)
    if bad is not None:
        return value, InputProblem(field, "character", detail=f"U+{ord(bad.group()):04X}")
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):  # ASCII is NFC
        value = unicodedata.normalize("NFC", value)
    return value, (InputProblem(field, "length", limit=max_chars) if len(value) > max_chars else None)


def clean_text(value: str, field: str, limits: Limits) -> str:
    """``value`` NFC-normalised; ValidationFailed naming ``field`` when it breaks a rule."""
    value, found = normal_text(value, field, limits.max_field_chars)
    if found is not None:
        raise found.error()
    return value


def clean_json(data: Any, limits: Limits, field: str = "", depth: int = 0) -> tuple[Any, InputProblem | None]:
    """``data`` (parsed JSON) with every string, key or value, NFC-normalised, and the first
    problem or None. Fields are named as the API names a body's fields (``passages.0.text``,
    after ``field``)."""
    if isinstance(data, str):
        return normal_text(data, field, limits.max_field_chars)
    if depth >= MAX_JSON_DEPTH and isinstance(data, dict | list):
        return data, InputProblem(field, "depth", limit=MAX_JSON_DEPTH)
    if isinstance(data, list):
        if len(data) > limits.max_items:
            return data, InputProblem(field, "items", limit=limits.max_items)
        items = []
        for i, item in enumerate(data):
            clean, found = clean_json(item, limits, f"{field}.{i}" if field else str(i), depth + 1)
            if found is not None:
                return data, found
            items.append(clean)
        return items, None
    if isinstance(data, dict):
        if len(data) > limits.max_items:
            return data, InputProblem(field, "items", limit=limits.max_items)
        out = {}
        for key, value in data.items():
            name = f"{field}.{key}" if field else str(key)
            clean_key, found = clean_json(key, limits, name, depth + 1)
            if found is None:
                out[clean_key], found = clean_json(value, limits, name, depth + 1)
            if found is not None:
                return data, found
        return out, None
    return data, None


def checked(command: C, limits: Limits) -> C:
    """``command`` with every text NFC-normalised; ValidationFailed naming the field when a
    text or a list breaks the rules above. Every command the service runs passes here, so the
    rules hold for the REST API, the web UI's forms and the command line alike."""
    return _checked(command, "", limits)  # type: ignore[no-any-return]


def _checked(value: Any, field: str, limits: Limits) -> Any:
    if isinstance(value, str):
        return clean_text(value, field, limits)
    if isinstance(value, tuple):
        if len(value) > limits.max_items:
            raise InputProblem(field, "items", limit=limits.max_items).error()
        items = tuple(_checked(v, f"{field}[{i}]", limits) for i, v in enumerate(value))
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    # the loaded predecessor of a follow-up is a stored state, not input; ids are parsed already
    if dataclasses.is_dataclass(value) and not isinstance(value, type | Consultation | DocumentId):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _checked(old, f"{field}.{f.name}" if field else f.name, limits)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
