"""Hypothesis strategies for realistic, valid ``Document``s of every type.

Reusable by any property test (exchange JSON, writers' round trips, the schema):

    from strategies import documents, document_ids
    @given(documents())
    def test_something(doc: Document) -> None: ...

"Valid" means what a reader could produce: canonical ids, NFC text with the accents and
typographic quotes of real papers, item numbers unique and ascending, grouped answers shared by
every item of the group, footnotes unique per (number, series), None only where the model allows
it. Footnote markers (``NoteMark``) stand at valid places: at the start or right after a printed
character (never inside the blank line between paragraphs), in the order of the item's
footnote numbers (a note may be cited again later); the printed furniture (opening paragraphs,
described papers, the answer part's heading, the clerk's title) is drawn for every type.
Shapes follow the document type: reports have a dossier, a committee, factions and an agenda;
written questions have askers, addressees and answerers.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from typing import TypeVar

from hypothesis import strategies as st

from overleg.model import (
    AgendaEntry,
    Asker,
    Commitment,
    Committee,
    Deferral,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
    NoteMark,
    Paper,
    Problem,
)

T = TypeVar("T")

# --- text -------------------------------------------------------------------------------

_VOCABULARY = (
    "de leden van het kabinet vragen of minister staatssecretaris Kamer brief antwoord motie "
    "Europese Unie Raad Buitenlandse Zaken Gaza hulporganisaties sancties Oekraïne financiën "
    "geïnformeerd coördinatie ideeën België Curaçao Yeşilgöz-Zegerius Brüssel café één reëel "
    "GroenLinks-PvdA-fractie D66-fractie ChristenUnie ngo’s ’s-Gravenhage zo’n 2026 1,5 miljoen "
    "€ 25 % nr. 3349 blz. i.v.m. d.w.z."
)
_WORDS = tuple(_VOCABULARY.split())
_QUOTED = ("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"')
_PUNCT = (".", ",", "?", ";", ":", " –", "!")


_ANY_PRINTABLE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")), min_size=1, max_size=12)


def _compose(seed: int, max_words: int, sentences: int = 1, paragraphs: int = 1) -> str:
    """Prose from a seed: one draw instead of one per word keeps generation fast (hypothesis
    spends most of its time per draw); the structure around the text still shrinks."""
    rnd = random.Random(seed)
    out: list[str] = []
    for _ in range(paragraphs):
        sents: list[str] = []
        for _ in range(sentences):
            words = rnd.choices(_WORDS, k=rnd.randint(1, max_words))
            if rnd.random() < 0.5:
                left, right = rnd.choice(_QUOTED)
                at = rnd.randrange(len(words))
                words[at] = f"{left}{words[at]}{right}"
            text = " ".join(words)
            sents.append(text[:1].upper() + text[1:] + rnd.choice(_PUNCT))
        out.append(" ".join(sents))
    return unicodedata.normalize("NFC", "\n\n".join(out))


def _with_odd_text(prose: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly prose, now and then prose with any printable Unicode appended (keeps writers honest)."""
    odd = st.tuples(prose, _ANY_PRINTABLE).map(lambda t: unicodedata.normalize("NFC", f"{t[0]} {t[1]}".strip()))
    return st.one_of(prose, prose, prose, prose, odd)


_SEEDS = st.integers(0, 2**32 - 1)
SENTENCES = _with_odd_text(_SEEDS.map(lambda seed: _compose(seed, 15)))
"""One sentence of Dutch parliamentary prose, with accents and typographic quotes."""
SHORT_TEXTS = _SEEDS.map(lambda seed: _compose(seed, 6).rstrip(".,?;:! –") or "x")
"""Names, titles, headings: one line, never empty."""
PASSAGES = _with_odd_text(
    st.builds(_compose, _SEEDS, st.just(15), st.integers(1, 3), st.integers(1, 3))
)
"""Question or answer text: paragraphs of sentences joined by a blank line."""


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))

# --- identifiers ------------------------------------------------------------------------

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XII", "XV", "XIX", "XX")


@functools.cache
def positive_numbers(max_value: int = 99999) -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=max_value)


@functools.cache
def dossier_numbers() -> st.SearchStrategy[str]:
    """Canonical dossier numbers: '36180', '21501-02', '36800-V', '33506-A'."""
    main = st.integers(min_value=1000, max_value=999999).map(str)
    sub = st.sampled_from(_ROMAN) | st.integers(1, 99).map(lambda n: f"{n:02d}") | st.sampled_from(("A", "B"))
    return st.tuples(main, maybe(sub)).map(lambda t: f"{t[0]}-{t[1]}" if t[1] else t[0])


