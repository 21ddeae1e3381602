"""The seed as the readers give it (footnote markers where they were printed, the opening, the
clerk's title) and bare (as documents stored before the model kept what was printed), for the
document page's tests.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import overleg
from overleg.model import Committee, Document
from web_support import SEED_ID


@cache
def seed() -> Document:
    return overleg.read(overleg.EXAMPLES / f"{SEED_ID}.txt")


def after(text: str, words: str) -> int:
    """The offset right after the first ``words`` in ``text``."""
    return text.index(words) + len(words)


@cache
def seed_with_marks() -> Document:
    """The seed as read: note 6 where it was printed, "per brief⁶", and the clerk's printed title
    (asserted, so the page tests cannot pass on a reader that lost them)."""
    doc = seed()
    nine = doc.item(9)
    assert nine is not None and nine.answer is not None
    assert [(m.at, m.number) for m in nine.answer_marks] == [(after(nine.answer, "per brief"), 6)]
    assert doc.committee is not None and doc.committee.clerk_title == "Adjunct-griffier"
    return doc


@cache
def bare_seed() -> Document:
    """The seed without what the model keeps of the print: no marks, no opening, no answer
    heading, no described papers, no clerk's title."""
    doc = seed()
    items = tuple(dataclasses.replace(i, question_marks=(), answer_marks=()) for i in doc.items)
    factions = tuple(dataclasses.replace(f, preamble_marks=()) for f in doc.factions)
    committee = dataclasses.replace(doc.committee or Committee(), clerk_title=None)
    return dataclasses.replace(doc, items=items, factions=factions, committee=committee, opening=(),
                               answer_heading=None, subject_papers=())
