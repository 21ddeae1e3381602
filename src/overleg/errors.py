"""Every error overleg raises on purpose, in one tree.

    OverlegError                      (status 500: a defect if it escapes)
    ├── InvalidIdentifier             (400) a string is not a document id
    ├── ExchangeFormatError           (400) exchange JSON that does not fit the format
    └── ReadError                     (422) a reader could not make a model of a file
        ├── UnreadableInput           (422) empty, binary, encrypted, corrupt
        └── NotAQuestionDocument      (422) readable, but not a question document
    ├── NotFound                      (404) no such document, consultation or user in the store
    ├── Conflict                      (409) the store already holds it (a username, a document version)
    │   └── StaleVersion              (409) an edit based on an old version; ``current`` says which is
    └── StoreNotMigrated              (503) the database lacks the current schema: `overleg db upgrade`

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


class NotFound(OverlegError, LookupError):
    """No such document, consultation, user or token in the store."""

    status = 404


class Conflict(OverlegError):
    """The store already holds what was to be created (a username, say)."""

    status = 409


class StaleVersion(Conflict):
    """An edit was based on ``expected`` but the store is at ``current``: reload, then retry.

    ``scope`` names what was stale: ``"consultation"`` (another edit landed first; a service may
    re-apply its command to the new state) or ``"group:<name>"`` (that group's contribution changed).
    """

    def __init__(self, what: str, expected: int, current: int, scope: str = "consultation") -> None:
        self.what = what
        self.expected = expected
        self.current = current
        self.scope = scope
        super().__init__(f"{what}: stale version {expected}, the current version is {current}")


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
