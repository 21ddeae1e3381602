"""What the corpus derives from a document, one rule each: its dates, its ministry, its groups.

The search index, the document facts behind analytics, the entity pages, the feeds and the
alerts all take these from here, so that "the date of a document" or "the ministry that
answered" means the same on every page. This module knows only the model.

Dates. Two dates are derived, because two questions are asked of a document:

- ``date_asked``: *when were the questions put?* (sent on, else the document's own date, else
  answered on). Analytics counts questions per period by it, ``overleg stats --from/--to``
  bound it, entity pages list documents newest first by it, and a commitment is kept by a
  document asked *after* it.
- ``date_listed``: *what date does the document bear?* (its own date, else answered on, else
  sent on). Search filters (``--from/--to``), hits and the feeds of a group or ministry show
  and order documents by it (``search_documents.date``).

For written questions the two differ (sent on 1 March, answered and dated 20 March); for a
report, which has its own date, they are usually the same.

Ministry. ``answering_ministry`` is *the* ministry of a document (analytics, entities, feeds,
alerts, the search index's ministry facet, and the ``commitments`` table that
``links.list_commitments`` filters by): the first signatory's, else the first addressee's, as the
register names the ministry of the time (``corpus.names``, docs/registers.md), on the day the
document was answered. An office the register does not know stays as printed, reduced to its
portfolio (``ministry_of``).

Groups. A document's items count for a group (``group_shares``): a report's items for the
faction that asked them (``faction_counts``), written questions' items wholly for each party
among the askers, once per party (``asker_parties``). Every group is the register's group of the
time the questions were put ("per fractie van toen"): "GroenLinks" on a 2022 question counts for
GroenLinks (whose successor GroenLinks-PvdA its page links to), "Partij voor de Dieren" and "PvdD"
for one group. The search index keeps the same two facts per item (its faction) and per document
(its askers' parties).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from overleg.corpus import names
from overleg.model import Document, Item

# -- dates ----------------------------------------------------------------------------------------


def date_asked(doc: Document) -> dt.date | None:
    """When the questions were put: sent on, else the document's own date, else answered on.

    >>> from overleg.model import DocumentType
    >>> questions = Document(DocumentType.SCHRIFTELIJKE_VRAGEN, date=dt.date(2024, 3, 20),
    ...                      questions_sent_on=dt.date(2024, 3, 1), answered_on=dt.date(2024, 3, 20))
    >>> date_asked(questions)
    datetime.date(2024, 3, 1)
    >>> date_asked(Document(DocumentType.SCHRIFTELIJKE_VRAGEN, answered_on=dt.date(2024, 3, 20)))
    datetime.date(2024, 3, 20)
    """
    return doc.questions_sent_on or doc.date or doc.answered_on


def date_listed(doc: Document) -> dt.date | None:
    """The date the document bears, as search and feeds list it: its own date, else answered
    on, else sent on.

    >>> from overleg.model import DocumentType
    >>> questions = Document(DocumentType.SCHRIFTELIJKE_VRAGEN, date=dt.date(2024, 3, 20),
    ...                      questions_sent_on=dt.date(2024, 3, 1), answered_on=dt.date(2024, 3, 20))
    >>> date_listed(questions)
    datetime.date(2024, 3, 20)
    >>> date_listed(Document(DocumentType.SCHRIFTELIJKE_VRAGEN, questions_sent_on=dt.date(2024, 3, 1)))
    datetime.date(2024, 3, 1)
    """
    return doc.date or doc.answered_on or doc.questions_sent_on


# -- ministry -------------------------------------------------------------------------------------

# Abbreviations a signature uses for a ministry ("Minister Bruins Slot (BZ)").
ABBREVIATIONS = {
    "az": "Algemene Zaken", "bz": "Buitenlandse Zaken", "buza": "Buitenlandse Zaken",
    "bzk": "Binnenlandse Zaken en Koninkrijksrelaties", "def": "Defensie", "ezk": "Economische Zaken en Klimaat",
    "ez": "Economische Zaken", "fin": "Financiën", "ienw": "Infrastructuur en Waterstaat",
    "jenv": "Justitie en Veiligheid", "jv": "Justitie en Veiligheid", "lnv": "Landbouw, Natuur en Voedselkwaliteit",
    "ocw": "Onderwijs, Cultuur en Wetenschap", "szw": "Sociale Zaken en Werkgelegenheid",
    "vws": "Volksgezondheid, Welzijn en Sport", "kgg": "Klimaat en Groene Groei", "vro": "Volkshuisvesting en "
    "Ruimtelijke Ordening", "asielenmigratie": "Asiel en Migratie",
}
_OFFICE = re.compile(r"^\s*(?:de\s+)?(?:minister-president|minister|staatssecretaris)\b(?:\s+(?:van|voor))?\s*",
                     re.IGNORECASE)
_PORTFOLIO_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


def ministry_of(office: str | None) -> str | None:
    """The portfolio an office name stands for, the way every form of it is written.

    >>> ministry_of("Minister van Justitie en Veiligheid")
    'Justitie en Veiligheid'
    >>> ministry_of("Minister Yeşilgöz-Zegerius (Justitie en Veiligheid)")
    'Justitie en Veiligheid'
    >>> ministry_of("Minister Bruins Slot (BZ)"), ministry_of("minister van Buitenlandse Zaken")
    ('Buitenlandse Zaken', 'Buitenlandse Zaken')
    >>> ministry_of("Minister voor Klimaat en Energie"), ministry_of(None)
    ('Klimaat en Energie', None)
    """
    if not office or not office.strip():
        return None
    text = " ".join(office.split())
    bracket = _PORTFOLIO_IN_BRACKETS.search(text)
    # "Minister Yeşilgöz-Zegerius (Justitie en Veiligheid)": the portfolio is in the brackets
    text = bracket.group(1).strip() if bracket else _OFFICE.sub("", text, count=1).strip()
    text = text.rstrip(".,;")
    if not text:
        return None
    key = re.sub(r"[^a-z]", "", text.lower())
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    return text[0].upper() + text[1:]


def date_answered(doc: Document) -> dt.date | None:
    """The day a document's offices are read at: answered on, else the date it bears."""
    return doc.answered_on or date_listed(doc)


