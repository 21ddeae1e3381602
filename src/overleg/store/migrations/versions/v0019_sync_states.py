"""Sync cursors in the store: ``overleg sync`` resumes from here on every machine.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

- ``sync_states``: per public source (``tk``, ``ob``) the resumable state of ``overleg sync``
  (its cursor, the entries done at the cursor, the failed entries) as the JSON a state file
  holds, and when it was last written (``store.sync_states``; docs/connectors.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_states",
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("state_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name="pk_sync_states"),
    )


def downgrade() -> None:
    op.drop_table("sync_states")
