"""The searchable texts of a document: its title, every question and answer with its item
number, every footnote with the item citing it (``entry_specs``), and their analysed text
(``analyse_entries``), which ingest's reader processes compute so the writer need not.
"""

from __future__ import annotations

from dataclasses import dataclass

from overleg.corpus.search.analysis import analyse
from overleg.model import Document


@dataclass(frozen=True)
class EntrySpec:
    """One searchable text of a document and where it comes from."""

    item: int | None
    kind: str  # title, question, answer, footnote
    body: str
    faction: str | None = None
    referral_only: bool = False
    has_commitment: bool = False


def entry_specs(doc: Document) -> list[EntrySpec]:
    """Title, every question and answer with its item number, every footnote with the item citing it."""
    specs: list[EntrySpec] = []
    title = doc.title or doc.subject
    if title:
        specs.append(EntrySpec(None, "title", title))
    with_commitment = {c.item for c in doc.commitments if c.item is not None}
    citing: dict[int, int] = {}
    for item in doc.items:
        flags = (item.faction, item.referral_only, item.number in with_commitment)
        specs.append(EntrySpec(item.number, "question", item.question, *flags))
        if item.answer:
            specs.append(EntrySpec(item.number, "answer", item.answer, *flags))
        for number in (*item.question_footnotes, *item.answer_footnotes):
            citing.setdefault(number, item.number)
    specs += [EntrySpec(citing.get(note.number), "footnote", note.text) for note in doc.footnotes if note.text]
    return specs


def analyse_entries(doc: Document) -> tuple[str, ...]:
    """The indexed text of each of ``entry_specs(doc)``: the costly part, done by reader processes."""
    return tuple(analyse(spec.body) for spec in entry_specs(doc))
