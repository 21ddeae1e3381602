"""The tables the repositories read and write (SQLAlchemy Core).

The migrations in ``overleg/store/migrations/versions`` create these tables; a contract test
compares the migrated database with this metadata, so the two cannot drift apart. Types are
portable: JSON is Text, times are UTC, booleans are Boolean; the same schema runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("title", Text),
    Column("content_hash", String(64), nullable=False),
    Column("source_name", Text),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("exchange_json", Text, nullable=False),
    PrimaryKeyConstraint("id", "version", name="pk_documents"),
)

document_items = Table(
    "document_items",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("document_version", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("faction", Text),
    Column("topic", Text),
    Column("question", Text, nullable=False),
    Column("answer", Text),
    PrimaryKeyConstraint("document_id", "document_version", "position", name="pk_document_items"),
    ForeignKeyConstraint(["document_id", "document_version"], ["documents.id", "documents.version"],
                         name="fk_document_items_document"),
)

consultations = Table(
    "consultations",
    metadata,
    Column("id", String(200), nullable=False),
    Column("state", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot_json", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("id", name="pk_consultations"),
)

consultation_events = Table(
    "consultation_events",
    metadata,
    Column("consultation_id", String(200), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(100), nullable=False),
    Column("payload_json", Text, nullable=False),
    Column("actor_id", String(200)),
    Column("at", DateTime(timezone=True), nullable=False),
    # the primary key is the UNIQUE(consultation_id, seq) that makes a lost race fail loudly
    PrimaryKeyConstraint("consultation_id", "seq", name="pk_consultation_events"),
    ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_consultation_events_consultation"),
)

contribution_versions = Table(
    "contribution_versions",
    metadata,
    Column("consultation_id", String(200), nullable=False),
    Column("group_name", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    PrimaryKeyConstraint("consultation_id", "group_name", name="pk_contribution_versions"),
    ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_contribution_versions_consultation"),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), nullable=False),
    Column("username", String(200), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False),
    PrimaryKeyConstraint("id", name="pk_users"),
    UniqueConstraint("username", name="uq_users_username"),
)

memberships = Table(
    "memberships",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("scope", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("user_id", "role", "scope", name="pk_memberships"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_memberships_user"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False),
    PrimaryKeyConstraint("token_hash", name="pk_api_tokens"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("csrf_token", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("id_hash", name="pk_sessions"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user"),
)
