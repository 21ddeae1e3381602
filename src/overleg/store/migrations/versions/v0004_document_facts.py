"""What analytics needs of each indexed document, precomputed (``overleg.corpus.facts``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Derived, like the other corpus tables, from the indexed version of each document. Documents
indexed before this revision have no row: analytics computes their facts from the stored
document the first time it needs them and stores them then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_facts",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("facts_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_facts"),
    )


def downgrade() -> None:
    op.drop_table("document_facts")
