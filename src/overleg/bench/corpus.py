"""What the corpus benchmarks measure: a synthetic corpus, ingest, search, analytics and the entity
pages on SQLite and PostgreSQL (``overleg bench generate|ingest|search|replicate|analytics|entities``).

    overleg bench generate --items 1000000 --out bench-corpus
    overleg bench ingest bench-corpus --database sqlite:////tmp/b.db --database postgresql://...
    overleg bench search --database sqlite:////tmp/b.db --database postgresql://... [--runs 30]
    overleg bench entities --database sqlite:////tmp/b.db   # the entity pages' view and a page

Each measurement takes plain arguments and prints its lines through ``echo`` as they are
measured: Markdown table rows (docs/benchmarks-corpus.md keeps the measured ones). What a
measurement needs is imported when it runs, so that ``bench api`` (which takes the query mix
from here) and ``bench generate`` do not load the rest.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from overleg.bench.machine import machine_line

Echo = Callable[[str], None]
"""Prints one line (the command passes ``typer.echo``)."""

# single terms from the most common words down to rare ones, then the other query forms
SINGLE_TERMS = ("de", "het", "van", "en", "kabinet", "minister", "vraag", "sancties", "klimaat", "Rafah",
                "cryptografie", "Oekraine")
OTHER_QUERIES = ('"humanitaire hulp"', "minist*", "Gaza NOT Rafah", "kabinet AND (sancties OR wapens)")


def generate_corpus(items: int, out: Path, seed: int = 1, documents: int | None = None,
                    written_questions: float | None = None) -> str:
    """Write a synthetic corpus to ``out``: ``documents`` documents, or about ``items`` items when
    it is not given; says what it wrote and how long it took."""
    from overleg.bench import generate

    share = generate.WRITTEN_QUESTIONS_SHARE if written_questions is None else written_questions
    count = documents if documents is not None else math.ceil(items / generate.MEAN_ITEMS)
    started = time.perf_counter()
    documents, written = generate.write_corpus(out, count, seed, share)
    return f"{documents} documents, {written} items in {out} ({time.perf_counter() - started:.1f} s)"


def time_ingest(folder: Path, databases: list[str], jobs: int | None, echo: Echo, warn: Echo) -> None:
    """Ingest ``folder`` into each database (migrating it): a row per database with the time taken;
    an ingest's problems go to ``warn``."""
    from overleg.corpus.ingest.pipeline import ingest
    from overleg.store import open_store

    echo(f"machine: {machine_line()}")
    echo("| database | documents | items | seconds | documents/s |\n|---|---|---|---|---|")
    for url in databases:
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
            echo(f"| {store.dialect} | {done} | {items} | {took:.1f} | {done / took:.0f} |")
            if not report.ok:
                warn(report.summary())


# the query classes of issue 18: (class, query, filters as SearchFilters keyword arguments, sort)
QUERY_CLASSES: tuple[tuple[str, str, dict[str, str], str], ...] = (
    *(("common word", q, {}, "relevance") for q in ("de", "het", "van", "en", "kabinet", "minister", "vraag")),
    *(("rare word", q, {}, "relevance") for q in ("sancties", "klimaat", "Rafah", "cryptografie", "Oekraine")),
    *(("phrase", q, {}, "relevance") for q in ('"humanitaire hulp"', '"de minister"', '"humanitaire hulp"~5')),
    *(("prefix", q, {}, "relevance") for q in ("minist*", "klim*", "sanct*")),
    *(("boolean", q, {}, "relevance") for q in ("Gaza NOT Rafah", "kabinet AND (sancties OR wapens)",
                                                "bent OR u OR bekend OR met OR het OR bericht")),
    *(("filter", q, f, "relevance") for q, f in (("kabinet", {"type": "verslag-schriftelijk-overleg"}),
                                                  ("de", {"date_from": "2024-01-01", "date_to": "2024-03-31"}),
                                                  ("Rafah", {"type": "schriftelijke-vragen"}))),
    *(("sort by date", q, {}, "date") for q in ("de", "kabinet", "Rafah")),
)


