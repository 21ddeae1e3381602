"""The seed with its footnote markers where they were printed, for the document page's tests.

Until the readers fill ``NoteMark`` (branch printed-model) the marks are put here: note 6 stands
right after "per brief" in the answer to question 9, as the printed seed has it; the clerk signs
as "Adjunct-griffier", as printed.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import overleg
from overleg.model import Committee, Document, NoteMark
from web_support import SEED_ID


@cache
def seed() -> Document:
    return overleg.read(overleg.EXAMPLES / f"{SEED_ID}.txt")


def after(text: str, words: str) -> int:
    """The offset right after the first ``words`` in ``text``."""
    return text.index(words) + len(words)


@cache
def seed_with_marks() -> Document:
    """The seed with note 6 where it was printed, "per brief⁶", and the printed clerk's title."""
    doc = seed()
    items = tuple(dataclasses.replace(i, answer_marks=(NoteMark(after(i.answer or "", "per brief"), 6),))
                  if i.number == 9 else i for i in doc.items)
    committee = dataclasses.replace(doc.committee or Committee(), clerk_title="Adjunct-griffier")
    return dataclasses.replace(doc, items=items, committee=committee)
