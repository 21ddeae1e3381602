"""Saved searches, follows and the notifications they send (``overleg alerts run``).

    save_search(store, user_id, "Rafah", "Rafah", SearchFilters(), email="a@b.nl")
    follow(store, user_id, "ah-tk-20232024-1949", webhook_url="https://...", webhook_secret="s")
    run_alerts(store, today=..., smtp=SmtpSettings("mail.example"), public_url="https://overleg.example")

A notification has a key (``match:DOC``, ``answer:DOC``, ``overdue-question:DOC``,
``overdue-commitment:DOC:N``); ``notifications_sent`` records (subscription, key, channel) after a
successful delivery, so a second run sends nothing again and a failed delivery is retried.
Subjects and texts are Dutch and cite the paper in the house style ("Beantwoord: Schriftelijke
vragen met antwoorden - Aanhangsel Handelingen II 2023/24, nr. 1949"); each links to the
document's web page under the site's public address (``settings.public_url``).
E-mail goes through smtplib (the settings' SMTP server: OVERLEG_SMTP_HOST/PORT/USER/PASSWORD/FROM); a webhook receives a
POST of JSON with ``X-Overleg-Signature: sha256=HEX`` (HMAC-SHA256 of the body with its secret), sent
to public addresses only (``addresses``, ``webhook``). A subscription that fails is recorded and
tried again on a later run (``failures``); it never stops the run for the others.
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

from sqlalchemy import insert, select

from overleg.corpus.alerts.addresses import parse_webhook_url
from overleg.corpus.alerts.failures import SubscriptionFailure, clear_failure, failures, is_failure_key, record_failure
from overleg.corpus.alerts.feeds import Links, cited, heading
from overleg.corpus.alerts.webhook import Outbound
from overleg.corpus.analytics.figures import TERM_DAYS, Stored, commitment_states, load_corpus
from overleg.corpus.analytics.written_questions import cases_by_paper, question_cases
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.errors import InvalidQuery, NotFound
from overleg.model.process import CaseStatus, QuestionCase
from overleg.store.core import Store
from overleg.store.engine import read, write
from overleg.store.schema import follows, notifications_sent, saved_searches
from overleg.store.timeutil import utcnow
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_NAMES

SIGNATURE_HEADER = "X-Overleg-Signature"
MATCH_LIMIT = 200
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # the settings' default; the service passes the configured one


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
    link: str = ""  # the document's web page


def mail_body(note: Notification) -> str:
    """The text of an alert mail: what happened, the paper and the link to its page."""
    link = f"Lees het stuk: {note.link}\n" if note.link else f"{note.document_id}\n"
    return (f"{note.text}\n\n{link}\n"
            "U ontvangt dit bericht omdat u in overleg deze zoekopdracht hebt bewaard of dit stuk volgt.\n")


@dataclass
class AlertReport:
    sent: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # failing parts not due to be tried again yet

    def summary(self) -> str:
        head = f"{self.sent} notifications sent, {self.skipped} already sent, {len(self.failures)} failed"
        if self.waiting:
            head += f", {len(self.waiting)} waiting to be tried again"
        return "\n".join([head, *(f"  failed: {f}" for f in self.failures),
                          *(f"  waiting: {w}" for w in self.waiting)])


def _new_id() -> str:
    return uuid.uuid4().hex


def _delivery(email: str | None, webhook_url: str | None, webhook_secret: str | None) -> dict[str, object]:
    if not email and not webhook_url:
        raise InvalidQuery("a subscription needs an e-mail address or a webhook URL")
    if webhook_url:
        parse_webhook_url(webhook_url)  # its addresses are checked by the service, and at each delivery
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


def pending(store: Store, sub: Subscription, corpus: dict[str, Stored], today: dt.date,
            public_url: str = DEFAULT_PUBLIC_URL, cases: dict[str, QuestionCase] | None = None) -> list[Notification]:
    """What ``sub`` should be told now (before filtering out what was sent already). ``cases``:
    the written-questions cases by the key of each of their papers (computed when not given)."""
    def link(doc_id: str) -> str:
        return Links.of(public_url, doc_id).page

    if sub.kind == "search":
        hits = search(store, sub.query or "", sub.filters, MATCH_LIMIT)
        docs = list(dict.fromkeys(h.document_id for h in hits))
        snippet = {h.document_id: h.snippet for h in reversed(hits)}
        return [Notification(sub.id, f"match:{d}", f"Nieuwe treffer voor '{sub.name}': {_heading(corpus, d)}",
                             _about(corpus, d, snippet.get(d, "")), d, link(d)) for d in docs]
    target = sub.target or ""
    stored = corpus.get(target)
    if stored is None:
        return []
    doc = stored.facts
    found = []
    # written questions: their case (the answer may be a letter of its own, a notice moves the term)
    if cases is None:
        cases = cases_by_paper(question_cases(corpus.values(), today))
    case = cases.get(target)
    answered_on = doc.answered_on or (case.answered if case else None)
    if doc.answered or (case is not None and case.status in (CaseStatus.ANSWERED, CaseStatus.ANSWERED_LATE)):
        when = f" op {dutch_date(answered_on)}" if answered_on else ""
        found.append(Notification(sub.id, f"answer:{target}", f"Beantwoord: {_heading(corpus, target)}",
                                  _about(corpus, target, f"De vragen zijn beantwoord{when}."), target, link(target)))
    elif case is not None and case.status is CaseStatus.OVERDUE and case.submitted and case.due:
        term = (f"zes weken (uitstel gemeld op {dutch_date(case.notices[0])})" if case.notices
                else f"{TERM_DAYS} dagen")
        late = f"De vragen zijn gesteld op {dutch_date(case.submitted)} en niet binnen {term} beantwoord."
        found.append(Notification(sub.id, f"overdue-question:{target}",
                                  f"Termijn verstreken: {_heading(corpus, target)}",
                                  _about(corpus, target, late), target, link(target)))
    for state in commitment_states(store, [stored], today):
        if state.status == "overdue" and state.due_by is not None:
            found.append(Notification(sub.id, f"overdue-commitment:{target}:{state.position}",
                                      f"Toezegging over tijd (uiterlijk {dutch_date(state.due_by)}): "
                                      f"{_heading(corpus, target)}",
                                      _about(corpus, target, f"Toegezegd: {state.text}"), target, link(target)))
    return found


def _heading(corpus: dict[str, Stored], doc_id: str) -> str:
    """'Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349'."""
    stored = corpus.get(doc_id)
    return heading(stored.facts.type.value, doc_id) if stored else cited(doc_id)


def _about(corpus: dict[str, Stored], doc_id: str, text: str) -> str:
    """``text`` after the document's own title, when it has one besides its type."""
    stored = corpus.get(doc_id)
    title = stored.facts.title if stored else None
    if not title or title in TYPE_NAMES.values():
        return text
    return f"{title}\n\n{text}" if text else title


