"""The search index as portable postings, ranking every match (issue 18; docs/search.md).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

- ``search_postings``, ``search_terms``, ``search_entry_stats`` (``overleg.store.postings``): per
  term and ingest batch the entry ids and term frequencies as blobs, the term dictionary with
  document frequencies (also the prefix index), and per batch the entries' lengths, kinds and
  dates (on PostgreSQL ``search_terms.term`` in byte order, as on SQLite, and the postings'
  blobs stored uncompressed, as on SQLite). Filled here from
  ``search_entries.stemmed`` (the stems, split on spaces), in batches of ``BATCH`` entries, one
  segment each.
- The database-specific full-text indexes of revision 0002 are dropped: SQLite's FTS5 table and
  its delete trigger, PostgreSQL's ``tsv`` column and its GIN indexes (the full one and the
  partial ones of the newest entries). Nothing searches them any more.
- SQLite: ``search_entries`` becomes AUTOINCREMENT (the table is copied), so an id is never given
  twice (``store.postings.new_entry_ids``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from overleg.store.postings import index_entries_after

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 20_000


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name in bind.execute(sa.text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = 'search_entries' AND indexname LIKE 'ix_search_entries_tsv%'")).scalars().all():
            op.execute(f'DROP INDEX "{name}"')
        op.execute("ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_entries_fts_delete")
        op.execute("DROP TABLE IF EXISTS search_fts")
        with op.batch_alter_table("search_entries", recreate="always",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.alter_column("id", existing_type=sa.Integer, autoincrement=True)
    op.create_table(
        "search_postings",
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("ids", sa.LargeBinary, nullable=False),
        sa.Column("tfs", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("term", "segment", name="pk_search_postings"),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("df", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_search_terms"),
    )
    if bind.dialect.name == "postgresql":
        # byte order, as SQLite's: the prefix range and the choice of a prefix's 64 terms (ties
        # by term) must not depend on the database's locale
        op.execute('ALTER TABLE search_terms ALTER COLUMN term TYPE varchar(200) COLLATE "C"')
        # postings uncompressed: pglz made reading the 3.5 MB of "de" at a million items take
        # 16 ms instead of 6 (lz4: 13); the store grows by what compression saved
        op.execute("ALTER TABLE search_postings ALTER COLUMN ids SET STORAGE EXTERNAL, "
                   "ALTER COLUMN tfs SET STORAGE EXTERNAL")
    op.create_table(
        "search_entry_stats",
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("ids", sa.LargeBinary, nullable=False),
        sa.Column("lengths", sa.LargeBinary, nullable=False),
        sa.Column("kinds", sa.LargeBinary, nullable=False),
        sa.Column("days", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("segment", name="pk_search_entry_stats"),
    )
    index_entries_after(bind, str.split, 0, BATCH, column="stemmed", genres=False)  # genres: revision 0020's


def downgrade() -> None:
    for table in ("search_entry_stats", "search_terms", "search_postings"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_entries ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stemmed)) STORED")
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
        return
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(stemmed, content='search_entries', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    op.execute("CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, stemmed) VALUES ('delete', old.id, old.stemmed); END")
