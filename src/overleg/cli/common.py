"""What every command shares: the settings, ``--database``, ``--json``, and how errors are shown.

An ``OverlegError`` escaping a command is printed once, as one line on stderr
(``overleg: <the file, the place, what was expected>``), and the process exits with the code
``overleg.errors.exit_code`` gives it. That happens in ``OverlegGroup.invoke`` for the whole
command tree; a command catches an error itself only to go on with its next file.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from overleg.errors import InvalidInput, OverlegError, exit_code
from overleg.settings import Settings

if TYPE_CHECKING:
    from overleg.service import Service

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="Database URL; default $OVERLEG_DATABASE_URL, else sqlite:///./overleg.db"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def complain(error: OverlegError) -> None:
    """The error as one line on stderr."""
    typer.echo(f"overleg: {error.one_line()}", err=True)


_RUN_SETTINGS: ContextVar[Settings | None] = ContextVar("overleg_run_settings", default=None)


class OverlegGroup(TyperGroup):
    """The root of the command tree: reads the settings once per run, and turns an escaping
    ``OverlegError`` into one line and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # ctx: the context of Typer's own copy of click
        read_once = _RUN_SETTINGS.set(Settings.from_environ())
        try:
            return super().invoke(ctx)
        except OverlegError as error:
            complain(error)
            raise typer.Exit(exit_code(error)) from None
        finally:
            _RUN_SETTINGS.reset(read_once)


def settings(database: str | None = None) -> Settings:
    """The settings of this run (read once, when the command tree was invoked), with ``--database``
    applied when given."""
    return (_RUN_SETTINGS.get() or Settings.from_environ()).with_database(database)


def service(database: str | None = None, *, migrated: bool = True) -> Service:
    """The service over the store of this run (close it: ``with service(...) as s``)."""
    from overleg.service import Service

    return Service.open(settings(database), migrated=migrated)


def date_option(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option as a date; InvalidInput naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def password_from(stdin: bool) -> str:
    """A password from stdin's first line, or asked for twice at the terminal; exit 2 when empty."""
    import sys

    password = sys.stdin.readline().rstrip("\r\n") if stdin else typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise InvalidInput("the password is empty")
    return password
