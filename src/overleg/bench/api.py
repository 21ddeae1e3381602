"""What ``overleg bench api`` measures: searches per second through the REST API, one server worker.

    overleg bench api --database sqlite:////tmp/b.db [--seconds 10] [--connections 16] [--facets] [--no-pages]

``search_rate`` starts ``overleg serve`` (uvicorn, one worker) on a free port over the database,
asks each query of the mix once (warm-up), then drives ``GET /api/search`` with ``wrk`` and a Lua
script that rotates over the fixed mix of ``bench.corpus`` (common and rare single terms, a
phrase, a prefix, NOT, AND/OR). It returns one Markdown table row under its header
(docs/benchmarks-api.md keeps the measured ones), or raises ``OverlegError`` saying in one line
why it could not measure.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from overleg.bench.corpus import OTHER_QUERIES, SINGLE_TERMS
from overleg.bench.machine import machine_line
from overleg.corpus.search.pages import DEFAULT_PAGES
from overleg.errors import OverlegError
from overleg.settings import child_environ

START_SECONDS = 60.0
HEADER = ("| machine | database | corpus | connections | requests/s | p50 ms | p99 ms | non-2xx |\n"
          "|---|---|---|---|---|---|---|---|")

# wrk runs request() per request in each of its threads; done() once, with the whole run's numbers
_LUA = """local paths = {PATHS}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("overleg-result %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), summary.bytes))
end
"""


@dataclass(frozen=True)
class Run:
    """One wrk run's numbers (latencies in ms), as the scripts' done() write them."""

    requests: int
    seconds: float
    non_2xx: int  # wrk's "non-2xx or 3xx responses"
    socket_errors: int
    p50_ms: float
    p99_ms: float
    bytes_read: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def bytes_per_response(self) -> float:
        return self.bytes_read / self.requests if self.requests else 0.0


def paths(facets: bool = False) -> list[str]:
    """The query mix as request paths, URL-encoded."""
    extra = "&facets=true" if facets else ""
    return [f"/api/search?q={quote(q, safe='')}{extra}" for q in (*SINGLE_TERMS, *OTHER_QUERIES)]


def lua_script(request_paths: list[str]) -> str:
    return _LUA.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in request_paths) + "}")


def parse_result(output: str) -> Run:
    """The numbers the script's done() wrote (latencies in microseconds).

    >>> parse_result("overleg-result 1000 5000000 0 0 1500 9000 30000000").bytes_per_response
    30000.0
    """
    line = next((x for x in output.splitlines() if x.startswith("overleg-result ")), None)
    if line is None:
        raise OverlegError(f"wrk printed no result: {output.strip()[-300:]}")
    requests, duration, status, errors, p50, p99, read = (int(v) for v in line.split()[1:])
    return Run(requests, duration / 1e6, status, errors, p50 / 1000, p99 / 1000, read)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server the benchmark started: politely, then for good after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_until_serving(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            message = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
            raise OverlegError(f"overleg serve exited: {message.splitlines()[-1] if message else proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/api/me", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise OverlegError(f"overleg serve did not answer within {START_SECONDS:.0f} s")


def _corpus_size(url: str) -> tuple[str, str]:
    """The database's kind and its size in documents and search entries."""
    from sqlalchemy import text

    from overleg.store import open_store
    from overleg.store.engine import read

    with open_store(url, require_migrated=True) as store, read(store.engine) as conn:
        documents = conn.execute(text("SELECT count(*) FROM search_documents")).scalar() or 0
        entries = conn.execute(text("SELECT count(*) FROM search_entries")).scalar() or 0
        return store.dialect, f"{documents} documents, {entries} entries"


def search_rate(database: str, seconds: int = 10, connections: int = 16, threads: int = 2,
                facets: bool = False, pages: bool = True) -> str:
    """Searches per second through GET /api/search, one server worker, driven by wrk: the table's
    header and its one row. ``pages=False`` runs the server keeping no search pages
    (``OVERLEG_SEARCH_PAGES=0``), so every request is scored: the mix repeats its queries, and
    with pages kept all but the warm-up are served from them. ``OverlegError`` when wrk is
    missing, the database is not a migrated corpus, or the server, a request or wrk fails."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise OverlegError("wrk is not installed (scripts/setup installs it; Debian: apt-get install wrk)")
    dialect, size = _corpus_size(database)
    base = f"http://127.0.0.1:{_free_port()}"
    proc = subprocess.Popen([sys.executable, "-m", "overleg", "serve", "--database", database,
                             "--port", base.rsplit(":", 1)[1]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=child_environ(OVERLEG_SEARCH_PAGES=str(DEFAULT_PAGES if pages else 0)))
    try:
        _wait_until_serving(proc, base)
        mix = paths(facets)
        for path in mix:  # warm-up: the first request of a kind pays for imports and statistics
            with urllib.request.urlopen(base + path, timeout=60):
                pass
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "search.lua"
            script.write_text(lua_script(mix), encoding="utf-8")
            done = subprocess.run([wrk, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
                                   "--timeout", "10s", "-s", str(script), base], capture_output=True, text=True,
                                  check=False)
        run = parse_result(done.stdout)
    except OSError as e:  # urllib's URLError too: the server or wrk failed us
        raise OverlegError(str(e)) from e
    finally:
        stop(proc)
    errors = f" ({run.socket_errors} socket errors)" if run.socket_errors else ""
    kept = "pages kept" if pages else "no pages kept"
    return (f"{HEADER}\n| {machine_line(with_model=True)} | {dialect}, {kept} | {size} | {connections} | "
            f"{run.per_second:.0f} | {run.p50_ms:.1f} | {run.p99_ms:.1f} | {run.non_2xx}{errors} |")
