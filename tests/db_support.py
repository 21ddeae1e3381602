"""Throwaway databases for every store-backed test: a SQLite file, or a PostgreSQL database
created and dropped per use. PostgreSQL is found at $OVERLEG_TEST_POSTGRES, else as postgres or
root at 127.0.0.1:5432 with trust auth; unreachable, the test is skipped, or fails on CI."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from overleg.procedure.states import Consultation
    from overleg.store.records import DocumentToSave

ADMIN_URLS = ("postgresql://postgres@127.0.0.1:5432/postgres", "postgresql://root@127.0.0.1:5432/postgres")


def postgres_admin_url() -> str:
    import psycopg

    override = os.environ.get("OVERLEG_TEST_POSTGRES")
    failures = []
    for url in [override] if override else ADMIN_URLS:
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url
        except psycopg.OperationalError as e:
            failures.append(f"{url}: {str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}")
    message = "PostgreSQL is not reachable for the tests: " + "; ".join(failures)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def postgres_database() -> Iterator[str]:
    """A uniquely named empty PostgreSQL database; its SQLAlchemy URL; dropped afterwards."""
    import psycopg

    admin = postgres_admin_url()
    name = f"overleg_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind`` (sqlite, postgresql), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'test-{uuid.uuid4().hex[:8]}.db'}"
        return
    yield from postgres_database()


def snapshot_json(consultation_id: str, version: int) -> str:
    """A real snapshot of a draft consultation at ``version``, for tests that append events of
    their own: ``overleg db check`` decodes every snapshot and compares it with its row."""
    import dataclasses

    from overleg.procedure.codec import snapshot_to_json

    return snapshot_to_json(dataclasses.replace(_draft(), id=consultation_id, version=version))


@functools.cache
def _draft() -> Consultation:
    import datetime as dt

    from overleg.procedure.apply import apply
    from overleg.procedure.decide import decide
    from overleg.procedure.reenact import reenact
    from overleg.procedure.sample import sample_report

    first = reenact(sample_report((("Groot", 1),)), "draft", dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))[0]
    state = None
    for event in decide(None, first.actor, first.command, first.now):
        state = apply(state, event)
    assert state is not None
    return state


def save_before_0022(conn: Connection, saved: DocumentToSave, version: int = 1) -> None:
    """Write ``saved`` as version ``version``, as the store before revision 0022 wrote it: its
    exchange JSON as text and its items' texts in ``document_items`` (for migration tests that
    stop at an older revision, where today's repository cannot write)."""
    import datetime as dt
    import json

    from sqlalchemy import text

    from overleg.store.documents import unpack_record

    exchange_json = unpack_record(saved.record)
    conn.execute(text("INSERT INTO documents (id, version, type, title, content_hash, source_name, reason, "
                      "created_at, exchange_json) VALUES (:id, :version, :type, :title, :hash, :source, NULL, "
                      ":at, :json)"),
                 {"id": saved.id, "version": version, "type": saved.document.type.value,
                  "title": saved.document.title or saved.document.subject, "hash": saved.content_hash,
                  "source": saved.source_name, "at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "json": exchange_json})
    items = json.loads(exchange_json)["items"]
    if items:
        conn.execute(text("INSERT INTO document_items (document_id, document_version, position, number, faction, "
                          "topic, question, answer) VALUES (:id, :version, :position, :number, :faction, :topic, "
                          ":question, :answer)"),
                     [{"id": saved.id, "version": version, "position": n, "number": item["number"],
                       "faction": item.get("faction"), "topic": item.get("topic"), "question": item["question"],
                       "answer": item.get("answer")} for n, item in enumerate(items, start=1)])