@functools.cache
def kamerstuk_ids() -> st.SearchStrategy[DocumentId]:
    number = positive_numbers().map(str) | st.sampled_from(("A", "B", "AB", "C"))
    return st.builds(lambda d, n: DocumentId(f"kst-{d}-{n}"), dossier_numbers(), number)


@functools.cache
def _years() -> st.SearchStrategy[str]:
    return st.integers(1950, 2099).map(lambda y: f"{y}{y + 1}")


@functools.cache
def aanhangsel_ids() -> st.SearchStrategy[DocumentId]:
    return st.builds(lambda y, n: DocumentId(f"ah-tk-{y}-{n}"), _years(), positive_numbers())


@functools.cache
def handelingen_ids() -> st.SearchStrategy[DocumentId]:
    item = maybe(positive_numbers(999))
    return st.builds(
        lambda y, m, i: DocumentId(f"h-tk-{y}-{m}" + (f"-{i}" if i else "")), _years(), positive_numbers(9999), item
    )


@functools.cache
def staatscourant_ids() -> st.SearchStrategy[DocumentId]:
    return st.builds(lambda y, n: DocumentId(f"stcrt-{y}-{n}"), st.integers(1950, 2099), positive_numbers())


@functools.cache
def document_ids() -> st.SearchStrategy[DocumentId]:
    """Canonical ids of every kind."""
    return kamerstuk_ids() | aanhangsel_ids() | handelingen_ids() | staatscourant_ids()


@functools.cache
def id_lists(max_size: int = 3) -> st.SearchStrategy[tuple[DocumentId, ...]]:
    return st.lists(document_ids(), max_size=max_size, unique=True).map(tuple)


URLS = st.builds(
    lambda host, path: f"https://{host}/{path}",
    st.sampled_from(("www.nos.nl", "nos.nl", "www.rijksoverheid.nl", "zoek.officielebekendmakingen.nl")),
    st.from_regex(r"[a-z0-9\-/]{1,40}(\?[a-z]=[0-9]{1,4})?", fullmatch=True),
)

# --- parts ------------------------------------------------------------------------------

FACTION_NAMES = ("D66", "GroenLinks-PvdA", "VVD", "PVV", "CDA", "JA21", "SP", "Partij voor de Dieren", "SGP", "BBB")
PROBLEM_CODES = (
    "footnote-without-text",
    "inconsistent-citation",
    "unnumbered-answer",
    "missing-answer",
    "duplicate-item-number",
)


_FOOTNOTE_NUMBERS = st.lists(st.integers(1, 60), max_size=3, unique=True)
_MARK_SERIES = st.sampled_from((None, None, None, "typed", "word"))


def mark_places(text: str) -> list[int]:
    """Where a marker may stand in ``text``: at the start, or right after a printed character."""
    return [0, *(k + 1 for k, c in enumerate(text) if not c.isspace())]


@st.composite
def note_marks(draw: st.DrawFn, text: str | None, numbers: tuple[int, ...]) -> tuple[NoteMark, ...]:
    """Marks of ``numbers`` at valid places of ``text``, in the order of the numbers; now and
    then the first note is cited once more after the others."""
    if not numbers or text is None:
        return ()
    cited = list(numbers)
    if draw(st.booleans()) and draw(st.booleans()):
        cited.append(numbers[0])
    spots = sorted(draw(st.lists(st.sampled_from(mark_places(text)), min_size=len(cited), max_size=len(cited))))
    series = draw(_MARK_SERIES)
    return tuple(NoteMark(at, n, series) for at, n in zip(spots, cited, strict=True))


@st.composite
def papers(draw: st.DrawFn) -> tuple[Paper, ...]:
    """Papers as an introduction describes them, most with an id."""
    return tuple(draw(st.lists(st.builds(Paper, SENTENCES, maybe(document_ids())), max_size=3)))


CLERK_TITLES = st.sampled_from(("Griffier", "Adjunct-griffier", "Plv. griffier"))
_GROUP_SIZES = st.sampled_from((1, 1, 1, 2, 3))
_ANSWERS = st.none() | PASSAGES


