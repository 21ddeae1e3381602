"""Hypothesis strategies for *expressible* documents: those a layout writer (txt, docx) can carry.

``strategies.documents()`` builds any valid model, including combinations no printed paper has
(a derived field that disagrees with the text, a question without a question, a note whose text
is a sentence about a motion that is not in the model). A layout writer prints text; its reader
derives refs, cross-references, referral flags, motions, commitments and deferrals from that
text again. So the documents here are built as a reader would see them: the parts a paper
prints (heading, groups, topics, question and answer passages, notes, agenda) are drawn, and the
derived fields are then filled by ``overleg.extract.enrich.enrich``, the readers' last stage.

Footnote markers are placed as printed (``NoteMark``): each after a word of the passage, in
the order of the notes, at most one per word (two numbers glued to one word read as one).

What is drawn follows the genre: a report's question passage opens with "De leden van de
X-fractie" and asks something; an answer does not ask; notes are numbered in the order they are
cited (as printed); names are capitalised; text is prose with accents, typographic quotes,
citations ("Kamerstuk 36180, nr. 190"), cross-references ("Zie het antwoord op vraag 3.") and
commitments ("De Kamer wordt voor de zomer geïnformeerd.").
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import replace

from hypothesis import strategies as st

from overleg.extract.enrich import enrich
from overleg.extract.references import find_refs
from overleg.model import (
    AgendaEntry,
    Asker,
    Committee,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    NoteMark,
    Paper,
    Problem,
)
from overleg.vocabulary.dates import dutch_date
from overleg.writers.txt import citation
from strategies import FACTION_NAMES, dossier_numbers, kamerstuk_ids


def citable_ids() -> st.SearchStrategy[DocumentId]:
    """Kamerstuk ids whose printed citation reads back as the same id."""
    return kamerstuk_ids().filter(lambda ref: find_refs(f"({citation(ref)})") == (ref,))

# prose words: no digits (a number glued to a word reads as a footnote marker), no question mark
_PROSE = (
    "het kabinet deelt de zorgen over situatie in regio en zet zich in voor een oplossing "
    "samenwerking met partners binnen Europese Unie blijft belangrijk ook financiële steun "
    "coördinatie van hulp is geïntensiveerd café reëel ideeën België Curaçao ngo’s zo’n "
    "Nederland ’s-Gravenhage humanitaire toegang beleid uitvoering gesprekken maatregelen"
)
_WORDS = tuple(_PROSE.split())
_SURNAMES = ("Klaver", "Martin", "Bamenga", "Yeşilgöz", "Van der Plas", "De Jong", "Ceder", "Dobbe", "Brekelmans")
_OFFICES = ("Buitenlandse Zaken", "Financiën", "Justitie en Veiligheid", "Economische Zaken")
_QUOTES = (("“", "”"), ("‘", "’"), ("«", "»"))
SEEDS = st.integers(0, 2**32 - 1)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def _sentence(rnd: random.Random, ending: str = ".") -> str:
    words = rnd.choices(_WORDS, k=rnd.randint(3, 14))
    while not words[0][0].isalpha():  # "’s-Gravenhage" would open a paragraph in lower case
        words[0] = rnd.choice(_WORDS)
    if rnd.random() < 0.3 and len(words) > 1:  # not the first word: a paragraph starts with a capital
        left, right = rnd.choice(_QUOTES)
        at = rnd.randrange(1, len(words))
        words[at] = f"{left}{words[at]}{right}"
    text = " ".join(words)
    return text[:1].upper() + text[1:] + ending


def _extra(rnd: random.Random, numbers: list[int]) -> str:
    """Now and then a sentence the finders act on: a citation, a cross-reference, a commitment."""
    roll = rnd.random()
    if roll < 0.15:
        return f"Zie ook Kamerstuk {rnd.choice(('36180', '21501-02', '36800-V'))}, nr. {rnd.randint(1, 999)}."
    if roll < 0.25 and numbers:
        return f"Zie het antwoord op vraag {rnd.choice(numbers)}."
    if roll < 0.3:
        return "De Kamer wordt voor de zomer hierover geïnformeerd."
    return ""


def _prose(seed: int, ending: str = ".", numbers: list[int] | None = None, paragraphs: int = 1) -> str:
    rnd = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = [_sentence(rnd) for _ in range(rnd.randint(1, 3))]
        extra = _extra(rnd, numbers or [])
        out.append(" ".join(s for s in (*sentences, extra) if s))
    out[-1] = out[-1][:-1] + ending if ending != "." else out[-1]
    return unicodedata.normalize("NFC", "\n\n".join(out))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _question(seed: int, faction: str | None, paragraphs: int) -> str:
    rnd = random.Random(seed)
    if faction:
        asks = f"De leden van de {faction}-fractie vragen of {_lower_first(_sentence(rnd, '?'))}"
        more = [f"Deze leden vragen tevens of {_lower_first(_sentence(rnd, '?'))}" for _ in range(paragraphs - 1)]
    else:
        asks = f"Kunt u aangeven of {_lower_first(_sentence(rnd, '?'))}"
        more = [_sentence(rnd, "?") for _ in range(paragraphs - 1)]
    return unicodedata.normalize("NFC", "\n\n".join([asks, *more]))


def _name(seed: int) -> str:
    return random.Random(seed).choice(_SURNAMES)


@st.composite
def _items(draw: st.DrawFn, factions: list[str], written: bool, answers: bool = True) -> tuple[Item, ...]:
    """Items numbered 1..n in order; consecutive ones may share an answer."""
    groups: list[tuple[str | None, str | None]] = []
    owners: list[str | None] = [*factions] if factions else [None]
    for faction in owners:
        topics = draw(st.lists(st.sampled_from(("Gaza", "Oekraïne", "Syrië", "Iran en de regio")), max_size=2))
        for _ in range(draw(st.integers(1, 3))):
            groups.append((faction, draw(st.sampled_from(topics)) if topics and not written else None))
    items: list[Item] = []
    number = 1
    for faction, topic in groups:
        size = draw(st.sampled_from((1, 1, 1, 2))) if written else 1
        numbers = list(range(number, number + size))
        answered = answers and (draw(st.booleans()) or not written)
        answer = _prose(draw(SEEDS), ".", list(range(1, number)), draw(st.integers(1, 2))) if answered else None
        for n in numbers:
            items.append(Item(number=n, question=_question(draw(SEEDS), None if written else faction,
                                                             draw(st.integers(1, 2))),
                              answer=answer, faction=faction, topic=topic,
                              answer_group=tuple(numbers) if size > 1 and answer else ()))
        number += size
    return tuple(items)


# a word of prose (letters only) with up to two closing marks, where a glued number reads as a
# marker; not in the finders' sentences ("op vraag 3", "Kamerstuk 36180, nr. 5")
_MARKABLE = re.compile(r"(?<![\w-])(?P<word>[^\W\d_]{3,})[.,;:?!’”»]{0,2}(?=\s|$)")
_UNMARKABLE = {"vraag", "Kamerstuk", "nr"}


@st.composite
def _marks(draw: st.DrawFn, text: str, numbers: tuple[int, ...], series: str | None = None) -> tuple[NoteMark, ...]:
    """Marks of ``numbers`` in order, each after its own word of ``text``."""
    if not numbers:
        return ()
    spots = [m.end() for m in _MARKABLE.finditer(text) if m.group("word") not in _UNMARKABLE
             and not text[m.end():m.end() + 2].strip()[:1].isdigit()]
    if len(spots) < len(numbers):
        spots = [len(text)] * len(numbers)  # never: every passage has more words than notes
    chosen = sorted(draw(st.lists(st.sampled_from(range(len(spots))), min_size=len(numbers),
                                  max_size=len(numbers), unique=True)))
    return tuple(NoteMark(spots[k], n, series) for k, n in zip(chosen, numbers, strict=True))


@st.composite
def _with_notes(draw: st.DrawFn, items: tuple[Item, ...], inline_urls: bool
                ) -> tuple[tuple[Item, ...], tuple[Footnote, ...]]:
    """Footnotes numbered in the order they are cited; each cited once, by a question or an answer.
    ``inline_urls``: a note's URL is printed in its text (the Aanhangsel keeps it there; a
    report's reader takes it out of the text)."""
    out: list[Item] = []
    notes: list[Footnote] = []
    answered: dict[tuple[int, ...], tuple[int, ...]] = {}
    for item in items:  # in print order: a shared answer follows the last question of its group
        q = tuple(range(len(notes) + 1, len(notes) + 1 + draw(st.integers(0, 2))))
        notes.extend(draw(_note(n, inline_urls)) for n in q)
        out.append(replace(item, question_footnotes=q, question_marks=draw(_marks(item.question, q))))
        group = item.answer_group or (item.number,)
        if item.answer is not None and item.number == group[-1]:
            a = tuple(range(len(notes) + 1, len(notes) + 1 + draw(st.integers(0, 2))))
            notes.extend(draw(_note(n, inline_urls)) for n in a)
            answered[group] = a
    marks = {group: draw(_marks(next(i.answer for i in out if (i.answer_group or (i.number,)) == group) or "", a))
             for group, a in answered.items()}
    out = [replace(i, answer_footnotes=answered.get(i.answer_group or (i.number,), ()),
                   answer_marks=marks.get(i.answer_group or (i.number,), ())) for i in out]
    return tuple(out), tuple(notes)


