"""The last stage of every reader: what can be found in the items' text once they are split.

Reads: a Document whose items hold cleaned question and answer text and whose footnotes hold
text. Writes: item refs, cross-references and referral flags; the document's motions,
commitments and deferrals. Idempotent: running it twice gives the same document.
"""

from __future__ import annotations

from dataclasses import replace

from overleg.extract.labels import cross_refs, is_referral_only
from overleg.extract.references import find_refs
from overleg.model import Document, Item


def enrich_item(item: Item) -> Item:
    answer = item.answer or ""
    refs = cross_refs(answer)
    return replace(
        item,
        question_refs=find_refs(item.question),
        answer_refs=find_refs(answer),
        cross_refs=tuple(n for n in refs if n != item.number),
        referral_only=is_referral_only(answer),
    )


def enrich(doc: Document, motions_searched: bool = False) -> Document:
    """Fill everything the finders can derive from the items' text (see module docstring).

    ``motions_searched``: the reader already searched the items' text (with its footnote marks)
    for motions, and ``doc.motions`` holds what it found; the items are not searched again.
    """
    items = tuple(enrich_item(i) for i in doc.items)
    doc = replace(doc, items=items)
    from overleg.extract import commitments, motions  # owned by the report reader's finders

    promised, deferred = commitments.find_promises(doc)
    found = motions.find_motions(doc, search_items=not motions_searched)
    return replace(doc, motions=found, commitments=promised, deferrals=deferred)
