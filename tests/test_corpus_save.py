"""A document saved alone (a synced paper, a published report) is searchable like an ingested one."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_support import EXAMPLES, migrated_store
from overleg import read
from overleg.corpus.ingest.save import save_and_index
from overleg.corpus.search.ranking import search


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_document_saved_alone_is_found_by_search_and_saving_it_again_changes_nothing(
        kind: str, tmp_path: Path) -> None:
    doc = read(EXAMPLES / "kst-21501-02-3349.txt")
    with migrated_store(kind, tmp_path) as store:
        first = save_and_index(store, doc, "seed.txt")
        hits = search(store, "Rafah")
        assert hits and hits[0].document_id == "kst-21501-02-3349" and hits[0].item == 3
        again = save_and_index(store, doc, "seed.txt")
        assert (again.version, again.changed) == (first.version, False)
        assert [(h.document_id, h.item) for h in search(store, "Rafah")] == [(h.document_id, h.item) for h in hits]
