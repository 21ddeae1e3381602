"""What ``overleg bench page`` measures: one web page's requests per second and bytes sent.

    overleg bench page --database sqlite:////tmp/b.db [--path /documents/kst-21501-02-3349]
                       [--seconds 5] [--connections 1 --connections 4] [--code /other/checkout/src]

``page_rate`` starts ``overleg serve`` (uvicorn, one worker, as ``serve`` runs) on a free port
over the database, asks for the page once per case (warm-up: the page is rendered and
compressed once per process), then drives it with ``wrk`` for ``seconds`` per case and number of
connections. The cases are what clients send: no compression (``Accept-Encoding: identity``),
gzip (a browser over HTTP), brotli (a browser over HTTPS offers ``br``), and gzip with the ETag
the first answer gave (``If-None-Match``: a browser that has the page, answered 304). Bytes per
response are wrk's bytes read (headers and body) over its responses. ``code`` serves another
checkout's ``src`` (the figures before a change).
docs/benchmarks.md, "The document page".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from overleg.bench.api import _free_port, _wait_until_serving, parse_result, stop
from overleg.bench.machine import machine_line
from overleg.errors import OverlegError
from overleg.settings import child_environ

SEED_PAGE = "/documents/kst-21501-02-3349"
HEADER = ("| machine | page | client sends | connections | requests/s | bytes/response | p50 ms | p99 ms | "
          "status |\n|---|---|---|---|---|---|---|---|---|")
_LUA = """done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("overleg-result %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), summary.bytes))
end
"""


def _etag(url: str, headers: dict[str, str]) -> str:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
        answer.read()
        return str(answer.headers.get("ETag") or "")


def page_rate(database: str, path: str = SEED_PAGE, seconds: int = 5, connections: tuple[int, ...] = (1, 4),
              code: Path | None = None) -> str:
    """The table's header and one row per case and number of connections (module docstring).
    ``OverlegError`` when wrk is missing or the server, a request or wrk fails."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise OverlegError("wrk is not installed (scripts/setup installs it; Debian: apt-get install wrk)")
    base = f"http://127.0.0.1:{_free_port()}"
    env = child_environ(PYTHONPATH=str(code)) if code else None
    proc = subprocess.Popen([sys.executable, "-m", "overleg", "serve", "--database", database,
                             "--port", base.rsplit(":", 1)[1]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    rows: list[str] = []
    try:
        _wait_until_serving(proc, base)
        gzip = {"Accept-Encoding": "gzip"}
        tag = _etag(base + path, gzip)  # warm-up too: the page is rendered and compressed once
        _etag(base + path, {"Accept-Encoding": "identity"})
        cases = [("no compression", {"Accept-Encoding": "identity"}), ("gzip", gzip),
                 ("brotli (br, gzip)", {"Accept-Encoding": "br, gzip"})]
        _etag(base + path, cases[2][1])
        if tag:
            cases.append(("gzip, If-None-Match (304)", {**gzip, "If-None-Match": tag}))
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "page.lua"
            script.write_text(_LUA, encoding="utf-8")
            for name, headers in cases:
                for n in connections:
                    flags = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
                    done = subprocess.run([wrk, "-t1", f"-c{n}", f"-d{seconds}s", "--timeout", "10s", *flags,
                                           "-s", str(script), base + path], capture_output=True, text=True,
                                          check=False)
                    run = parse_result(done.stdout)
                    errors = f" ({run.socket_errors} socket errors)" if run.socket_errors else ""
                    rows.append(f"| {machine_line(with_model=True)} | `{path}` | {name} | {n} | "
                                f"{run.per_second:.0f} | {run.bytes_per_response:,.0f} | {run.p50_ms:.1f} | "
                                f"{run.p99_ms:.1f} | {run.non_2xx} errors{errors} |")
    except OSError as e:  # urllib's URLError too: the server or wrk failed us
        raise OverlegError(str(e)) from e
    finally:
        stop(proc)
    return "\n".join((HEADER, *rows))


__all__ = ["HEADER", "SEED_PAGE", "page_rate"]
