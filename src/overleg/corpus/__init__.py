"""The corpus: many documents in the store, ingested, linked and searchable.

    ingest.ingest(paths, url)           files, folders, exchange JSON, JSON Lines -> the store
    index.index_documents(conn, ...)    versions' search entries, links, motions, commitments (a batch)
    search.search(store, query, ...)    ranked hits with snippets and the item they come from
    pgwindow.window_ids(...)            PostgreSQL: the rank window by a plan per how common the words are
    links.cites / cited_by / related    papers citing papers; motions and commitments
    analysis.analyse / fold             the one text analysis both databases index
    query.parse                         user input -> a safe query AST (never raises but QueryError)
"""
