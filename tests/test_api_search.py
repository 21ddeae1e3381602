"""GET /api/search and the facet counts over the bundled examples, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corpus_support import lazily_ingested
from overleg.app import create_app
from overleg.corpus.search.facets import FACET_ENTRIES, FacetCount, facet_counts
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.service import Service
from overleg.store import Store
from test_corpus_search import HOSTILE

SEED = "kst-21501-02-3349"
BIG = 10_000  # more than the examples' hits of any query: an unbounded search


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """The bundled examples ingested into each database, once per module, on first use."""
    yield from lazily_ingested(tmp_path_factory)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, ingested: dict[str, Store]) -> Store:
    return ingested[request.param]


@pytest.fixture
def api(store: Store) -> TestClient:
    return TestClient(create_app(Service(store)))


def _keys(hits: list[dict[str, Any]]) -> list[tuple[str, int | None, str]]:
    """A hit's identity: its item, else (a title, an uncited footnote) its text."""
    return [(h["document_id"], h["item"], h["snippet"] if h["item"] is None else "") for h in hits]


def test_rafah_through_the_api_finds_item_3_of_the_seed_first_with_links(api: TestClient) -> None:
    response = api.get("/api/search", params={"q": "Rafah"})
    assert response.status_code == 200
    body = response.json()
    first = body["hits"][0]
    assert body["query"] == "Rafah"
    assert (first["document_id"], first["item"]) == (SEED, 3)
    assert "«Rafah»" in first["snippet"] and isinstance(first["score"], float)
    assert first["href"] == f"/documents/{SEED}#{'antwoord' if first['kind'] == 'answer' else 'vraag'}-3"
    assert api.get(first["api_href"]).json()["id"] == SEED
    assert {"kind", "title", "date", "document_type"} <= set(first)


def test_the_api_gives_what_the_cli_and_the_search_function_give(api: TestClient, store: Store) -> None:
    body = api.get("/api/search", params={"q": "kabinet", "limit": 7}).json()
    assert body["hits"] == [h.to_dict() for h in search(store, "kabinet", limit=7)]


