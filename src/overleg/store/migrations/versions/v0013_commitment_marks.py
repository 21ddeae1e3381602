"""Users marking a commitment fulfilled, or open again, with a reason: the history is kept.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

- ``commitment_marks``: one row per mark, never updated or deleted: the commitment (its
  document's store id and its 1-based ``position`` among the document's commitments, as
  ``corpus.analytics.figures.commitment_states`` numbers them), the ``status`` it was marked
  (``fulfilled`` or ``open``), the ``reason`` given, who marked it (``marked_by``: a username, or
  ``operator`` on the command line) and when (UTC). The latest mark of a commitment decides.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment_marks",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("marked_by", sa.String(200), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_commitment_marks"),
    )
    op.create_index("ix_commitment_marks_commitment", "commitment_marks", ["document_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_commitment_marks_commitment", "commitment_marks")
    op.drop_table("commitment_marks")
