"""Identifiers of parliamentary papers, parsed from any printed spelling.

The canonical forms are those of officielebekendmakingen:

- ``kst-<dossier>-<nr>``: a Kamerstuk. The dossier keeps its sub-number and loses its
  spaces (``kst-36800-V-86``, ``kst-21501-02-3273``).
- ``ah-tk-<yyyy><yyyy>-<nr>``: an Aanhangsel van de Handelingen (written questions).
- ``h-tk-<yyyy><yyyy>-<meeting>[-<item>]``: the Handelingen of a meeting.

>>> DocumentId.parse("Kamerstuk 36 800-V, nr. 86.")
DocumentId('kst-36800-V-86')
>>> str(DocumentId.parse("21 501-20 nr. 2293"))
'kst-21501-20-2293'
>>> str(DocumentId.parse("kst-36800-XX-18"))
'kst-36800-XX-18'
>>> str(DocumentId.parse("Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1076"))
'ah-tk-20232024-1076'
>>> DocumentId.parse("ah-tk-20232024-1076") == DocumentId.parse("AH-TK-20232024-1076")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from overleg.errors import InvalidIdentifier

KINDS = ("kst", "ah-tk", "h-tk")

# A dossier number as printed: "36 800-V", "21501-02", "36800-XX", "33 506". The sub-number
# after the hyphen is Arabic digits or a Roman/letter suffix ("V", "XX", "A").
_DOSSIER = r"(?P<dossier>\d{1,3}(?:[ \u00a0.]?\d{3})(?:\s?-\s?[0-9A-Za-z]{1,8})?)"
_NUMBER = r"(?P<number>\d{1,5}[A-Za-z]{0,3}|[A-Z]{1,3})"

_KST_CANONICAL = re.compile(r"^kst-(?P<dossier>\d+(?:-[0-9A-Za-z]+)?)-(?P<number>[0-9A-Za-z]+)$", re.I)
_AH_CANONICAL = re.compile(r"^ah-tk-(?P<year>\d{8})-(?P<number>\d+)$", re.I)
_H_CANONICAL = re.compile(r"^h-tk-(?P<year>\d{8})-(?P<number>\d+(?:-\d+)?)$", re.I)

_KST_PRINTED = re.compile(
    r"(?:Kamerstuk(?:ken)?(?:\s+(?:I{1,2}|1{1,2}))?[, ]\s*(?:\d{4}\s*[–-]\s*\d{2,4},?\s*)?)?"
    + _DOSSIER
    + r"\s*,?\s*(?:nr|Nr|NR)\s*\.?\s*"
    + _NUMBER
)
_YEAR = r"(?P<y1>\d{4})\s*[–/-]\s*(?P<y2>\d{2,4})"
_AH_PRINTED = re.compile(
    r"Aanhangsel(?:\s+(?:van\s+)?de)?\s+Handelingen(?:\s+(?:II|11|I))?,?\s*(?:vergaderjaar\s*)?"
    + _YEAR
    + r",?\s*(?:nr\.?\s*)?(?P<number>\d+)",
    re.I,
)


def _year_pair(y1: str, y2: str) -> str | None:
    """'2023', '24' -> '20232024'; None when the second year does not follow the first."""
    first = int(y1)
    second = int(y2) if len(y2) == 4 else (first // 100) * 100 + int(y2[-2:])
    if second != first + 1:
        return None
    return f"{first}{second}"


def normalise_dossier(printed: str) -> str:
    """'36 800-V' -> '36800-V'; '21 501 - 02' -> '21501-02'."""
    main, _, sub = re.sub(r"[\s\u00a0.]", "", printed).partition("-")
    return f"{main}-{sub.upper() if not sub.isdigit() else sub}" if sub else main


@dataclass(frozen=True, order=True)
class DocumentId:
    """The canonical identifier of a published parliamentary paper (see module docstring)."""

    value: str

    def __post_init__(self) -> None:
        if not (_KST_CANONICAL.match(self.value) or _AH_CANONICAL.match(self.value)
                or _H_CANONICAL.match(self.value)):
            raise InvalidIdentifier(f"not a canonical document id: {self.value!r}")

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"DocumentId({self.value!r})"

    @property
    def kind(self) -> str:
        """'kst', 'ah-tk' or 'h-tk'."""
        return next(kind for kind in KINDS if self.value.startswith(kind + "-"))

    @property
    def dossier(self) -> str | None:
        """The dossier of a Kamerstuk ('36800-V'), None for other kinds."""
        m = _KST_CANONICAL.match(self.value)
        return m.group("dossier") if m else None

    @property
    def number(self) -> str:
        """The paper's number within its dossier or year."""
        for rx in (_KST_CANONICAL, _AH_CANONICAL, _H_CANONICAL):
            m = rx.match(self.value)
            if m:
                return m.group("number")
        raise AssertionError(self.value)  # unreachable: __post_init__ validated the value

    @property
    def url(self) -> str:
        """The publication's page on officielebekendmakingen."""
        return f"https://zoek.officielebekendmakingen.nl/{self.value}.html"

    @classmethod
    def kamerstuk(cls, dossier: str, number: str) -> DocumentId:
        """A Kamerstuk id from its printed dossier and number.

        >>> str(DocumentId.kamerstuk("36 800-v", "86"))
        'kst-36800-V-86'
        """
        return cls(f"kst-{normalise_dossier(dossier)}-{number.strip().upper() if number.strip().isalpha() else number.strip()}")

    @classmethod
    def aanhangsel(cls, year: str, number: str) -> DocumentId:
        return cls(f"ah-tk-{year}-{int(number)}")

    @classmethod
    def parse(cls, text: str) -> DocumentId:
        """Parse a canonical id or one printed citation; raise InvalidIdentifier otherwise."""
        found = cls.try_parse(text)
        if found is None:
            raise InvalidIdentifier(f"no document id in {text!r}")
        return found

    @classmethod
    def try_parse(cls, text: str) -> DocumentId | None:
        s = text.strip()
        m = _KST_CANONICAL.match(s)
        if m:
            return cls.kamerstuk(m.group("dossier"), m.group("number"))
        m = _AH_CANONICAL.match(s)
        if m:
            return cls(f"ah-tk-{m.group('year')}-{int(m.group('number'))}")
        m = _H_CANONICAL.match(s)
        if m:
            return cls(s.lower())
        m = _AH_PRINTED.search(s)
        if m:
            year = _year_pair(m.group("y1"), m.group("y2"))
            if year:
                return cls.aanhangsel(year, m.group("number"))
        m = _KST_PRINTED.search(s)
        if m:
            return cls.kamerstuk(m.group("dossier"), m.group("number"))
        return None
