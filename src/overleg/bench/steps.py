"""What ``overleg bench steps`` measures: every step's page of a consultation of 200 questions from
five groups, per role (issue 14: "under 100 ms, median, one worker").

    overleg bench steps [--questions 200] [--runs 30] [--database URL] [--write docs/benchmarks.md]

``build`` fills a store through the service (as the procedure's own users would): the made-up
report of ``procedure.sample`` with five groups and ``questions`` passages (answer groups,
cross-references, footnotes, motions), re-enacted into one consultation per state (``STATES``:
draft, intake open with every group's contribution in, intake closed, numbered, being answered
with every answer given, answers received, established, published), and one user per role.
``measure`` starts ``overleg serve`` (uvicorn, one worker, the production path) on a free port,
importing the code this process imported (``server_environ``), logs each role in through the login
form, asks each page of ``PAGES`` twice to warm up and then ``runs`` times in a row, one request
at a time, and gives the median and p95 of the wall time per request as the client saw it. A page
that does not answer 200 on the first request is reported as such, not timed. To add a page,
add a row.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from overleg.bench.api import stop
from overleg.bench.machine import machine
from overleg.errors import OverlegError
from overleg.settings import child_environ

START, END = "<!-- bench-steps:start -->", "<!-- bench-steps:end -->"
BUDGET_MS = 100.0
PASSWORD = "bench-wachtwoord-niet-geheim"  # a throwaway store's users
GROUPS = ("D66", "GroenLinks-PvdA", "VVD", "SP", "JA21")

# consultation id -> the action it stops before (None: every step, published)
STATES: dict[str, str | None] = {
    "so-concept": "open_intake",
    "so-inbreng": "close_intake",
    "so-gesloten": "number",
    "so-genummerd": "send",
    "so-beantwoording": "receive_answers",
    "so-ontvangen": "establish",
    "so-vastgesteld": "publish",
    "so-gepubliceerd": None,
}
ROLES = ("griffier", "voorzitter", "fractie", "ambtenaar", "publiek")


@dataclass(frozen=True)
class StepPage:
    name: str
    role: str  # one of ROLES
    path: str  # {group} is the first group's name; {report} the published report's document id


def _clerk_desks() -> tuple[StepPage, ...]:
    return tuple(StepPage(f"clerk's desk, {name.removeprefix('so-')}", "griffier", f"/werkruimte/{name}")
                 for name in STATES)


PAGES = (
    StepPage("workspace list", "griffier", "/werkruimte"),
    *_clerk_desks(),
    StepPage("confirm: open intake", "griffier", "/werkruimte/so-concept/bevestigen/inbreng-openen"),
    StepPage("confirm: close intake", "griffier", "/werkruimte/so-inbreng/bevestigen/inbreng-sluiten"),
    StepPage("confirm: number", "griffier", "/werkruimte/so-gesloten/bevestigen/nummeren"),
    StepPage("confirm: send", "griffier", "/werkruimte/so-genummerd/bevestigen/versturen"),
    StepPage("list of questions, intake closed", "griffier", "/werkruimte/so-gesloten/lijst"),
    StepPage("list of questions, numbered", "griffier", "/werkruimte/so-genummerd/lijst"),
    StepPage("group's desk, intake", "fractie", "/werkruimte/so-inbreng"),
    StepPage("group editor", "fractie", "/werkruimte/so-inbreng/inbreng/{group}"),
    StepPage("group editor: preview", "fractie", "/werkruimte/so-inbreng/inbreng/{group}/voorbeeld"),
    StepPage("group editor: hand in", "fractie", "/werkruimte/so-inbreng/inbreng/{group}/indienen"),
    StepPage("ministry's consultation page", "ambtenaar", "/werkruimte/so-beantwoording"),
    StepPage("ministry desk", "ambtenaar", "/werkruimte/so-beantwoording/beantwoording"),
    StepPage("answer editor", "ambtenaar", "/werkruimte/so-beantwoording/beantwoording/1"),
    StepPage("confirm: send the answers", "ambtenaar", "/werkruimte/so-beantwoording/beantwoording/versturen"),
    StepPage("preview, answering (ministry)", "ambtenaar", "/werkruimte/so-beantwoording/voorbeeld"),
    StepPage("preview, answers received (clerk)", "griffier", "/werkruimte/so-ontvangen/voorbeeld"),
    StepPage("chair's consultation page", "voorzitter", "/werkruimte/so-ontvangen"),
    StepPage("verslag, answers received (chair)", "voorzitter", "/werkruimte/so-ontvangen/verslag"),
    StepPage("verslag, established (clerk)", "griffier", "/werkruimte/so-vastgesteld/verslag"),
    StepPage("verslag, published (clerk)", "griffier", "/werkruimte/so-gepubliceerd/verslag"),
    StepPage("correction (clerk)", "griffier", "/werkruimte/so-gepubliceerd/correctie"),
    StepPage("logboek (clerk)", "griffier", "/werkruimte/so-gepubliceerd/logboek"),
    StepPage("published report (public)", "publiek", "/documents/{report}"),
)


@dataclass(frozen=True)
class Built:
    """What ``build`` made: the store's URL, the published report's id and the first group."""

    url: str
    report: str
    group: str
    questions: int


@dataclass(frozen=True)
class Timing:
    page: StepPage
    path: str
    status: int
    median_ms: float | None  # None: not timed (the page is not there)
    p95_ms: float | None


def shape(questions: int) -> tuple[tuple[str, int], ...]:
    """Five groups sharing ``questions`` passages as evenly as they can (the first get the rest).

    >>> shape(200)
    (('D66', 40), ('GroenLinks-PvdA', 40), ('VVD', 40), ('SP', 40), ('JA21', 40))
    >>> shape(7)
    (('D66', 2), ('GroenLinks-PvdA', 2), ('VVD', 1), ('SP', 1), ('JA21', 1))
    """
    if questions < len(GROUPS):
        raise OverlegError(f"--questions must be at least {len(GROUPS)} (one per group), not {questions}")
    each, rest = divmod(questions, len(GROUPS))
    return tuple((g, each + (k < rest)) for k, g in enumerate(GROUPS))


def build(url: str, questions: int = 200) -> Built:
    """The store at ``url`` (migrated here) with one consultation per state and a user per role."""
    from overleg.procedure import RoleKind
    from overleg.procedure.commands import EstablishReport
    from overleg.procedure.reenact import cast_for, reenact
    from overleg.procedure.sample import sample_report
    from overleg.service import Credentials, Service
    from overleg.store import open_store

    doc = sample_report(shape(questions))
    cast = cast_for(doc)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    with open_store(url) as store:
        store.upgrade()
        service = Service(store, lambda: start + dt.timedelta(minutes=30))
        for consultation, before in STATES.items():
            for step in reenact(doc, consultation, start):
                if step.command.action == before:
                    break
                if isinstance(step.command, EstablishReport):  # a report number is never used twice
                    number = int(step.command.document_number) + list(STATES).index(consultation)
                    step = replace(step, command=replace(step.command, document_number=str(number)))
                if step.command.action == "create":
                    service.consultations.create(step.actor, step.command)  # type: ignore[arg-type]
                else:
                    service.consultations.execute(step.actor, consultation, step.command)
        committee = next(iter(cast.clerk.roles)).of
        ministry = next(iter(cast.official.roles)).of
        users = (("griffier", RoleKind.CLERK, committee), ("voorzitter", RoleKind.CHAIR, committee),
                 ("fractie", RoleKind.MEMBER, GROUPS[0]), ("ambtenaar", RoleKind.OFFICIAL, ministry))
        for username, kind, scope in users:
            service.accounts.create_user(Credentials.operator(), username, PASSWORD, None, ((kind.value, scope),))
        published = service.consultations.get(cast.clerk, "so-gepubliceerd").established
        assert published is not None, "the published consultation has no report"
        return Built(url, str(published.document_id), GROUPS[0], questions)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server_environ() -> dict[str, str]:
    """The server's environment: this one's, with the source this process imported overleg from
    first on PYTHONPATH, so that the server runs the code being benchmarked (from a checkout or a
    worktree), not another copy installed in the virtualenv."""
    import overleg

    source = str(Path(overleg.__file__).resolve().parents[1])
    inherited = child_environ().get("PYTHONPATH", "")
    return child_environ(PYTHONPATH=source + (os.pathsep + inherited if inherited else ""))


@contextmanager
def serving(url: str) -> Iterator[str]:
    """``overleg serve`` (one uvicorn worker) over ``url`` on a free port; its base URL."""
    base = f"http://127.0.0.1:{_free_port()}"
    proc = subprocess.Popen([sys.executable, "-m", "overleg", "serve", "--database", url,
                             "--port", base.rsplit(":", 1)[1]], env=server_environ(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                message = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
                raise OverlegError(f"overleg serve exited: {message.splitlines()[-1] if message else proc.returncode}")
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise OverlegError("overleg serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        stop(proc)


def log_in(client: httpx.Client, username: str) -> None:
    """Through the login form, as a browser would (its CSRF token and cookie)."""
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    if token is None:
        raise OverlegError("the login page has no form token")
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token.group(1)})
    if done.status_code != 303:
        raise OverlegError(f"logging in as {username} failed: HTTP {done.status_code}")


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank).

    >>> p95([float(v) for v in range(1, 101)])
    95.0
    """
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(built: Built, runs: int = 30, pages: tuple[StepPage, ...] = PAGES,
            progress: Callable[[str], None] = lambda _: None) -> list[Timing]:
    """Each page's GET timed ``runs`` times in a row after two warm-ups, as its role."""
    timings: list[Timing] = []
    with serving(built.url) as base:
        clients = {role: httpx.Client(base_url=base, timeout=60) for role in ROLES}
        try:
            for role, client in clients.items():
                if role != "publiek":
                    log_in(client, role)
            for page in pages:
                path = page.path.format(group=built.group, report=built.report)
                client = clients[page.role]
                status = client.get(path).status_code
                if status != 200:
                    timings.append(Timing(page, path, status, None, None))
                    progress(f"{page.name}: HTTP {status}, not timed")
                    continue
                client.get(path)
                times = []
                for _ in range(runs):
                    began = time.perf_counter()
                    answer = client.get(path)
                    times.append((time.perf_counter() - began) * 1000)
                    if answer.status_code != 200:
                        raise OverlegError(f"{path} as {page.role} answered HTTP {answer.status_code}")
                timing = Timing(page, path, status, statistics.median(times), p95(times))
                timings.append(timing)
                progress(f"{page.name}: median {timing.median_ms:.1f} ms")
        finally:
            for client in clients.values():
                client.close()
    return timings


