"""``overleg toezeggingen markeer|geschiedenis``: mark a commitment fulfilled or open again, with
a reason, and show its marks (docs/analytics.md, "Marking a commitment")."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from overleg.cli.common import DatabaseOption, service

commitments_app = typer.Typer(help="Toezeggingen: markeren als nagekomen of weer open, en hun geschiedenis.",
                              no_args_is_help=True)

DocumentArgument = Annotated[str, typer.Argument(help="Het id van het opgeslagen document ('ah-tk-20232024-2313')")]
PositionArgument = Annotated[int, typer.Argument(min=1, help="Welke toezegging van het document (1, 2, ...)")]


class MarkStatus(str, Enum):
    nagekomen = "nagekomen"
    open = "open"


_STATUS = {MarkStatus.nagekomen: "fulfilled", MarkStatus.open: "open"}
_DUTCH = {"fulfilled": "nagekomen", "open": "weer open"}


@commitments_app.command("markeer")
def mark(
    document_id: DocumentArgument,
    position: PositionArgument,
    status: Annotated[MarkStatus, typer.Option("--status", help="nagekomen, of open (weer open)")],
    reason: Annotated[str, typer.Option("--reden", help="Waarmee is ze nagekomen, of waarom is ze weer open")],
    as_user: Annotated[str | None, typer.Option("--als", help="Markeer als deze gebruiker (diens rollen gelden)")]
    = None,
    database: DatabaseOption = None,
) -> None:
    """Markeer een toezegging als nagekomen of weer open, met een reden (de geschiedenis blijft)."""
    from overleg.service import Credentials

    with service(database) as s:
        who = Credentials.operator() if as_user is None else s.accounts.acting_as(Credentials.operator(), as_user)
        made = s.commitments.mark(who, document_id, position, _STATUS[status], reason)
    typer.echo(f"Toezegging {made.position} van {made.document_id}: {_DUTCH[made.status]} "
               f"(door {made.marked_by}, {made.marked_at:%Y-%m-%d %H:%M} UTC).")


@commitments_app.command("geschiedenis")
def history(document_id: DocumentArgument, position: PositionArgument, database: DatabaseOption = None) -> None:
    """Alle markeringen van een toezegging, oudste eerst."""
    from overleg.service import Credentials

    with service(database) as s:
        marks = s.commitments.history(Credentials.public(), document_id, position)
    if not marks:
        typer.echo(f"Toezegging {position} van {document_id} is nog niet gemarkeerd.")
    for m in marks:
        typer.echo(f"{m.marked_at:%Y-%m-%d %H:%M} UTC  {_DUTCH[m.status]:<10} {m.marked_by}: {m.reason}")


def register(app: typer.Typer) -> None:
    app.add_typer(commitments_app, name="toezeggingen")
