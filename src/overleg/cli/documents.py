"""``overleg parse``, ``check``, ``convert`` and ``demo``: documents in, documents out, no store."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from overleg import EXAMPLES
from overleg.cli.common import complain, settings
from overleg.errors import OverlegError

if TYPE_CHECKING:
    from overleg.model import Document

# overleg.writers.formats(); kept here: --help imports no writer
FORMATS_HELP = "json, txt, html, pdf, akn, docx, csv, xlsx"


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
    from overleg import exchange
    from overleg.readers import read, read_all

    patches = settings().patch_dirs
    failed = with_problems = False
    for path in files:
        try:
            if all_documents:
                docs = read_all(path, patches=patches)
            elif metadata is not None:
                docs = [_read_with_metadata(path, metadata, patches)]
            else:
                docs = [read(path, patches=patches)]
        except OverlegError as e:  # the next file is still read
            complain(e)
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


def _read_with_metadata(path: Path, metadata: Path, patches: tuple[Path, ...]) -> Document:
    from overleg.readers import official_xml, read
    from overleg.readers.source import Format, Source

    src, meta = Source.from_path(path), Source.from_path(metadata)
    if src.sniff() is Format.XML and official_xml.is_official(official_xml.parse_official(src)):
        return official_xml.read(src, metadata=meta.data)
    return read(src, patches=patches)


def check(file: Annotated[Path, typer.Argument(help="The document to check.")]) -> None:
    """List the problems the reader noticed, with their place; exit 1 when there are any."""
    from overleg.readers import read

    doc = read(file, patches=settings().patch_dirs)
    for p in doc.problems:
        where = f"{p.where}: " if p.where else ""
        typer.echo(f"{file}: {where}{p.code}: {p.message}")
    typer.echo(f"{file}: {len(doc.items)} items, {len(doc.problems)} problems")
    if doc.problems:
        raise typer.Exit(1)


def convert(
    source: Annotated[Path, typer.Argument(metavar="INPUT", help="The document to convert (PDF, Word, text, "
                                           "exchange JSON, Akoma Ntoso XML).")],
    to: Annotated[str, typer.Option("--to", "-t", help=f"Output format: {FORMATS_HELP}.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File or folder to write; standard output when left out.")
    ] = None,
    dialect: Annotated[str | None, typer.Option(
        "--dialect", help="CSV only: rfc4180 (default, comma) or excel-nl (semicolon, for a Dutch Excel)")] = None,
) -> None:
    """Convert a document to another format; see docs/writers.md for each format.

    Without ``-o`` (or with ``-o -``) the output goes to standard output; with ``-o`` naming a
    folder it is written there as ``<INPUT's stem><format's suffix>``."""
    from overleg import writers
    from overleg.errors import UnsupportedFormat
    from overleg.readers import read

    spec = writers.spec(to)  # an unknown format or dialect fails before the input is read
    if dialect is not None and spec.name != "csv":
        raise UnsupportedFormat(f"--dialect is for csv only, not {spec.name}")
    if dialect is not None:
        from overleg.writers import csv as csv_writer

        chosen = csv_writer.dialect(dialect)
        result: str | bytes = csv_writer.write(read(source, patches=settings().patch_dirs), chosen)
    else:
        result = spec.load()(read(source, patches=settings().patch_dirs))
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = output / (source.stem + spec.suffix) if output.is_dir() else output
    try:
        target.write_bytes(data)
    except OSError as e:
        typer.echo(f"overleg: {output}: cannot write ({e.strerror})", err=True)
        raise typer.Exit(2) from None


def demo() -> None:
    """Read every bundled example document and print a summary of each, then the bundled motions."""
    from overleg.readers import read
    from overleg.readers.motion import read_motion

    for path in sorted(EXAMPLES.iterdir()):
        if path.name.startswith(("README", "SOURCES")) or path.name.endswith(".patch") or path.is_dir():
            continue
        try:
            typer.echo(f"{path.name}\n{summary(read(path))}\n")
        except OverlegError as e:
            typer.echo(f"{path.name}: {e.one_line()}\n", err=True)
    for path in sorted((EXAMPLES / "moties").glob("*.*")):  # motions are records, not question documents
        try:
            m = read_motion(path)
        except OverlegError as e:
            typer.echo(f"moties/{path.name}: {e.one_line()}\n", err=True)
            continue
        typer.echo(f"moties/{path.name}\n  motie {m.id}: {m.title}\n  {m.date_text or 'datum onbekend'}; "
                   f"{', '.join(m.submitters)}; {len(m.considerations)} overwegingen, {len(m.requests)} verzoek(en)\n")


def register(app: typer.Typer) -> None:
    app.command()(parse)
    app.command()(check)
    app.command()(convert)
    app.command()(demo)
