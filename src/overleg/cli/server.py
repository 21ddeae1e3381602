"""``overleg serve`` (the REST API and the web UI) and ``overleg replay`` (a document's procedure
re-enacted through a running server)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from overleg.cli.common import DatabaseOption, service, settings


def serve(
    database: DatabaseOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Start the REST API and the web UI (one worker); refuses an unmigrated store."""
    import uvicorn

    from overleg.app import create_app
    from overleg.cli.notify import every

    running = service(database)
    job = every(running, running.settings.reminder_interval_seconds)  # reminders and mail retries
    typer.echo(f"overleg: serving {running.database.display_url} on http://{host}:{port}/api "
               "(OpenAPI: /api/openapi.json)", err=True)
    try:
        uvicorn.run(create_app(running), host=host, port=port, workers=1, log_level="warning", access_log=False)
    finally:
        job.set()
        running.close()


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
    from overleg.cli.replay import replay as run
    from overleg.readers import read

    given = settings()
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else given.password
    done = run(read(file, patches=given.patch_dirs), server, token=token or given.token,
               username=user, password=password if user else None)
    sys.stdout.write(done.report.decode() + "\n")
    if not quiet:
        typer.echo(f"overleg: replayed {file.name}: {done.requests} requests in {done.seconds:.2f} s", err=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(replay)
