"""``overleg sync`` against a local HTTP server (no network), and ``overleg export`` of a store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from typer.testing import CliRunner

from db_support import database
from fake_services import recorded
from overleg import exchange
from overleg.cli import app
from overleg.connectors.opendata import QUESTION_SOORTEN
from overleg.readers import read
from overleg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/overleg/examples/kst-21501-02-3349.txt"
runner = CliRunner()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local Open Data service: one page of recorded records, the seed as every Resource."""
    records = recorded("document-page-so-reports.json")
    seed = SEED.read_bytes()
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            log.append(self.path)
            if "/Resource" in self.path:
                body, kind = seed, "text/plain"
            else:
                body, kind = json.dumps({"value": records}).encode(), "application/json"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/OData/v4/2.0", log
    finally:
        httpd.shutdown()
        httpd.server_close()


def _migrated(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        store.upgrade()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated store of each kind."""
    with database(request.param, tmp_path) as url:
        with open_store(url) as store:
            store.upgrade()
        yield url


def _latest_change() -> str:
    """The newest GewijzigdOp of the recorded page: the cursor after a run over it."""
    listed = [r for r in recorded("document-page-so-reports.json") if isinstance(r, dict)]  # skipped ones count too
    return str(max(listed, key=lambda r: dt.datetime.fromisoformat(str(r["GewijzigdOp"])))["GewijzigdOp"])


def _stored_state(url: str, source: str = "tk") -> str | None:
    with open_store(url) as store:
        return store.sync_states.load(source)


def test_sync_dry_run_lists_the_question_documents_and_downloads_nothing(
        server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, log = server
    result = runner.invoke(app, ["sync", "--source", "tk", "--since", "2025-08-12", "--dry-run",
                                 "--base-url", base, "--interval", "0", "--state", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    wanted = [r for r in recorded("document-page-so-reports.json")
              if isinstance(r, dict) and r["Soort"] in QUESTION_SOORTEN and not r["Verwijderd"]]
    listed = [line for line in result.stdout.splitlines() if "/Resource" in line]
    assert len(listed) == len(wanted)
    assert not any("/Resource" in p for p in log)


def test_sync_soort_chooses_the_kinds_to_fetch(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, log = server
    result = runner.invoke(app, ["sync", "--source", "tk", "--since", "2025-08-12", "--dry-run", "--base-url", base,
                                 "--interval", "0", "--soort", "Schriftelijke vragen",
                                 "--soort", "Verslag houdende een lijst van vragen en antwoorden"])
    assert result.exit_code == 0, result.output
    wanted = [r for r in recorded("document-page-so-reports.json") if isinstance(r, dict) and not r["Verwijderd"]
              and r["Soort"] in ("Schriftelijke vragen", "Verslag houdende een lijst van vragen en antwoorden")]
    listed = [line for line in result.stdout.splitlines() if "/Resource" in line]
    assert len(listed) == len(wanted) > 0
    assert "Soort eq 'Schriftelijke vragen' or Soort eq 'Verslag houdende" in unquote_plus(log[0])


def test_sync_stores_and_a_second_run_reports_nothing_new(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, log = server
    url = _migrated(tmp_path)
    args = ["sync", "--source", "tk", "--since", "2025-08-12", "--base-url", base, "--interval", "0",
            "--database", url, "--state", str(tmp_path / "s.json")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 new" in first.stdout and "0 failed" in first.stdout
    downloads = sum("/Resource" in p for p in log)
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "0 new, 0 changed, 0 unchanged" in second.stdout
    assert sum("/Resource" in p for p in log) == downloads
    assert f"GewijzigdOp ge {_latest_change()}" in unquote_plus(log[-1])  # the second run lists from the cursor
    assert _stored_state(url) is None  # the state file keeps the state, not the store


def test_sync_without_a_state_file_resumes_from_the_cursor_the_store_keeps(
        server: tuple[str, list[str]], store_url: str) -> None:
    base, log = server
    args = ["sync", "--source", "tk", "--base-url", base, "--interval", "0", "--database", store_url]
    first = runner.invoke(app, [*args, "--since", "2025-08-12"])
    assert first.exit_code == 0, first.output
    assert "1 new" in first.stdout and "0 failed" in first.stdout
    assert "GewijzigdOp ge 2025-08-12T00:00:00Z" in unquote_plus(log[0])
    stored = _stored_state(store_url)
    assert stored is not None and json.loads(stored)["cursor"] == _latest_change()
    downloads, requests = sum("/Resource" in p for p in log), len(log)
    second = runner.invoke(app, [*args, "--since", "2020-01-01"])  # an earlier --since: the stored cursor wins
    assert second.exit_code == 0, second.output
    assert "0 new, 0 changed, 0 unchanged, 0 skipped, 0 failed" in second.stdout
    assert sum("/Resource" in p for p in log) == downloads
    assert f"GewijzigdOp ge {_latest_change()}" in unquote_plus(log[requests])


def test_a_dry_run_lists_after_the_stored_cursor_and_saves_nothing(
        server: tuple[str, list[str]], store_url: str) -> None:
    base, log = server
    args = ["sync", "--source", "tk", "--since", "2025-08-12", "--base-url", base, "--interval", "0",
            "--database", store_url]
    assert runner.invoke(app, args).exit_code == 0
    stored, requests = _stored_state(store_url), len(log)
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"GewijzigdOp ge {_latest_change()}" in unquote_plus(log[requests])
    assert not any("/Resource" in p for p in log[requests:])
    assert _stored_state(store_url) == stored


@pytest.mark.parametrize("kind", ["no file", "no server"])
def test_a_dry_run_needs_no_store_and_makes_none(server: tuple[str, list[str]], tmp_path: Path, kind: str) -> None:
    base, log = server
    missing = tmp_path / "none.db"
    url = f"sqlite:///{missing}" if kind == "no file" else "postgresql://postgres@127.0.0.1:1/none"
    result = runner.invoke(app, ["sync", "--source", "tk", "--since", "2025-08-12", "--dry-run", "--base-url", base,
                                 "--interval", "0", "--database", url])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if "/Resource" in line]  # listed from --since
    assert "GewijzigdOp ge 2025-08-12T00:00:00Z" in unquote_plus(log[0])
    assert not missing.exists()


def test_a_corrupt_stored_state_stops_sync_with_one_line_naming_it(
        server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, log = server
    url = _migrated(tmp_path)
    with open_store(url) as store:
        store.sync_states.save("tk", "{half a state", dt.datetime(2026, 12, 8, tzinfo=dt.UTC))
    result = runner.invoke(app, ["sync", "--source", "tk", "--since", "2025-08-12", "--base-url", base,
                                 "--interval", "0", "--database", url])
    assert result.exit_code == 2
    assert "the stored sync state of 'tk': not a sync state" in result.stderr
    assert "Traceback" not in result.output and log == []


def test_sync_rejects_a_date_that_is_not_a_date(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sync", "--source", "ob", "--since", "yesterday", "--dry-run"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_export_writes_jsonl_csv_and_akn_of_the_whole_store(tmp_path: Path) -> None:
    url = _migrated(tmp_path)
    doc = read(SEED)
    with open_store(url) as store:
        store.documents.save(doc, "seed.txt")
    out = tmp_path / "out"
    for fmt in ("jsonl", "csv", "akn"):
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--database", url])
        assert result.exit_code == 0, result.output
        assert "1 documents" in result.stdout
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [exchange.from_json(line) for line in lines] == [doc]
    rows = list(csv.DictReader(io.StringIO((out / "items.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(doc.items) and rows[0]["document_id"] == "kst-21501-02-3349"
    assert read(out / "akn" / "kst-21501-02-3349.xml") == doc


def test_parse_takes_the_metadata_of_an_official_publication(tmp_path: Path) -> None:
    xml = (ROOT / "tests/fixtures/official/kst-21501-02-3349.xml").read_text(encoding="utf-8")
    without_id = xml.replace('<meta name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-21501-02-3349"/>', "")
    without_heading = without_id.replace("<stuknr>Nr. <ondernummer kamer=\"2\">3349</ondernummer></stuknr>", "")
    assert without_heading != without_id
    (tmp_path / "r.xml").write_text(without_heading, encoding="utf-8")
    (tmp_path / "meta.xml").write_text('<metadata><meta name="DC.identifier" scheme="OVERHEIDop.ParlID" '
                                       'content="kst-21501-02-3349"/></metadata>', encoding="utf-8")
    plain = runner.invoke(app, ["parse", str(tmp_path / "r.xml")])
    with_meta = runner.invoke(app, ["parse", str(tmp_path / "r.xml"), "--metadata", str(tmp_path / "meta.xml")])
    assert json.loads(plain.stdout)["id"] is None
    assert json.loads(with_meta.stdout)["id"] == "kst-21501-02-3349"
