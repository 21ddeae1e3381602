"""The search index's own tables, the same on SQLite and PostgreSQL (docs/search.md, "The index"):

- ``search_postings(term, segment, count, ids, tfs)``: per analysed term and ingest batch
  (``segment``: the batch's first entry id) the sorted entry ids holding it (the first id,
  then the gaps at 1, 2 or 4 bytes: ``encode_ids``) and the term's frequency in each (uint8,
  saturating at ``TF_MAX``: BM25 has long saturated there);
- ``search_terms(term, df)``: every term with its number of postings (dead ones included until a
  merge drops them): the document frequency for IDF and, by a range scan, the prefix index;
- ``search_entry_stats(segment, count, ids, lengths, kinds, days, genres)``: per batch what BM25,
  the sort by date and the commonest filters need of each entry (its length in terms, its kind,
  its document's date as an ordinal and its document's genre as a ``STORED_GENRES`` code; revision
  0020), so scoring and those filters read arrays, never a row per entry.

Blobs are written once and never updated: a deleted entry's postings stay until ``merge_postings``
rewrites a term's segments into one without them; searches check their best candidates against
the live ``search_entries`` rows. The store layer holds this so that the migration that builds
the tables for an existing store and the indexer write the very same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import Connection, bindparam, text

from overleg.store.blobs import decode_many, encode_ids, encode_runs
from overleg.store.documents import bulk_insert
from overleg.store.engine import in_list, read_rows
from overleg.store.heads import HeadRule, delete_heads, dense_entry_stats, write_heads

ENTRY_KINDS = ("title", "question", "answer", "footnote")
KIND_CODES = {kind: n for n, kind in enumerate(ENTRY_KINDS)}
TF_MAX = 255
# a document's genre (``DocumentType``) as the stats keep it: its position here (new genres go at
# the end: the codes are stored); any other, or none, is ``UNKNOWN_GENRE``
STORED_GENRES = ("verslag-schriftelijk-overleg", "verslag-nader-schriftelijk-overleg", "inbreng-schriftelijk-overleg",
          "lijst-van-vragen-en-antwoorden", "schriftelijke-vragen", "mededeling-uitstel-antwoord")
UNKNOWN_GENRE = 255


@dataclass(frozen=True)
class EntryTerms:
    """One search entry as the index sees it: its id, kind, its document's date and its terms,
    and its document's genre (``DocumentType`` value)."""

    id: int
    kind: str
    date: dt.date | None
    terms: Sequence[str]
    genre: str | None = None


def genre_code(genre: str | None) -> int:
    """A genre as the stats keep it."""
    return STORED_GENRES.index(genre) if genre in STORED_GENRES else UNKNOWN_GENRE


STATS_COLUMNS = ("segment", "count", "ids", "lengths", "kinds", "days", "genres")


def day_number(date: dt.date | None) -> int:
    """A date as the stats keep it (its ordinal; 0 for none, which sorts last by date)."""
    return date.toordinal() if date is not None else 0


@dataclass(frozen=True)
class CodedEntries:
    """A batch of entries as ``write_coded_segment`` takes them, their terms numbered: ``ids``
    ascending, with each entry's ``kinds``, ``dates`` and ``genres``; ``vocabulary``, the batch's
    distinct terms, each held by an entry; ``codes``, every entry's terms as indexes into ``vocabulary``, the entries
    one after another; ``lengths``, each entry's number of terms."""

    ids: Any  # int64 array
    kinds: Sequence[str]
    dates: Sequence[dt.date | None]
    genres: Sequence[str | None]
    vocabulary: Sequence[str]
    codes: Any  # int64 array
    lengths: Any  # int64 array


def write_segment(conn: Connection, entries: Sequence[EntryTerms], heads: HeadRule | None = None, *,
                  genres: bool = True) -> None:
    """``write_coded_segment`` of ``entries``, their terms numbered here: every term by a dict
    whose missing keys number themselves (``map`` over C methods: no Python loop per term)."""
    import numpy as np

    if not entries:
        return
    entries = sorted(entries, key=lambda e: e.id)
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    flat = list(chain.from_iterable(e.terms for e in entries))
    codes = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    write_coded_segment(conn, CodedEntries(
        np.array([e.id for e in entries], dtype=np.int64), [e.kind for e in entries], [e.date for e in entries],
        [e.genre for e in entries], list(vocabulary), codes,
        np.fromiter(map(len, (e.terms for e in entries)), dtype=np.int64, count=len(entries))), heads, genres=genres)


