"""The corpus vocabulary: every surface word of the searchable texts with its number of texts.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

``search_words(word, entries)``: each word (folded: lower case, diacritics removed; letters only,
3 to 64 of them) of the search entries' texts, and how many entries hold it. The indexer keeps it
(``overleg.corpus.search.suggest.record_words``); "Bedoelde u ...?" suggestions read it. Filled
here from the entries of an existing store, in batches. The folding is written out here rather
than imported: a migration keeps the rule of its day, and the store layer does not import the
corpus layer (it is ``analysis.fold`` and ``analysis.tokens`` as of this revision).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TOKEN = re.compile(r"[^\W_]+")
_BATCH = 5_000


def _words(body: str) -> set[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", body) if not unicodedata.combining(c)).lower()
    return {w for w in _TOKEN.findall(folded) if 3 <= len(w) <= 64 and w.isalpha()}


def upgrade() -> None:
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(64), nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("word", name="pk_search_words"),
    )
    op.create_index("ix_search_words_entries", "search_words", ["entries"])
    conn = op.get_bind()
    counts: Counter[str] = Counter()
    last = 0
    while True:
        rows = conn.execute(sa.text("SELECT id, body FROM search_entries WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": _BATCH}).all()
        if not rows:
            break
        for row in rows:
            counts.update(_words(row.body))
        last = rows[-1].id
    found = sorted(counts.items())
    for start in range(0, len(found), _BATCH):
        conn.execute(sa.text("INSERT INTO search_words (word, entries) VALUES (:word, :entries)"),
                     [{"word": w, "entries": n} for w, n in found[start:start + _BATCH]])


def downgrade() -> None:
    op.drop_index("ix_search_words_entries", "search_words")
    op.drop_table("search_words")
