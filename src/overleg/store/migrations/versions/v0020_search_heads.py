"""The heads of large posting segments: a common word's best entries without reading all of its
postings; each entry's genre beside its date (issue 18; docs/search.md, "Heads").

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

- ``search_heads`` (``overleg.store.heads``): per posting segment of many postings, its postings
  of highest impact and a bound on the rest, under the ranking parameters they were made with.
  Empty here: what an impact is belongs to the ranking, so ``overleg db maintain`` makes them
  (an ingest makes those of the segments it writes). Until then searches read whole segments,
  as before: the same results, slower for common words.
- ``search_entry_stats.genres``: each entry's document's genre as a code
  (``overleg.store.postings.STORED_GENRES``), so the genre filter is applied to arrays as the date
  filter is; filled here from ``search_documents``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from overleg.store.postings import fill_genres

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_heads",
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("params", sa.String(200), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("reference", sa.Float, nullable=False),
        sa.Column("bounds", sa.LargeBinary, nullable=False),
        sa.Column("ids", sa.LargeBinary, nullable=False),
        sa.Column("tfs", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("term", "segment", name="pk_search_heads"),
    )
    op.add_column("search_entry_stats", sa.Column("genres", sa.LargeBinary))
    fill_genres(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("search_entry_stats") as batch:
        batch.drop_column("genres")
    op.drop_table("search_heads")
