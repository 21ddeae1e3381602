"""Notifications at each step, on SQLite and PostgreSQL: who is told of which step (the procedure's
own events, run from the sample consultation), the mails' headers and Dutch text with links from
``public_url``, the outbox without SMTP, a failing mail server that neither fails nor undoes the
step, the reminders two days before a deadline (made once), and each user's mail preferences."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest

from api_helpers import migrated_store
from db_support import database
from mail_support import PUBLIC, FakeSender, smtp_server, user_with_mail
from overleg.procedure import Actor
from overleg.procedure import RoleKind as Role
from overleg.procedure import commands as c
from overleg.procedure.actors import Role as Role_
from overleg.procedure.apply import apply
from overleg.procedure.decide import decide
from overleg.procedure.reenact import Step
from overleg.service import Credentials, Service
from overleg.service.notifications import STEPS, Audience, audiences
from overleg.settings import Settings
from overleg.store import Store
from web_support import consultation_steps

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
COMMITTEE_USERS = ("clerk", "chair", "member-groot", "member-klein")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        yield opened
        opened.close()


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _linked(store: Store, role: Role_) -> str:
    """A role's scope as a grant stores it: the register's key for a group or a ministry."""
    return Service(store).registers.scope_of(role.kind, role.of)


def _cast(store: Store, steps: tuple[Step, ...]) -> dict[str, str]:
    """Every actor of the steps as a user with an address; username -> user id."""
    ids = {}
    for step in steps:
        for role in step.actor.roles:
            ids[step.actor.user_id] = user_with_mail(store, step.actor.user_id, role.kind, _linked(store, role))
    committee = next(iter(steps[0].actor.roles)).of
    ids["chair"] = user_with_mail(store, "chair", Role.CHAIR, committee)  # the sample's chair takes no step
    return ids


def _run(service: Service, clock: Clock, steps: tuple[Step, ...], until: str | None = None) -> None:
    for step in steps:
        if step.command.action == until:
            return
        clock.now = step.now
        # the actor as the service builds it from the user's memberships (roles linked to the registers)
        actor = _as_stored(service, step.actor)
        if isinstance(step.command, c.CreateConsultation):
            service.consultations.create(actor, step.command)
        else:
            service.consultations.execute(actor, "so-1", step.command)


def _as_stored(service: Service, actor: Actor) -> Actor:
    """``actor`` as the service builds it from the user's memberships (roles linked to the registers)."""
    return service.accounts.acting_as(Credentials.operator(), actor.user_id).actor


def _service(store: Store, clock: Clock, sender: FakeSender | None = None, **settings: object) -> Service:
    service = Service(store, clock, Settings(public_url=PUBLIC, **settings))  # type: ignore[arg-type]
    if sender is not None:
        service.notifications.sender = sender
    return service


def _kinds(store: Store, user_id: str) -> list[str]:
    return sorted(n.kind for n in store.mail.notifications(user_id))


# -- who is told of which step (pure) ---------------------------------------------------------

def test_each_step_names_its_audience_from_the_consultation() -> None:
    steps = consultation_steps(START)
    state = None
    for step in steps:
        for event in decide(state, step.actor, step.command, step.now):
            state = apply(state, event)
    assert state is not None
    groups = {Audience(k, g) for g in ("Groot", "Klein") for k in (Role.MEMBER, Role.STAFF)}
    ministry = {Audience(Role.OFFICIAL, a.ministry) for a in state.addressees}
    clerk, chair = {Audience(Role.CLERK, state.committee)}, {Audience(Role.CHAIR, state.committee)}
    expected = {"intake-opened": groups, "intake-closed": groups | chair, "questions-sent": ministry,
                "postponement-requested": clerk, "answers-received": clerk | chair | groups,
                "report-published": clerk | chair | groups | ministry}
    assert set(STEPS) == set(expected)
    for event_type, who in expected.items():
        found = audiences(state, event_type)
        assert found is not None and set(found[1]) == who, event_type
    assert audiences(state, "contribution-saved") is None


def test_a_whole_consultation_tells_each_role_of_its_steps_and_never_the_actor(store: Store) -> None:
    steps = consultation_steps(START)
    ids = _cast(store, steps)
    sender = FakeSender()
    clock = Clock(START)
    _run(_service(store, clock, sender), clock, steps)
    official = next(name for name in ids if name.startswith("official-"))
    everyone = ["verslag-gepubliceerd"]
    assert _kinds(store, ids["member-groot"]) == sorted(["inbreng-geopend", "inbreng-gesloten",
                                                         "antwoorden-ontvangen", *everyone])
    assert _kinds(store, ids["chair"]) == sorted(["inbreng-gesloten", "antwoorden-ontvangen", *everyone])
    assert _kinds(store, ids[official]) == sorted(["vragen-verstuurd", *everyone])
    # the clerk took the steps that would tell clerks (receiving, publishing): never told of its own step
    assert _kinds(store, ids["clerk"]) == []
    assert len(sender.sent) == sum(len(store.mail.notifications(i)) for i in ids.values())
    assert all(m.sent_at is not None for m in store.mail.outbox())


