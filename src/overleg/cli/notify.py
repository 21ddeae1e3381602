"""``overleg meldingen``: make the deadline reminders that are due and send the mail still in the
outbox (what ``overleg serve`` does every ``reminder_interval_seconds``); run it from cron when the
server does not. Idempotent: a reminder is made once, a sent mail is not sent again."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

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
    (nothing when ``seconds`` is 0); a failing run is logged and the next one comes as usual."""
    import logging

    stop = threading.Event()
    if seconds <= 0:
        return stop

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                running.notifications.run_job()
            except Exception:  # the server keeps serving; the outbox keeps what was not sent
                logging.getLogger("overleg").exception("overleg: the notifications' job failed")

    threading.Thread(target=loop, name="overleg-meldingen", daemon=True).start()
    return stop


def register(app: typer.Typer) -> None:
    app.command("meldingen")(meldingen)