@st.composite
def _note(draw: st.DrawFn, number: int, inline_urls: bool) -> Footnote:
    kind = draw(st.sampled_from(("kamerstuk", "prose", "url")))
    if kind == "kamerstuk":
        ref = draw(citable_ids())
        return Footnote(number, f"Kamerstuk {ref.dossier}, nr. {ref.number}", refs=(ref,))
    text = _sentence(random.Random(draw(SEEDS)))
    urls = (f"https://www.example.nl/nieuws/{draw(st.integers(1, 99999))}",) if kind == "url" else ()
    if urls and inline_urls:
        text = f"{text} ({urls[0]})"
    return Footnote(number, text, urls=urls)


def _full(dossier: str) -> bool:
    return len(dossier.split("-")[0]) == 5


@st.composite
def reports(draw: st.DrawFn) -> Document:
    """A report of a written consultation as the committee publishes it: with answers (verslag,
    nader verslag) or the questions only (inbreng)."""
    doc_type = draw(st.sampled_from((DocumentType.VERSLAG, DocumentType.VERSLAG_NADER, DocumentType.INBRENG)))
    answers = doc_type is not DocumentType.INBRENG
    dossier = draw(dossier_numbers())
    number = str(draw(st.integers(1, 9999)))
    # a report printed in several dossiers ("21 501-31 ..." then "21 501-27 Sportraad"): the
    # heading reader counts an earlier dossier when all are printed in full (five digits)
    others = st.lists(dossier_numbers().filter(_full), max_size=2, unique=True) if _full(dossier) else st.just([])
    other_dossiers = tuple(Dossier(d, draw(st.sampled_from(("Sportraad", "Raad voor Concurrentievermogen"))))
                           for d in draw(others) if d != dossier)
    factions = draw(st.lists(st.sampled_from(FACTION_NAMES), min_size=1, max_size=3, unique=True))
    items, notes = draw(_with_notes(draw(_items(factions, written=False, answers=answers)), False))
    office = draw(st.sampled_from(_OFFICES))
    committee, addressee = f"vaste commissie voor {office}", f"minister van {office}"
    sent, answered = draw(DATES), draw(DATES) if answers else None
    papers = draw(_papers(list(dict.fromkeys(draw(st.lists(citable_ids(), min_size=1, max_size=3))))))
    doc = Document(
        type=doc_type,
        id=DocumentId(f"kst-{dossier}-{number}"),
        dossier=Dossier(dossier, draw(st.sampled_from(("Raad Buitenlandse Zaken", "Vaststelling van de begroting")))),
        other_dossiers=other_dossiers,
        number=number,
        date=draw(DATES),
        committee=Committee(committee, draw(st.sampled_from(_SURNAMES)), draw(st.sampled_from(_SURNAMES)),
                            draw(st.sampled_from(_CLERK_TITLES))),
        addressee=addressee,
        questions_sent_on=sent,
        answered_on=answered,
        subject_refs=tuple(p.ref for p in papers if p.ref is not None),
        subject_papers=papers,
        opening=_opening(committee, addressee, papers, sent, answered, remarks=True),
        answer_heading=draw(st.sampled_from(_ANSWER_HEADINGS)),
        # one paper is one letter of one date: two agenda entries never cite the same paper
        agenda=tuple(_agenda(draw(DATES), office, ref)
                     for ref in draw(st.lists(citable_ids(), max_size=2, unique_by=str))),
        factions=tuple(Faction(f, _preamble(f) if draw(st.booleans()) else None) for f in factions),
        items=items,
        footnotes=notes,
    )
    return enrich(doc)


