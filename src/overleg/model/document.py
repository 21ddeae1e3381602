"""The document model: what every reader produces and every writer consumes.

Field names follow the exchange format (docs/exchange-format.md) one to one, so the mapping in
``overleg.exchange`` stays mechanical. Everything is frozen; sequences are tuples; unknown
values are None, never guesses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from overleg.model.ids import DocumentId


class DocumentType(str, Enum):
    """The kinds of question documents overleg reads and writes."""

    VERSLAG = "verslag-schriftelijk-overleg"
    VERSLAG_NADER = "verslag-nader-schriftelijk-overleg"
    INBRENG = "inbreng-schriftelijk-overleg"
    LIJST = "lijst-van-vragen-en-antwoorden"
    SCHRIFTELIJKE_VRAGEN = "schriftelijke-vragen"
    # A minister's notice that the answers to written questions come later ("Mededeling (uitstel
    # antwoord)"): no items; it moves the Kamer's term from three weeks to six.
    MEDEDELING_UITSTEL = "mededeling-uitstel-antwoord"

    def __str__(self) -> str:
        return self.value

    @property
    def is_report(self) -> bool:
        """Reports of a consultation: questions asked by parliamentary groups."""
        return self in (DocumentType.VERSLAG, DocumentType.VERSLAG_NADER, DocumentType.INBRENG)


@dataclass(frozen=True)
class Dossier:
    number: str
    title: str | None = None


@dataclass(frozen=True)
class Committee:
    """The committee; ``clerk_title`` is the clerk's title as printed under the report
    ("Adjunct-griffier"), None where the source prints none (writers then print "Griffier")."""

    name: str | None = None
    chair: str | None = None
    clerk: str | None = None
    clerk_title: str | None = None


@dataclass(frozen=True)
class NoteMark:
    """Where a footnote marker stands in a text: right after its first ``at`` characters.

    The text itself keeps no marker; writers put the marker back at ``at`` (after a word or a
    punctuation mark, as printed). ``series`` as in ``Footnote``.
    """

    at: int
    number: int
    series: str | None = None


@dataclass(frozen=True)
class Paper:
    """A paper as the document describes it ("Geannoteerde agenda voor de Raad Buitenlandse Zaken
    van 23 februari 2026"), with its id when the document prints one."""

    description: str
    ref: DocumentId | None = None


@dataclass(frozen=True)
class Asker:
    """A member who asked written questions, with the party as printed."""

    name: str
    party: str | None = None


@dataclass(frozen=True)
class AgendaEntry:
    """A line of the report's "Volledige agenda": a letter with its date and papers."""

    date: dt.date | None
    text: str
    refs: tuple[DocumentId, ...] = ()


@dataclass(frozen=True)
class Faction:
    """A parliamentary group that contributed, in the order of the report."""

    name: str
    preamble: str | None = None
    preamble_marks: tuple[NoteMark, ...] = ()


@dataclass(frozen=True)
class Item:
    """One numbered question with its answer.

    Where one printed answer covers several questions, every item of the group carries the
    whole answer and ``answer_group`` lists the numbers. ``question_marks`` and ``answer_marks``
    place the footnote markers in ``question`` and ``answer``; ``question_footnotes`` and
    ``answer_footnotes`` list their numbers in order.
    """

    number: int
    question: str
    answer: str | None = None
    faction: str | None = None
    topic: str | None = None
    question_refs: tuple[DocumentId, ...] = ()
    answer_refs: tuple[DocumentId, ...] = ()
    question_footnotes: tuple[int, ...] = ()
    answer_footnotes: tuple[int, ...] = ()
    cross_refs: tuple[int, ...] = ()
    referral_only: bool = False
    answer_group: tuple[int, ...] = ()
    question_marks: tuple[NoteMark, ...] = ()
    answer_marks: tuple[NoteMark, ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A footnote; ``text`` is None when the source has a marker but no text.

    ``series`` tells two numberings in one document apart (a ministry letter's typed notes in the
    quoted questions, ``"typed"``, and its own Word footnotes, ``"word"``); None when there is one.
    """

    number: int
    text: str | None
    refs: tuple[DocumentId, ...] = ()
    urls: tuple[str, ...] = ()
    series: str | None = None


@dataclass(frozen=True)
class Motion:
    """A motion cited in the document: the name as cited ("Piri", "Hoogeveen/Ceulemans"),
    the papers it was published as, and the items that cite it."""

    name: str
    refs: tuple[DocumentId, ...] = ()
    items: tuple[int, ...] = ()


@dataclass(frozen=True)
class Commitment:
    """A promise to inform parliament or to act later (a *toezegging*).

    ``due`` is the moment as printed ("in het tweede kwartaal van 2026", "zo snel mogelijk"),
    ``due_from`` and ``due_by`` the first and the last day that moment allows, resolved against
    the answer's date, when they can be determined (``vocabulary.time_expressions``).
    """

    item: int | None
    text: str
    due: str | None = None
    due_by: dt.date | None = None
    due_from: dt.date | None = None


@dataclass(frozen=True)
class Deferral:
    """A decision the cabinet leaves to a next cabinet."""

    item: int | None
    text: str


@dataclass(frozen=True)
class Problem:
    """Something the reader noticed in the source: ``code`` is a stable slug
    (``footnote-without-text``), ``where`` a place a person can find ("line 812", "item 14")."""

    code: str
    message: str
    where: str | None = None


@dataclass(frozen=True)
class Document:
    """One question document: a report, a list of questions and answers, or written questions.

    What was printed is kept so writers can reproduce it: ``opening`` holds the paragraphs
    before the first group's contribution (the committee's introduction naming the papers, the
    sentence on when the questions were sent and answered), ``answer_heading`` the heading of
    the question-and-answer part ("Vragen en opmerkingen vanuit de fracties en reactie van de
    minister"), ``subject_papers`` the papers the consultation is about with their printed
    descriptions (``subject_refs`` keeps their ids). ``identifiers``: the document's own
    numbers other than its official id, as printed (``overleg.model.identity``).
    ``other_dossiers``: the further dossiers a heading names after ``dossier`` ("21 501-31 Raad
    ..." then "21 501-27 Sportraad"), in printed order; the id is taken from the first.
    """

    type: DocumentType
    id: DocumentId | None = None
    dossier: Dossier | None = None
    other_dossiers: tuple[Dossier, ...] = ()
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    committee: Committee | None = None
    addressee: str | None = None
    addressees: tuple[str, ...] = ()
    askers: tuple[Asker, ...] = ()
    answered_by: tuple[str, ...] = ()
    subject: str | None = None
    questions_sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    subject_papers: tuple[Paper, ...] = ()
    opening: tuple[str, ...] = ()
    answer_heading: str | None = None
    agenda: tuple[AgendaEntry, ...] = ()
    factions: tuple[Faction, ...] = ()
    items: tuple[Item, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    motions: tuple[Motion, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    deferrals: tuple[Deferral, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=True)
    # what identifies it when it has no official ``id``, as printed (model/identity.py):
    # "tkdoc-2024D12345", "zaak-2023Z14759", "kenmerk-5401166"
    identifiers: tuple[str, ...] = ()

    def item(self, number: int) -> Item | None:
        """The item with this printed number, or None."""
        return next((i for i in self.items if i.number == number), None)

    def footnote(self, number: int, series: str | None = None) -> Footnote | None:
        return next((f for f in self.footnotes if f.number == number and f.series == series), None)
