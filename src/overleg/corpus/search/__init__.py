"""Dutch full-text search over the corpus, the same on SQLite and PostgreSQL (docs/search.md).

    analysis      fold / stem / analyse: the one text analysis both databases index
    query         user input -> a safe query AST (never raises but InvalidQuery)
    entries       the searchable texts of a document and their analysed text
    index         a document version -> its rows in the corpus tables (a batch per statement)
    filters       SearchFilters and the SQL conditions they become
    hits          Hit and its snippet
    ranking       search(store, query, ...): the bounded rank window, BM25 / ts_rank, pages
    pgwindow      PostgreSQL: the rank window by a plan per how common the words are
    facets        facet counts over the search's own rank window
    facet_names   facet values as documents print them
"""

from overleg.corpus.search.ranking import search

__all__ = ["search"]
