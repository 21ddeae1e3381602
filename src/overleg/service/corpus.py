"""Looking after the corpus: ingest files, sync the public sources, export, keep the index in
step (the operator's or an administrator's); and the public reads of the stored papers: the
newest, a page of all, and the links between them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from overleg.connectors import opendata
from overleg.connectors.export import Selection, export
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.names import ExportFormat, SourceName
from overleg.connectors.sync import (
    Entry,
    FileKeeper,
    FirstRun,
    StateKeeper,
    StoreKeeper,
    Summary,
    ob_entries,
    sync_entries,
    tk_entries,
)
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.ingest.report import IngestReport
from overleg.corpus.links import DocumentLink, DocumentLinks, cited_by, cites, links_of
from overleg.corpus.names import Unresolved
from overleg.corpus.recent import ListedDocument, recent_by_date
from overleg.corpus.search.index import maintain
from overleg.corpus.search.reindex import reindex, unresolved_names
from overleg.errors import InvalidInput, OverlegError, StoreUnavailable, SyncFailed
from overleg.model import DocumentType
from overleg.service.access import administrator, anyone
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import DocumentVersion, Store
from overleg.store.engine import settle, write
from overleg.writers import csv as csv_writer

SYNC_FIRST_DAYS = 30  # how far back the worker's sync starts on a first run without OVERLEG_SYNC_SINCE

_log = logging.getLogger("overleg.jobs")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Corpus:
    def __init__(self, store: Store, settings: Settings, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    # -- the operator's ---------------------------------------------------------------------

    def ingest(self, who: Credentials, paths: Iterable[Path], *, jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Read files and folders into the store (migrating it first); unchanged documents are left
        alone, changed ones become a new version; a file that fails never stops the others."""
        administrator(who, "documenten opnemen")
        self._store.upgrade()
        return ingest(paths, self._store, jobs=jobs, progress=progress, patches=self._settings.patch_dirs)

    def maintain(self, who: Credentials) -> str:
        """Keep the search index in step after bulk changes; what was done, in words."""
        administrator(who, "de zoekindex onderhouden")
        with write(self._store.engine) as conn:
            merged = maintain(conn, full=True)
        settle(self._store.engine)
        analysed = ", statistics refreshed" if self._store.dialect == "postgresql" else ""
        return (f"posting segments merged: {merged.terms} terms rewritten, "
                f"{merged.dropped} postings of deleted entries dropped{analysed}")

    def reindex(self, who: Credentials, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every stored document again (after a change to the register of names); how many."""
        administrator(who, "de zoekindex opnieuw opbouwen")
        return reindex(self._store, progress)

    def unresolved_names(self, who: Credentials) -> tuple[int, list[Unresolved]]:
        """The names the stored documents print that the register does not know (and how many
        names they print in all)."""
        administrator(who, "de namen buiten het register bekijken")
        return unresolved_names(self._store)

    def export(self, who: Credentials, format: ExportFormat, out: Path, *, type: str | None = None,
               ids: tuple[str, ...] = (), dialect: str | None = None) -> int:
        """The store (or the documents of one ``type``, or the ``ids`` named) as open data into the
        folder ``out``; the number of documents. ``dialect`` is the CSV's (rfc4180, excel-nl)."""
        administrator(who, "de opslag exporteren")
        if dialect is not None and format is not ExportFormat.CSV:
            raise InvalidInput(f"a dialect is for CSV only, not {format.value}")
        if type is not None and type not in {t.value for t in DocumentType}:
            raise InvalidInput(f"unknown document type {type!r}; use one of {', '.join(t.value for t in DocumentType)}")
        chosen = csv_writer.dialect(dialect) if dialect is not None else csv_writer.DEFAULT
        return export(self._store.documents, format, out, Selection(type, ids), chosen)

    def sync(self, who: Credentials, source: SourceName, since: dt.date, *, types: tuple[str, ...] = (),
             committee: str | None = None, dossier: str | None = None, state: Path | None = None,
             dry_run: bool = False, interval: float = 1.0, base_url: str | None = None,
             on_entry: Callable[[Entry], None] | None = None, summary: Summary | None = None) -> Summary:
        """Fetch new and changed publications, read them and store them (docs/connectors.md).
        The store keeps the state (the cursor) per source; ``state``: a JSON file keeps it
        instead. ``since`` counts on a first run only (no state yet). A dry run saves nothing."""
        administrator(who, "de openbare bronnen bijwerken")
        summary = summary or Summary()
        keeper = self._keeper(state, dry_run)
        with PoliteClient(Politeness(min_interval=interval)) as client:
            cursor = keeper.load(source.value).cursor  # a resumed run lists from where it stopped
            entries: Iterable[Entry]
            if source is SourceName.TK:
                base = base_url or self._settings.tk_base_url or opendata.BASE_URL
                soorten = types or opendata.QUESTION_SOORTEN
                entries = tk_entries(client, cursor or f"{since.isoformat()}T00:00:00Z", soorten, committee,
                                     summary, base)
            else:
                from overleg.connectors import sru

                base = base_url or self._settings.ob_base_url or sru.BASE_URL
                since_date = dt.date.fromisoformat(cursor[:10]) if cursor else since
                entries = ob_entries(client, since_date, types, dossier, base)
            return sync_entries(iter(entries), client, None if dry_run else self._store, keeper, source.value,
                                dry_run=dry_run, on_entry=on_entry, summary=summary,
                                patches=self._settings.patch_dirs)

    def _keeper(self, state: Path | None, dry_run: bool) -> StateKeeper:
        """Where the state is kept: the file ``state``, else the store. A dry run (which saves
        nothing) reads the stored state when the store is there and migrated, and needs neither."""
        if state is not None:
            return FileKeeper(state)
        if not dry_run:
            return StoreKeeper(self._store, self._clock)
        try:
            migrated = self._store.is_up_to_date()
        except StoreUnavailable:
            migrated = False
        return StoreKeeper(self._store, self._clock) if migrated else FirstRun()

    def sync_job(self) -> str:
        """``overleg worker``'s job ``sync`` (docs/operations.md): each source of
        ``OVERLEG_SYNC_SOURCES`` synced as the operator, its state kept in the store, a first run
        from ``OVERLEG_SYNC_SINCE`` (else ``SYNC_FIRST_DAYS`` back); one line of what each did.
        A source that fails does not stop the next one; when any failed, ``SyncFailed`` after all
        were tried (the job is recorded as failed, naming each source's failure)."""
        who = Credentials.operator()
        since = self._settings.sync_since or (self._clock() - dt.timedelta(days=SYNC_FIRST_DAYS)).date()
        parts: list[str] = []
        failed = False
        for name in self._settings.sync_sources:
            try:
                done = self.sync(who, SourceName(name), since)
            except OverlegError as err:
                parts.append(f"{name} failed: {err.one_line()}")
                failed = True
            except Exception as err:  # a bug in one source's path: the next source still runs
                _log.exception("overleg: the sync of %s failed", name)
                parts.append(f"{name} failed: {type(err).__name__}: {err}")
                failed = True
            else:
                parts.append(f"{name}: {done.line()}")
        line = "; ".join(" ".join(part.split()) for part in parts)  # one line, whatever the messages hold
        if failed:
            raise SyncFailed(line)
        return line

    # -- public reads -----------------------------------------------------------------------

    def recent(self, who: Credentials, limit: int = 50) -> tuple[ListedDocument, ...]:
        """The latest version of the documents with the latest dates (their own, else the day
        they were stored), newest first, each with its date (``corpus.recent``)."""
        anyone(who)
        return recent_by_date(self._store, limit)

    def page(self, who: Credentials, type: str | None = None, limit: int = 100,
             offset: int = 0) -> tuple[DocumentVersion, ...]:
        """The latest version of every stored document, a page of them."""
        anyone(who)
        return tuple(self._store.documents.list(type=type, limit=limit, offset=offset))

    def cites(self, who: Credentials, doc_id: str) -> list[DocumentLink]:
        """What a stored document cites, with whether each target is stored."""
        anyone(who)
        return cites(self._store, doc_id)

    def cited_by(self, who: Credentials, doc_id: str) -> list[DocumentLink]:
        """The stored documents that cite this one."""
        anyone(who)
        return cited_by(self._store, doc_id)

    def links(self, who: Credentials, doc_id: str) -> DocumentLinks:
        """A stored document's links both ways: what it cites (stored or not) and which stored
        documents cite it, each paper once with the items citing it; NotFound when it is not
        stored. The id may be printed any way a paper is cited."""
        anyone(who)
        return links_of(self._store, doc_id)
