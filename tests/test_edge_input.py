"""Input hygiene at the edge (issue 13, point 2): request size, the characters and length of
every text, the number of items of a list, and the range of integer parameters; refused with
413 or 422 naming the field, never a 5xx, the same on SQLite and PostgreSQL.

The middleware (``overleg.http.limits``) is tested on its own over an app that echoes what
reaches it, so each rule is seen exactly; then through the real app and the service."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.types import Message, Receive, Scope, Send

from api_helpers import bearer, client_for, migrated_store, token_for
from db_support import database
from overleg.errors import ValidationFailed
from overleg.http.limits import EdgeLimits
from overleg.procedure import commands as c
from overleg.service import Service
from overleg.service.commands import Limits, clean_text, text_problem
from overleg.settings import Settings
from test_procedure_access import NOW, ROLES, STEPS
from web_support import examples_store, log_in, seed_intake, session_token

SMALL = Settings(max_request_bytes=4096, max_field_chars=200, max_items=5)
REFUSED = [chr(n) for n in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]


# -- the middleware over an echo app ----------------------------------------------------------------


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """What reached the app: path, query string and body, as JSON."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = json.dumps({"path": scope["path"], "query": scope["query_string"].decode(),
                       "body": b"".join(chunks).decode("utf-8", "replace")}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def edge() -> TestClient:
    return TestClient(EdgeLimits(echo, settings=SMALL))


def test_a_body_whose_length_says_it_is_too_large_is_refused_unread() -> None:
    pulled: list[Message] = []

    async def receive() -> Message:
        pulled.append({})
        return {"type": "http.request", "body": b"x" * 5000, "more_body": False}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": "POST", "path": "/api/login", "query_string": b"", "headers": [
        (b"content-length", b"52428800"), (b"content-type", b"application/json")]}
    asyncio.run(EdgeLimits(echo, settings=SMALL)(scope, receive, send))
    assert not pulled, "the body was read"
    assert sent[0]["status"] == 413 and (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["code"] == "payload-too-large"


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    pulled = 0

    async def receive() -> Message:  # endless chunks of 1000 bytes, no Content-Length (chunked)
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": "POST", "path": "/api/login", "query_string": b"",
                    "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(EdgeLimits(echo, settings=SMALL)(scope, receive, send))
    assert pulled == 5 and sent[0]["status"] == 413  # 5000 bytes > 4096: not one chunk more


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 8192), chunk=st.integers(1, 3000), declared=st.booleans())
def test_any_body_up_to_the_limit_passes_whole_and_any_larger_one_is_a_413(
        size: int, chunk: int, declared: bool) -> None:
    body = b"a" * size
    pieces = [body[i:i + chunk] for i in range(0, size, chunk)] or [b""]
    headers = {"content-type": "application/octet-stream"}
    client = TestClient(EdgeLimits(echo, settings=SMALL))
    if declared:
        response = client.post("/x", content=body, headers=headers)
    else:
        response = client.post("/x", content=iter(pieces), headers=headers)  # chunked
    if size > SMALL.max_request_bytes:
        assert response.status_code == 413 and response.json()["code"] == "payload-too-large"
    else:
        assert response.status_code == 200 and response.json()["body"] == body.decode()


