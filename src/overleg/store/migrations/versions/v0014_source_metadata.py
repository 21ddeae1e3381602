"""The publisher's record of a source: the Open Data metadata kept with the source it describes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

- ``document_sources.metadata_json``: the fields of the Open Data ``Document`` record a source
  was fetched by (DocumentNummer, Onderwerp, Titel, Zaak, dossier and Volgnummer, Voortouwnaam,
  Aanhangselnummer, Vergaderjaar, DatumOntvangst, Organisatie, ...) as JSON
  (``overleg.connectors.opendata``). Rows listed before this revision, and sources that are
  plain files, keep NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_sources") as batch:
        batch.add_column(sa.Column("metadata_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document_sources") as batch:
        batch.drop_column("metadata_json")
