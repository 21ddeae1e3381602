"""``overleg serve`` (the REST API and the web UI) and ``overleg replay`` (a document's procedure
re-enacted through a running server)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, settings
from overleg.errors import InvalidInput

if TYPE_CHECKING:
    from overleg.settings import Settings


def serve(
    database: DatabaseOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (each with its own pool).")] = 1,
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        "--forwarded-allow-ips",
        help="Proxies whose X-Forwarded-For/-Proto are believed, by `,` (default $OVERLEG_TRUSTED_PROXIES: none).")]
    = None,
    log_format: Annotated[str | None, typer.Option(
        "--log-format", help="text, or json: one JSON line per record and per request (default $OVERLEG_LOG_FORMAT).")]
    = None,
) -> None:
    """Start the REST API and the web UI; refuses a store whose schema is not this overleg's."""
    import shutil
    import tempfile

    import uvicorn

    from overleg.app import create_app
    from overleg.cli.notify import every
    from overleg.http.observe import configure_logging
    from overleg.service import Service
    from overleg.settings import LOG_FORMATS, SETTINGS, Settings, pass_to_workers

    given = settings(database)
    overrides: dict[str, str] = {}
    if forwarded_allow_ips is not None:
        overrides["OVERLEG_TRUSTED_PROXIES"] = forwarded_allow_ips
    if log_format is not None:
        if log_format not in LOG_FORMATS:
            raise InvalidInput(f"--log-format {log_format!r}: expected one of {', '.join(LOG_FORMATS)}")
        overrides["OVERLEG_LOG_FORMAT"] = log_format
    if overrides:  # the options read as their variables are (an unreadable address is refused alike)
        parsed = Settings.from_environ(overrides)
        given = replace(given, **{row.field: getattr(parsed, row.field) for row in SETTINGS if row.env in overrides})
    made_dir: str | None = None
    if workers > 1:  # the workers add up their metrics in one folder, emptied of an earlier run's
        if given.metrics_dir is None:
            made_dir = tempfile.mkdtemp(prefix="overleg-metrics-")
        metrics_dir = given.metrics_dir or Path(str(made_dir))
        metrics_dir.mkdir(parents=True, exist_ok=True)
        for old in metrics_dir.glob("*.db"):
            old.unlink()
        given = replace(given, metrics_dir=metrics_dir)
    else:
        given = replace(given, metrics_dir=None)
    configure_logging(given.log_format)
    running = Service.open(given)  # the schema guard, before any worker starts
    job = every(running, running.settings.reminder_interval_seconds)  # reminders and mail retries, in this process
    _warn_if_pools_exceed(running.database.connection_limit(), workers, given)
    trusted = ",".join(given.trusted_proxies)
    typer.echo(f"overleg: serving {running.database.display_url} on http://{host}:{port}/api with {workers} "
               f"worker{'s' if workers > 1 else ''} (OpenAPI: /api/openapi.json; forwarded headers from "
               f"{trusted or 'nobody'})", err=True)
    proxy = {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None,
             # json: uvicorn's own records go through configure_logging's handler, not its text config
             **({"log_config": None} if given.log_format == "json" else {})}
    try:
        if workers == 1:
            uvicorn.run(create_app(running), host=host, port=port, workers=1, log_level="warning", access_log=False,
                        **proxy)  # type: ignore[arg-type]
        else:
            pass_to_workers(given)
            uvicorn.run("overleg.app:serve_app", factory=True, host=host, port=port, workers=workers,
                        log_level="warning", access_log=False, **proxy)  # type: ignore[arg-type]
    finally:
        job.set()
        running.close()
        if made_dir is not None:
            shutil.rmtree(made_dir, ignore_errors=True)


def _warn_if_pools_exceed(limit: int | None, workers: int, given: Settings) -> None:
    """A warning (not a refusal: other machines share the server, and a pool seldom fills) when
    this command's workers alone may open more connections than the database server allows:
    under load the last ones are refused, and their requests fail (docs/operations.md)."""
    most = workers * (given.db_pool_size + given.db_max_overflow)
    if limit is not None and most > limit:
        typer.echo(f"overleg: warning: {workers} worker{'s' if workers > 1 else ''} x (OVERLEG_DB_POOL_SIZE "
                   f"{given.db_pool_size} + OVERLEG_DB_MAX_OVERFLOW {given.db_max_overflow}) = {most} connections, "
                   f"more than the {limit} the database server allows; lower them, or raise max_connections "
                   "(or put PgBouncer in between)", err=True)


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
