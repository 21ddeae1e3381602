"""One document per real document, with every source it was read from.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

- ``document_sources``: per document, every source it was read from (the path, URL or
  ``file.jsonl:LINE``, its format, the sha256 of its bytes, when it was first and last read, and
  the document's version then). Filled for the stored versions from ``documents.source_name``
  (format and bytes not known: NULL and ''), so a document already stored lists its sources.
- Ids are not rewritten: a document stored under ``local-<hash of its path>`` before this
  revision keeps that id; ingesting its source again stores it under its id by
  ``overleg.model.identity`` (docs/store.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_sources",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("format", sa.String(32)),
        sa.Column("bytes_hash", sa.String(64), nullable=False),
        sa.Column("first_read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "source_name", "bytes_hash", name="pk_document_sources"),
    )
    op.execute(
        "INSERT INTO document_sources (document_id, source_name, format, bytes_hash, first_read_at, last_read_at, "
        "version) SELECT id, source_name, NULL, '', MIN(created_at), MAX(created_at), MIN(version) FROM documents "
        "WHERE source_name IS NOT NULL GROUP BY id, source_name"
    )


def downgrade() -> None:
    op.drop_table("document_sources")
