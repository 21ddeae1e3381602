"""The searchable texts of a document: its title, every question and answer with its item
number, every footnote with the item citing it (``entry_specs``), and their analysed text
(``analyse_entries``), which ingest's reader processes compute so the writer need not; and the
values a document is filtered and counted by (``facet_values``).

Facet values are the register's names of the time (``corpus.names``): an item's faction and an
asker's party as the group of the day the questions were put, *one* ministry per document (the
one that answered, ``document_rules.answering_ministry``) and its committee, so every hit counts
once per group, ministry and committee and the counts add up to the hits. A name the register
does not know is kept as printed. Changing the register changes these values: re-index the
stored documents (``overleg corpus reindex``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from overleg.corpus import names
from overleg.corpus.document_rules import answering_ministry, date_asked
from overleg.corpus.search.analysis import terms_of, tokens, vocabulary_words
from overleg.corpus.search.facet_names import folded
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
    day = date_asked(doc)
    for item in doc.items:
        faction = names.group(item.faction, day).shown if item.faction else None
        flags = (faction, item.referral_only, item.number in with_commitment)
        specs.append(EntrySpec(item.number, "question", item.question, *flags))
        if item.answer:
            specs.append(EntrySpec(item.number, "answer", item.answer, *flags))
        for number in (*item.question_footnotes, *item.answer_footnotes):
            citing.setdefault(number, item.number)
    specs += [EntrySpec(citing.get(note.number), "footnote", note.text) for note in doc.footnotes if note.text]
    return specs


class AnalysedEntry(NamedTuple):
    """What indexing needs of one entry's text, from one pass over its words: ``terms``
    (``analysis.index_terms``: what the postings hold, compound parts included) and ``words``
    (the spelling vocabulary's words of it, each once), each space-separated. A tuple: reader
    processes send one per entry to the writer, and a tuple pickles cheaply."""

    terms: str
    words: str


def analyse_entry(body: str) -> AnalysedEntry:
    """The one place that says what an entry is indexed under (the postings, their lengths for
    BM25, and so every search follow): its stems with each compound's parts (``terms``).
    Phrases and snippets analyse the body again (``analysis.analyse``: stems without parts)."""
    words = tokens(body)
    return AnalysedEntry(" ".join(terms_of(words)), " ".join(vocabulary_words(words)))


def analyse_entries(doc: Document) -> tuple[AnalysedEntry, ...]:
    """``analyse_entry`` of each of ``entry_specs(doc)``: the costly part of indexing, which
    ingest's reader processes do so the one writer need not (it was two thirds of its time)."""
    return tuple(analyse_entry(spec.body) for spec in entry_specs(doc))


def facet_values(doc: Document) -> list[tuple[str, str]]:
    """(facet, folded value) pairs the filters match and the facets count, without duplicates:
    each asker (as resolved to the register's person) and their party, the answering ministry,
    the committee and each faction of a report, as the register names them."""
    day = date_asked(doc)
    pairs: list[tuple[str, str]] = []
    for asker in doc.askers:
        pairs.append(("asker", names.member(asker.name, day).shown))
        party = names.party_of(asker.name, asker.party, day)
        if party is not None:
            pairs.append(("party", party.shown))
    ministry = answering_ministry(doc)
    if ministry:
        pairs.append(("ministry", ministry))
    if doc.committee and doc.committee.name:
        pairs.append(("committee", names.committee(doc.committee.name, day).shown))
    for faction in doc.factions:
        pairs.append(("group", names.group(faction.name, day).shown))
    return list(dict.fromkeys((f, folded(v)) for f, v in pairs))
