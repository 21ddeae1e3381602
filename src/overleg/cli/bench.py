"""``overleg bench ...``: the benchmarks of docs/benchmarks*.md (measuring code: ``overleg.bench``).

    read, write                                                   overleg.bench.readers
    generate, ingest, search, replicate, analytics, entities      overleg.bench.corpus
    anchors                                                       overleg.bench.anchors
    api                                                           overleg.bench.api
    page                                                          overleg.bench.page
    steps                                                         overleg.bench.steps

Each command imports its measuring module when it runs, so that ``overleg --help`` does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

bench_app = typer.Typer(help="Measure overleg against the project's speed budgets.", no_args_is_help=True)
WriteTo = Annotated[Path | None, typer.Option("--write", help="Update this Markdown file (e.g. docs/benchmarks.md).")]
Databases = Annotated[list[str], typer.Option("--database", help="Database URL; repeat to compare databases.")]


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


@bench_app.command("generate")
def bench_generate(
    items: Annotated[int, typer.Option("--items", min=1, help="About this many items in all.")] = 100_000,
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Lines files.")] = Path("bench-corpus"),
    seed: Annotated[int, typer.Option("--seed")] = 1,
    documents: Annotated[int | None, typer.Option("--documents", min=1,
                                                  help="This many documents (instead of --items).")] = None,
    written_questions: Annotated[float | None, typer.Option(
        "--written-questions", min=0.0, max=1.0,
        help="Share of written questions among the documents (default 0.2; the rest are reports).")] = None,
) -> None:
    """Write a synthetic corpus (reports and written questions built from the bundled examples)."""
    from overleg.bench import corpus

    typer.echo(corpus.generate_corpus(items, out, seed, documents, written_questions))


@bench_app.command("ingest")
def bench_ingest(
    folder: Annotated[Path, typer.Argument(help="A generated corpus.")],
    database: Databases,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j")] = None,
) -> None:
    """Ingest ``folder`` into each database (migrating it) and print the time taken."""
    from overleg.bench import corpus

    corpus.time_ingest(folder, database, jobs, typer.echo, lambda line: typer.echo(line, err=True))


@bench_app.command("search")
def bench_search(
    database: Databases,
    runs: Annotated[int, typer.Option("--runs", min=3, help="Runs of each query (after one warm-up).")] = 30,
    cold: Annotated[bool, typer.Option("--cold", help="Forget the decoded postings kept between searches "
                                                      "before each run (a word's first search).")] = False,
) -> None:
    """Time the top-20 search of common and rare single terms and other query forms: p50 and p95 in ms."""
    from overleg.bench import corpus

    corpus.time_search(database, runs, typer.echo, cold=cold)


@bench_app.command("anchors")
def bench_anchors(
    corpus_dir: Annotated[Path, typer.Argument(help="A corpus of overleg bench generate.", exists=True,
                                               file_okay=False)],
    work: Annotated[Path, typer.Option("--work", help="Where the engines' indexes (and overleg's store) go.")],
    database: Annotated[str | None, typer.Option("--database", help="An ingested store of this corpus: search it "
                                                                    "instead of ingesting into --work.")] = None,
    tantivy_python: Annotated[str | None, typer.Option(
        "--tantivy-python", help="A Python with the tantivy package (its own virtualenv).")] = None,
    runs: Annotated[int, typer.Option("--runs", min=3, help="Runs of each query (after one warm-up).")] = 20,
) -> None:
    """overleg's search beside bare SQLite FTS5 and tantivy on the same documents and queries:
    latencies, ingest speed and size, in one run."""
    from overleg.bench import anchors
    from overleg.errors import OverlegError

    try:
        anchors.compare(corpus_dir, work, runs, typer.echo, database=database, tantivy_python=tantivy_python)
    except OverlegError as e:
        typer.echo(f"overleg: {e.one_line()}", err=True)
        raise typer.Exit(2) from None


@bench_app.command("replicate")
def bench_replicate(
    database: Databases,
    items: Annotated[int, typer.Option("--items", min=1, help="Grow the search index to about this many items.")],
) -> None:
    """Grow the search index (only) by copies of the ingested entries under new ids, in SQL: the
    search benchmark at a million items without ingesting a million items on a shared machine.
    Copies are ``ID~k``; documents, links and the other tables stay as ingested."""
    from overleg.bench import corpus

    corpus.replicate_index(database, items, typer.echo)


@bench_app.command("analytics")
def bench_analytics(database: Databases) -> None:
    """Time analytics on each database: loading the corpus's facts cold (a new process's first
    request) and warm, then every figure (seconds)."""
    from overleg.bench import corpus

    corpus.time_analytics(database, typer.echo)


@bench_app.command("entities")
def bench_entities(database: Databases) -> None:
    """Time the entity pages' view (``corpus.analytics.entities.build_corpus_view``) cold (facts not
    loaded yet) and warm, the process's peak memory, and reading the first, middle and last page
    of each kind's biggest entity (milliseconds)."""
    from overleg.bench import corpus

    corpus.time_entities(database, typer.echo)


