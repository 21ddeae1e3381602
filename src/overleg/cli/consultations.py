"""``overleg consultation do|show|log|document``: the REST API's procedure actions on the command line.

The commands run the same service layer as the REST API, as a user named with ``--as`` (no
password: whoever can run commands on the store's machine can read the database anyway).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, service

if TYPE_CHECKING:
    from overleg.service import Credentials, Service

consultation_app = typer.Typer(help="Run procedure actions and read consultations, as a user.",
                               no_args_is_help=True)
As = Annotated[str | None, typer.Option("--as", help="The user to act as (default: the public).")]


def _as(s: Service, username: str | None) -> Credentials:
    from overleg.service import Credentials

    return s.accounts.acting_as(Credentials.operator(), username)


@consultation_app.command("do")
def do(
    consultation_id: Annotated[str, typer.Argument(help="The consultation.")],
    action: Annotated[str, typer.Argument(help="create, or an action such as submit-contribution, close-intake.")],
    body: Annotated[str, typer.Argument(help="The command as JSON (the REST API's body); - reads stdin.")] = "{}",
    as_user: As = None,
    database: DatabaseOption = None,
) -> None:
    """Run one procedure action (the body of POST /api/consultations/ID/ACTION) and print the result."""
    from overleg.errors import InvalidInput
    from overleg.procedure import commands as c
    from overleg.service import command_from_json
    from overleg.service.commands import parse

    text = sys.stdin.read() if body == "-" else body
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"the body is not JSON: {err}") from None
    with service(database) as s:
        who = _as(s, as_user)
        command: c.Command
        if action == "create":
            command = parse(c.CreateConsultation, {"consultation_id": consultation_id, **data}, "create")
        else:
            command = command_from_json(action, data)
        seen = s.consultations.execute(who.actor, consultation_id, command)
    typer.echo(json.dumps({"id": seen.id, "version": seen.version, "state": seen.state.value}))


@consultation_app.command("show")
def show(consultation_id: str, as_user: As = None, database: DatabaseOption = None) -> None:
    """Print the consultation as the user may see it (JSON)."""
    from overleg.procedure.codec import to_plain

    with service(database) as s:
        seen = s.consultations.get(_as(s, as_user).actor, consultation_id)
    typer.echo(json.dumps(to_plain(seen), ensure_ascii=False, indent=2))


@consultation_app.command("log")
def log(consultation_id: str, as_user: As = None, database: DatabaseOption = None) -> None:
    """Print the audit log (clerks only): one line per event, seq, time, who, what."""
    with service(database) as s:
        entries = s.consultations.log(_as(s, as_user).actor, consultation_id)
    for entry in entries:
        typer.echo(f"{entry.seq}\t{entry.at.isoformat()}\t{entry.actor}\t{entry.type}")


@consultation_app.command("document")
def document(
    consultation_id: str,
    format: Annotated[str, typer.Option("--format", "-f", help="json, html, akn, csv")] = "json",
    as_user: As = None,
    database: DatabaseOption = None,
) -> None:
    """Print the consultation's document (numbered list once sent, report once established)."""
    from overleg.service.documents import render_document

    with service(database) as s:
        doc = s.consultations.document(_as(s, as_user).actor, consultation_id)
    sys.stdout.buffer.write(render_document(doc, format, consultation_id).body)


def register(app: typer.Typer) -> None:
    app.add_typer(consultation_app, name="consultation")
