"""``overleg meldingen``: make the deadline reminders that are due and send the mail still in the
outbox (what ``overleg serve`` does every ``reminder_interval_seconds``); run it from cron when the
server does not. Idempotent: a reminder is made once, a sent mail is not sent again."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, service

if TYPE_CHECKING:  # the service loads when a command runs, not when `overleg --help` does
    from overleg.service import Service


def meldingen(database: DatabaseOption = None) -> None:
    """Make the reminders two days before a deadline and try every unsent mail (again)."""
    with service(database) as running:
        report = running.notifications.run_job()
    typer.echo(report.summary())


def every(running: Service, seconds: int) -> threading.Event:
    """Run the notifications' job every ``seconds`` in a daemon thread until the event is set
    (nothing when ``seconds`` is 0), under its lease (``service.jobs``): with several servers or
    workers on one store it runs once per interval among them. A failing run is logged and the
    next one comes as usual."""
    import datetime as dt
    import logging

    from overleg.service.jobs import holder_name

    stop = threading.Event()
    if seconds <= 0:
        return stop
    holder, interval = holder_name(), dt.timedelta(seconds=seconds)

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                running.jobs.run_due(holder, interval, only=("meldingen",))
            except Exception:  # the server keeps serving; the outbox keeps what was not sent
                logging.getLogger("overleg").exception("overleg: the notifications' job failed")

    threading.Thread(target=loop, name="overleg-meldingen", daemon=True).start()
    return stop


def worker(
    database: DatabaseOption = None,
    interval: Annotated[int, typer.Option(min=1, help="Seconds between runs of each job.")] = 300,
    once: Annotated[bool, typer.Option("--once", help="Run what is due once and stop.")] = False,
) -> None:
    """Run the scheduled jobs (meldingen: reminders and unsent mail; attenderingen: saved searches
    and follows; sync: the public sources of $OVERLEG_SYNC_SOURCES, when set) every INTERVAL
    seconds, each under a lease in the store: with several workers on several machines each job
    runs once per interval, and a dead worker's job is taken over."""
    import datetime as dt

    from overleg.service.jobs import holder_name

    holder, every_ = holder_name(), dt.timedelta(seconds=interval)
    stop = threading.Event()
    with service(database) as running:
        typer.echo(f"overleg worker {holder}: jobs {', '.join(running.jobs.names)} every {interval} s", err=True)
        while True:
            for run in running.jobs.run_due(holder, every_):
                if run.ran:
                    typer.echo(f"{run.job}: {run.error or run.summary}", err=run.error is not None)
            if once or stop.wait(min(interval, 30)):
                return


def register(app: typer.Typer) -> None:
    app.command("meldingen")(meldingen)
    app.command("worker")(worker)
