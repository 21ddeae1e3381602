"""The bytes the search index is made of, shared by its tables (``store.postings``,
``store.heads``): ascending entry ids as gap-encoded blobs.
"""

from __future__ import annotations

from typing import Any

_WIDTHS = {1: "<u1", 2: "<u2", 4: "<u4"}


def encode_ids(ids: Any) -> bytes:
    """Ascending entry ids as a blob: one byte giving the width (1, 2 or 4 bytes) of the gaps,
    the first id (uint32, little-endian), then the gaps between consecutive ids at that width.
    A common term's gaps are small: a byte a posting instead of four."""
    return encode_runs(ids, [len(ids)])[0]


def encode_runs(ids: Any, ends: Any) -> list[bytes]:
    """``encode_ids`` of each run ``ids[start:end]`` (``ends``: where each run ends, ascending; a
    run holds at least one id, ascending), with the gaps and their widths worked out for all
    runs at once: a batch's segment has tens of thousands of terms, most with a
    posting or two, and numpy's per-call cost on each was a tenth of the writer's time."""
    import numpy as np

    ends = np.asarray(ends, dtype=np.int64)
    if not len(ends):
        return []
    starts = np.concatenate(([0], ends[:-1]))
    gaps = np.append(np.diff(ids), 0)
    gaps[ends - 1] = 0  # the step from one run's last id to the next run's first is no gap
    largest = np.maximum.reduceat(gaps, starts)
    widths = np.where(largest < 1 << 8, 1, np.where(largest < 1 << 16, 2, 4))
    packed = {w: gaps.astype(_WIDTHS[w]) for w in (1, 2, 4) if bool(np.any(widths == w))}
    firsts = np.asarray(ids)[starts].astype("<u4")
    return [bytes((w,)) + first.tobytes() + packed[w][s:e - 1].tobytes()
            for w, first, s, e in zip(widths.tolist(), firsts, starts.tolist(), ends.tolist(), strict=True)]


def decode_ids(blob: bytes) -> Any:
    """``encode_ids``'s ids again, as int64."""
    import numpy as np

    gaps = np.frombuffer(blob, dtype=_WIDTHS[blob[0]], offset=5)
    ids = np.empty(len(gaps) + 1, dtype=np.int64)
    ids[0] = int.from_bytes(blob[1:5], "little")
    np.cumsum(gaps, out=ids[1:], dtype=np.int64)
    ids[1:] += ids[0]
    return ids
