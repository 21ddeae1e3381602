"""Word's automatic list numbers (word/numbering.xml), computed as Word shows them.

A Word list paragraph does not hold its number: the number is computed from the list's
definition (start value, format such as ``decimal``, level text such as ``%1.`` or ``%1)``) and
the paragraphs before it in the same list. Ministries type their end-note lists this way, so
the numbers must be put back as text.

>>> roman(14)
'xiv'
>>> letters(28)
'ab'
>>> format_number(4000, "upperRoman"), format_number(14, "upperRoman")
('4000', 'XIV')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIST_LEVELS = range(9)  # Word's levels 0 to 8; a list claiming level 10**9 would be walked level by level
ROMAN_UP_TO = 3999  # beyond it Roman numerals have no digits (and a start of 10**12 would spell 10**9 m's)


def roman(n: int) -> str:
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa' (Word repeats the letter; close enough past 26)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's number in the list's format; unknown formats fall back to decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman" and n <= ROMAN_UP_TO:
        return roman(n)
    if fmt == "upperRoman" and n <= ROMAN_UP_TO:
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str


def _val(el: etree._Element | None, default: str = "") -> str:
    if el is None:
        return default
    return str(el.get(W + "val", default))


def _level(lvl: etree._Element) -> tuple[int, Level] | None:
    try:
        ilvl = int(lvl.get(W + "ilvl", "0"))
        start = int(_val(lvl.find(W + "start"), "1") or "1")
    except ValueError:
        return None
    if ilvl not in LIST_LEVELS:
        return None
    return ilvl, Level(start, _val(lvl.find(W + "numFmt"), "decimal"), _val(lvl.find(W + "lvlText")))


def _levels(abstract: etree._Element) -> dict[int, Level]:
    return dict(found for lvl in abstract.findall(W + "lvl") if (found := _level(lvl)))


@dataclass
class Numbering:
    """List definitions by numId, read when a list is first used (numbering.xml of a ministry
    template defines hundreds of lists a letter never uses), and the running counters while the
    body is read in order."""

    nums: dict[str, etree._Element] = field(default_factory=dict)
    abstracts: dict[str, etree._Element] = field(default_factory=dict)
    lists: dict[str, dict[int, Level]] = field(default_factory=dict)
    restarts: dict[str, set[int]] = field(default_factory=dict)  # numId -> levels it restarts
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # by abstractNumId

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        """Reads numbering.xml (None: a document without lists)."""
        if root is None:
            return cls()
        return cls(
            nums={str(n.get(W + "numId")): n for n in root.findall(W + "num")},
            abstracts={str(a.get(W + "abstractNumId")): a for a in root.findall(W + "abstractNum")},
        )

    def levels(self, num_id: str) -> dict[int, Level]:
        """The levels of list ``num_id``: its abstract definition with the list's overrides."""
        if num_id in self.lists:
            return self.lists[num_id]
        num = self.nums.get(num_id)
        abstract = self.abstracts.get(self._abstract_id(num_id))
        base = _levels(abstract) if abstract is not None else {}
        restarts = self.restarts.setdefault(num_id, set())
        for override in num.findall(W + "lvlOverride") if num is not None else ():
            ilvl_text = override.get(W + "ilvl", "0")
            ilvl = int(ilvl_text) if ilvl_text.isdigit() else 0
            lvl = override.find(W + "lvl")
            found = _level(lvl) if lvl is not None else None
            if found:
                base[found[0]] = found[1]
            start = override.find(W + "startOverride")
            if start is not None and ilvl in base and _val(start).isdigit():
                old = base[ilvl]
                base[ilvl] = Level(int(_val(start)), old.fmt, old.text)
                restarts.add(ilvl)
        self.lists[num_id] = base
        return base

    def _abstract_id(self, num_id: str) -> str:
        num = self.nums.get(num_id)
        return _val(num.find(W + "abstractNumId")) if num is not None else f"num:{num_id}"

    def label(self, num_id: str, ilvl: int) -> str:
        """The number text of the next paragraph of list ``num_id`` at level ``ilvl`` ('' for
        bullets and unknown lists); advances the counters as Word does: lists of one definition
        count on together, a list with a start override starts again where it is first used."""
        levels = self.levels(num_id)
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(self._abstract_id(num_id), {})
        if ilvl in self.restarts.get(num_id, set()):
            self.restarts[num_id].discard(ilvl)
            counts.pop(ilvl, None)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                lv = levels.get(k)
                n = counts.get(k, lv.start if lv else 1)
                text = text.replace(f"%{k + 1}", format_number(n, lv.fmt if lv else "decimal"))
        return text.strip()
