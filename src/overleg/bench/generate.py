"""A synthetic corpus for scale tests, from the vocabulary and structure of the bundled examples.

The examples are read once; their question and answer sentences, footnotes, titles, groups and
addressees become the material. Each generated document is a report of a written consultation
the size of the seed (30-60 items, one group per block of questions, answers of a few sentences,
footnotes citing papers, now and then a motion or a commitment) or, one in five, written
questions with answers. Papers cite other generated papers, so linking has work to do. Output:
JSON Lines of exchange JSON, ``corpus-NNNN.jsonl`` with 500 documents each. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from overleg import EXAMPLES, exchange
from overleg.errors import OverlegError
from overleg.model import (
    Asker,
    Commitment,
    Committee,
    Document,
    DocumentId,
    DocumentType,
    Faction,
    Footnote,
    Item,
    Motion,
)
from overleg.readers import read

PER_FILE = 500
MEAN_ITEMS = 39  # items per generated document, on average (reports 30-60, questions 3-12)
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z‘'\"(])")


@dataclass(frozen=True)
class Material:
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    footnotes: tuple[str, ...]
    titles: tuple[str, ...]
    factions: tuple[str, ...]
    addressees: tuple[str, ...]
    committees: tuple[str, ...]
    askers: tuple[Asker, ...]


def material(folder: Path = EXAMPLES) -> Material:
    """Sentences and names from every readable document in ``folder``."""
    questions: list[str] = []
    answers: list[str] = []
    notes: list[str] = []
    titles: list[str] = []
    factions: set[str] = set()
    addressees: set[str] = set()
    committees: set[str] = set()
    askers: dict[str, Asker] = {}
    for path in sorted(folder.iterdir()):
        if path.name.upper().startswith(("README", "SOURCES")) or path.suffix == ".patch":
            continue
        try:
            doc = read(path)
        except OverlegError:
            continue
        for item in doc.items:
            questions += _SENTENCE.split(item.question)
            answers += _SENTENCE.split(item.answer or "")
            if item.faction:
                factions.add(item.faction)
        notes += [n.text for n in doc.footnotes if n.text]
        titles += [t for t in (doc.title, doc.subject) if t]
        addressees.update(a for a in (doc.addressee, *doc.answered_by) if a)
        if doc.committee and doc.committee.name:
            committees.add(doc.committee.name)
        askers.update({a.name: a for a in doc.askers})
    return Material(tuple(q for q in questions if len(q) > 20), tuple(a for a in answers if len(a) > 20),
                    tuple(notes), tuple(titles), tuple(sorted(factions)), tuple(sorted(addressees)),
                    tuple(sorted(committees)), tuple(askers.values()))


WRITTEN_QUESTIONS_SHARE = 0.2  # of generated documents (the rest are reports)


def generated_documents(count: int, seed: int = 1, source: Material | None = None,
                        written_questions: float = WRITTEN_QUESTIONS_SHARE) -> Iterator[Document]:
    """``count`` generated documents, deterministic for ``seed``; a ``written_questions`` share of
    them are written questions with answers, the rest reports."""
    m = source or material()
    rng = random.Random(seed)
    ids = [DocumentId(f"kst-9{n // 1000:04d}-{n % 1000 + 1}") for n in range(count)]
    start = dt.date(2015, 1, 1)
    for n, doc_id in enumerate(ids):
        date = start + dt.timedelta(days=n * 4000 // max(count, 1))
        cited = [ids[rng.randrange(n)] for _ in range(3)] if n else []
        if rng.random() < written_questions:
            yield _written_questions(rng, m, doc_id, date, cited)
        else:
            yield _report(rng, m, doc_id, date, cited)


def _sentences(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _items(rng: random.Random, m: Material, count: int, cited: list[DocumentId],
           factions: list[str] | None) -> tuple[Item, ...]:
    items = []
    for number in range(1, count + 1):
        faction = factions[(number - 1) * len(factions) // count] if factions else None
        refs = (rng.choice(cited),) if cited and rng.random() < 0.1 else ()
        referral = number > 1 and rng.random() < 0.05
        answer = f"Zie het antwoord op vraag {number - 1}." if referral else _sentences(rng, m.answers, 1, 5)
        items.append(Item(number=number, question=_sentences(rng, m.questions, 1, 3), answer=answer,
                          faction=faction, question_refs=refs, referral_only=referral,
                          cross_refs=(number - 1,) if referral else (),
                          question_footnotes=(number,) if number <= 5 else ()))
    return tuple(items)


def _extras(rng: random.Random, m: Material, items: tuple[Item, ...], cited: list[DocumentId]) -> dict[str, object]:
    notes = tuple(Footnote(n, rng.choice(m.footnotes), refs=(rng.choice(cited),) if cited else ())
                  for n in range(1, min(5, len(items)) + 1))
    motions = (Motion(rng.choice(("Piri", "Hoogeveen/Ceulemans", "Paternotte", "Ceder")), (rng.choice(cited),),
                      (rng.randint(1, len(items)),)),) if cited and rng.random() < 0.3 else ()
    promises = (Commitment(rng.randint(1, len(items)), "Ik zal uw Kamer voor de zomer informeren.",
                           "voor de zomer"),) if rng.random() < 0.3 else ()
    return {"footnotes": notes, "motions": motions, "commitments": promises}


def _report(rng: random.Random, m: Material, doc_id: DocumentId, date: dt.date, cited: list[DocumentId]) -> Document:
    factions = rng.sample(list(m.factions), k=min(len(m.factions), rng.randint(2, 6)))
    items = _items(rng, m, rng.randint(30, 60), cited, factions)
    return Document(type=DocumentType.VERSLAG, id=doc_id, date=date, title=rng.choice(m.titles),
                    committee=Committee(rng.choice(m.committees)) if m.committees else None,
                    addressee=rng.choice(m.addressees) if m.addressees else None,
                    factions=tuple(Faction(f) for f in factions), items=items,
                    **_extras(rng, m, items, cited))  # type: ignore[arg-type]


def _written_questions(rng: random.Random, m: Material, doc_id: DocumentId, date: dt.date,
                       cited: list[DocumentId]) -> Document:
    items = _items(rng, m, rng.randint(3, 12), cited, None)
    askers = tuple(rng.sample(list(m.askers), k=min(2, len(m.askers))))
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=doc_id, date=date, title=rng.choice(m.titles),
                    askers=askers, addressee=rng.choice(m.addressees) if m.addressees else None,
                    questions_sent_on=date, answered_on=date + dt.timedelta(days=rng.randint(10, 60)),
                    subject_refs=tuple(cited[:1]), items=items, **_extras(rng, m, items, cited))  # type: ignore[arg-type]


def write_corpus(out: Path, count: int, seed: int = 1,
                 written_questions: float = WRITTEN_QUESTIONS_SHARE) -> tuple[int, int]:
    """Write ``count`` documents to ``out`` as JSON Lines; returns (documents, items)."""
    out.mkdir(parents=True, exist_ok=True)
    handle = None
    items = 0
    try:
        for n, doc in enumerate(generated_documents(count, seed, written_questions=written_questions)):
            if n % PER_FILE == 0:
                if handle is not None:
                    handle.close()
                handle = (out / f"corpus-{n // PER_FILE + 1:04d}.jsonl").open("w", encoding="utf-8")
            handle.write(exchange.to_json(doc, indent=None) + "\n")  # type: ignore[union-attr]
            items += len(doc.items)
    finally:
        if handle is not None:
            handle.close()
    return count, items
