"""The command line: ``overleg parse``, ``check``, ``convert``, ``demo``, ``db``, ``user``, ``serve``,
``replay``, ``consultation``, ``sync``, ``export``, ``stats``, ``alerts``.

Every command turns an OverlegError into one line on stderr and exit status 2; anything else
escaping is a defect and keeps its traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from overleg import bench, convert, exchange
from overleg.connectors import cli as connectors_cli
from overleg.corpus import cli as corpus_cli
from overleg.corpus import stats_cli
from overleg.errors import OverlegError
from overleg.model import Document
from overleg.readers import read, read_all
from overleg.server_cli import consultation_app, replay, serve
from overleg.store.cli import db_app, user_app

app = typer.Typer(
    help="overleg: read, run and serve parliamentary written consultations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(bench.app, name="bench")
app.add_typer(consultation_app, name="consultation")
app.command("serve")(serve)
app.command("replay")(replay)
corpus_cli.register(app)  # ingest, search, and the corpus benchmarks under bench
stats_cli.register(app)  # stats, alerts

EXAMPLES = Path(__file__).parent / "examples"


class OutputFormat(str, Enum):
    json = "json"
    summary = "summary"


def summary(doc: Document) -> str:
    """One paragraph a person can read: what the document is and what the reader found."""
    answered = sum(1 for i in doc.items if i.answer)
    parts = [
        f"{doc.id or '(no id)'}  {doc.type.value}",
        f"  {doc.title or doc.subject or (doc.dossier.title if doc.dossier else '') or ''}".rstrip(),
        f"  {len(doc.items)} items ({answered} answered), {len(doc.factions)} factions, "
        f"{len(doc.footnotes)} footnotes, {len(doc.motions)} motions, {len(doc.commitments)} commitments, "
        f"{len(doc.deferrals)} deferrals, {len(doc.problems)} problems",
    ]
    return "\n".join(p for p in parts if p.strip())


def _fail(e: OverlegError) -> typer.Exit:
    typer.echo(f"overleg: {e.one_line()}", err=True)
    return typer.Exit(2)


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Documents to read (PDF, Word, text, exchange JSON).")],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json (default) or summary")
    ] = OutputFormat.json,
    strict: Annotated[bool, typer.Option(help="Fail (exit 1) when the reader reports problems.")] = False,
    metadata: Annotated[Path | None, typer.Option(
        "--metadata", help="metadata.xml of an official XML publication (else X.metadata.xml beside it)")] = None,
    all_documents: Annotated[bool, typer.Option(
        "--all", help="Read every document of a file holding several (JSON Lines, one document a line)")] = False,
) -> None:
    """Read documents and print their exchange JSON (JSON Lines for several files or with --all)."""
    failed = False
    with_problems = False
    for path in files:
        try:
            if all_documents:
                docs = read_all(path)
            else:
                docs = [read(path) if metadata is None else _read_with_metadata(path, metadata)]
        except OverlegError as e:
            typer.echo(f"overleg: {e.one_line()}", err=True)
            failed = True
            continue
        for doc in docs:
            with_problems = with_problems or bool(doc.problems)
            if format is OutputFormat.summary:
                typer.echo(summary(doc))
            else:
                typer.echo(exchange.to_json(doc, indent=2 if len(files) == 1 and not all_documents else None))
    if failed:
        raise typer.Exit(2)
    if strict and with_problems:
        typer.echo("overleg: the reader reported problems (see `overleg check`)", err=True)
        raise typer.Exit(1)


def _read_with_metadata(path: Path, metadata: Path) -> Document:
    from overleg.readers import official_xml
    from overleg.readers.source import Format, Source

    src, meta = Source.from_path(path), Source.from_path(metadata)
    if src.sniff() is Format.XML and official_xml.is_official(official_xml.parse_official(src)):
        return official_xml.read(src, metadata=meta.data)
    return read(src)


@app.command()
def check(file: Annotated[Path, typer.Argument(help="The document to check.")]) -> None:
    """List the problems the reader noticed, with their place; exit 1 when there are any."""
    try:
        doc = read(file)
    except OverlegError as e:
        raise _fail(e) from None
    for p in doc.problems:
        where = f"{p.where}: " if p.where else ""
        typer.echo(f"{file}: {where}{p.code}: {p.message}")
    typer.echo(f"{file}: {len(doc.items)} items, {len(doc.problems)} problems")
    if doc.problems:
        raise typer.Exit(1)


app.command("convert")(convert.command)
app.command("sync")(connectors_cli.sync)
app.command("export")(connectors_cli.export_command)


@app.command()
def demo() -> None:
    """Read every bundled example document and print a summary of each."""
    for path in sorted(EXAMPLES.iterdir()):
        if path.name.startswith(("README", "SOURCES")) or path.name.endswith(".patch"):
            continue
        try:
            typer.echo(f"{path.name}\n{summary(read(path))}\n")
        except OverlegError as e:
            typer.echo(f"{path.name}: {e.one_line()}\n", err=True)


def main() -> None:
    try:
        app()
    except OverlegError as e:  # a command that forgot to catch: still one line, never a traceback
        typer.echo(f"overleg: {e.one_line()}", err=True)
        sys.exit(2)


__all__ = ["app", "main"]
