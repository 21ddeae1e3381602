"""``overleg ingest``, ``search``, ``db maintain``, ``db reindex``, ``db names``, ``sync`` and ``export``:
the corpus on the command line.

Ingest, sync, export and maintenance act as the operator; search acts as the public.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from overleg.cli.common import DatabaseOption, JsonOption, date_option, service
from overleg.connectors.names import ExportFormat, SourceName

if TYPE_CHECKING:
    from overleg.service import Summary


class SortOrder(str, Enum):
    relevance = "relevance"
    date = "date"


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively): PDF, Word, text, "
                                                     "exchange JSON, JSON Lines.")],
    database: DatabaseOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Reader processes (default: all cores).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read documents into the store (migrating it first); unchanged documents are left alone,
    changed ones become a new version. Exit 1 when any file failed (the others still land)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from overleg.service import Credentials

    with service(database, migrated=False) as s, Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), disable=quiet, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        report = s.corpus.ingest(Credentials.operator(), paths, jobs=jobs,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    typer.echo(report.summary(), err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, AND / OR / NOT, (brackets), fields '
                                              '(groep:D66 lid:Bushoff van:2024-01-01 ...; docs/search.md).')],
    database: DatabaseOption = None,
    type: Annotated[str | None, typer.Option("--type", help="Document type, e.g. schriftelijke-vragen.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Parliamentary group (faction) or party.")] = None,
    asker: Annotated[str | None, typer.Option("--asker", help="Member who asked.")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Party of an asker.")] = None,
    committee: Annotated[str | None, typer.Option("--committee")] = None,
    ministry: Annotated[str | None, typer.Option(
        "--ministry", help="Ministry of the document (the one that answered, else the addressee).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    has_commitment: Annotated[bool, typer.Option("--has-commitment", help="Only items with a commitment.")] = False,
    referral_only: Annotated[bool, typer.Option("--referral-only", help="Only answers that merely refer.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)] = 20,
    sort: Annotated[SortOrder, typer.Option("--sort", help="relevance: best first; date: newest first.")]
    = SortOrder.relevance,
    as_json: JsonOption = False,
) -> None:
    """Search questions, answers, footnotes and titles (Dutch stemming, diacritics folded). A long
    plain query, or one ending with "?", is a pasted question: the OR of its words."""
    from overleg.service import Credentials, SearchFilters

    filters = SearchFilters(type=type, group=group, asker=asker, party=party, committee=committee,
                            ministry=ministry, date_from=date_option(date_from, "--from"),
                            date_to=date_option(date_to, "--to"), has_commitment=has_commitment,
                            referral_only=referral_only)
    with service(database) as s:
        found = s.search.search(Credentials.public(), query, filters, limit, sort=sort.value)
    hits = found.hits
    if as_json:
        typer.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if found.question:
        typer.echo(f"searched as a question: {found.searched}", err=True)
    for h in hits:
        where = f"item {h.item}" if h.item is not None else h.kind
        typer.echo(f"{h.document_id}  {where}  ({h.kind}, {h.score:.3f})\n    {h.snippet}")
    if not hits:
        typer.echo("no hits", err=True)
    if found.suggestion:
        typer.echo(f"did you mean: {found.suggestion}", err=True)


def maintain(database: DatabaseOption = None) -> None:
    """Keep the search index in step after bulk changes (ingest does it after 1,000 documents or
    more): merge every term's posting segments into one, dropping the postings of deleted
    entries; make the heads of large segments that lack them (run it once after upgrading to
    revision 0020); on PostgreSQL refresh the statistics."""
    from overleg.service import Credentials

    with service(database) as s:
        done = s.corpus.maintain(Credentials.operator())
        typer.echo(f"{s.database.display_url}: {done}")


def reindex(database: DatabaseOption = None,
            quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False) -> None:
    """Index every stored document again: after an upgrade that changes the register of names (the
    facet values of search, the groups and ministries of analytics), see docs/registers.md."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from overleg.service import Credentials

    with service(database) as s, Progress(TextColumn("reindex"), BarColumn(), MofNCompleteColumn(),
                                          console=Console(stderr=True), disable=quiet, transient=True) as bar:
        task = bar.add_task("reindex", total=None)
        n = s.corpus.reindex(Credentials.operator(), lambda done, total: bar.update(task, completed=done, total=total))
    typer.echo(f"{n} documents indexed again")


