"""Finders for citations of parliamentary papers in running text.

One class per kind of citation: a verbose regex, how to build the canonical id from a match,
and real examples (from the seed and the corpus) in the docstring, which double as tests.
``find_refs(text)`` runs them all and returns the ids in order of appearance, without repeats.
``find_tk_numbers(text)`` finds the Tweede Kamer's own numbers (Zaak, DocumentNummer), which are
not papers (``overleg.model.ids.TkNumber``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from overleg.errors import InvalidIdentifier
from overleg.model.ids import KST_HYPHENATED, KST_HYPHENATED_BARE, STCRT_PRINTED, DocumentId, TkNumber, _year_pair
from overleg.vocabulary.dates import MONTH_PATTERN


@dataclass(frozen=True)
class Citation:
    id: DocumentId
    start: int
    end: int


class Finder:
    pattern: ClassVar[re.Pattern[str]]
    # Lower-case words one of which every match contains: a cheap test before the pattern.
    needles: ClassVar[tuple[str, ...]] = ()

    def build(self, m: re.Match[str]) -> DocumentId | None:
        raise NotImplementedError

    def find(self, text: str) -> Iterator[Citation]:
        for m in self.pattern.finditer(text):
            try:
                found = self.build(m)
            except InvalidIdentifier:
                found = None
            if found is not None:
                yield Citation(found, m.start(), m.end())


# A further number in a list after the first ("nrs. 12, 13 en 14", "nr. 2293 en nr. 2315"). It
# is not the start of another dossier ("en 36 800-V, nr. 36"), a decimal, or a day of a date.
_EXTRA = (
    r"(?P<nr>nrs?\.?\s*)?(?P<n>[0-9]{1,5})"
    r"(?![0-9]|[.,][0-9]|[ \u00a0]?[0-9]{3}|\s*[-–]|\s+(?:" + MONTH_PATTERN + r")\b)"
)
_SEPARATOR = r"\s*(?P<sep>,\s*(?:en\b|&)?|en\b|&)\s*"
_ENTRY = re.compile(_SEPARATOR + _EXTRA)


class KamerstukFinder(Finder):
    """A Kamerstuk: dossier number with optional sub-number, then "nr." and a number.

    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstuk 36 180 nr. 190")]
    ['kst-36180-190']
    >>> [str(c.id) for c in KamerstukFinder().find("(Kamerstuk 21501-02, nr. 3346), en 36800-XX, Nr.18")]
    ['kst-21501-02-3346', 'kst-36800-XX-18']
    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstukken II 2023/24, 29 383, nr. 406.")]
    ['kst-29383-406']
    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstuk 21 501-20 nr. 2293 en nr. 2315")]
    ['kst-21501-20-2293', 'kst-21501-20-2315']
    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstuk 36 410 VIII, nr. 106")]
    ['kst-36410-VIII-106']
    >>> [str(c.id) for c in KamerstukFinder().find("(Kamerstuk 35 925 XII, nr. 110)")]
    ['kst-35925-XII-110']
    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstukken 21 501-02, nr. 3345 en 36 800-V, nr. 36")]
    ['kst-21501-02-3345', 'kst-36800-V-36']
    >>> [str(c.id) for c in KamerstukFinder().find("(Kamerstuk 36 180, nr. 190, 16 januari 2026)")]
    ['kst-36180-190']
    >>> [str(c.id) for c in KamerstukFinder().find("Kamerstuk 21501-02, nrs. 12, 13 en 14; nr. 15, 2026")]
    ['kst-21501-02-12', 'kst-21501-02-13', 'kst-21501-02-14']
    """

    needles = ("nr",)
    pattern = re.compile(
        r"""
        (?P<dossier>[0-9](?<![0-9/–-][0-9])[0-9]{0,2}[ \u00a0]?[0-9]{3}
            (?:[ \u00a0]?-[ \u00a0]?(?:[0-9]{1,3}|[IVXLC]{1,6}|[A-Z])(?![\w])
              |[ \u00a0][IVXLC]{1,6}(?![\w-]))?)
        \s*,?\s*
        (?:nr|Nr|NR)[sS]?\.?\s*
        (?P<number>[0-9]{1,5})(?![0-9])
        (?P<more>(?:""" + _SEPARATOR + _EXTRA + r""")*)
        """,
        re.VERBOSE,
    )

    def find(self, text: str) -> Iterator[Citation]:
        for m in self.pattern.finditer(text):
            dossier = m.group("dossier")
            numbers, end = _listed_numbers(m.group("more"), m.start("more"))
            for number in [m.group("number"), *numbers]:
                try:
                    found = DocumentId.kamerstuk(dossier, number)
                except InvalidIdentifier:  # defensive: the pattern only admits valid parts
                    continue
                yield Citation(found, m.start(), end or m.end("number"))


class EersteKamerFinder(Finder):
    """An Eerste Kamer paper, numbered with letters after its dossier ("33 506, AB").

    >>> [str(c.id) for c in EersteKamerFinder().find("(Kamerstuk 33 506, AA) en Kamerstukken I 2023/24, 36 200, B")]
    ['kst-33506-AA', 'kst-36200-B']
    """

    needles = ("kamerstuk",)
    pattern = re.compile(
        r"""
        Kamerstuk(?:ken)?(?:\s+(?:I|1))?\s*,?\s*(?:[0-9]{4}\s*[–/-]\s*[0-9]{2,4},?\s*)?
        (?P<dossier>[0-9]{1,3}[ \u00a0]?[0-9]{3}(?:-[0-9A-Z]{1,6})?)\s*,\s*(?P<letters>[A-Z]{1,3})\b(?!\s*(?:nr|Nr)\b)
        """,
        re.VERBOSE,
    )

    def build(self, m: re.Match[str]) -> DocumentId | None:
        return DocumentId.kamerstuk(m.group("dossier"), m.group("letters"))


def _listed_numbers(more: str, offset: int) -> tuple[list[str], int | None]:
    """The further numbers of a list and where the list ends in the text.

    A number after a bare comma belongs to the list only when an "en N" follows ("nrs. 12, 13
    en 14"); "nr. 190, 2026" is a number and a year. "nr. N" after a comma always belongs.
    The pattern matches every separator greedily (in linear time); this decides afterwards.
    """
    entries = list(_ENTRY.finditer(more))
    last_en = max((k for k, e in enumerate(entries) if e.group("sep").strip(" ,") in ("en", "&")), default=-1)
    kept = entries[: last_en + 1]
    for entry in entries[last_en + 1 :]:
        if not entry.group("nr"):
            break
        kept.append(entry)
    return [e.group("n") for e in kept], (offset + kept[-1].end()) if kept else None


class AanhangselFinder(Finder):
    """An Aanhangsel van de Handelingen.

    >>> [str(c.id) for c in AanhangselFinder().find("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.")]
    ['ah-tk-20232024-594']
    >>> [str(c.id) for c in AanhangselFinder().find("Aanhangsel Handelingen, vergaderjaar 2023–2024, 1028")]
    ['ah-tk-20232024-1028']
    >>> text = "Aanhangsel van de Handelingen, vergaderjaar 2023–2024, nr. 76 (2023D39037)"
    >>> [str(c.id) for c in AanhangselFinder().find(text)]
    ['ah-tk-20232024-76']
    >>> [str(c.id) for c in AanhangselFinder().find("Aanhangsel Handelingen II 2022/23, nr. 3276")]
    ['ah-tk-20222023-3276']
    """

    needles = ("aanhangsel",)
    pattern = re.compile(
        r"""
        Aanhangsel(?:\s+van\s+de)?\s+Handelingen(?:\s+(?:II|11|I))?,?\s*
        (?:vergaderjaar\s*)?(?P<y1>[0-9]{4})\s*[–/-]\s*(?P<y2>[0-9]{2,4}),?\s*
        (?:nr\.?\s*)?(?P<number>[0-9]{1,5})
        """,
        re.VERBOSE | re.IGNORECASE,
    )

    def build(self, m: re.Match[str]) -> DocumentId | None:
        year = _year_pair(m.group("y1"), m.group("y2"))
        return DocumentId.aanhangsel(year, m.group("number")) if year else None


class HandelingenFinder(Finder):
    """The Handelingen of a meeting ("Handelingen II 2023/24, nr. 45, item 12").

    The seed prints "Handelingen 11" for "Handelingen II" (the PDF's text layer).

    >>> [str(c.id) for c in HandelingenFinder().find("Handelingen II 2023/24, nr. 45, item 12")]
    ['h-tk-20232024-45-12']
    >>> [str(c.id) for c in HandelingenFinder().find("(Handelingen 11, vergaderjaar 2025-2026, nr. 1106, blz. 2)")]
    ['h-tk-20252026-1106']
    """

    needles = ("handelingen",)
    # The look-behinds stand after the word, so that the scan can look for the word itself.
    pattern = re.compile(
        r"""
        Handelingen(?<!Aanhangsel\sHandelingen)(?<!de\sHandelingen)\s+(?:II|11)\s*,?\s*(?:vergaderjaar\s*)?
        (?P<y1>[0-9]{4})\s*[–/-]\s*(?P<y2>[0-9]{2,4}),?\s*
        nr\.?\s*(?P<meeting>[0-9]{1,4})
        (?:,\s*item\s*(?P<item>[0-9]{1,3}))?
        """,
        re.VERBOSE,
    )

    def build(self, m: re.Match[str]) -> DocumentId | None:
        year = _year_pair(m.group("y1"), m.group("y2"))
        if not year:
            return None
        suffix = f"-{m.group('item')}" if m.group("item") else ""
        return DocumentId(f"h-tk-{year}-{int(m.group('meeting'))}{suffix}")


class CanonicalIdFinder(Finder):
    """Ids already in canonical form, as in a footer ("ah-tk-20222023-3649").

    >>> [str(c.id) for c in CanonicalIdFinder().find("zie kst-36800-V-86 en ah-tk-20232024-1076")]
    ['kst-36800-V-86', 'ah-tk-20232024-1076']
    """

    needles = ("kst-", "ah-tk-", "h-tk-", "stcrt-")
    pattern = re.compile(
        r"\b(?:kst-[0-9]+(?:-[0-9A-Za-z]+)?-[0-9]+|ah-tk-[0-9]{8}-[0-9]+|h-tk-[0-9]{8}-[0-9]+(?:-[0-9]+)?"
        r"|stcrt-[0-9]{4}-[0-9]+)\b"
    )

    def build(self, m: re.Match[str]) -> DocumentId | None:
        return DocumentId.try_parse(m.group())


class HyphenatedKamerstukFinder(Finder):
    """A Kamerstuk printed with hyphens only, as letters and sites cite it; the rule (three parts,
    a word or a plausible dossier shape) is in ``overleg.model.ids``.

    From a letter of the minister of Justitie en Veiligheid (bundled, kenmerk 5293107):

    >>> text = ("voor een neutrale uitstraling van het boa-uniform (Kamerstuk 35925-VI-56) en van de leden "
    ...         "Markuszower en Helder over het dragen van een hoofddoek door buitengewoon opsporingsambtenaren "
    ...         "(Kamerstuk 35925-VI-41)")
    >>> [str(c.id) for c in HyphenatedKamerstukFinder().find(text)]
    ['kst-35925-VI-56', 'kst-35925-VI-41']
    >>> [str(c.id) for c in HyphenatedKamerstukFinder().find("een motie over een vervolg (Kamerstuk 21501-32-1740)")]
    ['kst-21501-32-1740']
    >>> [str(c.id) for c in HyphenatedKamerstukFinder().find("verslag 21501-02-3349, op 2024-01-15, 070-456-7890")]
    ['kst-21501-02-3349']
    """

    needles = ("-",)
    pattern = re.compile(KST_HYPHENATED.pattern + "|" + KST_HYPHENATED_BARE.pattern.replace("?P<", "?P<bare_"))

    def build(self, m: re.Match[str]) -> DocumentId | None:
        if m.group("dossier"):
            return DocumentId.kamerstuk(m.group("dossier"), m.group("number"))
        return DocumentId.kamerstuk(m.group("bare_dossier"), m.group("bare_number"))


class StaatscourantFinder(Finder):
    """The Staatscourant, as officielebekendmakingen numbers it (``stcrt-2023-31878``).

    >>> [str(c.id) for c in StaatscourantFinder().find("Regeling huurtoeslagparameters 2024 (Stcrt. 2023, 31878)")]
    ['stcrt-2023-31878']
    >>> [str(c.id) for c in StaatscourantFinder().find("bekendgemaakt in de Staatscourant 2010, nr. 4471")]
    ['stcrt-2010-4471']
    >>> [str(c.id) for c in StaatscourantFinder().find("de bekendmaking in de Staatscourant van 3 mei")]
    []
    """

    needles = ("stcrt", "staatscourant")
    pattern = STCRT_PRINTED

    def build(self, m: re.Match[str]) -> DocumentId | None:
        return DocumentId.staatscourant(m.group("year"), m.group("number"))


# The Staatscourant before the Kamerstuk: "Staatscourant 2010, nr. 4471" is not paper 4471 of a dossier 2010.
FINDERS: tuple[Finder, ...] = (
    AanhangselFinder(), HandelingenFinder(), CanonicalIdFinder(), StaatscourantFinder(), KamerstukFinder(),
    EersteKamerFinder(), HyphenatedKamerstukFinder(),
)


def find_citations(text: str) -> list[Citation]:
    """Every citation in the text, in order; where two finders match the same span, the first
    finder in FINDERS wins (an Aanhangsel citation is not also read as a Kamerstuk)."""
    taken: list[tuple[int, int]] = []
    found: list[Citation] = []
    low = text.lower()
    for finder in FINDERS:
        if finder.needles and not any(n in low for n in finder.needles):
            continue
        for c in finder.find(text):
            if any(c.start < end and start < c.end for start, end in taken if (start, end) != (c.start, c.end)):
                continue
            found.append(c)
        taken = [(c.start, c.end) for c in found]
    found.sort(key=lambda c: c.start)
    return found


def find_refs(text: str) -> tuple[DocumentId, ...]:
    """The canonical ids cited in the text, in order of appearance, without repeats."""
    seen: dict[DocumentId, None] = {}
    for c in find_citations(text):
        seen.setdefault(c.id, None)
    return tuple(seen)


def find_tk_numbers(text: str) -> tuple[TkNumber, ...]:
    """The Tweede Kamer's Zaak numbers and DocumentNummers in a text, in order, without repeats.

    They are not papers of officielebekendmakingen (``TkNumber``), so ``find_refs`` leaves them
    out; the corpus keeps them as links of their own. From the bundled written questions, a
    ministry letter and answers in the corpus:

    >>> [str(n) for n in find_tk_numbers("Aanhangsel van de Handelingen, vergaderjaar 2023–2024, nr. 76 (2023D39037)")]
    ['2023D39037']
    >>> [str(n) for n in find_tk_numbers("In antwoord op uw brief van 7 september 2023, nr. 2023Z14759")]
    ['2023Z14759']
    >>> [str(n) for n in find_tk_numbers("Patriot luchtverdedigingseenheid in Slowakije (Kamerstuk 2022D10685).")]
    ['2022D10685']
    >>> [str(n) for n in find_tk_numbers("de Kamerbrief met kenmerk 2022Z09747/ 2022D20838")]
    ['2022Z09747', '2022D20838']
    """
    return TkNumber.find_all(text) if ("Z" in text or "D" in text) else ()
