"""Atom feeds over the corpus: a search, a group, member, ministry or committee, the commitments
(public; docs/alerts.md)."""

from __future__ import annotations

import datetime as dt

from overleg.corpus.alerts import feeds
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.filters import SearchFilters
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.store import Store


class Feeds:
    def __init__(self, store: Store) -> None:
        self._store = store

    def search(self, who: Credentials, query: str, filters: SearchFilters, *, key: str, base: str,
               self_url: str) -> bytes:
        """The hits of a search as an Atom document; ``key`` names the feed for its stable id."""
        anyone(who)
        entries = feeds.search_feed_entries(self._store, query, filters, base)
        return feeds.atom_feed(key, f"overleg: search {query}", self_url, entries)

    def facet(self, who: Credentials, kind: str, name: str, *, base: str, self_url: str) -> bytes:
        """The documents of a group, member, ministry or committee, newest first (the feed's id
        follows the name as folded, so "D66" and "d66" are one feed)."""
        anyone(who)
        entries = feeds.facet_entries(self._store, kind, name, base)
        key = f"{kind}/{' '.join(fold(name).split())}"
        return feeds.atom_feed(key, f"overleg: {kind} {name}", self_url, entries)

    def commitments(self, who: Credentials, *, base: str, self_url: str, today: dt.date | None = None) -> bytes:
        """Every commitment with its status."""
        anyone(who)
        entries = feeds.commitment_entries(self._store, today or dt.date.today(), base)
        return feeds.atom_feed("commitments", "overleg: commitments", self_url, entries)