def time_search(databases: list[str], runs: int, echo: Echo, *, cold: bool = False) -> None:
    """The top-20 search of every query of ``QUERY_CLASSES`` on each database, after one warm-up:
    a row per query with p50 and p95 in ms, then a row per class (all its runs together), then
    the store's size. ``cold``: the decoded postings kept between searches (``search.cache``)
    are forgotten before each run, so every run pays for reading and decoding them."""
    import datetime as dt

    from overleg.corpus.search import cache
    from overleg.corpus.search.filters import SearchFilters
    from overleg.corpus.search.ranking import search
    from overleg.store import open_store

    echo(f"machine: {machine_line()}" + (" (cold: no decoded postings kept between runs)" if cold else ""))
    stores = [open_store(url, require_migrated=True) for url in databases]
    try:
        echo("| class | query | " + " | ".join(f"{s.dialect} p50 / p95 ms" for s in stores) + " |")
        echo("|---|---|" + "---|" * len(stores))
        per_class: dict[str, list[list[float]]] = {}
        for label, query, given, sort in QUERY_CLASSES:
            filters = SearchFilters(**{k: dt.date.fromisoformat(v) if k.startswith("date") else v
                                       for k, v in given.items()})  # type: ignore[arg-type]
            cells = []
            for n, store in enumerate(stores):
                search(store, query, filters, sort=sort)  # type: ignore[arg-type]
                times = []
                for _ in range(runs):
                    if cold:
                        cache.clear()
                    started = time.perf_counter()
                    search(store, query, filters, sort=sort)  # type: ignore[arg-type]
                    times.append((time.perf_counter() - started) * 1000)
                per_class.setdefault(label, [[] for _ in stores])[n] += times
                cells.append(f"{statistics.median(times):.1f} / {p95(times):.1f}")
            shown = query + (" " + " ".join(f"{k}={v}" for k, v in given.items()) if given else "")
            echo(f"| {label} | `{shown}` | " + " | ".join(cells) + " |")
        for label, found in per_class.items():
            echo(f"| **{label}** | all | " + " | ".join(
                f"{statistics.median(t):.1f} / **{p95(t):.1f}**" for t in found) + " |")
        for store in stores:
            echo(f"{store.dialect} store: {store_size(store) / 1e6:.0f} MB")
    finally:
        for store in stores:
            store.close()


def store_size(store: object) -> int:
    """The bytes the store takes: the SQLite file (with its WAL), or the PostgreSQL database."""
    from sqlalchemy import text

    from overleg.store import Store

    assert isinstance(store, Store)
    if store.dialect == "postgresql":
        with store.engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
    path = Path(str(store.engine.url.database))
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def replicate_index(databases: list[str], items: int, echo: Echo) -> None:
    """Grow each database's search index (only) to about ``items`` items by copies of the ingested
    entries under new ids (``ID~k``), in SQL; documents, links and the other tables stay as
    ingested. A line per database says how many items it has now and how long it took."""
    from sqlalchemy import text

    from overleg.corpus.search.analysis import index_terms
    from overleg.corpus.search.index import maintain
    from overleg.store import open_store
    from overleg.store.engine import write
    from overleg.store.postings import index_entries_after

    for url in databases:
        with open_store(url, require_migrated=True) as store, write(store.engine) as conn:
            started = time.perf_counter()
            original = "document_id NOT LIKE '%~%'"
            have = conn.execute(text("SELECT count(*) FROM (SELECT DISTINCT document_id, item FROM search_entries "
                                     f"WHERE item IS NOT NULL AND {original}) x")).scalar() or 1
            copies = max(0, math.ceil(items / have) - 1)
            entry_columns = "item, kind, faction, referral_only, has_commitment, body"
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
                index_entries_after(conn, index_terms, int(before or 0))
            maintain(conn)
            echo(f"{store.dialect}: {have} items x {copies + 1} = {have * (copies + 1)} items "
                 f"({time.perf_counter() - started:.0f} s)")


def time_analytics(databases: list[str], echo: Echo) -> None:
    """Analytics on each database: loading the corpus's facts cold (a new process's first request)
    and warm, then every figure (seconds), a row per database."""
    from overleg.corpus.analytics import figures as analytics
    from overleg.store import open_store

    echo(f"machine: {machine_line()}")
    echo("| database | documents | load cold s | load warm s | "
         + " | ".join(f"{k} s" for k in analytics.FIGURES) + " |")
    echo("|---|---|---|---|" + "---|" * len(analytics.FIGURES))
    for url in databases:
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
            echo(f"| {store.dialect} | {len(corpus)} | {cold:.2f} | {warm:.3f} | " + " | ".join(cells) + " |")


def time_entities(databases: list[str], echo: Echo) -> None:
    """The entity pages' view (``corpus.analytics.entities.build_corpus_view``) cold (facts not
    loaded yet) and warm, the process's peak memory, and reading the first, middle and last page
    of each kind's biggest entity (milliseconds): a row per database and kind."""
    import datetime as dt
    import resource

    from overleg.corpus.analytics import entities
    from overleg.corpus.analytics import figures as analytics
    from overleg.store import open_store

    echo(f"machine: {machine_line()}")
    echo("| database | documents | items | build cold s | build warm s | peak MB | kind | biggest | items | "
         "first page ms | middle page ms | last page ms |")
    echo("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for url in databases:
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
                echo(f"| {store.dialect} | {view.documents} | {view.questions} | {cold:.2f} | {warm:.2f} | "
                     f"{peak:.0f} | {kind} | {biggest.slug} | {biggest.questions} | " + " | ".join(cells) + " |")
