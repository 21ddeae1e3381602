"""``overleg worker``'s job ``sync`` (issue 19): configured by OVERLEG_SYNC_SOURCES and
OVERLEG_SYNC_SINCE, it fetches from the public sources with the cursor kept in the store, once
per interval among the workers; a source that fails is recorded as the job's failure without
stopping the other. The sources are local fakes over HTTP (no network); SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_plus

import httpx
import pytest
from typer.testing import CliRunner

from api_helpers import migrated_store
from db_support import database
from fake_services import FakeOpenData, recorded, sru_response
from overleg.cli import app
from overleg.connectors.opendata import QUESTION_SOORTEN
from overleg.service import Service
from overleg.settings import Settings
from overleg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/overleg/examples/kst-21501-02-3349.txt"
OFFICIAL = ROOT / "tests/fixtures/official/ah-tk-20232024-1076.xml"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
runner = CliRunner()


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Sources:
    """Open Data (one question document and one of another Soort) and SRU (one publication) at
    one local address; every request logged."""

    def __init__(self) -> None:
        listed = [r for r in recorded("document-page-so-reports.json") if isinstance(r, dict) and not r["Verwijderd"]]
        question = next(r for r in listed if r["Soort"] in QUESTION_SOORTEN)
        other = next(r for r in listed if r["Soort"] not in QUESTION_SOORTEN)
        self.records: list[object] = [question, other]
        self.opendata = FakeOpenData(self.records, {str(question["Id"]): SEED.read_bytes()})
        self.root = ""
        self.log: list[str] = []

    @property
    def latest_change(self) -> str:
        return max((str(r["GewijzigdOp"]) for r in self.records if isinstance(r, dict)),
                   key=dt.datetime.fromisoformat)

    def __call__(self, path: str) -> httpx.Response:
        self.log.append(path)
        if path.startswith("/sru"):
            return httpx.Response(200, content=sru_response(
                [("ah-tk-20232024-1076", f"{self.root}/ah-tk-20232024-1076.xml", None)], None))
        if path == "/ah-tk-20232024-1076.xml":
            return httpx.Response(200, content=OFFICIAL.read_bytes())
        return self.opendata(httpx.Request("GET", f"http://fake.test{path}"))


@contextmanager
def served(sources: Sources) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = sources(self.path)
            self.send_response(answer.status_code)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        sources.root = f"http://127.0.0.1:{httpd.server_address[1]}"
        yield sources.root
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def sources() -> Iterator[Sources]:
    found = Sources()
    with served(found):
        yield found


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as found:
        migrated_store(found).close()
        yield found


def _environ(sources: Sources, **extra: str) -> dict[str, str]:
    return {"OVERLEG_TK_BASE_URL": f"{sources.root}/OData/v4/2.0", "OVERLEG_OB_BASE_URL": f"{sources.root}/sru",
            **extra}


def _listings(sources: Sources) -> list[str]:
    return [unquote_plus(p) for p in sources.log if "/Document?" in p]


def _resources(sources: Sources) -> int:
    return sum(p.endswith("/Resource") or p.endswith(".xml") for p in sources.log)


def test_the_worker_syncs_the_configured_source_and_a_second_worker_within_the_interval_does_not(
        url: str, sources: Sources) -> None:
    env = _environ(sources, OVERLEG_SYNC_SOURCES="tk", OVERLEG_SYNC_SINCE="2025-08-12")
    command = ["worker", "--once", "--interval", "3600", "--database", url]
    first = runner.invoke(app, command, env=env)
    assert first.exit_code == 0, first.output
    assert "jobs meldingen, attenderingen, sync every 3600 s" in first.stderr
    assert "sync: tk: 1 new, 0 changed, 0 unchanged, 1 skipped, 0 failed" in first.stdout
    assert "GewijzigdOp ge 2025-08-12T00:00:00Z" in _listings(sources)[0]
    with open_store(url) as store:
        stored = store.sync_states.load("tk")
    assert stored is not None and json.loads(stored)["cursor"] == sources.latest_change
    requests = len(sources.log)
    second = runner.invoke(app, command, env=env)  # another worker, within the hour: the job is done
    assert second.exit_code == 0, second.output
    assert "sync:" not in second.output
    assert len(sources.log) == requests


def test_the_next_run_lists_from_the_stored_cursor_and_a_first_run_starts_30_days_back(
        url: str, sources: Sources) -> None:
    store = migrated_store(url)
    try:
        first_run = dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC)  # the recorded page is of 12-14 August 2025
        clock = Clock(first_run)
        service = Service(store, clock, Settings.from_environ(_environ(sources, OVERLEG_SYNC_SOURCES="tk,ob")))
        [first] = service.jobs.run_due("machine-a", HOUR, only=("sync",))
        assert first.ran and first.error is None
        assert first.summary.startswith("tk: 1 new, 0 changed, 0 unchanged, 1 skipped, 0 failed; ob: 1 new")
        assert "GewijzigdOp ge 2025-08-02T00:00:00Z" in _listings(sources)[0]  # no OVERLEG_SYNC_SINCE: 30 days
        assert 'dt.modified>="2025-08-02"' in unquote_plus(next(p for p in sources.log if p.startswith("/sru")))
        fetched = _resources(sources)
        clock.now = first_run + HOUR
        [again] = service.jobs.run_due("machine-b", HOUR, only=("sync",))
        assert again.ran and again.error is None
        assert again.summary == ("tk: 0 new, 0 changed, 0 unchanged, 0 skipped, 0 failed; "
                                 "ob: 0 new, 0 changed, 0 unchanged, 0 skipped, 0 failed")
        assert f"GewijzigdOp ge {sources.latest_change}" in _listings(sources)[-1]
        assert _resources(sources) == fetched
    finally:
        store.close()


def test_a_corrupt_stored_state_fails_the_job_with_one_clear_line_and_the_other_source_still_runs(
        url: str, sources: Sources) -> None:
    store = migrated_store(url)
    try:
        store.sync_states.save("ob", "{half a state", START)
        service = Service(store, Clock(START), Settings.from_environ(_environ(
            sources, OVERLEG_SYNC_SOURCES="ob,tk", OVERLEG_SYNC_SINCE="2025-08-12")))
        [run] = service.jobs.run_due("machine-a", HOUR, only=("sync",))
        assert run.ran and run.error is not None
        assert run.error.startswith(f"SyncFailed: ob failed: {store.display_url}: the stored sync state of 'ob': "
                                    "not a sync state: ")
        assert run.error.endswith("; tk: 1 new, 0 changed, 0 unchanged, 1 skipped, 0 failed")
        assert "Traceback" not in run.error and "\n" not in run.error
        [lease] = [j for j in service.jobs.state() if j.job == "sync"]
        assert (lease.failures, lease.runs, lease.last_error) == (1, 0, run.error)
        assert store.sync_states.load("ob") == "{half a state"  # left for the operator to see
        assert store.sync_states.load("tk") is not None
        assert not any(p.startswith("/sru") for p in sources.log)
    finally:
        store.close()


def test_without_sources_there_is_no_sync_job(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert "sync" not in Service(store).jobs.names
        assert "sync" in Service(store, settings=Settings(sync_sources=("tk",))).jobs.names
