"""Documents have an owner: who wrote each version, and the report numbers consultations reserve.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

``documents.origin`` says who wrote a version: ``ingested`` (a paper read from a file or synced
from a public source) or ``published:<committee>`` (the report a committee published through
the procedure). ``report_numbers`` holds the number of every established report, taken by its
consultation when the report is established; only that consultation's publication writes
versions of that document, and nothing else (no ingest, no other consultation) does.

Existing rows are filled from what the store holds. A version was written by a publication when
it has no source name (ingest and sync always give one; the procedure never does) and its id is
the number of an established consultation: its origin is ``published:<that committee>``. The
number is reserved for the consultation that established it first, unless the id's first
version was ingested (an official paper that a publication collided with before this revision:
it stays the paper's, and ``overleg db check`` reports the collision), or another consultation
holds it already. Snapshots that cannot be read are left alone (``overleg db check`` names them).
Documents are append-only, so the append-only trigger is set aside for the one UPDATE that
fills the origin and restored in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

from overleg.model.ids import DocumentId

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


class _Claim(NamedTuple):  # (Alembic loads this file outside sys.modules, where a dataclass cannot be made)
    consultation_id: str
    committee: str
    established_at: dt.datetime | str


def upgrade() -> None:
    op.add_column("documents", sa.Column("origin", sa.Text, nullable=False, server_default="ingested"))
    op.create_table(
        "report_numbers",
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("committee", sa.Text, nullable=False),
        sa.Column("consultation_id", sa.String(200), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_report_numbers"),
        sa.UniqueConstraint("consultation_id", name="uq_report_numbers_consultation"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_report_numbers_consultation"),
    )
    _fill(op.get_bind())


def _fill(conn: sa.Connection) -> None:
    claims = _claims(conn)
    if not claims:
        return
    reserved_at = dt.datetime.now(dt.UTC)
    reservations: list[dict[str, object]] = []
    published: list[tuple[str, str]] = []  # (document id, origin) of versions without a source name
    for doc_id, claimants in sorted(claims.items()):
        first = claimants[0]
        versions = conn.execute(sa.text("SELECT version, source_name FROM documents WHERE id = :id "
                                        "ORDER BY version"), {"id": doc_id}).all()
        if any(v.source_name is None for v in versions):
            published.append((doc_id, "published:" + first.committee))
        if versions and versions[0].source_name is not None:
            continue  # an ingested paper: the number is not the committee's to reserve
        reservations.append({"document_id": doc_id, "committee": first.committee,
                             "consultation_id": first.consultation_id, "reserved_at": reserved_at})
    if reservations:
        conn.execute(sa.text("INSERT INTO report_numbers (document_id, committee, consultation_id, reserved_at) "
                             "VALUES (:document_id, :committee, :consultation_id, :reserved_at)"), reservations)
    if published:
        _set_origins(conn, published)


def _claims(conn: sa.Connection) -> dict[str, list[_Claim]]:
    """Every established report number with the consultations that established it, earliest first
    (a consultation whose snapshot cannot be read claims nothing)."""
    established_at: dict[str, dt.datetime | str] = dict(conn.execute(sa.text(
        "SELECT consultation_id, min(at) FROM consultation_events WHERE type = 'report-established' "
        "GROUP BY consultation_id")).all())
    claims: dict[str, list[_Claim]] = {}
    for consultation_id, snapshot_json in conn.execute(sa.text("SELECT id, snapshot_json FROM consultations")):
        try:
            state = json.loads(snapshot_json)["consultation"]
            established = state["established"]
            if not established:
                continue
            doc_id = str(DocumentId.kamerstuk(established["dossier"], established["document_number"]))
            committee = str(state["committee"])
        except (ValueError, KeyError, TypeError):
            continue
        claims.setdefault(doc_id, []).append(
            _Claim(consultation_id, committee, established_at.get(consultation_id) or ""))
    for claimants in claims.values():
        claimants.sort(key=lambda c: (str(c.established_at), c.consultation_id))
    return claims


def _set_origins(conn: sa.Connection, published: list[tuple[str, str]]) -> None:
    """The origin of the versions a publication wrote, with the append-only trigger set aside for
    this one statement (the migration's transaction restores it before anyone else can write)."""
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(sa.text("ALTER TABLE documents DISABLE TRIGGER documents_append_only"))
    else:
        conn.execute(sa.text("DROP TRIGGER documents_no_update"))
    conn.execute(sa.text("UPDATE documents SET origin = :origin WHERE id = :id AND source_name IS NULL"),
                 [{"id": doc_id, "origin": origin} for doc_id, origin in published])
    if postgres:
        conn.execute(sa.text("ALTER TABLE documents ENABLE TRIGGER documents_append_only"))
    else:
        conn.execute(sa.text("CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents "
                             "BEGIN SELECT RAISE(ABORT, 'documents is append-only'); END"))


def downgrade() -> None:
    op.drop_table("report_numbers")
    op.drop_column("documents", "origin")
