"""Search pages kept in memory (corpus.search.pages) under the corpus tables' generation
(store.generation): a page asked again is not scored again, and no write to the corpus, on
either database, ever lets a kept page be served after it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from corpus_support import migrated_store
from overleg.corpus.search import cache, facets, pages, ranking
from overleg.corpus.search.facets import search_with_counts
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.index import index_document, maintain
from overleg.errors import InvalidInput
from overleg.model import Document, DocumentId, DocumentType, Item
from overleg.service.accounts import Credentials
from overleg.service.core import Service
from overleg.settings import Settings
from overleg.store import Store
from overleg.store.engine import read, write
from overleg.store.generation import generation

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def fresh_pages() -> Iterator[None]:
    pages.keep_pages(pages.DEFAULT_PAGES)
    pages.forget_pages()
    yield
    pages.keep_pages(pages.DEFAULT_PAGES)
    pages.forget_pages()


@pytest.fixture
def scorings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries actually scored (not served from a kept page), in order."""
    scored: list[str] = []
    real = ranking.ranked_page

    def counted(conn: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        scored.append(str(node))
        return real(conn, node, *args, **kwargs)

    monkeypatch.setattr(facets, "ranked_page", counted)
    return scored


def _document(doc_id: str, answer: str) -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId(doc_id), title=f"Vragen {doc_id}",
                    items=(Item(1, "Wat is de stand van de stikstofuitstoot?", answer),))


def _index(store: Store, doc: Document, version: int = 1) -> None:
    with write(store.engine) as conn:
        index_document(conn, str(doc.id), version, doc)


def _found(store: Store, query: str, **kwargs: Any) -> list[tuple[str, int | None, str]]:
    hits, _, _ = search_with_counts(store, query, SearchFilters(), 20, **kwargs)
    return [(h.document_id, h.item, h.kind) for h in hits]


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_page_asked_again_is_served_without_scoring_and_equal_to_the_first(
        kind: str, tmp_path: Path, scorings: list[str]) -> None:
    with migrated_store(kind, tmp_path) as store:
        _index(store, _document("ah-tk-20242025-101", "De uitstoot daalt in 2025."))
        first = search_with_counts(store, "uitstoot", SearchFilters(), 20, counts=True)
        again = search_with_counts(store, "uitstoot", SearchFilters(), 20, counts=True)
        assert again == first and first[0]
        assert len(scorings) == 1
        # another page, other filters, another sort or without counts is another page
        search_with_counts(store, "uitstoot", SearchFilters(), 20, offset=20)
        search_with_counts(store, "uitstoot", SearchFilters(type="schriftelijke-vragen"), 20)
        search_with_counts(store, "uitstoot", SearchFilters(), 20, sort="date")
        search_with_counts(store, "uitstoot", SearchFilters(), 20, counts=False)
        assert len(scorings) == 5


@pytest.mark.parametrize("kind", BACKENDS)
def test_every_write_to_the_corpus_makes_the_kept_pages_stale(kind: str, tmp_path: Path) -> None:
    with migrated_store(kind, tmp_path) as store:
        _index(store, _document("ah-tk-20242025-101", "De uitstoot daalt in 2025."))
        assert ("ah-tk-20242025-101", 1, "answer") in _found(store, "uitstoot")
        # a new document
        _index(store, _document("ah-tk-20242025-102", "De uitstoot stijgt."))
        assert {d for d, _, _ in _found(store, "uitstoot")} == {"ah-tk-20242025-101", "ah-tk-20242025-102"}
        # a new version without the word in its answer
        assert ("ah-tk-20242025-102", 1, "answer") in _found(store, "stijgt")
        _index(store, _document("ah-tk-20242025-102", "Dat is niet bekend."), version=2)
        assert ("ah-tk-20242025-102", 1, "answer") not in _found(store, "stijgt")
        assert ("ah-tk-20242025-102", 1, "answer") in _found(store, "bekend")
        # a merge changes the generation too (it drops deleted entries from the IDF's count)
        with read(store.engine) as conn:
            before = generation(conn)
        with write(store.engine) as conn:
            maintain(conn, full=True)
        with read(store.engine) as conn:
            assert generation(conn) != before


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_database_made_again_under_the_same_url_never_meets_the_old_ones_pages(kind: str, tmp_path: Path) -> None:
    seen = []
    for answer in ("Eerste stand: de uitstoot daalt.", "Tweede stand: de uitstoot stijgt."):
        with migrated_store(kind, tmp_path) as store:  # the same URL both times, dropped in between
            _index(store, _document("ah-tk-20242025-101", answer))
            hits, _, _ = search_with_counts(store, "uitstoot", SearchFilters(), 20)
            seen.append({h.snippet for h in hits if h.kind == "answer"})
            with read(store.engine) as conn:
                assert generation(conn) != 0
    assert seen[0] != seen[1]


