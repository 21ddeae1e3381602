"""What ``overleg bench anchors`` measures: overleg's search beside bare SQLite FTS5 and tantivy
on the same generated documents and the same queries, in one run (issue 18's goals are ratios to
them: p50 at most tantivy's, ingest at least 0.8x FTS5's documents per second, the store at most
1.5x FTS5's size).

    overleg bench anchors CORPUS_DIR --work DIR [--database URL] [--tantivy-python PATH] [--runs 20]

CORPUS_DIR is what ``overleg bench generate`` wrote. Without ``--database`` the corpus is
ingested into a new SQLite store in DIR (timed, in a process of its own, then ``db maintain``);
with it, that ingested store is searched and its ingest is not timed. FTS5 runs in this process (``anchor_engines``);
tantivy runs in the Python given by ``--tantivy-python`` (a virtualenv with ``tantivy``; without
it the column says so). Each engine's query is overleg's query in that engine's syntax
(``engine_query``); the filter and sort-by-date classes have no counterpart in a bare index and
are left out. Latencies are top 20, warm, p50 / p95 over ``runs`` after one warm-up.
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from overleg.bench.corpus import QUERY_CLASSES, p95, store_size
from overleg.bench.machine import machine_line
from overleg.errors import OverlegError

Echo = Callable[[str], None]
ENGINES = ("overleg", "fts5", "tantivy")


@dataclass(frozen=True)
class EngineRun:
    """One engine's figures: its ingest (None when not timed here), its bytes on disk and the
    milliseconds of each query's runs, in ``comparable()`` order."""

    engine: str
    about: str
    documents: int
    ingest_s: float | None
    size: int
    times: tuple[tuple[float, ...], ...]


def comparable() -> list[tuple[str, str]]:
    """(class, overleg query) of every query a bare index can run: no filter, by relevance."""
    return [(label, query) for label, query, given, sort in QUERY_CLASSES if not given and sort == "relevance"]


def engine_query(engine: str, query: str) -> str:
    """``query`` in the engine's syntax. Words, ``"phrases"``, ``AND``/``OR``/``NOT``, brackets and
    ``prefix*`` read alike in all three; a proximity ``"a b"~5`` is FTS5's ``NEAR(a b, 5)``.

    >>> engine_query("fts5", '"humanitaire hulp"~5'), engine_query("tantivy", '"humanitaire hulp"~5')
    ('NEAR(humanitaire hulp, 5)', '"humanitaire hulp"~5')
    """
    if engine == "fts5" and query.startswith('"') and '"~' in query:
        words, _, slop = query[1:].partition('"~')
        return f"NEAR({words}, {slop})"
    return query


def _ingest_timed(corpus: Path, database: str) -> float:
    """(In a process of its own.) The seconds ``overleg ingest`` of ``corpus`` into the new store
    ``database`` takes; then ``db maintain``, untimed."""
    from overleg.corpus.ingest.pipeline import ingest
    from overleg.corpus.search.index import maintain
    from overleg.store import open_store
    from overleg.store.engine import settle, write

    with open_store(database) as store:
        store.upgrade()
        started = time.perf_counter()
        report = ingest([corpus], store)
        took = time.perf_counter() - started
        if not report.ok:
            raise OverlegError(f"the ingest of {corpus} failed: {report.summary()}")
        with write(store.engine) as conn:
            maintain(conn, full=True)
        settle(store.engine)
    return took


def run_overleg(corpus: Path, work: Path, database: str | None, runs: int) -> EngineRun:
    """overleg's figures: its ingest into a new SQLite store in ``work`` (unless ``database``
    names an ingested one), then every comparable query, warm. The ingest runs in a process of
    its own, so the searches run as a server's would: in a process that did not ingest."""
    from overleg.corpus.search.filters import SearchFilters
    from overleg.corpus.search.ranking import search
    from overleg.store import open_store

    took: float | None = None
    if database is None:
        path = work / "overleg.db"
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
        database = f"sqlite:///{path}"
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as own:
            took = own.submit(_ingest_timed, corpus, database).result()
    with open_store(database, require_migrated=True) as store:
        from sqlalchemy import text

        with store.engine.connect() as conn:
            documents = int(conn.execute(text("SELECT count(*) FROM search_documents")).scalar() or 0)
        times = []
        for _, query in comparable():
            search(store, query, SearchFilters())
            runs_ms = []
            for _ in range(runs):
                started = time.perf_counter()
                search(store, query, SearchFilters())
                runs_ms.append((time.perf_counter() - started) * 1000)
            times.append(tuple(runs_ms))
        return EngineRun("overleg", f"overleg ({store.dialect}), every match ranked", documents, took,
                         store_size(store), tuple(times))


