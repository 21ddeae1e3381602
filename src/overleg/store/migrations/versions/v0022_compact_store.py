"""Each text stored once, the store of record compressed (issue 18: the store at most 1.5x bare FTS5).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

Before this revision every text was stored three times or more: in the exchange JSON, in
``document_items`` and in ``search_entries`` (as written and again stemmed). ``dbstat`` of a
generated store put ``search_entries`` at 40% of the file, the JSON at 27% and the items at 20%.

- ``documents.exchange_json`` (text) becomes ``exchange_zlib``: the same compact JSON,
  zlib-compressed (``store.documents.pack_record``), about a third of its size. The append-only
  trigger is set aside for the rewrite only, inside the migration's transaction. On SQLite the
  new column keeps the empty default it was added with (a NOT NULL column cannot be added
  without one, and SQLite cannot drop a default); the repository always writes it.
- ``document_items`` keeps position and number only: its faction, topic, question and answer
  were read by nothing (the record and the search entries hold them).
- ``search_entries.stemmed`` is dropped: a phrase's candidates and a page's snippets analyse
  the bodies they read (``corpus.search.ranking``), ~20 microseconds each.

SQLite does not give the freed pages back to the file system by itself: ``VACUUM`` does (docs/store.md).
The downgrade writes the old columns again from the records, but not the stems (the corpus
layer's rule): ``overleg db reindex`` of the release downgraded to writes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from alembic import op

from overleg.store.documents import pack_record, unpack_record

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    empty = "''::bytea" if postgres else "x''"
    conn.execute(sa.text(f"ALTER TABLE documents ADD COLUMN exchange_zlib {'bytea' if postgres else 'BLOB'} "
                         f"NOT NULL DEFAULT {empty}"))
    with _writable(conn, "documents", "document_items"):
        for rows in _batches(conn, "exchange_json"):
            conn.execute(sa.text("UPDATE documents SET exchange_zlib = :record WHERE id = :id AND version = :version"),
                         [{"id": i, "version": v, "record": pack_record(str(text))} for i, v, text in rows])
        conn.execute(sa.text("ALTER TABLE documents DROP COLUMN exchange_json"))
        for column in ("faction", "topic", "question", "answer"):
            conn.execute(sa.text(f"ALTER TABLE document_items DROP COLUMN {column}"))
    if postgres:
        conn.execute(sa.text("ALTER TABLE documents ALTER COLUMN exchange_zlib DROP DEFAULT"))
    conn.execute(sa.text("ALTER TABLE search_entries DROP COLUMN stemmed"))


def downgrade() -> None:
    import json

    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    conn.execute(sa.text("ALTER TABLE documents ADD COLUMN exchange_json TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE document_items ADD COLUMN faction TEXT"))
    conn.execute(sa.text("ALTER TABLE document_items ADD COLUMN topic TEXT"))
    conn.execute(sa.text("ALTER TABLE document_items ADD COLUMN question TEXT NOT NULL DEFAULT ''"))
    conn.execute(sa.text("ALTER TABLE document_items ADD COLUMN answer TEXT"))
    # the stems are the corpus layer's rule, which the store does not import: ``overleg db
    # reindex`` of the release downgraded to writes them (until then phrases find nothing)
    conn.execute(sa.text("ALTER TABLE search_entries ADD COLUMN stemmed TEXT NOT NULL DEFAULT ''"))
    with _writable(conn, "documents", "document_items"):
        for rows in _batches(conn, "exchange_zlib"):
            records = [(i, v, unpack_record(bytes(record))) for i, v, record in rows]
            conn.execute(sa.text("UPDATE documents SET exchange_json = :text WHERE id = :id AND version = :version"),
                         [{"id": i, "version": v, "text": text} for i, v, text in records])
            items = [{"id": i, "version": v, "position": n, "faction": item.get("faction"),
                      "topic": item.get("topic"), "question": item.get("question") or "", "answer": item.get("answer")}
                     for i, v, text in records for n, item in enumerate(json.loads(text).get("items", []), start=1)]
            if items:
                conn.execute(sa.text(
                    "UPDATE document_items SET faction = :faction, topic = :topic, question = :question, "
                    "answer = :answer WHERE document_id = :id AND document_version = :version "
                    "AND position = :position"), items)
        conn.execute(sa.text("ALTER TABLE documents DROP COLUMN exchange_zlib"))
    if postgres:
        for table, column in (("documents", "exchange_json"), ("document_items", "question"),
                              ("search_entries", "stemmed")):
            conn.execute(sa.text(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"))


def _batches(conn: sa.Connection, column: str) -> Iterator[list[tuple[str, int, Any]]]:
    """Every version's (id, version, ``column``), BATCH at a time in key order (each batch read
    before it is rewritten: SQLite reads and writes one connection)."""
    after: tuple[str, int] = ("", 0)
    while rows := conn.execute(sa.text(
            f"SELECT id, version, {column} FROM documents WHERE id > :id OR (id = :id AND version > :version) "
            "ORDER BY id, version LIMIT :n"), {"id": after[0], "version": after[1], "n": BATCH}).all():
        yield [(str(r[0]), int(r[1]), r[2]) for r in rows]
        after = (str(rows[-1][0]), int(rows[-1][1]))


@contextmanager
def _writable(conn: sa.Connection, *tables: str) -> Iterator[None]:
    """The append-only triggers of ``tables`` set aside, inside the migration's transaction (put
    back after; on an error the transaction is rolled back, triggers and all)."""
    postgres = conn.dialect.name == "postgresql"
    for table in tables:
        if postgres:
            conn.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        else:
            conn.execute(sa.text(f"DROP TRIGGER {table}_no_update"))
    yield
    for table in tables:
        if postgres:
            conn.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"))
        else:
            conn.execute(sa.text(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                                 f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"))
