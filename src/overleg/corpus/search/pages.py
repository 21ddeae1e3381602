"""Search pages kept in this process: the same query, filters and page asked again (the next
visitor of a popular search, a page reloaded, the web page and the API asking alike) is answered
without scoring anything (docs/search.md, "Caches").

A page is kept under its database and the corpus tables' generation (``store.generation``),
which every ingest, new version and merge replaces in its own transaction: a page made before
any write is never found again, whichever process wrote. The least recently
asked go first once ``capacity()`` pages are held; ``keep_pages(0)`` keeps none (the setting
``OVERLEG_SEARCH_PAGES``). Threads of one server share it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

DEFAULT_PAGES = 2_000  # a page of 20 hits with snippets is ~10 kB: ~20 MB per process

T = TypeVar("T")

_held: OrderedDict[Hashable, object] = OrderedDict()
_capacity = DEFAULT_PAGES
_lock = threading.Lock()


def kept_page(key: Hashable, make: Callable[[], T]) -> T:
    """The page kept under ``key`` (which must hold the database and its generation), else
    ``make()``, kept and returned. A value ``make`` raises for is not kept."""
    if _capacity <= 0:
        return make()
    with _lock:
        if key in _held:
            _held.move_to_end(key)
            return _held[key]  # type: ignore[return-value]
    value = make()  # outside the lock: searches of other queries go on meanwhile
    with _lock:
        _held[key] = value
        _held.move_to_end(key)
        while len(_held) > _capacity:
            _held.popitem(last=False)
    return value


def keep_pages(pages: int) -> None:
    """Keep at most ``pages`` pages from now on (0: keep none); forgets what no longer fits."""
    global _capacity
    with _lock:
        _capacity = max(0, pages)
        while len(_held) > _capacity:
            _held.popitem(last=False)


def capacity() -> int:
    return _capacity


def forget_pages() -> None:
    """Forget every page (tests; ``bench search``, which measures the scoring)."""
    with _lock:
        _held.clear()