def ministry_name(doc: Document) -> names.Name | None:
    """The ministry of a document with how it was printed: the first signatory's, else the first
    addressee's, resolved at ``date_answered``; None when the document names no office."""
    day = date_answered(doc)
    for office in (*doc.answered_by, doc.addressee, *doc.addressees):
        if office and office.strip():
            found = names.ministry(office, day)
            if found.resolved:
                return found
            portfolio = ministry_of(office)
            if portfolio:
                return names.Name("ministry", office, portfolio)
    return None


def answering_ministry(doc: Document) -> str | None:
    """The ministry of a document as the register names it (``ministry_name``).

    >>> from overleg.model import DocumentType
    >>> answering_ministry(Document(DocumentType.SCHRIFTELIJKE_VRAGEN, addressee="Minister van Defensie",
    ...                             answered_by=("Minister Bruins Slot (BZ)",)))
    'Buitenlandse Zaken'
    >>> answering_ministry(Document(DocumentType.SCHRIFTELIJKE_VRAGEN, answered_by=("Algemene Rekenkamer",)))
    'Algemene Rekenkamer'
    """
    found = ministry_name(doc)
    return found.shown if found else None


def ministry_shown(printed: str | None, day: dt.date | None = None) -> str | None:
    """A ministry kept by older document facts (a portfolio as printed), as the register names it
    now: analytics resolves at aggregation time, so facts stored before the register still count
    for one ministry.

    >>> ministry_shown("Natuur en Stikstof", dt.date(2023, 9, 14)), ministry_shown("Algemene Rekenkamer")
    ('Landbouw, Natuur en Voedselkwaliteit', 'Algemene Rekenkamer')
    """
    if not printed:
        return None
    return names.ministry(printed, day).shown


