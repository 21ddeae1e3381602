"""``overleg bench ...``: the benchmarks of docs/benchmarks*.md (measuring code: ``overleg.bench``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

bench_app = typer.Typer(help="Measure overleg against the project's speed budgets.", no_args_is_help=True)
WriteTo = Annotated[Path | None, typer.Option("--write", help="Update this Markdown file (e.g. docs/benchmarks.md).")]


@bench_app.command("read")
def bench_read(
    runs: Annotated[int, typer.Option(min=1, help="Runs per in-process measurement (median reported).")] = 30,
    large: Annotated[bool, typer.Option(help="Include the 10 MB run (takes a subprocess).")] = True,
    write_to: WriteTo = None,
) -> None:
    """Time the readers on the seed text, a 4-page PDF and 10 MB of text; print a Markdown table."""
    from overleg.bench import readers as b

    machine_lines = b.machine()
    rows = [b.time_reading("seed report, text, in-process", b.SEED, runs, 20)]
    pdf = b.four_page_pdf()
    if pdf is None:
        rows.append(b.Row("4-page Aanhangsel PDF", "none bundled", 0, None, 40, "failed: no 4-page PDF in examples"))
    else:
        rows.append(b.time_reading("4-page Aanhangsel PDF, with extraction", pdf, runs, 40))
    if large:
        rows.append(b.time_large_text())
    section = b.table(rows, machine_lines)
    typer.echo(section)
    if write_to is not None:
        b.write(write_to, section)
        typer.echo(f"\nwritten to {write_to}", err=True)


@bench_app.command("write")
def bench_write(
    runs: Annotated[int, typer.Option(min=1, help="Runs per measurement (median reported).")] = 30,
    write_to: WriteTo = None,
) -> None:
    """Time the writers on the seed report (html, akn, and pdf when it exists); print a Markdown table."""
    from overleg.bench import readers as b

    section = b.table(b.writer_rows(runs), b.machine())
    typer.echo(section)
    if write_to is not None:
        b.write(write_to, section, (b.WRITE_START, b.WRITE_END))
        typer.echo(f"\nwritten to {write_to}", err=True)


def register(app: typer.Typer) -> None:
    from overleg.corpus.bench import bench_app as corpus_bench  # moved here with the corpus package
    from overleg.corpus.bench_api import api_command

    bench_app.registered_commands.extend(corpus_bench.registered_commands)
    bench_app.command("api")(api_command)
    app.add_typer(bench_app, name="bench")