def test_a_role_of_another_committee_is_not_told(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    elsewhere = user_with_mail(store, "lid-elders", Role.MEMBER, "Groot", committee="een andere commissie")
    clock = Clock(START)
    _run(_service(store, clock, FakeSender()), clock, steps, until="close_intake")
    assert _kinds(store, elsewhere) == []


# -- the mails ------------------------------------------------------------------------------

def test_a_mail_is_dutch_with_date_message_id_and_links_from_the_public_url(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    sender = FakeSender()
    clock = Clock(START)
    _run(_service(store, clock, sender, smtp_sender="griffie@example.nl"), clock, steps, until="submit_contribution")
    [opened, *_] = sender.sent
    assert opened["To"] in ("member-groot@example.nl", "member-klein@example.nl")
    assert opened["From"] == "griffie@example.nl"
    assert opened["Date"] and opened["Message-ID"].endswith("@overleg.example.nl>")
    body = opened.get_content()
    assert "De inbreng voor het schriftelijk overleg" in body and "is geopend" in body
    assert f"{PUBLIC}/werkruimte/so-1" in body and f"{PUBLIC}/profiel" in body
    assert "maart 2026" in body and "uur" in body  # the deadline as a Dutch moment, never ISO
    assert "2026-03" not in body


def test_without_smtp_the_mails_stay_in_the_outbox(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock)
    assert not service.notifications.delivers()
    _run(service, clock, steps, until="submit_contribution")
    mails = store.mail.outbox()
    assert {m.recipient for m in mails} == {"member-groot@example.nl", "member-klein@example.nl"}
    assert all(m.sent_at is None and m.attempts == 0 for m in mails)
    assert service.notifications.outbox(Credentials.operator()) == mails


def test_a_failing_mail_server_keeps_the_mail_and_the_step_succeeds_and_the_job_sends_it_later(
        store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock, FakeSender(fail=True))
    _run(service, clock, steps, until="submit_contribution")
    assert service.consultations.get(steps[0].actor, "so-1").state.value == "intake_open"
    mails = store.mail.outbox()
    assert mails and all(m.sent_at is None and m.attempts == 1 and "down" in (m.last_error or "") for m in mails)
    working = FakeSender()
    service.notifications.sender = working
    report = service.notifications.run_job()
    assert (report.sent, report.failed) == (len(mails), 0)
    assert all(m.sent_at is not None for m in store.mail.outbox())
    assert service.notifications.run_job().sent == 0  # sent once only


def test_an_unreachable_smtp_server_does_not_fail_the_step(store: Store) -> None:
    from api_helpers import free_port

    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock, smtp_host="127.0.0.1", smtp_port=free_port())
    _run(service, clock, steps, until="submit_contribution")
    assert all(m.last_error and m.sent_at is None for m in store.mail.outbox())


def test_a_real_smtp_server_receives_the_mails(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    with smtp_server() as (port, received):
        _run(_service(store, clock, smtp_host="127.0.0.1", smtp_port=port), clock, steps,
             until="submit_contribution")
    assert sorted(m["To"] for m in received) == ["member-groot@example.nl", "member-klein@example.nl"]
    assert all(m["Date"] and m["Message-ID"] and m["Subject"].startswith("Inbreng geopend") for m in received)


def test_a_user_who_turned_a_kind_off_gets_the_notification_but_no_mail(store: Store) -> None:
    steps = consultation_steps(START)
    ids = _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock, FakeSender())
    klein = service.accounts.credentials(store.users.get(ids["member-klein"]))
    service.notifications.set_mail_kinds(klein, [k for k in service.notifications.mail_kinds(klein)
                                                 if k != "inbreng-geopend"])
    assert service.notifications.mail_kinds(klein)["inbreng-geopend"] is False
    _run(service, clock, steps, until="submit_contribution")
    assert [m.recipient for m in store.mail.outbox()] == ["member-groot@example.nl"]
    assert _kinds(store, ids["member-klein"]) == ["inbreng-geopend"]
    assert service.notifications.unread(klein) == 1
    assert service.notifications.mark_read(klein) == 1 and service.notifications.unread(klein) == 0


# -- reminders ------------------------------------------------------------------------------

def test_a_reminder_goes_once_to_the_group_that_has_not_submitted_two_days_before_the_deadline(
        store: Store) -> None:
    steps = consultation_steps(START)
    ids = _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock, FakeSender())
    # Groot submits; Klein does not
    for step in steps:
        if step.command.action == "submit_contribution" and step.actor.user_id == "member-klein":
            break
        clock.now = step.now
        # the actor as the service builds it from the user's memberships (roles linked to the registers)
        actor = _as_stored(service, step.actor)
        if isinstance(step.command, c.CreateConsultation):
            service.consultations.create(actor, step.command)
        else:
            service.consultations.execute(actor, "so-1", step.command)
    deadline = service.consultations.get(steps[0].actor, "so-1").deadline
    clock.now = deadline - dt.timedelta(days=3)
    assert service.notifications.remind() == 0  # not yet
    clock.now = deadline - dt.timedelta(days=1)
    assert service.notifications.remind() == 1
    assert service.notifications.remind() == 0  # once
    assert service.notifications.run_job().reminders == 0
    assert "herinnering" in _kinds(store, ids["member-klein"])
    assert "herinnering" not in _kinds(store, ids["member-groot"])
    [mail] = [m for m in store.mail.outbox() if m.kind == "herinnering"]
    assert mail.recipient == "member-klein@example.nl" and "nog niet ingediend" in mail.body


