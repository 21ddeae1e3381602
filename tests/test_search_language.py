"""The query language on a real store, SQLite and PostgreSQL: fields typed in the query, sort by
date, "Bedoelde u ...?" from the corpus vocabulary, similar questions (service, API, web pages,
the ministry's answer editor) and migration 0016's vocabulary of an existing store."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from corpus_support import EXAMPLES, lazily_ingested, migrated_store
from db_support import database
from overleg.app import create_app
from overleg.cli import app as cli
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.reindex import reindex
from overleg.corpus.search.similar import similar_questions
from overleg.corpus.search.suggest import distance, suggestion, words_of
from overleg.service import Credentials, SearchFilters, Service
from overleg.store import Store, open_store
from overleg.store.migrate import upgrade

SEED = "kst-21501-02-3349"
PUBLIC = Credentials.public()
RAFAH_QUESTION = "Is de grensovergang bij Rafah voldoende open voor humanitaire hulp per vrachtwagen?"


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


def _vocabulary(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {r.word: int(r.entries) for r in conn.execute(text("SELECT word, entries FROM search_words"))}


def _entry_words(store: Store) -> Counter[str]:
    counts: Counter[str] = Counter()
    with store.engine.connect() as conn:
        for row in conn.execute(text("SELECT body FROM search_entries")):
            counts.update(words_of(row.body))
    return counts


# -- fields and sort ------------------------------------------------------------------------------

def test_a_field_typed_in_the_query_filters_as_the_parameter_does(store: Store) -> None:
    search = Service(store).search
    typed = search.search(PUBLIC, "kabinet soort:verslag", limit=100)
    given = search.search(PUBLIC, "kabinet", SearchFilters(type="verslag-schriftelijk-overleg"), limit=100)
    assert typed.hits == given.hits and typed.hits
    assert typed.searched == "kabinet" and typed.filters.type == "verslag-schriftelijk-overleg"


def test_dates_typed_in_the_query_narrow_the_forms_dates(store: Store) -> None:
    search = Service(store).search
    found = search.search(PUBLIC, "kabinet datum:2024", SearchFilters(date_from=dt.date(2024, 6, 1)), limit=100)
    assert found.filters.date_from == dt.date(2024, 6, 1) and found.filters.date_to == dt.date(2024, 12, 31)
    assert found.hits and all(h.date is not None and dt.date(2024, 6, 1) <= h.date <= dt.date(2024, 12, 31)
                              for h in found.hits)


def test_sort_by_date_lists_the_newest_first_with_the_same_hits(api: TestClient) -> None:
    best = api.get("/api/search", params={"q": "kabinet", "limit": 100}).json()
    newest = api.get("/api/search", params={"q": "kabinet", "limit": 100, "sort": "date"}).json()
    assert newest["sort"] == "date"
    dates = [h["date"] for h in newest["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert sorted(h["href"] for h in newest["hits"]) == sorted(h["href"] for h in best["hits"])
    assert api.get("/api/search", params={"q": "kabinet", "sort": "oudste"}).status_code == 422


def test_pages_sorted_by_date_do_not_repeat_hits(api: TestClient) -> None:
    pages = [api.get("/api/search", params={"q": "kabinet", "limit": 5, "page": n, "sort": "date"}).json()["hits"]
             for n in (1, 2, 3)]
    hrefs = [h["href"] for page in pages for h in page]
    assert len(hrefs) == len(set(hrefs)) == 15


def test_a_pasted_question_finds_what_the_and_of_its_words_does_not(api: TestClient) -> None:
    body = api.get("/api/search", params={"q": RAFAH_QUESTION}).json()
    assert body["question"] and " OR " in body["searched"]
    assert (SEED, 3) in [(h["document_id"], h["item"]) for h in body["hits"]]
    anded = api.get("/api/search", params={"q": RAFAH_QUESTION.replace(" ", " AND ")}).json()
    assert not anded["question"] and anded["hits"] == []


def test_an_invalid_date_in_the_query_is_a_400_with_a_dutch_message(api: TestClient) -> None:
    response = api.get("/api/search", params={"q": "Rafah van:2024-13-01"})
    assert response.status_code == 400
    assert "is geen datum" in response.json()["message"]


def test_the_cli_reads_fields_sorts_by_date_and_proposes_a_spelling(store: Store) -> None:
    newest = CliRunner().invoke(cli, ["search", "kabinet groep:D66", "--sort", "date", "--json", "-n", "50",
                                      "--database", store.url])
    assert newest.exit_code == 0, newest.output
    dates = [h["date"] for h in json.loads(newest.stdout) if h["date"]]
    assert dates and dates == sorted(dates, reverse=True)
    misspelled = CliRunner().invoke(cli, ["search", "Rafha", "--database", store.url])
    assert misspelled.exit_code == 0 and "did you mean: Rafah" in misspelled.stderr


def test_a_search_feed_reads_fields_as_the_search_does(api: TestClient) -> None:
    def entries(params: dict[str, str]) -> list[str]:
        feed = api.get("/api/feeds/search.atom", params=params)
        assert feed.status_code == 200
        return re.findall(r"<entry>.*?<id>([^<]+)</id>", feed.text, re.S)

    typed = entries({"q": "kabinet soort:verslag"})
    assert typed and typed == entries({"q": "kabinet", "type": "verslag-schriftelijk-overleg"})
    assert typed != entries({"q": "kabinet"})


def test_a_saved_search_is_saved_as_the_search_reads_it(store: Store) -> None:
    service = Service(store)
    user = store.users.create_user(f"lezer-{store.dialect}-{len(store.url)}", None, "Lezer")
    saved = service.alerts.save_search(service.accounts.credentials(user), "Rafah groep:D66 van:2024-01-01",
                                       email="lezer@example.org")
    assert saved.name == "Rafah groep:D66 van:2024-01-01" and saved.query == "Rafah"
    assert saved.filters == SearchFilters(group="D66", date_from=dt.date(2024, 1, 1))


# -- "Bedoelde u ...?" ----------------------------------------------------------------------------

def test_misspelled_words_get_the_corpus_spelling(store: Store) -> None:
    assert suggestion(store, "Rafha") == "Rafah"
    assert suggestion(store, "santies") == "sancties"
    assert suggestion(store, "Rafha groep:D66") == "Rafah groep:D66"


def test_words_the_corpus_knows_get_no_suggestion(store: Store) -> None:
    assert suggestion(store, "Rafah") is None
    assert suggestion(store, "sancties OR kabinet") is None
    assert suggestion(store, "xqzwv") is None  # nothing within two edits


def test_the_api_and_the_web_page_propose_a_spelling_only_when_few_hits(api: TestClient) -> None:
    assert api.get("/api/search", params={"q": "Rafha"}).json()["suggestion"] == "Rafah"
    assert api.get("/api/search", params={"q": "kabinet"}).json()["suggestion"] is None
    page = api.get("/search", params={"q": "santies"}).text
    assert 'Bedoelde u: <a href="/search?q=sancties">sancties</a>?' in page


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit() -> None:
    assert distance("rafha", "rafah") == 1
    assert distance("sanctie", "sancties") == 1
    assert distance("abcdef", "ghijkl") == 3  # capped: more than two
    assert distance("ab", "abcde") == 3


def test_the_vocabulary_holds_every_word_of_the_texts_once_per_text(store: Store) -> None:
    assert _vocabulary(store) == dict(_entry_words(store))


def test_indexing_the_documents_again_keeps_the_vocabulary_counts(tmp_path: Path) -> None:
    with migrated_store("sqlite", tmp_path) as store:
        assert ingest([EXAMPLES / f"{SEED}.txt"], store, jobs=1).ok
        before = _vocabulary(store)
        assert before["rafah"] > 0
        reindex(store)
        assert {w: n for w, n in _vocabulary(store).items() if n} == before


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migration_0016_fills_the_vocabulary_of_an_existing_store(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        upgrade(url, "0015")
        store = open_store(url)
        try:
            with store.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO search_entries (document_id, item, kind, referral_only, has_commitment, body, "
                    "stemmed) VALUES (:d, 1, 'question', false, false, :b, '')"),
                    [{"d": "a", "b": "Vragen over Rafah en Oekraïne, Rafah!"}, {"d": "b", "b": "Rafah 2024 is"}])
            upgrade(url)
            assert _vocabulary(store) == {"vragen": 1, "over": 1, "rafah": 2, "oekraine": 1}
        finally:
            store.close()


# -- similar questions ----------------------------------------------------------------------------

def test_similar_questions_find_the_seeds_rafah_question_with_its_answer(store: Store) -> None:
    found = similar_questions(store, RAFAH_QUESTION)
    assert found and len(found) <= 5
    first = next(s for s in found if (s.document_id, s.item) == (SEED, 3))
    assert "Rafah" in first.question and first.answer and "Rafah" in first.answer
    assert first.href == f"/documents/{SEED}#vraag-3"


def test_similar_questions_leave_out_the_excluded_document_and_later_ones(store: Store) -> None:
    found = similar_questions(store, RAFAH_QUESTION, limit=10, exclude=SEED)
    assert found and SEED not in {s.document_id for s in found}
    early = similar_questions(store, RAFAH_QUESTION, limit=10, before=dt.date(2024, 6, 30))
    assert all(s.date is not None and s.date <= dt.date(2024, 6, 30) for s in early)


def test_similar_questions_of_a_text_without_words_are_none(store: Store) -> None:
    assert similar_questions(store, "?!  …") == []


def test_the_api_gives_similar_questions_of_a_text_and_of_an_item(api: TestClient) -> None:
    body = api.get("/api/similar", params={"text": RAFAH_QUESTION, "limit": 3}).json()
    assert 1 <= len(body["similar"]) <= 3
    assert {"document_id", "item", "question", "answer", "date", "href", "api_href"} <= set(body["similar"][0])
    item = api.get(f"/api/documents/{SEED}/items/3/similar").json()["similar"]
    assert item and SEED not in {s["document_id"] for s in item}
    assert api.get(f"/api/documents/{SEED}/items/999/similar").status_code == 404
    assert api.get("/api/similar", params={"text": ""}).status_code == 422


def test_the_document_page_leads_to_each_questions_earlier_questions(api: TestClient) -> None:
    page = api.get(f"/documents/{SEED}").text
    assert f'<a href="/documents/{SEED}/vragen/1/eerder">Eerdere vragen die op deze vragen lijken' in page
    first = api.get(f"/documents/{SEED}/vragen/1/eerder").text
    assert f'<a href="/documents/{SEED}/vragen/3/eerder">3</a>' in first  # the page's list of questions
    earlier = api.get(f"/documents/{SEED}/vragen/3/eerder")
    assert earlier.status_code == 200
    assert '<strong aria-current="page">3</strong>' in earlier.text
    assert "<h1>Eerder gesteld</h1>" in earlier.text and "<details class=\"eerder-antwoord\">" in earlier.text
    twin = api.get(f"/documents/{SEED}/vragen/3/eerder.json").json()
    assert twin["similar"] and twin["back"] == f"/documents/{SEED}#vraag-3"
    assert all(f'href="{s["href"]}"' in earlier.text for s in twin["similar"])
    assert api.get(f"/documents/{SEED}/vragen/999/eerder").status_code == 404
    assert api.get(f"/documents/{SEED}/vragen/drie/eerder").status_code == 404


def test_the_answer_editor_shows_earlier_questions_next_to_the_question(tmp_path: Path) -> None:
    from api_helpers import client_for
    from api_helpers import migrated_store as desk_store
    from web_support import confirm_step, log_in, seed_intake, session_token

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with database("sqlite", tmp_path) as url:
        store = desk_store(url)
        try:
            seed_intake(store, start)
            assert ingest([EXAMPLES / f"{SEED}.txt"], store, jobs=1).ok
            clock = lambda: start + dt.timedelta(hours=1)  # noqa: E731
            with client_for(store, clock=clock) as client:
                log_in(client, "member-klein")
                form = {"csrf": session_token(client, "/werkruimte/so-1"), "group": "Klein", "version": "0"}
                assert client.post("/werkruimte/so-1/inbreng", data={**form, "passages": RAFAH_QUESTION},
                                   follow_redirects=False).status_code == 303
            with client_for(store, clock=clock) as client:
                log_in(client, "griffier")
                for action in ("close_intake", "number", "send"):
                    assert confirm_step(client, "so-1", action).status_code == 303
            with client_for(store, clock=clock) as client:
                log_in(client, "ambtenaar")
                desk = client.get("/werkruimte/so-1/beantwoording.json").json()
                number = next(q["number"] for q in desk["questions"] if "Rafah" in q["text"])
                editor = client.get(f"/werkruimte/so-1/beantwoording/{number}.json").json()
                asked = next(q for q in editor["questions"] if q["number"] == number)
                assert (SEED, 3) in [(s["document_id"], s["item"]) for s in asked["similar"]]
                page = client.get(f"/werkruimte/so-1/beantwoording/{number}").text
                assert re.search(r'<details class="eerder">\s*<summary>Eerder gesteld', page)
                assert f'href="/documents/{SEED}#vraag-3"' in page
        finally:
            store.close()


# -- a pasted question's most common words --------------------------------------------------------


def test_a_pasted_question_leaves_out_only_its_words_in_more_than_a_fifth_of_the_entries(store: Store) -> None:
    from overleg.corpus.search.bm25 import entry_stats
    from overleg.corpus.search.query import Or, Term, parse
    from overleg.corpus.search.scoring import COMMON_SHARE, without_common
    from overleg.store.postings import term_frequencies

    node = parse("de OR het OR rafah OR grensovergang OR vrachtwagen")
    assert isinstance(node, Or)
    with store.engine.connect() as conn:
        frequency = term_frequencies(conn, [c.stem for c in node.children if isinstance(c, Term)])
        most = COMMON_SHARE * entry_stats(conn).total
        loose = without_common(conn, node)
        every_word_common = without_common(conn, parse("de OR het OR van"))
        typed = parse("de AND rafah")
        assert without_common(conn, typed) is typed  # only a pasted question's OR is loosened
    assert isinstance(loose, Or)
    kept = {c.stem for c in loose.children if isinstance(c, Term)}
    assert kept == {c.stem for c in node.children if isinstance(c, Term) and frequency.get(c.stem, 0) <= most}
    assert "rafah" in kept and not {"de", "het"} & kept  # (the examples are Dutch: "de" is everywhere)
    assert isinstance(every_word_common, Or) and len(every_word_common.children) == 1  # the rarest stays


def test_a_pasted_question_finds_the_same_best_answers_without_its_common_words(store: Store) -> None:
    from overleg.corpus.search.fields import or_of_words
    from overleg.corpus.search.ranking import search

    query = or_of_words(RAFAH_QUESTION)
    assert query is not None
    strict = [(h.document_id, h.item) for h in search(store, query, limit=10)]
    loose = [(h.document_id, h.item) for h in search(store, query, limit=10, loose=True)]
    assert loose[:3] == strict[:3] and len(set(loose) & set(strict)) >= 8
