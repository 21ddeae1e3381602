"""``overleg convert INPUT --to FORMAT [-o OUT]``: read any document, write it in another format.

INPUT is anything ``overleg.read`` reads (PDF, Word, text, exchange JSON, Akoma Ntoso XML);
FORMAT is a row of ``overleg.writers.WRITERS``. Without ``-o`` (or with ``-o -``) the output
goes to standard output; with ``-o`` naming a folder it is written there as
``<INPUT's stem><format's suffix>``. Errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from overleg import writers
from overleg.errors import OverlegError
from overleg.readers import read

_FORMATS_HELP = ", ".join(writers.formats())


def convert_file(source: Path, format: str, out: Path | None = None) -> bytes | None:
    """Read ``source`` and write it as ``format``; return the bytes when ``out`` is None (stdout)."""
    spec = writers.spec(format)  # an unknown format fails before the input is read
    result = spec.load()(read(source))
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if out is None or str(out) == "-":
        return data
    target = out / (source.stem + spec.suffix) if out.is_dir() else out
    target.write_bytes(data)
    return None


def command(
    source: Annotated[Path, typer.Argument(metavar="INPUT", help="The document to convert (PDF, Word, text, "
                                           "exchange JSON, Akoma Ntoso XML).")],
    to: Annotated[str, typer.Option("--to", "-t", help=f"Output format: {_FORMATS_HELP}.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File or folder to write; standard output when left out.")
    ] = None,
) -> None:
    """Convert a document to another format; see docs/writers.md for each format."""
    try:
        data = convert_file(source, to, output)
    except OverlegError as e:
        typer.echo(f"overleg: {e.one_line()}", err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        typer.echo(f"overleg: {output}: cannot write ({e.strerror})", err=True)
        raise typer.Exit(2) from None
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
