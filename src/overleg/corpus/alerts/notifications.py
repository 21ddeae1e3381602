"""Saved searches, follows and the notifications they send (``overleg alerts run``).

    save_search(store, user_id, "Rafah", "Rafah", SearchFilters(), email="a@b.nl")
    follow(store, user_id, "ah-tk-20232024-1949", webhook_url="https://...", webhook_secret="s")
    run_alerts(store, today=..., smtp=SmtpSettings("mail.example"))   # -> AlertReport

A notification has a key (``match:DOC``, ``answer:DOC``, ``overdue-question:DOC``,
``overdue-commitment:DOC:N``); ``notifications_sent`` records (subscription, key, channel) after a
successful delivery, so a second run sends nothing again and a failed delivery is retried.
E-mail goes through smtplib (the settings' SMTP server: OVERLEG_SMTP_HOST/PORT/USER/PASSWORD/FROM); a webhook receives a
POST of JSON with ``X-Overleg-Signature: sha256=HEX`` (HMAC-SHA256 of the body with its secret).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import smtplib
import uuid
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage

import httpx
from sqlalchemy import insert, select

from overleg.corpus.analytics.figures import TERM_DAYS, Stored, commitment_states, load_corpus
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.errors import InvalidQuery, NotFound
from overleg.store.core import Store
from overleg.store.engine import read, write
from overleg.store.schema import follows, notifications_sent, saved_searches
from overleg.store.timeutil import utcnow

SIGNATURE_HEADER = "X-Overleg-Signature"
MATCH_LIMIT = 200


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "overleg@localhost"


@dataclass(frozen=True)
class Subscription:
    id: str
    user_id: str
    kind: str  # search, follow
    name: str
    query: str | None
    filters: SearchFilters
    target: str | None
    email: str | None
    webhook_url: str | None
    webhook_secret: str | None


@dataclass(frozen=True)
class Notification:
    subscription_id: str
    key: str
    subject: str
    text: str
    document_id: str


@dataclass
class AlertReport:
    sent: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.sent} notifications sent, {self.skipped} already sent, {len(self.failures)} failed"]
        return "\n".join(lines + [f"  failed: {f}" for f in self.failures])


def _new_id() -> str:
    return uuid.uuid4().hex


def _delivery(email: str | None, webhook_url: str | None, webhook_secret: str | None) -> dict[str, object]:
    if not email and not webhook_url:
        raise InvalidQuery("a subscription needs an e-mail address or a webhook URL")
    if webhook_url and not webhook_url.startswith(("http://", "https://")):
        raise InvalidQuery(f"a webhook URL starts with http:// or https://, not {webhook_url!r}")
    return {"email": email, "webhook_url": webhook_url, "webhook_secret": webhook_secret, "created_at": utcnow()}


def save_search(store: Store, user_id: str, name: str, query: str, filters: SearchFilters | None = None, *,
                email: str | None = None, webhook_url: str | None = None, webhook_secret: str | None = None) -> str:
    """Save a search for ``user_id``; returns its id."""
    chosen = filters or SearchFilters()
    filters_json = json.dumps({k: (v.isoformat() if isinstance(v, dt.date) else v)
                               for k, v in asdict(chosen).items()}, sort_keys=True)
    new = _new_id()
    with write(store.engine) as conn:
        conn.execute(insert(saved_searches).values(id=new, user_id=user_id, name=name, query=query,
                                                   filters_json=filters_json,
                                                   **_delivery(email, webhook_url, webhook_secret)))
    return new


def follow(store: Store, user_id: str, document_id: str, *, email: str | None = None,
           webhook_url: str | None = None, webhook_secret: str | None = None) -> str:
    """Follow a consultation (its document) or a written question: its answer, its overdue
    term, its overdue commitments. Returns the follow's id."""
    new = _new_id()
    with write(store.engine) as conn:
        conn.execute(insert(follows).values(id=new, user_id=user_id, target_kind="document", target=document_id,
                                            **_delivery(email, webhook_url, webhook_secret)))
    return new


def _filters(text: str) -> SearchFilters:
    raw = json.loads(text)
    for key in ("date_from", "date_to"):
        if raw.get(key):
            raw[key] = dt.date.fromisoformat(raw[key])
    return SearchFilters(**raw)


def subscriptions(store: Store, user_id: str | None = None) -> list[Subscription]:
    """Every saved search and follow (of ``user_id``), oldest first."""
    found: list[tuple[object, Subscription]] = []
    with read(store.engine) as conn:
        q1 = select(saved_searches)
        q2 = select(follows)
        if user_id is not None:
            q1, q2 = q1.where(saved_searches.c.user_id == user_id), q2.where(follows.c.user_id == user_id)
        for r in conn.execute(q1):
            found.append((r.created_at, Subscription(r.id, r.user_id, "search", r.name, r.query,
                                                     _filters(r.filters_json), None, r.email, r.webhook_url,
                                                     r.webhook_secret)))
        for r in conn.execute(q2):
            found.append((r.created_at, Subscription(r.id, r.user_id, "follow", r.target, None, SearchFilters(),
                                                     r.target, r.email, r.webhook_url, r.webhook_secret)))
    return [s for _, s in sorted(found, key=lambda p: (str(p[0]), p[1].id))]