# -- groups ---------------------------------------------------------------------------------------


class HasParty(Protocol):
    """An asker (``model.Asker`` or the asker of stored document facts)."""

    @property
    def name(self) -> str: ...

    @property
    def party(self) -> str | None: ...


class CountsFactionItems(Protocol):
    """A report's items of one faction (``facts.FactionFact``)."""

    @property
    def name(self) -> str: ...

    @property
    def items(self) -> int: ...

    @property
    def answered(self) -> int: ...


def asker_parties(askers: Iterable[HasParty], day: dt.date | None = None) -> tuple[str, ...]:
    """The groups of a document's askers on ``day`` (when the questions were put), as the
    register names them, each once, in order of first appearance; a party the register does not
    know as printed. An asker printed without a party has the group the register's person sat in.

    >>> from overleg.model import Asker
    >>> asker_parties([Asker("A", "D66"), Asker("B"), Asker("C", "VVD"), Asker("D", "Democraten 66")])
    ('D66', 'VVD')
    >>> asker_parties([Asker("Mutluer", "PvDA"), Asker("Ellemeet", "GroenLinks")], dt.date(2023, 10, 10))
    ('PvdA', 'GL')
    >>> asker_parties([Asker("Klaver", None)], dt.date(2024, 4, 18))
    ('GroenLinks-PvdA',)
    """
    found = (names.party_of(getattr(a, "name", ""), a.party, day) for a in askers)
    return tuple(dict.fromkeys(n.shown for n in found if n is not None))


def faction_counts(items: Iterable[Item]) -> tuple[tuple[str, int, int], ...]:
    """A report's items per faction: (faction, items, answered items), in order of first appearance.

    >>> faction_counts([Item(1, "?", "Ja.", faction="VVD"), Item(2, "?", faction="D66"), Item(3, "?", faction="VVD")])
    (('VVD', 2, 1), ('D66', 1, 0))
    """
    asked: dict[str, list[int]] = {}
    for item in items:
        if item.faction:
            counts = asked.setdefault(item.faction, [0, 0])
            counts[0] += 1
            counts[1] += bool(item.answer)
    return tuple((name, n, answered) for name, (n, answered) in asked.items())


@dataclass(frozen=True)
class GroupShare:
    """The items of one document that count for one group (``kind``: ``group`` for a report's
    faction, ``party`` for a party among the askers), and how many of them are answered."""

    kind: str
    name: str
    items: int
    answered: int


def group_shares(factions: Iterable[CountsFactionItems], parties: Iterable[str], items: int,
                 answered: int, day: dt.date | None = None) -> tuple[GroupShare, ...]:
    """Which groups a document's items count for: each faction for its own items (a report),
    then each party among the askers for all ``items`` of the document (written questions); every
    name the register's group of ``day``, two spellings of one faction one share.

    >>> [(s.kind, s.name, s.items) for s in group_shares([], ["D66", "VVD"], 4, 4)]
    [('party', 'D66', 4), ('party', 'VVD', 4)]
    >>> class F:
    ...     def __init__(self, name, items): self.name, self.items, self.answered = name, items, items
    >>> [(s.name, s.items) for s in group_shares([F("PvdD", 2), F("Partij voor de Dieren", 3)], [], 5, 5)]
    [('PvdD', 5)]
    """
    by_group: dict[str, list[int]] = {}
    for f in factions:
        counts = by_group.setdefault(names.group(f.name, day).shown, [0, 0])
        counts[0] += f.items
        counts[1] += f.answered
    found = [GroupShare("group", name, n, done) for name, (n, done) in by_group.items()]
    shown = dict.fromkeys(names.group(party, day).shown for party in parties)
    found += [GroupShare("party", party, items, answered) for party in shown]
    return tuple(found)
