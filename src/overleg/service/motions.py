"""Motions as records: the list and one motion with who cites it (public reads), and the sync of
their decisions and votes from Open Data (the operator's or an administrator's).

    service.motions.list(who, text="Ceder", result="aangenomen")
    service.motions.get(who, "kst-21501-02-3121")     # MotionView: record, outcome, votes, citing reports
    service.motions.stored(who, ["kst-23432-620", ...])  # which papers are stored motions
    service.motions.sync(Credentials.operator())     # MotionSyncReport

A motion is stored by ``overleg ingest`` (``corpus.ingest``: a file that is no question
document but a motion); the reports citing it are those whose cited motion has its paper as key
(``corpus.links.motion_citations``). docs/motions.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from overleg.connectors import opendata
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.motion_sync import MotionSyncReport, sync_motions
from overleg.corpus.links import CitingOfMotion, motion_citations
from overleg.errors import InvalidInput, NotFound
from overleg.model.motion import MotionOutcome, MotionRecord, Submitter, Vote
from overleg.service.access import administrator, anyone
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import Store
from overleg.store.motions import MotionRepository, StoredMotion

RESULTS = ("aangenomen", "verworpen", "aangehouden", "ingetrokken", "onbekend")
MAX_MOTION_QUERY = 200  # characters of a search over the motions: hostile input is capped

__all__ = ["RESULTS", "CitingOfMotion", "MotionOutcome", "MotionRecord", "MotionSyncReport", "MotionView",
           "Motions", "StoredMotion", "Submitter", "Vote"]


@dataclass(frozen=True)
class MotionView:
    """One stored motion and the stored documents citing it (with the items that do)."""

    motion: StoredMotion
    cited_by: tuple[CitingOfMotion, ...]


class Motions:
    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._repo = MotionRepository(store.engine)

    def list(self, who: Credentials, *, text: str | None = None, result: str | None = None,
             dossier: str | None = None, limit: int = 500) -> list[StoredMotion]:
        """Stored motions, newest first; ``text`` matches a submitter, the title, dossier or id;
        ``result`` one of ``RESULTS`` ("onbekend": no decision synced)."""
        anyone(who)
        if result and result not in RESULTS:
            raise InvalidInput(f"Onbekende uitkomst '{result[:40]}'; kies uit {', '.join(RESULTS)}.")
        if text and len(text) > MAX_MOTION_QUERY:
            raise InvalidInput(f"De zoekterm is te lang (meer dan {MAX_MOTION_QUERY} tekens).")
        return self._repo.list(text=(text or "").strip() or None, result=result or None,
                               dossier=(dossier or "").strip() or None, limit=max(1, min(limit, 5000)))

    def get(self, who: Credentials, motion_id: str) -> MotionView:
        """The motion with paper id ``motion_id`` and who cites it; NotFound when not stored."""
        anyone(who)
        found = self._repo.get(motion_id.strip()[:200])
        if found is None:
            raise NotFound(f"Geen motie {motion_id[:80]!r} opgeslagen.")
        return MotionView(found, tuple(motion_citations(self._store, [found.id])))

    def stored(self, who: Credentials, papers: Sequence[str]) -> set[str]:
        """Which of ``papers`` are stored motions (for links to their pages)."""
        anyone(who)
        wanted = sorted(set(papers))
        return {m.id for m in self._repo.list(ids=wanted)} if wanted else set()

    def sync(self, who: Credentials, *, ids: Sequence[str] | None = None, interval: float = 1.0,
             base_url: str | None = None, transport: httpx.BaseTransport | None = None,
             progress: Callable[[int, int], None] | None = None) -> MotionSyncReport:
        """Fetch the decision and votes of the stored motions (``ids``: only these) from Open Data."""
        administrator(who, "moties bijwerken uit de openbare bronnen")
        base = base_url or self._settings.tk_base_url or opendata.BASE_URL
        with PoliteClient(Politeness(min_interval=interval), transport=transport) as client:
            return sync_motions(self._store, client, base=base, ids=ids, progress=progress)