def run_anchor(engine: str, corpus: Path, work: Path, runs: int, python: str | None) -> EngineRun:
    """FTS5 in this process, tantivy in ``python`` (None: not measured, an empty run)."""
    from overleg.bench import anchor_engines

    queries = [[label, engine_query(engine, q)] for label, q in comparable()]
    if engine == "fts5":
        found = anchor_engines.run_fts5(corpus, work, queries, runs)
    else:
        if python is None:
            return EngineRun(engine, "not measured: no --tantivy-python", 0, None, 0, ())
        spec = work / "queries.json"
        spec.write_text(json.dumps(queries), encoding="utf-8")
        done = subprocess.run([python, anchor_engines.__file__, engine, str(corpus), str(work), str(spec), str(runs)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise OverlegError(f"tantivy's run failed: {(done.stderr.strip() or done.stdout.strip())[-300:]}")
        found = json.loads(done.stdout)
    return EngineRun(engine, str(found["about"]), int(found["documents"]), float(found["ingest_s"]),
                     int(found["bytes"]), tuple(tuple(q["ms"]) for q in found["queries"]))


def compare(corpus: Path, work: Path, runs: int, echo: Echo, *, database: str | None = None,
            tantivy_python: str | None = None) -> None:
    """The three engines on ``corpus``: a table of queries, one of classes, one of ingest and size."""
    if not any(corpus.glob("corpus-*.jsonl")):
        raise OverlegError(f"{corpus}: no corpus-*.jsonl files (make them with overleg bench generate)")
    work.mkdir(parents=True, exist_ok=True)
    echo(f"machine: {machine_line(with_model=True)}")
    found = [run_overleg(corpus, work, database, runs), run_anchor("fts5", corpus, work, runs, None),
             run_anchor("tantivy", corpus, work, runs, tantivy_python)]
    for run in found:
        echo(f"- {run.engine}: {run.about}")
    echo("\n| class | query | " + " | ".join(f"{r.engine} p50 / p95 ms" for r in found) + " |")
    echo("|---|---|" + "---|" * len(found))
    for n, (label, query) in enumerate(comparable()):
        echo(f"| {label} | `{query}` | " + " | ".join(_cell(r.times[n] if r.times else ()) for r in found) + " |")
    classes = list(dict.fromkeys(label for label, _ in comparable()))
    for label in [*classes, "all"]:
        cells = []
        for r in found:
            joined = [t for n, (c, _) in enumerate(comparable()) if label in (c, "all") and r.times
                      for t in r.times[n]]
            cells.append(_cell(tuple(joined), bold=True))
        echo(f"| **{label}** | | " + " | ".join(cells) + " |")
    fts5 = found[1]
    echo("\n| engine | documents | ingest s | documents/s | x FTS5 | size MB | x FTS5 |\n|---|---|---|---|---|---|---|")
    for r in found:
        if not r.documents:
            echo(f"| {r.engine} | - | - | - | - | - | - |")
            continue
        rate = r.documents / r.ingest_s if r.ingest_s else None
        base = fts5.documents / fts5.ingest_s if fts5.ingest_s else None
        echo(f"| {r.engine} | {r.documents} | {f'{r.ingest_s:.1f}' if r.ingest_s else '(not timed)'} | "
             f"{f'{rate:.0f}' if rate else '-'} | {f'{rate / base:.2f}' if rate and base else '-'} | "
             f"{r.size / 1e6:.0f} | {r.size / fts5.size:.2f} |")


def _cell(times: tuple[float, ...], *, bold: bool = False) -> str:
    if not times:
        return "-"
    high = f"{p95(list(times)):.2f}"
    return f"{statistics.median(times):.2f} / {f'**{high}**' if bold else high}"


__all__ = ["ENGINES", "EngineRun", "comparable", "compare", "engine_query"]

