"""Hypothesis strategies for whole documents, for writer round-trip tests.

They generate what readers can produce: any field may be empty or unknown, texts hold Dutch
letters, typographic quotes, XML-special characters (``<&>"'``), blank-line paragraphs and
leading or trailing spaces; items may point at footnotes or items that do not exist. Text never
holds control characters other than tab, line feed and carriage return (readers normalise them
away, and XML cannot carry them).
"""

from __future__ import annotations

import datetime as dt

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
    Paper,
    Problem,
)
from strategies import CLERK_TITLES, identifier_lists, note_marks

_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Co", "Cn"),
    exclude_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff", "\x7f"],
)
_WORDS = st.sampled_from(["De", "leden", "van", "de", "D66-fractie", "vragen", "ë", "“zie”", "<b>", "a&b", "'", '"',
                          "Kamerstuk", "36 800-V,", "nr.", "86", "\n\n", " ", "\t", "\r\n"])

text = st.one_of(st.text(_ALPHABET, max_size=40), st.lists(_WORDS, max_size=12).map(" ".join))
short = st.text(_ALPHABET, min_size=1, max_size=20)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))
numbers = st.integers(min_value=0, max_value=400)

doc_ids = st.one_of(
    st.builds(lambda d, s, n: DocumentId(f"kst-{d}{s}-{n}"), st.integers(10000, 99999).map(str),
              st.sampled_from(["", "-V", "-02", "-XX", "-A"]), st.integers(1, 9999)),
    st.builds(lambda y, n: DocumentId(f"ah-tk-{y}{y + 1}-{n}"), st.integers(1990, 2030), st.integers(1, 4000)),
)
ids = st.lists(doc_ids, max_size=3).map(tuple)
ints = st.lists(numbers, max_size=3).map(tuple)
urls = st.builds(lambda host, path: f"https://{host}/{path}", st.sampled_from(["nos.nl", "www.rijksoverheid.nl"]),
                 st.from_regex(r"[a-z0-9/_.-]{0,20}", fullmatch=True))

factions = st.lists(short, min_size=0, max_size=4, unique=True)


@st.composite
def items(draw: st.DrawFn, faction_names: list[str]) -> tuple[Item, ...]:
    faction = st.one_of(st.none(), st.sampled_from(faction_names), short) if faction_names else \
        st.one_of(st.none(), short)
    topic = st.one_of(st.none(), st.sampled_from(["Oekraïne", "Gaza: Rafah & <grens>", " "]), short)
    numbers_used = draw(st.lists(st.integers(1, 300), max_size=8, unique=True))
    out = []
    for n in numbers_used:
        question, answer = draw(text), draw(st.one_of(st.none(), text))
        question_footnotes, answer_footnotes = draw(ints), draw(ints)
        out.append(Item(
            number=n,
            question=question,
            answer=answer,
            faction=draw(faction),
            topic=draw(topic),
            question_refs=draw(ids),
            answer_refs=draw(ids),
            question_footnotes=question_footnotes,
            answer_footnotes=answer_footnotes,
            cross_refs=draw(ints),
            referral_only=draw(st.booleans()),
            answer_group=draw(ints),
            question_marks=draw(note_marks(question, tuple(dict.fromkeys(question_footnotes)))),
            answer_marks=draw(note_marks(answer, tuple(dict.fromkeys(answer_footnotes)))),
        ))
    return tuple(out)


footnotes = st.lists(
    st.builds(Footnote, number=st.integers(1, 12), text=st.one_of(st.none(), text), refs=ids,
              urls=st.lists(urls, max_size=2).map(tuple),
              series=st.one_of(st.none(), st.sampled_from(["typed", "word"]))),
    max_size=6,
).map(tuple)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    names = draw(factions)
    maybe_text = st.one_of(st.none(), text)
    return Document(
        type=draw(st.sampled_from(DocumentType)),
        id=draw(st.one_of(st.none(), doc_ids)),
        dossier=(dossier := draw(st.one_of(st.none(), st.builds(Dossier, short, maybe_text)))),
        # the further dossiers are printed after the first, so only a document with one has them
        other_dossiers=tuple(draw(st.lists(st.builds(Dossier, short, maybe_text), max_size=2))) if dossier else (),
        number=draw(st.one_of(st.none(), short)),
        date=draw(st.one_of(st.none(), dates)),
        title=draw(maybe_text),
        committee=draw(st.one_of(st.none(), st.builds(Committee, maybe_text, maybe_text, maybe_text,
                                                      st.one_of(st.none(), CLERK_TITLES)))),
        addressee=draw(maybe_text),
        addressees=tuple(draw(st.lists(short, max_size=2))),
        askers=tuple(draw(st.lists(st.builds(Asker, short, st.one_of(st.none(), short)), max_size=2))),
        answered_by=tuple(draw(st.lists(short, max_size=2))),
        subject=draw(maybe_text),
        questions_sent_on=draw(st.one_of(st.none(), dates)),
        answered_on=draw(st.one_of(st.none(), dates)),
        subject_refs=draw(ids),
        subject_papers=tuple(draw(st.lists(st.builds(Paper, text, st.one_of(st.none(), doc_ids)), max_size=2))),
        opening=tuple(draw(st.lists(text, max_size=2))),
        answer_heading=draw(maybe_text),
        agenda=tuple(draw(st.lists(st.builds(AgendaEntry, st.one_of(st.none(), dates), text, ids), max_size=3))),
        factions=tuple(Faction(n, draw(maybe_text)) for n in names),
        items=draw(items(names)),
        footnotes=draw(footnotes),
        motions=tuple(draw(st.lists(st.builds(Motion, short, ids, ints), max_size=2))),
        commitments=tuple(draw(st.lists(st.builds(Commitment, st.one_of(st.none(), numbers), text,
                                                  st.one_of(st.none(), short), st.one_of(st.none(), dates),
                                                  st.one_of(st.none(), dates)),
                                        max_size=2))),
        deferrals=tuple(draw(st.lists(st.builds(Deferral, st.one_of(st.none(), numbers), text), max_size=2))),
        problems=tuple(draw(st.lists(st.builds(Problem, short, text, st.one_of(st.none(), short)), max_size=2))),
        identifiers=draw(identifier_lists()),
    )
