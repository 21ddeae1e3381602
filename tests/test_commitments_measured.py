"""Commitments and deferrals measured on hand-checked answer sentences of the bundled documents.

``tests/fixtures/commitments/answers.jsonl``: 200 sentences of the answers in
``src/overleg/examples/`` (read through the readers, split by ``extract.commitments.sentences``),
each labelled by reading it: whether it promises parliament information (``is_commitment``),
whether it leaves a decision to a next cabinet or a successor (``is_deferral``), and for a
commitment its moment as printed and the interval the rules of docs/analytics.md ("Time
expressions") give (``due_from``, ``due_by``). The set holds every commitment and deferral the
extractor finds, every sentence of an answer with a time expression, and the hard negatives
(past tense "is uw Kamer geïnformeerd", meeting dates, "zoals toegezegd"). Figures in
docs/analytics.md ("Commitments measured"); print them with
``.venv/bin/python -m pytest -p no:cacheprovider -q -s tests/test_commitments_measured.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from overleg.extract.commitments import sentences
from overleg.model import Document
from overleg.readers import read

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "overleg" / "examples"
LABELS = Path(__file__).resolve().parent / "fixtures" / "commitments" / "answers.jsonl"

# a little under what was measured (docs/analytics.md): a change that finds fewer or wrong ones fails
FLOORS = {"commitment precision": 0.95, "commitment recall": 0.9, "deferral precision": 0.95,
          "deferral recall": 0.95, "due dates right": 0.95}


@dataclass(frozen=True)
class Label:
    document: str
    item: int | None
    sentence: str
    is_commitment: bool
    is_deferral: bool
    due: str | None
    due_from: dt.date | None
    due_by: dt.date | None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@functools.cache
def labels() -> tuple[Label, ...]:
    found = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        found.append(Label(raw["document"], raw["item"], raw["sentence"], raw["is_commitment"], raw["is_deferral"],
                           raw["due"], _day(raw["due_from"]), _day(raw["due_by"])))
    return tuple(found)


@functools.cache
def document(name: str) -> Document:
    return read(EXAMPLES / name)


def _key(document: str, item: int | None, sentence: str) -> tuple[str, int | None, str]:
    return document, item, sentence


@dataclass(frozen=True)
class Figures:
    commitments: tuple[int, int, int]  # true positives, found, labelled
    deferrals: tuple[int, int, int]
    due_right: tuple[int, int]  # right intervals, commitments found and labelled

    def shares(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0
        tp, found, labelled = self.commitments
        dtp, dfound, dlabelled = self.deferrals
        return {"commitment precision": share(tp, found), "commitment recall": share(tp, labelled),
                "deferral precision": share(dtp, dfound), "deferral recall": share(dtp, dlabelled),
                "due dates right": share(*self.due_right)}


def measure() -> Figures:
    by_key = {_key(lb.document, lb.item, lb.sentence): lb for lb in labels()}
    names = sorted({lb.document for lb in labels()})
    found_c = {_key(n, c.item, c.text): c for n in names for c in document(n).commitments}
    found_d = {_key(n, d.item, d.text) for n in names for d in document(n).deferrals}
    positives = {k for k, lb in by_key.items() if lb.is_commitment}
    deferred = {k for k, lb in by_key.items() if lb.is_deferral}
    hits = positives & found_c.keys()
    right = sum(1 for k in hits if (found_c[k].due_from, found_c[k].due_by) == (by_key[k].due_from, by_key[k].due_by))
    return Figures((len(hits), len(found_c), len(positives)),
                   (len(deferred & found_d), len(found_d), len(deferred)), (right, len(hits)))


def test_the_hand_checked_set_holds_at_least_a_hundred_sentences_and_more_negatives_than_commitments() -> None:
    assert len(labels()) >= 100
    positives = sum(1 for lb in labels() if lb.is_commitment)
    assert len(labels()) - positives >= positives


@pytest.mark.parametrize("name", sorted({lb.document for lb in labels()}))
def test_every_labelled_sentence_is_still_a_sentence_of_its_answer(name: str) -> None:
    doc = document(name)
    present = {(item.number, s) for item in doc.items for s in sentences(item.answer or "")}
    missing = [lb.sentence[:60] for lb in labels() if lb.document == name and (lb.item, lb.sentence) not in present]
    assert not missing, f"{name}: the reader or the sentence splitter changed; relabel {missing}"


def test_every_commitment_and_deferral_found_in_the_bundled_answers_is_labelled() -> None:
    """The set covers everything the extractor finds, so precision is over all of it."""
    labelled = {_key(lb.document, lb.item, lb.sentence) for lb in labels()}
    names = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".md")
                   and p.name != "SOURCES.md")
    found = [(n, c.item, c.text) for n in names for c in document(n).commitments]
    found += [(n, d.item, d.text) for n in names for d in document(n).deferrals]
    unlabelled = [(n, item, text[:60]) for n, item, text in found if _key(n, item, text) not in labelled]
    assert not unlabelled, f"label these in {LABELS.name}: {unlabelled}"


def test_commitments_deferrals_and_due_dates_are_measured_above_their_floors() -> None:
    figures = measure()
    shares = figures.shares()
    print(f"\ncommitments tp/found/labelled {figures.commitments}, deferrals {figures.deferrals}, "
          f"due right/found {figures.due_right}")
    print({k: round(v, 3) for k, v in shares.items()})
    low = {k: round(v, 3) for k, v in shares.items() if v < FLOORS[k]}
    assert not low, f"below the floors {FLOORS}: {low}"


def test_the_commitments_of_a_ministry_letter_an_aanhangsel_and_a_report_are_found() -> None:
    """Every reader's path ends in ``extract.enrich``: a ministry's Word letter, an Aanhangsel
    PDF and a report of a written consultation each hold labelled commitments that are found."""
    for name in ("jenv-beantw-2023Z14759.docx", "ah-tk-20232024-2313.pdf", "kst-21501-02-3349.txt"):
        found = {c.text for c in document(name).commitments}
        labelled = {lb.sentence for lb in labels() if lb.document == name and lb.is_commitment}
        assert labelled & found, name  # (not all: the report holds the one the extractor misses)


def test_the_deferrals_of_every_genre_are_found() -> None:
    """An Aanhangsel answer (the caretaker's "niet aan mij"), a list answered by the Rekenkamer
    and a report of a written consultation each hold a labelled deferral that is found."""
    deferred = {lb.document for lb in labels() if lb.is_deferral}
    assert {"ah-tk-20232024-1432.pdf", "ar-beantw-20160512-begrotingsreserves.txt",
            "kst-21501-02-3349.txt"} <= deferred
    for name in deferred:
        found = {d.text for d in document(name).deferrals}
        assert {lb.sentence for lb in labels() if lb.document == name and lb.is_deferral} <= found, name
