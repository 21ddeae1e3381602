"""``overleg bench``: a synthetic corpus and measurements of ingest and search (filled in below)."""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="Scale tests: generate a synthetic corpus, measure ingest and search.",
                        no_args_is_help=True)
