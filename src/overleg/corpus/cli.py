"""``overleg ingest`` and ``overleg search`` (and ``overleg bench``: see ``corpus.bench``).

``register(app)`` adds them to the main Typer app. The store and the readers are imported inside
the commands so that ``overleg parse`` does not pay for them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from overleg.errors import OverlegError

Database = Annotated[
    str | None,
    typer.Option("--database", help="Database URL; default $OVERLEG_DATABASE_URL, else sqlite:///./overleg.db"),
]


def _fail(e: OverlegError) -> typer.Exit:
    typer.echo(f"overleg: {e.one_line()}", err=True)
    return typer.Exit(2)


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively): PDF, Word, text, "
                                                     "exchange JSON, JSON Lines.")],
    database: Database = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Reader processes (default: all cores).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read documents into the store (migrating it first); unchanged documents are left alone,
    changed ones become a new version. Exit 1 when any file failed (the others still land)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from overleg.corpus.ingest.pipeline import ingest
    from overleg.store import open_store

    try:
        with open_store(database) as store:
            store.upgrade()
            with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=Console(stderr=True), disable=quiet, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                report = ingest(paths, store, jobs=jobs,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    except OverlegError as e:
        raise _fail(e) from None
    typer.echo(report.summary(), err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND / OR / NOT, (brackets).')],
    database: Database = None,
    type: Annotated[str | None, typer.Option("--type", help="Document type, e.g. schriftelijke-vragen.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Parliamentary group (faction) or party.")] = None,
    asker: Annotated[str | None, typer.Option("--asker", help="Member who asked.")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Party of an asker.")] = None,
    committee: Annotated[str | None, typer.Option("--committee")] = None,
    ministry: Annotated[str | None, typer.Option("--ministry", help="Ministry or addressee.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    has_commitment: Annotated[bool, typer.Option("--has-commitment", help="Only items with a commitment.")] = False,
    referral_only: Annotated[bool, typer.Option("--referral-only", help="Only answers that merely refer.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list of hits.")] = False,
) -> None:
    """Search questions, answers, footnotes and titles (Dutch stemming, diacritics folded)."""
    from overleg.corpus.search.filters import SearchFilters
    from overleg.corpus.search.ranking import search
    from overleg.store import open_store

    try:
        filters = SearchFilters(type=type, group=group, asker=asker, party=party, committee=committee,
                                ministry=ministry, date_from=_date(date_from, "--from"),
                                date_to=_date(date_to, "--to"), has_commitment=has_commitment,
                                referral_only=referral_only)
        with open_store(database, require_migrated=True) as store:
            hits = search(store, query, filters, limit)
    except OverlegError as e:
        raise _fail(e) from None
    if as_json:
        typer.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    for h in hits:
        where = f"item {h.item}" if h.item is not None else h.kind
        typer.echo(f"{h.document_id}  {where}  ({h.kind}, {h.score:.3f})\n    {h.snippet}")
    if not hits:
        typer.echo("no hits", err=True)


def _date(value: str | None, option: str) -> dt.date | None:
    from overleg.corpus.search.query import QueryError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def maintain_command(database: Database = None) -> None:
    """Keep the search index in step after bulk changes (ingest does it after 1,000 documents or
    more): on PostgreSQL merge the GIN pending lists, build the partial index of the newest
    entries again once the table has outgrown it, refresh the statistics. SQLite needs nothing."""
    from overleg.corpus.search.pgwindow import maintain, recent_indexes
    from overleg.store import open_store
    from overleg.store.engine import write

    try:
        with open_store(database, require_migrated=True) as store:
            if store.dialect != "postgresql":
                typer.echo(f"{store.display_url}: nothing to maintain on {store.dialect}")
                return
            with write(store.engine) as conn:
                maintain(conn)
                recent = recent_indexes(conn)
    except OverlegError as e:
        raise _fail(e) from None
    index = f"partial index {recent[0]}" if recent else "no partial index (the table is small)"
    typer.echo(f"{store.display_url}: pending lists merged, {index}, statistics refreshed")


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``search`` to the main app, ``maintain`` to ``overleg db``, and the
    corpus benchmarks (generate, ingest, search, replicate, api) to ``overleg bench`` beside the
    reader and writer benchmarks."""
    from overleg import bench
    from overleg.corpus.bench import bench_app
    from overleg.corpus.bench_api import api_command
    from overleg.store.cli import db_app

    app.command("ingest")(ingest_command)
    app.command("search")(search_command)
    db_app.command("maintain")(maintain_command)
    bench.app.registered_commands.extend(bench_app.registered_commands)
    bench.app.command("api")(api_command)
