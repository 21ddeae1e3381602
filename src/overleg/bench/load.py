"""What ``overleg bench load`` measures: a mix of readers and staff on ``overleg serve --workers N``
over one store, for each N asked (issue 19's load figures).

    overleg bench load --database postgresql://... --workers 1 --workers 2 --workers 4 \\
        [--users 200] [--seconds 60] [--think 1.0] [--staff 0.25]

``prepare`` adds to the corpus store what the staff need (``bench.steps.build``: one consultation
of 200 questions per state and a user per role; skipped when they are there) and samples the
stored documents' ids. ``run_once`` starts ``overleg serve --workers N`` on a free port, waits for
``/readyz``, logs the staff users in through the login form, and then lets ``users`` simulated
users loose for ``seconds``: each waits a think time (uniform between 0.5 and 1.5 times
``think``; 0 makes it a closed loop that measures capacity) between its requests, and picks:

- a reader (``1 - staff`` of the users): a document page of a random stored document (45%), the
  search page (30%) or ``/api/search`` (10%) for a query of the benchmark's mix, the home page (5%),
  a document's JSON (10%);
- a staff user (``staff``): the clerk's, the group's, the ministry's or the chair's step pages of
  ``bench.steps.PAGES`` for its role (80%), or, as the ministry, a real write: it opens the answer
  editor of one of its own questions (each official user has its own, so no two edit one answer)
  and saves a new text through the form, with its CSRF token and the answer's version (20%).

Every request is timed at the client, from sending to the last byte. An error is an answer other
than the one expected (200, or 303 after a save) or a failed request (timeout, refused). The
result is a Markdown table row per run; docs/benchmarks-load.md keeps the measured ones. The load
runs in this process (asyncio and httpx), so on a small machine it takes CPU from the server: the
table says how much this process used.
"""

from __future__ import annotations

import asyncio
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from overleg.bench.api import stop
from overleg.bench.corpus import QUERY_CLASSES
from overleg.bench.machine import machine_line
from overleg.bench.steps import PAGES, PASSWORD, Built, build, server_environ
from overleg.errors import OverlegError

START, END = "<!-- bench-load:start -->", "<!-- bench-load:end -->"
ANSWERING = "so-beantwoording"  # the consultation the ministry's users answer in (bench.steps.STATES)
STAFF_ROLES = ("griffier", "fractie", "ambtenaar", "voorzitter")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass(frozen=True)
class LoadTarget:
    url: str
    built: Built
    document_ids: tuple[str, ...]
    documents: int


