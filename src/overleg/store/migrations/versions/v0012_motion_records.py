"""Motions as records: one row per motion paper, its decision and the votes per group.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

- ``motion_records``: one motion per paper (``id`` ``kst-<dossier>-<nr>``): what the paper
  prints (dossier and its title, number, title, date and the date line, submitters as JSON,
  text, considerations and requests as JSON, the motion it replaces), where it was read
  (``source_name``, ``content_hash``) and, once synced from Open Data, the decision
  (``decision``, ``decision_kind``, ``vote_kind``, ``decided_on``, ``zaak``, ``result``,
  ``synced_at``).
- ``motion_votes``: how each group (or member, in a roll-call vote) voted, in the order of the
  Open Data record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "motion_records",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("dossier", sa.String(64)),
        sa.Column("number", sa.String(32)),
        sa.Column("title", sa.Text()),
        sa.Column("dossier_title", sa.Text()),
        sa.Column("date", sa.Date()),
        sa.Column("date_text", sa.Text()),
        sa.Column("submitters_json", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("considerations_json", sa.Text(), nullable=False),
        sa.Column("requests_json", sa.Text(), nullable=False),
        sa.Column("replaces", sa.Text()),
        sa.Column("source_name", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.Text()),
        sa.Column("decision_kind", sa.String(200)),
        sa.Column("vote_kind", sa.String(200)),
        sa.Column("decided_on", sa.Date()),
        sa.Column("zaak", sa.String(32)),
        sa.Column("result", sa.String(32)),
        sa.Column("synced_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_motion_records"),
    )
    op.create_index("ix_motion_records_dossier", "motion_records", ["dossier"])
    op.create_table(
        "motion_votes",
        sa.Column("motion_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("seats", sa.Integer()),
        sa.Column("choice", sa.String(64), nullable=False),
        sa.Column("member", sa.String(200)),
        sa.PrimaryKeyConstraint("motion_id", "position", name="pk_motion_votes"),
        sa.ForeignKeyConstraint(["motion_id"], ["motion_records.id"], name="fk_motion_votes_motion"),
    )


def downgrade() -> None:
    op.drop_table("motion_votes")
    op.drop_index("ix_motion_records_dossier", "motion_records")
    op.drop_table("motion_records")