def write_coded_segment(conn: Connection, entries: CodedEntries, heads: HeadRule | None = None, *,
                        genres: bool = True) -> None:
    """Write one segment: the postings of every term of ``entries``, the terms' frequencies
    added to ``search_terms``, the entries' stats, and with ``heads`` the head of every term's
    postings large enough for one (``store.heads``; impacts at the segment's own average
    length). One statement per table. ``genres``: false for a store before revision 0020 (its
    migration fills them).

    The grouping is the writer's hot path (millions of postings per batch): (term, entry) pairs
    counted by one numpy ``unique`` over ``term * n + entry``, which also orders them by term
    and, within a term, by entry id."""
    import numpy as np

    n = len(entries.ids)
    if not n:
        return
    entry_ids, lengths, codes = entries.ids, entries.lengths, entries.codes
    segment = int(entry_ids[0])
    pairs, tfs = np.unique(codes * n + np.repeat(np.arange(n), lengths), return_counts=True)
    ids_sorted = entry_ids[pairs % n]
    tfs_sorted = np.minimum(tfs, TF_MAX).astype(np.uint8)
    counts = np.bincount(pairs // n, minlength=len(entries.vocabulary))
    ends = np.cumsum(counts)
    rows = []
    large = []
    blobs = encode_runs(ids_sorted, ends)
    # term n of the vocabulary is row n
    for term, end, count, blob in zip(entries.vocabulary, ends.tolist(), counts.tolist(), blobs, strict=True):
        start = end - count
        rows.append((term, segment, count, blob, tfs_sorted[start:end].tobytes()))
        if heads is not None and count >= heads.smallest:
            large.append((term, segment, pairs[start:end] % n, tfs_sorted[start:end]))
    bulk_insert(conn, "search_postings", ("term", "segment", "count", "ids", "tfs"), rows)
    if large and heads is not None:
        # the heads are made over positions in this batch, then given the entries' ids
        kind_codes = np.array([KIND_CODES.get(k, 0) for k in entries.kinds], dtype=np.uint8)
        reference = max(1.0, float(lengths.sum()) / n)
        write_heads(conn, heads, [(t, s, entry_ids[p], tf) for t, s, p, tf in large],
                    _ByEntry(entry_ids, lengths), _ByEntry(entry_ids, kind_codes), reference)
    add_document_frequencies(conn, [(row[0], row[2]) for row in rows])
    stats = (segment, n, entry_ids.astype("<u4").tobytes(), lengths.astype("<u4").tobytes(),
             bytes(KIND_CODES.get(k, 0) for k in entries.kinds),
             np.array([day_number(d) for d in entries.dates], dtype="<i4").tobytes(),
             bytes(genre_code(g) for g in entries.genres))
    columns = STATS_COLUMNS if genres else STATS_COLUMNS[:-1]
    bulk_insert(conn, "search_entry_stats", columns, [stats[:len(columns)]])


class _ByEntry:
    """A segment's per-entry array indexed by entry id (the entries' ids ascending)."""

    def __init__(self, entry_ids: Any, values: Any) -> None:
        self.entry_ids, self.values = entry_ids, values

    def __getitem__(self, ids: Any) -> Any:
        import numpy as np

        return self.values[np.searchsorted(self.entry_ids, ids)]


def add_document_frequencies(conn: Connection, found: Sequence[tuple[str, int]]) -> None:
    """Add ``found`` (term, postings) to ``search_terms``: one upsert for the batch."""
    if not found:
        return
    upsert = ("INSERT INTO search_terms (term, df) {source} "
              "ON CONFLICT (term) DO UPDATE SET df = search_terms.df + excluded.df")
    if conn.dialect.name == "postgresql":
        # COPY into a temporary table, then one upsert: far cheaper than a statement per term
        conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS new_terms (term text, df integer) "
                             "ON COMMIT DELETE ROWS")
        conn.exec_driver_sql("DELETE FROM new_terms")
        bulk_insert(conn, "new_terms", ("term", "df"), found)
        conn.exec_driver_sql(upsert.format(source="SELECT term, df FROM new_terms WHERE true"))
        return
    conn.exec_driver_sql(upsert.format(source="VALUES (?, ?)"), list(found))


