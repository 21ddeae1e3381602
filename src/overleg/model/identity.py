"""Which real document a ``Document`` is: one rule, from what is printed or published.

The store keys every document by ``store_id``; the first line of this table that applies wins:

======================  =========================================  ===============================
what the document has   where it comes from                        store id
======================  =========================================  ===============================
an official id          Kamerstuk dossier and number, Aanhangsel   ``kst-21501-02-3349``,
                        number (``Document.id``)                   ``ah-tk-20232024-1076``
a TK DocumentNummer     printed "2024D12345" (``identifiers``)     ``tkdoc-2024D12345``
a Zaak number           the Kamer's letter it answers, "uw brief   ``zaak-2023Z14759``
                        van ..., nr. 2023Z14759" (``identifiers``) (``-vragen`` when no item has
                                                                   an answer, ``-mededeling``
                                                                   when it has no items, a notice
                                                                   that the answers come later:
                                                                   one Zaak has its questions,
                                                                   its notices and its answers)
a ministry's kenmerk    the letter head, "Ons kenmerk 5401166"     ``kenmerk-5401166``
                        (``identifiers``)
none of these           the normalised content (``content_key``)   ``inhoud-<16 hex>``
======================  =========================================  ===============================

``identifiers`` holds what the readers found printed (``printed_identifiers``) in these forms,
so the same letter read from PDF, Word, text or an export has the same store id: nothing is
taken from a file name.

The normalised content is what every format of one document reads alike: the document type and,
item by item, its number, question and answer, each with accents folded (``é`` -> ``e``),
case folded, and every run of whitespace (line breaks, non-breaking spaces) one space. Titles,
dates, footnotes and layout are left out, because the formats print them differently.

>>> printed_identifiers("Ons kenmerk\\n5401166\\nIn antwoord op uw brief van 5 juli 2024, nr. 2024Z11859, ...")
('zaak-2024Z11859', 'kenmerk-5401166')
>>> printed_identifiers("Bij beantwoording de datum en ons kenmerk vermelden.")
()
>>> printed_identifiers("2024Z09876\\nVragen van het lid Kostic (PvdD) (ingezonden 3 juni 2024).")
('zaak-2024Z09876',)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from overleg.model.document import Document
from overleg.model.ids import TK_SERIAL, TK_YEAR, TkNumber, tk_number_printed

TK_DOCUMENT = "tkdoc-"
ZAAK = "zaak-"
KENMERK = "kenmerk-"
CONTENT = "inhoud-"
QUESTIONS_ONLY = "-vragen"
NOTICE = "-mededeling"
DERIVED_PREFIXES = (TK_DOCUMENT, ZAAK, KENMERK, CONTENT)

# A store id that is not an official id: what the rule above makes (and an export writes as "id"),
# or ``local-<16 hex>``, what a store made of the path before this rule (kept by the migration)
DERIVED_ID = re.compile(r"^(?:tkdoc-" + TK_YEAR + "D" + TK_SERIAL + "|zaak-" + TK_YEAR + "Z" + TK_SERIAL
                        + r"(?:-vragen|-mededeling)?|kenmerk-[0-9A-Za-z./-]{3,40}|inhoud-[0-9a-f]{16}"
                        r"|local-[0-9a-f]{16})$")

# Where a letter prints its numbers (``ids.TkNumber``'s pattern, one definition): its own
# reference in the head, the Kamer's letter it answers
_OWN_REFERENCE = re.compile(r"\bOns\s+kenmerk\s*:?\s*(?P<value>[0-9][0-9A-Za-z./-]{2,39})(?![0-9A-Za-z])", re.I)
_ANSWERED = re.compile(r"\b(?:uw\s+brief|uw\s+kenmerk|uw\s+referentie)\b(?:(?!\n\s*\n).){0,80}?"
                       r"(?<![0-9A-Za-z])(?P<zaak>" + tk_number_printed("Z") + ")", re.I | re.S)
_DOCUMENT_NUMBER = re.compile(r"\b(?:documentnummer|document\s*nr\.?)\s*:?\s*"
                              r"(?P<nr>" + tk_number_printed("D") + ")", re.I)
# The Kamer's own papers ("Schriftelijke vragen") print their Zaak or DocumentNummer alone on a
# line above the heading
_ALONE_AT_TOP = re.compile(r"^[ \t]*(?P<nr>" + tk_number_printed("Z") + "|" + tk_number_printed("D") + r")[ \t]*$",
                           re.M)
TOP_LINES = 5
# how far into a text its head reaches (the letter head and the opening sentence)
HEAD_CHARS = 6000


def printed_identifiers(text: str) -> tuple[str, ...]:
    """The identifiers a document prints in its head (the first ``HEAD_CHARS`` characters), in the
    order of the rule: TK DocumentNummer, Zaak number of the letter it answers, own kenmerk.
    A number merely mentioned elsewhere in a question is not the document's own."""
    head = text[:HEAD_CHARS]
    found: list[str] = []
    found += [TK_DOCUMENT + str(TkNumber.compact(m.group("nr"))) for m in _DOCUMENT_NUMBER.finditer(head)]
    found += [ZAAK + str(TkNumber.compact(m.group("zaak"))) for m in _ANSWERED.finditer(head)]
    top = "\n".join([line for line in head.splitlines() if line.strip()][:TOP_LINES])
    for m in _ALONE_AT_TOP.finditer(top):
        number = TkNumber.compact(m.group("nr"))
        found.append((TK_DOCUMENT if number.kind == "document" else ZAAK) + str(number))
    found.sort(key=lambda i: (TK_DOCUMENT, ZAAK, KENMERK).index(i[:i.index("-") + 1]))  # stable: the rule's order
    found += [KENMERK + m.group("value").rstrip("./-") for m in _OWN_REFERENCE.finditer(head)]
    return tuple(dict.fromkeys(found))