def pending(store: Store, sub: Subscription, corpus: dict[str, Stored], today: dt.date) -> list[Notification]:
    """What ``sub`` should be told now (before filtering out what was sent already)."""
    if sub.kind == "search":
        hits = search(store, sub.query or "", sub.filters, MATCH_LIMIT)
        docs = list(dict.fromkeys(h.document_id for h in hits))
        snippet = {h.document_id: h.snippet for h in reversed(hits)}
        return [Notification(sub.id, f"match:{d}", f"New match for '{sub.name}': {_title(corpus, d)}",
                             snippet.get(d, ""), d) for d in docs]
    target = sub.target or ""
    stored = corpus.get(target)
    if stored is None:
        return []
    doc = stored.facts
    found = []
    if doc.answered:
        when = f" on {doc.answered_on.isoformat()}" if doc.answered_on else ""
        found.append(Notification(sub.id, f"answer:{target}", f"Answered: {_title(corpus, target)}",
                                  f"{target} was answered{when}.", target))
    elif doc.questions_sent_on and doc.questions_sent_on + dt.timedelta(days=TERM_DAYS) < today:
        found.append(Notification(sub.id, f"overdue-question:{target}", f"Overdue: {_title(corpus, target)}",
                                  f"Sent on {doc.questions_sent_on.isoformat()}; not answered within "
                                  f"{TERM_DAYS} days.", target))
    for state in commitment_states(store, [stored], today):
        if state.status == "overdue" and state.due_by is not None:
            found.append(Notification(sub.id, f"overdue-commitment:{target}:{state.position}",
                                      f"Overdue commitment ({state.due_by.isoformat()}): {_title(corpus, target)}",
                                      state.text, target))
    return found


def _title(corpus: dict[str, Stored], doc_id: str) -> str:
    stored = corpus.get(doc_id)
    return (stored.facts.title or doc_id) if stored else doc_id


def _already_sent(store: Store) -> set[tuple[str, str, str]]:
    with read(store.engine) as conn:
        return {(r.subscription_id, r.key, r.channel) for r in conn.execute(select(notifications_sent))}


def _record(store: Store, sub_id: str, key: str, channel: str) -> None:
    with write(store.engine) as conn:
        conn.execute(insert(notifications_sent).values(subscription_id=sub_id, key=key, channel=channel,
                                                       sent_at=utcnow()))


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``.

    >>> sign("s", b"{}")[:7], len(sign("s", b"{}"))
    ('sha256=', 71)
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_email(settings: SmtpSettings, to: str, note: Notification) -> None:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = note.subject
    message["X-Overleg-Key"] = note.key
    message.set_content(f"{note.text}\n\n{note.document_id}\n")
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.user:
            smtp.starttls()
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


def send_webhook(client: httpx.Client, url: str, secret: str | None, note: Notification) -> None:
    body = json.dumps({"subscription": note.subscription_id, "key": note.key, "subject": note.subject,
                       "text": note.text, "document_id": note.document_id}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    client.post(url, content=body, headers=headers).raise_for_status()


def run_alerts(store: Store, *, today: dt.date | None = None, smtp: SmtpSettings | None = None,
               client: httpx.Client | None = None) -> AlertReport:
    """Check every subscription and deliver what it was not told yet (idempotent)."""
    day = today or dt.date.today()
    report = AlertReport()
    corpus = {s.id: s for s in load_corpus(store)}
    done = _already_sent(store)
    owned = client is None
    http = client or httpx.Client(timeout=30)
    try:
        for sub in subscriptions(store):
            for note in pending(store, sub, corpus, day):
                channels = [c for c, target in (("email", sub.email), ("webhook", sub.webhook_url)) if target]
                for channel in channels:
                    if (sub.id, note.key, channel) in done:
                        report.skipped += 1
                        continue
                    try:
                        if channel == "email":
                            if smtp is None:
                                raise RuntimeError("no SMTP server configured (OVERLEG_SMTP_HOST)")
                            send_email(smtp, sub.email or "", note)
                        else:
                            send_webhook(http, sub.webhook_url or "", sub.webhook_secret, note)
                    except (OSError, smtplib.SMTPException, httpx.HTTPError, RuntimeError) as e:
                        report.failures.append(f"{sub.id} {note.key} by {channel}: {e}")
                        continue
                    _record(store, sub.id, note.key, channel)
                    done.add((sub.id, note.key, channel))
                    report.sent += 1
    finally:
        if owned:
            http.close()
    return report


def delete_subscription(store: Store, user_id: str, sub_id: str) -> None:
    """Remove a saved search or follow of ``user_id``; NotFound otherwise."""
    with write(store.engine) as conn:
        for table in (saved_searches, follows):
            gone = conn.execute(table.delete().where(table.c.id == sub_id, table.c.user_id == user_id)).rowcount
            if gone:
                return
    raise NotFound(f"no subscription {sub_id}")
