"""The bytes the search index is made of, shared by its tables (``store.postings``,
``store.heads``): ascending entry ids as gap-encoded blobs.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def decode_many(blobs: Sequence[bytes]) -> Any:
    """The ids of several ``encode_ids`` blobs one after another, as int64: what concatenating
    ``decode_ids`` of each gives, with numpy called a few times for all of them, not four times
    for each (a word of a pasted question read from twenty segments: most of the search).

    >>> decode_many([encode_ids([3, 5]), encode_ids([300, 900])]).tolist()
    [3, 5, 300, 900]
    """
    import numpy as np

    if len(blobs) == 1:
        return decode_ids(blobs[0])
    widths = [blob[0] for blob in blobs]
    gaps_in = np.array([(len(blob) - 5) // width for blob, width in zip(blobs, widths, strict=True)], dtype=np.int64)
    starts = np.zeros(len(blobs), dtype=np.int64)  # where each blob's first id goes
    np.cumsum(gaps_in[:-1] + 1, out=starts[1:])
    out = np.zeros(int(starts[-1] + gaps_in[-1] + 1), dtype=np.int64)
    for width in set(widths):
        mine = [n for n, w in enumerate(widths) if w == width]
        gaps = np.frombuffer(b"".join(blobs[n][5:] for n in mine), dtype=_WIDTHS[width])
        counts = gaps_in[mine]
        # each gap's place: after its blob's first id, in order
        before = np.repeat(starts[mine] + 1 - (np.cumsum(counts) - counts), counts)
        out[before + np.arange(len(gaps))] = gaps
    firsts = np.array([int.from_bytes(blob[1:5], "little") for blob in blobs], dtype=np.int64)
    lasts = firsts + np.add.reduceat(out, starts)  # each blob's last id (its first's place still holds 0)
    out[starts[0]] = firsts[0]
    out[starts[1:]] = firsts[1:] - lasts[:-1]
    return np.cumsum(out)
