"""The corpus tables' generation: a new one for every write to them, read by every search.

A process that keeps search results (``corpus.search.pages``) keys them by the generation, so a
result made before any ingest, new version or merge is never found again, whichever process
wrote. A generation is a random number, not a count: a database dropped and made again under the
same URL (tests do; so may an operator) starts from another number, where a count would repeat
the old database's numbers for other contents. A restored backup brings back its own generation
with its own contents, for which what was kept under it holds.

The new generation is written inside the writer's transaction: a reader sees the new rows and the
new generation together, or neither.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, text

from overleg.store.engine import read_rows

# an upsert, not an UPDATE: a store made without the migration's row still changes generation
_NEW = ("INSERT INTO search_generation (id, generation) VALUES (1, :g) "
        "ON CONFLICT (id) DO UPDATE SET generation = :g")


def new_generation(conn: Connection) -> None:
    """Mark the corpus tables as changed (call in the transaction that changes them)."""
    conn.execute(text(_NEW), {"g": random_generation()})


def generation(conn: Connection) -> int:
    """The corpus tables' generation as this transaction sees it."""
    return int(read_rows(conn, "SELECT coalesce(max(generation), 0) FROM search_generation")[0][0])


def random_generation() -> int:
    return secrets.randbits(62) + 1  # within a signed 64-bit integer, never 0
