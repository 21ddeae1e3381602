"""Every error overleg raises on purpose, in one tree.

    OverlegError                      (status 500: a defect if it escapes)
    ├── InvalidIdentifier             (400) a string is not a document id
    ├── ExchangeFormatError           (400) exchange JSON that does not fit the format
    ├── UnsupportedFormat             (400) a writer format overleg does not have (yet)
    ├── ReadError                     (422) a reader could not make a model of a file
    │   ├── UnreadableInput           (422) empty, binary, encrypted, corrupt
    │   └── NotAQuestionDocument      (422) readable, but not a question document
    ├── StoreNotMigrated              (503) the database lacks the current schema: `overleg db upgrade`
    ├── StoreUnavailable              (503) the database cannot be opened or reached
    └── ProcedureError                (409) a command of the consultation procedure was refused
        ├── IllegalTransition         (409) the action is not possible in the current state
        │   └── DeadlinePassed        (409) intake is past the (group's) deadline
        ├── Forbidden                 (403) the actor may not do this
        ├── NotFound                  (404) no such consultation, group, passage or number
        ├── Conflict                  (409) the command clashes with what is there
        │   └── StaleVersion          (409) the client saw an older version; carries the current one
        │       └── StaleContribution (409) a group's contribution changed since the client saw it
        └── ValidationFailed          (422) the command itself is malformed (names the field)

Each error knows its HTTP status (for the REST API later) and renders as one line for the CLI:
the file, the place and what was expected.
"""

from __future__ import annotations


class OverlegError(Exception):
    """Base of every error overleg raises on purpose."""

    status = 500

    def one_line(self) -> str:
        return str(self)


class InvalidIdentifier(OverlegError, ValueError):
    status = 400


class ExchangeFormatError(OverlegError, ValueError):
    """Exchange JSON that cannot be mapped to the model; says which field and why."""

    status = 400


class UnsupportedFormat(OverlegError, ValueError):
    """A writer format that does not exist or is not available yet; names the ones that are."""

    status = 400


class ReadError(OverlegError):
    """A reader could not produce a model; names the source, the place and what it expected."""

    status = 422

    def __init__(self, source: str, message: str, where: str | None = None) -> None:
        self.source = source
        self.message = message
        self.where = where
        super().__init__(self.one_line())

    def one_line(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.source}{place}: {self.message}"


class UnreadableInput(ReadError):
    """Empty, binary, encrypted or corrupt input."""


class NotAQuestionDocument(ReadError):
    """Readable text that is not a report or a set of questions and answers (a recipe, a motion)."""


class ProcedureError(OverlegError):
    """A command of the consultation procedure was refused; nothing was changed.

    ``code`` is a stable slug for JSON error bodies; ``message`` says what was wrong.
    """

    status = 409
    code = "procedure-error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def details(self) -> dict[str, object]:
        """The error as a JSON object body: code, message and what the subclass knows."""
        extra = {k: v for k, v in vars(self).items() if k != "message" and not k.startswith("_") and v is not None}
        return {"code": self.code, "message": self.message, **extra}


class IllegalTransition(ProcedureError):
    """The action is not possible in the consultation's current state."""

    status = 409
    code = "illegal-transition"

    def __init__(self, message: str, *, action: str | None = None, state: str | None = None) -> None:
        self.action = action
        self.state = state
        super().__init__(message)


class DeadlinePassed(IllegalTransition):
    """A contribution came in after the deadline that applies to its group."""

    code = "deadline-passed"


class Forbidden(ProcedureError):
    status = 403
    code = "forbidden"


class NotFound(ProcedureError):
    status = 404
    code = "not-found"


class Conflict(ProcedureError):
    status = 409
    code = "conflict"


class StaleVersion(Conflict):
    """The client edited on the basis of an older version; ``current`` is the version now."""

    code = "stale-version"

    def __init__(self, message: str, *, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(message)


class ValidationFailed(ProcedureError):
    """The command is malformed; ``field`` names the part that is wrong."""

    status = 422
    code = "validation-failed"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class StaleContribution(StaleVersion):
    """An edit of ``group``'s contribution was based on an older version of it (a real conflict).

    Its parent ``StaleVersion`` alone means another edit of the consultation landed first: the
    service may re-apply the command to the new state and try again.
    """

    code = "stale-contribution"

    def __init__(self, message: str, *, group: str, expected: int, current: int) -> None:
        self.group = group
        super().__init__(message, expected=expected, current=current)


class StoreNotMigrated(OverlegError):
    """The database is missing or not at the current schema revision."""

    status = 503

    def __init__(self, url: str, current: str | None, head: str) -> None:
        self.url = url
        self.current = current
        self.head = head
        super().__init__(
            f"{url}: the store is at schema revision {current or '(none)'}, this overleg needs {head};"
            f" run `overleg db upgrade --database {url}`"
        )


class StoreUnavailable(OverlegError):
    """The database cannot be opened (a missing directory) or reached (PostgreSQL down)."""

    status = 503

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: cannot open the database: {reason}")
