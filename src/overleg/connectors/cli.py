"""The commands ``overleg sync`` and ``overleg export`` (registered in ``overleg.cli``)."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from overleg.connectors import opendata
from overleg.connectors.export import ExportFormat, export
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.sync import Entry, Outcome, SourceName, State, Summary, ob_entries, run, tk_entries
from overleg.errors import OverlegError

Database = Annotated[
    str | None,
    typer.Option("--database", help="Database URL; default $OVERLEG_DATABASE_URL, else sqlite:///./overleg.db"),
]


def _fail(e: OverlegError) -> typer.Exit:
    typer.echo(f"overleg: {e.one_line()}", err=True)
    return typer.Exit(2)


def sync(
    source: Annotated[SourceName, typer.Option(
        "--source", help="tk: Tweede Kamer Open Data; ob: officielebekendmakingen")],
    since: Annotated[str, typer.Option(
        "--since", help="First date (YYYY-MM-DD) on a first run; the state file wins after")],
    types: Annotated[list[str] | None, typer.Option(
        "--type", help="Open Data Soort (tk) or publication name (ob); repeatable (default: question kinds)")] = None,
    committee: Annotated[str | None, typer.Option(help="Only documents of this committee (tk: Voortouwnaam)")] = None,
    dossier: Annotated[str | None, typer.Option(help="Only this dossier (ob)")] = None,
    database: Database = None,
    state: Annotated[Path | None, typer.Option("--state", help="Resumable state file (JSON)")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="List what would be fetched; fetch and store nothing")] = False,
    interval: Annotated[float, typer.Option(help="Minimum seconds between requests")] = 1.0,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Service root instead of the real one ($OVERLEG_TK_BASE_URL, $OVERLEG_OB_BASE_URL)")] = None,
) -> None:
    """Fetch new and changed publications, read them and store them (see docs/connectors.md)."""
    try:
        start = dt.date.fromisoformat(since)
    except ValueError:
        typer.echo(f"overleg: --since {since!r}: expected a date YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    if base_url:
        os.environ["OVERLEG_TK_BASE_URL" if source is SourceName.TK else "OVERLEG_OB_BASE_URL"] = base_url
    console = Console(stderr=True)
    summary = Summary()
    try:
        with ExitStack() as stack:
            client = stack.enter_context(PoliteClient(Politeness(min_interval=interval)))
            store = None
            if not dry_run:
                from overleg.store import open_store

                store = stack.enter_context(open_store(database, require_migrated=True))
            cursor = State.load(state, source.value).cursor  # a resumed run lists from where it stopped
            if source is SourceName.TK:
                soorten = tuple(types or opendata.QUESTION_SOORTEN)
                entries = tk_entries(client, cursor or f"{start.isoformat()}T00:00:00Z", soorten, committee, summary)
            else:
                since_date = dt.date.fromisoformat(cursor[:10]) if cursor else start
                entries = ob_entries(client, since_date, tuple(types or ()), dossier)
            progress = stack.enter_context(Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                console=console, transient=True))
            task = progress.add_task(f"sync {source.value}", total=None)

            def seen(entry: Entry) -> None:
                progress.update(task, advance=1, description=f"sync {source.value}: {entry.name}")

            run(entries, client, store, state, source.value, dry_run=dry_run, on_entry=seen, summary=summary)
    except OverlegError as e:
        _report(summary, dry_run)
        raise _fail(e) from None
    _report(summary, dry_run)
    if summary.counts[Outcome.FAILED]:
        raise typer.Exit(1)


def _report(summary: Summary, dry_run: bool) -> None:
    if dry_run:
        for entry in summary.listed:
            typer.echo(f"{entry.name}\t{entry.cursor}\t{entry.url}")
        typer.echo(f"{len(summary.listed)} to fetch", err=True)
        return
    typer.echo(summary.line())
    for name, reason in summary.failures:
        typer.echo(f"failed: {name}: {reason}", err=True)


def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv or akn")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write into (created)")],
    database: Database = None,
) -> None:
    """Dump the whole store as open data: JSON Lines, CSV (one row per item) or AKN per document."""
    from overleg.store import open_store

    try:
        with open_store(database, require_migrated=True) as store:
            n = export(store.documents, format, out)
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(f"{n} documents written to {out}")
