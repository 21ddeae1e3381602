"""Benchmarks: measuring overleg against the budgets its issues set (``overleg bench ...``).

    readers     the readers and writers on the seed report, a 4-page PDF, 10 MB of text
                (``bench read``, ``bench write``; docs/benchmarks.md)
    corpus      a synthetic corpus written, ingested, searched (and its index grown), analytics
                and the entity pages, on SQLite and PostgreSQL (``bench generate``, ``ingest``,
                ``search``, ``replicate``, ``analytics``, ``entities``; docs/benchmarks-corpus.md)
    api         searches per second through the REST API, one server worker, driven by wrk
                (``bench api``; docs/benchmarks-api.md)
    steps       every step's page of a consultation of 200 questions from five groups, per role,
                through one server worker: median and p95 (``bench steps``; docs/benchmarks.md)
    generate    the synthetic corpus: reports and written questions built from the bundled examples
    machine     the machine a figure was measured on, printed with it

Each module measures and returns rows or text, or prints Markdown through a callback; none
imports Typer. The commands that run them live in ``overleg.cli.bench``. Benchmarks stand
beside the service, not above it: they time the layers below it (readers, the corpus, the
store) directly, the way the figures in docs/benchmarks*.md were taken.
"""
