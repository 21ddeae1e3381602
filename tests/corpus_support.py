"""Databases for the corpus tests: a SQLite file and a PostgreSQL database created and dropped
per use (found as in tests/test_store_contract.py: $OVERLEG_TEST_POSTGRES, else postgres/root
at 127.0.0.1:5432 with trust auth; skipped when unreachable, failed on CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from overleg.store import Store, open_store

ADMIN_URLS = ("postgresql://postgres@127.0.0.1:5432/postgres", "postgresql://root@127.0.0.1:5432/postgres")
EXAMPLES = Path(__file__).parent.parent / "src" / "overleg" / "examples"
SEED = EXAMPLES / "kst-21501-02-3349.txt"


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
    message = "PostgreSQL is not reachable for the corpus tests: " + "; ".join(failures)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind`` (sqlite, postgresql), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'corpus-{uuid.uuid4().hex[:8]}.db'}"
        return
    import psycopg

    admin = postgres_admin_url()
    name = f"overleg_corpus_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_store(kind: str, directory: Path) -> Iterator[Store]:
    with database(kind, directory) as url:
        store = open_store(url)
        store.upgrade()
        try:
            yield store
        finally:
            store.close()
