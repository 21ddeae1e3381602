"""Stores for the corpus tests, on the throwaway databases of db_support.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from db_support import database
from overleg.store import Store, open_store

EXAMPLES = Path(__file__).parent.parent / "src" / "overleg" / "examples"
SEED = EXAMPLES / "kst-21501-02-3349.txt"


@contextmanager
def migrated_store(kind: str, directory: Path) -> Iterator[Store]:
    with database(kind, directory) as url:
        store = open_store(url)
        store.upgrade()
        try:
            yield store
        finally:
            store.close()


def lazily_ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """The bundled examples ingested into each database on first use (``ingested["sqlite"]``),
    closed at the end: the body of a module-scoped fixture (``yield from lazily_ingested(...)``)."""
    from overleg.corpus.ingest.pipeline import ingest

    with ExitStack() as stack:

        class Lazy(dict[str, Store]):
            def __missing__(self, kind: str) -> Store:
                store = stack.enter_context(migrated_store(kind, tmp_path_factory.mktemp(kind)))
                report = ingest([EXAMPLES], store, jobs=2)
                assert report.ok, report.summary()
                self[kind] = store
                return store

        yield Lazy()
