"""``overleg serve``, ``overleg replay`` and ``overleg consultation ...`` (the API's actions on the CLI).

``consultation`` runs the same service layer as the REST API, as a user named with ``--as``
(no password: whoever can run commands on the store's machine can read the database anyway).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from overleg.errors import NotFound, OverlegError

Database = Annotated[
    str | None,
    typer.Option("--database", help="Database URL; default $OVERLEG_DATABASE_URL, else sqlite:///./overleg.db"),
]
consultation_app = typer.Typer(help="Run procedure actions and read consultations, as a user.",
                               no_args_is_help=True)


def _fail(e: OverlegError) -> typer.Exit:
    typer.echo(f"overleg: {e.one_line()}", err=True)
    return typer.Exit(2)


def serve(
    database: Database = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Start the REST API (one worker); refuses an unmigrated store."""
    import uvicorn

    from overleg.api import create_app
    from overleg.store import open_store

    try:
        store = open_store(database, require_migrated=True)
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(f"overleg: serving {store.display_url} on http://{host}:{port}/api (OpenAPI: /api/openapi.json)",
               err=True)
    uvicorn.run(create_app(store), host=host, port=port, workers=1, log_level="warning", access_log=False)


def replay(
    file: Annotated[Path, typer.Argument(help="A document with questions and answers (any readable format).")],
    server: Annotated[str, typer.Option("--server", help="Base URL of a running overleg serve.")],
    token: Annotated[str | None, typer.Option(help="An admin's bearer token (default $OVERLEG_TOKEN).")] = None,
    user: Annotated[str | None, typer.Option(help="An admin's username (password: $OVERLEG_PASSWORD or stdin).")]
    = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the admin password from stdin.")]
    = False,
    quiet: Annotated[bool, typer.Option(help="Do not print the timing line on stderr.")] = False,
) -> None:
    """Re-enact FILE's procedure through the REST API and print the published report's exchange JSON.

    On a server whose store has no users yet it makes itself the first admin (POST /api/setup,
    allowed from the server's own machine only); otherwise give an admin's --token or --user.
    """
    from overleg.api.replay import replay as run
    from overleg.readers import read

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else os.environ.get("OVERLEG_PASSWORD")
    try:
        done = run(read(file), server, token=token or os.environ.get("OVERLEG_TOKEN"),
                   username=user, password=password if user else None)
    except OverlegError as e:
        raise _fail(e) from None
    sys.stdout.write(done.report.decode() + "\n")
    if not quiet:
        typer.echo(f"overleg: replayed {file.name}: {done.requests} requests in {done.seconds:.2f} s", err=True)


def _service(database: str | None) -> Any:
    from overleg.service import Service
    from overleg.store import open_store

    return Service(open_store(database, require_migrated=True))


def _actor(service: Any, username: str | None) -> Any:
    from overleg.procedure.access import Actor

    if username is None:
        return Actor.public()
    user = service.store.users.by_username(username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return service.accounts.credentials(user).actor


As = Annotated[str | None, typer.Option("--as", help="The user to act as (default: the public).")]


@consultation_app.command("do")
def do(
    consultation_id: Annotated[str, typer.Argument(help="The consultation.")],
    action: Annotated[str, typer.Argument(help="create, or an action such as submit-contribution, close-intake.")],
    body: Annotated[str, typer.Argument(help="The command as JSON (the REST API's body); - reads stdin.")] = "{}",
    as_user: As = None,
    database: Database = None,
) -> None:
    """Run one procedure action (the body of POST /api/consultations/ID/ACTION) and print the result."""
    from overleg.procedure import commands as c
    from overleg.service import command_from_json
    from overleg.service.commands import parse

    text = sys.stdin.read() if body == "-" else body
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        typer.echo(f"overleg: the body is not JSON: {err}", err=True)
        raise typer.Exit(2) from None
    try:
        service = _service(database)
        actor = _actor(service, as_user)
        command: c.Command
        if action == "create":
            command = parse(c.CreateConsultation, {"consultation_id": consultation_id, **data}, "create")
        else:
            command = command_from_json(action, data)
        seen = service.consultations.execute(actor, consultation_id, command)
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(json.dumps({"id": seen.id, "version": seen.version, "state": seen.state.value}))


@consultation_app.command("show")
def show(consultation_id: str, as_user: As = None, database: Database = None) -> None:
    """Print the consultation as the user may see it (JSON)."""
    from overleg.procedure.codec import to_plain

    try:
        service = _service(database)
        seen = service.consultations.get(_actor(service, as_user), consultation_id)
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(json.dumps(to_plain(seen), ensure_ascii=False, indent=2))


@consultation_app.command("log")
def log(consultation_id: str, as_user: As = None, database: Database = None) -> None:
    """Print the audit log (clerks only): one line per event, seq, time, who, what."""
    try:
        service = _service(database)
        entries = service.consultations.log(_actor(service, as_user), consultation_id)
    except OverlegError as e:
        raise _fail(e) from None
    for entry in entries:
        typer.echo(f"{entry.seq}\t{entry.at.isoformat()}\t{entry.actor}\t{entry.type}")


@consultation_app.command("document")
def document(
    consultation_id: str,
    format: Annotated[str, typer.Option("--format", "-f", help="json, html, akn, csv")] = "json",
    as_user: As = None,
    database: Database = None,
) -> None:
    """Print the consultation's document (numbered list once sent, report once established)."""
    from overleg.service.documents import render

    try:
        service = _service(database)
        doc = service.consultations.document(_actor(service, as_user), consultation_id)
        out = render(doc, format, consultation_id)
    except OverlegError as e:
        raise _fail(e) from None
    sys.stdout.buffer.write(out.body)