@dataclass(frozen=True)
class Segment:
    """One stored posting list segment of a term, its blobs as read."""

    term: str
    segment: int
    ids: bytes
    tfs: bytes


def read_postings(conn: Connection, terms: Iterable[str], headless: str | None = None) -> list[Segment]:
    """Every segment of each of ``terms``, by term then segment (so a term's ids ascend); with
    ``headless`` (a ``HeadRule.params``) only the segments without a head made under it."""
    wanted = sorted(set(terms))
    if not wanted:
        return []
    skip = ("" if headless is None else " AND NOT EXISTS (SELECT 1 FROM search_heads h WHERE h.term = p.term "
            "AND h.segment = p.segment AND h.params = {})")
    if conn.dialect.name == "postgresql":
        # psycopg's binary format: bytea in text format is hex, twice the bytes and decoded in
        # Python (21 ms against 4 ms for the 1.4 MB of "de" at 200,000 items)
        raw: Any = conn.connection.driver_connection
        with raw.cursor(binary=True) as cursor:
            found = cursor.execute("SELECT term, segment, ids, tfs FROM search_postings p WHERE term = ANY(%s)"
                                   + skip.format("%s") + " ORDER BY term, segment",
                                   (wanted,) if headless is None else (wanted, headless)).fetchall()
        return [Segment(str(r[0]), int(r[1]), bytes(r[2]), bytes(r[3])) for r in found]
    terms, named = in_list("t", wanted)
    rows = read_rows(conn, f"SELECT term, segment, ids, tfs FROM search_postings p WHERE term IN {terms}"
                           + skip.format(":params") + " ORDER BY term, segment", {"params": headless, **named})
    return [Segment(str(r[0]), int(r[1]), bytes(r[2]), bytes(r[3])) for r in rows]


def term_frequencies(conn: Connection, terms: Iterable[str]) -> dict[str, int]:
    """How many entries hold each of ``terms`` (its df; a term no entry holds is left out), from
    the term dictionary alone: no posting is read."""
    wanted = sorted(set(terms))
    if not wanted:
        return {}
    terms, named = in_list("t", wanted)
    return {str(r[0]): int(r[1]) for r in read_rows(conn, f"SELECT term, df FROM search_terms WHERE term IN {terms}",
                                                     named)}


def terms_with_prefix(conn: Connection, prefix: str, limit: int) -> list[str]:
    """The ``limit`` most frequent terms starting with ``prefix`` (by df, then the term), from a
    range scan of the term dictionary."""
    rows = read_rows(conn, "SELECT term FROM search_terms WHERE term >= :low AND term < :high "
                           "ORDER BY df DESC, term LIMIT :limit",
                     {"low": prefix, "high": prefix + "\U0010ffff", "limit": limit})
    return [str(r[0]) for r in rows]


def new_entry_ids(conn: Connection, n: int) -> list[int]:
    """Ids for ``n`` new entries, ascending, never given before: a deleted entry's postings stay
    until a merge, so a reused id would let them count for the new entry. PostgreSQL: the
    column's sequence; SQLite: above ``sqlite_sequence`` (the table is AUTOINCREMENT since
    revision 0015), under the writer's lock (BEGIN IMMEDIATE)."""
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        return [int(i) for i in conn.execute(text(
            "SELECT nextval(pg_get_serial_sequence('search_entries', 'id')) FROM generate_series(1, :n)"),
            {"n": n}).scalars().all()]
    high = conn.execute(text("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'search_entries'), 0), "
                             "coalesce((SELECT max(id) FROM search_entries), 0))")).scalar()
    first = int(high or 0) + 1
    return list(range(first, first + n))


