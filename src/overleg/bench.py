"""``overleg bench read``: how fast the readers are, against the project's budgets.

Three measurements, each reported as a row of a Markdown table with the machine it ran on:

- the seed report as text, read in-process: median of N runs (budget 20 ms);
- a 4-page Aanhangsel PDF, text extraction included: median of N runs (budget 40 ms);
- 10 MB of reports (the seed text repeated) read as ONE text, in a fresh subprocess so that
  its peak memory (``ru_maxrss``) is its own: wall time of ``read`` (budget 3 s) and peak RSS.

A reader that fails is reported as ``failed: <reason>``, never as a crash of the benchmark.
``--write docs/benchmarks.md`` puts the results in that file, between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->`` (text outside them is kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from overleg.model import Document
from overleg.readers import read

EXAMPLES = Path(__file__).parent / "examples"
SEED = EXAMPLES / "kst-21501-02-3349.txt"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
LARGE_BYTES = 10 * 1024 * 1024

app = typer.Typer(help="Measure the readers against the project's speed budgets.", no_args_is_help=True)


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

    @property
    def within_budget(self) -> str:
        if self.median_ms is None:
            return "–"
        return "yes" if self.median_ms <= self.budget_ms else "**no**"


def _outcome(doc: Document) -> str:
    return f"ok: {len(doc.items)} items, {len(doc.footnotes)} footnotes, {len(doc.problems)} problems"


def _failure(e: BaseException) -> str:
    return "failed: " + " ".join(f"{type(e).__name__}: {e}".split())[:200]


def time_reading(name: str, path: Path, runs: int, budget_ms: float) -> Row:
    """Median wall time of ``read(bytes)`` over ``runs`` runs, after one warm-up run."""
    data = path.read_bytes()
    size = f"`{path.name}` ({len(data) / 1024:.0f} KB)"
    try:
        doc = read(data, name=path.name)  # warm-up: imports, regex compilation
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            read(data, name=path.name)
            times.append((time.perf_counter() - start) * 1000)
    except Exception as e:  # a benchmark reports every failure, including defects
        return Row(name, size, runs, None, budget_ms, _failure(e))
    return Row(name, size, runs, statistics.median(times), budget_ms, _outcome(doc))


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
from overleg.readers import read
seed = open(sys.argv[1], encoding="utf-8").read()
text = (seed * (int(sys.argv[2]) // len(seed.encode("utf-8")) + 1)).encode("utf-8")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    doc = read(text, name="10MB.txt")
    result = {"ok": True, "items": len(doc.items), "footnotes": len(doc.footnotes), "problems": len(doc.problems)}
except Exception as e:
    result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
result["seconds"] = time.perf_counter() - start
result["bytes"] = len(text)
result["rss_before_kb"] = before
result["rss_peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
"""


def time_large_text(size: int = LARGE_BYTES, budget_ms: float = 3000, timeout: float = 300) -> Row:
    """Read the seed repeated to ``size`` bytes, as one text, in a subprocess (see module doc)."""
    name = "10 MB of reports as one text"
    source = f"`{SEED.name}` repeated to {size / 2**20:.0f} MB"
    here = str(Path(__file__).parent.parent)  # the child reads with this very overleg
    env = os.environ | {"PYTHONPATH": os.pathsep.join([here, os.environ.get("PYTHONPATH", "")])}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(SEED), str(size)],
            capture_output=True, text=True, timeout=timeout, env=env,
        )
        if proc.returncode != 0:
            return Row(name, source, 1, None, budget_ms, "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return Row(name, source, 1, None, budget_ms, f"failed: no result within {timeout:.0f} s")
    except (OSError, ValueError, IndexError) as e:
        return Row(name, source, 1, None, budget_ms, _failure(e))
    memory = f"peak RSS {out['rss_peak_kb'] / 1024:.0f} MB ({out['rss_before_kb'] / 1024:.0f} MB before reading)"
    if not out["ok"]:
        return Row(name, source, 1, None, budget_ms, "failed: " + " ".join(out["error"].split())[:200], memory)
    result = f"ok: {out['items']} items, {out['footnotes']} footnotes, {out['problems']} problems"
    return Row(name, source, 1, out["seconds"] * 1000, budget_ms, result, memory)


def machine() -> list[str]:
    """What the numbers depend on: CPU, cores, load, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (load average 1/5/15 min at the start: {load})",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"- measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


def table(rows: list[Row], machine_lines: list[str]) -> str:
    """The Markdown section for the rows and the machine."""
    lines = [
        "| benchmark | input | runs | median | budget | within budget | result | memory |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        median = "–" if r.median_ms is None else f"{r.median_ms:.1f} ms"
        lines.append(
            f"| {r.name} | {r.source} | {r.runs} | {median} | {r.budget_ms:.0f} ms | {r.within_budget} "
            f"| {r.result.replace('|', '/')} | {r.memory or '–'} |"
        )
    return "\n".join([*machine_lines, "", *lines])


_INTRO = """# Benchmarks

How fast overleg reads, measured against the project's budgets: the seed report as text under
20 ms (median, in-process), a 4-page Aanhangsel PDF under 40 ms including text extraction, and
10 MB of text under 3 s. Reproduce with:

    PYTHONPATH=src python -m overleg bench read --write docs/benchmarks.md

The machine matters (shared CI machines are slower and noisier); it is printed with the numbers.
The 10 MB run reads in a fresh subprocess, so its peak RSS includes the interpreter and the
10 MB input itself.

"""


def write(path: Path, section: str) -> None:
    """Replace the text between the bench markers in ``path`` (or create the file)."""
    block = f"{START}\n{section}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        head, _, rest = old.partition(START)
        _, _, tail = rest.partition(END)
        new = head + block + tail
    else:
        new = (old.rstrip() + "\n\n" if old.strip() else _INTRO) + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


@app.command("read")
def bench_read(
    runs: Annotated[int, typer.Option(min=1, help="Runs per in-process measurement (median reported).")] = 30,
    large: Annotated[bool, typer.Option(help="Include the 10 MB run (takes a subprocess).")] = True,
    write_to: Annotated[
        Path | None, typer.Option("--write", help="Update this Markdown file (e.g. docs/benchmarks.md).")
    ] = None,
) -> None:
    """Time the readers on the seed text, a 4-page PDF and 10 MB of text; print a Markdown table."""
    machine_lines = machine()
    rows = [time_reading("seed report, text, in-process", SEED, runs, 20)]
    pdf = four_page_pdf()
    if pdf is None:
        rows.append(Row("4-page Aanhangsel PDF", "none bundled", 0, None, 40, "failed: no 4-page PDF in examples"))
    else:
        rows.append(time_reading("4-page Aanhangsel PDF, with extraction", pdf, runs, 40))
    if large:
        rows.append(time_large_text())
    section = table(rows, machine_lines)
    typer.echo(section)
    if write_to is not None:
        write(write_to, section)
        typer.echo(f"\nwritten to {write_to}", err=True)