@pytest.mark.parametrize("char", REFUSED + SURROGATES)
def test_a_control_character_or_lone_surrogate_in_a_json_body_is_a_422_naming_the_field(
        edge: TestClient, char: str) -> None:
    body = '{"group": "D66", "passages": [{"text": "ok"}, {"text": "a' + json.dumps(char)[1:-1] + 'b"}]}'
    response = edge.post("/api/consultations/x/submit-contribution", content=body.encode(),
                         headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    found = response.json()
    assert found["code"] == "validation-failed" and found["field"] == "body.passages.1.text"
    assert f"U+{ord(char):04X}" in found["message"]


def test_tab_line_feed_and_carriage_return_are_text(edge: TestClient) -> None:
    body = json.dumps({"text": "a\tb\nc\r\nd"})
    response = edge.post("/api/x", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["body"] == body


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x7f", "\x85"])
def test_a_control_character_in_a_query_parameter_or_its_name_is_a_422_naming_it(
        edge: TestClient, char: str) -> None:
    response = edge.get("/api/search?q=" + quote("rafah" + char))
    assert response.status_code == 422 and response.json()["field"] == "query.q"
    response = edge.get("/api/search?" + quote("a" + char) + "=1")
    assert response.status_code == 422 and response.json()["field"] == "query.a" + char


def test_a_control_character_in_a_form_field_is_a_422_naming_it(edge: TestClient) -> None:
    response = edge.post("/api/x", data={"preamble": "ok", "passages": "vraag\x0c"})
    assert response.status_code == 422 and response.json()["field"] == "body.passages"


def test_text_is_normalised_to_nfc_in_the_path_the_query_and_the_bodies(edge: TestClient) -> None:
    decomposed, composed = "Financie\u0308n", "Financiën"
    seen = edge.get("/api/feeds/ministry/" + quote(decomposed) + ".atom?q=" + quote(decomposed)).json()
    assert seen["path"] == f"/api/feeds/ministry/{composed}.atom"
    assert parse_qsl(seen["query"]) == [("q", composed)]
    sent = edge.post("/api/x", json={decomposed: [decomposed]}).json()
    assert json.loads(sent["body"]) == {composed: [composed]}
    form = edge.post("/api/x", data={"passages": decomposed}).json()
    assert parse_qsl(form["body"]) == [("passages", composed)]


def test_a_request_already_in_nfc_reaches_the_app_byte_for_byte(edge: TestClient) -> None:
    body = b'{ "a" :  ["\\u00e9", 1.50, null] }'  # spacing, escapes and number spelling kept
    assert edge.post("/api/x", content=body, headers={"content-type": "application/json"}).json()["body"] == \
        body.decode()
    assert edge.get("/api/search?q=a+b&x=%C3%A9").json()["query"] == "q=a+b&x=%C3%A9"


def test_a_text_over_the_length_limit_is_a_422_naming_the_field(edge: TestClient) -> None:
    long = "a" * (SMALL.max_field_chars + 1)
    assert edge.post("/api/x", json={"text": "a" * SMALL.max_field_chars}).status_code == 200
    response = edge.post("/api/x", json={"deep": {"text": long}})
    assert response.status_code == 422 and response.json()["field"] == "body.deep.text"
    assert edge.get(f"/api/search?q={long}").json()["field"] == "query.q"


def test_a_list_over_the_items_limit_is_a_422_naming_the_field(edge: TestClient) -> None:
    passages = [{"text": str(n)} for n in range(SMALL.max_items + 1)]
    response = edge.post("/api/consultations/x/submit-contribution", json={"passages": passages})
    assert response.status_code == 422 and response.json()["field"] == "body.passages"
    assert edge.post("/api/x", json={"passages": passages[:-1]}).status_code == 200


def test_a_body_nested_deeper_than_any_of_overlegs_is_a_422_and_a_very_deep_one_no_5xx(edge: TestClient) -> None:
    response = edge.post("/api/x", content=b"[" * 40 + b"]" * 40, headers={"content-type": "application/json"})
    assert response.status_code == 422
    # deeper than Python's JSON parser goes: passed on unchanged, for the app's own parser to refuse
    very = b"[" * 2000 + b"]" * 2000
    assert edge.post("/api/x", content=very, headers={"content-type": "application/json"}).status_code == 200


# -- property tests: the rules of any text --------------------------------------------------


TEXTS = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_is_refused_exactly_when_it_holds_a_refused_character(text: str) -> None:
    limits = Limits(max_field_chars=10_000, max_items=5)
    bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r"]
    try:
        cleaned = clean_text(text, "f", limits)
    except ValidationFailed as err:
        assert bad and err.field == "f" and f"U+{ord(bad[0]):04X}" in err.message
    else:
        assert not bad and cleaned == unicodedata.normalize("NFC", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ae\u0301\u0308 \t\n"), max_size=30), st.integers(1, 30))
def test_any_text_is_refused_exactly_when_its_nfc_form_is_longer_than_the_limit(text: str, limit: int) -> None:
    found = text_problem(unicodedata.normalize("NFC", text), "f", limit)
    assert (found is not None) == (len(unicodedata.normalize("NFC", text)) > limit)
    try:
        clean_text(text, "f", Limits(max_field_chars=limit))
    except ValidationFailed:
        assert found is not None
    else:
        assert found is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_query_text_reaches_the_app_in_nfc_or_is_a_422_naming_it(edge: TestClient, text: str) -> None:
    response = edge.get("/api/search?q=" + quote(text))
    refused = any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)
    long = len(unicodedata.normalize("NFC", text)) > SMALL.max_field_chars
    if refused or long:
        assert response.status_code == 422 and response.json()["field"] == "query.q"
    else:
        assert response.status_code == 200
        assert dict(parse_qsl(response.json()["query"], keep_blank_values=True))["q"] == \
            unicodedata.normalize("NFC", text)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=25)


def _breaks(data: Any) -> bool:
    if isinstance(data, str):
        return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r" for ch in data) or \
            len(unicodedata.normalize("NFC", data)) > SMALL.max_field_chars
    if isinstance(data, list):
        return len(data) > SMALL.max_items or any(_breaks(x) for x in data)
    if isinstance(data, dict):
        return len(data) > SMALL.max_items or any(_breaks(k) or _breaks(v) for k, v in data.items())
    return False


def _nfc(data: Any) -> Any:
    if isinstance(data, str):
        return unicodedata.normalize("NFC", data)
    if isinstance(data, list):
        return [_nfc(x) for x in data]
    if isinstance(data, dict):
        return {_nfc(k): _nfc(v) for k, v in data.items()}
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(JSON)
def test_any_json_body_reaches_the_app_in_nfc_or_is_a_422(edge: TestClient, data: Any) -> None:
    body = json.dumps({"data": data}).encode()
    response = edge.post("/api/x", content=body, headers={"content-type": "application/json"})
    if _breaks(data):
        assert response.status_code == 422 and response.json()["field"].startswith("body.data")
    else:
        assert response.status_code == 200 and json.loads(response.json()["body"]) == {"data": _nfc(data)}


# -- through the real app --------------------------------------------------------------------


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = examples_store(tmp_path_factory.mktemp("edge-web"))
    seed_intake(store, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    service = Service(store, lambda: dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC), SMALL)
    from overleg.app import create_app

    with TestClient(create_app(service), client=("127.0.0.1", 5000)) as client:
        yield client
    store.close()


def test_a_form_field_with_a_control_character_gets_the_page_with_a_dutch_message(web: TestClient) -> None:
    log_in(web, "member-klein")
    token = session_token(web, "/werkruimte/so-1")
    response = web.post("/werkruimte/so-1/inbreng", data={"csrf": token, "group": "Klein", "version": "0",
                                                          "passages": "Een vraag\x0b uit een pdf."})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "“Vragen en opmerkingen”" in response.text and "U+000B" in response.text
    assert "Klein" not in {x["group"] for x in web.get("/werkruimte/so-1.json").json()["contributions"]}
    autosave = web.post("/werkruimte/so-1/inbreng.json", data={"csrf": token, "group": "Klein", "version": "0",
                                                                "passages": "\x00"})
    assert autosave.status_code == 422 and "Vragen en opmerkingen" in autosave.json()["error"]
    web.cookies.clear()


def test_a_form_field_over_the_length_limit_or_a_body_over_the_size_limit_is_said_in_dutch(web: TestClient) -> None:
    response = web.get("/search", params={"q": "a" * (SMALL.max_field_chars + 1)})
    assert response.status_code == 422 and "ten hoogste 200 tekens" in response.text
    response = web.post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413 and "te groot" in response.text


def test_a_control_character_in_a_web_address_or_search_is_a_dutch_page_not_an_error(web: TestClient) -> None:
    for path in ("/search?q=gaza%00", "/fracties/D66%01", "/documents/kst-21501-02-3349%7f"):
        response = web.get(path)
        assert response.status_code == 422, path
        assert "niet is toegestaan" in response.text and "<!DOCTYPE html>" in response.text
    assert web.get("/search.json?q=%00").json()["error"]


def test_a_contribution_of_more_passages_than_the_limit_is_refused_next_to_its_field(web: TestClient) -> None:
    log_in(web, "member-klein")
    token = session_token(web, "/werkruimte/so-1")
    many = "\n\n".join(f"Vraag {n}?" for n in range(SMALL.max_items + 1))
    response = web.post("/werkruimte/so-1/inbreng", data={"csrf": token, "group": "Klein", "version": "0",
                                                          "passages": many})
    assert response.status_code == 400 and "meer dan 5 onderdelen" in response.text
    web.cookies.clear()


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1", "1e9", "9" * 5000])
def test_a_number_in_a_web_form_or_page_parameter_that_is_no_small_number_is_no_5xx(
        web: TestClient, value: str) -> None:
    for path in (f"/search?q=gaza&pagina={quote(value)}", f"/fracties/D66?pagina={quote(value)}",
                 f"/toezeggingen?pagina={quote(value)}"):
        assert web.get(path).status_code < 500, path
    log_in(web, "member-klein")
    token = session_token(web, "/werkruimte/so-1")
    for path, data in (("/werkruimte/so-1/inbreng", {"group": "Klein", "version": value, "passages": "Vraag?"}),
                       ("/werkruimte/so-1/antwoord", {"number": value, "numbers": value, "version": value,
                                                      "text": "x"}),
                       ("/werkruimte/so-1/antwoord-intrekken", {"number": value, "version": value}),
                       ("/werkruimte/so-1/volgorde", {"version": value, "order": "Groot"})):
        assert web.post(path, data={"csrf": token, **data}).status_code < 500, (path, value)
    web.cookies.clear()


# -- integers in paths and queries ---------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with database(request.param, tmp_path_factory.mktemp("edge-api")) as url:
        store = migrated_store(url)
        from overleg.corpus.ingest.pipeline import ingest
        from web_support import SEED_ID

        assert ingest([Path(__file__).parent.parent / "src/overleg/examples" / f"{SEED_ID}.txt"], store).ok
        with client_for(store) as client:
            client.headers.update(bearer(token_for(store, ROLES["clerk"])))
            yield client
        store.close()


@pytest.mark.parametrize("path", [
    "/api/documents/kst-21501-02-3349?version=99999999999999999999",
    "/api/documents/kst-21501-02-3349?version=9223372036854775808",
    "/api/documents/kst-21501-02-3349?version=0",
    "/api/documents/kst-21501-02-3349.html?version=4294967296",
    "/api/documents?offset=99999999999999999999", "/api/documents?offset=-1", "/api/documents?limit=-5",
    "/api/search?q=rafah&offset=-1", "/api/search?q=rafah&offset=99999999999999999999",
    "/api/search?q=rafah&page=" + "9" * 5000, "/api/search?q=rafah&limit=1e3",
])
def test_an_integer_parameter_out_of_range_is_a_422_naming_it_on_both_stores(api: TestClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 422, response.text
    assert response.json()["field"].startswith("query.")


def test_the_largest_version_a_parameter_takes_is_a_404_not_a_5xx(api: TestClient) -> None:
    assert api.get("/api/documents/kst-21501-02-3349?version=2147483647").status_code == 404


def test_every_integer_the_api_takes_has_bounds(api: TestClient) -> None:
    schema = api.get("/api/openapi.json").json()
    unbounded = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer" and ("maximum" not in node or "minimum" not in node):
                unbounded.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}/{n}")

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            walk(operation.get("parameters", []), f"{method} {path}")
    walk({k: v for k, v in schema["components"]["schemas"].items() if k.endswith("Body")}, "bodies")
    assert not unbounded


def test_a_login_with_a_lone_surrogate_or_a_nul_is_a_422_on_both_stores(api: TestClient) -> None:
    for name in ('"\\ud800"', '"a\\u0000"'):
        body = ('{"username": ' + name + ', "password": "x"}').encode()
        response = api.post("/api/login", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422 and response.json()["field"] == "body.username"


# -- the service: every command, whichever interface made it ---------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def intake(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    """A service over a store with so-1 open for contributions (limits of SMALL)."""
    with database(request.param, tmp_path) as url:
        store = migrated_store(url)
        service = Service(store, lambda: NOW, SMALL)
        for step in STEPS:
            if step.command.action == "submit_contribution":
                break
            service.consultations.execute(step.actor, "so-1", step.command)
        yield service
        service.close()


@pytest.mark.parametrize("text", ["Een vraag\x00", "\ud83d", "Een \x1b[31m vraag"])
def test_a_command_with_a_refused_character_is_refused_by_the_service_and_nothing_is_written(
        intake: Service, text: str) -> None:
    before = intake.consultations.get(ROLES["clerk"], "so-1").version
    with pytest.raises(ValidationFailed) as refused:
        intake.consultations.execute(ROLES["member of the group"], "so-1", c.SubmitContribution(
            expected_version=0, group="Groot", passages=(c.PassageInput(text="Goed."), c.PassageInput(text=text))))
    # NUL and lone surrogates are named by the store's own check first (store.documents.refuse_unstorable)
    assert refused.value.field in ("passages[1].text", "passages.text")
    assert intake.consultations.get(ROLES["clerk"], "so-1").version == before


def test_a_command_with_too_many_passages_or_too_long_a_text_is_refused_naming_the_field(intake: Service) -> None:
    member = ROLES["member of the group"]
    many = tuple(c.PassageInput(text=f"Vraag {n}?") for n in range(SMALL.max_items + 1))
    with pytest.raises(ValidationFailed) as refused:
        intake.consultations.execute(member, "so-1", c.SubmitContribution(expected_version=0, group="Groot",
                                                                          passages=many))
    assert refused.value.field == "passages"
    with pytest.raises(ValidationFailed) as refused:
        intake.consultations.execute(member, "so-1", c.SubmitContribution(
            expected_version=0, group="Groot", preamble="x" * (SMALL.max_field_chars + 1)))
    assert refused.value.field == "preamble"


def test_a_command_is_stored_in_nfc_on_both_stores(intake: Service) -> None:
    member = ROLES["member of the group"]
    intake.consultations.execute(member, "so-1", c.SubmitContribution(
        expected_version=0, group="Groot", passages=(c.PassageInput(text="Financie\u0308n?"),)))
    own = intake.consultations.get(member, "so-1").contribution("Groot")
    assert own is not None and own.passages[0].text == "Financiën?"


def test_a_long_contribution_from_the_form_is_saved_whole_up_to_the_limits(tmp_path: Path) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    store = migrated_store(f"sqlite:///{tmp_path / 'long.db'}")
    seed_intake(store, start)
    passages = [f"Vraag {n}: " + "woord " * 60 + "?" for n in range(200)]  # 75 kB: forms were cut at 64 kB
    with client_for(store, clock=lambda: start + dt.timedelta(hours=2)) as client:  # the default limits
        log_in(client, "member-klein")
        token = session_token(client, "/werkruimte/so-1")
        saved = client.post("/werkruimte/so-1/inbreng", follow_redirects=False, data={
            "csrf": token, "group": "Klein", "version": "0", "passages": "\n\n".join(passages)})
        assert saved.status_code == 303, saved.text[-500:]
        klein = next(k for k in client.get("/werkruimte/so-1.json").json()["contributions"] if k["group"] == "Klein")
    assert [p["text"] for p in klein["passages"]] == [" ".join(p.split()) for p in passages]
    store.close()
