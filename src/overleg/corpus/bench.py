"""``overleg bench``: generate a synthetic corpus, measure ingest and search on SQLite and PostgreSQL.

    overleg bench generate --items 1000000 --out bench-corpus
    overleg bench ingest bench-corpus --database sqlite:////tmp/b.db --database postgresql://...
    overleg bench search --database sqlite:////tmp/b.db --database postgresql://... [--runs 30]
    overleg bench entities --database sqlite:////tmp/b.db   # the entity pages' view and a page

Results print as Markdown table rows (docs/benchmarks-corpus.md keeps the measured ones).
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Annotated

import typer

bench_app = typer.Typer(help="Scale tests: generate a synthetic corpus, measure ingest and search.",
                        no_args_is_help=True)

Databases = Annotated[list[str], typer.Option("--database", help="Database URL; repeat to compare databases.")]

# single terms from the most common words down to rare ones, then the other query forms
SINGLE_TERMS = ("de", "het", "van", "en", "kabinet", "minister", "vraag", "sancties", "klimaat", "Rafah",
                "cryptografie", "Oekraine")
OTHER_QUERIES = ('"humanitaire hulp"', "minist*", "Gaza NOT Rafah", "kabinet AND (sancties OR wapens)")


def machine() -> str:
    """The machine a figure was measured on, for the table."""
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores{load}, Python {platform.python_version()}"


@bench_app.command("generate")
def generate_command(
    items: Annotated[int, typer.Option("--items", min=1, help="About this many items in all.")] = 100_000,
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Lines files.")] = Path("bench-corpus"),
    seed: Annotated[int, typer.Option("--seed")] = 1,
) -> None:
    """Write a synthetic corpus (reports and written questions built from the bundled examples)."""
    from overleg.bench import generate

    started = time.perf_counter()
    documents, written = generate.write_corpus(out, math.ceil(items / generate.MEAN_ITEMS), seed)
    typer.echo(f"{documents} documents, {written} items in {out} ({time.perf_counter() - started:.1f} s)")


@bench_app.command("ingest")
def ingest_command(
    folder: Annotated[Path, typer.Argument(help="A generated corpus.")],
    database: Databases,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j")] = None,
) -> None:
    """Ingest ``folder`` into each database (migrating it) and print the time taken."""
    from overleg.corpus.ingest.pipeline import ingest
    from overleg.store import open_store

    typer.echo(f"machine: {machine()}")
    typer.echo("| database | documents | items | seconds | documents/s |\n|---|---|---|---|---|")
    for url in database:
        with open_store(url) as store:
            store.upgrade()
            started = time.perf_counter()
            report = ingest([folder], store, jobs=jobs)
            took = time.perf_counter() - started
            with store.engine.connect() as conn:
                from sqlalchemy import func, select

                from overleg.store.schema import document_items
                items = conn.execute(select(func.count()).select_from(document_items)).scalar()
            done = report.new_documents + report.new_versions + report.unchanged
            typer.echo(f"| {store.dialect} | {done} | {items} | {took:.1f} | {done / took:.0f} |")
            if not report.ok:
                typer.echo(report.summary(), err=True)


@bench_app.command("search")
def search_command(
    database: Databases,
    runs: Annotated[int, typer.Option("--runs", min=3, help="Runs of each query (after one warm-up).")] = 30,
) -> None:
    """Time the top-20 search of common and rare single terms and other query forms: p50 and p95 in ms."""
    from overleg.corpus.search.ranking import search
    from overleg.store import open_store

    typer.echo(f"machine: {machine()}")
    stores = [open_store(url, require_migrated=True) for url in database]
    try:
        typer.echo("| query | " + " | ".join(f"{s.dialect} p50 / p95 ms" for s in stores) + " |")
        typer.echo("|---|" + "---|" * len(stores))
        single: list[list[float]] = [[] for _ in stores]
        for query in (*SINGLE_TERMS, *OTHER_QUERIES):
            cells = []
            for n, store in enumerate(stores):
                search(store, query)
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    search(store, query)
                    times.append((time.perf_counter() - started) * 1000)
                if query in SINGLE_TERMS:
                    single[n] += times
                cells.append(f"{statistics.median(times):.1f} / {_p95(times):.1f}")
            typer.echo(f"| `{query}` | " + " | ".join(cells) + " |")
        typer.echo("| **all single terms** | " + " | ".join(
            f"{statistics.median(t):.1f} / **{_p95(t):.1f}**" for t in single) + " |")
    finally:
        for store in stores:
            store.close()


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


@bench_app.command("replicate")
def replicate_command(
    database: Databases,
    items: Annotated[int, typer.Option("--items", min=1, help="Grow the search index to about this many items.")],
) -> None:
    """Grow the search index (only) by copies of the ingested entries under new ids, in SQL: the
    search benchmark at a million items without ingesting a million items on a shared machine.
    Copies are ``ID~k``; documents, links and the other tables stay as ingested."""
    from sqlalchemy import text

    from overleg.corpus.search.pgwindow import maintain
    from overleg.store import open_store
    from overleg.store.engine import write

    for url in database:
        with open_store(url, require_migrated=True) as store, write(store.engine) as conn:
            started = time.perf_counter()
            original = "document_id NOT LIKE '%~%'"
            have = conn.execute(text("SELECT count(*) FROM (SELECT DISTINCT document_id, item FROM search_entries "
                                     f"WHERE item IS NOT NULL AND {original}) x")).scalar() or 1
            copies = max(0, math.ceil(items / have) - 1)
            entry_columns = "item, kind, faction, referral_only, has_commitment, body, stemmed"
            for k in range(1, copies + 1):
                suffix = {"suffix": f"~{k}"}
                before = conn.execute(text("SELECT coalesce(max(id), 0) FROM search_entries")).scalar()
                conn.execute(text("INSERT INTO search_documents (document_id, version, type, title, date, "
                                  "has_commitment) SELECT document_id || :suffix, version, type, title, date, "
                                  f"has_commitment FROM search_documents WHERE {original}"), suffix)
                conn.execute(text("INSERT INTO search_facets (document_id, facet, value) SELECT document_id || "
                                  f":suffix, facet, value FROM search_facets WHERE {original}"), suffix)
                conn.execute(text("INSERT INTO document_facts (document_id, version, facts_json) SELECT document_id "
                                  f"|| :suffix, version, facts_json FROM document_facts WHERE {original}"), suffix)
                conn.execute(text(f"INSERT INTO search_entries (document_id, {entry_columns}) SELECT document_id "
                                  f"|| :suffix, {entry_columns} FROM search_entries WHERE {original} ORDER BY id"),
                             suffix)
                if store.dialect == "sqlite":
                    conn.execute(text("INSERT INTO search_fts(rowid, stemmed) SELECT id, stemmed FROM search_entries "
                                      "WHERE id > :before"), {"before": before})
            if store.dialect == "postgresql":
                maintain(conn)
            typer.echo(f"{store.dialect}: {have} items x {copies + 1} = {have * (copies + 1)} items "
                       f"({time.perf_counter() - started:.0f} s)")


@bench_app.command("analytics")
def analytics_command(database: Databases) -> None:
    """Time analytics on each database: loading the corpus's facts cold (a new process's first
    request) and warm, then every figure (seconds)."""
    from overleg.corpus.analytics import figures as analytics
    from overleg.store import open_store

    typer.echo(f"machine: {machine()}")
    typer.echo("| database | documents | load cold s | load warm s | "
               + " | ".join(f"{k} s" for k in analytics.FIGURES) + " |")
    typer.echo("|---|---|---|---|" + "---|" * len(analytics.FIGURES))
    for url in database:
        with open_store(url, require_migrated=True) as store:
            analytics.forget_cached_corpus()
            started = time.perf_counter()
            corpus = analytics.load_corpus(store)
            cold = time.perf_counter() - started
            started = time.perf_counter()
            analytics.load_corpus(store)
            warm = time.perf_counter() - started
            cells = []
            for kind in analytics.FIGURES:
                started = time.perf_counter()
                analytics.compute(store, kind)
                cells.append(f"{time.perf_counter() - started:.2f}")
            typer.echo(f"| {store.dialect} | {len(corpus)} | {cold:.2f} | {warm:.3f} | " + " | ".join(cells) + " |")


@bench_app.command("entities")
def entities_command(database: Databases) -> None:
    """Time the entity pages' view (``corpus.analytics.entities.build_corpus_view``) cold (facts not
    loaded yet) and warm, the process's peak memory, and reading the first, middle and last page
    of each kind's biggest entity (milliseconds)."""
    import datetime as dt
    import resource

    from overleg.corpus.analytics import entities
    from overleg.corpus.analytics import figures as analytics
    from overleg.store import open_store

    typer.echo(f"machine: {machine()}")
    typer.echo("| database | documents | items | build cold s | build warm s | peak MB | kind | biggest | items | "
               "first page ms | middle page ms | last page ms |")
    typer.echo("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for url in database:
        with open_store(url, require_migrated=True) as store:
            analytics.load_corpus(store)  # facts of an older format are recomputed here, not timed
            analytics.forget_cached_corpus()
            started = time.perf_counter()
            entities.build_corpus_view(store, dt.date.today())
            cold = time.perf_counter() - started
            started = time.perf_counter()
            view = entities.build_corpus_view(store, dt.date.today())
            warm = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
            for kind in entities.ENTITY_KINDS:
                if not view.entities.get(kind):
                    continue
                biggest = max(view.entities[kind].values(), key=lambda e: (e.questions, e.slug))
                pages = max(1, -(-biggest.questions // 20))
                cells = []
                for page in (1, (pages + 1) // 2, pages):
                    started = time.perf_counter()
                    entities.page_items(store, view, biggest, (page - 1) * 20, 20)
                    cells.append(f"{(time.perf_counter() - started) * 1000:.1f}")
                typer.echo(f"| {store.dialect} | {view.documents} | {view.questions} | {cold:.2f} | {warm:.2f} | "
                           f"{peak:.0f} | {kind} | {biggest.slug} | {biggest.questions} | " + " | ".join(cells) + " |")
