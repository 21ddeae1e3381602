"""The two engines overleg's search is measured beside (``overleg bench anchors``): bare SQLite
FTS5 bm25 and tantivy, fed the same generated documents and timed on the same query mix.

Standard library only (and ``tantivy`` for its engine), so that it runs as a script in a
virtualenv that has tantivy and not overleg:

    python anchor_engines.py fts5|tantivy CORPUS_DIR WORK_DIR QUERIES.json RUNS

CORPUS_DIR: the ``corpus-NNNN.jsonl`` files of ``overleg bench generate`` (exchange JSON, one
document a line). Each document becomes what overleg indexes as entries: its title, each item's
question and answer, each footnote. QUERIES.json: ``[[class, query in this engine's syntax], ...]``
(``bench.anchors.engine_query`` translates overleg's). Prints one JSON object: documents and
entries indexed, the seconds the ingest took (reading and parsing the JSON included, as in
overleg's ingest), the index's bytes on disk, and per query its runs' milliseconds (top 20, after
one warm-up).

- fts5: ``fts5(doc UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')`` in a file of
  WORK_DIR, no stemming, one transaction per file of 500 documents; ``ORDER BY bm25(t) LIMIT 20``.
- tantivy: one text field, simple tokenizer -> remove_long(40) -> lowercase -> ascii_fold ->
  Snowball Dutch stemmer, default BM25, a 256 MB writer with its default threads, one commit per
  file of 500 documents; ``parse_query``, a prefix as a regex over the indexed terms.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TOP = 20


def documents(corpus: Path) -> Iterator[list[tuple[str, list[str]]]]:
    """Per corpus file, its documents as (id, texts)."""
    for path in sorted(corpus.glob("corpus-*.jsonl")):
        batch = []
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                texts = [doc.get("title") or doc.get("subject") or ""]
                for item in doc.get("items", []):
                    texts += [item.get("question") or "", item.get("answer") or ""]
                texts += [f.get("text") or "" for f in doc.get("footnotes", [])]
                batch.append((doc["id"], [t for t in texts if t]))
        yield batch


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _timed(search: Callable[[str], Any], queries: list[list[str]], runs: int) -> list[dict[str, Any]]:
    out = []
    for kind, query in queries:
        search(query)  # warm-up
        ms = []
        for _ in range(runs):
            t = time.perf_counter()
            search(query)
            ms.append((time.perf_counter() - t) * 1000)
        out.append({"class": kind, "query": query, "ms": ms})
    return out


def run_fts5(corpus: Path, work: Path, queries: list[list[str]], runs: int) -> dict[str, Any]:
    path = work / "fts5.db"
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(doc UNINDEXED, text, "
                "tokenize = 'unicode61 remove_diacritics 2')")
    n_docs = n_entries = 0
    t0 = time.perf_counter()
    for batch in documents(corpus):
        with db:
            rows = [(doc_id, text) for doc_id, texts in batch for text in texts]
            db.executemany("INSERT INTO t(doc, text) VALUES (?, ?)", rows)
        n_docs += len(batch)
        n_entries += len(rows)
    ingest_s = time.perf_counter() - t0
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def search(query: str) -> list[Any]:
        return db.execute("SELECT doc, rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?",
                          (query, TOP)).fetchall()

    timed = _timed(search, queries, runs)
    return {"engine": "fts5", "about": f"SQLite {sqlite3.sqlite_version} FTS5 unicode61 remove_diacritics 2, "
                                       "bm25(), no stemming", "documents": n_docs, "entries": n_entries,
            "ingest_s": ingest_s, "bytes": _size(path), "queries": timed}


def run_tantivy(corpus: Path, work: Path, queries: list[list[str]], runs: int) -> dict[str, Any]:
    import shutil

    import tantivy  # type: ignore[import-not-found]  # in its own virtualenv, not overleg's

    folder = work / "tantivy"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="nl")
    builder.add_text_field("doc", stored=True, tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    index.register_tokenizer("nl", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                             .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
                             .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("dutch")).build())
    writer = index.writer(heap_size=256_000_000)
    n_docs = n_entries = 0
    t0 = time.perf_counter()
    for batch in documents(corpus):
        for doc_id, texts in batch:
            for text in texts:
                writer.add_document(tantivy.Document(doc=doc_id, text=text))
            n_entries += len(texts)
        writer.commit()
        n_docs += len(batch)
    writer.wait_merging_threads()
    ingest_s = time.perf_counter() - t0
    index.reload()
    searcher = index.searcher()

    def search(query: str) -> list[Any]:
        if query.endswith("*") and " " not in query:
            parsed = tantivy.Query.regex_query(schema, "text", query[:-1].lower() + ".*")
        else:
            parsed = index.parse_query(query, ["text"])
        return [searcher.doc(address)["doc"] for _, address in searcher.search(parsed, TOP).hits]

    timed = _timed(search, queries, runs)
    return {"engine": "tantivy", "about": f"{getattr(tantivy, '__version__', 'tantivy')} (Python), Snowball "
                                          "Dutch, BM25", "documents": n_docs, "entries": n_entries,
            "ingest_s": ingest_s, "bytes": _size(folder), "queries": timed}


def main(argv: list[str]) -> int:
    if len(argv) != 6 or argv[1] not in ("fts5", "tantivy"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    engine, corpus, work, queries, runs = argv[1], Path(argv[2]), Path(argv[3]), argv[4], int(argv[5])
    work.mkdir(parents=True, exist_ok=True)
    wanted = json.loads(Path(queries).read_text(encoding="utf-8"))
    run = run_fts5 if engine == "fts5" else run_tantivy
    print(json.dumps(run(corpus, work, wanted, runs)))
    sys.stdout.flush()
    os._exit(0)  # tantivy's threads need not be waited for


if __name__ == "__main__":
    sys.exit(main(sys.argv))
