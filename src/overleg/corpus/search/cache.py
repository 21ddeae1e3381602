"""Decoded postings kept between searches in this process: a common word's whole postings (its
millions of ids decoded from their gaps) and a prefix's union, which phrases, sorts by date and
prefixes need and which cost more to rebuild than to keep (docs/search.md, "Caches").

Kept by database, by what the index looked like (``EntryStats.key``: any segment written or
merged since makes a new key, so nothing stale is ever found) and by word; the least recently
used go first once ``CACHE_BYTES`` are held (``keep_bytes``: the setting
``OVERLEG_SEARCH_POSTINGS_MB``). Threads of one server share it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

CACHE_BYTES = 160 * 2**20  # per process: the whole postings of the ~15 most common words at a million items
_limit = CACHE_BYTES  # OVERLEG_SEARCH_POSTINGS_MB (``keep_bytes``)

_held: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
_bytes = 0
_lock = threading.Lock()


def kept(key: Hashable, make: Callable[[], Any], size: Callable[[Any], int]) -> Any:
    """The value kept under ``key``, else ``make()`` kept (when it fits) and returned."""
    global _bytes
    with _lock:
        found = _held.get(key)
        if found is not None:
            _held.move_to_end(key)
            return found[0]
    value = make()  # outside the lock: another search may build the same, the last one is kept
    n = size(value)
    if n > _limit // 4:
        return value
    with _lock:
        old = _held.pop(key, None)
        if old is not None:
            _bytes -= old[1]
        _held[key] = (value, n)
        _bytes += n
        while _bytes > _limit and _held:
            _, (_, freed) = _held.popitem(last=False)
            _bytes -= freed
    return value


def keep_bytes(limit_bytes: int) -> None:
    """Keep at most ``limit_bytes`` from now on (0: keep nothing); forgets what no longer fits."""
    global _limit, _bytes
    with _lock:
        _limit = max(0, limit_bytes)
        while _bytes > _limit and _held:
            _, (_, freed) = _held.popitem(last=False)
            _bytes -= freed


def limit() -> int:
    return _limit


def clear() -> None:
    """Forget everything kept (tests; ``bench search --cold``)."""
    global _bytes
    with _lock:
        _held.clear()
        _bytes = 0
