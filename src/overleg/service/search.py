"""Searching the corpus: ranked hits, facet counts and the names facets print (all public).

The query a user types is read first (``corpus.search.fields``): the field filters it names join
the form's or the API's filters, and a pasted question is searched as the OR of its words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args

from overleg.corpus.search import cache, pages
from overleg.corpus.search.facet_names import printed_names
from overleg.corpus.search.facets import FacetCounts, search_with_counts
from overleg.corpus.search.fields import TypedQuery, combine, read_query
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.hits import Hit
from overleg.corpus.search.scoring import Sort
from overleg.corpus.search.similar import SimilarQuestion, item_question, similar_questions
from overleg.corpus.search.suggest import suggestion
from overleg.errors import InvalidQuery, NotFound
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import Store

SORTS: tuple[str, ...] = get_args(Sort)
SUGGEST_BELOW = 3  # a first page with fewer hits than this gets a "Bedoelde u ...?"


@dataclass(frozen=True)
class SearchResults:
    """One page of a search: its hits, whether a next page has any, the facet counts if asked,
    and how the query was read (``searched``: the text searched, ``filters`` all the filters that
    held, ``question``: searched as a pasted question, the OR of its words)."""

    hits: tuple[Hit, ...]
    more: bool
    counts: FacetCounts | None
    searched: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    question: bool = False
    suggestion: str | None = None  # "Bedoelde u ...?": the query with its rare words respelled


class Search:
    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        """``settings``: what this process keeps in memory between searches (the kept pages and
        postings are the process's, so the last service opened sets them)."""
        self._store = store
        if settings is not None:
            pages.keep_pages(settings.search_pages)
            cache.keep_bytes(settings.search_postings_mb * 2**20)

    def search(self, who: Credentials, query: str, filters: SearchFilters | None = None, limit: int = 20,
               offset: int = 0, *, facets: bool = False, sort: str = "relevance") -> SearchResults:
        """The best hits of ``query`` under ``filters`` and the fields typed in it, best first or
        (``sort="date"``) newest first; InvalidQuery for a query with nothing to search."""
        anyone(who)
        if sort not in SORTS:
            raise InvalidQuery(f"sorteren kan op {' of '.join(SORTS)}, niet op {sort!r}")
        typed = read_query(query)
        if not typed.text.strip() and typed.filters != SearchFilters():
            raise InvalidQuery("typ naast de filters ook een of meer woorden om op te zoeken")
        every = combine(typed.filters, filters or SearchFilters())
        order: Sort = "date" if sort == "date" else "relevance"
        found, more, counts = self._page(typed, every, limit, offset, facets, order)
        # only a first page with few hits asks the vocabulary: most searches find what they seek
        few = offset == 0 and not more and len(found) < SUGGEST_BELOW  # not a short page of many hits
        better = suggestion(self._store, query) if few else None
        return SearchResults(tuple(found), more, counts, typed.text, every, typed.question, better)

    def similar_questions(self, who: Credentials, text: str, limit: int = 5, exclude: str | None = None,
                          before: dt.date | None = None) -> tuple[SimilarQuestion, ...]:
        """The earlier questions most like ``text`` with their answers, leaving out document
        ``exclude`` (and, with ``before``, documents dated later)."""
        anyone(who)
        return tuple(similar_questions(self._store, text, limit, exclude, before))

    def similar_to_item(self, who: Credentials, document_id: str, item: int, limit: int = 5
                        ) -> tuple[SimilarQuestion, ...]:
        """The earlier questions most like question ``item`` of ``document_id`` (from other
        documents); NotFound when the corpus holds no such question."""
        anyone(who)
        found = item_question(self._store, document_id, item)
        if found is None:
            raise NotFound(f"document {document_id} has no question {item} in the corpus")
        asked, day = found
        return tuple(similar_questions(self._store, asked, limit, exclude=document_id, before=day))

    def _page(self, typed: TypedQuery, filters: SearchFilters, limit: int, offset: int, facets: bool,
              sort: Sort) -> tuple[list[Hit], bool, FacetCounts | None]:
        return search_with_counts(self._store, typed.text, filters, limit, offset, counts=facets, sort=sort,
                                  loose=typed.question)

    def printed_names(self, who: Credentials, values: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Facet values (kind, folded value) as documents print them ("D66", not "d66")."""
        anyone(who)
        return printed_names(self._store, values)