def index_entries_after(conn: Connection, terms_of: Callable[[str], Sequence[str]], after: int = 0,
                        batch: int = 20_000, *, column: str = "body", genres: bool = True) -> int:
    """Write the postings of the entries with ids above ``after``, each one's terms
    ``terms_of`` its ``column`` (the body, analysed by the caller's rule: the store does not
    analyse text; or, in a store before revision 0022, the stored stems, split on spaces), a
    segment per ``batch`` entries: for entries written without postings (a store before revision
    0015, the benchmark's copies). How many were indexed."""
    if column not in ("body", "stemmed"):
        raise ValueError(f"entries are indexed from their body or stems, not {column!r}")
    done = 0
    while True:
        rows = conn.execute(text(
            f"SELECT e.id, e.kind, e.{column} AS analysed, d.date, d.type FROM search_entries e "
            "LEFT JOIN search_documents d ON d.document_id = e.document_id "
            "WHERE e.id > :after ORDER BY e.id LIMIT :n"), {"after": after, "n": batch}).all()
        if not rows:
            return done
        write_segment(conn, [EntryTerms(int(r.id), str(r.kind), _date(r.date), list(terms_of(str(r.analysed))), r.type)
                             for r in rows], genres=genres)
        done += len(rows)
        after = int(rows[-1].id)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class MergeReport:
    terms: int  # terms whose segments were rewritten
    dropped: int  # postings of dead entries dropped


def merge_postings(conn: Connection, live_ids: Sequence[int] | None = None, min_segments: int = 2,
                   batch_terms: int = 2000, heads: HeadRule | None = None) -> MergeReport:
    """Rewrite the segments of every term with at least ``min_segments`` segments into one
    (numbered by the lowest), dropping the postings of entries no longer in ``search_entries``,
    and, when that rewrote every term (``min_segments`` 1), their entry stats. ``search_terms.df``
    follows, and the rewritten terms' heads are dropped and, with ``heads``, made again (impacts
    at the average length of every indexed entry). Run by ``overleg db maintain`` and after a
    large ingest."""
    import numpy as np

    indexed = int(conn.execute(text("SELECT coalesce(sum(count), 0) FROM search_entry_stats")).scalar() or 0)
    dead = indexed - int(conn.execute(text("SELECT count(*) FROM search_entries")).scalar() or 0)
    # a term's single segment is rewritten only to drop the postings of deleted entries
    terms = [str(t) for t in conn.execute(text(
        "SELECT term FROM search_postings GROUP BY term HAVING count(*) >= :n ORDER BY term"),
        {"n": min_segments if dead else max(min_segments, 2)}).scalars().all()]
    if not terms and not dead:  # nothing to merge, nothing deleted: no need to read every id
        return MergeReport(0, 0)
    # with no entry deleted every posting is live: after a fresh ingest, reading 2 million ids
    # and looking each posting up among them was half the merge's time
    live = None
    if dead or live_ids is not None:
        live = np.array(sorted(live_ids if live_ids is not None else conn.execute(
            text("SELECT id FROM search_entries")).scalars().all()), dtype=np.int64)
    merged = dropped = 0
    stats = dense_entry_stats(conn) if heads is not None else None
    for start in range(0, len(terms), batch_terms):
        chunk = terms[start:start + batch_terms]
        by_term: dict[str, list[Segment]] = {}
        for seg in read_postings(conn, chunk):
            by_term.setdefault(seg.term, []).append(seg)
        rows: list[tuple[Any, ...]] = []
        merged_rows: list[tuple[str, int, Any, Any]] = []
        dfs: list[tuple[str, int]] = []
        for term, segs in by_term.items():
            ids = decode_many([s.ids for s in segs])
            tfs = np.frombuffer(b"".join(s.tfs for s in segs), dtype=np.uint8)
            if len(segs) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # segments of a batch each ascend
                order = np.argsort(ids, kind="stable")
                ids, tfs = ids[order], tfs[order]
            if live is not None:
                keep = _within(live, ids)
                dropped += int(len(ids) - keep.sum())
                ids, tfs = ids[keep], tfs[keep]
            dfs.append((term, len(ids)))
            if len(ids):
                rows.append((term, min(s.segment for s in segs), len(ids),
                             encode_ids(ids), tfs.astype(np.uint8).tobytes()))
                merged_rows.append((term, min(s.segment for s in segs), ids, tfs.astype(np.uint8)))
        conn.execute(text("DELETE FROM search_postings WHERE term IN :terms")
                     .bindparams(bindparam("terms", expanding=True)), {"terms": chunk})
        # a merged segment takes the number of its lowest: an old head must not pass for its head
        delete_heads(conn, chunk)
        bulk_insert(conn, "search_postings", ("term", "segment", "count", "ids", "tfs"), rows)
        if heads is not None and stats is not None:
            lengths, kinds, reference = stats
            write_heads(conn, heads, [(term, segment, ids, tfs) for term, segment, ids, tfs in merged_rows
                                      if int(ids[-1]) < len(lengths)], lengths, kinds, reference)
        conn.execute(text("UPDATE search_terms SET df = :df WHERE term = :term"),
                     [{"term": t, "df": df} for t, df in dfs])
        merged += len(by_term)
    conn.execute(text("DELETE FROM search_terms WHERE df = 0"))
    if dead and live is not None and min_segments <= 1:
        # only once every term was rewritten: while a posting of a dead entry is left the stats
        # keep counting it, so that "no entry dead" means "no posting of one", which lets a
        # merge skip the live ids
        _compact_stats(conn, live)
    return MergeReport(merged, dropped)


