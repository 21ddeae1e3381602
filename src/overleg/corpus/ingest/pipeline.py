"""``overleg ingest``: files, folders, exchange JSON and JSON Lines into the store.

    discover(paths) -> units          one unit per file, or per chunk of lines of a JSON Lines file
    read_unit(unit) -> documents      (worker process) bytes -> Documents, or the reason it failed
    ingest(paths, store) -> report    the main process saves and indexes, in the order found

Reading runs in a process pool on every core; only the main process writes, so SQLite's single
writer never waits on itself. Saving is idempotent by content hash (``DocumentRepository.save_many``,
in the transaction that indexes the batch: ``save.save_and_index_batch``), and a document is
indexed only when the version in the index is not its latest: a second run changes nothing. A
file that fails is reported with its reason and the others still land.

A document is one document across its identifiers (``identity.alias_keys``): before it is
counted, the ids it is found by are looked up among what the store holds and what this run read
before (``_by_alias``), so the TK's copy of a letter and the ministry's own file land as one
document with both sources, in either order and in one run or two.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from overleg.corpus.ingest.discover import Unit, discover
from overleg.corpus.ingest.reading import ReadDocument, ReadMotion, read_unit
from overleg.corpus.ingest.report import Failure, IngestReport
from overleg.corpus.ingest.save import save_and_index_batch
from overleg.corpus.search.index import maintain
from overleg.model.identity import is_derived
from overleg.store.core import Store
from overleg.store.documents import owners_of, record_identifiers, record_sources_of_stored
from overleg.store.engine import settle, write
from overleg.store.motions import MotionRepository
from overleg.store.records import DocumentToSave

WRITE_BATCH = 100
ANALYZE_AFTER = 1000


def _read_all(units: Sequence[Unit], jobs: int,
              patches: Sequence[Path]) -> Iterator[list[ReadDocument | ReadMotion | Failure]]:
    """What each unit holds, in the order of ``units`` (reading in ``jobs`` processes)."""
    read = partial(read_unit, patches=tuple(patches))
    if jobs <= 1 or len(units) <= 1:
        yield from map(read, units)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(read, units, chunksize=1 if len(units) < 64 else 4)


def ingest(paths: Iterable[Path], store: Store, *, jobs: int | None = None,
           progress: Callable[[int, int], None] | None = None, patches: Sequence[Path] = ()) -> IngestReport:
    """Read ``paths`` and save every document to ``store`` (new ones, changed ones as a new
    version) and keep the corpus index in step. ``progress(done, total)`` after each unit;
    ``patches``: folders of patch files for broken sources beside the bundled ones."""
    units, missing = discover(paths)
    report = IngestReport(failures=list(missing))
    seen: dict[str, tuple[str, str]] = {}  # id -> (content hash, source) in this run
    found_by: dict[str, str] = {}  # alias -> document id: stored, or read before in this run
    also: list[DocumentToSave] = []  # further readings of a document this run read before
    batch: list[ReadDocument] = []
    motions: dict[str, ReadMotion] = {}  # one per paper: a second file of the same motion is a further source
    for done, found_all in enumerate(_read_all(units, jobs or os.cpu_count() or 1, patches), start=1):
        found = [one for one in found_all if not isinstance(one, ReadMotion)]
        for one in found_all:
            if isinstance(one, ReadMotion) and str(one.record.id) in motions:  # the same paper from another file
                report.motions["unchanged"] = report.motions.get("unchanged", 0) + 1
            elif isinstance(one, ReadMotion):
                motions[str(one.record.id)] = one
        _look_up_aliases(store, found, found_by)
        for one in found:
            if isinstance(one, Failure):
                report.failures.append(one)
            elif _first_of_its_id(_by_alias(one, found_by), seen, report, also):
                batch.append(one)
        if len(batch) >= WRITE_BATCH:
            _write(store, batch, report)
        if progress is not None:
            progress(done, len(units))
    _write(store, batch, report)
    _list_sources(store, also)
    _save_motions(store, list(motions.values()), report)
    if report.indexed >= ANALYZE_AFTER:
        # a term's posting segments (one per batch) merged once they are many (docs/search.md)
        with write(store.engine) as conn:
            maintain(conn)
    settle(store.engine)
    return report


def _save_motions(store: Store, found: list[ReadMotion], report: IngestReport) -> None:
    """Save the motions read (one transaction) and count them."""
    if not found:
        return
    for one, result in zip(found, MotionRepository(store.engine).save_many(
            [(m.record, m.name) for m in found]), strict=True):
        report.motions[result] = report.motions.get(result, 0) + 1
        report.motion_ids.append(str(one.record.id))


def _look_up_aliases(store: Store, found: Sequence[ReadDocument | Failure], found_by: dict[str, str]) -> None:
    """Add to ``found_by`` the stored document of each alias of ``found`` not known yet (one query)."""
    wanted = {key for one in found if not isinstance(one, Failure) for key in one.to_save.aliases} - found_by.keys()
    if wanted:
        found_by.update(store.documents.owners(wanted))


def _by_alias(read: ReadDocument, found_by: dict[str, str]) -> ReadDocument:
    """``read`` under the id of the document one of its aliases finds (stored, or read earlier in
    this run), when its own id was minted; its aliases then find that document too."""
    doc_id = read.to_save.id
    if is_derived(doc_id):
        doc_id = next((found_by[key] for key in read.to_save.aliases if key in found_by), doc_id)
    for key in read.to_save.aliases:
        found_by.setdefault(key, doc_id)
    if doc_id == read.to_save.id:
        return read
    return dataclasses.replace(read, to_save=dataclasses.replace(read.to_save, id=doc_id))


def _first_of_its_id(read: ReadDocument, seen: dict[str, tuple[str, str]], report: IngestReport,
                     also: list[DocumentToSave]) -> bool:
    """False for a document whose id an earlier source of this run had (the same letter from
    another folder, a copy, another format): its source and its aliases are listed with that
    document (``also``).
    With the same content it is counted unchanged; with other content (another format read a
    little differently) the first reading is kept and the difference noted, since two readings
    of one id would otherwise make a new version on every run."""
    doc_id, digest = read.to_save.id, read.to_save.content_hash
    earlier = seen.get(doc_id)
    if earlier is None:
        seen[doc_id] = (digest, read.name)
        report.ids.append(doc_id)
        return True
    also.append(read.to_save)
    report.unchanged += 1
    if earlier[0] != digest:
        report.other_readings.append(Failure(read.name, f"{doc_id}, also read from {earlier[1]}, reads differently "
                                                        "here; the first reading is kept, this source is listed"))
    return False


def _list_sources(store: Store, also: list[DocumentToSave]) -> None:
    """List the further sources and aliases of documents this run saved (or found stored) with
    them, at their latest version; a document that was refused or failed has none to list them with."""
    if not also:
        return
    with write(store.engine) as conn:
        record_sources_of_stored(conn, [(r.id, r.source) for r in also if r.source is not None])
        stored = owners_of(conn, (r.id for r in also))  # a stored document is found by its own id
        record_identifiers(conn, [(r.id, r.aliases) for r in also if r.id in stored and r.aliases])


def _write(store: Store, batch: list[ReadDocument], report: IngestReport) -> None:
    """Save and index ``batch`` in one transaction and count what happened; empties ``batch``."""
    if not batch:
        return
    saved, indexed = save_and_index_batch(store, batch)
    for prepared, result in zip(batch, saved, strict=True):
        if result.refused is not None:  # the id is a report number a consultation holds
            report.failures.append(Failure(prepared.name, result.refused))
            continue
        report.new_documents += result.created
        report.new_versions += result.changed and not result.created
        report.unchanged += not result.changed
    report.indexed += indexed
    batch.clear()
