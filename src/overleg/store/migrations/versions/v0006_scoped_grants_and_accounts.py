"""Grants scoped to a committee; tokens with an id and an end; login throttling; the accounts' audit.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

- ``memberships.committee``: the committee whose consultations a role holds in, ``*`` for every
  committee. Part of the primary key, so one user may be a group's member in two committees'
  consultations (invited by two clerks). Existing rows: a clerk's or chair's role holds in its own
  committee; every other role keeps holding everywhere, as it did (an administrator can see them
  with ``GET /api/account-events`` only from now on; docs/security.md says how to review them).
- ``api_tokens.id`` (a random id to list and revoke a token by) and ``api_tokens.expires_at``.
  Existing tokens expire 90 days after this upgrade (the default ``OVERLEG_TOKEN_DAYS``), so no
  API client breaks at once and none keeps a token for ever.
- ``login_failures``: one row per failed login and key, counted by the throttle.
- ``account_events``: the accounts' audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EVERY_COMMITTEE = "*"
EXISTING_TOKEN_DAYS = 90


def upgrade() -> None:
    with op.batch_alter_table("memberships") as batch:
        batch.add_column(sa.Column("committee", sa.String(200), nullable=False,
                                   server_default=EVERY_COMMITTEE))
    op.execute(sa.text("UPDATE memberships SET committee = scope WHERE role IN ('clerk', 'chair')"))
    with op.batch_alter_table("memberships") as batch:
        batch.alter_column("committee", server_default=None, existing_type=sa.String(200), existing_nullable=False)
        batch.drop_constraint("pk_memberships", type_="primary")
        batch.create_primary_key("pk_memberships", ["user_id", "role", "scope", "committee"])

    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("id", sa.String(32)))
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
    conn = op.get_bind()
    tokens = sa.table("api_tokens", sa.column("token_hash", sa.String), sa.column("id", sa.String),
                      sa.column("expires_at", sa.DateTime(timezone=True)))
    ends = dt.datetime.now(dt.UTC) + dt.timedelta(days=EXISTING_TOKEN_DAYS)
    for (token_hash,) in conn.execute(sa.select(tokens.c.token_hash)).all():
        conn.execute(tokens.update().where(tokens.c.token_hash == token_hash)
                     .values(id=uuid.uuid4().hex, expires_at=ends))
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("id", existing_type=sa.String(32), nullable=False)
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_unique_constraint("uq_api_tokens_id", ["id"])

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("subject", sa.String(200)),
        sa.Column("address", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account_events"),
    )
    op.create_index("ix_account_events_subject", "account_events", ["subject"])


def downgrade() -> None:
    op.drop_table("account_events")
    op.drop_table("login_failures")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_constraint("uq_api_tokens_id", type_="unique")
        batch.drop_column("expires_at")
        batch.drop_column("id")
    # Roles held in one committee become roles held everywhere again: refuse instead of widening them.
    conn = op.get_bind()
    scoped = conn.execute(sa.text("SELECT count(*) FROM memberships WHERE role NOT IN ('clerk', 'chair') "
                                  "AND committee <> :every"), {"every": EVERY_COMMITTEE}).scalar()
    if scoped:
        raise RuntimeError(f"{scoped} roles hold in one committee only; a downgrade would widen them to every "
                           "committee: remove them first")
    op.execute(sa.text("DELETE FROM memberships WHERE role IN ('clerk', 'chair') AND committee <> scope"))
    with op.batch_alter_table("memberships") as batch:
        batch.drop_constraint("pk_memberships", type_="primary")
        batch.create_primary_key("pk_memberships", ["user_id", "role", "scope"])
        batch.drop_column("committee")