@st.composite
def items(draw: st.DrawFn, numbers: list[int], factions: list[str], topics: list[str]) -> tuple[Item, ...]:
    """Items with these numbers; some consecutive numbers share one answer (``answer_group``)."""
    result: list[Item] = []
    at = 0
    while at < len(numbers):
        size = draw(_GROUP_SIZES) if draw(st.booleans()) else 1
        group = numbers[at : at + size]
        at += len(group)
        answer = draw(_ANSWERS)
        refers_to = draw(st.lists(st.sampled_from(numbers), max_size=2, unique=True))
        referral = bool(refers_to) and answer is not None and draw(st.booleans())
        if referral:
            answer = f"Zie het antwoord op vraag {' en '.join(str(n) for n in refers_to)}."
        faction = draw(st.sampled_from(factions)) if factions else None
        topic = draw(maybe(st.sampled_from(topics))) if topics else None
        answer_refs = draw(id_lists()) if answer else ()
        answer_footnotes = tuple(draw(_FOOTNOTE_NUMBERS)) if answer else ()
        answer_marks = draw(note_marks(answer, answer_footnotes))
        for number in group:
            question = draw(PASSAGES)
            question_footnotes = tuple(draw(_FOOTNOTE_NUMBERS))
            result.append(
                Item(
                    number=number,
                    question=question,
                    answer=answer,
                    faction=faction,
                    topic=topic,
                    question_refs=draw(id_lists()),
                    answer_refs=answer_refs,
                    question_footnotes=question_footnotes,
                    answer_footnotes=answer_footnotes,
                    cross_refs=tuple(n for n in refers_to if n != number) if answer else (),
                    referral_only=referral and any(n != number for n in refers_to),
                    answer_group=tuple(group) if len(group) > 1 else (),
                    question_marks=draw(note_marks(question, question_footnotes)),
                    answer_marks=answer_marks,
                )
            )
    return tuple(result)


@st.composite
def footnotes(draw: st.DrawFn) -> tuple[Footnote, ...]:
    """One numbering, or (like a ministry letter) two series whose numbers clash."""
    two_series = draw(st.booleans())
    series_names: tuple[str | None, ...] = ("typed", "word") if two_series else (None,)
    notes: list[Footnote] = []
    for series in series_names:
        count = draw(st.integers(0, 6))
        for number in range(1, count + 1):
            text = draw(maybe(SENTENCES))  # None: a marker without text in the source
            notes.append(
                Footnote(
                    number=number,
                    text=text,
                    refs=draw(id_lists(2)) if text else (),
                    urls=tuple(draw(st.lists(URLS, max_size=2))) if text else (),
                    series=series,
                )
            )
    return tuple(notes)


@functools.cache
def problems() -> st.SearchStrategy[tuple[Problem, ...]]:
    where = maybe(st.integers(1, 2000).map(lambda n: f"line {n}") | st.integers(1, 99).map(lambda n: f"item {n}"))
    return st.lists(st.builds(Problem, st.sampled_from(PROBLEM_CODES), SENTENCES, where), max_size=3).map(tuple)


@functools.cache
def motions(item_numbers: tuple[int, ...]) -> st.SearchStrategy[tuple[Motion, ...]]:
    name = st.sampled_from(("Piri", "Bamenga", "Hoogeveen/Ceulemans", "Van der Plas", "Teunissen c.s."))
    cited_in = (
        st.lists(st.sampled_from(item_numbers), max_size=3, unique=True).map(sorted) if item_numbers else st.just([])
    )
    return st.lists(
        st.builds(Motion, name, id_lists(2), cited_in.map(tuple)), max_size=3, unique_by=lambda m: m.name
    ).map(tuple)


@functools.cache
def commitments(item_numbers: tuple[int, ...]) -> st.SearchStrategy[tuple[Commitment, ...]]:
    item = maybe(st.sampled_from(item_numbers)) if item_numbers else st.none()
    due = maybe(st.sampled_from(("in het tweede kwartaal van 2026", "voor de zomer", "na de Raad")))
    return st.lists(st.builds(Commitment, item, SENTENCES, due, maybe(DATES), maybe(DATES)), max_size=3).map(tuple)


@functools.cache
def deferrals(item_numbers: tuple[int, ...]) -> st.SearchStrategy[tuple[Deferral, ...]]:
    item = maybe(st.sampled_from(item_numbers)) if item_numbers else st.none()
    return st.lists(st.builds(Deferral, item, SENTENCES), max_size=2).map(tuple)