_ANSWER_HEADINGS = ("Vragen en opmerkingen vanuit de fracties en reactie van de minister",
                    "Vragen en opmerkingen vanuit de fracties en reactie van het kabinet",
                    "Vragen en opmerkingen uit de fracties")
_CLERK_TITLES = ("Griffier", "Adjunct-griffier")


@st.composite
def _papers(draw: st.DrawFn, refs: list[DocumentId]) -> tuple[Paper, ...]:
    """The papers an introduction names, with descriptions as the reports print them."""
    out = []
    for ref in refs:
        date = dutch_date(draw(DATES))
        description = draw(st.sampled_from((
            f"Geannoteerde agenda voor de Raad Buitenlandse Zaken van {date}",
            f"Verslag Raad Algemene Zaken d.d. {date}",
            "Kabinetsreactie op het advies van de Commissie van Advies inzake volkenrechtelijke vraagstukken"
            f": Bijzondere rechtsgevolgen (nr. {draw(st.integers(1, 99))})",
            f"brief van {date}",
        )))
        out.append(Paper(description, ref))
    return tuple(out)


def _opening(committee: str, addressee: str, papers: tuple[Paper, ...], sent: dt.date,
             answered: dt.date | None, remarks: bool) -> tuple[str, ...]:
    """The committee's introduction as the reports print it: the papers, then the dates."""
    listed = [f"de {p.description} ({citation(p.ref)})" for p in papers if p.ref is not None]
    about = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " en " + listed[-1]
    what = "vragen en opmerkingen" if remarks else "vragen"
    first = f"De {committee} heeft een aantal {what} voorgelegd aan de {addressee} over {about}."
    dates = f"De vragen zijn op {dutch_date(sent)} aan de {addressee} voorgelegd."
    if answered is not None and remarks:
        dates += f" Bij brief van {dutch_date(answered)} zijn de vragen beantwoord."
    elif answered is not None:  # a list's wording
        dates += f" Deze vragen zijn beantwoord bij brief van {dutch_date(answered)}."
    return first, dates


