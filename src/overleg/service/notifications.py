"""Notifications at each step of the procedure: in the web UI (``/meldingen``) and by mail.

After a command's events are committed, ``Consultations.execute`` hands them with the new state to
``after_step``. Each event type that concerns someone (``STEPS``) names a kind of notification
and its audiences (``audiences``: the clerks or chair of the committee, the members and staff of
the invited groups, the officials of the addressed ministries), found in the memberships with
the same committee scoping as ``procedure.access`` (a role counts when it holds in every
committee or in this one). Whoever took the step is not told about it.

Every mail goes to the outbox first, in one transaction with the notifications; delivery comes
after, and never fails or undoes the step: a mail server that refuses or is not there leaves the
mail in the outbox with its error, and ``run_job`` (``overleg meldingen``, and ``overleg serve``
every ``reminder_interval_seconds``) tries again, up to ``MAX_ATTEMPTS`` times. Without SMTP
settings nothing is sent and an administrator reads the outbox at ``/beheer/uitgaande-post``.
The same job makes the reminders two days before a deadline, once per deadline (a key in the
store), for the groups that have not submitted and the ministry that has not answered.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from overleg.errors import CorruptRecord, PermissionDenied
from overleg.procedure.actors import RoleKind
from overleg.procedure.codec import snapshot_from_json
from overleg.procedure.events import Event
from overleg.procedure.states import Consultation, State
from overleg.service import mail_texts
from overleg.service.accounts import Credentials
from overleg.settings import Settings
from overleg.store import Store, User
from overleg.store.mail import NewMail, NewNotification, OutboxMail, UserNotification

_log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
REMIND_BEFORE = dt.timedelta(days=2)
SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Audience:
    """Everyone holding ``role`` of ``of`` (in a consultation of the committee at hand)."""

    role: RoleKind
    of: str


def _groups(c: Consultation) -> tuple[Audience, ...]:
    return tuple(Audience(kind, g.name) for g in c.groups for kind in (RoleKind.MEMBER, RoleKind.STAFF))


def _ministries(c: Consultation) -> tuple[Audience, ...]:
    return tuple(Audience(RoleKind.OFFICIAL, m) for m in dict.fromkeys(a.ministry for a in c.addressees))


def _clerks(c: Consultation) -> tuple[Audience, ...]:
    return (Audience(RoleKind.CLERK, c.committee),)


def _chair(c: Consultation) -> tuple[Audience, ...]:
    return (Audience(RoleKind.CHAIR, c.committee),)


# event type -> (kind of notification, who is told)
STEPS: dict[str, tuple[str, Callable[[Consultation], tuple[Audience, ...]]]] = {
    "intake-opened": ("inbreng-geopend", _groups),
    "intake-closed": ("inbreng-gesloten", lambda c: _groups(c) + _chair(c)),
    "questions-sent": ("vragen-verstuurd", _ministries),
    "postponement-requested": ("uitstel-gevraagd", _clerks),
    "answers-received": ("antwoorden-ontvangen", lambda c: _clerks(c) + _chair(c) + _groups(c)),
    "report-published": ("verslag-gepubliceerd",
                         lambda c: _clerks(c) + _chair(c) + _groups(c) + _ministries(c)),
}


def audiences(state: Consultation, event_type: str) -> tuple[str, tuple[Audience, ...]] | None:
    """The kind of notification an event of ``event_type`` makes and who is told; None: nobody."""
    found = STEPS.get(event_type)
    return (found[0], found[1](state)) if found is not None else None


def submitted(c: Consultation, group: str) -> bool:
    """Whether ``group`` has handed in its contribution (a draft does not count)."""
    return c.intake_status(group) == "submitted"


class MailSender(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpSender:
    """Delivery through the settings' SMTP server (STARTTLS and login when a user is set)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self._settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if s.smtp_user:
                smtp.starttls()
                smtp.login(s.smtp_user, s.smtp_password or "")
            smtp.send_message(message)


@dataclass(frozen=True)
class JobReport:
    reminders: int
    sent: int
    failed: int

    def summary(self) -> str:
        return f"{self.reminders} reminders made, {self.sent} mails sent, {self.failed} failed (kept in the outbox)"


