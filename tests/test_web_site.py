"""The site around the pages (issue 15 point 3): error pages by what the client accepts, HEAD,
compression, ETag and Last-Modified, the required pages, plurals, recent publications by date,
and the house style's tokens. In process (TestClient) over the bundled examples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
from collections.abc import AsyncIterator, Callable, Iterator
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from api_helpers import LOCAL, store_of
from overleg.app import create_app
from overleg.corpus.ingest.pipeline import ingest
from overleg.http.caching import Validators, stored_version
from overleg.http.compression import Compression
from overleg.procedure import RoleKind as Role
from overleg.service import Credentials, Service
from overleg.settings import Settings
from overleg.store.users import SESSION_LIFETIME
from overleg.web.render import PAGE_TEMPLATES, STATIC, environment
from overleg.web.site_pages import SESSION_HOURS, STATEMENT_DATE
from web_support import EXAMPLES, PASSWORD, SEED_ID, add_user, examples_store

UNPACK: dict[str, Callable[[bytes], bytes]] = {"gzip": gzip.decompress, "br": brotli.decompress}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SITE_PAGES = ("/toegankelijkheid", "/privacy", "/contact", "/over")
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)
SETTINGS = Settings(public_url="https://overleg.example.nl/", site_operator="de Griffie van de proef",
                    contact_email="info@overleg.example.nl", security_email="cert@overleg.example.nl")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = examples_store(tmp_path_factory.mktemp("site"))
    add_user(store, "griffier", Role.CLERK, "BuZa")
    with TestClient(create_app(Service(store, lambda: NOW, SETTINGS)), client=LOCAL) as c:
        yield c
    store.close()


@dataclasses.dataclass(frozen=True)
class Sent:
    """An answer as sent: its body not decoded (TestClient would gunzip it)."""

    status_code: int
    headers: httpx.Headers
    content: bytes


def _raw(client: TestClient, method: str, path: str, headers: dict[str, str] | None = None) -> Sent:
    with client.stream(method, path, headers=headers or {}) as answer:
        return Sent(answer.status_code, answer.headers, b"".join(answer.iter_raw()))


# -- error pages by what the client accepts ---------------------------------------------------------

@pytest.mark.parametrize(("path", "accept", "page"), [
    ("/bestaat-niet", BROWSER, True),
    ("/bestaat-niet", "*/*", True),  # curl
    ("/bestaat-niet", None, True),
    ("/bestaat-niet", "application/json", False),
    ("/bestaat-niet", "application/json, text/html;q=0.5", False),
    ("/bestaat-niet.json", BROWSER, False),  # a JSON twin
    ("/api/bestaat-niet", BROWSER, False),
    ("/api/bestaat-niet", None, False),
    ("/documents/kst-1-2", "*/*", True),  # a document that is not there
])
def test_an_unknown_address_gets_the_dutch_page_unless_it_is_the_api_or_json_is_preferred(
        client: TestClient, path: str, accept: str | None, page: bool) -> None:
    answer = client.get(path, headers={"Accept": accept} if accept else {})
    assert answer.status_code == 404
    if page:
        assert answer.headers["content-type"].startswith("text/html")
        assert '<html lang="nl">' in answer.text and "niet gevonden" in answer.text
    else:
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json()["code"] == "not-found"


# -- HEAD -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", f"/documents/{SEED_ID}", f"/documents/{SEED_ID}.json", "/search?q=Rafah",
                                  f"/api/documents/{SEED_ID}.pdf", f"/api/documents/{SEED_ID}.docx",
                                  f"/api/documents/{SEED_ID}", "/api/feeds/search.atom?q=Rafah",
                                  "/static/overleg.css", "/toegankelijkheid", "/.well-known/security.txt"])
@pytest.mark.parametrize("encoding", ["br", "gzip", "identity"])
def test_head_answers_every_get_route_with_the_gets_headers_and_no_body(client: TestClient, path: str,
                                                                       encoding: str) -> None:
    asked = {"Accept-Encoding": encoding}
    get, head = _raw(client, "GET", path, asked), _raw(client, "HEAD", path, asked)
    assert get.status_code == 200 and head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "content-encoding", "etag", "last-modified", "vary",
                 "content-security-policy", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    assert int(head.headers["content-length"]) == len(get.content)


def test_head_of_an_unknown_page_is_the_404_without_its_body(client: TestClient) -> None:
    head = _raw(client, "HEAD", "/bestaat-niet", {"Accept": BROWSER})
    assert head.status_code == 404 and head.content == b"" and head.headers["content-type"].startswith("text/html")


# -- compression ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("offered", "coding"), [("gzip, deflate", "gzip"), ("gzip, deflate, br", "br")])
def test_the_seed_page_is_sent_compressed_under_30_kb_and_unpacks_to_the_page(client: TestClient, offered: str,
                                                                              coding: str) -> None:
    plain = _raw(client, "GET", f"/documents/{SEED_ID}", {"Accept-Encoding": "identity"})
    packed = _raw(client, "GET", f"/documents/{SEED_ID}", {"Accept-Encoding": offered})
    assert "content-encoding" not in plain.headers and len(plain.content) > 60_000
    assert packed.headers["content-encoding"] == coding and packed.headers["etag"].endswith(f'-{coding}"')
    sent = len(packed.content) + sum(len(k) + len(v) + 4 for k, v in packed.headers.items())
    assert len(packed.content) == int(packed.headers["content-length"]) and sent < 30_000
    assert UNPACK[coding](packed.content) == plain.content
    for answer in (plain, packed):
        assert "Accept-Encoding" in answer.headers["vary"] and "Cookie" in answer.headers["vary"]
        assert "content-security-policy" in answer.headers  # the security headers survive compression


def test_brotli_beats_gzip_on_the_seed_page(client: TestClient) -> None:
    sizes = {c: len(_raw(client, "GET", f"/documents/{SEED_ID}", {"Accept-Encoding": c}).content)
             for c in ("gzip", "br")}
    assert sizes["br"] < sizes["gzip"] * 0.95


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_compressed_download_is_sent_as_it_is(client: TestClient, fmt: str) -> None:
    answer = _raw(client, "GET", f"/api/documents/{SEED_ID}.{fmt}", {"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and "content-encoding" not in answer.headers
    assert answer.content[:4] in (b"%PDF", b"PK\x03\x04")


@pytest.mark.parametrize("fmt", ["csv", "txt", "html", "akn"])
def test_a_text_download_is_gzipped(client: TestClient, fmt: str) -> None:
    answer = _raw(client, "GET", f"/api/documents/{SEED_ID}.{fmt}", {"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip" and gzip.decompress(answer.content)


def test_a_small_answer_and_a_client_without_gzip_get_no_compression(client: TestClient) -> None:
    small = _raw(client, "GET", "/.well-known/security.txt", {"Accept-Encoding": "gzip"})
    assert len(small.content) < 500 and "content-encoding" not in small.headers
    for refused in ("identity", "gzip;q=0", ""):
        page = _raw(client, "GET", "/", {"Accept-Encoding": refused})
        assert "content-encoding" not in page.headers and page.content.startswith(b"<!DOCTYPE html>")


def _streaming_app() -> Compression:
    async def parts(_: object) -> StreamingResponse:
        async def lines() -> AsyncIterator[bytes]:
            for n in range(2_000):
                yield f"regel {n}\n".encode()
        return StreamingResponse(lines(), media_type="text/csv")

    async def whole(_: object) -> PlainTextResponse:
        return PlainTextResponse("tekst " * 500)

    return Compression(Starlette(routes=[Route("/stroom", parts), Route("/geheel", whole)]))


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_streamed_answer_is_compressed_as_it_streams_and_unpacks_whole(coding: str) -> None:
    with TestClient(_streaming_app()) as c:
        answer = _raw(c, "GET", "/stroom", {"Accept-Encoding": coding})
        assert answer.headers["content-encoding"] == coding and "content-length" not in answer.headers
        assert UNPACK[coding](answer.content) == "".join(f"regel {n}\n" for n in range(2_000)).encode()
        whole = _raw(c, "GET", "/geheel", {"Accept-Encoding": coding})
        assert int(whole.headers["content-length"]) == len(whole.content)
        assert UNPACK[coding](whole.content) == ("tekst " * 500).encode()


# -- ETag and Last-Modified -------------------------------------------------------------------------

@pytest.mark.parametrize("path", [f"/documents/{SEED_ID}", f"/documents/{SEED_ID}.json",
                                  f"/api/documents/{SEED_ID}", f"/api/documents/{SEED_ID}.pdf",
                                  f"/api/documents/{SEED_ID}.docx"])
@pytest.mark.parametrize("encoding", ["br", "gzip", "identity"])
def test_a_document_answers_304_to_a_client_that_has_it(client: TestClient, path: str, encoding: str) -> None:
    first = client.get(path, headers={"Accept-Encoding": encoding})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}(-gzip|-br)?"', etag)
    again = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = client.get(path, headers={"Accept-Encoding": encoding, "If-Modified-Since": modified})
    assert since.status_code == 304
    earlier = format_datetime(parsedate_to_datetime(modified) - dt.timedelta(seconds=1), usegmt=True)
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(path, headers={"If-None-Match": '"ander"', "If-Modified-Since": modified}).status_code == 200


def test_the_etag_comes_from_the_stored_version_and_differs_by_representation(client: TestClient) -> None:
    service: Service = client.app.state.service  # type: ignore[attr-defined]
    stored = stored_version(service, SEED_ID, service.documents.latest_version(Credentials.public(), SEED_ID))
    page = Validators.of(stored, "pagina")
    assert client.get(f"/documents/{SEED_ID}", headers={"Accept-Encoding": "identity"}).headers["etag"] == page.etag
    assert Validators.of(stored, "pdf").etag != page.etag
    changed = Validators.of(dataclasses.replace(stored, content_hash="0" * 64), "pagina")
    assert changed.etag != page.etag
    modified = parsedate_to_datetime(client.get(f"/documents/{SEED_ID}").headers["last-modified"])
    assert modified == stored.created_at.replace(microsecond=0)


def _signed_in(client: TestClient) -> TestClient:
    own = TestClient(client.app, client=LOCAL)
    token = re.search(r'name="csrf" value="([^"]+)"', own.get("/login").text)
    assert token is not None
    own.post("/login", data={"username": "griffier", "password": PASSWORD, "csrf": token.group(1)},
             follow_redirects=False)
    return own


def test_a_signed_in_browser_gets_nothing_compressed(client: TestClient) -> None:
    with _signed_in(client) as own:
        for path, coding in (("/", "gzip"), ("/search?q=Rafah", "br, gzip"), (f"/documents/{SEED_ID}", "br")):
            page = _raw(own, "GET", path, {"Accept-Encoding": coding})
            assert "Uitloggen" in page.content.decode() and "content-encoding" not in page.headers
    assert _raw(client, "GET", "/search?q=Rafah", {"Accept-Encoding": "gzip"}).headers["content-encoding"] == "gzip"


def test_a_signed_in_clerk_gets_the_document_page_without_validators_and_it_varies_by_cookie(
        client: TestClient) -> None:
    public = client.get(f"/documents/{SEED_ID}")
    with _signed_in(client) as own:
        staff = own.get(f"/documents/{SEED_ID}", headers={"If-None-Match": public.headers["etag"]})
    assert staff.status_code == 200 and "etag" not in staff.headers and "last-modified" not in staff.headers
    assert "Cookie" in staff.headers["vary"] and "Cookie" in public.headers["vary"]
    assert "Uitloggen" in staff.text


# -- required pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", f"/documents/{SEED_ID}", "/search?q=Rafah", "/bestaat-niet", *SITE_PAGES])
def test_every_page_links_the_required_pages_in_its_footer(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"Accept": BROWSER}).text
    footer = page[page.index('<footer class="voet">'):]
    for target in SITE_PAGES:
        assert f'href="{target}"' in footer


@pytest.mark.parametrize("path", SITE_PAGES)
def test_the_required_pages_are_dutch_name_the_operator_and_have_a_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    assert "de Griffie van de proef" in page.text
    twin = client.get(f"{path}.json").json()
    assert twin["title"] in page.text and twin["contact_email"] == "info@overleg.example.nl"


def test_the_accessibility_statement_has_status_what_does_not_work_how_to_report_and_a_date(
        client: TestClient) -> None:
    page = client.get("/toegankelijkheid").text
    assert "voldoet gedeeltelijk" in page and "Wat nog niet goed werkt" in page
    assert 'href="mailto:info@overleg.example.nl"' in page
    assert f'datetime="{STATEMENT_DATE.isoformat()}"' in page


def test_the_privacy_statement_names_the_session_cookie_its_lifetime_and_the_rights(client: TestClient) -> None:
    page = client.get("/privacy").text
    assert "overleg_session" in page and f"{SESSION_LIFETIME.total_seconds() / 3600:.0f} uur" in page
    assert "Autoriteit Persoonsgegevens" in page and "inzage" in page
    assert SESSION_LIFETIME.total_seconds() == SESSION_HOURS * 3600


def test_the_about_page_says_where_the_authentic_publication_is(client: TestClient) -> None:
    page = client.get("/over").text
    assert 'href="https://www.officielebekendmakingen.nl"' in page and "EUPL-1.2" in page


def test_security_txt_follows_rfc_9116_from_the_settings_and_the_clock(client: TestClient) -> None:
    answer = client.get("/.well-known/security.txt")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in answer.text.splitlines() if line)
    assert fields["Contact"] == "mailto:cert@overleg.example.nl"
    assert fields["Canonical"] == "https://overleg.example.nl/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "nl, en"
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert NOW < expires < NOW + dt.timedelta(days=365)


# -- plurals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "shown"), [(0, "0 treffers"), (1, "1 treffer"), (2, "2 treffers"),
                                              (12345, "12.345 treffers")])
def test_the_aantal_filter_takes_the_singular_for_one_only(count: int, shown: str) -> None:
    assert environment().from_string('{{ n|aantal("treffer", "treffers") }}').render(n=count) == shown


PLURAL_AFTER_COUNT = re.compile(r"\{\{[^}]*\}\}\s+(?:schriftelijke |beantwoorde |genummerde )?"
                                r"(treffers|vragen|antwoorden|documenten|toezeggingen|dagen|stappen|problemen)\b")


def test_no_template_puts_a_plural_noun_after_a_bare_count() -> None:
    found = [(path.name, m.group(0)) for path in sorted(PAGE_TEMPLATES.glob("*.j2"))
             for m in PLURAL_AFTER_COUNT.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


# -- recent publications by date --------------------------------------------------------------------

def test_recent_publications_are_ordered_by_their_own_date_and_show_it_in_dutch(client: TestClient) -> None:
    twin = client.get("/index.json").json()["documents"]
    dates = [d["date"] for d in twin]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 10
    page = client.get("/").text
    first = twin[0]
    assert f'<time datetime="{first["date"]}">' in page
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">\d{1,2} [a-z]+ \d{4}</time>', page)
    assert first["citation"] in page
    for d in twin:
        assert d["id"] not in re.sub(r'href="[^"]*"', "", page)  # machine ids in URLs only


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_paper_stored_later_is_listed_by_its_date_and_an_undated_one_by_the_day_it_was_stored(
        tmp_path: Path, kind: str) -> None:
    with store_of(kind, tmp_path) as store:
        assert ingest([EXAMPLES / f"{SEED_ID}.txt"], store, jobs=1).ok  # dated 2026: stored first
        assert ingest([EXAMPLES / "ah-tk-20232024-302.embedded-md.md"], store, jobs=1).ok  # dated 2023: later
        seed = store.documents.get(SEED_ID)
        store.documents.save(dataclasses.replace(seed, date=None), doc_id="eigen-verslag")  # not indexed, no date
        with TestClient(create_app(Service(store)), client=LOCAL) as c:
            listed = c.get("/index.json").json()["documents"]
            page = c.get("/").text
    assert [d["id"] for d in listed] == ["eigen-verslag", SEED_ID, "ah-tk-20232024-302"]
    assert [d["dated"] for d in listed] == [False, True, True]
    stored = {d["id"]: d["stored_at"] for d in listed}
    assert stored[SEED_ID] < stored["ah-tk-20232024-302"]  # stored first, listed first: by its date
    assert listed[0]["date"] == stored["eigen-verslag"][:10]
    assert f'<time datetime="{listed[0]["date"]}">opgeslagen ' in page


# -- house style ------------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_house_style_is_tokens_of_its_own_and_every_text_colour_meets_aa() -> None:
    css = (STATIC / "overleg.css").read_text(encoding="utf-8")
    tokens = dict(re.findall(r"--overleg-color-([a-z-]+):\s*(#[0-9a-f]{6})", css))
    assert "#01689b" not in css.lower() and "RO Sans" not in css  # not the Rijkshuisstijl
    backgrounds = [tokens[t] for t in ("background", "background-subtle", "primary-subtle")]
    for text in ("primary", "primary-dark", "text", "text-subtle", "danger", "success", "warning", "accent"):
        for background in backgrounds:
            assert _contrast(tokens[text], background) >= 4.5, (text, background)
    assert _contrast("#ffffff", tokens["primary-dark"]) >= 4.5 and _contrast("#ffffff", tokens["primary"]) >= 4.5
    assert "var(--overleg-font-family)" in css and "system-ui" in css


@pytest.mark.parametrize("headers", [{"If-Modified-Since": "gisteren"}, {"If-Modified-Since": "Mon, 99 Foo 2026"},
                                     {"If-None-Match": '"'}, {"If-None-Match": ",,W/"},
                                     {"Accept-Encoding": "gzip;q=veel"}, {"Accept": "text/html;q=x, ;;,"}])
def test_odd_caching_and_negotiation_headers_are_ignored_not_a_500(client: TestClient, headers: dict[str, str]) -> None:
    assert client.get(f"/documents/{SEED_ID}", headers=headers).status_code == 200
    assert client.get("/bestaat-niet", headers=headers).status_code == 404




@pytest.mark.parametrize("query", ["Rafah", "kabinet", "Rafah OR Gaza"])
def test_the_search_page_counts_its_hits_in_the_right_number(client: TestClient, query: str) -> None:
    page = client.get("/search", params={"q": query}).text
    [(count, noun)] = re.findall(r'<p class="meta">([\d.]+) (treffers?)\b', page)
    assert noun == ("treffer" if count == "1" else "treffers")
