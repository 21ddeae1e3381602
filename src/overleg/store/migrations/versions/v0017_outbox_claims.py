"""A claim on each mail of the outbox, so that two processes delivering at once send it once.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

- ``outbox.claimed_until``: the moment until which one sender holds the mail (``store.mail.claim``:
  one conditional UPDATE, atomic on SQLite and PostgreSQL). A step delivers its own mails at once
  and the job (``overleg serve``'s schedule, ``overleg meldingen``) delivers every unsent one; on
  several workers or machines both could pick the same mail. A sender that dies holding a claim
  lets it lapse: the mail is tried again after ``CLAIM_SECONDS``. Existing rows: unclaimed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_until")