def test_filters_narrow_the_api_hits(api: TestClient) -> None:
    every = api.get("/api/search", params={"q": "kabinet", "limit": 100}).json()["hits"]
    reports = api.get("/api/search", params={"q": "kabinet", "limit": 100,
                                             "type": "verslag-schriftelijk-overleg"}).json()["hits"]
    assert reports and len(reports) < len(every)
    assert all(h["document_type"] == "verslag-schriftelijk-overleg" for h in reports)
    d66 = api.get("/api/search", params={"q": "kabinet", "limit": 100, "group": "D66"}).json()["hits"]
    assert d66 and len(d66) < len(every)
    dated = [h for h in every if h["date"]]
    day = sorted(h["date"] for h in dated)[len(dated) // 2]
    later = api.get("/api/search", params={"q": "kabinet", "limit": 100, "from": day}).json()["hits"]
    assert later and len(later) < len(every) and all(h["date"] >= day for h in later)
    promised = api.get("/api/search", params={"q": "informeren", "has_commitment": "true"}).json()["hits"]
    assert promised and all(h["item"] is not None for h in promised)


def test_pages_do_not_repeat_hits_and_together_are_the_unbounded_search(api: TestClient, store: Store) -> None:
    seen: list[tuple[str, int | None, str]] = []
    offset, more = 0, True
    while more:
        body = api.get("/api/search", params={"q": "minister", "limit": 7, "offset": offset}).json()
        seen += _keys(body["hits"])
        more, offset = body["more"], offset + 7
        assert (body["next"] is not None) == more
    assert len(seen) == len(set(seen)) > 7
    everything = [h.to_dict() for h in search(store, "minister", limit=BIG)]
    assert seen == _keys(everything)
    by_page = api.get("/api/search", params={"q": "minister", "limit": 7, "page": 2}).json()
    assert _keys(by_page["hits"]) == seen[7:14] and by_page["offset"] == 7


def test_next_link_leads_to_the_next_page(api: TestClient) -> None:
    body = api.get("/api/search", params={"q": "minister", "limit": 5, "page": 1}).json()
    after = api.get(body["next"]).json()
    assert after["offset"] == 5 and not set(_keys(body["hits"])) & set(_keys(after["hits"]))


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_answered_200_or_400_never_500(api: TestClient, query: str) -> None:
    response = api.get("/api/search", params={"q": query, "facets": "true"})
    if "\x00" in query:  # refused at the edge, before the search (tests/test_edge_input.py)
        assert response.status_code == 422 and response.json()["field"] == "query.q", response.text
        return
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["code"] == "query-error" and response.json()["message"]
    assert api.get("/api/documents").json()  # nothing was dropped


@pytest.mark.parametrize("value", ["\x00", "'; DROP TABLE documents; --", "%_\\", "  ", "ü̈"])
def test_hostile_filter_values_are_answered_without_a_5xx(api: TestClient, value: str) -> None:
    for name in ("type", "group", "asker", "party", "committee", "ministry"):
        response = api.get("/api/search", params={"q": "kabinet", name: value, "facets": "true"})
        if value == "\x00":  # refused at the edge, naming the parameter (tests/test_edge_input.py)
            assert response.status_code == 422 and response.json()["field"] == f"query.{name}", response.text
            continue
        assert response.status_code == 200, (name, response.text)
    assert api.get("/api/documents").json()


@pytest.mark.parametrize("params", [{"q": "x", "limit": "0"}, {"q": "x", "limit": "101"}, {"q": "x", "limit": "-1"},
                                   {"q": "x", "limit": "veel"}, {"q": "x", "offset": "-1"}, {"q": "x", "page": "0"},
                                   {"q": "x", "from": "2024-13-45"}, {"q": "x", "to": "gisteren"},
                                   {"q": "x", "has_commitment": "misschien"}, {"q": "x" * 1001}, {}])
def test_a_parameter_out_of_range_is_a_422_naming_it(api: TestClient, params: dict[str, str]) -> None:
    response = api.get("/api/search", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation-failed" and response.json()["field"]


def test_an_empty_query_or_both_offset_and_page_is_a_400(api: TestClient) -> None:
    for params in ({"q": ""}, {"q": "  \" ( "}, {"q": "NOT gaza"}, {"q": "gaza", "offset": "5", "page": "2"}):
        response = api.get("/api/search", params=params)
        assert response.status_code == 400 and response.json()["code"] == "query-error"


def test_search_is_in_the_openapi_description_with_its_parameters(api: TestClient) -> None:
    operation = api.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "type", "group", "asker", "party", "committee", "ministry", "from", "to", "has_commitment",
            "referral_only", "limit", "offset", "page", "facets"} <= names
    assert operation["description"] and "400" in operation["responses"]


def _filtered(store: Store, query: str, filters: SearchFilters) -> int:
    return len(search(store, query, filters, limit=BIG))


def _checked_against_filters(store: Store, query: str, facet: str, found: tuple[FacetCount, ...]) -> None:
    """Each value's count is the number of hits filtering on it gives (a text filter matches a
    substring: a value inside another value can only give more)."""
    for f in found:
        only = {"group": SearchFilters(group=f.value), "ministry": SearchFilters(ministry=f.value),
                "committee": SearchFilters(committee=f.value)}[facet]
        hits = _filtered(store, query, only)
        if any(f.value in other.value for other in found if other is not f):
            assert hits >= f.count
        else:
            assert hits == f.count, (facet, f.value)


@pytest.mark.parametrize("query", ["kabinet", "Rafah", "minister", '"humanitaire hulp"', "vraag", "Gaza NOT Rafah"])
def test_facet_counts_are_the_counts_of_an_unbounded_search(store: Store, query: str) -> None:
    counts = facet_counts(store, query)
    hits = search(store, query, limit=BIG)
    assert not counts.bounded and len(hits) < FACET_ENTRIES
    assert counts.hits == len(hits)
    assert {f.value: f.count for f in counts.type} == Counter(h.document_type for h in hits)
    assert counts.has_commitment == _filtered(store, query, SearchFilters(has_commitment=True))
    assert counts.referral_only == _filtered(store, query, SearchFilters(referral_only=True))
    for facet, found in (("group", counts.group), ("ministry", counts.ministry), ("committee", counts.committee)):
        _checked_against_filters(store, query, facet, found)
    assert counts.type
    if query == "kabinet":
        assert counts.group and counts.ministry and counts.committee


def test_facet_counts_respect_the_filters(store: Store) -> None:
    counts = facet_counts(store, "kabinet", SearchFilters(type="verslag-schriftelijk-overleg"))
    assert [f.value for f in counts.type] == ["verslag-schriftelijk-overleg"]
    assert counts.hits == _filtered(store, "kabinet", SearchFilters(type="verslag-schriftelijk-overleg"))


def test_a_common_word_is_counted_over_its_best_entries_and_says_so(store: Store,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from overleg.corpus.search import facets

    monkeypatch.setattr(facets, "FACET_ENTRIES", 5)
    counts = facet_counts(store, "de")
    assert counts.bounded and 1 <= counts.hits <= 5
    assert counts.hits <= len(search(store, "de", limit=BIG))


def test_the_api_adds_facets_when_asked(api: TestClient, store: Store) -> None:
    plain = api.get("/api/search", params={"q": "kabinet"}).json()
    assert plain["facets"] is None
    body = api.get("/api/search", params={"q": "kabinet", "facets": "true"}).json()
    assert body["facets"] == facet_counts(store, "kabinet").to_dict()
    assert body["facets"]["hits"] >= len(body["hits"])