def table(built: Built, timings: list[Timing], runs: int, dialect: str) -> str:
    """The Markdown section: the machine, what was measured, a row per page."""
    lines = [*machine(),
             f"- store: {dialect}, {len(STATES)} consultations of {built.questions} questions from five groups "
             f"(one per state); `overleg serve`, one uvicorn worker; {runs} sequential GETs per page after "
             "two warm-ups, wall time at the client", "",
             "| page | role | path | median ms | p95 ms | under 100 ms (median) |", "|---|---|---|---|---|---|"]
    for t in timings:
        if t.median_ms is None or t.p95_ms is None:
            lines.append(f"| {t.page.name} | {t.page.role} | `{t.path}` | – | – | not timed (HTTP {t.status}) |")
        else:
            ok = "yes" if t.median_ms < BUDGET_MS else "**no**"
            lines.append(f"| {t.page.name} | {t.page.role} | `{t.path}` | {t.median_ms:.1f} | {t.p95_ms:.1f} | {ok} |")
    return "\n".join(lines)


def run(questions: int, runs: int, database: str | None, progress: Callable[[str], None]) -> str:
    """Build (in a temporary SQLite file unless ``database`` is given), measure, and tabulate."""
    with tempfile.TemporaryDirectory(prefix="overleg-bench-steps-") as tmp:
        url = database or f"sqlite:///{Path(tmp) / 'steps.db'}"
        began = time.perf_counter()
        built = build(url, questions)
        progress(f"built {url.split('://')[0]} store with {questions} questions in {time.perf_counter() - began:.1f} s")
        timings = measure(built, runs, PAGES, progress)
        dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
        return table(built, timings, runs, dialect)
