"""Leases on scheduled jobs: one run of a job at a time across processes and machines.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

- ``job_leases``: per job (``meldingen``, ``attenderingen``) who holds it until when, its last
  completed run, its runs and failures (``store.leases``; ``overleg worker``, docs/operations.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_leases",
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(200)),
        sa.Column("until", sa.DateTime(timezone=True)),
        sa.Column("last_run_at", sa.DateTime(timezone=True)),
        sa.Column("runs", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("job", name="pk_job_leases"),
    )


def downgrade() -> None:
    op.drop_table("job_leases")
