"""What an operator sees: the request id (header, log, the Dutch error page's Meldingsnummer),
Prometheus metrics at ``/metrics`` (by route template, added up across ``serve --workers``),
JSON request logs that never hold a secret, and forwarded headers believed only from the
configured proxies. SQLite and PostgreSQL alike (docs/operations.md)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api_helpers import LOCAL, migrated_store, serve_process, stop
from db_support import database
from overleg.app import create_app
from overleg.http.observe import JsonLines
from overleg.service import Service
from overleg.settings import Settings
from overleg.store import Store

KINDS = ["sqlite", "postgresql"]
HEX_ID = re.compile(r"[0-9a-f]{16}")


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        try:
            yield opened
        finally:
            opened.close()


def client_of(store: Store, settings: Settings | None = None, client: tuple[str, int] = LOCAL) -> TestClient:
    return TestClient(create_app(Service(store, settings=settings or Settings())), client=client,
                      raise_server_exceptions=False)


def counted(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name`` with ``labels`` in a Prometheus text page (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


def test_every_answer_carries_a_request_id_and_a_proxys_plain_one_is_kept(store: Store) -> None:
    with client_of(store) as client:
        first, second = client.get("/healthz"), client.get("/api/documents/nothing-here")
        assert HEX_ID.fullmatch(first.headers["x-request-id"]) and HEX_ID.fullmatch(second.headers["x-request-id"])
        assert first.headers["x-request-id"] != second.headers["x-request-id"]
        kept = client.get("/healthz", headers={"X-Request-ID": "proxy-4f1c-20261207"})
        assert kept.headers["x-request-id"] == "proxy-4f1c-20261207"
        for forged in ("kort", "x" * 65, "two words here", "a\\u2028b-12345678"):
            assert HEX_ID.fullmatch(client.get("/healthz", headers={"X-Request-ID": forged}).headers["x-request-id"])


def test_a_dutch_error_page_shows_the_meldingsnummer_the_header_carries(store: Store) -> None:
    with client_of(store) as client:
        missing = client.get("/geen-pagina", headers={"Accept": "text/html"})
        assert missing.status_code == 404
        assert f"Meldingsnummer: <code>{missing.headers['x-request-id']}</code>" in missing.text


def test_a_defect_is_500_with_its_id_on_the_page_in_the_header_and_in_the_log(
        store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise RuntimeError("a defect")

    with client_of(store) as client:
        monkeypatch.setattr(client.app.state.service.database, "readiness", broken)  # type: ignore[attr-defined]
        with caplog.at_level(logging.ERROR, logger="overleg"):
            page = client.get("/readyz", headers={"Accept": "text/html"})
        assert page.status_code == 500
        request_id = page.headers["x-request-id"]
        assert f"Meldingsnummer: <code>{request_id}</code>" in page.text and "a defect" not in page.text
        assert any(request_id in record.getMessage() for record in caplog.records)
        as_json = client.get("/readyz")
        assert as_json.status_code == 500 and HEX_ID.fullmatch(as_json.headers["x-request-id"])


def test_metrics_count_requests_by_route_template_and_status_and_time_searches(store: Store) -> None:
    with client_of(store) as client:
        before = client.get("/metrics").text
        for name in ("eerste", "tweede", "derde"):
            assert client.get(f"/api/documents/{name}").status_code == 404
        assert client.get("/api/search", params={"q": "Rafah"}).status_code == 200
        page = client.get("/metrics")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
        after = page.text
    by_template = {"method": "GET", "route": "/api/documents/{doc_id}", "status": "404"}
    assert counted(after, "overleg_http_requests_total", **by_template) \
        - counted(before, "overleg_http_requests_total", **by_template) == 3
    assert "eerste" not in after  # a route's template, never its path
    assert counted(after, "overleg_search_duration_seconds_count", route="/api/search") \
        - counted(before, "overleg_search_duration_seconds_count", route="/api/search") == 1
    assert counted(after, "overleg_http_request_duration_seconds_bucket", route="/api/search", le="+Inf") >= 1
    assert counted(after, "overleg_db_pool_connections", state="size") >= 1
    assert counted(after, "overleg_http_requests_total", route="/metrics") == 0  # scrapes are not requests


def test_metrics_show_each_scheduled_jobs_runs_failures_and_holder_from_the_store(store: Store) -> None:
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    hour = dt.timedelta(hours=1)
    for _ in range(2):  # two completed runs, as two workers on two machines would record them
        assert store.leases.take("meldingen", "machine-a", now, now + hour, dt.timedelta(0))
        store.leases.release("meldingen", "machine-a", now)
    assert store.leases.take("attenderingen", "machine-b", now, now + hour, dt.timedelta(0))
    store.leases.release("attenderingen", "machine-b", now, "SMTPServerDisconnected: gone")
    assert store.leases.take("attenderingen", "machine-b", now, now + hour, dt.timedelta(0))  # running now
    with client_of(store) as client:
        text = client.get("/metrics").text
    assert counted(text, "overleg_job_runs_total", job="meldingen") == 2
    assert counted(text, "overleg_job_failures_total", job="meldingen") == 0
    assert counted(text, "overleg_job_failures_total", job="attenderingen") == 1
    assert counted(text, "overleg_job_last_success_timestamp_seconds", job="meldingen") == \
        pytest.approx(now.timestamp(), abs=1)
    assert counted(text, "overleg_job_last_success_timestamp_seconds", job="attenderingen") == 0  # never ran to the end
    assert counted(text, "overleg_job_running", job="attenderingen") == 1
    assert counted(text, "overleg_job_running", job="meldingen") == 0


def test_metrics_are_not_found_for_a_client_outside_the_allowed_addresses(store: Store) -> None:
    with client_of(store, client=("203.0.113.9", 40000)) as outside:
        assert outside.get("/metrics").status_code == 404
    allowed = Settings(metrics_from=("203.0.113.0/24",))
    with client_of(store, allowed, client=("203.0.113.9", 40000)) as monitoring:
        assert monitoring.get("/metrics").status_code == 200


def test_json_request_logs_hold_the_id_and_route_and_never_a_secret(store: Store) -> None:
    store.users.create_user("anna", "een-geheim-wachtwoord")
    token = store.users.create_api_token(store.users.by_username("anna").id)  # type: ignore[union-attr]
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonLines())
    requests_log = logging.getLogger("overleg.requests")
    requests_log.addHandler(handler)
    requests_log.setLevel(logging.INFO)
    try:
        with client_of(store, Settings(log_format="json")) as client:
            client.cookies.set("overleg_session", "sessie-cookie-waarde")
            answers = [
                client.post("/api/login", json={"username": "anna", "password": "een-geheim-wachtwoord"}),
                client.get("/api/me", headers={"Authorization": f"Bearer {token}"}),
                client.get("/api/search", params={"q": "persoonlijk-zoekwoord", "token": "ovl_in_de_query"}),
            ]
    finally:
        requests_log.removeHandler(handler)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["request_id"] for line in lines] == [a.headers["x-request-id"] for a in answers]
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("POST", "/api/login", answers[0].status_code), ("GET", "/api/me", 200), ("GET", "/api/search", 200)]
    for secret in ("een-geheim-wachtwoord", token, "persoonlijk-zoekwoord", "ovl_in_de_query", "sessie-cookie-waarde"):
        assert secret not in out.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_serve_with_two_workers_adds_up_their_metrics_and_believes_forwarded_headers_from_its_proxy_only(
        kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        migrated_store(url).close()
        proc, base = serve_process(url, "--workers", "2", "--forwarded-allow-ips", "127.0.0.1")
        try:
            with httpx.Client(base_url=base, timeout=10) as http:
                for _ in range(20):  # a new connection each time, so that both workers get some of them
                    assert httpx.get(f"{base}/api/documents/geen", timeout=10).status_code == 404
                page = http.get("/metrics")
                assert page.status_code == 200
                assert counted(page.text, "overleg_http_requests_total", route="/api/documents/{doc_id}",
                               status="404") == 20
                assert counted(page.text, "overleg_db_pool_connections", state="size") >= 10  # a worker's pool
                # the proxy (127.0.0.1, trusted) says the request came from outside: not for metrics
                assert http.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
        finally:
            stop(proc)
        assert proc.returncode is not None
        single, base = serve_process(url)  # the default: no proxy is believed
        try:
            forged = httpx.get(f"{base}/metrics", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10)
            assert forged.status_code == 200  # the header was ignored: the client is 127.0.0.1
        finally:
            stop(single)


@pytest.mark.parametrize("kind", KINDS)
def test_the_pool_of_each_process_has_the_size_the_settings_give(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        migrated_store(url).close()
        sized = Settings(database_url=url, db_pool_size=3, db_max_overflow=0)
        with Service.open(sized) as service:
            assert service.database.readiness().ready  # (one connection lent and returned)
            usage = service.database.pool_usage()
            assert usage is not None and (usage.size, usage.checked_out, usage.overflow) == (3, 0, 0)


@pytest.mark.parametrize("kind", KINDS)
def test_the_database_servers_connection_limit_is_known_on_postgresql_only(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        migrated_store(url).close()
        with Service.open(Settings(database_url=url)) as service:
            limit = service.database.connection_limit()
    assert (limit is None) if kind == "sqlite" else (limit is not None and 0 < limit < 100_000)


def test_serve_warns_when_its_workers_pools_together_exceed_the_database_servers_connections(
        capsys: pytest.CaptureFixture[str]) -> None:
    from overleg.cli.server import _warn_if_pools_exceed

    _warn_if_pools_exceed(97, 4, Settings(db_pool_size=10, db_max_overflow=30))
    warned = capsys.readouterr().err
    assert "4 workers x (OVERLEG_DB_POOL_SIZE 10 + OVERLEG_DB_MAX_OVERFLOW 30) = 160" in warned and "97" in warned
    _warn_if_pools_exceed(97, 2, Settings(db_pool_size=10, db_max_overflow=30))  # 80: within it
    _warn_if_pools_exceed(None, 64, Settings())  # SQLite: no server to run out of connections
    assert capsys.readouterr().err == ""


def test_serve_refuses_an_unknown_log_format_or_proxy_address_in_one_line_before_it_starts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from overleg.cli import app

    url = f"sqlite:///{tmp_path / 'o.db'}"
    for option, named in ((["--log-format", "xml"], "--log-format 'xml'"),
                          (["--forwarded-allow-ips", "10.0.0.1,proxy.example"], "'proxy.example' is no IP address")):
        result = CliRunner().invoke(app, ["serve", "--database", url, "--port", "1", *option])
        assert result.exit_code == 2 and named in result.output and "Traceback" not in result.output, result.output
    assert not (tmp_path / "o.db").exists()


def test_proxy_and_metrics_addresses_are_read_as_networks_and_a_wrong_one_names_its_variable() -> None:
    from overleg.errors import InvalidInput

    read = Settings.from_environ({"OVERLEG_TRUSTED_PROXIES": "10.0.0.5, 10.0.1.0/24", "OVERLEG_LOG_FORMAT": "json"})
    assert read.trusted_proxies == ("10.0.0.5", "10.0.1.0/24") and read.log_format == "json"
    assert Settings.from_environ({}).trusted_proxies == ()  # nobody's forwarded headers by default
    for variable, value in (("OVERLEG_METRICS_FROM", "intern"), ("OVERLEG_LOG_FORMAT", "xml")):
        with pytest.raises(InvalidInput, match=variable):
            Settings.from_environ({variable: value})
