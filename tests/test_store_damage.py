"""A damaged store (issue 13, point 7): ``overleg db check`` finds every inconsistency the store can
hold, one line naming what and where, and exits 1; the server starts on a damaged store, reports
what is wrong and serves everything else. Each kind of damage is made on purpose, behind the
store's back (its triggers and foreign keys switched off), on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api_helpers import client_for, start_server, stop, store_of
from overleg import read
from overleg.cli import app
from overleg.corpus.ingest.save import save_and_index
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.states import TextCorrection
from overleg.service.documents import Documents
from overleg.store import Store
from overleg.store.engine import sqlite_file
from publication_support import FOREIGN_AFFAIRS, REPORT_ID, SEED_ID, run, service_over, step_of, steps_for

KINDS = ["sqlite", "postgresql"]
EXAMPLES = Path(__file__).resolve().parent.parent / "src/overleg/examples"
runner = CliRunner()


def damage(store: Store, *statements: str) -> None:
    """Run ``statements`` as a broken program or a bad restore would: without the append-only
    triggers and without foreign keys."""
    if store.dialect == "sqlite":
        path = sqlite_file(store.url)
        assert path is not None
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:  # foreign keys are off by default
            for table in ("consultation_events", "documents", "document_items"):
                for action in ("update", "delete"):
                    conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
            for statement in statements:
                conn.execute(statement)
        return
    import psycopg

    with psycopg.connect(store.url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute("SET session_replication_role = replica")  # no triggers, no foreign keys (superuser)
        for statement in statements:
            conn.execute(statement)


def checked(store: Store) -> tuple[int, list[str]]:
    """``overleg db check`` on the store: its exit code and its lines (the URL prefix removed)."""
    result = runner.invoke(app, ["db", "check", "--database", store.url])
    prefix = f"{store.display_url}: "
    return result.exit_code, [line.removeprefix(prefix) for line in result.output.splitlines()]


@pytest.fixture(params=KINDS)
def in_use(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store as it is used: an ingested paper, a report published and corrected once, a
    second consultation sent, a user with a role, a token and a session; db check finds it sound."""
    with store_of(request.param, tmp_path) as store:
        save_and_index(store, read(EXAMPLES / "kst-21501-02-3349.txt"), "kst-21501-02-3349.txt")
        service = service_over(store)
        steps = steps_for("so-1")
        published = run(service, "so-1", steps)
        assert published is not None
        service.consultations.execute(step_of(steps, "publish").actor, "so-1", c.CorrectReport(
            expected_version=published.version, reason="Drukfout", answers=(TextCorrection(1, "Anders."),)))
        run(service, "so-2", steps_for("so-2", number="9002"), until="answer")
        anna = store.users.create_user("anna", "pw")
        store.users.add_membership(anna.id, "clerk", FOREIGN_AFFAIRS)
        store.users.create_api_token(anna.id)
        store.users.create_session(anna.id)
        code, lines = checked(store)
        assert code == 0 and lines[-1].endswith(": ok"), lines
        yield store


@dataclass(frozen=True)
class Damage:
    statements: tuple[str, ...]
    reported: str