def names(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """The groups, ministries and committees the stored documents print that the register of names
    does not know: they are counted as printed; add them to the register (docs/registers.md)."""
    from overleg.service import Credentials

    with service(database) as s:
        total, unresolved = s.corpus.unresolved_names(Credentials.operator())
    if as_json:
        typer.echo(json.dumps({"names": total, "unresolved": [
            {"kind": u.kind, "printed": u.printed, "documents": u.documents} for u in unresolved]},
            ensure_ascii=False, indent=2))
        return
    typer.echo(f"{total} names printed, {sum(u.documents for u in unresolved)} not in the register:")
    for u in unresolved:
        typer.echo(f"  {u.kind:<9} {u.documents:>5}  {u.printed}")


def sync(
    source: Annotated[SourceName, typer.Option(
        "--source", help="tk: Tweede Kamer Open Data; ob: officielebekendmakingen")],
    since: Annotated[str, typer.Option(
        "--since", help="First date (YYYY-MM-DD) on a first run; after it the kept cursor wins (the store's, "
        "or the --state file's)")],
    types: Annotated[list[str] | None, typer.Option(
        "--soort", "--type", help="Open Data Soort (tk: 'Schriftelijke vragen', 'Mededeling (uitstel antwoord)', ...) "
        "or publication name (ob); repeatable (default: the written-questions and consultation kinds)")] = None,
    committee: Annotated[str | None, typer.Option(help="Only documents of this committee (tk: Voortouwnaam)")] = None,
    dossier: Annotated[str | None, typer.Option(help="Only this dossier (ob)")] = None,
    database: DatabaseOption = None,
    state: Annotated[Path | None, typer.Option(
        "--state", help="Keep the resumable state (the cursor) in this JSON file instead of the store")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="List what would be fetched (after the kept cursor, when there is one); fetch, store "
        "and save nothing")] = False,
    interval: Annotated[float, typer.Option(help="Minimum seconds between requests")] = 1.0,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="Service root instead of the real one ($OVERLEG_TK_BASE_URL, $OVERLEG_OB_BASE_URL)")] = None,
) -> None:
    """Fetch new and changed publications, read them and store them, resuming from the cursor the
    store keeps per source (or the --state file); see docs/connectors.md."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from overleg.errors import OverlegError
    from overleg.service import Credentials, Summary, SyncEntry, SyncOutcome

    start = date_option(since, "--since")
    assert start is not None
    summary = Summary()
    try:
        with service(database, migrated=not dry_run) as s, Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"sync {source.value}", total=None)

            def seen(entry: SyncEntry) -> None:
                progress.update(task, advance=1, description=f"sync {source.value}: {entry.name}")

            s.corpus.sync(Credentials.operator(), source, start, types=tuple(types or ()), committee=committee,
                          dossier=dossier, state=state, dry_run=dry_run, interval=interval, base_url=base_url,
                          on_entry=seen, summary=summary)
    except OverlegError:
        _report(summary, dry_run)  # what was done before the failure, then the failure's one line
        raise
    _report(summary, dry_run)
    if summary.counts[SyncOutcome.FAILED]:
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


def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, xlsx or akn")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write into (created)")],
    type: Annotated[str | None, typer.Option(
        "--type", help="Only documents of this type (e.g. schriftelijke-vragen)")] = None,
    ids: Annotated[list[str] | None, typer.Option(
        "--id", help="Only this document (repeat for more), e.g. kst-21501-02-3349")] = None,
    dialect: Annotated[str | None, typer.Option(
        "--dialect", help="CSV only: rfc4180 (default, comma) or excel-nl (semicolon, for a Dutch Excel)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Dump the store as open data: JSON Lines, CSV or XLSX (one row per item) or AKN per document;
    the whole store, or the documents of one --type, or those named with --id."""
    from overleg.service import Credentials

    with service(database) as s:
        n = s.corpus.export(Credentials.operator(), format, out, type=type, ids=tuple(ids or ()), dialect=dialect)
    typer.echo(f"{n} documents written to {out}")


def register(app: typer.Typer) -> None:
    from overleg.cli.store import db_app

    app.command()(ingest)
    app.command()(search)
    app.command()(sync)
    app.command()(export)
    db_app.command("maintain")(maintain)
    db_app.command("reindex")(reindex)
    db_app.command("names")(names)
