"""Every error overleg raises on purpose, in one tree.

    OverlegError                      (status 500: a defect if it escapes)
    ├── InvalidIdentifier             (400) a string is not a document id
    ├── ExchangeFormatError           (400) exchange JSON that does not fit the format
    ├── UnsupportedFormat             (400) a writer format overleg does not have (yet)
    └── ReadError                     (422) a reader could not make a model of a file
        ├── UnreadableInput           (422) empty, binary, encrypted, corrupt
        └── NotAQuestionDocument      (422) readable, but not a question document

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