DAMAGES = {
    "published without its document": Damage(
        (f"DELETE FROM document_items WHERE document_id = '{REPORT_ID}'",
         f"DELETE FROM documents WHERE id = '{REPORT_ID}'"),
        f"consultation so-1 is published, but its report {REPORT_ID} has 0 of its 2 versions stored"),
    "fewer versions than published": Damage(
        (f"DELETE FROM document_items WHERE document_id = '{REPORT_ID}' AND document_version = 2",
         f"DELETE FROM documents WHERE id = '{REPORT_ID}' AND version = 2"),
        f"consultation so-1 is published, but its report {REPORT_ID} has 1 of its 2 versions stored"),
    "latest version not indexed": Damage(
        (f"DELETE FROM search_documents WHERE document_id = '{SEED_ID}'",),
        f"document {SEED_ID}: its latest version 1 is not in the search index"),
    "index at an older version": Damage(
        (f"UPDATE search_documents SET version = 1 WHERE document_id = '{REPORT_ID}'",),
        f"document {REPORT_ID}: the search index holds version 1, the latest is 2"),
    "facts missing": Damage(
        (f"DELETE FROM document_facts WHERE document_id = '{REPORT_ID}'",),
        f"document {REPORT_ID}: analytics has no facts of its latest version 2"),
    "an index row of no document": Damage(
        ("INSERT INTO search_documents (document_id, version, type, has_commitment) "
         "VALUES ('kst-1-1', 1, 'verslag', false)",),
        "search index: kst-1-1 is indexed, but no such document is stored"),
    "items out of step": Damage(
        (f"INSERT INTO document_items (document_id, document_version, position, number) "
         f"VALUES ('{REPORT_ID}', 2, 6, 6)",),
        f"document {REPORT_ID} version 2: 6 item rows, the document has 5 items"),
    "items not numbered 1..n": Damage(
        (f"UPDATE document_items SET position = position + 10 WHERE document_id = '{REPORT_ID}' "
         "AND document_version = 1 AND position = 5",),
        f"document {REPORT_ID} version 1: item rows are not positions 1..5 (first 1, last 15)"),
    "membership of an unknown user": Damage(
        ("INSERT INTO memberships (user_id, role, scope, committee, created_at) "
         "VALUES ('ghost', 'clerk', 'X', 'X', '2026-01-01 00:00:00')",),
        "memberships: 1 row of users ghost, which does not exist"),
    "tokens and sessions of a deleted user": Damage(
        ("DELETE FROM memberships", "DELETE FROM users"),
        "api_tokens: 1 row of users "),
    "a snapshot that does not decode": Damage(
        ("UPDATE consultations SET snapshot_json = '{\"format\": 1, \"consultation\": {\"id\": 3}}' "
         "WHERE id = 'so-2'",),
        "consultation so-2: its snapshot cannot be read (snapshot"),
    "a snapshot of another version": Damage(
        ("UPDATE consultations SET version = version + 1 WHERE id = 'so-2'",),
        "consultation so-2: its snapshot is at version "),
    "a published report without its reservation": Damage(
        ("DELETE FROM report_numbers",),
        f"consultation so-1: its report number {REPORT_ID} is not reserved for it"),
    "a reservation of another committee": Damage(
        ("UPDATE report_numbers SET committee = 'vaste commissie voor Defensie'",),
        f"document {REPORT_ID} version 1: written by published:{FOREIGN_AFFAIRS}, but the number is reserved "
        "for a report of vaste commissie voor Defensie"),
    "a reservation for a consultation without a report": Damage(
        ("INSERT INTO report_numbers (document_id, committee, consultation_id, reserved_at) "
         f"VALUES ('kst-21501-02-9002', '{FOREIGN_AFFAIRS}', 'so-2', '2026-01-01 00:00:00')",),
        "report number kst-21501-02-9002: reserved for consultation so-2, which has no established report"),
    "an ingested paper written by a publication": Damage(
        ("INSERT INTO documents (id, version, type, title, content_hash, source_name, reason, created_at, "
         "exchange_zlib, origin) SELECT id, 2, type, title, 'x', NULL, NULL, created_at, exchange_zlib, "
         f"'published:{FOREIGN_AFFAIRS}' FROM documents WHERE id = '{SEED_ID}'",),
        f"document {SEED_ID} version 2: written by published:{FOREIGN_AFFAIRS}, but no consultation holds the "
        "number, so it is an official paper"),
    "a record cut short": Damage(
        ("INSERT INTO documents (id, version, type, title, content_hash, source_name, reason, created_at, "
         "exchange_zlib, origin) SELECT id, 2, type, title, 'x', NULL, NULL, created_at, substr(exchange_zlib, 1, 40), "
         f"origin FROM documents WHERE id = '{SEED_ID}'",),
        f"document {SEED_ID} version 2: the stored record is not compressed exchange JSON"),
    "a gap in an event log": Damage(
        ("DELETE FROM consultation_events WHERE consultation_id = 'so-2' AND seq = 2",),
        "consultation so-2: events are not numbered 1..",),
}


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_db_check_names_each_kind_of_damage_and_exits_1(name: str, in_use: Store) -> None:
    made = DAMAGES[name]
    damage(in_use, *made.statements)
    code, lines = checked(in_use)
    assert code == 1, lines
    assert any(line.startswith(made.reported) for line in lines), lines
    assert lines[-1].endswith("problems") or lines[-1].endswith("1 problems"), lines


