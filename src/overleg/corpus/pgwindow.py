"""The rank window on PostgreSQL: the ids of the ``RANK_WINDOW`` newest entries matching a query.

The window is the same on both databases (the newest matches after filters; docs/search.md);
only the way PostgreSQL finds it differs with how common the query's words are, because the GIN
index returns matches in no useful order and without their ids:

- a common query (its words in at least ``WALK_SHARE`` of the entries): walk the primary key
  backwards and test each row; the window fills after about ``window / share`` rows.
- any other query: the GIN index's matches intersected (a bitmap AND) with a range of the newest
  ids, ``span`` wide, chosen so the range should hold the window about ``SPAN_MARGIN`` times
  over; only the matches inside the range are read from the table. When the range held fewer
  than a full window, it is widened (x4) until it holds one or spans the whole table, so the
  window is always exactly the newest matches, however wrong the estimate.

How common a word is comes from PostgreSQL's own statistics of the ``tsv`` column
(``pg_stats.most_common_elems``, kept by ANALYZE, which ingest runs): no table of our own to keep
in step. A word not in that list is rarer than the rarest listed one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from overleg.corpus.query import Node, Not, Or, Phrase, Prefix, Term

WALK_SHARE = 0.05
SPAN_MARGIN = 3.0
_STATS = ("SELECT e.elem, e.freq, s.most_common_elem_freqs[array_length(s.most_common_elems, 1) + 1] AS least "
          "FROM pg_stats s CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], "
          "s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)]) AS e(elem, freq) "
          "WHERE s.tablename = 'search_entries' AND s.attname = 'tsv' AND s.schemaname = current_schema() "
          "AND (e.elem = ANY(:words) OR e.elem = (s.most_common_elems::text::text[])[1])")


def window_ids(conn: Connection, node: Node, matches: str, where: str, joins: str, params: dict[str, Any],
               window: int) -> list[int]:
    """Ids of the ``window`` newest entries ``e`` with ``e.tsv @@ matches`` and the filter
    conditions ``where`` (over ``joins``), newest first."""
    share = _share(node, _frequencies(conn, node))
    base = f"SELECT e.id FROM search_entries e {joins}WHERE e.tsv @@ {matches}{where}"
    if share is not None and share >= WALK_SHARE:
        return _ids(conn, base + " ORDER BY e.id DESC LIMIT :window", {**params, "window": window}, walk=True)
    newest = conn.execute(text("SELECT coalesce(max(id), 0) FROM search_entries")).scalar() or 0
    # unknown (a prefix): start as if just below the walk's share, and widen
    span = newest if share == 0 else max(window, int(SPAN_MARGIN * window / (share or WALK_SHARE)))
    while True:
        cut = max(0, newest - span)
        found = _ids(conn, base + " AND e.id > :cut ORDER BY e.id DESC LIMIT :window",
                     {**params, "window": window, "cut": cut}, walk=False)
        if len(found) >= window or cut == 0:
            return found
        span *= 4


def _ids(conn: Connection, sql: str, params: dict[str, Any], *, walk: bool) -> list[int]:
    """Run ``sql`` with the plan chosen here, not the planner's: its estimate of a tsquery's
    matches is what misled it (docs/benchmarks-corpus.md)."""
    setting = "enable_bitmapscan" if walk else "enable_indexscan"
    conn.execute(text(f"SET LOCAL {setting} = off"))
    try:
        return [row[0] for row in conn.execute(text(sql), params)]
    finally:
        conn.execute(text(f"RESET {setting}"))


def _words(node: Node) -> set[str]:
    if isinstance(node, Term):
        return {node.stem}
    if isinstance(node, Phrase):
        return set(node.stems)
    if isinstance(node, Prefix):
        return set()
    if isinstance(node, Not):
        return _words(node.child)
    return {w for child in node.children for w in _words(child)}


def _frequencies(conn: Connection, node: Node) -> dict[str, float]:
    """Share of the entries holding each word of ``node``; key "" is the bound under which the
    words missing from the statistics lie (absent: no statistics yet)."""
    words = sorted(_words(node))
    found: dict[str, float] = {}
    for row in conn.execute(text(_STATS), {"words": words}):
        found[row.elem] = float(row.freq)
        found[""] = float(row.least)
    return found


def _share(node: Node, freq: dict[str, float]) -> float | None:
    """An estimate (an upper bound where the statistics only bound it) of the share of entries
    matching ``node``; None when unknown (a prefix, or no statistics)."""
    if "" not in freq:
        return None
    if isinstance(node, Term):
        return freq.get(node.stem, freq[""])
    if isinstance(node, Phrase):
        return min(freq.get(s, freq[""]) for s in node.stems)
    if isinstance(node, Prefix | Not):
        return None
    parts = [_share(c, freq) for c in node.children if not isinstance(c, Not)]
    if isinstance(node, Or):
        return None if None in parts else min(1.0, sum(p for p in parts if p is not None))
    known = [p for p in parts if p is not None]
    return min(known) if known else None
