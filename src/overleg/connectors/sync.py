"""``overleg sync``: fetch new and changed publications, read them, ingest them into the store.

One run: list what changed since the cursor of the kept state (or ``--since`` on a first run),
then for each entry download, read (``overleg.readers.read``) and ``ingest_document``. After
every entry the state is saved, so a run that stops half-way resumes after the last entry it
finished (entries are asked for in ``GewijzigdOp`` order; the cursor never moves back); entries
of the cursor's own instant that were done are remembered by key, so the next run fetches
nothing twice. Outcomes per entry: new, changed, unchanged, skipped (not a question document,
deleted, another Soort), failed (download or read failed; the run goes on).

A ``StateKeeper`` keeps the state between runs: ``StoreKeeper`` in the store (``sync_states``,
one row per source: every machine resumes from it), ``FileKeeper`` in a JSON file (``--state``,
rewritten atomically). Both hold the same JSON (``SyncState.to_json``).

An Open Data entry carries its record: the document read from its file gets the record's
identifiers and fills what it leaves open from it (``opendata.with_record``), and the record's
fields are kept with the source (``SourceRead.metadata``, docs/store.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from overleg.connectors import opendata, sru
from overleg.connectors.http import PoliteClient
from overleg.connectors.names import SourceName
from overleg.corpus.ingest.save import save_and_index
from overleg.errors import Conflict, FetchError, NotAQuestionDocument, ReaderError, ValidationFailed
from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source
from overleg.store.records import SourceRead

if TYPE_CHECKING:
    from overleg.store import Store


class Outcome(str, Enum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


def ingest_document(store: Store, doc: Document, source_name: str, source: SourceRead | None = None) -> Outcome:
    """Save one read document and index it for search (``corpus.ingest.save.save_and_index``);
    ``source``: what it was read from, listed with it (default: ``source_name`` alone).

    Idempotent by content hash (the same content again is ``unchanged``); other content under a
    known id becomes a new version (``changed``).
    """
    saved = save_and_index(store, doc, source_name, source=source)
    if saved.created:
        return Outcome.NEW
    return Outcome.CHANGED if saved.changed else Outcome.UNCHANGED


@dataclass(frozen=True)
class Entry:
    """One thing to fetch: ``key`` is stable across runs, ``cursor`` orders entries (an instant)."""

    key: str
    name: str
    cursor: str
    url: str | None
    skip: str | None = None  # why the entry is listed but not fetched (deleted, another kind)
    record: opendata.DocumentRecord | None = None  # an Open Data entry's record: its metadata


@dataclass(frozen=True)
class SyncState:
    """The resumable state: everything before ``cursor`` is done, and ``done_at_cursor`` of it."""

    source: str
    cursor: str | None = None
    done_at_cursor: tuple[str, ...] = ()
    failed: tuple[Entry, ...] = ()  # to fetch again at the start of the next run

    @classmethod
    def from_json(cls, text: str, source: str, where: str) -> SyncState:
        """The state ``to_json`` wrote; a ``ReaderError`` naming ``where`` it was kept for anything
        else, and for the state of another source."""
        try:
            raw = json.loads(text)
            if raw.get("source") != source:
                raise ValueError(f"it belongs to source {raw.get('source')!r}, not {source!r}")
            failed = tuple(_failed_entry(item, source) for item in raw.get("failed", ()))
            return cls(source, raw.get("cursor"), tuple(raw.get("done_at_cursor", ())), failed)
        except (ValueError, AttributeError, TypeError, KeyError) as e:
            raise ReaderError(where, f"not a sync state: {e}") from None

    def to_json(self) -> str:
        failed = [{"key": f.key, "name": f.name, "cursor": f.cursor, "url": f.url,
                   **({"metadata": f.record.metadata} if f.record and f.record.metadata else {})}
                  for f in self.failed]
        return json.dumps({"source": self.source, "cursor": self.cursor,
                           "done_at_cursor": list(self.done_at_cursor), "failed": failed}, indent=1)

    def retried(self, entry: Entry, failed: bool) -> SyncState:
        """After fetching a failed entry again: kept for the next run only if it failed again."""
        return replace(self, failed=_failures(self.failed, entry, failed))

    def is_done(self, entry: Entry) -> bool:
        if self.cursor is None:
            return False
        ahead = _compare(entry.cursor, self.cursor)
        return ahead < 0 or (ahead == 0 and entry.key in self.done_at_cursor)

    def after(self, entry: Entry, failed: bool) -> SyncState:
        failures = _failures(self.failed, entry, failed)
        ahead = 1 if self.cursor is None else _compare(entry.cursor, self.cursor)
        if ahead < 0:  # out of order (a service ignoring $orderby): the cursor never moves back
            return replace(self, failed=failures)
        if ahead == 0:
            return replace(self, done_at_cursor=(*self.done_at_cursor, entry.key), failed=failures)
        return replace(self, cursor=entry.cursor, done_at_cursor=(entry.key,), failed=failures)


class StateKeeper(Protocol):
    """Where a run's state is kept between runs: loaded when it starts, saved after every entry."""

    def load(self, source: str) -> SyncState: ...

    def save(self, state: SyncState) -> None: ...