# -- the server on a damaged store -----------------------------------------------------------------

_alongside = Documents.alongside


def _as_an_older_overleg_published(self: Documents, consultation: object, done: tuple[e.Event, ...]) -> object:
    """The publication as overleg did it before it was one transaction, dying before the report."""
    if any(isinstance(event, e.ReportPublished) for event in done):
        return None
    return _alongside(self, consultation, done)  # type: ignore[arg-type]


def _half_done_publication_with_a_nul(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """so-1 published by an older overleg with a NUL in an answer: the events committed, the
    report never stored (on PostgreSQL it cannot be); so-2 published as it should be."""
    service = service_over(store)
    with monkeypatch.context() as older:
        older.setattr("overleg.service.consultations.refuse_unstorable", lambda *_, **__: None)
        older.setattr("overleg.service.consultations.checked", lambda command, _: command)  # nor the edge's
        older.setattr(Documents, "alongside", _as_an_older_overleg_published)
        steps = steps_for("so-1")
        for step in steps:
            command = step.command
            if isinstance(command, c.AnswerQuestions):
                command = c.AnswerQuestions(expected_version=0, numbers=command.numbers, text=command.text + "\x00",
                                            cross_refs=command.cross_refs, footnotes=command.footnotes,
                                            motions=command.motions)
            service.consultations.execute(step.actor, "so-1", command)
    run(service, "so-2", steps_for("so-2", number="9002"))


def _broken_snapshot(store: Store, _: pytest.MonkeyPatch) -> None:
    """so-1 with a snapshot that does not decode; so-2 published as it should be."""
    service = service_over(store)
    run(service, "so-1", steps_for("so-1"), until="publish")
    run(service, "so-2", steps_for("so-2", number="9002"))
    damage(store, "UPDATE consultations SET snapshot_json = 'not json' WHERE id = 'so-1'")


STARTS: dict[str, tuple[Callable[[Store, pytest.MonkeyPatch], None], str, list[str]]] = {
    "a half-done publication with a NUL": (
        _half_done_publication_with_a_nul,
        f"consultation so-1 is published, but its report {REPORT_ID} cannot be stored: document {REPORT_ID}: "
        "items.answer holds a NUL character or a lone surrogate, which cannot be stored", ["so-1", "so-2"]),
    "a broken snapshot": (
        _broken_snapshot, "consultation so-1: its snapshot cannot be read (snapshot: not JSON (Expecting value at "
        "column 1))", ["so-2"]),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(STARTS))
def test_the_app_starts_on_a_damaged_store_logs_what_is_wrong_and_serves_the_rest(
        name: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    make, problem, listed = STARTS[name]
    with store_of(kind, tmp_path) as store:
        make(store, monkeypatch)
        with caplog.at_level(logging.WARNING, logger="overleg"), client_for(store) as client:
            assert client.app.state.store_problems == (problem,)  # type: ignore[attr-defined]
            assert [r.getMessage() for r in caplog.records if r.name == "overleg"] == [
                f"overleg: the store has a problem: {problem}"]
            assert [c["id"] for c in client.get("/api/consultations").json()] == listed
            assert client.get("/api/documents/kst-21501-02-9002").status_code == 200
            assert client.get("/search", params={"q": "Raad"}).status_code == 200
        code, lines = checked(store)
        assert code == 1 and any(line.startswith("consultation so-1") for line in lines), lines


@pytest.mark.parametrize("kind", KINDS)
def test_overleg_serve_starts_on_a_store_holding_a_half_done_publication_with_a_nul(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's finding: after the failed publication `overleg serve` did not start."""
    with store_of(kind, tmp_path) as store:
        _half_done_publication_with_a_nul(store, monkeypatch)
        url = store.url
        proc, base = start_server(url)
        try:
            assert httpx.get(f"{base}/api/documents/kst-21501-02-9002", timeout=10).status_code == 200
            assert httpx.get(f"{base}/api/consultations/so-1", timeout=10).json()["state"] == "published"
        finally:
            stop(proc)
        assert proc.stderr is not None
        assert f"consultation so-1 is published, but its report {REPORT_ID} cannot be stored" in \
            proc.stderr.read().decode()

