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

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from overleg.corpus import names
from overleg.corpus.document_rules import answering_ministry, date_asked
from overleg.corpus.links import tk_number_links
from overleg.corpus.search.analysis import terms_of, tokens, vocabulary_words
from overleg.corpus.search.facet_names import folded
from overleg.model import Document

CODE = np.dtype("<u4")  # a term's number, an entry's length, a word's count: as AnalysedDocument holds them


class EntrySpec(NamedTuple):
    """One searchable text of a document and where it comes from (a tuple: the writer makes
    one per text of every document, and a frozen dataclass took three times as long)."""

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
    (the spelling vocabulary's words of it, each once)."""

    terms: list[str]
    words: list[str]


def analyse_entry(body: str) -> AnalysedEntry:
    """The one place that says what an entry is indexed under (the postings, their lengths for
    BM25, and so every search follow): its stems with each compound's parts (``terms``).
    Phrases and snippets analyse the body again (``analysis.analyse``: stems without parts)."""
    words = tokens(body)
    return AnalysedEntry(terms_of(words), vocabulary_words(words))


class AnalysedDocument(NamedTuple):
    """``analyse_entry`` of each of a document's entries, coded for the writer: ``terms``, the
    document's distinct terms; ``codes``, every entry's terms in order as indexes into ``terms``
    (uint32, the entries one after another); ``lengths``, each entry's number of terms (uint32);
    ``words``, the vocabulary's words with ``word_entries``, how many entries hold each (uint32);
    ``cited``, the Tweede Kamer numbers its texts print (``links.tk_number_links``: a scan of
    every text, as costly as the analysis).

    Reader processes make it so that the one writer handles each distinct term and word of a
    document once, not each of its thousands of words (splitting and numbering those was a
    quarter of its time), and it pickles as a few strings and byte strings."""

    terms: tuple[str, ...]
    codes: bytes
    lengths: bytes
    words: tuple[str, ...]
    word_entries: bytes
    cited: tuple[tuple[int | None, str, str], ...]

    @property
    def entries(self) -> int:
        return len(self.lengths) // CODE.itemsize


def analyse_entries(doc: Document) -> AnalysedDocument:
    """``analyse_entry`` of each of ``entry_specs(doc)``, coded (``AnalysedDocument``): the
    costly part of indexing, which ingest's reader processes do so the one writer need not."""
    numbered: dict[str, int] = {}
    codes: list[int] = []
    lengths: list[int] = []
    words: Counter[str] = Counter()
    for spec in entry_specs(doc):
        found = analyse_entry(spec.body)
        codes += [numbered.setdefault(t, len(numbered)) for t in found.terms]
        lengths.append(len(found.terms))
        words.update(found.words)
    return AnalysedDocument(tuple(numbered), _uint32(codes), _uint32(lengths), tuple(words), _uint32(words.values()),
                            tuple(tk_number_links(doc)))


def _uint32(values: Iterable[int]) -> bytes:
    return np.fromiter(values, dtype=CODE).tobytes()


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
