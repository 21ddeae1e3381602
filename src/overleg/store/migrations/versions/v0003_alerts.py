"""Alerts: saved searches, follows, and the notifications already sent.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

``notifications_sent`` has one row per (subscription, thing notified) so that ``overleg alerts
run`` never notifies the same thing twice: a key already there is skipped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _delivery() -> list[sa.Column[object]]:
    return [sa.Column("email", sa.Text), sa.Column("webhook_url", sa.Text), sa.Column("webhook_secret", sa.Text),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("filters_json", sa.Text, nullable=False),
        *_delivery(),
        sa.PrimaryKeyConstraint("id", name="pk_saved_searches"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_saved_searches_user"),
    )
    op.create_table(
        "follows",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("target_kind", sa.String(32), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        *_delivery(),
        sa.PrimaryKeyConstraint("id", name="pk_follows"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_follows_user"),
    )
    op.create_table(
        "notifications_sent",
        sa.Column("subscription_id", sa.String(64), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", "key", "channel", name="pk_notifications_sent"),
    )


def downgrade() -> None:
    for table in ("notifications_sent", "follows", "saved_searches"):
        op.drop_table(table)
