"""Every error overleg raises on purpose, in one tree with one root.

    OverlegError                     500  a defect if it escapes
    ├── InvalidInput                 400  what was given does not fit what was expected
    │   ├── InvalidIdentifier        400  a string is not a document id
    │   ├── ExchangeFormatError      400  exchange JSON that does not fit the format
    │   ├── UnsupportedFormat        400  a writer format overleg does not have
    │   ├── InvalidQuery             400  a search query with nothing searchable left
    │   ├── PayloadTooLarge          413  a request body or file over the limit, refused unread
    │   └── ValidationFailed         422  a command or form is malformed (names the field)
    ├── ReaderError                  422  a reader could not make a model of a file
    │   ├── UnreadableInput          422  empty, binary, encrypted, corrupt
    │   └── NotAQuestionDocument     422  readable, but not a question document
    ├── NotAuthenticated             401  no valid credentials where they are needed
    ├── PermissionDenied             403  the actor may not do this
    │   └── CsrfRefused              403  a cookie request without the session's CSRF token
    ├── NotFound                     404  no such document, consultation, user, group, number
    ├── TooManyRequests              429  too many tries (logins): wait ``retry_after`` seconds
    ├── Conflict                     409  the request clashes with what is there
    │   ├── IllegalTransition        409  the action is not possible in the current state
    │   │   └── DeadlinePassed       409  intake is past the (group's) deadline
    │   └── StaleVersion             409  the client saw an older version; carries the current one
    │       └── StaleContribution    409  a group's contribution changed since the client saw it
    ├── RemoteFailed                 502  another server failed us
    │   ├── FetchError               502  a public source (Open Data, SRU) after retries
    │   └── ReplayFailed             502  the overleg server a replay drives refused a step
    ├── CorruptRecord                500  stored data that does not map back to the model
    │   └── CorruptLog               500  an event log no sequence of decisions could have written
    └── StoreError                   503  the store cannot serve
        ├── StoreNotMigrated         503  the database lacks the current schema
        ├── StoreTooNew              503  a newer overleg migrated it past what this one knows
        └── StoreUnavailable         503  the database cannot be opened or reached

What each error means to a client is decided here and nowhere else: ``http_status`` (the
REST API and the web UI) and ``exit_code`` (the command line) look the error's class up in
``HTTP_STATUS`` and ``EXIT_CODE``, nearest ancestor first. ``REFUSALS`` are the errors of a
request that was refused with nothing changed.

Every error renders as one line (``one_line``: the file, the place and what was expected) and
as a JSON body (``details``: a stable ``code`` slug, the message, and the fields its class
names in ``detail_fields``).
"""

from __future__ import annotations

from typing import Any, ClassVar


class OverlegError(Exception):
    """Base of every error overleg raises on purpose."""

    code: ClassVar[str] = "overleg-error"
    detail_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    @property
    def status(self) -> int:
        """The HTTP status of this error (``HTTP_STATUS``)."""
        return http_status(self)

    def one_line(self) -> str:
        return str(self)

    def details(self) -> dict[str, Any]:
        """The error as a JSON object body: its code, message and the fields its class names."""
        extra = {name: getattr(self, name) for name in self.detail_fields if getattr(self, name, None) is not None}
        return {"code": self.code, "message": self.message, **extra}


class InvalidInput(OverlegError):
    """Input that does not fit what was expected; the message says what was."""

    code = "invalid-input"


class InvalidIdentifier(InvalidInput, ValueError):
    code = "invalid-identifier"


class ExchangeFormatError(InvalidInput, ValueError):
    """Exchange JSON that cannot be mapped to the model; says which field and why."""

    code = "exchange-format-error"


class UnsupportedFormat(InvalidInput, ValueError):
    """A writer format that does not exist or is not available; names the ones that are."""

    code = "unsupported-format"


class InvalidQuery(InvalidInput):
    """A search query that cannot be searched; the message says why, in words a user understands."""

    code = "query-error"


class PayloadTooLarge(InvalidInput):
    """A request body or a file larger than the limit; refused before it is read whole."""

    code = "payload-too-large"


class ValidationFailed(InvalidInput):
    """A command or form is malformed; ``field`` names the part that is wrong."""

    code = "validation-failed"
    detail_fields: ClassVar[tuple[str, ...]] = ("field",)

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class ReaderError(OverlegError):
    """A reader could not produce a model; names the source, the place and what it expected."""

    code = "reader-error"

    def __init__(self, source: str, message: str, where: str | None = None) -> None:
        self.source = source
        self.where = where
        super().__init__(message)
        self.args = (self.one_line(),)

    def one_line(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.source}{place}: {self.message}"

    def details(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.one_line()}


class UnreadableInput(ReaderError):
    """Empty, binary, encrypted or corrupt input."""

    code = "unreadable-input"


class NotAQuestionDocument(ReaderError):
    """Readable text that is not a report or a set of questions and answers (a recipe, a motion)."""

    code = "not-a-question-document"


class NotAuthenticated(OverlegError):
    """No valid credentials where they are needed."""

    code = "unauthorized"


class PermissionDenied(OverlegError):
    """The actor may not do this (or may not know that it exists: see NotFound)."""

    code = "forbidden"


class CsrfRefused(PermissionDenied):
    """A cookie-authenticated unsafe request without the session's CSRF token."""

    code = "csrf-refused"