@bench_app.command("api")
def bench_api(
    database: Annotated[str, typer.Option("--database", help="Database URL of an ingested corpus (read only).")],
    seconds: Annotated[int, typer.Option("--seconds", min=1, max=3600, help="How long wrk runs.")] = 10,
    connections: Annotated[int, typer.Option("--connections", min=1, max=1000, help="Open connections.")] = 16,
    threads: Annotated[int, typer.Option("--threads", min=1, max=64, help="wrk threads.")] = 2,
    facets: Annotated[bool, typer.Option("--facets", help="Ask for facet counts too.")] = False,
    pages: Annotated[bool, typer.Option("--pages/--no-pages",
                                        help="Keep search pages in the server (its default), or keep none: "
                                             "every request of the repeating mix is then scored.")] = True,
) -> None:
    """Searches per second through GET /api/search, one server worker, driven by wrk."""
    from overleg.bench import api
    from overleg.errors import OverlegError

    try:
        table = api.search_rate(database, seconds, connections, threads, facets, pages)
    except OverlegError as e:  # exit 2 whatever the error, as a failed measurement
        typer.echo(f"overleg: {e.one_line()}", err=True)
        raise typer.Exit(2) from None
    typer.echo(table)


@bench_app.command("page")
def bench_page(
    database: Annotated[str, typer.Option("--database", help="Database URL of an ingested corpus (read only).")],
    path: Annotated[str, typer.Option("--path", help="The page to ask for.")] = "/documents/kst-21501-02-3349",
    seconds: Annotated[int, typer.Option("--seconds", min=1, max=600, help="How long wrk runs per case.")] = 5,
    connections: Annotated[list[int] | None, typer.Option("--connections", min=1, max=1000,
                                                          help="Open connections (repeat for more runs).")] = None,
    code: Annotated[Path | None, typer.Option("--code", help="Serve another checkout's src (before a change).")]
    = None,
) -> None:
    """A web page's requests per second and bytes sent, without and with gzip and as a 304, one worker."""
    from overleg.bench import page
    from overleg.errors import OverlegError

    try:
        table = page.page_rate(database, path, seconds, tuple(connections or (1, 4)), code)
    except OverlegError as e:  # exit 2 whatever the error, as a failed measurement
        typer.echo(f"overleg: {e.one_line()}", err=True)
        raise typer.Exit(2) from None
    typer.echo(table)


@bench_app.command("steps")
def bench_steps(
    questions: Annotated[int, typer.Option("--questions", min=5, help="Questions in each consultation (5 groups).")]
    = 200,
    runs: Annotated[int, typer.Option("--runs", min=1, help="GETs per page after two warm-ups.")] = 30,
    database: Annotated[str | None, typer.Option("--database", help="An EMPTY store to fill (default: a "
                                                 "temporary SQLite file).")] = None,
    write_to: WriteTo = None,
) -> None:
    """Time every step's page per role (median, p95) with one server worker, a consultation of
    --questions questions from five groups in each state; pages not built yet are listed as absent."""
    from overleg.bench import readers, steps

    section = steps.run(questions, runs, database, lambda line: typer.echo(line, err=True))
    typer.echo(section)
    if write_to is not None:
        readers.write(write_to, section, (steps.START, steps.END))
        typer.echo(f"\nwritten to {write_to}", err=True)


@bench_app.command("load")
def bench_load(
    database: Annotated[str, typer.Option("--database", help="Database URL of an ingested corpus (the staff's "
                                          "consultations and users are added once).")],
    workers: Annotated[list[int] | None, typer.Option("--workers", min=1, max=64,
                                                      help="Server workers (repeat for more runs).")] = None,
    users: Annotated[int, typer.Option("--users", min=1, max=5000, help="Simulated users.")] = 200,
    seconds: Annotated[int, typer.Option("--seconds", min=5, max=3600, help="How long each run lasts.")] = 60,
    think: Annotated[float, typer.Option("--think", min=0.0, max=60.0,
                                         help="Mean think time between a user's requests (0: no pause).")] = 1.0,
    staff: Annotated[float, typer.Option("--staff", min=0.0, max=1.0, help="Share of staff among the users.")]
    = 0.25,
    write_to: WriteTo = None,
) -> None:
    """Readers and staff on `overleg serve --workers N`, for each N: requests per second, p50/p95/p99
    and errors, per run and per kind of request."""
    from overleg.bench import load, readers
    from overleg.errors import OverlegError

    def say(line: str) -> None:
        typer.echo(line, err=True)

    try:
        prepared = load.prepare(database, say)
        results = []
        for n in workers or [1, 2, 4]:
            result = load.run_once(prepared, n, users, seconds, think, staff)
            say(f"{n} workers: {result.requests / result.seconds:.1f} requests/s, {result.errors} errors")
            results.append(result)
    except OverlegError as e:  # exit 2 whatever the error, as a failed measurement
        typer.echo(f"overleg: {e.one_line()}", err=True)
        raise typer.Exit(2) from None
    section = load.table(prepared, results, think, staff)
    typer.echo(section)
    if write_to is not None:
        readers.write(write_to, section, (load.START, load.END))
        typer.echo(f"\nwritten to {write_to}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
