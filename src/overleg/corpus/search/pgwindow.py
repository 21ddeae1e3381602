"""The rank window on PostgreSQL: the ids of the ``RANK_WINDOW`` newest entries matching a query.

The window is the same on both databases (the newest matches after filters; docs/search.md);
only the way PostgreSQL finds it differs with how common the query's words are, because the GIN
index returns matches in no useful order and without their ids:

- a common query (its words in at least ``WALK_SHARE`` of the entries): walk the primary key
  backwards and test each row; the window fills after about ``window / share`` rows.
- any other query: the GIN index's matches intersected (a bitmap AND) with a range of the newest
  ids, ``span`` wide, chosen so the range should hold the window about ``SPAN_MARGIN`` times
  over (``LISTED_MARGIN`` when the estimate comes from words the statistics list); only the
  matches inside the range are read from the table. When the range held fewer than a full
  window, it is widened (by the density of matches it showed, ``_widening``) until it holds one
  or spans the whole table, so the window is always exactly the newest matches, however wrong
  the estimate.

How common a word is comes from PostgreSQL's own statistics of the ``tsv`` column
(``pg_stats.most_common_elems``, kept by ANALYZE, which ingest runs): no table of our own to keep
in step. A word not in that list is rarer than the rarest listed one.

The GIN index yields *every* match of a word, however narrow the range it is AND-ed with: at a
million items a word in 3 % of the entries costs ~15-20 ms in the index scan alone, to keep the
~1,500 inside the range. So the newest entries have a second, partial GIN index
(``ix_search_entries_tsv_after_N``: ``tsv`` of the entries with ``id > N``, the newest
``RECENT_ENTRIES`` when built), which ``maintain`` (run after ingest) builds again once the table
has outgrown it. A probe whose range lies inside it is planned on it (the cut is written into
the statement, so the planner can prove the range inside the index's predicate); a wider probe
uses the full index. Which index answers never changes the result, only the cost.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, text

from overleg.corpus.search.query import Node, Not, Or, Phrase, Prefix, Term

WALK_SHARE = 0.05
SPAN_MARGIN = 3.0
LISTED_MARGIN = 1.5  # when the share is a listed word's (docs/benchmarks-api.md: half the range, no extra probes)
STATS_SECONDS = 300.0
NEWEST_SECONDS = 5.0
RECENT_ENTRIES = 300_000  # the partial index's entries when built; rebuilt at twice as many
RECENT_PREFIX = "ix_search_entries_tsv_after_"
# the statistics as one row, read from pg_stats (a view that costs tens of ms: hence the cache)
_STATS = ("WITH s AS MATERIALIZED (SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs "
          "FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'search_entries' AND attname = 'tsv') "
          "SELECT elems, freqs FROM s")
_CACHE: dict[str, tuple[float, dict[str, float]]] = {}
_NEWEST: dict[str, tuple[float, int]] = {}


def window_ids(conn: Connection, node: Node, matches: str, where: str, joins: str, params: dict[str, Any],
               window: int) -> list[int]:
    """Ids of the ``window`` newest entries ``e`` with ``e.tsv @@ matches`` and the filter
    conditions ``where`` (over ``joins``), newest first."""
    freq = _frequencies(conn)
    share = _share(node, freq)
    base = f"SELECT e.id FROM search_entries e {joins}WHERE e.tsv @@ {matches}{where}"
    if share is not None and share >= WALK_SHARE:
        return _ids(conn, base + " ORDER BY e.id DESC LIMIT :window", {**params, "window": window}, walk=True)
    newest = _newest(conn)
    # unknown (no statistics): start as if just below the walk's share, and widen
    # an estimate from listed words is close (a word's own share; for a phrase or AND, its rarest
    # word's): a narrower margin; one at the bound for unlisted words is only an upper bound
    margin = LISTED_MARGIN if share is not None and share > freq.get("", 1.0) else SPAN_MARGIN
    span = newest if share == 0 else max(window, int(margin * window / (share or WALK_SHARE)))
    while True:
        cut = max(0, newest - span)
        # the cut as a literal (an int computed here): a bound parameter would let a prepared
        # statement's generic plan ignore the partial index of the newest entries
        found = _ids(conn, base + f" AND e.id > {int(cut)} ORDER BY e.id DESC LIMIT :window",
                     {**params, "window": window}, walk=False)
        if len(found) >= window or cut == 0:
            return found
        span = int(span * _widening(len(found), window))


def _widening(found: int, window: int) -> float:
    """How much wider the next range: so that it should hold the window ``LISTED_MARGIN`` times
    at the density of matches the last range showed (x2 to x16); x4 when it held none."""
    if found == 0:
        return 4.0
    return min(16.0, max(2.0, LISTED_MARGIN * window / found))


def _ids(conn: Connection, sql: str, params: dict[str, Any], *, walk: bool) -> list[int]:
    """Run ``sql`` with the plan chosen here, not the planner's: its estimate of a tsquery's
    matches is what misled it (docs/benchmarks-corpus.md)."""
    setting = "enable_bitmapscan" if walk else "enable_indexscan"
    conn.execute(text(f"SET LOCAL {setting} = off"))
    try:
        return list(conn.execute(text(sql), params).scalars().all())  # fetchall: not a fetch per row
    finally:
        conn.execute(text(f"RESET {setting}"))


def _newest(conn: Connection) -> int:
    """The highest entry id, kept NEWEST_SECONDS per database: ids only grow, so a stale one puts
    the cut lower, which widens the range (the same window, found at a little more cost)."""
    key = conn.engine.url.render_as_string(hide_password=False)
    now = time.monotonic()
    cached = _NEWEST.get(key)
    if cached is not None and now - cached[0] < NEWEST_SECONDS:
        return cached[1]
    newest = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM search_entries")).scalar() or 0)
    _NEWEST[key] = (now, newest)
    return newest


def maintain(conn: Connection) -> None:
    """After writing entries: merge the GIN indexes' pending lists (else every search scans them
    linearly), build the partial index of the newest entries again when the table has outgrown
    it, and refresh the statistics the window plans are chosen by."""
    for name in [*recent_indexes(conn), "ix_search_entries_tsv"]:
        conn.execute(text("SELECT gin_clean_pending_list(CAST(:name AS regclass))"), {"name": name})
    conn.execute(text("ANALYZE search_entries"))
    # last: dropping an outgrown index locks out searches until the commit, which follows
    refresh_recent_index(conn)


def refresh_recent_index(conn: Connection) -> str | None:
    """The partial GIN index of the newest entries, built (and the older one dropped) when none
    covers at most ``2 * RECENT_ENTRIES`` entries; none while the table holds fewer than that
    (the full index is then small enough). Returns its name."""
    newest = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM search_entries")).scalar() or 0)
    existing = recent_indexes(conn)
    current = [name for name in existing if newest - int(name[len(RECENT_PREFIX):]) <= 2 * RECENT_ENTRIES]
    if current:
        return current[0]
    if newest <= 2 * RECENT_ENTRIES:
        return existing[0] if existing else None
    bound = newest - RECENT_ENTRIES
    name = f"{RECENT_PREFIX}{bound}"
    # DDL takes no bound parameters: name and bound are integers formatted here
    conn.execute(text(f"CREATE INDEX {name} ON search_entries USING gin (tsv) WHERE id > {int(bound)}"))
    for old in existing:
        conn.execute(text(f"DROP INDEX {old}"))
    return name


def recent_indexes(conn: Connection) -> list[str]:
    """The partial indexes of the newest entries on search_entries, by name, newest bound first."""
    rows = conn.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                             "AND tablename = 'search_entries' AND indexname LIKE :prefix"),
                        {"prefix": RECENT_PREFIX + "%"}).scalars().all()
    found = [str(name) for name in rows if name[len(RECENT_PREFIX):].isdigit()]
    return sorted(found, key=lambda name: -int(name[len(RECENT_PREFIX):]))


def _frequencies(conn: Connection) -> dict[str, float]:
    """Share of the entries holding each common word; key "" is the bound under which the
    words missing from the statistics lie (empty: no statistics yet). Cached per database for
    STATS_SECONDS: statistics only change at ANALYZE, and stale ones cost a wider probe, never
    a different result."""
    key = conn.engine.url.render_as_string(hide_password=False)
    now = time.monotonic()
    cached = _CACHE.get(key)
    if cached is not None and now - cached[0] < STATS_SECONDS:
        return cached[1]
    found: dict[str, float] = {}
    row = conn.execute(text(_STATS)).first()
    if row is not None and row.elems:
        found = {elem: float(freq) for elem, freq in zip(row.elems, row.freqs, strict=False)}
        found[""] = float(row.freqs[len(row.elems)])  # after the per-word shares: their minimum
    _CACHE[key] = (now, found)
    return found


def _share(node: Node, freq: dict[str, float]) -> float | None:
    """An estimate (an upper bound where the statistics only bound it) of the share of entries
    matching ``node``; None when unknown (no statistics)."""
    if "" not in freq:
        return None
    if isinstance(node, Term):
        return freq.get(node.stem, freq[""])
    if isinstance(node, Phrase):
        return min(freq.get(s, freq[""]) for s in node.stems)
    if isinstance(node, Prefix):
        # the common words it starts (a lower bound), else as if one word below the listed ones
        listed = sum(f for word, f in freq.items() if word and word.startswith(node.stem))
        return min(1.0, listed) if listed else freq[""]
    if isinstance(node, Not):
        return None
    parts = [_share(c, freq) for c in node.children if not isinstance(c, Not)]
    if isinstance(node, Or):
        return None if None in parts else min(1.0, sum(p for p in parts if p is not None))
    known = [p for p in parts if p is not None]
    return min(known) if known else None
