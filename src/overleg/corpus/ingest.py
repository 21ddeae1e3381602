"""``overleg ingest``: files, folders, exchange JSON and JSON Lines into the store.

    discover(paths) -> units          one unit per file, or per chunk of lines of a JSON Lines file
    read_unit(unit) -> outcomes       (worker process) bytes -> Document, or the reason it failed
    ingest(paths, store) -> report    the main process saves and indexes, in the order found

Reading runs in a process pool on every core; only the main process writes, so SQLite's single
writer never waits on itself. Saving is idempotent by content hash (``DocumentRepository.save``),
and a document is indexed only when the version in the index is not its latest: a second run
changes nothing. A file that fails is reported with its reason and the others still land.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from overleg import exchange
from overleg.corpus.index import index_document, indexed_versions
from overleg.errors import OverlegError
from overleg.model import Document
from overleg.readers import read
from overleg.store.core import Store
from overleg.store.documents import content_hash, local_id
from overleg.store.engine import write

JSONL_CHUNK = 200
INDEX_BATCH = 200
SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".doc", ".json", ".jsonl", ".xml"}


@dataclass(frozen=True)
class Unit:
    """Work for one reader call: a file, or lines ``[start, stop)`` of a JSON Lines file."""

    path: Path
    name: str
    lines: tuple[int, int] | None = None


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    name: str
    document: Document | None
    failure: str | None = None


@dataclass
class IngestReport:
    new_documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    indexed: int = 0
    ids: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [f"{self.new_documents} new documents, {self.new_versions} new versions, "
                 f"{self.unchanged} unchanged, {self.indexed} indexed, {len(self.failures)} failed"]
        lines += [f"  failed: {f.name}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


def discover(paths: Iterable[Path]) -> tuple[list[Unit], list[Failure]]:
    """Units to read, in a stable order (folders walked recursively, sorted; hidden files skipped),
    and the paths that do not exist."""
    units: list[Unit] = []
    missing: list[Failure] = []
    for root in paths:
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _is_document(p)
                           and not any(part.startswith(".") for part in p.relative_to(root).parts))
            units += [u for p in files for u in _units(p, f"{root.name}/{p.relative_to(root).as_posix()}")]
        elif root.is_file():
            units += _units(root, root.name)
        else:
            missing.append(Failure(str(root), "no such file or folder"))
    return units, missing


def _is_document(path: Path) -> bool:
    """In a folder: files of a readable kind, leaving out the folder's own README and SOURCES notes."""
    return path.suffix.lower() in SUFFIXES and not path.name.upper().startswith(("README", "SOURCES"))


def _units(path: Path, name: str) -> list[Unit]:
    if path.suffix.lower() != ".jsonl":
        return [Unit(path, name)]
    with path.open("rb") as f:
        count = sum(1 for _ in f)
    return [Unit(path, name, (start, min(start + JSONL_CHUNK, count))) for start in range(0, count, JSONL_CHUNK)]


def read_unit(unit: Unit) -> list[Outcome]:
    """(In a worker.) The documents of a unit, or why each could not be read; never raises."""
    if unit.lines is None:
        try:
            return [Outcome(unit.name, read(unit.path.read_bytes(), unit.name))]
        except OSError as e:
            return [Outcome(unit.name, None, f"cannot read the file: {e.strerror or e}")]
        except OverlegError as e:
            return [Outcome(unit.name, None, e.one_line().removeprefix(f"{unit.name}: "))]
        except Exception as e:  # a reader defect must not stop the other files; it is reported
            return [Outcome(unit.name, None, f"unexpected {type(e).__name__}: {e}")]
    start, stop = unit.lines
    outcomes: list[Outcome] = []
    with unit.path.open("rb") as f:
        for number, line in enumerate(f):
            if number < start:
                continue
            if number >= stop:
                break
            name = f"{unit.name}:{number + 1}"
            if not line.strip():
                continue
            try:
                outcomes.append(Outcome(name, exchange.from_json(line.decode("utf-8"))))
            except (OverlegError, UnicodeDecodeError, ValueError) as e:
                outcomes.append(Outcome(name, None, f"not an exchange JSON document: {e}"))
    return outcomes


def _read_all(units: Sequence[Unit], jobs: int) -> Iterator[list[Outcome]]:
    """Outcomes per unit, in the order of ``units`` (reading in ``jobs`` processes)."""
    if jobs <= 1 or len(units) <= 1:
        yield from map(read_unit, units)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(read_unit, units, chunksize=1 if len(units) < 64 else 4)


def ingest(paths: Iterable[Path], store: Store, *, jobs: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Read ``paths`` and save every document to ``store`` (new ones, changed ones as a new
    version) and keep the corpus index in step. ``progress(done, total)`` after each unit."""
    units, missing = discover(paths)
    report = IngestReport(failures=list(missing))
    seen: dict[str, tuple[str, str]] = {}  # id -> (content hash, source) in this run
    pending: list[tuple[str, int, Document]] = []
    for done, outcomes in enumerate(_read_all(units, jobs or os.cpu_count() or 1), start=1):
        for outcome in outcomes:
            if outcome.document is None:
                report.failures.append(Failure(outcome.name, outcome.failure or "unreadable"))
                continue
            _save(store, outcome, seen, pending, report)
        if len(pending) >= INDEX_BATCH:
            _index(store, pending, report)
        if progress is not None:
            progress(done, len(units))
    _index(store, pending, report)
    return report


def _save(store: Store, outcome: Outcome, seen: dict[str, tuple[str, str]],
          pending: list[tuple[str, int, Document]], report: IngestReport) -> None:
    doc = outcome.document
    assert doc is not None
    doc_id = str(doc.id) if doc.id else local_id(outcome.name)
    digest = content_hash(doc)
    earlier = seen.get(doc_id)
    if earlier is not None and earlier[0] != digest:
        # two sources of one id in one run would make a new version on every run; refuse the later
        report.failures.append(Failure(outcome.name, f"{doc_id} is also {earlier[1]}, with other content; not saved"))
        return
    seen[doc_id] = (digest, outcome.name)
    saved = store.documents.save(doc, outcome.name, doc_id=doc_id)
    if saved.created:
        report.new_documents += 1
    elif saved.changed:
        report.new_versions += 1
    else:
        report.unchanged += 1
    if earlier is None:
        report.ids.append(saved.id)
    pending.append((saved.id, saved.version, doc))


def _index(store: Store, pending: list[tuple[str, int, Document]], report: IngestReport) -> None:
    """Index the versions in ``pending`` that the index does not hold yet, in one transaction."""
    if not pending:
        return
    with write(store.engine) as conn:
        current = indexed_versions(conn, (doc_id for doc_id, _, _ in pending))
        for doc_id, version, doc in pending:
            if current.get(doc_id) != version:
                index_document(conn, doc_id, version, doc)
                current[doc_id] = version
                report.indexed += 1
    pending.clear()
