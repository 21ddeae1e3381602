"""Atom feeds over the corpus: a search, a group, member, ministry or committee, the commitments
(public; docs/alerts.md). Entries link to the documents' web pages under ``settings.public_url``
(never to an address taken from the request, which a caller controls)."""

from __future__ import annotations

import datetime as dt

from overleg.corpus.alerts import feeds
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.fields import combine, read_query
from overleg.corpus.search.filters import SearchFilters
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import Store

# what a facet feed follows, in the feed's Dutch title: "overleg: fractie D66"
FACET_NAMES = {"group": "fractie", "member": "Kamerlid", "ministry": "ministerie", "committee": "commissie"}


class Feeds:
    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self._store = store
        self._public_url = (settings or Settings()).public_url

    def search(self, who: Credentials, query: str, filters: SearchFilters, *, key: str, self_url: str) -> bytes:
        """The hits of a search as an Atom document; ``key`` names the feed for its stable id."""
        anyone(who)
        typed = read_query(query)  # fields typed in the query filter, as on the search page
        entries = feeds.search_feed_entries(self._store, typed.text, combine(typed.filters, filters),
                                            self._public_url)
        return feeds.atom_feed(key, f"overleg: zoeken naar {query}", self_url, entries)

    def facet(self, who: Credentials, kind: str, name: str, *, self_url: str) -> bytes:
        """The documents of a group, member, ministry or committee, newest first (the feed's id
        follows the name as folded, so "D66" and "d66" are one feed)."""
        anyone(who)
        entries = feeds.facet_entries(self._store, kind, name, self._public_url)
        key = f"{kind}/{' '.join(fold(name).split())}"
        return feeds.atom_feed(key, f"overleg: {FACET_NAMES.get(kind, kind)} {name}", self_url, entries)

    def commitments(self, who: Credentials, *, self_url: str, today: dt.date | None = None) -> bytes:
        """Every commitment with its status."""
        anyone(who)
        entries = feeds.commitment_entries(self._store, today or dt.date.today(), self._public_url)
        return feeds.atom_feed("commitments", "overleg: toezeggingen", self_url, entries)

    def overdue_questions(self, who: Credentials, *, self_url: str, today: dt.date | None = None) -> bytes:
        """Written questions past their due date without an answer, the most recently overdue first."""
        anyone(who)
        entries = feeds.overdue_question_entries(self._store, today or dt.date.today(), self._public_url)
        return feeds.atom_feed("written-questions/overdue", "overleg: schriftelijke vragen over hun termijn",
                               self_url, entries)
