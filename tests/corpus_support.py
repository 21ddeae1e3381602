"""Stores for the corpus tests, on the throwaway databases of db_support.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