def test_a_reminder_goes_to_the_ministry_before_its_answer_deadline(store: Store) -> None:
    from overleg.service.notifications import Notifications

    steps = consultation_steps(START)
    ids = _cast(store, steps)
    clock = Clock(START)
    service = _service(store, clock, FakeSender())
    _run(service, clock, steps, until="answer")
    state = service.consultations.get(steps[0].actor, "so-1")
    # the answer deadline comes with the ministry's desk (another part of issue 14): as if it were there
    answer_deadline = clock.now + dt.timedelta(days=1)
    due = list(Notifications._due(replace(state, answer_deadline=answer_deadline), clock.now))
    official = next(name for name in ids if name.startswith("official-"))
    assert [(group, who) for _, _, group, who in due] == [
        (None, tuple(Audience(Role.OFFICIAL, _linked(store, r)) for r in next(
            s.actor for s in steps if s.actor.user_id == official).roles))]


def test_overleg_meldingen_runs_the_job_once_and_says_what_it_did(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from overleg.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = migrated_store(url)
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    _run(_service(store, clock), clock, steps, until="submit_contribution")  # two mails, no SMTP: in the outbox
    store.close()
    done = CliRunner().invoke(app, ["meldingen", "--database", url])
    assert done.exit_code == 0, done.output
    assert "0 mails sent, 0 failed" in done.output  # no SMTP set: they stay in the outbox


class _SlowSender(FakeSender):
    """A mail server that takes a while, so that two senders overlap."""

    def send(self, message: EmailMessage) -> None:
        time.sleep(0.02)
        super().send(message)


def test_two_processes_delivering_at_once_send_each_mail_exactly_once(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    _run(_service(store, clock), clock, steps, until="submit_contribution")  # no SMTP: all stay unsent
    unsent = store.mail.outbox()
    assert len(unsent) >= 2 and all(m.sent_at is None for m in unsent)
    senders = [_SlowSender(), _SlowSender()]
    services = [_service(store, clock, s) for s in senders]  # two workers, one store
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda s: s.notifications.deliver(), services))
    received = [m["Message-ID"] for s in senders for m in s.sent]
    assert sorted(received) == sorted(m.message_id for m in unsent)  # every mail, none twice
    assert sum(sent for sent, _ in reports) == len(unsent)
    assert all(m.sent_at is not None and m.claimed_until is None for m in store.mail.outbox())


def test_a_claim_whose_sender_died_lapses_and_the_mail_is_sent_later(store: Store) -> None:
    steps = consultation_steps(START)
    _cast(store, steps)
    clock = Clock(START)
    _run(_service(store, clock), clock, steps, until="submit_contribution")
    [first, *_] = store.mail.outbox()
    held = clock.now + dt.timedelta(seconds=Settings().job_lease_seconds)  # a sender's claim lasts a job lease
    assert store.mail.claim(first.id, clock.now, held)  # a sender takes it, then dies
    assert not store.mail.claim(first.id, clock.now, held)  # nobody else may while it holds it
    sender = FakeSender()
    service = _service(store, clock, sender)
    service.notifications.deliver()
    assert first.message_id not in {m["Message-ID"] for m in sender.sent}
    clock.now = held + dt.timedelta(seconds=1)
    service.notifications.deliver()
    assert first.message_id in {m["Message-ID"] for m in sender.sent}
