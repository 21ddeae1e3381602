"""Users in the browser and mail: e-mail addresses, invitations, the outbox, notifications.

Revision ID: 0009
Revises: 0007 (re-chained to 0008, the registers, when both land)
Create Date: 2026-12-10

- ``users.email`` (none for existing users) and ``users.mail_off``: the kinds of notification
  mail the user turned off, comma-separated ('' for none: every kind is sent).
- ``invitations``: one-time links to set a password (an invitation or a reset), by the sha256
  of their token; ``used_at`` set when used or superseded.
- ``outbox``: every mail the system makes, sent or not, with its attempts and last error.
- ``notifications``: what a user is told in the web UI (``/meldingen``), read or not.
- ``notification_keys``: the reminders already made, so a reminder job run twice sends once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.Text))
    op.add_column("users", sa.Column("mail_off", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "invitations",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("inviter", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("token_hash", name="pk_invitations"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_invitations_user"),
    )
    op.create_index("ix_invitations_user_id", "invitations", ["user_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False),
        sa.Column("about_url", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
    )
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notifications_user"),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id", "read_at"])
    op.create_table(
        "notification_keys",
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_notification_keys"),
    )


def downgrade() -> None:
    op.drop_table("notification_keys")
    op.drop_index("ix_notifications_user_id", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_outbox_sent_at", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_invitations_user_id", table_name="invitations")
    op.drop_table("invitations")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("mail_off")
        batch.drop_column("email")