@dataclass
class Tally:
    """What the users saw: latencies (ms) per kind of request, and errors with an example each."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        if error is not None:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.examples.setdefault(kind, error)

    @property
    def all(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]


@dataclass(frozen=True)
class Result:
    workers: int
    users: int
    seconds: float
    tally: Tally
    client_cpu: float  # seconds of CPU this process (the load) used during the run
    server_errors: int = 0  # error lines in the server's log

    @property
    def requests(self) -> int:
        return len(self.tally.all)

    @property
    def errors(self) -> int:
        return sum(self.tally.errors.values())


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile by nearest rank.

    >>> percentile([float(v) for v in range(1, 101)], 99)
    99.0
    """
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, -(-int(p * len(ordered)) // 100) - 1)]


def prepare(url: str, progress: Callable[[str], None]) -> LoadTarget:
    """The store at ``url`` with the staff's consultations and users (made once), and up to 20,000
    stored document ids to visit."""
    from sqlalchemy import func, select

    from overleg.store import open_store
    from overleg.store.engine import read
    from overleg.store.schema import documents

    with open_store(url, require_migrated=True) as store:
        made = store.users.by_username("ambtenaar") is not None
        with read(store.engine) as conn:
            count = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            ids = tuple(conn.execute(select(documents.c.id).order_by(func.random()).limit(20_000)).scalars())
    if made:
        built = Built(url, _published_report(url), "D66", 200)
    else:
        began = time.perf_counter()
        built = build(url, 200)
        progress(f"added the staff's consultations and users in {time.perf_counter() - began:.0f} s")
    return LoadTarget(url, built, ids, count)


def _published_report(url: str) -> str:
    """The document id of the report ``build`` published, read as the consultations' clerk."""
    from overleg.bench.steps import shape
    from overleg.procedure.reenact import cast_for
    from overleg.procedure.sample import sample_report
    from overleg.service import Service
    from overleg.store import open_store

    clerk = cast_for(sample_report(shape(200))).clerk
    with open_store(url, require_migrated=True) as store:
        found = Service(store).consultations.get(clerk, "so-gepubliceerd").established
    if found is None:
        raise OverlegError("the store has the benchmark's users but no published consultation so-gepubliceerd")
    return str(found.document_id)


def _queries() -> tuple[str, ...]:
    return tuple(q for _, q, _, _ in QUERY_CLASSES)


class SimulatedUser:
    """One simulated user: its client (its own connection and cookies), role and random stream."""

    def __init__(self, n: int, base: str, role: str | None, prepared: LoadTarget, questions: tuple[int, ...]) -> None:
        # keep-alive shorter than the server's 5 s, as a proxy keeps it: else a request sent as the server
        # closes the idle connection fails (ReadError), an artefact of the test, not of the server
        self.client = httpx.AsyncClient(base_url=base, timeout=60,
                                        limits=httpx.Limits(max_connections=1, keepalive_expiry=2.0))
        self.role = role
        self.rng = random.Random(n)
        self.prepared = prepared
        self.questions = questions  # the official's own questions to answer
        self.pages = tuple(p.path.format(group=prepared.built.group, report=prepared.built.report)
                           for p in PAGES if p.role == role)

    async def log_in(self) -> None:
        if self.role is None:
            return
        form = await self.client.get("/login")
        token = _CSRF.search(form.text)
        if token is None:
            raise OverlegError("the login page has no form token")
        done = await self.client.post("/login", data={"username": self.role, "password": PASSWORD,
                                                      "csrf": token.group(1)})
        if done.status_code != 303:
            raise OverlegError(f"logging in as {self.role} failed: HTTP {done.status_code}")

    def next_request(self) -> tuple[str, Callable[[], Awaitable[str | None]]]:
        """The kind of the next request and how to make it (returning an error or None)."""
        r = self.rng.random()
        if self.role is None:
            if r < 0.45:
                return "document page", lambda: self._get(f"/documents/{self.rng.choice(self.prepared.document_ids)}")
            if r < 0.75:
                return "search page", lambda: self._get(f"/search?q={quote(self.rng.choice(_queries()))}")
            if r < 0.85:
                return "api search", lambda: self._get(f"/api/search?q={quote(self.rng.choice(_queries()))}")
            if r < 0.90:
                return "home page", lambda: self._get("/")
            return "document json", lambda: self._get(f"/api/documents/{self.rng.choice(self.prepared.document_ids)}")
        if self.role == "ambtenaar" and self.questions and r < 0.2:
            return "save an answer", self._save_answer
        return "workspace page", lambda: self._get(self.rng.choice(self.pages))

    async def _get(self, path: str) -> str | None:
        answer = await self.client.get(path)
        return None if answer.status_code == 200 else f"GET {path}: HTTP {answer.status_code}"

    async def _save_answer(self) -> str | None:
        number = self.rng.choice(self.questions)
        path = f"/werkruimte/{ANSWERING}/beantwoording/{number}"
        editor = await self.client.get(path)
        token, version = _CSRF.search(editor.text), _VERSION.search(editor.text)
        if editor.status_code != 200 or token is None or version is None:
            return f"GET {path}: HTTP {editor.status_code}" + ("" if token and version else ", no form")
        text = f"Het kabinet heeft dit onderzocht en informeert uw Kamer (versie {self.rng.randrange(10**9)})."
        saved = await self.client.post(path, data={"csrf": token.group(1), "version": version.group(1),
                                                   "text": text})
        return None if saved.status_code == 303 else f"POST {path}: HTTP {saved.status_code}"

    async def close(self) -> None:
        await self.client.aclose()


async def _drive(users: list[SimulatedUser], seconds: float, think: float, tally: Tally) -> float:
    for user in users:  # before the clock starts: a login is not what is measured
        await user.log_in()
    began = time.monotonic()
    deadline = began + seconds
    last = began  # when the last answer came: the run's length (a pause past the deadline is not)

    async def loop(user: SimulatedUser) -> None:
        nonlocal last
        await asyncio.sleep(user.rng.uniform(0, think or 0.01))  # users arrive spread over a think time
        while time.monotonic() < deadline:
            kind, make = user.next_request()
            start = time.perf_counter()
            try:
                error = await make()
            except httpx.HTTPError as e:
                error = f"{type(e).__name__}: {e}"
            tally.add(kind, (time.perf_counter() - start) * 1000, error)
            last = max(last, time.monotonic())
            if think:
                pause = user.rng.uniform(0.5 * think, 1.5 * think)
                await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))

    await asyncio.gather(*(loop(u) for u in users))
    return max(last, deadline) - began


