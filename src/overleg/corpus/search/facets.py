"""Facet counts of a search: how many of its hits fall under each document type, group,
ministry and committee, and how many carry a commitment or only refer (docs/search.md).

Counted over the best ``FACET_ENTRIES`` matching entries after filters, in the search's own
order (the same ``ranking.Ranked`` walk as the page: one scoring for both), in one parameterised
statement on SQLite and PostgreSQL alike. So the counts describe the best hits, and cost a
bounded amount however common the words. When more entries matched than were counted,
``bounded`` is true and every count is a lower bound (shown as "12+").

A hit is what the search lists: one per (document, item), a title or an uncited footnote on its
own. A hit counts under a value once, however many of its texts matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from overleg.corpus.search import pages
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.hits import Hit
from overleg.corpus.search.query import Node, parse
from overleg.corpus.search.ranking import Ranked, Sort, in_ids, ranked_page
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.generation import generation

MAX_VALUES = 30  # per facet, the most frequent first
FACET_ENTRIES = 1000  # the best matching entries counted


@dataclass(frozen=True)
class FacetCount:
    value: str  # as the filters match it: folded (lower case, no diacritics); a type as stored
    count: int


@dataclass(frozen=True)
class FacetCounts:
    hits: int  # the hits counted
    bounded: bool  # more entries matched than were counted: every count is a lower bound
    type: tuple[FacetCount, ...]
    group: tuple[FacetCount, ...]  # an item's faction, or an asker's party (as the group filter)
    ministry: tuple[FacetCount, ...]
    committee: tuple[FacetCount, ...]
    has_commitment: int
    referral_only: int

    def to_dict(self) -> dict[str, Any]:
        def values(found: tuple[FacetCount, ...]) -> list[dict[str, Any]]:
            return [{"value": f.value, "count": f.count} for f in found]

        return {"hits": self.hits, "bounded": self.bounded, "type": values(self.type), "group": values(self.group),
                "ministry": values(self.ministry), "committee": values(self.committee),
                "has_commitment": self.has_commitment, "referral_only": self.referral_only}


# the counted entries grouped into hits, with what each hit carries
_HITS = ("WITH h AS (SELECT e.document_id, coalesce(e.item, -e.id) AS k, max(e.faction) AS faction, "
         "max(CASE WHEN e.has_commitment THEN 1 ELSE 0 END) AS hc, "
         "max(CASE WHEN e.referral_only THEN 1 ELSE 0 END) AS ro, count(*) AS n "
         "FROM search_entries e WHERE {counted} GROUP BY e.document_id, coalesce(e.item, -e.id)) ")
def _lookup(lateral: bool, table: str, alias: str, columns: str, condition: str = "") -> str:
    """Join each hit of ``h`` to its document's rows of ``table`` by primary key, whatever the
    planner estimates: SQLite keeps a CROSS JOIN's order (hits outside, look-ups inside);
    PostgreSQL runs a LATERAL subquery per hit. A plain join was planned as a scan of every
    ministry and committee of the corpus (SQLite, by the (facet, value) index: 33 ms at a million
    items) or as a hash join over whole tables whose statistics were stale (PostgreSQL: 34 ms)."""
    if lateral:
        # OFFSET 0: otherwise PostgreSQL pulls the subquery up into a plain join again
        return (f"CROSS JOIN LATERAL (SELECT {columns} FROM {table} x WHERE x.document_id = h.document_id"
                f"{condition.format(x='x')} OFFSET 0) {alias}")
    return f"CROSS JOIN {table} {alias} ON {alias}.document_id = h.document_id{condition.format(x=alias)}"


def _counts_sql(lateral: bool) -> str:
    """The counting statement over ``h``: one UNION ALL of (facet, value, n) rows."""
    party = _lookup(lateral, "search_facets", "f", "x.value", " AND {x}.facet = 'party'")
    ministry = _lookup(lateral, "search_facets", "f", "x.facet, x.value",
                       " AND {x}.facet IN ('ministry', 'committee')")
    return (
        "SELECT 'total' AS facet, 'hits' AS value, count(*) AS n FROM h "
        "UNION ALL SELECT 'total', 'entries', coalesce(sum(h.n), 0) FROM h "
        "UNION ALL SELECT 'total', 'has_commitment', coalesce(sum(h.hc), 0) FROM h "
        "UNION ALL SELECT 'total', 'referral_only', coalesce(sum(h.ro), 0) FROM h "
        f"UNION ALL SELECT 'type', d.type, count(*) FROM h {_lookup(lateral, 'search_documents', 'd', 'x.type')} "
        "GROUP BY d.type "
        # UNION (not ALL): a hit whose faction is also its asker's party counts once
        "UNION ALL SELECT 'group', g.value, count(*) FROM (SELECT h.document_id, h.k, h.faction AS value FROM h "
        f"WHERE h.faction IS NOT NULL UNION SELECT h.document_id, h.k, f.value FROM h {party}) g GROUP BY g.value "
        f"UNION ALL SELECT f.facet, f.value, count(*) FROM h {ministry} GROUP BY f.facet, f.value")


def facet_counts(store: Store, query: str, filters: SearchFilters | None = None) -> FacetCounts:
    """The counts for the hits of ``query`` under ``filters``; raises ``InvalidQuery`` as search does."""
    node = parse(query)
    with read(store.engine) as conn:
        return count_facets(conn, node, filters or SearchFilters())


def search_with_counts(store: Store, query: str, filters: SearchFilters, limit: int, offset: int = 0,
                       *, counts: bool = True, sort: Sort = "relevance",
                       loose: bool = False) -> tuple[list[Hit], bool, FacetCounts | None]:
    """One page of ``ranking.search`` (its hits, whether more follow) and, when ``counts``,
    ``facet_counts``, in one read transaction and from one scoring of the matches; a page asked
    before since the corpus last changed is the one kept then (``pages``)."""
    node = parse(query)
    with read(store.engine) as conn:
        def page() -> tuple[tuple[Hit, ...], bool, FacetCounts | None]:
            ranked = Ranked(conn, node, filters, sort, loose=loose)
            hits, more = ranked_page(conn, node, filters, limit, offset, ranked)
            return tuple(hits), more, count_facets(conn, node, filters, ranked) if counts else None

        if pages.capacity() <= 0:  # (no generation to read)
            hits, more, found = page()
        else:
            key = (store.engine.url.render_as_string(hide_password=False), generation(conn), query, filters, limit,
                   offset, counts, sort, loose)
            hits, more, found = pages.kept_page(key, page)
        return list(hits), more, found


def count_facets(conn: Connection, node: Node, filters: SearchFilters, ranked: Ranked | None = None) -> FacetCounts:
    """The counts on an open connection for a parsed query (``ranked``: its walk, when shared)."""
    ranked = ranked or Ranked(conn, node, filters)
    best = ranked.best_ids(FACET_ENTRIES + 1)
    counted = best[:FACET_ENTRIES]
    params: dict[str, Any] = {}
    condition = in_ids(conn, params, counted) if counted else "1 = 0"
    sql = _HITS.format(counted=condition) + _counts_sql(lateral=conn.dialect.name == "postgresql")
    rows = conn.execute(text(sql), params).all()
    totals = {r.value: int(r.n) for r in rows if r.facet == "total"}
    per: dict[str, list[FacetCount]] = {"type": [], "group": [], "ministry": [], "committee": []}
    for r in rows:
        if r.facet in per:
            per[r.facet].append(FacetCount(str(r.value), int(r.n)))

    def top(facet: str) -> tuple[FacetCount, ...]:
        return tuple(sorted(per[facet], key=lambda f: (-f.count, f.value))[:MAX_VALUES])

    return FacetCounts(hits=totals.get("hits", 0), bounded=len(best) > FACET_ENTRIES,
                       type=top("type"), group=top("group"), ministry=top("ministry"),
                       committee=top("committee"), has_commitment=totals.get("has_commitment", 0),
                       referral_only=totals.get("referral_only", 0))