def _faction(draw: st.DrawFn, name: str) -> Faction:
    preamble = draw(maybe(PASSAGES))
    return Faction(name, preamble, draw(note_marks(preamble, tuple(draw(_FOOTNOTE_NUMBERS)))))


# --- documents --------------------------------------------------------------------------

REPORT_TYPES = tuple(t for t in DocumentType if t.is_report)


@st.composite
def documents(draw: st.DrawFn, types: tuple[DocumentType, ...] = tuple(DocumentType)) -> Document:
    """A realistic valid document of one of ``types`` (every type by default)."""
    doc_type = draw(st.sampled_from(types))
    numbers = sorted(draw(st.lists(st.integers(1, 120), max_size=8, unique=True)))
    is_report = doc_type.is_report
    factions = draw(st.lists(st.sampled_from(FACTION_NAMES), max_size=4, unique=True)) if is_report else []
    topics = draw(st.lists(SHORT_TEXTS, max_size=3, unique=True))
    year = draw(st.integers(2000, 2040))
    if doc_type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        doc_id = draw(maybe(st.just(DocumentId(f"ah-tk-{year}{year + 1}-{draw(positive_numbers())}"))))
        dossier, number, committee = None, None, None
        other_dossiers: tuple[Dossier, ...] = ()
    else:
        dossier_number = draw(dossier_numbers())
        number = str(draw(positive_numbers(9999)))
        doc_id = draw(maybe(st.just(DocumentId(f"kst-{dossier_number}-{number}"))))
        dossier = Dossier(dossier_number, draw(maybe(SHORT_TEXTS)))
        other_dossiers = tuple(draw(st.lists(st.builds(Dossier, dossier_numbers(), maybe(SHORT_TEXTS)), max_size=2)))
        committee = draw(
            maybe(st.builds(Committee, maybe(SHORT_TEXTS), maybe(SHORT_TEXTS), maybe(SHORT_TEXTS), maybe(CLERK_TITLES)))
        )
    written = doc_type is DocumentType.SCHRIFTELIJKE_VRAGEN
    return Document(
        type=doc_type,
        id=doc_id,
        dossier=dossier,
        other_dossiers=other_dossiers,
        number=number,
        date=draw(maybe(DATES)),
        title=draw(maybe(SHORT_TEXTS)),
        committee=committee,
        addressee=None if written else draw(maybe(SHORT_TEXTS)),
        addressees=tuple(draw(st.lists(SHORT_TEXTS, max_size=3))) if written else (),
        askers=tuple(draw(st.lists(st.builds(Asker, SHORT_TEXTS, maybe(st.sampled_from(FACTION_NAMES))), max_size=3)))
        if written
        else (),
        answered_by=tuple(draw(st.lists(SHORT_TEXTS, max_size=2))),
        subject=draw(maybe(SENTENCES)),
        questions_sent_on=draw(maybe(DATES)),
        answered_on=draw(maybe(DATES)),
        subject_refs=draw(id_lists()),
        subject_papers=draw(papers()),
        opening=tuple(draw(st.lists(SENTENCES, max_size=2))),
        answer_heading=draw(maybe(SHORT_TEXTS)),
        agenda=tuple(draw(st.lists(st.builds(AgendaEntry, maybe(DATES), SENTENCES, id_lists(2)), max_size=3)))
        if is_report
        else (),
        factions=tuple(_faction(draw, name) for name in factions),
        items=draw(items(numbers, factions, topics)),
        footnotes=draw(footnotes()),
        motions=draw(motions(tuple(numbers))),
        commitments=draw(commitments(tuple(numbers))),
        deferrals=draw(deferrals(tuple(numbers))),
        problems=draw(problems()),
        identifiers=draw(identifier_lists()),
    )


def identifier_lists() -> st.SearchStrategy[tuple[str, ...]]:
    """A document's own numbers as the readers give them (model/identity.py), each kind at most once."""
    year = st.integers(1990, 2040)
    kinds = (st.builds("tkdoc-{}D{:05d}".format, year, st.integers(0, 99999)),
             st.builds("zaak-{}Z{:05d}".format, year, st.integers(0, 99999)),
             st.builds("kenmerk-{}".format, st.integers(100, 99999999)))
    return st.tuples(*(maybe(k) for k in kinds)).map(lambda found: tuple(i for i in found if i is not None))
