"""Similar questions: given the text of a question, the earlier questions most like it, with their
answers (docs/search.md, "Similar questions").

The text is searched as the OR of its words (``fields.or_of_words``: its first 64 distinct
words), ranked as every search is; each hit that is an item (a question, its answer or a
footnote it cites) becomes that item with its question and answer text, shortened. The
question's own document is left out (``exclude``), and with ``before`` every later document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text

from overleg.corpus.search import pages
from overleg.corpus.search.fields import or_of_words
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.ranking import search
from overleg.store.core import Store
from overleg.store.engine import read
from overleg.store.generation import generation

SHORT = 600  # characters of a question or an answer shown
MAX_SIMILAR = 20


@dataclass(frozen=True)
class SimilarQuestion:
    """An earlier item like the text: its question and answer (shortened; ``answer`` None when the
    item has none), the document's title, type and date as search lists them."""

    document_id: str
    item: int
    question: str
    answer: str | None
    title: str | None
    document_type: str
    date: dt.date | None
    score: float

    @property
    def href(self) -> str:
        return f"/documents/{self.document_id}#vraag-{self.item}"

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "item": self.item, "question": self.question,
                "answer": self.answer, "title": self.title, "document_type": self.document_type,
                "date": self.date.isoformat() if self.date else None, "score": round(self.score, 6),
                "href": self.href, "api_href": f"/api/documents/{self.document_id}"}


def shorten(body: str, limit: int = SHORT) -> str:
    """``body`` cut at a word before ``limit`` characters, with an ellipsis when cut.

    >>> shorten("een twee drie", 9)
    'een twee…'
    """
    body = " ".join(body.split())
    if len(body) <= limit:
        return body
    cut = body[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def similar_questions(store: Store, question: str, limit: int = 5, exclude: str | None = None,
                      before: dt.date | None = None) -> list[SimilarQuestion]:
    """The ``limit`` items most like ``question``, best first, leaving out document ``exclude``
    and (with ``before``) documents dated after that day; [] for a text without words. Kept as
    search pages are (``pages``): the answer editor asks the same questions' each time it opens."""
    if pages.capacity() <= 0:
        return _similar_questions(store, question, limit, exclude, before)
    with read(store.engine) as conn:  # a write after this read keeps its newer result under the old
        made_at = generation(conn)    # generation, which no later search asks for: never stale
    key = (store.engine.url.render_as_string(hide_password=False), made_at, "similar", question, limit, exclude,
           before)
    return list(pages.kept_page(key, lambda: tuple(_similar_questions(store, question, limit, exclude, before))))


def _similar_questions(store: Store, question: str, limit: int, exclude: str | None,
                       before: dt.date | None) -> list[SimilarQuestion]:
    query = or_of_words(question)
    if query is None:
        return []
    limit = max(1, min(limit, MAX_SIMILAR))
    # the excluded document's own items are the best matches of its questions: fetch past them
    hits = search(store, query, SearchFilters(date_to=before), limit=limit * 4 + 40, loose=True)
    kept = [h for h in hits if h.item is not None and h.document_id != exclude][:limit * 3]
    if not kept:
        return []
    texts: dict[tuple[str, int, str], str] = {}
    with read(store.engine) as conn:
        rows = conn.execute(text("SELECT document_id, item, kind, body FROM search_entries "
                                 "WHERE document_id IN :docs AND kind IN ('question', 'answer')")
                            .bindparams(bindparam("docs", expanding=True)),
                            {"docs": sorted({h.document_id for h in kept})})
        for row in rows:
            texts[(row.document_id, row.item, row.kind)] = row.body
    found: list[SimilarQuestion] = []
    shown: set[tuple[str, str]] = set()
    for h in kept:
        assert h.item is not None  # kept above
        asked = texts.get((h.document_id, h.item, "question"))
        if asked is None or (h.document_id, asked) in shown:
            continue  # re-indexed between the two reads, or the same question under several items
        shown.add((h.document_id, asked))
        answer = texts.get((h.document_id, h.item, "answer"))
        found.append(SimilarQuestion(h.document_id, h.item, shorten(asked), shorten(answer) if answer else None,
                                     h.title, h.document_type, h.date, h.score))
        if len(found) == limit:
            break
    return found


def item_question(store: Store, document_id: str, item: int) -> tuple[str, dt.date | None] | None:
    """The question text of item ``item`` of document ``document_id`` as the corpus holds it, and
    the document's date as search lists it; None when the corpus holds no such question."""
    with read(store.engine) as conn:
        row = conn.execute(text("SELECT e.body, d.date FROM search_entries e JOIN search_documents d "
                                "ON d.document_id = e.document_id WHERE e.document_id = :d AND e.item = :i "
                                "AND e.kind = 'question' ORDER BY e.id LIMIT 1"),
                           {"d": document_id, "i": item}).first()
    if row is None:
        return None
    day = row.date if row.date is None or isinstance(row.date, dt.date) else dt.date.fromisoformat(str(row.date))
    return str(row.body), day
