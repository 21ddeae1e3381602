"""Every id a document is found by: one document per real document across its identifiers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

- ``document_identifiers``: each id (``identifier``, unique) and the document it finds
  (``document_id``): the document's own store id and the id each identifier it prints would give
  it (``overleg.model.identity.alias_keys``). Ingest looks a document up here before minting an
  id, so the TK's copy of a letter and the ministry's own file are one document.
- Filled for the stored documents from their latest version: the id itself and the printed
  ``identifiers`` of its exchange JSON (a Zaak with the ending of its id's kind, as
  ``alias_keys`` gives it). Documents already stored apart are not merged: an identifier two of
  them share stays with the one whose id it is, else with the first by id.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_identifiers",
        sa.Column("identifier", sa.String(200), nullable=False),
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("identifier", name="pk_document_identifiers"),
    )
    op.create_index("ix_document_identifiers_document_id", "document_identifiers", ["document_id"])
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT d.id, d.exchange_json FROM documents d WHERE d.version = "
        "(SELECT MAX(n.version) FROM documents n WHERE n.id = d.id) ORDER BY d.id")).all()
    owner: dict[str, str] = {str(doc_id): str(doc_id) for doc_id, _ in rows}
    for doc_id, stored in rows:
        for key in _aliases(str(doc_id), json.loads(stored)):
            owner.setdefault(key, str(doc_id))
    if owner:
        conn.execute(sa.text("INSERT INTO document_identifiers (identifier, document_id) VALUES (:i, :d)"),
                     [{"i": key, "d": doc_id} for key, doc_id in owner.items()])


def _aliases(doc_id: str, data: dict[str, object]) -> list[str]:
    """The ids its printed identifiers give (``identity.alias_keys`` as of this revision)."""
    items = data.get("items") or []
    assert isinstance(items, list)
    ending = "-mededeling" if not items else "" if any(i.get("answer") for i in items) else "-vragen"
    identifiers = data.get("identifiers") or []
    assert isinstance(identifiers, list)
    return [f"{i}{ending}" if str(i).startswith("zaak-") else str(i) for i in identifiers
            if str(i).startswith(("tkdoc-", "zaak-", "kenmerk-"))]


def downgrade() -> None:
    op.drop_index("ix_document_identifiers_document_id", "document_identifiers")
    op.drop_table("document_identifiers")