class Notifications:
    def __init__(self, store: Store, settings: Settings, clock: Callable[[], dt.datetime],
                 sender: MailSender | None = None) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        # None: no SMTP set, mails stay in the outbox; tests put a fake sender here
        self.sender: MailSender | None = sender if sender is not None else (
            SmtpSender(settings) if settings.smtp_host else None)

    # -- making notifications -------------------------------------------------------------------

    def after_step(self, state: Consultation, events: Sequence[Event]) -> None:
        """Tell who is concerned by the committed ``events``; never raises (the step is done)."""
        try:
            ids: list[int] = []
            for event in events:
                found = audiences(state, event.type)
                if found is None:
                    continue
                kind, who = found
                made = self._make(kind, mail_texts.step_text(kind, state), f"/werkruimte/{state.id}",
                                  self._recipients(state.committee, who, skip=event.actor_id))
                ids += made or ()
            if ids:
                self.deliver(ids)
        except Exception:  # a notification must never fail the step that was committed
            _log.exception("notifications of %s could not be made", state.id)

    def invitation(self, user: User, purpose: str, url: str, expires_at: dt.datetime, inviter: str) -> bool:
        """Mail a one-time link (when the user has an address); whether a mail was made."""
        if not user.email:
            return False
        text = mail_texts.invitation_text(purpose, user.display_name, user.username, url, expires_at, inviter)
        kind = mail_texts.RESET if purpose == "reset" else mail_texts.INVITATION
        body = f"{text.body}\n\n{mail_texts.footer(mail_texts.link(self._settings.public_url, '/profiel'))}"
        mail = NewMail(kind, user.email, text.subject, body, mail_texts.message_id(self._settings.public_url), url)
        ids = self._store.mail.record([mail], [], self._clock())
        try:
            self.deliver(ids or ())
        except Exception:
            _log.exception("the invitation of %s stays in the outbox", user.username)
        return True

    def _recipients(self, committee: str, who: Iterable[Audience], skip: str | None = None
                    ) -> list[tuple[User, frozenset[str]]]:
        found: dict[str, tuple[User, frozenset[str]]] = {}
        for audience in who:
            for user, off in self._store.mail.holders(audience.role, audience.of, committee):
                if user.username != skip:
                    found.setdefault(user.id, (user, off))
        return list(found.values())

    def _make(self, kind: str, text: mail_texts.Text, path: str, recipients: Sequence[tuple[User, frozenset[str]]],
              key: str | None = None) -> tuple[int, ...] | None:
        about = mail_texts.link(self._settings.public_url, path)
        preferences = mail_texts.link(self._settings.public_url, "/profiel")
        body = mail_texts.body_with_links(text, about, preferences)
        notes = [NewNotification(user.id, kind, text.subject, path) for user, _ in recipients]
        mails = [NewMail(kind, user.email, text.subject, body, mail_texts.message_id(self._settings.public_url), about)
                 for user, off in recipients if user.email and kind not in off]
        if not notes and key is None:
            return ()
        return self._store.mail.record(mails, notes, self._clock(), key)

    # -- the job: reminders and delivery --------------------------------------------------------

    def run_job(self) -> JobReport:
        """Make the reminders that are due and try every unsent mail again (idempotent)."""
        reminders = self.remind()
        sent, failed = self.deliver()
        return JobReport(reminders, sent, failed)

    def remind(self) -> int:
        """The reminders due now (two days before a deadline), each made once; how many."""
        now = self._clock()
        made = 0
        for snapshot in self._store.events.consultations():
            try:
                c = snapshot_from_json(snapshot.snapshot_json)
            except CorruptRecord:
                continue  # reported by the consultations part and `overleg db check`
            for key, deadline, group, who in self._due(c, now):
                text = mail_texts.step_text("herinnering", c, deadline, group)
                ids = self._make("herinnering", text, f"/werkruimte/{c.id}", self._recipients(c.committee, who), key)
                made += ids is not None
        return made

    @staticmethod
    def _due(c: Consultation, now: dt.datetime
             ) -> Iterable[tuple[str, dt.datetime, str | None, tuple[Audience, ...]]]:
        def soon(deadline: dt.datetime) -> bool:
            return deadline - REMIND_BEFORE <= now < deadline

        if c.state is State.INTAKE_OPEN:
            for g in c.groups:
                deadline = g.extended_until or c.deadline
                if soon(deadline) and not submitted(c, g.name):
                    audience = tuple(Audience(k, g.name) for k in (RoleKind.MEMBER, RoleKind.STAFF))
                    yield f"herinnering:{c.id}:inbreng:{g.name}:{deadline.isoformat()}", deadline, g.name, audience
        answer_deadline = getattr(c, "answer_deadline", None)  # the ministry's own deadline, once there is one
        if c.state in (State.SENT, State.ANSWERING) and isinstance(answer_deadline, dt.datetime) \
                and soon(answer_deadline):
            yield f"herinnering:{c.id}:antwoorden:{answer_deadline.isoformat()}", answer_deadline, None, _ministries(c)

    def deliver(self, ids: Sequence[int] | None = None) -> tuple[int, int]:
        """Send unsent mails (``ids`` only, when given); (sent, failed). Nothing without a sender."""
        if self.sender is None or (ids is not None and not ids):
            return 0, 0
        sent = failed = 0
        for mail in self._store.mail.pending(MAX_ATTEMPTS, ids):
            now = self._clock()
            # a sender that dies holding a mail lets the claim lapse after a job's lease: then
            # another process sends it (store.mail.claim)
            if not self._store.mail.claim(mail.id, now, now + dt.timedelta(seconds=self._settings.job_lease_seconds)):
                continue  # another process is sending it (or has just sent it)
            message = mail_texts.as_message(self._settings.smtp_sender, mail.recipient, mail.subject, mail.body,
                                            mail.message_id, mail.created_at)
            try:
                self.sender.send(message)
            except Exception as err:  # the mail stays, with why, for the next try
                self._store.mail.mark_failed(mail.id, f"{type(err).__name__}: {err}".splitlines()[0])
                failed += 1
            else:
                self._store.mail.mark_sent(mail.id, self._clock())
                sent += 1
        return sent, failed

    # -- reads and preferences ------------------------------------------------------------------

    def mine(self, who: Credentials, limit: int = 100) -> tuple[UserNotification, ...]:
        if who.user is None:
            raise PermissionDenied("log in to read your notifications")
        return self._store.mail.notifications(who.user.id, limit)

    def unread(self, who: Credentials) -> int:
        return self._store.mail.unread(who.user.id) if who.user is not None else 0

    def mark_read(self, who: Credentials, note_id: int | None = None) -> int:
        if who.user is None:
            raise PermissionDenied("log in to read your notifications")
        return self._store.mail.mark_read(who.user.id, self._clock(), note_id)

    def outbox(self, who: Credentials, limit: int = 200) -> tuple[OutboxMail, ...]:
        """Every mail made, newest first: administrators only (mails carry one-time links)."""
        if not who.is_admin:
            raise PermissionDenied("only an administrator may read the outbox")
        return self._store.mail.outbox(limit)

    def delivers(self) -> bool:
        """Whether mails are sent at all (else they stay in the outbox)."""
        return self.sender is not None

    def mail_kinds(self, who: Credentials) -> dict[str, bool]:
        """Each kind of mail and whether ``who`` gets it."""
        if who.user is None:
            raise PermissionDenied("log in to see your preferences")
        off = self._store.mail.mail_off(who.user.id)
        return {kind: kind not in off for kind in mail_texts.MAIL_KINDS}

    def set_mail_kinds(self, who: Credentials, wanted: Iterable[str]) -> None:
        """``who`` gets the mails of the kinds in ``wanted`` and no others (unknown kinds ignored)."""
        if who.user is None:
            raise PermissionDenied("log in to set your preferences")
        on = set(wanted)
        self._store.mail.set_mail_off(who.user.id, [k for k in mail_texts.MAIL_KINDS if k not in on])