def _already_sent(store: Store) -> set[tuple[str, str, str]]:
    with read(store.engine) as conn:
        return {(r.subscription_id, r.key, r.channel) for r in conn.execute(select(notifications_sent))
                if not is_failure_key(r.key)}


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
    message.set_content(mail_body(note))
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.user:
            smtp.starttls()
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


def send_webhook(outbound: Outbound, url: str, secret: str | None, note: Notification) -> None:
    """POST the notification as JSON, signed with ``secret`` (refused targets never connected to)."""
    body = json.dumps({"subscription": note.subscription_id, "key": note.key, "subject": note.subject,
                       "text": note.text, "document_id": note.document_id, "url": note.link},
                      ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    outbound.post(url, body, headers)


def run_alerts(store: Store, *, today: dt.date | None = None, smtp: SmtpSettings | None = None,
               outbound: Outbound | None = None, now: dt.datetime | None = None,
               public_url: str = DEFAULT_PUBLIC_URL) -> AlertReport:
    """Check every subscription and deliver what it was not told yet (idempotent).

    Webhooks go out through ``outbound`` (its address policy, deadline and answer cap; by default
    public addresses only, 5 s, 64 KiB). A subscription that fails, in finding what to notify or
    in a delivery, is recorded (``failures``) and tried again on a later run; it never stops the
    others. ``now`` is the time of the run (the failures' clock; tests set it); ``public_url`` the
    site's address, for the links in the notifications."""
    run = _Run(store, today or dt.date.today(), now or utcnow(), public_url, smtp, outbound or Outbound(),
               {s.id: s for s in load_corpus(store)}, _already_sent(store), failures(store), AlertReport())
    for sub in subscriptions(store):
        run.subscription(sub)
    return run.report


@dataclass
class _Run:
    """One ``run_alerts``: what it knows, what it has sent and what failed."""

    store: Store
    day: dt.date
    now: dt.datetime
    public_url: str
    smtp: SmtpSettings | None
    outbound: Outbound
    corpus: dict[str, Stored]
    done: set[tuple[str, str, str]]
    failing: dict[tuple[str, str], SubscriptionFailure]
    report: AlertReport
    cases: dict[str, QuestionCase] | None = None  # written questions' cases, linked once a run

    def subscription(self, sub: Subscription) -> None:
        """Everything one subscription is owed; whatever goes wrong is recorded, never raised."""
        if self._waiting(sub, "check"):
            return
        try:
            if self.cases is None:
                self.cases = cases_by_paper(question_cases(self.corpus.values(), self.day))
            notes = pending(self.store, sub, self.corpus, self.day, self.public_url, self.cases)
        except Exception as e:  # a saved search that cannot be searched any more, or worse: this one only
            self._failed(sub, "check", f"{sub.id} cannot be checked: {_reason(e)}")
            return
        self._works(sub, "check")
        for channel, address in (("email", sub.email), ("webhook", sub.webhook_url)):
            if address and not self._waiting(sub, channel):
                self._deliver(sub, channel, notes)

    def _deliver(self, sub: Subscription, channel: str, notes: list[Notification]) -> None:
        for note in notes:
            if (sub.id, note.key, channel) in self.done:
                self.report.skipped += 1
                continue
            try:
                if channel == "email":
                    if self.smtp is None:
                        raise RuntimeError("no SMTP server configured (OVERLEG_SMTP_HOST)")
                    send_email(self.smtp, sub.email or "", note)
                else:
                    send_webhook(self.outbound, sub.webhook_url or "", sub.webhook_secret, note)
            except Exception as e:  # a refused address, a timeout, a 5xx, an SMTP error: this channel only
                # the channel's other notifications wait for the next run: one timeout per run, not one each
                self._failed(sub, channel, f"{sub.id} {note.key} by {channel}: {_reason(e)}")
                return
            _record(self.store, sub.id, note.key, channel)
            self.done.add((sub.id, note.key, channel))
            self.report.sent += 1
        self._works(sub, channel)

    def _waiting(self, sub: Subscription, part: str) -> bool:
        failure = self.failing.get((sub.id, part))
        if failure is None or not failure.waits_at(self.now):
            return False
        self.report.waiting.append(f"{sub.id} {part}: failed {failure.attempts} times in a row, "
                                   f"tried again after {failure.next_attempt.isoformat(timespec='minutes')}")
        return True

    def _failed(self, sub: Subscription, part: str, reason: str) -> None:
        self.report.failures.append(reason)
        self.failing[(sub.id, part)] = record_failure(self.store, sub.id, part, reason, self.now,
                                                      self.failing.get((sub.id, part)))

    def _works(self, sub: Subscription, part: str) -> None:
        if self.failing.pop((sub.id, part), None) is not None:
            clear_failure(self.store, sub.id, part)


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def delete_subscription(store: Store, user_id: str, sub_id: str) -> None:
    """Remove a saved search or follow of ``user_id``; NotFound otherwise."""
    with write(store.engine) as conn:
        for table in (saved_searches, follows):
            gone = conn.execute(table.delete().where(table.c.id == sub_id, table.c.user_id == user_id)).rowcount
            if gone:
                return
    raise NotFound(f"no subscription {sub_id}")
