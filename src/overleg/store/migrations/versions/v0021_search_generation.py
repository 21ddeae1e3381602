"""A generation of the corpus tables: a search page kept in memory is known to be current.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

- ``search_generation`` (``overleg.store.generation``): one row whose random number every write to
  the corpus tables replaces in its own transaction (an ingest, a new version, a merge). A server
  keeps recent search pages under the number they were made at (``corpus.search.pages``), so any
  write makes them all unreachable, in every process (docs/search.md, "Caches").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from overleg.store.generation import random_generation

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "search_generation",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("generation", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_generation"),
    )
    op.bulk_insert(table, [{"id": 1, "generation": random_generation()}])


def downgrade() -> None:
    op.drop_table("search_generation")
