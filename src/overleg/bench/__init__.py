"""Benchmarks: measuring overleg against the budgets its issues set (``overleg bench ...``).

    readers     the readers and writers on the seed report, a 4-page PDF, 10 MB of text

Each module measures and returns rows or prints Markdown; the commands that run them live in
``overleg.cli.bench``. Benchmarks stand beside the service, not above it: they time the layers
below it (readers, the corpus, the store) directly, the way the figures in docs/benchmarks*.md
were taken.
"""