def _compact_stats(conn: Connection, live: Any) -> None:
    """Drop the stats of dead entries (segments rewritten only where one died)."""
    import numpy as np

    for row in conn.execute(text("SELECT segment, ids, lengths, kinds, days, genres FROM search_entry_stats "
                                 "ORDER BY segment")).all():
        ids = np.frombuffer(bytes(row.ids), dtype="<u4")
        keep = _within(live, ids.astype(np.int64))
        if keep.all():
            continue
        conn.execute(text("DELETE FROM search_entry_stats WHERE segment = :s"), {"s": int(row.segment)})
        if not keep.any():
            continue
        lengths = np.frombuffer(bytes(row.lengths), dtype="<u4")[keep]
        kinds = np.frombuffer(bytes(row.kinds), dtype=np.uint8)[keep]
        days = np.frombuffer(bytes(row.days), dtype="<i4")[keep]
        genres = np.frombuffer(bytes(row.genres), dtype=np.uint8)[keep]
        bulk_insert(conn, "search_entry_stats", STATS_COLUMNS,
                    [(int(row.segment), int(keep.sum()), ids[keep].astype("<u4").tobytes(),
                      lengths.astype("<u4").tobytes(), kinds.tobytes(), days.astype("<i4").tobytes(),
                      genres.tobytes())])


def _within(live: Any, ids: Any) -> Any:
    """Which of ``ids`` are in ``live`` (ascending): a binary search each, not a sort per call."""
    import numpy as np

    if not len(live) or not len(ids):
        return np.zeros(len(ids), dtype=bool)
    pos = np.minimum(np.searchsorted(live, ids), len(live) - 1)
    return live[pos] == ids


def fill_genres(conn: Connection) -> int:
    """Give every stats row without its entries' genres (a store before revision 0020) those of
    its entries' documents (an entry deleted since: ``UNKNOWN_GENRE``); how many rows were."""
    import numpy as np

    done = 0
    for row in conn.execute(text("SELECT segment, ids FROM search_entry_stats WHERE genres IS NULL "
                                 "ORDER BY segment")).all():
        ids = np.frombuffer(bytes(row.ids), dtype="<u4").astype(np.int64)
        low, high = (int(ids.min()), int(ids.max())) if len(ids) else (0, -1)
        found = {int(r.id): r.type for r in conn.execute(text(
            "SELECT e.id, d.type FROM search_entries e JOIN search_documents d ON d.document_id = e.document_id "
            "WHERE e.id BETWEEN :low AND :high"), {"low": low, "high": high}).all()}
        codes = bytes(genre_code(found.get(int(i))) for i in ids)
        conn.execute(text("UPDATE search_entry_stats SET genres = :g WHERE segment = :s"),
                     {"g": codes, "s": int(row.segment)})
        done += 1
    return done