@dataclass(frozen=True)
class FileKeeper:
    """The state in a JSON file (``overleg sync --state FILE``), rewritten atomically; a missing
    file is a first run."""

    path: Path

    def load(self, source: str) -> SyncState:
        if not self.path.exists():
            return SyncState(source)
        return SyncState.from_json(self.path.read_text(encoding="utf-8"), source, str(self.path))

    def save(self, state: SyncState) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(state.to_json(), encoding="utf-8")
        os.replace(tmp, self.path)


class StoreKeeper:
    """The state in the store (``sync_states``, one row per source), so that a run on any machine
    resumes where the last one stopped; ``clock``: the time each save is recorded at."""

    def __init__(self, store: Store, clock: Callable[[], dt.datetime]) -> None:
        self._store = store
        self._clock = clock

    def load(self, source: str) -> SyncState:
        text = self._store.sync_states.load(source)
        if text is None:
            return SyncState(source)
        return SyncState.from_json(text, source, f"{self._store.display_url}: the stored sync state of {source!r}")

    def save(self, state: SyncState) -> None:
        self._store.sync_states.save(state.source, state.to_json(), self._clock())


class FirstRun:
    """No state kept: every run is a first run (a dry run without ``--state`` on a store that is
    not migrated)."""

    def load(self, source: str) -> SyncState:
        return SyncState(source)

    def save(self, state: SyncState) -> None:
        pass


def _failures(failed: tuple[Entry, ...], entry: Entry, now_failed: bool) -> tuple[Entry, ...]:
    others = tuple(f for f in failed if f.key != entry.key)
    return (*others, entry) if now_failed else others


def _failed_entry(item: object, source: str) -> Entry:
    """A failed entry as stored; a bare key (state files before retries were kept) is retried
    when its source can name the document by key alone (Open Data: the document's Id)."""
    if isinstance(item, str):
        url = opendata.resource_url(item) if source == SourceName.TK.value else None
        return Entry(item, f"{source}:{item}", "", url)
    if not isinstance(item, dict):
        raise ValueError(f"a failed entry is a key or an object, not {item!r}")
    return Entry(str(item["key"]), str(item["name"]), str(item.get("cursor") or ""), item.get("url"),
                 record=_kept_record(item.get("metadata")))


def _kept_record(metadata: object) -> opendata.DocumentRecord | None:
    """The record of a failed entry as the state file keeps it (its metadata), so a retried
    entry is stored with its metadata too; None when there is none or it is not a record."""
    if not isinstance(metadata, str):
        return None
    try:
        found = opendata.record(json.loads(metadata))
    except ValueError:
        return None
    return found if isinstance(found, opendata.DocumentRecord) else None


def _compare(a: str, b: str) -> int:
    """Order two cursors: instants with offsets (OData) or plain dates (SRU)."""
    try:
        x, y = opendata._instant(a), opendata._instant(b)
    except ValueError:
        return (a > b) - (a < b)
    return (x > y) - (x < y)


