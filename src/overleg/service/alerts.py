"""Saved searches and follows of a logged-in user, and the run that sends their notifications
(the operator's; docs/alerts.md).

A webhook URL is checked when it is saved: https or http, and a host that resolves to public
internet addresses only (``overleg.corpus.alerts.addresses``); the delivery checks it again.
"""

from __future__ import annotations

import datetime as dt

from overleg.corpus.alerts import notifications as alerts
from overleg.corpus.alerts.addresses import AddressPolicy
from overleg.corpus.alerts.notifications import AlertReport, SmtpSettings, Subscription
from overleg.corpus.alerts.webhook import Outbound
from overleg.corpus.search.fields import combine, read_query
from overleg.corpus.search.filters import SearchFilters
from overleg.service.access import administrator, user_id
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import Store


class Alerts:
    """``addresses`` decides where webhooks may go and how names resolve; tests inject a fake
    resolver (and, to reach a receiver on loopback, an allowance) here. Production keeps the
    default: the system's resolver, public addresses only."""

    def __init__(self, store: Store, settings: Settings, addresses: AddressPolicy | None = None) -> None:
        self._store = store
        self._settings = settings
        self._addresses = addresses or AddressPolicy()

    def subscriptions(self, who: Credentials) -> list[Subscription]:
        """The user's saved searches and follows."""
        return alerts.subscriptions(self._store, user_id(who))

    def save_search(self, who: Credentials, query: str, filters: SearchFilters | None = None, *,
                    name: str | None = None, email: str | None = None, webhook_url: str | None = None,
                    webhook_secret: str | None = None) -> Subscription:
        """A new saved search of the user; ``overleg alerts run`` notifies its new matches.
        ValidationFailed (naming webhook_url) for a webhook the server may not call."""
        owner = user_id(who)
        self._check_webhook(webhook_url)
        # saved as the search reads it: fields typed in the query join the filters, a pasted
        # question becomes the OR of its words (corpus.search.fields), so a run matches alike
        typed = read_query(query)
        new = alerts.save_search(self._store, owner, name or query, typed.text,
                                 combine(typed.filters, filters or SearchFilters()), email=email,
                                 webhook_url=webhook_url, webhook_secret=webhook_secret)
        return self._one(owner, new)

    def follow(self, who: Credentials, document_id: str, *, email: str | None = None,
               webhook_url: str | None = None, webhook_secret: str | None = None) -> Subscription:
        """The user follows a document: its answer, its overdue term, its overdue commitments.
        ValidationFailed (naming webhook_url) for a webhook the server may not call."""
        owner = user_id(who)
        self._check_webhook(webhook_url)
        new = alerts.follow(self._store, owner, document_id, email=email, webhook_url=webhook_url,
                            webhook_secret=webhook_secret)
        return self._one(owner, new)

    def delete(self, who: Credentials, subscription_id: str) -> None:
        """Delete one of the user's subscriptions (NotFound for anyone else's)."""
        alerts.delete_subscription(self._store, user_id(who), subscription_id)

    def run(self, who: Credentials, today: dt.date | None = None) -> AlertReport:
        """Send every notification not sent before, by e-mail (the settings' SMTP server) and
        webhook (within the settings' webhook timeout and answer size)."""
        administrator(who, "de attenderingen versturen")
        s = self._settings
        smtp = SmtpSettings(s.smtp_host, s.smtp_port, s.smtp_user, s.smtp_password, s.smtp_sender) \
            if s.smtp_host else None
        outbound = Outbound(self._addresses, timeout=s.webhook_timeout_seconds, max_bytes=s.webhook_max_bytes)
        return alerts.run_alerts(self._store, today=today, smtp=smtp, outbound=outbound, public_url=s.public_url)

    def _check_webhook(self, url: str | None) -> None:
        if url:
            self._addresses.check(url)

    def _one(self, owner: str, subscription_id: str) -> Subscription:
        return next(s for s in alerts.subscriptions(self._store, owner) if s.id == subscription_id)
