"""Joining wrapped lines into running text, including words hyphenated over a line break.

The hyphen stays where Dutch spelling writes one: before a capital or digit ("Noord-" +
"Syrië"), after an abbreviation or a compound that already has one ("EU-" + "steun",
"GroenLinks-PvdA-" + "fractie"), between two vowels that would otherwise merge ("sanctie-" +
"inzet"), after "niet"/"ex"/"oud"/"vice". Otherwise it was a typesetter's break and goes.

After an abbreviation in capitals ("EU-" + "sanctietaskforce", "IS-" + "gevangenen",
"OESO-" + "richtlijnen") the compound goes on: Dutch writes it closed, and the printed reports
break it at its hyphen only at a line end. Only before "en", "of" or "tot" is it an open
compound that the next word completes ("EU-" + "en VN-organisaties": "EU- en VN-organisaties").

>>> join_lines(["de sanctie-", "inzet van de GroenLinks-PvdA-", "fractie"])
'de sanctie-inzet van de GroenLinks-PvdA-fractie'
>>> join_lines(["om te demon-", "streren, de D66-", "fractie en niet-", "militaire steun"])
'om te demonstreren, de D66-fractie en niet-militaire steun'
>>> join_lines(["de Partij voor de Dieren-", "fractie en het anti-", "omzeilingsinstrument"])
'de Partij voor de Dieren-fractie en het anti-omzeilingsinstrument'
>>> join_lines(["een EU-", "sanctietaskforce en IS-", "gevangenen van de VVD-", "fractie"])
'een EU-sanctietaskforce en IS-gevangenen van de VVD-fractie'
>>> join_lines(["de EU-", "en VN-organisaties", "in Oost-", "en Zuid-Europa"])
'de EU- en VN-organisaties in Oost- en Zuid-Europa'
>>> join_pair("Raad –", "op welke punten")
'Raad – op welke punten'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_HYPHEN_PREFIXES = {"niet", "ex", "oud", "vice", "zelf", "non", "semi"}
# Words that follow a name with a hyphen in this genre ("D66-fractie", "Dieren-fractie").
_HYPHEN_HEADS = {"fractie", "fracties", "lid", "leden", "motie", "moties", "verband", "brief"}
# Words after which "EU-" stays open: the compound is completed by what follows ("EU- en VN-...").
_SUSPENDING = re.compile(r"(?:en|of|tot|en/of)\b")


def keeps_hyphen(before: str, after: str) -> bool:
    """Whether "before-" + "after" broken over a line keeps its hyphen (see module docstring)."""
    if not before or not after:
        return True
    head = re.sub(r"^[^\w]+", "", after)
    if not head or not head[0].isalpha() or head[0].isupper():
        return True
    last = before.rsplit("-", 1)[-1]
    if "-" in before or any(c.isdigit() for c in last) or any(c.isupper() for c in last[1:]):
        return True
    if len(last) >= 2 and last.isupper():
        return True
    word = re.match(r"[^\W\d_]+", head)
    if word and word.group().lower() in _HYPHEN_HEADS:
        return True
    if last.lower() in _HYPHEN_PREFIXES:
        return True
    return last[-1:].lower() in _VOWELS and head[0].lower() in _VOWELS


def join_pair(left: str, right: str) -> str:
    """Join two pieces of running text that a line (or page) break separated."""
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) >= 2 and left[-2].isalnum():
        before = left[:-1].rsplit(None, 1)[-1] if left[:-1].strip() else ""
        if _SUSPENDING.match(right):  # "Oost-" + "en Zuid-Nederland"
            return left + " " + right
        if keeps_hyphen(before, right):
            return left + right
        return left[:-1] + right
    return left + " " + right


def join_lines(lines: Sequence[str]) -> str:
    """Join wrapped lines into one line of running text."""
    joined = "\n".join([line.strip() for line in lines])  # a list: join would build one from a generator
    if "-\n" not in joined and not joined.endswith("-"):
        return joined.replace("\n", " ")
    out = ""
    for line in lines:
        out = join_pair(out, line) if out else line.strip()
    return out
