"""The heads of large posting segments (revision 0020; docs/search.md, "Heads"): per segment of
``HeadRule.smallest`` or more postings, its ``HeadRule.size`` postings of highest impact (a term's
share of the score an entry can get, without the term's IDF) and a bound on the impact of every
posting left out.

A search that needs only the best entries of a common word reads and scores the few thousand
postings of its heads instead of the millions of its segments, and knows when that is exact: an
entry outside the heads can score no more than the bounds (``corpus.search.term_index``). What an
impact is belongs to the ranking, not to the store: the caller gives the ``HeadRule``, and each
head keeps the rule's ``params`` so a head made under other ranking parameters is never trusted
(``build_heads`` makes it again).

``search_heads(term, segment, params, count, reference, bounds, ids, tfs)``: ``count`` the
segment's postings (its part of the term's document frequency), ``reference`` the average entry
length the head was chosen at, ``bounds`` the rule's bounds on the rest (its own bytes: at several
average lengths, since an impact depends on it), ``ids`` ascending (``encode_ids``), ``tfs`` uint8.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, text

from overleg.store.blobs import decode_ids, encode_ids
from overleg.store.documents import bulk_insert
from overleg.store.engine import in_list, read_rows


@dataclass(frozen=True)
class Head:
    """A segment's best postings by impact (ids ascending, their frequencies), the rule's bounds
    on the impact of any posting left out, and the average length the head was chosen at."""

    ids: Any
    tfs: Any
    bounds: bytes
    reference: float


class HeadRule(Protocol):
    """What a head is: which segments get one, and their best postings (the ranking's)."""

    @property
    def params(self) -> str: ...  # the ranking parameters a head is valid under

    @property
    def smallest(self) -> int: ...  # a segment with fewer postings is read whole: no head

    def head(self, ids: Any, tfs: Any, lengths: Any, kinds: Any, reference: float) -> Head:
        """The head of a segment whose postings are ``ids``/``tfs``, ``lengths`` and ``kinds``
        those of each posting's entry, impacts computed at the average length ``reference``."""
        ...


@dataclass(frozen=True)
class StoredHead:
    term: str
    segment: int
    count: int
    reference: float
    bounds: bytes
    ids: bytes
    tfs: bytes


def write_heads(conn: Connection, rule: HeadRule, term_rows: Sequence[tuple[str, int, Any, Any]],
                lengths: Any, kinds: Any, reference: float) -> None:
    """The heads of the segments ``term_rows`` (term, segment, ids, tfs) that are large enough;
    ``lengths`` and ``kinds``: dense arrays indexed by entry id (or any array ``ids`` index)."""
    rows = []
    for term, segment, ids, tfs in term_rows:
        if len(ids) < rule.smallest:
            continue
        head = rule.head(ids, tfs, lengths[ids], kinds[ids], reference)
        rows.append((term, segment, rule.params, len(ids), head.reference, head.bounds,
                     encode_ids(head.ids), bytes(head.tfs.tobytes())))
    bulk_insert(conn, "search_heads", ("term", "segment", "params", "count", "reference", "bounds", "ids", "tfs"),
                rows)


def read_heads(conn: Connection, terms: Iterable[str], params: str) -> list[StoredHead]:
    """The heads made under ``params`` of each of ``terms``' segments, by term then segment."""
    wanted = sorted(set(terms))
    if not wanted:
        return []
    terms, named = in_list("t", wanted)
    rows = read_rows(conn, "SELECT term, segment, count, reference, bounds, ids, tfs FROM search_heads "
                           f"WHERE params = :params AND term IN {terms} ORDER BY term, segment",
                     {"params": params, **named})
    return [StoredHead(str(r[0]), int(r[1]), int(r[2]), float(r[3]), bytes(r[4]), bytes(r[5]), bytes(r[6]))
            for r in rows]


def delete_heads(conn: Connection, terms: Sequence[str]) -> None:
    if terms:
        conn.execute(text("DELETE FROM search_heads WHERE term IN :terms")
                     .bindparams(bindparam("terms", expanding=True)), {"terms": list(terms)})


def build_heads(conn: Connection, rule: HeadRule, batch_terms: int = 500) -> int:
    """Make the head of every segment that should have one and lacks it under ``rule`` (a store
    from before revision 0020, segments written without a rule, heads of other ranking
    parameters, which are dropped); how many were made. Run by ``overleg db maintain``."""
    import numpy as np

    conn.execute(text("DELETE FROM search_heads WHERE params <> :params"), {"params": rule.params})
    missing = conn.execute(text(
        "SELECT p.term, p.segment FROM search_postings p WHERE p.count >= :smallest AND NOT EXISTS "
        "(SELECT 1 FROM search_heads h WHERE h.term = p.term AND h.segment = p.segment) "
        "ORDER BY p.term, p.segment"), {"smallest": rule.smallest}).all()
    if not missing:
        return 0
    lengths, kinds, reference = dense_entry_stats(conn)
    made = 0
    for start in range(0, len(missing), batch_terms):
        chunk = missing[start:start + batch_terms]
        wanted = {(str(r.term), int(r.segment)) for r in chunk}
        rows = conn.execute(text("SELECT term, segment, ids, tfs FROM search_postings WHERE term IN :terms")
                            .bindparams(bindparam("terms", expanding=True)),
                            {"terms": sorted({t for t, _ in wanted})}).all()
        found = [(str(r.term), int(r.segment), decode_ids(bytes(r.ids)), np.frombuffer(bytes(r.tfs), dtype=np.uint8))
                 for r in rows if (str(r.term), int(r.segment)) in wanted]
        # postings of entries past the stats (not possible in one transaction) cannot be weighed
        found = [row for row in found if int(row[2][-1]) < len(lengths)]
        write_heads(conn, rule, found, lengths, kinds, reference)
        made += len(found)
    return made


def dense_entry_stats(conn: Connection) -> tuple[Any, Any, float]:
    """Every indexed entry's length and kind code as dense arrays indexed by entry id, and the
    average length (at least 1)."""
    import numpy as np

    rows = conn.execute(text("SELECT ids, lengths, kinds FROM search_entry_stats")).all()
    parts = [(np.frombuffer(bytes(r.ids), dtype="<u4").astype(np.int64), np.frombuffer(bytes(r.lengths), dtype="<u4"),
              np.frombuffer(bytes(r.kinds), dtype=np.uint8)) for r in rows]
    size = 1 + max((int(p[0].max()) for p in parts if len(p[0])), default=0)
    lengths = np.zeros(size, dtype=np.uint32)
    kinds = np.zeros(size, dtype=np.uint8)
    total = count = 0
    for ids, length, kind in parts:
        lengths[ids] = length
        kinds[ids] = kind
        total += int(length.sum(dtype=np.int64))
        count += len(ids)
    return lengths, kinds, max(1.0, total / count) if count else 1.0