def test_the_least_recently_asked_page_goes_first_and_zero_keeps_none() -> None:
    made: list[str] = []

    def page(name: str) -> str:
        return pages.kept_page(name, lambda: made.append(name) or name)  # type: ignore[func-returns-value]

    pages.keep_pages(2)
    page("a"), page("b"), page("a"), page("c")  # b is the least recently asked when c comes
    page("a"), page("b")
    assert made == ["a", "b", "c", "b"]
    pages.keep_pages(0)
    page("a"), page("a")
    assert made[-2:] == ["a", "a"]


def test_a_page_whose_search_failed_is_not_kept() -> None:
    def failing() -> str:
        raise InvalidInput("nee")

    with pytest.raises(InvalidInput):
        pages.kept_page("x", failing)
    assert pages.kept_page("x", lambda: "gevonden") == "gevonden"


def test_the_settings_size_what_a_process_keeps(tmp_path: Path) -> None:
    settings = Settings.from_environ({"OVERLEG_SEARCH_PAGES": "0", "OVERLEG_SEARCH_POSTINGS_MB": "8",
                                      "OVERLEG_DATABASE_URL": f"sqlite:///{tmp_path / 'o.db'}"})
    assert (settings.search_pages, settings.search_postings_mb) == (0, 8)
    assert Settings().search_pages == pages.DEFAULT_PAGES
    with pytest.raises(InvalidInput, match="OVERLEG_SEARCH_PAGES"):
        Settings.from_environ({"OVERLEG_SEARCH_PAGES": "-1"})
    with Service.open(settings, migrated=False):
        assert pages.capacity() == 0
        assert cache.limit() == 8 * 2**20
    with Service.open(Settings(database_url=settings.database_url), migrated=False):
        assert pages.capacity() == pages.DEFAULT_PAGES
        assert cache.limit() == cache.CACHE_BYTES


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_service_answers_a_repeated_search_from_the_kept_page(
        kind: str, tmp_path: Path, scorings: list[str]) -> None:
    with migrated_store(kind, tmp_path) as store:
        _index(store, _document("ah-tk-20242025-101", "De uitstoot daalt in 2025."))
        url = store.engine.url.render_as_string(hide_password=False)
        with Service.open(Settings(database_url=url)) as service:
            first = service.search.search(Credentials.public(), "uitstoot", facets=True)
            again = service.search.search(Credentials.public(), "uitstoot", facets=True)
        assert first == again and first.hits
        assert len(scorings) == 1
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM search_generation")).scalar() == 1


@pytest.mark.parametrize("kind", BACKENDS)
def test_similar_questions_asked_again_are_not_searched_again_until_the_corpus_changes(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from overleg.corpus.search import similar

    searched: list[str] = []
    real = ranking.search

    def counted(store: Store, query: str, *args: Any, **kwargs: Any) -> Any:
        searched.append(query)
        return real(store, query, *args, **kwargs)

    monkeypatch.setattr(similar, "search", counted)
    with migrated_store(kind, tmp_path) as store:
        for n, topic in enumerate(("stikstofuitstoot", "woningbouw", "jeugdzorg", "defensie", "onderwijs"), 101):
            _index(store, _asking(f"ah-tk-20242025-{n}", f"Hoe staat het met de {topic}?"))
        asked = "Wat is de stand van de stikstofuitstoot in Nederland?"
        first = similar.similar_questions(store, asked)
        assert similar.similar_questions(store, asked) == first
        assert [s.document_id for s in first] == ["ah-tk-20242025-101"] and len(searched) == 1
        _index(store, _asking("ah-tk-20242025-106", "Daalt de stikstofuitstoot?"))
        again = similar.similar_questions(store, asked)
        assert len(searched) == 2
        assert {s.document_id for s in again} == {"ah-tk-20242025-101", "ah-tk-20242025-106"}


def _asking(doc_id: str, question: str) -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId(doc_id), title=f"Vragen {doc_id}",
                    items=(Item(1, question, "Dat wordt onderzocht."),))
