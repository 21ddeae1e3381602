"""Atom feeds, saved searches and follows, and their delivery by SMTP and webhook, exactly once;
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from lxml import etree as lxml_etree
from sqlalchemy import func, select
from typer.testing import CliRunner

from alert_servers import payloads, smtp_server, webhook_receiver
from corpus_support import EXAMPLES, SEED, migrated_store
from overleg import exchange
from overleg.app import create_app
from overleg.cli import app
from overleg.corpus.alerts import notifications as alerts
from overleg.corpus.alerts.addresses import AddressPolicy
from overleg.corpus.alerts.webhook import Outbound
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.ingest.save import save_and_index
from overleg.corpus.search.filters import SearchFilters
from overleg.model import Asker, Document, DocumentId, DocumentType, Item
from overleg.readers import read as read_document
from overleg.service import Service
from overleg.settings import Settings
from overleg.store import Store
from overleg.store.engine import read
from overleg.store.schema import notifications_sent

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2026, 11, 27)
SOME_EXAMPLES = (SEED, EXAMPLES / "ah-tk-20232024-1949.pdf", EXAMPLES / "jenv-beantw-2023Z19677.docx")
# webhooks go to public addresses only; the receiver of these tests is on loopback, let through
# by an allowance only a test can give (test_alerts_outbound.py proves the refusals)
TO_LOOPBACK = Outbound(AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),)))


def unanswered() -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20252026-900"),
                    title="Vragen over wachtlijsten", questions_sent_on=dt.date(2026, 10, 1),
                    addressees=("Minister van Volksgezondheid, Welzijn en Sport",), askers=(Asker("Dobbe", "SP"),),
                    items=(Item(1, "Kent u het bericht over wachtlijsten in Rafah?"),))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("alerts") / "in"
    folder.mkdir()
    for path in SOME_EXAMPLES:
        shutil.copy(path, folder / path.name)
    (folder / "unanswered.json").write_text(exchange.to_json(unanswered()), encoding="utf-8")
    with migrated_store(request.param, folder.parent) as opened:
        assert ingest([folder], opened, jobs=1).ok
        yield opened


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(Service(store)))


def moment(text: str | None) -> dt.datetime:
    """An RFC 3339 date-time as Atom requires it (with its offset)."""
    found = dt.datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    assert found.tzinfo is not None
    return found


def parse_feed(body: bytes) -> ET.Element:
    """The feed, checked against the rules of RFC 4287 a test can check: exactly one id, title and
    updated on the feed and on every entry (published at most once), dates in RFC 3339, an
    author, at most one alternate link per media type, absolute links, the feed's updated the
    newest entry's."""
    root = lxml_etree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for node in (root, *root.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert len(node.findall(f"{ATOM}{required}")) == 1, required
        assert len(node.findall(f"{ATOM}published")) <= 1
        moment(node.findtext(f"{ATOM}updated"))
        assert (node.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
        alternates = [link.get("type") for link in node.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternates) == len(set(alternates))
        assert all((link.get("href") or "").startswith(("http://", "https://")) for link in node.findall(f"{ATOM}link"))
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    if entries:
        assert moment(root.findtext(f"{ATOM}updated")) == max(moment(e.findtext(f"{ATOM}updated")) for e in entries)
    return ET.fromstring(body)


def entry_of(root: ET.Element, doc_id: str) -> ET.Element:
    return next(e for e in root.findall(f"{ATOM}entry")
                if (e.find(f"{ATOM}link") is not None and doc_id in (e.find(f"{ATOM}link").get("href") or "")))  # type: ignore[union-attr]


def links_of(entry: ET.Element) -> list[tuple[str | None, str | None, str | None]]:
    return [(link.get("rel"), link.get("type"), link.get("href")) for link in entry.findall(f"{ATOM}link")]


def test_a_feed_entry_is_dated_by_the_document_and_links_to_its_web_page_first(store: Store) -> None:
    public = TestClient(create_app(Service(store, settings=Settings(public_url="https://overleg.example/"))))
    root = parse_feed(public.get("/api/feeds/committee/commissie voor Buitenlandse Zaken.atom").content)
    seed = entry_of(root, "kst-21501-02-3349")
    # the report bears 20 February 2026, the day the answers came too; it was stored today
    assert seed.findtext(f"{ATOM}published") == seed.findtext(f"{ATOM}updated") == "2026-02-20T00:00:00Z"
    assert seed.findtext(f"{ATOM}title") == "Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349"
    assert links_of(seed) == [
        ("alternate", "text/html", "https://overleg.example/documents/kst-21501-02-3349"),
        ("alternate", "application/json", "https://overleg.example/api/documents/kst-21501-02-3349")]
    assert root.findtext(f"{ATOM}title") == "overleg: commissie commissie voor Buitenlandse Zaken"


def test_written_questions_are_published_on_the_day_of_their_answer(client: TestClient, store: Store) -> None:
    doc = store.documents.get("ah-tk-20232024-1949")
    assert doc.answered_on is not None
    root = parse_feed(client.get("/api/feeds/ministry/Justitie en Veiligheid.atom").content)
    entry = entry_of(root, "ah-tk-20232024-1949")
    assert moment(entry.findtext(f"{ATOM}published")).date() == max(d for d in (doc.date, doc.answered_on) if d)
    assert (entry.findtext(f"{ATOM}title") or "").endswith("Aanhangsel Handelingen II 2023/24, nr. 1949")


def test_a_search_hit_links_to_its_question_on_the_page(client: TestClient) -> None:
    root = parse_feed(client.get("/api/feeds/search.atom", params={"q": "Rafah"}).content)
    pages = [href for e in root.findall(f"{ATOM}entry") for rel, kind, href in links_of(e) if kind == "text/html"]
    assert any(h and h.startswith("http://127.0.0.1:8000/documents/kst-21501-02-3349#vraag-") for h in pages)
    assert root.findtext(f"{ATOM}title") == "overleg: zoeken naar Rafah"


def test_a_corrected_document_is_updated_when_the_correction_was_stored(tmp_path: Path) -> None:
    with migrated_store("sqlite", tmp_path) as own:
        first = unanswered()
        save_and_index(own, first)
        client = TestClient(create_app(Service(own)))
        before = entry_of(parse_feed(client.get("/api/feeds/member/Dobbe.atom").content), "ah-tk-20252026-900")
        assert before.findtext(f"{ATOM}updated") == before.findtext(f"{ATOM}published") == "2026-10-01T00:00:00Z"
        save_and_index(own, replace(first, title="Vragen over wachtlijsten in de zorg"))
        after = entry_of(parse_feed(client.get("/api/feeds/member/Dobbe.atom").content), "ah-tk-20252026-900")
    assert after.findtext(f"{ATOM}published") == "2026-10-01T00:00:00Z"
    assert moment(after.findtext(f"{ATOM}updated")) > moment(after.findtext(f"{ATOM}published"))
    assert after.findtext(f"{ATOM}id") == before.findtext(f"{ATOM}id")


def test_an_alert_mail_is_dutch_cites_the_paper_and_links_to_its_page(tmp_path: Path) -> None:
    with migrated_store("sqlite", tmp_path) as own, smtp_server() as (port, mail):
        save_and_index(own, read_document(EXAMPLES / "ah-tk-20232024-1949.pdf"))
        user = own.users.create_user("carla", None, "Carla")
        alerts.follow(own, user.id, "ah-tk-20232024-1949", email="carla@example.org")
        report = alerts.run_alerts(own, today=TODAY, smtp=alerts.SmtpSettings("127.0.0.1", port),
                                   public_url="https://overleg.example")
    assert report.failures == [] and report.sent == 1
    [message] = mail
    assert " ".join(str(message["Subject"]).split()) == (
        "Beantwoord: Schriftelijke vragen met antwoorden - Aanhangsel Handelingen II 2023/24, nr. 1949")
    body = message.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "De vragen zijn beantwoord op " in body
    assert "https://overleg.example/documents/ah-tk-20232024-1949" in body and "/api/" not in body


def test_search_feed_is_atom_with_the_hit_and_stable_ids(client: TestClient) -> None:
    first = client.get("/api/feeds/search.atom", params={"q": "Rafah"})
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/atom+xml")
    root = parse_feed(first.content)
    entries = root.findall(f"{ATOM}entry")
    assert any("kst-21501-02-3349" in (e.find(f"{ATOM}link").get("href") or "") for e in entries)  # type: ignore[union-attr]
    second = parse_feed(client.get("/api/feeds/search.atom", params={"q": "Rafah"}).content)
    assert [e.findtext(f"{ATOM}id") for e in second.findall(f"{ATOM}entry")] == \
        [e.findtext(f"{ATOM}id") for e in entries]
    assert second.findtext(f"{ATOM}id") == root.findtext(f"{ATOM}id")
    other = parse_feed(client.get("/api/feeds/search.atom", params={"q": "Gaza"}).content)
    assert other.findtext(f"{ATOM}id") != root.findtext(f"{ATOM}id")


def test_a_query_full_of_syntax_still_gives_a_valid_feed(client: TestClient) -> None:
    response = client.get("/api/feeds/search.atom", params={"q": '"(( Rafah* OR" AND NOT ) \'; DROP'})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        parse_feed(response.content)


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("ministry", "Justitie en Veiligheid", {"ah-tk-20232024-1949"}),
    ("member", "Dobbe", {"ah-tk-20252026-900"}),
    ("group", "PVV", {"ah-tk-20232024-1949"}),
    ("committee", "commissie voor Buitenlandse Zaken", {"kst-21501-02-3349"}),
])
def test_facet_feeds_list_the_documents_of_that_ministry_member_group_or_committee(
        client: TestClient, kind: str, name: str, expected: set[str]) -> None:
    root = parse_feed(client.get(f"/api/feeds/{kind}/{name}.atom").content)
    found = {(e.find(f"{ATOM}link").get("href") or "").rsplit("/", 1)[1]  # type: ignore[union-attr]
             for e in root.findall(f"{ATOM}entry")}
    assert expected <= found
    assert "kst-21501-02-3349" not in found or "kst-21501-02-3349" in expected


