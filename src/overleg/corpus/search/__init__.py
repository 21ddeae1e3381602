"""Dutch full-text search over the corpus, the same on SQLite and PostgreSQL (docs/search.md).

    analysis      fold / stem / analyse: the one text analysis both databases index
    query         user input -> a safe query AST (never raises but InvalidQuery)
    entries       the searchable texts of a document and their analysed text
    index         a document version -> its rows in the corpus tables and its postings (a batch per
                  statement); maintain: the posting segments merged
    filters       SearchFilters and the SQL conditions they become
    hits          Hit and its snippet
    scoring       every match of a query from the postings, scored by BM25 per field (numpy)
    ranking       search(store, query, ...): the matches walked best first, checked, paged
    facets        facet counts over the search's best 1,000 entries
    facet_names   facet values as documents print them
"""

from overleg.corpus.search.ranking import search

__all__ = ["search"]
