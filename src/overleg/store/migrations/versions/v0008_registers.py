"""The registers of ministries and parliamentary groups; roles linked to their entries.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10

- ``ministries`` (stable key, official name, earlier names, active), ``ministry_posts`` (the
  bewindspersonen's posts: title as printed, person, active) and ``parliamentary_groups`` (key =
  the abbreviation as the Kamer writes it, full name, seats, aliases, active), seeded from
  ``overleg/vocabulary/registers.json`` when empty.
- Roles: a member's or staff's role of a group and an official's role of a ministry named in
  free text gain a second role, of the register entry the name resolves to ("minister van
  Financiën" -> ``FIN``, "D 66" -> ``D66``). The role as typed stays, so a consultation created
  before this revision, which names the ministry or group in the same text, is still reachable;
  new consultations store keys. A name the resolver cannot map keeps only its text role (an
  administrator adds the entry or an alias and grants the role again; docs/store.md).
- Consultations are event logs and are not rewritten: their addressees and groups keep the text
  they were created with. Before sending the clerk changes them with the details form, after
  sending with the correction of the addressee (``correct_addressees``), both of which store keys.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from overleg.vocabulary.registers import find_group, find_ministry, seed

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ministries",
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("earlier_names_json", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_ministries"),
    )
    op.create_table(
        "ministry_posts",
        sa.Column("ministry_key", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("person", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("ministry_key", "position", name="pk_ministry_posts"),
        sa.ForeignKeyConstraint(["ministry_key"], ["ministries.key"], name="fk_ministry_posts_ministry"),
    )
    op.create_table(
        "parliamentary_groups",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.Column("aliases_json", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_parliamentary_groups"),
    )
    conn = op.get_bind()
    from overleg.store.registers import seed_register  # the one writer of the registers' rows

    seed_register(conn, seed())
    _link_roles(conn)


def _link_roles(conn: sa.Connection) -> None:
    data = seed()
    rows = conn.execute(sa.text("SELECT user_id, role, scope, committee, created_at FROM memberships "
                                "WHERE role IN ('member', 'staff', 'official')")).all()
    held = {(r.user_id, r.role, r.scope, r.committee) for r in rows}
    added = []
    for r in rows:
        entry = find_ministry(data.ministries, r.scope) if r.role == "official" else find_group(data.groups, r.scope)
        if entry is None or entry.key == r.scope or (r.user_id, r.role, entry.key, r.committee) in held:
            continue
        held.add((r.user_id, r.role, entry.key, r.committee))
        added.append({"user_id": r.user_id, "role": r.role, "scope": entry.key, "committee": r.committee,
                      "created_at": r.created_at})
    if added:
        conn.execute(sa.text("INSERT INTO memberships (user_id, role, scope, committee, created_at) "
                             "VALUES (:user_id, :role, :scope, :committee, :created_at)"), added)


def downgrade() -> None:
    op.drop_table("parliamentary_groups")
    op.drop_table("ministry_posts")
    op.drop_table("ministries")