def _serving(url: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``overleg serve --workers N`` on a free port, its log in ``log`` (a pipe nobody reads would
    fill and stop the server), each worker's pool sized so that together they stay within the
    database server's connections; the process and its base URL once ``/readyz`` says ready."""
    from overleg.bench.steps import _free_port

    base = f"http://127.0.0.1:{_free_port()}"
    env = server_environ()
    if url.startswith("postgresql"):
        each = max(2, 90 // workers)  # of PostgreSQL's default 97 for ordinary users; the load's own few
        env.update(OVERLEG_DB_POOL_SIZE=str(min(10, each)), OVERLEG_DB_MAX_OVERFLOW=str(each - min(10, each)))
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "overleg", "serve", "--database", url, "--workers",
                                 str(workers), "--port", base.rsplit(":", 1)[1]], env=env,
                                stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise OverlegError(f"overleg serve exited: {lines[-1] if lines else proc.returncode}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            stop(proc)
            raise OverlegError("overleg serve did not answer /readyz within 120 s")
        time.sleep(0.3)


def _logged_errors(log: Path) -> list[str]:
    """The server's own error lines (tracebacks' last lines) in its log."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for n, line in enumerate(lines) if line.startswith("Traceback") or " ERROR " in line
            or '"level": "error"' in line] if lines else []


def run_once(prepared: LoadTarget, workers: int, users: int, seconds: float, think: float, staff: float) -> Result:
    """One run against ``overleg serve --workers workers`` (started and stopped here)."""
    with tempfile.TemporaryDirectory(prefix="overleg-bench-load-") as tmp:
        log = Path(tmp) / "serve.log"
        proc, base = _serving(prepared.url, workers, log)
        try:
            staff_count = round(users * staff)
            roles = [STAFF_ROLES[n % len(STAFF_ROLES)] if n < staff_count else None for n in range(users)]
            officials = [n for n, role in enumerate(roles) if role == "ambtenaar"]
            questions = {n: tuple(range(1 + k, prepared.built.questions + 1, max(1, len(officials))))
                         for k, n in enumerate(officials)}
            tally = Tally()

            async def main() -> float:
                crowd = [SimulatedUser(n, base, role, prepared, questions.get(n, ())) for n, role in enumerate(roles)]
                try:
                    return await _drive(crowd, seconds, think, tally)
                finally:
                    await asyncio.gather(*(u.close() for u in crowd))

            cpu = _cpu()
            took = asyncio.run(main())
            spent = _cpu() - cpu
        finally:
            stop(proc)
        return Result(workers, users, took, tally, spent, len(_logged_errors(log)))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def table(prepared: LoadTarget, results: list[Result], think: float, staff: float) -> str:
    """The Markdown section: the machine and setup, a row per run, then per kind of request."""
    dialect = prepared.url.split(":", 1)[0].split("+", 1)[0]
    lines = [f"- machine: {machine_line(with_model=True)}",
             f"- store: {dialect}, {prepared.documents:,} documents; `overleg serve --workers N`; the load from "
             f"one process on the same machine (asyncio, httpx), {results[0].users if results else 0} users "
             f"({staff:.0%} staff), think time {think:g} s (0.5 to 1.5 times), "
             f"{results[0].seconds if results else 0:.0f} s per run", "",
             "| workers | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | server's logged errors "
             "| load's CPU |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        every = r.tally.all
        lines.append(f"| {r.workers} | {r.requests:,} | {r.requests / r.seconds:.1f} | {percentile(every, 50):.0f} | "
                     f"{percentile(every, 95):.0f} | {percentile(every, 99):.0f} | {r.errors} | {r.server_errors} | "
                     f"{r.client_cpu / r.seconds:.0%} |")
    kinds = sorted({k for r in results for k in r.tally.latencies})
    lines += ["", "| request | " + " | ".join(f"{r.workers} w: n, p50 / p95 ms" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for kind in kinds:
        cells = []
        for r in results:
            found = r.tally.latencies.get(kind, [])
            cells.append(f"{len(found):,}, {statistics.median(found) if found else 0:.0f} / "
                         f"{percentile(found, 95):.0f}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    for r in results:
        for kind, count in r.tally.errors.items():
            lines.append(f"\n{r.workers} workers, {kind}: {count} errors, e.g. {r.tally.examples[kind]}")
    return "\n".join(lines)
