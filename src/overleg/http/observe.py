"""What an operator sees of the running server: a request id, Prometheus metrics, JSON logs.

``Observe`` is the outermost middleware. For every HTTP request it

- gives it an id: the one the proxy sent in ``X-Request-ID`` when that is a plain token
  (letters, digits, ``-``, ``_``, ``.``; 8 to 64 characters: nothing that could forge a log line),
  else a new one; the id goes back as ``X-Request-ID``, into every log record written while the
  request runs, and onto the Dutch error pages ("Meldingsnummer"), so a user's report finds its
  log lines;
- counts it in ``overleg_http_requests_total{method, route, status}`` and times it in
  ``overleg_http_request_duration_seconds{method, route}`` (``route``: the route's template,
  ``/api/documents/{doc_id}``, never the path itself, which would make a series per document;
  ``(none)`` when no route matched); searches (``/api/search``, ``/search`` and their twins) are
  also timed in ``overleg_search_duration_seconds{route}``; after each request this process's
  database pool is set in ``overleg_db_pool_connections{state}`` (size, checked_out, overflow);
- with ``log_requests`` (``--log-format json``) writes one JSON line: id, method, route, status,
  duration. Never the headers, cookies, query string or body: they hold tokens, passwords and
  what people searched for.

``/metrics`` is answered here, before routing, and only for clients in ``metrics_from``
(others get 404, as if it did not exist). Under ``overleg serve --workers N`` the workers
write their metrics to one folder (``PROMETHEUS_MULTIPROC_DIR``) and each scrape adds them up.

``RouteNote`` is the innermost middleware: it copies the matched route's template to where
``Observe`` reads it (the middlewares between them may pass a copy of the request's scope on).
A request is counted and logged just before its last bytes are sent, so a client that has its
answer finds it in ``/metrics``.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overleg.service import JobLease, PoolUsage

REQUEST_ID = "overleg.request_id"  # the scope key of the request's id
_ROUTE = "overleg.route"  # the scope key of the list RouteNote writes the route's template into
_GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
SEARCH_ROUTES = frozenset({"/api/search", "/search", "/search.json"})

current_request_id: ContextVar[str | None] = ContextVar("overleg_request_id", default=None)

REQUESTS = Counter("overleg_http_requests", "HTTP requests answered, by route template and status.",
                   ("method", "route", "status"))
LATENCY = Histogram("overleg_http_request_duration_seconds", "Time from a request's arrival to its last byte.",
                    ("method", "route"),
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
SEARCH_LATENCY = Histogram("overleg_search_duration_seconds", "Time to answer a search (API, page or twin).",
                           ("route",), buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))
POOL = Gauge("overleg_db_pool_connections", "Connections of the database pool: its size, lent out, beyond its size.",
             ("state",), multiprocess_mode="livesum")


def new_request_id() -> str:
    return secrets.token_hex(8)


def request_id_of(scope: Scope) -> str | None:
    """The id ``Observe`` gave the request (None outside it: a test's bare app)."""
    found = scope.get(REQUEST_ID)
    return found if isinstance(found, str) else None


class Observe:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, metrics_from: tuple[str, ...], log_requests: bool,
                 pool: Callable[[], PoolUsage | None], metrics_dir: Path | None = None,
                 jobs: Callable[[], tuple[JobLease, ...]] = tuple) -> None:
        self.app = app
        self.jobs = jobs
        self.allowed = tuple(ipaddress.ip_network(part, strict=False) for part in metrics_from)
        self.log_requests = log_requests
        self.pool = pool
        self.metrics_dir = metrics_dir
        self.log = logging.getLogger("overleg.requests")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/metrics":
            await self._metrics(scope, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _GIVEN_ID.fullmatch(given) else new_request_id()
        scope[REQUEST_ID] = request_id  # the scope itself, not a copy: the 500 page outside this reads it
        route: list[str] = []
        scope[_ROUTE] = route
        status = 500  # what the server answers when the app fails before it starts a response
        recorded = False
        token = current_request_id.set(request_id)
        start = time.perf_counter()

        def record() -> None:
            nonlocal recorded
            recorded = True
            seconds = time.perf_counter() - start
            template = route[0] if route else "(none)"
            method = scope["method"]
            REQUESTS.labels(method, template, str(status)).inc()
            LATENCY.labels(method, template).observe(seconds)
            if template in SEARCH_ROUTES:
                SEARCH_LATENCY.labels(template).observe(seconds)
            self._pool_gauges()
            if self.log_requests:
                self.log.info("request", extra={"http": {"method": method, "route": template, "status": status,
                                                         "ms": round(seconds * 1000, 1)}})

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-request-id" for name, _ in headers):  # (an error page sets it)
                    message["headers"] = [*headers, (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body" and not message.get("more_body", False) and not recorded:
                # counted before the last bytes go out: a client that has its answer finds it counted
                record()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if not recorded:  # the app failed, or the client went away, before the answer was complete
                record()
            current_request_id.reset(token)

    def _pool_gauges(self) -> None:
        usage = self.pool()
        if usage is not None:
            POOL.labels("size").set(usage.size)
            POOL.labels("checked_out").set(usage.checked_out)
            POOL.labels("overflow").set(usage.overflow)

    async def _metrics(self, scope: Scope, send: Send) -> None:
        client = scope.get("client")
        try:
            allowed = client is not None and any(ipaddress.ip_address(client[0]) in net for net in self.allowed)
        except ValueError:  # a client that is no IP address (a Unix socket, a test's name)
            allowed = False
        if not allowed:
            await _answer(send, 404, b"text/plain; charset=utf-8", b"Not Found")
            return
        self._pool_gauges()
        if self.metrics_dir is not None:  # workers: add up what each wrote to the folder
            registry = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(registry, path=str(self.metrics_dir))  # type: ignore[no-untyped-call]
            body = generate_latest(registry)
        else:
            body = generate_latest()
        body += await run_in_threadpool(self._job_metrics)
        await _answer(send, 200, CONTENT_TYPE_LATEST.encode(), body)

    def _job_metrics(self) -> bytes:
        """The scheduled jobs' figures, read from their leases in the store at each scrape: the one
        record every worker on every machine writes, so any server's /metrics shows them all. A
        store that does not answer leaves them out (and /readyz says why), not the whole scrape."""
        try:
            leases = self.jobs()
        except Exception:
            self.log.warning("metrics: the jobs' leases could not be read", exc_info=True)
            return b""
        registry = CollectorRegistry()
        registry.register(_JobCollector(leases, time.time()))
        return generate_latest(registry)


class _JobCollector(Collector):
    def __init__(self, leases: tuple[JobLease, ...], now: float) -> None:
        self.leases = leases
        self.now = now

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily("overleg_job_runs", "Completed runs of each scheduled job, on every worker.",
                                   labels=("job",))
        failures = CounterMetricFamily("overleg_job_failures", "Failed runs of each scheduled job, on every worker.",
                                       labels=("job",))
        last = GaugeMetricFamily("overleg_job_last_success_timestamp_seconds",
                                 "When each scheduled job last ran to the end (Unix time; 0: never).", labels=("job",))
        running = GaugeMetricFamily("overleg_job_running", "1 while a worker holds the job's lease, else 0.",
                                    labels=("job",))
        for lease in self.leases:
            runs.add_metric((lease.job,), lease.runs)
            failures.add_metric((lease.job,), lease.failures)
            last.add_metric((lease.job,), lease.last_run_at.timestamp() if lease.last_run_at else 0.0)
            held = lease.holder is not None and lease.until is not None and lease.until.timestamp() > self.now
            running.add_metric((lease.job,), 1.0 if held else 0.0)
        yield from (runs, failures, last, running)


async def _answer(send: Send, status: int, content_type: bytes, body: bytes) -> None:
    # answered before the edge's middlewares, so with the one security header a text page needs
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


class RouteNote:
    """The innermost middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        def note() -> None:
            route = scope.get("route")  # set by the router before the endpoint runs
            slot = scope.get(_ROUTE)
            path = getattr(route, "path", None)
            if isinstance(slot, list) and isinstance(path, str) and not slot:
                slot.append(path)

        async def noting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                note()  # before the answer leaves, which is when Observe counts it
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        finally:
            note()


class JsonLines(logging.Formatter):
    """A log record as one JSON object: time (UTC), level, logger, message, the request's id when
    one is running, a request's fields (``http``) and a failure's traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        request_id = current_request_id.get()
        if request_id is not None:
            line["request_id"] = request_id
        fields = getattr(record, "http", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    """The process's logging: ``json`` makes every record (overleg's, uvicorn's) one JSON line on
    stderr, and the request lines of ``Observe`` are written (INFO); ``text`` keeps warnings and
    errors as text, as before."""
    if log_format != "json":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    for name in ("overleg", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    logging.getLogger("overleg").setLevel(logging.INFO)


def mark_worker_gone(pid: int, metrics_dir: Path | None) -> None:
    """A worker stopping takes its gauges (the pool) out of the sums; its counters stay counted."""
    if metrics_dir is not None:
        prometheus_multiprocess.mark_process_dead(pid, str(metrics_dir))  # type: ignore[no-untyped-call]


__all__ = ["REQUEST_ID", "JsonLines", "Observe", "RouteNote", "configure_logging", "current_request_id",
           "mark_worker_gone", "request_id_of"]