def store_id(doc: Document) -> str:
    """The id the store keeps ``doc`` under, by the rule of the module docstring."""
    if doc.id is not None:
        return str(doc.id)
    for prefix in (TK_DOCUMENT, ZAAK, KENMERK):
        chosen = next((i for i in doc.identifiers if i.startswith(prefix)), None)
        if chosen is not None:
            return _as_store_id(doc, chosen)
    return CONTENT + content_key(doc)[:16]


def alias_keys(doc: Document) -> tuple[str, ...]:
    """Every id by which the store finds ``doc`` again, its ``store_id`` first: then the id each
    of its other printed identifiers would give it by the rule. The TK's copy of a ministry
    letter (its DocumentNummer and the Zaak) and the ministry's own file (the Zaak and the
    kenmerk) share one, so whichever comes first, the other is the same document
    (``store/documents.py``). A Zaak keeps the ending of what the document is (its questions,
    a notice, the answers), because one Zaak has all three."""
    found = [store_id(doc)]
    found += [_as_store_id(doc, i) for i in doc.identifiers if i.startswith((TK_DOCUMENT, ZAAK, KENMERK))]
    return tuple(dict.fromkeys(found))


def _as_store_id(doc: Document, identifier: str) -> str:
    if identifier.startswith(ZAAK) and not doc.items:
        return identifier + NOTICE
    if identifier.startswith(ZAAK) and not any(item.answer for item in doc.items):
        return identifier + QUESTIONS_ONLY
    return identifier


def number_keys(number: TkNumber) -> tuple[str, ...]:
    """The ids a document printing ``number`` as its own is found by (``alias_keys``), the likely
    first: a DocumentNummer its one document; a Zaak its answers, then its questions, then a notice.

    >>> number_keys(TkNumber("2023Z14759"))
    ('zaak-2023Z14759', 'zaak-2023Z14759-vragen', 'zaak-2023Z14759-mededeling')
    """
    if number.kind == "document":
        return (TK_DOCUMENT + str(number),)
    return tuple(ZAAK + str(number) + ending for ending in ("", QUESTIONS_ONLY, NOTICE))


def number_of(key: str) -> TkNumber | None:
    """The Tweede Kamer number an id of ``alias_keys`` is made of (None for a kenmerk, content or
    an official id).

    >>> number_of("zaak-2023Z14759-vragen"), number_of("tkdoc-2023D39037"), number_of("kenmerk-4980892")
    (TkNumber('2023Z14759'), TkNumber('2023D39037'), None)
    """
    if not key.startswith((TK_DOCUMENT, ZAAK)):
        return None
    return TkNumber.try_parse(key.split("-")[1])


def is_derived(value: str) -> bool:
    """True for a store id made by this rule rather than an official id (``zaak-2023Z14759``)."""
    return DERIVED_ID.match(value) is not None


def normalised(text: str | None) -> str:
    """``text`` as the content key compares it: accents and case folded, whitespace collapsed.

    >>> normalised("  Yeşilgöz-Zegerius\\n zegt\\u00a0JA ")
    'yesilgoz-zegerius zegt ja'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(folded.split())


def content_key(doc: Document) -> str:
    """sha256 (hex) of the normalised content: the type and each item's number, question and
    answer (see the module docstring). Equal for one document read from any format. A document
    without items (a notice that the answers come later) is its subject and its paragraphs, or
    every such notice would be one document."""
    parts = [doc.type.value]
    for item in doc.items:
        parts += [str(item.number), normalised(item.question), normalised(item.answer)]
    if not doc.items:
        parts += [normalised(doc.subject), *(normalised(p) for p in doc.opening)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
