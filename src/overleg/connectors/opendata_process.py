"""Tweede Kamer Open Data records as papers of the written-questions process.

``process_paper(record)`` turns a ``DocumentRecord`` of Soort "Schriftelijke vragen",
"Mededeling (uitstel antwoord)" or "Antwoord schriftelijke vragen" into a ``ProcessPaper``
(None for any other Soort): its key is the Open Data ``Id``, its date the record's ``Datum``,
its Zaak numbers the expanded ``Zaak``, its subject the ``Onderwerp`` (else ``Titel``), its
number the ``DocumentNummer``; a notice's or answer's askers are read from its title ("... van
de leden Kröger en Van der Lee over ...").

``recorded_linking(paths, today)`` reads recorded OData pages (``{"value": [...]}`` or a list),
deduplicates them by ``Id`` and links them (``corpus.process.link_cases``); ``LinkingFigures``
counts what found its questions. ``overleg vragen meet-koppeling`` prints it (docs/analytics.md,
"Linking by subject").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from overleg.connectors.opendata import DocumentRecord, Malformed, record
from overleg.corpus.process import link_cases, printed_title
from overleg.errors import FetchError
from overleg.model.process import LinkKind, ProcessPaper, ProcessRole, QuestionCase

SOORT_ROLES: dict[str, ProcessRole] = {
    "Schriftelijke vragen": ProcessRole.QUESTIONS,
    "Mededeling (uitstel antwoord)": ProcessRole.NOTICE,
    "Antwoord schriftelijke vragen": ProcessRole.ANSWER,
}


def process_paper(rec: DocumentRecord) -> ProcessPaper | None:
    """The paper ``rec`` is in a written-questions process; None for another Soort or a deleted record."""
    role = SOORT_ROLES.get(rec.soort or "")
    if role is None or rec.deleted:
        return None
    parsed = printed_title(rec.title) if role is not ProcessRole.QUESTIONS else None
    return ProcessPaper(key=rec.id, roles=(role,), date=rec.date, zaken=tuple(rec.zaak), subject=rec.title,
                        askers=parsed.askers if parsed else (), number=rec.nummer)


def recorded_records(paths: Iterable[Path]) -> list[DocumentRecord]:
    """The readable records of recorded OData pages, one per ``Id`` (the last one read wins)."""
    found: dict[str, DocumentRecord] = {}
    for path in paths:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise FetchError(str(path), f"not a readable recorded OData page: {e}") from None
        entries = body.get("value") if isinstance(body, dict) else body
        if not isinstance(entries, list):
            raise FetchError(str(path), "a recorded OData page without a 'value' list")
        for entry in entries:
            rec = record(entry)
            if not isinstance(rec, Malformed):
                found[rec.id] = rec
    return list(found.values())


@dataclass(frozen=True)
class LinkingFigures:
    """How many recorded notices and answers found their questions, and how."""

    questions: int
    notices: int
    answers: int
    notices_linked: int
    answers_linked: int
    by_zaak: int
    by_subject: int

    def lines(self) -> list[str]:
        return [f"schriftelijke vragen: {self.questions}",
                f"mededelingen uitstel: {self.notices}, gekoppeld aan hun vragen: {self.notices_linked}",
                f"antwoorden: {self.answers}, gekoppeld aan hun vragen: {self.answers_linked}",
                f"zaken gekoppeld via Zaak: {self.by_zaak}, via onderwerp: {self.by_subject}"]


def linking_figures(cases: Sequence[QuestionCase]) -> LinkingFigures:
    """Count the papers of each role, and the notices and answers in one case with a questions paper."""
    def count(role: ProcessRole, linked: bool) -> int:
        return sum(1 for c in cases for p in c.papers
                   if p.roles == (role,) and (not linked or any(q.has(ProcessRole.QUESTIONS) for q in c.papers)))

    with_questions = [c for c in cases if len(c.papers) > 1 and any(p.has(ProcessRole.QUESTIONS) for p in c.papers)]
    return LinkingFigures(
        questions=count(ProcessRole.QUESTIONS, False), notices=count(ProcessRole.NOTICE, False),
        answers=count(ProcessRole.ANSWER, False), notices_linked=count(ProcessRole.NOTICE, True),
        answers_linked=count(ProcessRole.ANSWER, True),
        by_zaak=sum(1 for c in with_questions if c.linked_by is LinkKind.ZAAK),
        by_subject=sum(1 for c in with_questions if c.linked_by is LinkKind.SUBJECT))


def recorded_linking(paths: Iterable[Path], today: dt.date) -> tuple[QuestionCase, ...]:
    """The cases of the written-questions records in recorded OData pages."""
    papers = [p for rec in recorded_records(paths) if (p := process_paper(rec)) is not None]
    return link_cases(papers, today)