class NotFound(OverlegError):
    """No such document, consultation, user, group, passage or number."""

    code = "not-found"


class TooManyRequests(OverlegError):
    """Too many attempts (wrong passwords) from one account or address; ``retry_after`` is the
    number of seconds until the next one is heard."""

    code = "too-many-requests"
    detail_fields: ClassVar[tuple[str, ...]] = ("retry_after",)

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class Conflict(OverlegError):
    """The request clashes with what is there."""

    code = "conflict"


class IllegalTransition(Conflict):
    """The action is not possible in the consultation's current state."""

    code = "illegal-transition"
    detail_fields: ClassVar[tuple[str, ...]] = ("action", "state")

    def __init__(self, message: str, *, action: str | None = None, state: str | None = None) -> None:
        self.action = action
        self.state = state
        super().__init__(message)


class DeadlinePassed(IllegalTransition):
    """A contribution came in after the deadline that applies to its group."""

    code = "deadline-passed"


class StaleVersion(Conflict):
    """The client edited on the basis of an older version; ``current`` is the version now."""

    code = "stale-version"
    detail_fields: ClassVar[tuple[str, ...]] = ("expected", "current")

    def __init__(self, message: str, *, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(message)


class StaleContribution(StaleVersion):
    """An edit of ``group``'s contribution was based on an older version of it (a real conflict).

    Its parent ``StaleVersion`` alone means another edit of the consultation landed first: the
    service may re-apply the command to the new state and try again.
    """

    code = "stale-contribution"
    detail_fields: ClassVar[tuple[str, ...]] = ("group", "expected", "current")

    def __init__(self, message: str, *, group: str, expected: int, current: int) -> None:
        self.group = group
        super().__init__(message, expected=expected, current=current)


class RemoteFailed(OverlegError):
    """Another server failed us; the message names it and what it answered."""

    code = "remote-failed"


class FetchError(RemoteFailed):
    """A request to a public source failed for good (after retries, or with a status not retried)."""

    code = "fetch-error"

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        super().__init__(f"{url}: {message}")


class ReplayFailed(RemoteFailed):
    """The server refused a step of a replay; says which and why."""

    code = "replay-failed"


class SyncFailed(OverlegError):
    """The scheduled sync failed for one or more sources (after trying every one); the message
    names each source and what it did or why it failed."""

    code = "sync-failed"


class CorruptRecord(OverlegError, ValueError):
    """Stored JSON that does not map back to an event, a snapshot or a command; names the field."""

    code = "corrupt-record"


class CorruptLog(CorruptRecord):
    """An event log that no sequence of decisions could have written."""

    code = "corrupt-log"


class StoreError(OverlegError):
    """The store cannot serve requests now."""

    code = "store-error"


class StoreNotMigrated(StoreError):
    """The database is missing or not at the current schema revision."""

    code = "store-not-migrated"

    def __init__(self, url: str, current: str | None, head: str) -> None:
        self.url = url
        self.current = current
        self.head = head
        super().__init__(
            f"{url}: the store is at schema revision {current or '(none)'}, this overleg needs {head};"
            f" run `overleg db upgrade --database {url}`"
        )


class StoreTooNew(StoreError):
    """The database is at a schema revision this overleg does not know: a newer overleg migrated
    it. Nothing may write to it (nor migrate it), since this code cannot know what the newer
    schema expects."""

    code = "store-too-new"

    def __init__(self, url: str, current: str, head: str) -> None:
        self.url = url
        self.current = current
        self.head = head
        super().__init__(
            f"{url}: the store is at schema revision {current}, newer than this overleg knows (its newest is "
            f"{head}); run the overleg that upgraded it, or restore a backup taken before that upgrade",
        )


class StoreUnavailable(StoreError):
    """The database cannot be opened (a missing directory) or reached (PostgreSQL down)."""

    code = "store-unavailable"

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: cannot open the database: {reason}")


# What each error means outside: the nearest ancestor in these tables decides.
HTTP_STATUS: dict[type[OverlegError], int] = {
    OverlegError: 500,
    InvalidInput: 400,
    PayloadTooLarge: 413,
    ValidationFailed: 422,
    ReaderError: 422,
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    TooManyRequests: 429,
    Conflict: 409,
    RemoteFailed: 502,
    StoreError: 503,
}

# The command line: 2 when the request was refused or could not be carried out (the message
# says why); a problem the user can check for (``overleg check``, ``--strict``) is 1, not here.
EXIT_CODE: dict[type[OverlegError], int] = {
    OverlegError: 2,
}

REFUSALS: tuple[type[OverlegError], ...] = (InvalidInput, NotAuthenticated, PermissionDenied, NotFound, Conflict)
"""The errors of a request refused with nothing changed (the procedure's ``decide`` raises only these)."""


def _lookup(table: dict[type[OverlegError], int], error: OverlegError) -> int:
    for cls in type(error).__mro__:
        if cls in table:
            return table[cls]
    return table[OverlegError]


def http_status(error: OverlegError) -> int:
    """The HTTP status an error is answered with.

    >>> http_status(DeadlinePassed("late")), http_status(ValidationFailed("x")), http_status(InvalidQuery("x"))
    (409, 422, 400)
    """
    return _lookup(HTTP_STATUS, error)


def exit_code(error: OverlegError) -> int:
    """The exit status of the command line for an error."""
    return _lookup(EXIT_CODE, error)