def test_an_unknown_feed_kind_is_a_400(client: TestClient) -> None:
    assert client.get("/api/feeds/planet/Mars.atom").status_code == 400


def test_commitments_feed_has_one_entry_per_commitment_with_its_status(client: TestClient, store: Store) -> None:
    seed = store.documents.get("kst-21501-02-3349")
    root = parse_feed(client.get("/api/feeds/commitments.atom").content)
    titles = [e.findtext(f"{ATOM}title") or "" for e in root.findall(f"{ATOM}entry")]
    assert len(titles) == len(seed.commitments)
    assert all(t.split(":")[0] in ("open", "te laat", "nagekomen") for t in titles)
    assert all(t.endswith("(Kamerstuk 21 501-02, nr. 3349)") for t in titles)


def test_stats_and_open_questions_over_http_as_json_and_csv(client: TestClient) -> None:
    rows = client.get("/api/stats/answer-times").json()
    assert any(r["ministry"] == "Justitie en Veiligheid" for r in rows)
    as_csv = client.get("/api/stats/answer-times", params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.splitlines()[0].startswith("ministry,answered,")
    assert client.get("/api/stats/nonsense").status_code == 400
    overdue = client.get("/api/open-questions").json()
    assert [r["document_id"] for r in overdue] == ["ah-tk-20252026-900"]
    assert client.get("/api/open-questions", params={"by": "member"}).json()[0]["member"] == "Dobbe"


def test_saving_a_search_over_http_needs_a_login(client: TestClient, store: Store) -> None:
    assert client.post("/api/alerts/saved-searches", json={"query": "Rafah", "email": "a@b.nl"}).status_code == 401
    user = store.users.create_user(f"reader-{store.dialect}", None, "Reader")
    token = store.users.create_api_token(user.id)
    headers = {"Authorization": f"Bearer {token}"}
    # a public address, written as one: saving resolves nothing (no DNS in tests)
    made = client.post("/api/alerts/saved-searches", json={"query": "Rafah", "webhook_url": "https://93.184.215.14/x"},
                       headers=headers)
    assert made.status_code == 201, made.text
    assert client.post("/api/alerts/follows", json={"document_id": "kst-21501-02-3349"},
                       headers=headers).status_code == 400  # neither e-mail nor webhook
    listed = client.get("/api/alerts", headers=headers).json()
    assert [s["id"] for s in listed] == [made.json()["id"]]
    assert client.delete(f"/api/alerts/{made.json()['id']}", headers=headers).status_code == 204
    assert client.get("/api/alerts", headers=headers).json() == []


def test_alerts_are_sent_once_by_smtp_and_webhook(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    user = store.users.create_user(f"alice-{store.dialect}", None, "Alice")
    secret = "s3cret"
    with smtp_server() as (port, mail), webhook_receiver() as (url, hooks):
        search_id = alerts.save_search(store, user.id, "Rafah", "Rafah", SearchFilters(), email="alice@example.org",
                                       webhook_url=url, webhook_secret=secret)
        follow_id = alerts.follow(store, user.id, "ah-tk-20252026-900", webhook_url=url, webhook_secret=secret)
        answered_id = alerts.follow(store, user.id, "ah-tk-20232024-1949", email="alice@example.org")
        smtp = alerts.SmtpSettings("127.0.0.1", port, sender="overleg@example.org")
        first = alerts.run_alerts(store, today=TODAY, smtp=smtp, outbound=TO_LOOPBACK)
        assert first.failures == []
        assert {m["X-Overleg-Key"] for m in mail} >= {"match:kst-21501-02-3349", "match:ah-tk-20252026-900",
                                                      "answer:ah-tk-20232024-1949"}
        assert all(m["To"] == "alice@example.org" for m in mail)
        bodies = payloads(hooks)
        assert {(b["subscription"], b["key"]) for b in bodies} >= {
            (search_id, "match:kst-21501-02-3349"), (follow_id, "overdue-question:ah-tk-20252026-900")}
        assert all(b["url"] == f"http://127.0.0.1:8000/documents/{b['document_id']}" for b in bodies)
        late = next(b for b in bodies if b["key"] == "overdue-question:ah-tk-20252026-900")
        assert late["subject"] == ("Termijn verstreken: Schriftelijke vragen met antwoorden - "
                                   "Aanhangsel Handelingen II 2025/26, nr. 900")
        assert late["text"] == ("Vragen over wachtlijsten\n\nDe vragen zijn gesteld op 1 oktober 2026 en niet "
                                "binnen 21 dagen beantwoord.")
        for headers, body in hooks:
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            assert headers[alerts.SIGNATURE_HEADER] == expected
        assert first.sent == len(mail) + len(hooks)
        mails, posts = len(mail), len(hooks)
        second = alerts.run_alerts(store, today=TODAY, smtp=smtp, outbound=TO_LOOPBACK)
        assert (second.sent, len(mail), len(hooks)) == (0, mails, posts)
        assert second.skipped == first.sent
        with read(store.engine) as conn:
            recorded = conn.execute(select(func.count()).select_from(notifications_sent)
                                    .where(notifications_sent.c.subscription_id.in_(
                                        [search_id, follow_id, answered_id]))).scalar_one()
        assert recorded == first.sent
        # the CLI reads the SMTP settings from the environment, and also sends nothing twice
        monkeypatch.setenv("OVERLEG_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("OVERLEG_SMTP_PORT", str(port))
        result = CliRunner().invoke(app, ["alerts", "run", "--database", store.url, "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        assert "0 notifications sent" in result.output
        assert len(mail) == mails


def test_a_failed_delivery_is_reported_and_tried_again(store: Store) -> None:
    user = store.users.create_user(f"bob-{store.dialect}", None, "Bob")
    alerts.follow(store, user.id, "ah-tk-20232024-1949", email="bob@example.org")
    without_smtp = alerts.run_alerts(store, today=TODAY, smtp=None)
    assert any("no SMTP server" in f for f in without_smtp.failures)
    with smtp_server() as (port, mail):
        again = alerts.run_alerts(store, today=TODAY, smtp=alerts.SmtpSettings("127.0.0.1", port))
    assert [m["X-Overleg-Key"] for m in mail if m["To"] == "bob@example.org"] == ["answer:ah-tk-20232024-1949"]
    assert again.failures == []


def test_smtp_settings_come_from_the_environment() -> None:
    assert Settings.from_environ({}).smtp_host is None
    values = {"HOST": "mail.example.org", "PORT": "2525", "USER": "u", "PASSWORD": "geheim", "FROM": "a@example.org"}
    found = Settings.from_environ({f"OVERLEG_SMTP_{key}": value for key, value in values.items()})
    assert (found.smtp_host, found.smtp_port, found.smtp_user, found.smtp_password, found.smtp_sender) == (
        "mail.example.org", 2525, "u", "geheim", "a@example.org")
    assert "geheim" not in repr(found) and found.shown()["smtp_password"] == "***"


def test_the_webhook_signature_is_hmac_sha256_of_the_body() -> None:
    assert alerts.sign("key", b'{"a":1}') == "sha256=" + hmac.new(b"key", b'{"a":1}', hashlib.sha256).hexdigest()


def test_the_alert_tables_come_with_migration_0003_which_0004_follows() -> None:
    from alembic.script import ScriptDirectory

    from overleg.store.migrate import _config

    revision = ScriptDirectory.from_config(_config()).get_revision("0004")
    assert revision is not None and revision.down_revision == "0003"
