"""The corpus: many documents in the store, ingested, indexed, searched, counted and followed.

By responsibility, each lower layer knowing nothing of the ones above it:

    ingest/        files and folders -> the store: discover, read in a process pool, save a batch
    alerts/        saved searches and follows (notifications), Atom feeds
    analytics/     figures over the stored document facts (tables), the entity pages' view
    search/        text analysis, the query parser, the index writer (and ``reindex``), ranked search,
                   facet counts
    links.py       papers citing papers; motions and commitments across documents (read side)
    facts.py       what analytics needs of a document, stored per version (``document_facts``)
    document_rules.py  one rule each for a document's dates, ministry and groups
    names.py       printed names resolved against the register of names at the document's date

Not here: the commands (``overleg.cli.corpus``, ``overleg.cli.stats``, ``overleg.cli.bench``) and the
scale benchmarks with their synthetic corpus (``overleg.bench.corpus``, ``.api``, ``.generate``).

Nothing here is imported by ``import overleg.corpus``: the service and the benchmarks import what they need.
"""
