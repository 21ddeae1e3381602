"""Searching the corpus: ranked hits, facet counts and the names facets print (all public)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from overleg.corpus.search.facet_names import printed_names
from overleg.corpus.search.facets import FacetCounts, search_with_counts
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.hits import Hit
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.store import Store


@dataclass(frozen=True)
class SearchResults:
    """One page of a search: its hits, whether a next page has any, and the facet counts if asked."""

    hits: tuple[Hit, ...]
    more: bool
    counts: FacetCounts | None


class Search:
    def __init__(self, store: Store) -> None:
        self._store = store

    def search(self, who: Credentials, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, *, facets: bool = False) -> SearchResults:
        """The best hits of ``query`` under ``filters``; InvalidQuery for a query with nothing to search."""
        anyone(who)
        found, more, counts = search_with_counts(self._store, query, filters or SearchFilters(), limit, offset,
                                                 counts=facets)
        return SearchResults(tuple(found), more, counts)

    def printed_names(self, who: Credentials, values: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Facet values (kind, folded value) as documents print them ("D66", not "d66")."""
        anyone(who)
        return printed_names(self._store, values)
