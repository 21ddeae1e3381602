"""What ``overleg bench read`` and ``overleg bench write`` measure: speed against the project's budgets.

Speed budgets are checked here, not in timed tests (which flake on a shared machine).

``bench read``, each measurement a row of a Markdown table with the machine it ran on:

- the seed report as text, read in-process (budget 20 ms);
- a 4-page Aanhangsel PDF, text extraction included (budget 40 ms);
- 10 MB of reports (the seed text repeated, ~140 copies) read as ONE text with ``read_all``,
  every document parsed, in a fresh subprocess so that its peak memory (``ru_maxrss``) is its
  own: CPU and wall time (budget 3 s) and peak RSS (budget: growth while reading under 10x the
  input).

``bench write``: the seed document written as each format that exists (html, akn, pdf when
there is a writer for it), in-process (budget 50 ms each).

In-process times are CPU time of this process (``time.process_time``), so that other jobs on
the machine's cores do not count: the median and the best of N runs after one warm-up run.
A reader or writer that fails is reported as ``failed: <reason>``, never as a crash of the
benchmark. ``--write docs/benchmarks.md`` puts the results in that file, between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->`` (or ``<!-- bench-write:start -->`` ...
for ``bench write``); text outside them is kept.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from overleg import EXAMPLES
from overleg.bench.machine import machine as machine  # re-exported: the lines above the tables
from overleg.model import Document
from overleg.readers import read

SEED = EXAMPLES / "kst-21501-02-3349.txt"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
WRITE_START, WRITE_END = "<!-- bench-write:start -->", "<!-- bench-write:end -->"
LARGE_BYTES = 10 * 1024 * 1024

@dataclass(frozen=True)
class Row:
    """One measurement: ``median_ms`` is None when the reader failed (``result`` says why)."""

    name: str
    source: str
    runs: int
    median_ms: float | None
    budget_ms: float
    result: str
    memory: str = ""
    best_ms: float | None = None

    @property
    def within_budget(self) -> str:
        if self.median_ms is None:
            return "–"
        return "yes" if self.median_ms <= self.budget_ms else "**no**"


def _outcome(doc: Document) -> str:
    return f"ok: {len(doc.items)} items, {len(doc.footnotes)} footnotes, {len(doc.problems)} problems"


def _failure(e: BaseException) -> str:
    return "failed: " + " ".join(f"{type(e).__name__}: {e}".split())[:200]


def cpu_times(run: Callable[[], object], runs: int) -> list[float]:
    """CPU milliseconds of ``runs`` calls of ``run``, after one warm-up call (imports, regex
    compilation, templates); exceptions propagate."""
    run()
    times = []
    for _ in range(runs):
        start = time.process_time()
        run()
        times.append((time.process_time() - start) * 1000)
    return times


def time_reading(name: str, path: Path, runs: int, budget_ms: float) -> Row:
    """Median and best CPU time of ``read(bytes)`` over ``runs`` runs."""
    data = path.read_bytes()
    size = f"`{path.name}` ({len(data) / 1024:.0f} KB)"
    try:
        doc = read(data, name=path.name)
        times = cpu_times(lambda: read(data, name=path.name), runs)
    except Exception as e:  # a benchmark reports every failure, including defects
        return Row(name, size, runs, None, budget_ms, _failure(e))
    return Row(name, size, runs, statistics.median(times), budget_ms, _outcome(doc), best_ms=min(times))


def time_writing(fmt: str, doc: Document, source: str, runs: int, budget_ms: float) -> Row:
    """Median and best CPU time of ``write(doc, fmt)`` over ``runs`` runs."""
    from overleg.writers import write as write_as

    name = f"seed report -> {fmt}, in-process"
    try:
        out = write_as(doc, fmt)
        times = cpu_times(lambda: write_as(doc, fmt), runs)
    except Exception as e:  # a benchmark reports every failure, including defects
        return Row(name, source, runs, None, budget_ms, _failure(e))
    size = len(out.encode("utf-8") if isinstance(out, str) else out)
    return Row(name, source, runs, statistics.median(times), budget_ms, f"ok: {size / 1024:.0f} KB",
               best_ms=min(times))


def four_page_pdf() -> Path | None:
    """The first bundled Aanhangsel PDF with exactly 4 pages."""
    import pypdfium2 as pdfium

    for path in sorted(EXAMPLES.glob("ah-*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        try:
            if len(pdf) == 4:
                return path
        finally:
            pdf.close()
    return None


_CHILD = """
import json, resource, sys, time
from overleg.readers import read_all
seed = open(sys.argv[1], encoding="utf-8").read()
text = (seed * (int(sys.argv[2]) // len(seed.encode("utf-8")) + 1)).encode("utf-8")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
try:
    docs = read_all(text, name="10MB.txt")
    result = {"ok": True, "documents": len(docs), "items": sum(len(d.items) for d in docs),
              "footnotes": sum(len(d.footnotes) for d in docs), "problems": sum(len(d.problems) for d in docs)}
except Exception as e:
    result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
result["seconds"] = time.perf_counter() - start
result["cpu_seconds"] = time.process_time() - cpu
result["bytes"] = len(text)
result["rss_before_kb"] = before
result["rss_peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
"""


def time_large_text(size: int = LARGE_BYTES, budget_ms: float = 3000, timeout: float = 300) -> Row:
    """Read every document of the seed repeated to ``size`` bytes, as one text, in a subprocess
    (see module doc)."""
    name = "10 MB of reports as one text, every document (read_all)"
    source = f"`{SEED.name}` repeated to {size / 2**20:.0f} MB"
    here = str(Path(__file__).resolve().parent.parent.parent)  # the child reads with this very overleg
    try:
        proc = subprocess.run(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {here!r})\n" + _CHILD, str(SEED), str(size)],
            capture_output=True, text=True, timeout=timeout,
        )
        if proc.returncode != 0:
            return Row(name, source, 1, None, budget_ms, "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return Row(name, source, 1, None, budget_ms, f"failed: no result within {timeout:.0f} s")
    except (OSError, ValueError, IndexError) as e:
        return Row(name, source, 1, None, budget_ms, _failure(e))
    growth = (out["rss_peak_kb"] - out["rss_before_kb"]) * 1024 / out["bytes"]
    memory = (f"peak RSS {out['rss_peak_kb'] / 1024:.0f} MB ({out['rss_before_kb'] / 1024:.0f} MB before reading:"
              f" {growth:.1f}x the input while reading)")
    if not out["ok"]:
        return Row(name, source, 1, None, budget_ms, "failed: " + " ".join(out["error"].split())[:200], memory)
    result = (f"ok: {out['documents']} documents, {out['items']} items, {out['footnotes']} footnotes,"
              f" {out['problems']} problems; wall {out['seconds']:.2f} s")
    return Row(name, source, 1, out["cpu_seconds"] * 1000, budget_ms, result, memory)


def table(rows: list[Row], machine_lines: list[str]) -> str:
    """The Markdown section for the rows and the machine."""
    lines = [
        "| benchmark | input | runs | median CPU | best CPU | budget | within budget | result | memory |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        median = "–" if r.median_ms is None else f"{r.median_ms:.1f} ms"
        best = "–" if r.best_ms is None else f"{r.best_ms:.1f} ms"
        lines.append(
            f"| {r.name} | {r.source} | {r.runs} | {median} | {best} | {r.budget_ms:.0f} ms | {r.within_budget} "
            f"| {r.result.replace('|', '/')} | {r.memory or '–'} |"
        )
    return "\n".join([*machine_lines, "", *lines])


_INTRO = """# Benchmarks

How fast overleg reads and writes, measured against the project's budgets: the seed report as
text under 20 ms (median, in-process), a 4-page Aanhangsel PDF under 40 ms including text
extraction, 10 MB of text under 3 s with memory under 10x the input. Reproduce with:

    PYTHONPATH=src python -m overleg bench read --write docs/benchmarks.md
    PYTHONPATH=src python -m overleg bench write --write docs/benchmarks.md

Times are CPU time of the process (median and best of N runs), so that other jobs sharing the
machine count as little as possible; a loaded machine still slows CPU time down (shared caches).
The machine and its load average are printed with the numbers. The 10 MB run reads in a fresh
subprocess, so its peak RSS includes the interpreter and the 10 MB input itself.

"""


def write(path: Path, section: str, markers: tuple[str, str] = (START, END)) -> None:
    """Replace the text between the bench markers in ``path`` (or create the file)."""
    start, end = markers
    block = f"{start}\n{section}\n{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old:
        head, _, rest = old.partition(start)
        _, _, tail = rest.partition(end)
        new = head + block + tail
    else:
        new = (old.rstrip() + "\n\n" if old.strip() else _INTRO) + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def writer_rows(runs: int) -> list[Row]:
    """The seed document written as html, akn and pdf (those that exist), ``runs`` times each."""
    from overleg.writers import formats

    try:
        doc = read(SEED)
    except Exception as e:  # without the seed document there is nothing to write
        return [Row("seed report -> any format", f"`{SEED.name}`", 0, None, 50, _failure(e))]
    source = f"`{SEED.name}`, {len(doc.items)} items"
    return [time_writing(fmt, doc, source, runs, 50) for fmt in ("html", "akn", "pdf") if fmt in formats()]
