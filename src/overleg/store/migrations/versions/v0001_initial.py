"""The first schema: documents, consultations with their event log, users and access.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

Written out by hand (not generated from ``overleg.store.schema``) so that this revision stays what
it was when later revisions change the schema. Event logs and document versions are append-only,
enforced by triggers on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("consultation_events", "documents", "document_items")


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_name", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("exchange_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name="pk_documents"),
    )
    op.create_table(
        "document_items",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("document_version", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("faction", sa.Text),
        sa.Column("topic", sa.Text),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text),
        sa.PrimaryKeyConstraint("document_id", "document_version", "position", name="pk_document_items"),
        sa.ForeignKeyConstraint(["document_id", "document_version"], ["documents.id", "documents.version"],
                                name="fk_document_items_document"),
    )
    op.create_table(
        "consultations",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("snapshot_json", sa.Text, nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consultations"),
    )
    op.create_table(
        "consultation_events",
        sa.Column("consultation_id", sa.String(200), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.Column("actor_id", sa.String(200)),
        sa.Column("at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("consultation_id", "seq", name="pk_consultation_events"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_consultation_events_consultation"),
    )
    op.create_table(
        "contribution_versions",
        sa.Column("consultation_id", sa.String(200), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("consultation_id", "group_name", name="pk_contribution_versions"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name="fk_contribution_versions_consultation"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "memberships",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "role", "scope", name="pk_memberships"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_memberships_user"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_api_tokens"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user"),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("csrf_token", sa.String(100), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("expires_at", _when(), nullable=False),
        sa.Column("ended_at", _when()),
        sa.PrimaryKeyConstraint("id_hash", name="pk_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user"),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    """Refuse UPDATE and DELETE on the logs in the database itself, not only in our code."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION overleg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION overleg_append_only()")
        return
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            op.execute(f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade() -> None:
    for table in ("sessions", "api_tokens", "memberships", "users", "contribution_versions",
                  "consultation_events", "consultations", "document_items", "documents"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION overleg_append_only()")
