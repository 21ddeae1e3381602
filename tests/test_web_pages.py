"""The web UI in-process (TestClient): pages, their JSON twins, kind handling of odd input, login."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import overleg
from api_helpers import client_for
from overleg.procedure import RoleKind as Role
from web_support import PASSWORD, SEED_ID, add_user, examples_store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = examples_store(tmp_path_factory.mktemp("web"))
    add_user(store, "griffier", Role.CLERK, "BuZa")
    with client_for(store) as c:
        yield c
    store.close()


def test_home_lists_the_stored_documents_and_its_twin_says_the_same(client: TestClient) -> None:
    page = client.get("/")
    twin = client.get("/index.json").json()
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    bundled = [p for p in overleg.EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".pdf", ".docx")
               and p.stem != "SOURCES"]
    assert len(twin["documents"]) == len(bundled)  # every bundled example is one document, under the page's 50
    for d in twin["documents"]:
        assert f'href="{d["href"]}"' in page.text


def test_document_page_links_answer_26_to_answer_14_and_has_a_twin(client: TestClient) -> None:
    page = client.get(f"/documents/{SEED_ID}").text
    answer = page[page.index('id="antwoord-26"'):page.index('id="vraag-27"')]
    assert 'href="#antwoord-14"' in answer
    assert 'id="antwoord-14"' in page
    twin = client.get(f"/documents/{SEED_ID}.json").json()
    assert twin["id"] == SEED_ID
    assert any(i["number"] == 26 and i["referral_only"] for i in twin["items"])
    assert any(i["commitment"] for i in twin["items"])


def test_document_page_table_of_contents_lists_every_group_with_its_topics(client: TestClient) -> None:
    twin = client.get(f"/documents/{SEED_ID}.json").json()
    groups = [e for e in twin["toc"] if e["href"].startswith("#fractie-")]
    assert len(groups) >= 5
    assert any(e["topics"] for e in groups)
    page = client.get(f"/documents/{SEED_ID}").text
    for e in groups:
        assert f'id="{e["href"][1:]}"' in page
        for t in e["topics"]:
            assert f'id="{t["href"][1:]}"' in page


def test_footnote_marker_carries_the_footnote_text(client: TestClient) -> None:
    page = client.get(f"/documents/{SEED_ID}").text
    note = re.search(r'<li id="voetnoot-13"[^>]*><a class="nootnum"[^>]*>13</a>\s*<p>(.*?)</p>', page, re.S)
    assert note is not None
    # in the sentence (the seed as read has its markers' places) or listed after the passage
    marker = re.search(r'<a href="#voetnoot-13" class="(?:nootnum )?nootlink"[^>]* title="([^"]+)"', page)
    assert marker is not None and marker.group(1) == note.group(1).strip()


def test_document_page_offers_every_writer_format(client: TestClient) -> None:
    twin = client.get(f"/documents/{SEED_ID}.json").json()
    assert {d["format"] for d in twin["downloads"]} >= {"json", "html", "pdf", "docx", "csv", "akn", "txt"}
    pdf = next(d for d in twin["downloads"] if d["format"] == "pdf")
    answer = client.get(pdf["href"])
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_a_cited_paper_in_the_store_links_to_its_own_page_and_others_stay_official() -> None:
    from overleg.web.document_page import _with_links

    body = ('<a href="https://zoek.officielebekendmakingen.nl/kst-1-2.html" rel="noopener noreferrer" '
            'data-stuk="kst-1-2">Kamerstuk 1, nr. 2</a> '
            '<a href="https://zoek.officielebekendmakingen.nl/kst-3-4.html" rel="noopener noreferrer" '
            'data-stuk="kst-3-4">Kamerstuk 3, nr. 4</a>')
    out = _with_links(body, {"kst-1-2"}, {})
    assert '<a href="/documents/kst-1-2" class="intern" data-stuk="kst-1-2">Kamerstuk 1, nr. 2</a>' in out
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-3-4.html"' in out


def test_unknown_document_is_a_404_page_in_dutch(client: TestClient) -> None:
    page = client.get("/documents/kst-00000-1")
    assert page.status_code == 404 and "niet gevonden" in page.text
    assert client.get("/documents/kst-00000-1.json").status_code == 404


def test_search_for_rafah_finds_item_3_of_the_seed_with_a_highlight(client: TestClient) -> None:
    twin = client.get("/search.json", params={"q": "Rafah"}).json()
    first = twin["hits"][0]
    assert first["document_id"] == SEED_ID and first["item"] == 3
    assert first["href"].endswith("-3")
    assert "<mark>Rafah</mark>" in client.get("/search", params={"q": "Rafah"}).text


# A NUL in the query is refused at the edge with a Dutch page (tests/test_edge_input.py).
@pytest.mark.parametrize("query", ["", "   ", '"', "NOT", "()", "-gaza", "*", "a" * 5000, "Rafah&pagina=x"])
def test_an_empty_or_odd_query_gets_a_friendly_message_not_an_error(client: TestClient, query: str) -> None:
    page = client.get("/search", params={"q": query, "pagina": "abc", "van": "gisteren"})
    assert page.status_code == 200
    twin = client.get("/search.json", params={"q": query}).json()
    assert twin["hits"] or twin["message"]


def test_search_filters_narrow_the_hits(client: TestClient) -> None:
    every = client.get("/search.json", params={"q": "minister"}).json()["hits"]
    reports = client.get("/search.json", params={"q": "minister", "type": "verslag-schriftelijk-overleg"}).json()
    assert every and reports["hits"]
    assert {h["document_id"] for h in reports["hits"]} == {SEED_ID}
    assert reports["form"]["type"] == "verslag-schriftelijk-overleg"


def test_search_pages_do_not_repeat_hits(client: TestClient) -> None:
    one = client.get("/search.json", params={"q": "minister"}).json()
    two = client.get("/search.json", params={"q": "minister", "pagina": "2"}).json()
    assert one["more"]
    assert not {h["href"] for h in one["hits"]} & {h["href"] for h in two["hits"]}


def test_search_page_shows_a_count_beside_each_facet_choice(client: TestClient) -> None:
    twin = client.get("/search.json", params={"q": "kabinet"}).json()
    facets = twin["facets"]
    assert facets["type"]["verslag-schriftelijk-overleg"] and facets["group"] and facets["ministry"]
    page = client.get("/search", params={"q": "kabinet"}).text
    for kind in twin["types"]:
        none = "0+" if facets["bounded"] else "0"
        assert f'{kind["name"]} ({facets["type"].get(kind["value"], none)})</option>' in page
    group = facets["group"][0]
    assert f'{group["name"]} <span class="aantal">({group["count"]})</span>' in page
    assert f'Met een toezegging ({facets["toezegging"]})' in page


def test_a_facet_link_applies_the_choice_and_gives_as_many_hits_as_it_said(client: TestClient) -> None:
    choice = client.get("/search.json", params={"q": "minister"}).json()["facets"]["group"][0]
    chosen = client.get(choice["href"].replace("/search?", "/search.json?")).json()
    assert chosen["form"]["group"] == choice["value"]
    assert chosen["facets"]["group"] == []  # the choice is made: no counts for it any more
    hits = len(chosen["hits"])
    page = 1
    while chosen["more"]:
        page += 1
        chosen = client.get(choice["href"].replace("/search?", "/search.json?") + f"&pagina={page}").json()
        hits += len(chosen["hits"])
    assert hits >= int(choice["count"].rstrip("+"))


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_login_without_the_form_token_is_refused(client: TestClient) -> None:
    client.cookies.clear()
    page = client.post("/login", data={"username": "griffier", "password": PASSWORD, "csrf": "verzonnen"})
    assert page.status_code == 400 and "verlopen" in page.text
    assert "overleg_session" not in client.cookies


def test_wrong_password_shows_the_error_next_to_the_form(client: TestClient) -> None:
    client.cookies.clear()
    token = _csrf(client.get("/login").text)
    page = client.post("/login", data={"username": "griffier", "password": "fout", "csrf": token})
    assert page.status_code == 400 and 'role="alert"' in page.text and 'aria-invalid="true"' in page.text


def test_login_and_logout_with_the_forms(client: TestClient) -> None:
    client.cookies.clear()
    token = _csrf(client.get("/login").text)
    done = client.post("/login", data={"username": "griffier", "password": PASSWORD, "csrf": token},
                       follow_redirects=False)
    assert done.status_code == 303 and "overleg_session" in client.cookies
    home = client.get("/").text
    assert "Ingelogd als griffier" in home
    refused = client.post("/logout", data={"csrf": "verzonnen"})
    assert refused.status_code == 403
    out = client.post("/logout", data={"csrf": _csrf(home)}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.clear()
    assert "Ingelogd" not in client.get("/").text


def test_templates_and_stylesheet_are_package_data(tmp_path: Path) -> None:
    import tomllib

    from overleg.web.render import PAGE_TEMPLATES as TEMPLATES
    from overleg.web.render import STATIC

    data = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    patterns = data["tool"]["setuptools"]["package-data"]["overleg"]
    assert "web/templates/*" in patterns and "web/static/*" in patterns
    assert (STATIC / "overleg.css").exists() and (TEMPLATES / "base.html.j2").exists()
