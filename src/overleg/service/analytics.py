"""Figures over the corpus (docs/analytics.md) and the entity view behind the pages per group,
member, ministry and committee (all public)."""

from __future__ import annotations

import datetime as dt

from overleg.corpus.analytics.entities import CorpusView, Entity, ItemRef, corpus_view, page_items
from overleg.corpus.analytics.figures import compute, load_corpus, open_questions
from overleg.corpus.analytics.table import Table
from overleg.corpus.analytics.written_questions import CaseFilter, filtered_cases, question_cases
from overleg.errors import NotFound
from overleg.model.process import QuestionCase
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.store import Store


class Analytics:
    def __init__(self, store: Store) -> None:
        self._store = store

    def table(self, who: Credentials, kind: str, *, date_from: dt.date | None = None,
              date_to: dt.date | None = None, period: str = "month", by: str | None = None,
              today: dt.date | None = None) -> Table:
        """One statistic: questions, answer-times, answer-kinds, commitments, cited, open."""
        anyone(who)
        return compute(self._store, kind, date_from=date_from, date_to=date_to, period=period, by=by, today=today)

    def open_questions(self, who: Credentials, by: str | None = None, today: dt.date | None = None) -> Table:
        """Written questions not answered within their term, one per row or counted ``by``."""
        anyone(who)
        return open_questions(load_corpus(self._store), today or dt.date.today(), by)

    def question_cases(self, who: Credentials, *, status: str | None = None, ministry: str | None = None,
                       group: str | None = None, member: str | None = None,
                       today: dt.date | None = None) -> list[QuestionCase]:
        """Written questions linked to their notices and answers (docs/analytics.md, "Written
        questions as a process"), newest first; filtered by status (open, overdue, answered,
        answered-late), ministry, group (party) or member (asker). A wrong status is InvalidQuery."""
        anyone(who)
        keep = CaseFilter(status or None, ministry or None, group or None, member or None)
        return filtered_cases(question_cases(load_corpus(self._store), today or dt.date.today()), keep)

    def question_case(self, who: Credentials, key: str, today: dt.date | None = None) -> QuestionCase:
        """The case one of whose papers is stored under ``key``; NotFound when none is."""
        anyone(who)
        for case in question_cases(load_corpus(self._store), today or dt.date.today()):
            if key == case.key or any(p.key == key for p in case.papers):
                return case
        raise NotFound(f"no written questions with a paper {key!r}")

    def view(self, who: Credentials, today: dt.date | None = None) -> CorpusView:
        """Who asks and who answers: every group, member, ministry and committee with its figures
        (kept per store change and day)."""
        anyone(who)
        return corpus_view(self._store, today)

    def items(self, who: Credentials, view: CorpusView, entity: Entity, start: int, count: int) -> list[ItemRef]:
        """A page of an entity's questions, newest first."""
        anyone(who)
        return page_items(self._store, view, entity, start, count)