def _preamble(faction: str) -> str:
    return f"De leden van de {faction}-fractie hebben kennisgenomen van de stukken. Zij hebben nog enkele vragen."


def _agenda(date: dt.date, office: str, ref: DocumentId) -> AgendaEntry:
    text = f"de brief van de minister van {office} van {dutch_date(date)} over de stand van zaken " \
           f"(Kamerstuk {ref.dossier}, nr. {ref.number})."
    return AgendaEntry(date, text, (ref,))


@st.composite
def written_questions(draw: st.DrawFn) -> Document:
    """Written questions with the answers, as the Aanhangsel van de Handelingen prints them."""
    year = draw(st.integers(2000, 2039))
    # not 1: the plain text reader takes a "1" alone on a line for the first note's reference
    # when a note 1 follows (docs/writers.md, "What reads back"); a reader fix belongs in plain.py
    number = str(draw(st.integers(2, 4999)))
    items, notes = draw(_with_notes(draw(_items([], written=True)), True))
    askers = draw(st.lists(st.builds(Asker, st.sampled_from(_SURNAMES), st.sampled_from(FACTION_NAMES)),
                           min_size=1, max_size=2, unique_by=lambda a: a.name))
    offices = draw(st.lists(st.sampled_from(_OFFICES), min_size=1, max_size=2, unique=True))
    doc = Document(
        type=DocumentType.SCHRIFTELIJKE_VRAGEN,
        id=DocumentId(f"ah-tk-{year}{year + 1}-{number}"),
        number=number,
        askers=tuple(askers),
        addressees=tuple(f"Minister van {o}" for o in offices),
        addressee=f"Minister van {offices[0]}" if len(offices) == 1 else None,
        answered_by=(f"Minister {draw(st.sampled_from(_SURNAMES))} ({offices[0]})",),
        subject=f"het bericht «{_sentence(random.Random(draw(SEEDS)), '')}»",
        questions_sent_on=draw(DATES),
        answered_on=draw(DATES),
        items=items,
        footnotes=notes,
        # the reader reports what the model says: a question without an answer
        problems=tuple(Problem("unanswered", f"question {i.number} has no answer", f"item {i.number}")
                       for i in items if i.answer is None),
    )
    return enrich(doc)


