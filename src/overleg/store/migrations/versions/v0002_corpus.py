"""The corpus: a search index over items, footnotes and titles; links, motions, commitments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

Everything here is derived from the latest version of each document (``overleg.corpus.index``)
and rebuilt when a new version lands. The full-text index itself differs per database and is
created outside the portable tables: on SQLite an FTS5 table over ``search_entries.stemmed``
(external content: rows added per document by the indexer, removed by a trigger), on PostgreSQL a generated column
``tsv = to_tsvector('simple', stemmed)`` with a GIN index. Both index the same pre-stemmed, folded text, so both
backends match the same entries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("has_commitment", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_search_documents"),
    )
    op.create_table(
        "search_facets",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("facet", sa.String(32), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "facet", "value", name="pk_search_facets"),
    )
    op.create_index("ix_search_facets_facet_value", "search_facets", ["facet", "value"])
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("item", sa.Integer),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("faction", sa.String(300)),
        sa.Column("referral_only", sa.Boolean, nullable=False),
        sa.Column("has_commitment", sa.Boolean, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("stemmed", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_entries"),
    )
    op.create_index("ix_search_entries_document_id", "search_entries", ["document_id"])
    op.create_table(
        "document_links",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("item", sa.Integer),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(200), nullable=False),
        sa.Column("target_item", sa.Integer),
        sa.PrimaryKeyConstraint("document_id", "position", name="pk_document_links"),
    )
    op.create_index("ix_document_links_target_id", "document_links", ["target_id"])
    op.create_table(
        "motions",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("motion_key", sa.String(300), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "position", name="pk_motions"),
    )
    op.create_index("ix_motions_motion_key", "motions", ["motion_key"])
    op.create_table(
        "commitments",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("item", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due", sa.Text),
        sa.Column("due_by", sa.Date),
        sa.Column("ministry", sa.Text),
        sa.PrimaryKeyConstraint("document_id", "position", name="pk_commitments"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # a stored tsvector (PostgreSQL only): the GIN index is over it, and ts_rank reads it
        # instead of analysing the text of every ranked row again
        op.execute("ALTER TABLE search_entries ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stemmed)) STORED")
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
        return
    # external content: the FTS table keeps only the inverted index; the text stays in search_entries.
    # Rows enter the index in one INSERT ... SELECT per document (overleg.corpus.index), several
    # times faster than a trigger per row; leaving the index is a trigger, as deleting needs the old text.
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(stemmed, content='search_entries', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
    op.execute("CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, stemmed) VALUES ('delete', old.id, old.stemmed); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER search_entries_fts_delete")
        op.execute("DROP TABLE search_fts")
    for table in ("commitments", "motions", "document_links", "search_entries", "search_facets",
                  "search_documents"):
        op.drop_table(table)
