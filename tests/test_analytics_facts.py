"""Analytics reads small precomputed facts per document instead of every stored document; the
figures are the same whether the facts were stored at indexing or computed later."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import delete, func, select

from corpus_support import EXAMPLES, migrated_store
from overleg.corpus import facts
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.ingest.save import save_and_index
from overleg.model import Document
from overleg.store import Store
from overleg.store.engine import read, write
from overleg.store.schema import document_facts, search_documents
from strategies import documents

TODAY = dt.date(2026, 11, 27)
KINDS = ("questions", "answer-times", "answer-kinds", "commitments", "open")


@given(documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_stored_form_of_a_documents_facts_reads_back_as_the_same_facts(doc: Document) -> None:
    found = facts.facts_of(doc)
    assert facts.facts_from_json(facts.facts_to_json(found)) == found


def test_facts_of_another_format_are_not_read_but_recomputed() -> None:
    assert facts.facts_from_json('{"v": 0}') is None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def examples_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("facts")) as store:
        report = ingest([EXAMPLES], store, jobs=1)
        assert report.ok, report.summary()
        yield store


def _count(store: Store) -> int:
    with read(store.engine) as conn:
        return int(conn.execute(select(func.count()).select_from(document_facts)).scalar_one())


def test_every_indexed_document_has_its_facts_stored_at_indexing(examples_store: Store) -> None:
    with read(examples_store.engine) as conn:
        indexed = conn.execute(select(func.count()).select_from(search_documents)).scalar_one()
    assert indexed > 20 and _count(examples_store) == indexed


def test_facts_missing_from_the_store_are_computed_once_and_give_the_same_figures(examples_store: Store) -> None:
    before = {kind: analytics.compute(examples_store, kind, today=TODAY) for kind in KINDS}
    with write(examples_store.engine) as conn:
        conn.execute(delete(document_facts))
    assert _count(examples_store) == 0
    after = {kind: analytics.compute(examples_store, kind, today=TODAY) for kind in KINDS}
    assert after == before
    assert any(table.rows for table in after.values())
    with read(examples_store.engine) as conn:
        assert _count(examples_store) == conn.execute(select(func.count()).select_from(search_documents)).scalar_one()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_new_version_of_a_document_replaces_its_facts(kind: str, tmp_path: Path) -> None:
    from overleg import read as read_document

    doc = read_document(EXAMPLES / "kst-21501-02-3349.txt")
    with migrated_store(kind, tmp_path) as store:
        save_and_index(store, doc, "seed.txt")
        shorter = dataclasses.replace(doc, items=doc.items[:10])
        saved = save_and_index(store, shorter, "seed.txt")
        assert saved.version == 2
        [stored] = analytics.load_corpus(store)
        assert stored.facts.items == 10
        with read(store.engine) as conn:
            assert conn.execute(select(document_facts.c.version)).scalar_one() == 2