@st.composite
def lists(draw: st.DrawFn) -> Document:
    """A list of questions and answers (a Kamerstuk): a committee's numbered questions on a paper.
    Its dossier has five digits, as every dossier since 1980 (the heading reader expects that)."""
    dossier = draw(dossier_numbers().filter(lambda d: len(d.split("-")[0]) == 5))
    number = str(draw(st.integers(1, 9999)))
    items, notes = draw(_with_notes(draw(_items([], written=True)), True))
    office = draw(st.sampled_from(_OFFICES))
    committee, addressee = f"vaste commissie voor {office}", f"Minister van {office}"
    sent, answered = draw(DATES), draw(DATES)
    papers = draw(_papers(list(dict.fromkeys(draw(st.lists(citable_ids(), min_size=1, max_size=2))))))
    doc = Document(
        type=DocumentType.LIJST,
        id=DocumentId(f"kst-{dossier}-{number}"),
        dossier=Dossier(dossier, draw(st.sampled_from(("Raad Buitenlandse Zaken", "Vaststelling van de begroting")))),
        number=number,
        date=draw(DATES),
        committee=Committee(committee, draw(st.sampled_from(_SURNAMES)), draw(st.sampled_from(_SURNAMES)),
                            draw(st.sampled_from(_CLERK_TITLES))),
        addressee=addressee,
        questions_sent_on=sent,
        answered_on=answered,
        subject_refs=tuple(p.ref for p in papers if p.ref is not None),
        subject_papers=papers,
        opening=_opening(committee, addressee, papers, sent, answered, remarks=False),
        items=items,
        footnotes=notes,
        problems=tuple(Problem("unanswered", f"question {i.number} has no answer", f"item {i.number}")
                       for i in items if i.answer is None),
    )
    return enrich(doc)


def documents() -> st.SearchStrategy[Document]:
    """Expressible reports, written questions (Aanhangsel and ministry letter) and lists of
    questions and answers."""
    return st.one_of(reports(), written_questions(), lists(), letters())


@st.composite
def letters(draw: st.DrawFn) -> Document:
    """Written questions with the answers as a ministry's letter sends them: no publication id,
    notes typed into the questions (series "typed") and the letter's own notes in the answers
    (series "word"), each numbered from 1 in print order; addressees and the answer date may be
    missing, as in real letters."""
    items, notes = draw(_with_notes(draw(_items([], written=True)), True))
    typed = {n for i in items for n in i.question_footnotes}
    renumber = {n: k for k, n in enumerate(sorted(typed), 1)}
    renumber.update({n: k for k, n in enumerate(sorted(set(n for n in (f.number for f in notes)) - typed), 1)})
    items = tuple(replace(i, question_footnotes=tuple(renumber[n] for n in i.question_footnotes),
                          answer_footnotes=tuple(renumber[n] for n in i.answer_footnotes),
                          question_marks=tuple(NoteMark(m.at, renumber[m.number], "typed") for m in i.question_marks),
                          answer_marks=tuple(NoteMark(m.at, renumber[m.number], "word") for m in i.answer_marks))
                  for i in items)
    notes = tuple(replace(f, number=renumber[f.number], series="typed" if f.number in typed else "word")
                  for f in notes)
    askers = draw(st.lists(st.builds(Asker, st.sampled_from(_SURNAMES), st.sampled_from(FACTION_NAMES)),
                           min_size=1, max_size=3, unique_by=lambda a: a.name))
    offices = draw(st.lists(st.sampled_from(_OFFICES), max_size=2, unique=True))
    doc = Document(
        type=DocumentType.SCHRIFTELIJKE_VRAGEN,
        askers=tuple(askers),
        addressees=tuple(f"Minister van {o}" for o in offices),
        answered_by=(f"Minister {draw(st.sampled_from(_SURNAMES))} ({draw(st.sampled_from(_OFFICES))})",),
        subject=f"het bericht «{_sentence(random.Random(draw(SEEDS)), '')}»",
        questions_sent_on=draw(DATES),
        answered_on=draw(st.one_of(st.none(), DATES)),
        items=items,
        footnotes=tuple(sorted(notes, key=lambda f: (f.series != "typed", f.number))),
        problems=tuple(Problem("unanswered", f"question {i.number} has no answer", f"question {i.number}")
                       for i in items if i.answer is None),
    )
    return enrich(doc)
