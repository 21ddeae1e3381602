"""A failing subscription is recorded and tried again, and never stops the others; webhooks to
refused addresses are refused when saved and again when delivered, without a socket; on SQLite
and PostgreSQL. The resolver is a dictionary and connections are fakes or loopback only."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, update

from alert_servers import smtp_server
from corpus_support import SEED, migrated_store
from overleg import exchange
from overleg.app import create_app
from overleg.corpus.alerts import notifications as alerts
from overleg.corpus.alerts.addresses import AddressPolicy, IPAddress
from overleg.corpus.alerts.failures import failures
from overleg.corpus.alerts.webhook import Outbound
from overleg.corpus.ingest.pipeline import ingest
from overleg.errors import ValidationFailed
from overleg.model import Document, DocumentId, DocumentType, Item
from overleg.service import Service
from overleg.service.accounts import Credentials
from overleg.service.alerts import Alerts
from overleg.settings import Settings
from overleg.store import Store
from overleg.store.engine import read, write
from overleg.store.schema import follows, notifications_sent, saved_searches
from test_webhook_addresses import PUBLIC_V4, FakeResolver
from test_webhook_delivery import PairConnector, answering, no_socket, read_request

TODAY = dt.date(2026, 11, 27)
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
SEED_MATCH = "match:kst-21501-02-3349"
LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def second_match() -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20252026-901"),
                    title="Vragen over Rafah", questions_sent_on=dt.date(2026, 11, 20),
                    items=(Item(1, "Wat weet u van de hulp aan Rafah?"),))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("failing") / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "second.json").write_text(exchange.to_json(second_match()), encoding="utf-8")
    with migrated_store(request.param, folder.parent) as opened:
        assert ingest([folder], opened, jobs=1).ok
        yield opened


@pytest.fixture
def store(corpus: Store) -> Iterator[Store]:
    """The corpus without subscriptions: a run sends only what the test saved."""
    yield corpus
    with write(corpus.engine) as conn:
        for table in (notifications_sent, saved_searches, follows):
            conn.execute(delete(table))


def a_user(store: Store) -> str:
    return store.users.create_user(f"u-{time.monotonic_ns()}", None, "U").id


def hooks(resolver: dict[str, list[str]], connect: object = no_socket) -> Outbound:
    return Outbound(AddressPolicy(resolver=FakeResolver(resolver)), connect=connect)  # type: ignore[arg-type]


def sent_rows(store: Store, subscription_id: str) -> list[tuple[str, str]]:
    with read(store.engine) as conn:
        rows = conn.execute(select(notifications_sent.c.key, notifications_sent.c.channel)
                            .where(notifications_sent.c.subscription_id == subscription_id))
        return sorted((r.key, r.channel) for r in rows if not r.key.startswith("!"))


# --- one failing subscription does not stop the others ----------------------------------------


@pytest.mark.parametrize("broken", ["unsearchable query", "unparseable webhook URL", "refused webhook address"])
def test_a_failing_subscription_does_not_stop_the_run_for_the_others(store: Store, broken: str) -> None:
    """Before: a saved search whose query has nothing to search, or a webhook URL the HTTP client
    could not parse, raised out of ``alerts run`` and no later subscription was served."""
    user = a_user(store)
    if broken == "unsearchable query":
        bad = alerts.save_search(store, user, "nothing", "AND", email="broken@example.org")
    else:
        bad = alerts.follow(store, user, "kst-21501-02-3349", webhook_url="https://hooks.example.org/")
        saved_before_the_checks = "http://[::1/x" if broken == "unparseable webhook URL" else "http://10.0.0.5/"
        with write(store.engine) as conn:
            conn.execute(update(follows).where(follows.c.id == bad).values(webhook_url=saved_before_the_checks))
    fine = alerts.save_search(store, user, "Rafah", "Rafah", email="fine@example.org")
    with smtp_server() as (port, mail):
        report = alerts.run_alerts(store, today=TODAY, smtp=alerts.SmtpSettings("127.0.0.1", port),
                                   outbound=hooks({}), now=T0)
    assert sorted(m["X-Overleg-Key"] for m in mail if m["To"] == "fine@example.org") == [
        "match:ah-tk-20252026-901", SEED_MATCH]
    assert len(report.failures) == 1 and report.failures[0].startswith(bad)
    assert set(failures(store)) == {(bad, "check" if broken == "unsearchable query" else "webhook")}
    assert len(sent_rows(store, fine)) == 2 and sent_rows(store, bad) == []


# --- a failure is recorded: when, why, how many times; retried later with a backoff --------------


def test_a_failing_webhook_is_recorded_retried_with_backoff_and_cleared_when_it_works(store: Store) -> None:
    user = a_user(store)
    sub = alerts.save_search(store, user, "Rafah", "Rafah", webhook_url="http://hooks.example.org/in")
    calls: list[str] = []

    def refusing(address: IPAddress, port: int, timeout: float) -> socket.socket:
        calls.append(str(address))
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    down = hooks({"hooks.example.org": [PUBLIC_V4]}, refusing)
    for minute in (0, 1, 2):  # the first three failures are retried on the next run
        report = alerts.run_alerts(store, today=TODAY, outbound=down, now=T0 + dt.timedelta(minutes=minute))
        assert len(report.failures) == 1 and "Connection refused" in report.failures[0]
    # two notifications, but one attempt per run: the second waits for the next run
    assert calls == [PUBLIC_V4] * 3
    record = failures(store)[(sub, "webhook")]
    assert (record.attempts, record.since, record.last) == (3, T0, T0 + dt.timedelta(minutes=2))
    assert "Connection refused" in record.reason and record.next_attempt == T0 + dt.timedelta(minutes=2)

    fourth = alerts.run_alerts(store, today=TODAY, outbound=down, now=T0 + dt.timedelta(minutes=3))
    assert calls == [PUBLIC_V4] * 4 and len(fourth.failures) == 1
    assert failures(store)[(sub, "webhook")].next_attempt == T0 + dt.timedelta(minutes=18)
    waiting = alerts.run_alerts(store, today=TODAY, outbound=down, now=T0 + dt.timedelta(minutes=10))
    assert (len(calls), waiting.failures, waiting.sent) == (4, [], 0)
    assert len(waiting.waiting) == 1 and "failed 4 times in a row" in waiting.summary()

    requests: list[bytes] = []
    up = hooks({"hooks.example.org": [PUBLIC_V4]}, PairConnector(answering(b"HTTP/1.1 204 No Content", requests)))
    back = alerts.run_alerts(store, today=TODAY, outbound=up, now=T0 + dt.timedelta(minutes=18))
    assert (back.sent, back.failures, len(requests)) == (2, [], 2)
    assert failures(store) == {}
    assert sent_rows(store, sub) == [("match:ah-tk-20252026-901", "webhook"), (SEED_MATCH, "webhook")]


class _FailsSecond(BaseHTTPRequestHandler):
    """A receiver that answers 500 to its second request and 204 to every other."""

    server: _Counting

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.seen.append(body)
        self.send_response(500 if len(self.server.seen) == 2 else 204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


class _Counting(ThreadingHTTPServer):
    seen: list[bytes]


def test_each_notification_is_still_delivered_exactly_once_across_a_failure(store: Store) -> None:
    user = a_user(store)
    sub = alerts.save_search(store, user, "Rafah", "Rafah", webhook_url="http://127.0.0.1/")
    server = _Counting(("127.0.0.1", 0), _FailsSecond)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with write(store.engine) as conn:
            conn.execute(update(saved_searches).where(saved_searches.c.id == sub)
                         .values(webhook_url=f"http://127.0.0.1:{server.server_address[1]}/hook"))
        receiver = Outbound(AddressPolicy(allowed=LOOPBACK))
        first = alerts.run_alerts(store, today=TODAY, outbound=receiver, now=T0)
        second = alerts.run_alerts(store, today=TODAY, outbound=receiver, now=T0 + dt.timedelta(minutes=1))
        third = alerts.run_alerts(store, today=TODAY, outbound=receiver, now=T0 + dt.timedelta(minutes=2))
    finally:
        server.shutdown()
        server.server_close()
    assert (first.sent, len(first.failures)) == (1, 1)
    assert (second.sent, second.skipped, third.sent, third.skipped) == (1, 1, 0, 2)
    keys = [body.split(b'"key": "')[1].split(b'"')[0].decode() for body in server.seen]
    delivered = [key for n, key in enumerate(keys, start=1) if n != 2]
    assert sorted(delivered) == ["match:ah-tk-20252026-901", SEED_MATCH] and len(keys) == 3
    assert len(sent_rows(store, sub)) == 2 and failures(store) == {}


# --- refused at delivery, without a socket -----------------------------------------------------


def test_a_name_that_resolves_to_a_private_address_at_delivery_is_refused_without_a_socket(store: Store) -> None:
    """Saved while the name resolved to a public address; by the run it resolves to the cloud's
    metadata service (DNS rebinding between saving and delivery)."""
    user = a_user(store)
    part = Alerts(store, Settings(), AddressPolicy(resolver=FakeResolver({"hooks.example.org": [PUBLIC_V4]})))
    who = Service(store).accounts.credentials(store.users.get(user))
    sub = part.save_search(who, "Rafah", webhook_url="https://hooks.example.org/").id
    rebound = hooks({"hooks.example.org": ["169.254.169.254"]})  # no_socket: fails the test when called
    report = alerts.run_alerts(store, today=TODAY, outbound=rebound, now=T0)
    assert (report.sent, len(report.failures)) == (0, 1)
    assert "hooks.example.org (169.254.169.254): link-local" in failures(store)[(sub, "webhook")].reason


def test_the_run_of_the_service_takes_the_webhook_deadline_from_the_settings(store: Store) -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, then never answers
    held: list[socket.socket] = []

    def accept() -> None:
        conn, _ = listener.accept()
        held.append(conn)
        read_request(conn)

    threading.Thread(target=accept, daemon=True).start()
    user = a_user(store)
    alerts.save_search(store, user, "Rafah", "Rafah", webhook_url=f"http://127.0.0.1:{listener.getsockname()[1]}/")
    part = Alerts(store, Settings(webhook_timeout_seconds=1), AddressPolicy(allowed=LOOPBACK))
    started = time.monotonic()
    try:
        report = part.run(Credentials.operator(), today=TODAY)
    finally:
        listener.close()
        for conn in held:
            conn.close()
    assert len(report.failures) == 1 and "did not answer within 1 s" in report.failures[0]
    assert time.monotonic() - started < 3


# --- refused at saving -------------------------------------------------------------------------


def test_saving_a_webhook_that_resolves_to_a_private_address_is_refused_naming_the_field(store: Store) -> None:
    service = Service(store)
    who = service.accounts.credentials(store.users.get(a_user(store)))
    part = Alerts(store, Settings(), AddressPolicy(resolver=FakeResolver({
        "intranet.example.org": ["10.20.30.40"], "hooks.example.org": [PUBLIC_V4]})))
    with pytest.raises(ValidationFailed, match=r"10\.20\.30\.40") as caught:
        part.save_search(who, "Rafah", webhook_url="https://intranet.example.org/hook")
    assert caught.value.field == "webhook_url"
    with pytest.raises(ValidationFailed, match="loopback") as followed:
        part.follow(who, "kst-21501-02-3349", webhook_url="http://127.0.0.1:8080/")
    assert followed.value.field == "webhook_url"
    assert part.subscriptions(who) == []
    saved = part.save_search(who, "Rafah", webhook_url="https://hooks.example.org/hook")
    assert [s.id for s in part.subscriptions(who)] == [saved.id]


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://localhost:9000/",
                                 "http://[::1]/", "http://0.0.0.0:8000/", "ftp://93.184.215.14/", "gopher://x/"])
def test_the_api_refuses_such_a_webhook_with_422_naming_webhook_url(store: Store, url: str) -> None:
    client = TestClient(create_app(Service(store)))
    user = a_user(store)
    headers = {"Authorization": f"Bearer {store.users.create_api_token(user)}"}
    for path, body in (("/api/alerts/saved-searches", {"query": "Rafah"}),
                       ("/api/alerts/follows", {"document_id": "kst-21501-02-3349"})):
        answer = client.post(path, json={**body, "webhook_url": url}, headers=headers)
        assert answer.status_code == 422, answer.text
        assert answer.json()["field"] == "webhook_url"
    with read(store.engine) as conn:
        assert conn.execute(select(func.count()).select_from(saved_searches)).scalar_one() == 0
