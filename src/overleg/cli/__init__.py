"""The command line ``overleg``: one command tree, a module per area.

    documents      parse, check, convert, demo          (no store)
    store          db upgrade|status|check, user create-clerk|create-admin
    server         serve, replay
    consultations  consultation do|show|log|document
    corpus         ingest, search, db maintain, sync, export
    links          links (what a stored document cites, who cites it)
    motions        motions list|show|sync (motion records, their decisions and votes)
    stats          stats, vragen (written questions as cases), alerts run|save-search|follow
    commitments    toezeggingen markeer|geschiedenis
    notify         meldingen (reminders and the outbox's mail), worker (the scheduled jobs under leases)
    bench          bench read|write|generate|ingest|search|api|analytics|entities|replicate

Shared options (``--database``, ``--json``), the settings and the one error printer live in
``common``. Each area module imports only Typer at its top and what a command needs inside
the command, so ``overleg --help`` and ``overleg parse`` do not pay for the store, the web app
or the corpus. Help is plain text (no rich formatting: it costs a tenth of a second).
"""

from __future__ import annotations

import typer

from overleg.cli import (
    bench,
    commitments,
    consultations,
    corpus,
    documents,
    links,
    motions,
    notify,
    server,
    stats,
    store,
)
from overleg.cli.common import OverlegGroup

app = typer.Typer(
    cls=OverlegGroup,
    help="overleg: read, run and serve parliamentary written consultations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for area in (documents, store, server, consultations, corpus, links, motions, stats, commitments, bench, notify):
    area.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
