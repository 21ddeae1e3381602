"""Identifiers of parliamentary papers, parsed from any printed spelling.

The canonical forms are those of officielebekendmakingen:

- ``kst-<dossier>-<nr>``: a Kamerstuk. The dossier keeps its sub-number and loses its
  spaces (``kst-36800-V-86``, ``kst-21501-02-3273``).
- ``ah-tk-<yyyy><yyyy>-<nr>``: an Aanhangsel van de Handelingen (written questions).
- ``h-tk-<yyyy><yyyy>-<meeting>[-<item>]``: the Handelingen of a meeting.
- ``stcrt-<yyyy>-<nr>``: a Staatscourant ("Stcrt. 2023, 31878").

Letters and sites also print a Kamerstuk with hyphens only ("Kamerstuk 35925-VI-56",
"21501-02-3349"). Three parts are always required: "21501-20" is a dossier, not paper 20 of
21501. After "Kamerstuk" or "kst" the dossier may have four or five digits and its sub-number
one to three digits, a Roman number or letters; without such a word only a plausible dossier
shape counts: five digits from 10000 to 39999, a sub-number of two digits, a Roman number or one
letter, and a number without a leading zero, standing alone (no digit, hyphen, slash or dot
around it). Dates ("2024-01-15"), phone numbers ("070-456-7890") and ranges stay out.

The Tweede Kamer's own numbers are not publications of officielebekendmakingen and get a value
object of their own, ``TkNumber``: a Zaak ("2024Z01234") and a DocumentNummer ("2024D12345").

>>> str(DocumentId.parse("(Kamerstuk 35925-VI-56)"))
'kst-35925-VI-56'
>>> str(DocumentId.parse("Kamerstuk 21501-32-1740"))
'kst-21501-32-1740'
>>> str(DocumentId.parse("zie 21501-02-3349"))
'kst-21501-02-3349'
>>> str(DocumentId.parse("Regeling huurtoeslagparameters 2024 (Stcrt. 2023, 31878)"))
'stcrt-2023-31878'
>>> [DocumentId.try_parse(t) for t in ("2024-01-15", "bel 070-456-7890", "21501-20", "36180-190", "05012-02-3349")]
[None, None, None, None, None]

A ``DocumentId`` always holds the canonical form, whatever spelling built it, so equal papers
are equal ids; ids sort by kind, then number by number (``nr. 9`` before ``nr. 86``).

>>> DocumentId.parse("Kamerstuk 36 800-V, nr. 86.")
DocumentId('kst-36800-V-86')
>>> str(DocumentId.parse("21 501-20 nr. 2293"))
'kst-21501-20-2293'
>>> str(DocumentId.parse("kst-36800-XX-18"))
'kst-36800-XX-18'
>>> str(DocumentId.parse("Kamerstuk 36 410 VIII, nr. 106"))
'kst-36410-VIII-106'
>>> str(DocumentId.parse("Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1076"))
'ah-tk-20232024-1076'
>>> str(DocumentId.parse("Handelingen II 2023/24, nr. 45, item 12"))
'h-tk-20232024-45-12'
>>> DocumentId.parse("ah-tk-20232024-1076") == DocumentId.parse("AH-TK-20232024-1076")
True
>>> DocumentId("KST-36800-v-86")
DocumentId('kst-36800-V-86')
>>> sorted([DocumentId("kst-36800-V-86"), DocumentId("kst-36800-V-9")])
[DocumentId('kst-36800-V-9'), DocumentId('kst-36800-V-86')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from overleg.errors import InvalidIdentifier

KINDS = ("kst", "ah-tk", "h-tk", "stcrt")

# Digits are written [0-9] throughout: \d would accept other scripts' digits, which no
# canonical id may hold.

# A dossier number as printed: "36 800-V", "21501-02", "36800-XX", "33 506", "36 410 VIII".
# The sub-number follows a hyphen (digits, a Roman number or letters) or, for Roman numbers
# only, a space.
_DOSSIER = (
    r"(?<![0-9/–-])(?P<dossier>[0-9]{1,3}(?:[ \u00a0.]?[0-9]{3})"
    r"(?:\s?-\s?[0-9A-Za-z]{1,8}|[ \u00a0][IVXLC]{1,6}(?![\w-]))?)"
)
_NUMBER = r"(?P<number>[0-9]{1,5}[A-Za-z]{0,3}|[A-Z]{1,3})(?![0-9A-Za-z])"

_KST_CANONICAL = re.compile(r"kst-(?P<dossier>[0-9]+(?:-[0-9A-Za-z]+)?)-(?P<number>[0-9A-Za-z]+)", re.I)
_AH_CANONICAL = re.compile(r"ah-tk-(?P<year>[0-9]{8})-(?P<number>[0-9]+)", re.I)
_H_CANONICAL = re.compile(r"h-tk-(?P<year>[0-9]{8})-(?P<number>[0-9]+(?:-[0-9]+)?)", re.I)
_STCRT_CANONICAL = re.compile(r"stcrt-(?P<year>[0-9]{4})-(?P<number>[0-9]+)", re.I)

_KST_PRINTED = re.compile(
    r"(?:Kamerstuk(?:ken)?(?:\s+(?:I{1,2}|1{1,2}))?[, ]\s*(?:[0-9]{4}\s*[–/-]\s*[0-9]{2,4},?\s*)?)?"
    + _DOSSIER
    + r"\s*,?\s*(?:nr|Nr|NR)[sS]?\s*\.?\s*"
    + _NUMBER
)
# An Eerste Kamer paper numbered with letters, printed without "nr.": "33 506, AB".
_KST_LETTERED = re.compile(r"(?:Kamerstuk(?:ken)?\s+(?:I\s+)?)?" + _DOSSIER + r"\s*,\s*(?P<number>[A-Z]{1,3})\.?")
_YEAR = r"(?P<y1>[0-9]{4})\s*[–/-]\s*(?P<y2>[0-9]{2,4})"
_H_PRINTED = re.compile(
    r"Handelingen\s+(?:II|11)\s*,?\s*(?:vergaderjaar\s*)?"
    + _YEAR
    + r",?\s*nr\.?\s*(?P<meeting>[0-9]{1,4})(?:,\s*item\s*(?P<item>[0-9]{1,3}))?"
)
_AH_PRINTED = re.compile(
    r"Aanhangsel(?:\s+(?:van\s+)?de)?\s+Handelingen(?:\s+(?:II|11|I))?,?\s*(?:vergaderjaar\s*)?"
    + _YEAR
    + r",?\s*(?:nr\.?\s*)?(?P<number>[0-9]+)",
    re.I,
)


# A Kamerstuk printed with hyphens only (module docstring): after a word that makes it a paper ...
KST_HYPHENATED = re.compile(
    r"\b(?:Kamerstuk(?:ken)?(?:\s+(?:II|I))?|kst\.?)[\s\u00a0]+"
    r"(?P<dossier>[0-9]{4,5}-(?:[0-9]{1,3}|[IVXLC]{1,6}[AB]?|[A-Z]{1,2}))-(?P<number>[1-9][0-9]{0,4})(?![\w-])"
)
# ... or alone, when its shape can be nothing else.
KST_HYPHENATED_BARE = re.compile(
    r"(?<![\w./+–-])(?P<dossier>[1-3][0-9]{4}-(?:[0-9]{2}|[IVXLC]{1,6}[AB]?|[A-Z]))"
    r"-(?P<number>[1-9][0-9]{0,3})(?![\w/–-]|[.,][0-9])"
)
# The Staatscourant: "Stcrt. 2023, 31878", "Staatscourant 2010, nr. 1234".
STCRT_PRINTED = re.compile(
    r"\b(?:Stcrt\.?|Staatscourant)[\s\u00a0]*(?P<year>(?:18|19|20)[0-9]{2})[\s\u00a0]*,?[\s\u00a0]*"
    r"(?:nr\.?[\s\u00a0]*)?(?P<number>[1-9][0-9]{0,5})(?![0-9])"
)
# A Zaak ("2024Z01234") or a DocumentNummer ("2024D12345") of the Tweede Kamer: the year, the
# letter of its kind and five digits. One definition, also for where a letter prints its own
# numbers (``model/identity.py``), which may set a space around the letter ("2024 Z 01234").
TK_YEAR = r"(?:19|20)[0-9]{2}"
TK_SERIAL = r"[0-9]{5}"
TK_NUMBER = re.compile(r"(?<![0-9A-Za-z])" + TK_YEAR + "[ZD]" + TK_SERIAL + r"(?![0-9A-Za-z])")


def tk_number_printed(letter: str) -> str:
    """The pattern (text, for embedding) of a Tweede Kamer number of one kind (``letter``: "Z" or
    "D") as a letter head prints it: a space allowed around the letter; ``TkNumber.compact``
    makes it the number."""
    return TK_YEAR + r"\s?" + letter + r"\s?" + TK_SERIAL + "(?![0-9])"


def _year_pair(y1: str, y2: str) -> str | None:
    """'2023', '24' -> '20232024'; '1999', '00' -> '19992000'; None when the second year does
    not follow the first (a misprint such as '2022–203')."""
    first = int(y1)
    following = int(y2) == first + 1 if len(y2) == 4 else len(y2) == 2 and int(y2) == (first + 1) % 100
    return f"{first}{first + 1}" if following else None


def normalise_dossier(printed: str) -> str:
    """'36 800-V' -> '36800-V'; '21 501 - 02' -> '21501-02'; '36 410 VIII' -> '36410-VIII'."""
    compact = re.sub(r"[\s\u00a0.]", "", printed)
    main, _, sub = compact.partition("-")
    if not sub:
        roman = re.fullmatch(r"([0-9]+)([IVXLC]+)", compact)
        if roman:
            main, sub = roman.groups()
    return f"{main}-{sub.upper()}" if sub else main


def _strip_zeros(number: str) -> str:
    """'086' -> '86'; numbers with letters ('AB', '5a') keep their digits, letters upper case."""
    return (number.lstrip("0") or "0") if number.isdigit() else number.upper()


def _kst_number(number: str) -> str | None:
    """The number part of a canonical Kamerstuk id: letters upper case; a leading zero is refused,
    since it would make 'kst-21501-02' (a dossier without number) read as paper 2 of 21501."""
    return None if number.isdigit() and number.startswith("0") else number.upper()


def canonical(value: str) -> str | None:
    """The canonical form of an id already written as one ('KST-36800-v-86' -> 'kst-36800-V-86'),
    or None when ``value`` is not such an id.

    >>> canonical("AH-TK-20232024-01076")
    'ah-tk-20232024-1076'
    >>> canonical("Kamerstuk 36 800-V, nr. 86") is None
    True
    """
    s = value.strip()
    m = _KST_CANONICAL.fullmatch(s)
    if m:
        number = _kst_number(m.group("number"))
        return f"kst-{normalise_dossier(m.group('dossier'))}-{number}" if number else None
    m = _AH_CANONICAL.fullmatch(s)
    if m:
        return f"ah-tk-{m.group('year')}-{_strip_zeros(m.group('number'))}"
    m = _H_CANONICAL.fullmatch(s)
    if m:
        return f"h-tk-{m.group('year')}-" + "-".join(_strip_zeros(n) for n in m.group("number").split("-"))
    m = _STCRT_CANONICAL.fullmatch(s)
    if m:
        return f"stcrt-{m.group('year')}-{_strip_zeros(m.group('number'))}"
    return None


def _sort_key(value: str) -> tuple[tuple[int, int, str, str], ...]:
    """Parts of an id, digits compared as numbers: 'kst-36800-V-9' < 'kst-36800-V-86'.

    A number compares by its length without leading zeros, then its digits: numeric order
    without int(), which refuses very long digit strings.
    """
    key = []
    for part in value.split("-"):
        digits = part.lstrip("0")
        key.append((0, len(digits), digits, part) if part.isdigit() else (1, 0, part, part))
    return tuple(key)


@functools.total_ordering
@dataclass(frozen=True, eq=True)
class DocumentId:
    """The canonical identifier of a published parliamentary paper (see module docstring).

    The constructor accepts a canonical id in any case (and an Aanhangsel number with leading
    zeros) and stores its canonical form; anything else raises InvalidIdentifier (use ``parse`` for printed citations).
    """

    value: str

    def __post_init__(self) -> None:
        found = canonical(self.value) if isinstance(self.value, str) else None
        if found is None:
            raise InvalidIdentifier(f"not a canonical document id: {self.value!r}")
        if found != self.value:
            object.__setattr__(self, "value", found)  # frozen: the only write, in construction

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"DocumentId({self.value!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DocumentId):
            return NotImplemented
        return _sort_key(self.value) < _sort_key(other.value)

    @property
    def kind(self) -> str:
        """'kst', 'ah-tk', 'h-tk' or 'stcrt'."""
        return next(kind for kind in KINDS if self.value.startswith(kind + "-"))

    @property
    def dossier(self) -> str | None:
        """The dossier of a Kamerstuk ('36800-V'), None for other kinds."""
        m = _KST_CANONICAL.fullmatch(self.value)
        return m.group("dossier") if m else None

    @property
    def number(self) -> str:
        """The paper's number within its dossier or year."""
        for rx in (_KST_CANONICAL, _AH_CANONICAL, _H_CANONICAL, _STCRT_CANONICAL):
            m = rx.fullmatch(self.value)
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
        >>> str(DocumentId.kamerstuk("33 506", "ab"))
        'kst-33506-AB'
        """
        return cls(f"kst-{normalise_dossier(dossier)}-{_strip_zeros(number.strip())}")

    @classmethod
    def aanhangsel(cls, year: str, number: str) -> DocumentId:
        return cls(f"ah-tk-{year}-{_strip_zeros(number.strip())}")

    @classmethod
    def staatscourant(cls, year: str, number: str) -> DocumentId:
        """A Staatscourant id: ``DocumentId.staatscourant("2023", "31878")`` is 'stcrt-2023-31878'."""
        return cls(f"stcrt-{year.strip()}-{_strip_zeros(number.strip())}")

    @classmethod
    def parse(cls, text: str) -> DocumentId:
        """Parse a canonical id or one printed citation; raise InvalidIdentifier otherwise."""
        found = cls.try_parse(text)
        if found is None:
            raise InvalidIdentifier(f"no document id in {text!r}")
        return found

    @classmethod
    def try_parse(cls, text: str) -> DocumentId | None:
        """Like ``parse``, but None where there is no id; never raises."""
        try:
            return cls._from_text(text)
        except InvalidIdentifier:  # a citation-shaped text whose parts make no id ("nr. 0")
            return None

    @classmethod
    def _from_text(cls, text: str) -> DocumentId | None:
        s = text.strip()
        exact = canonical(s)
        if exact is not None:
            return cls(exact)
        m = _AH_PRINTED.search(s)
        if m:
            year = _year_pair(m.group("y1"), m.group("y2"))
            # a misprinted year ("2022–203") leaves the paper unknown, not a Kamerstuk
            return cls.aanhangsel(year, m.group("number")) if year else None
        m = _H_PRINTED.search(s)
        if m and not re.search(r"Aanhangsel\s+(?:van\s+de\s+)?$", s[: m.start()]):
            year = _year_pair(m.group("y1"), m.group("y2"))
            if year:
                item = f"-{m.group('item')}" if m.group("item") else ""
                return cls(f"h-tk-{year}-{m.group('meeting')}{item}")
        m = STCRT_PRINTED.search(s)
        if m:
            return cls.staatscourant(m.group("year"), m.group("number"))
        m = (_KST_PRINTED.search(s) or _KST_LETTERED.fullmatch(s) or KST_HYPHENATED.search(s)
             or KST_HYPHENATED_BARE.search(s))
        if m:
            return cls.kamerstuk(m.group("dossier"), m.group("number"))
        return None


TK_KINDS = {"Z": "zaak", "D": "document"}


@functools.total_ordering
@dataclass(frozen=True, eq=True)
class TkNumber:
    """A number the Tweede Kamer gives: a Zaak (``2024Z01234``: a case, such as written questions
    with their answer) or a DocumentNummer (``2024D12345``: one document of a case).

    Neither is a publication of officielebekendmakingen, so neither is a ``DocumentId``: their
    page is the Kamer's own. The value is kept as printed, letter upper case.

    >>> TkNumber("2023z14759")
    TkNumber('2023Z14759')
    >>> TkNumber("2023D39037").kind, TkNumber("2023Z14759").kind
    ('document', 'zaak')
    >>> TkNumber("2024Z01234").url
    'https://www.tweedekamer.nl/kamerstukken/detail?id=2024Z01234'
    >>> TkNumber("2024D20431").url
    'https://www.tweedekamer.nl/kamerstukken/detail?id=2024D20431&did=2024D20431'
    >>> [str(n) for n in TkNumber.find_all("kenmerk 2022Z09747/ 2022D20838, 12024Z01234, 2024Z0123")]
    ['2022Z09747', '2022D20838']
    """

    value: str

    def __post_init__(self) -> None:
        value = self.value.strip().upper() if isinstance(self.value, str) else None
        if value is None or not TK_NUMBER.fullmatch(value):
            raise InvalidIdentifier(f"not a Tweede Kamer number (such as 2024Z01234 or 2024D12345): {self.value!r}")
        if value != self.value:
            object.__setattr__(self, "value", value)  # frozen: the only write, in construction

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"TkNumber({self.value!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, TkNumber):
            return NotImplemented
        return self.value < other.value

    @property
    def kind(self) -> str:
        """'zaak' or 'document'."""
        return TK_KINDS[self.value[4]]

    @property
    def url(self) -> str:
        """The number's page on tweedekamer.nl (a document's page names it twice, as the Kamer's links do)."""
        base = f"https://www.tweedekamer.nl/kamerstukken/detail?id={self.value}"
        return base + (f"&did={self.value}" if self.kind == "document" else "")

    @classmethod
    def try_parse(cls, text: str) -> TkNumber | None:
        """The number when ``text`` is one (spaces around allowed), else None."""
        m = TK_NUMBER.fullmatch(text.strip().upper())
        return cls(m.group()) if m else None

    @classmethod
    def compact(cls, printed: str) -> TkNumber:
        """The number printed with spaces around its letter ("2024 Z 01234", ``tk_number_printed``).

        >>> TkNumber.compact("2024 z 01234")
        TkNumber('2024Z01234')
        """
        return cls(re.sub(r"\s", "", printed))

    @classmethod
    def find_all(cls, text: str) -> tuple[TkNumber, ...]:
        """Every Zaak and DocumentNummer in a text, in order, without repeats."""
        return tuple(dict.fromkeys(cls(m.group()) for m in TK_NUMBER.finditer(text)))
