"""``overleg ingest``: files, folders, exchange JSON and JSON Lines into the store.

    discover(paths) -> units          one unit per file, or per chunk of lines of a JSON Lines file
    read_unit(unit) -> outcomes       (worker process) bytes -> Document, or the reason it failed
    ingest(paths, store) -> report    the main process saves and indexes, in the order found

Reading runs in a process pool on every core; only the main process writes, so SQLite's single
writer never waits on itself. Saving is idempotent by content hash (``DocumentRepository.save_many``,
in the transaction that indexes the batch),
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
from overleg.corpus.index import ToIndex, analyse_entries, index_documents, indexed_versions
from overleg.corpus.pgwindow import maintain
from overleg.errors import OverlegError
from overleg.model import Document
from overleg.readers import read
from overleg.store.core import Store
from overleg.store.documents import to_save
from overleg.store.engine import write
from overleg.store.records import DocumentToSave

JSONL_CHUNK = 20
WRITE_BATCH = 100
ANALYZE_AFTER = 1000
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
    """A document read by a worker, with what the writer would otherwise compute itself: its id,
    content hash and stored JSON (``to_save``) and the analysed text of its search entries; or why
    it could not be read."""

    name: str
    to_save: DocumentToSave | None
    failure: str | None = None
    stemmed: tuple[str, ...] = ()


def _prepared(name: str, doc: Document) -> Outcome:
    """A document with its id (canonical, else derived from the source name as the store does),
    hash, exchange JSON and analysed entries, computed here in the worker."""
    return Outcome(name, to_save(doc, name), stemmed=analyse_entries(doc))


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
            return [_prepared(unit.name, read(unit.path.read_bytes(), unit.name))]
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
                outcomes.append(_prepared(name, exchange.from_json(line.decode("utf-8"))))
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
    batch: list[Outcome] = []
    for done, outcomes in enumerate(_read_all(units, jobs or os.cpu_count() or 1), start=1):
        for outcome in outcomes:
            if outcome.to_save is None:
                report.failures.append(Failure(outcome.name, outcome.failure or "unreadable"))
            elif _first_of_its_id(outcome, seen, report):
                batch.append(outcome)
        if len(batch) >= WRITE_BATCH:
            _write(store, batch, report)
        if progress is not None:
            progress(done, len(units))
    _write(store, batch, report)
    if report.indexed >= ANALYZE_AFTER and store.dialect == "postgresql":
        # fresh statistics choose the window's plan, the partial index of the newest entries kept
        # in step, the GIN pending lists merged (docs/search.md)
        with write(store.engine) as conn:
            maintain(conn)
    return report


def _first_of_its_id(outcome: Outcome, seen: dict[str, tuple[str, str]], report: IngestReport) -> bool:
    """False for a document whose id an earlier source of this run had: with the same content
    it is counted unchanged; with other content it fails, since two sources of one id would
    otherwise make a new version on every run."""
    assert outcome.to_save is not None
    doc_id, digest = outcome.to_save.id, outcome.to_save.content_hash
    earlier = seen.get(doc_id)
    if earlier is None:
        seen[doc_id] = (digest, outcome.name)
        report.ids.append(doc_id)
        return True
    if earlier[0] == digest:
        report.unchanged += 1
    else:
        report.failures.append(Failure(outcome.name, f"{doc_id} is also {earlier[1]}, with other content; not saved"))
    return False


def _write(store: Store, batch: list[Outcome], report: IngestReport) -> None:
    """Save ``batch`` and index what the index does not hold yet, in one transaction."""
    if not batch:
        return
    ready = [(o.to_save, o.stemmed) for o in batch if o.to_save is not None]
    with write(store.engine) as conn:
        saved = store.documents.save_many([t for t, _ in ready], conn=conn)
        current = indexed_versions(conn, (s.id for s in saved))
        stale: list[ToIndex] = []
        for (prepared, stemmed), result in zip(ready, saved, strict=True):
            report.new_documents += result.created
            report.new_versions += result.changed and not result.created
            report.unchanged += not result.changed
            if current.get(result.id) != result.version:
                stale.append(ToIndex(result.id, result.version, prepared.document, stemmed))
        # documents indexed at an older version first lose their rows; new ones have none
        index_documents(conn, [t for t in stale if t.doc_id in current], replace=True)
        index_documents(conn, [t for t in stale if t.doc_id not in current], replace=False)
        report.indexed += len(stale)
    batch.clear()