@dataclass
class Summary:
    """What a run did, by outcome, with the reason of every failure."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    failures: list[tuple[str, str]] = field(default_factory=list)
    listed: list[Entry] = field(default_factory=list)
    fetched: int = 0
    retried: int = 0  # entries that had failed in an earlier run, fetched again

    def add(self, outcome: Outcome, entry: Entry, reason: str | None = None) -> None:
        self.counts[outcome] += 1
        if outcome is Outcome.FAILED:
            self.failures.append((entry.name, reason or "failed"))

    def line(self) -> str:
        counts = ", ".join(f"{n} {o.value}" for o, n in self.counts.items())
        return f"{counts} ({self.retried} of them failed before and were fetched again)" if self.retried else counts


def tk_entries(client: PoliteClient, since: str, soorten: Sequence[str], committee: str | None,
               summary: Summary, base: str = opendata.BASE_URL) -> Iterator[Entry]:
    """Open Data documents as entries; malformed entries are counted as failed and skipped."""
    for found, _ in opendata.pages(client, since, soorten, base=base):
        for rec in found:
            if isinstance(rec, opendata.Malformed):
                summary.add(Outcome.FAILED, Entry(rec.key, f"tk:{rec.key}", since, None), rec.message)
                continue
            skip = ("deleted" if rec.deleted else
                    None if opendata.matches(rec, soorten, committee, None) else f"Soort {rec.soort!r}")
            name = f"tk:{rec.ob_id or rec.nummer or rec.id}"
            yield Entry(rec.id, name, rec.changed, opendata.resource_url(rec.id, base), skip, rec)


def ob_entries(client: PoliteClient, since: dt.date, types: Sequence[str], dossier: str | None,
               base: str = sru.BASE_URL) -> Iterator[Entry]:
    """officielebekendmakingen publications as entries (XML preferred, else PDF)."""
    query = sru.cql(since, dossier=dossier, types=tuple(types))
    for found, _ in sru.search_records(client, query, base=base):
        for pub in found:
            yield Entry(pub.id, f"ob:{pub.id}", pub.modified or since.isoformat(), pub.url,
                        None if pub.url else "no XML or PDF listed")


def sync_entries(entries: Iterator[Entry], client: PoliteClient, store: Store | None, keeper: StateKeeper,
        source: str, *, dry_run: bool = False, on_entry: Callable[[Entry], None] | None = None,
        summary: Summary | None = None, patches: Sequence[Path] = ()) -> Summary:
    """Fetch, read and ingest every entry not done yet (see module docstring), the state loaded
    from ``keeper`` and saved to it after every entry (never on a dry run); ``patches``: folders
    of patch files for broken sources beside the bundled ones."""
    summary = summary or Summary()
    state = start = keeper.load(source)
    if not dry_run:  # what failed last time is fetched again first, whatever the cursor says
        for entry in start.failed:
            if entry.url is None:
                summary.add(Outcome.FAILED, entry, "failed before; no address kept to fetch it again")
                continue
            if on_entry:
                on_entry(entry)
            outcome, reason = _one(entry, client, store, patches)
            summary.add(outcome, entry, reason)
            summary.retried += 1
            state = state.retried(entry, failed=outcome is Outcome.FAILED)
            keeper.save(state)
    for entry in entries:
        if start.is_done(entry):  # judged by the state the run started from: entries may come unordered
            continue
        if on_entry:
            on_entry(entry)
        if dry_run:
            if not entry.skip:
                summary.listed.append(entry)
            continue
        outcome, reason = _one(entry, client, store, patches)
        summary.add(outcome, entry, reason)
        state = state.after(entry, failed=outcome is Outcome.FAILED)
        keeper.save(state)
    return summary


def _one(entry: Entry, client: PoliteClient, store: Store | None,
         patches: Sequence[Path]) -> tuple[Outcome, str | None]:
    if entry.skip or entry.url is None:
        return Outcome.SKIPPED, entry.skip
    try:
        data = client.get(entry.url).content
    except FetchError as e:
        return Outcome.FAILED, str(e)
    src = Source(entry.name, data)
    try:
        doc = read(src, patches=patches)
    except NotAQuestionDocument as e:
        return Outcome.SKIPPED, e.message
    except ReaderError as e:
        return Outcome.FAILED, e.one_line()
    if store is None:
        return Outcome.NEW, None
    source = None
    if entry.record is not None:
        doc = opendata.with_record(doc, entry.record)
        source = SourceRead(entry.name, src.sniff().value, hashlib.sha256(data).hexdigest(), entry.record.metadata)
    try:
        return ingest_document(store, doc, entry.name, source), None
    except (Conflict, ValidationFailed) as e:  # a report number a consultation holds; text the store cannot hold
        return Outcome.FAILED, e.message
