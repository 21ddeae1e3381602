"""What a paragraph of a report is: a heading of some kind, a signature line, or running text.

The headings of the genre, in the spellings the template has used over the years:

>>> kind_of("14. Antwoord van het kabinet").kind, kind_of("14. Antwoord van het kabinet").numbers
(<HeadingKind.ANSWER: 'answer'>, (14,))
>>> kind_of("Reactie van de staatssecretaris").kind
<HeadingKind.ANSWER: 'answer'>
>>> kind_of("Vragen en opmerkingen van de leden van de GroenLinks-PvdA-fractie").names
('GroenLinks-PvdA',)
>>> kind_of("2. Vragen en opmerkingen vanuit de ChristenUnie-fractie en de CDA-fractie").names
('ChristenUnie', 'CDA')
>>> kind_of("Vragen en opmerkingen van de Partij voor de Dieren-fractie en reactie van de bewindspersonen").names
('Partij voor de Dieren',)
>>> kind_of("Vragen en opmerkingen vanuit de fracties en reactie van de minister").kind
<HeadingKind.PART: 'part'>
>>> kind_of("II. REACTIE VAN DE MINISTER").kind
<HeadingKind.REPLY: 'reply'>
>>> kind_of("III Volledige agenda").kind
<HeadingKind.AGENDA: 'agenda'>
>>> kind_of("Gaza: Toegang voor hulporganisaties").kind
<HeadingKind.TOPIC: 'topic'>
>>> kind_of("De leden van de SP-fractie vragen of ...").kind
<HeadingKind.TEXT: 'text'>
>>> split_heading("1. Antwoord van het kabinet Het besluit van Israël is zorgwekkend.")
('1. Antwoord van het kabinet', 'Het besluit van Israël is zorgwekkend.')
>>> split_heading("Syrië De leden van de D66-fractie spreken hun steun uit")
('Syrië', 'De leden van de D66-fractie spreken hun steun uit')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from overleg.extract.labels import NUMBER_LIST, label_numbers
from overleg.vocabulary.markers import strip_marks


class HeadingKind(StrEnum):
    ANSWER = "answer"  # "N. Antwoord van het kabinet", "Reactie van de minister"
    FACTION = "faction"  # "Vragen en opmerkingen van de leden van de X-fractie"
    PART = "part"  # "I. Vragen en opmerkingen vanuit de fracties", other Roman-numbered parts
    REPLY = "reply"  # "II. Reactie van de minister": the part holding all answers
    LETTER = "letter"  # "Brief van de voorzitter van de vaste commissie ..." (nader overleg)
    AGENDA = "agenda"  # "III Volledige agenda"
    PREAMBLE = "preamble"  # "Inleiding"
    CHAIR = "chair"  # "De voorzitter van de commissie, Klaver"
    CLERK = "clerk"  # "De griffier van de commissie,"
    SIGNOFF = "signoff"  # a letter's address, place and date, greeting, closing or minister's signature
    TOPIC = "topic"  # a short line without a full stop: a topic heading, if context agrees
    TEXT = "text"


@dataclass(frozen=True)
class Kinded:
    kind: HeadingKind
    numbers: tuple[int, ...] = ()
    names: tuple[str, ...] = ()
    name: str | None = None  # the signer's name printed on a CHAIR/CLERK line


_ROMAN = r"(?:[IVX]{1,5}|\d{1,2})[.)]?\s+"
_MINISTERS = (
    r"(?:het\s+kabinet|de\s+regering|de\s+(?:minister|staatssecretaris|bewindspersonen?|bewindslieden)"
    r"(?:\s+(?:en\s+de\s+(?:minister|staatssecretaris)\s+)?(?:van|voor)\s+[^.?!]{2,80}?)?)"
)
_ANSWER_HEAD = (
    r"(?:(?P<nums>" + NUMBER_LIST + r")\s*[.):]?\s+)?"
    r"(?P<label>(?:Antwoord(?:en)?|Reactie|Beantwoording)(?:\s+(?:van|namens)\s+" + _MINISTERS + r")?)"
    r"(?:\s+(?:op\s+)?(?:vraag|vragen)?\s*(?P<nums2>" + NUMBER_LIST + r"))?"
)
_ANSWER = re.compile(r"^\s*" + _ANSWER_HEAD + r"\s*:?\s*$", re.IGNORECASE)
# An answer heading glued to its text (re-flowed paragraphs): only the unmistakable forms.
_ANSWER_GLUED = re.compile(
    r"^\s*(?P<head>(?:" + NUMBER_LIST + r")\s*[.)]\s+(?:Antwoord|Reactie)(?:\s+(?:van|namens)\s+" + _MINISTERS
    + r")?|(?:Antwoord|Reactie)\s+(?:van|namens)\s+" + _MINISTERS + r")\s*:?\s+(?P<rest>[A-Z\u201c\u2018\"'(].*)$",
)
_FACTION = re.compile(
    r"^\s*(?:" + _ROMAN + r")?(?:Vragen\s+en\s+opmerkingen|Inbreng|Vragen)\s+(?:van|vanuit)\s+"
    r"(?P<names>(?:de\s+leden\s+van\s+)?(?:de\s+)?(?:[^.?!]+?-fracties?|fractie\s+van\s+[^.?!]+?)"
    r"(?:(?:\s*,\s*|\s+en\s+)(?:van\s+)?(?:de\s+)?(?:leden\s+van\s+de\s+)?(?:[^.?!]+?-fracties?|fractie\s+van\s+[^.?!]+?))*)"
    r"(?:\s+en\s+(?:de\s+)?(?:reactie|antwoord|beantwoording)\b.*)?\s*$",
    re.IGNORECASE,
)
_FACTION_NAME = re.compile(
    r"(?:^|,|\ben\b)\s*(?:van\s+)?(?:de\s+)?(?:leden\s+van\s+de\s+)?(?:(?P<a>[^,]+?)-fracties?\b|fractie\s+van\s+(?:de\s+|het\s+)?(?P<b>[^,]+?)(?=\s*(?:,|\ben\b|$)))",
    re.IGNORECASE,
)
_PART = re.compile(
    r"^\s*(?:" + _ROMAN + r")?Vragen\s+en\s+opmerkingen\s+(?:van|vanuit|uit)\s+(?:de\s+)?fracties\b.*$", re.IGNORECASE
)
_CAPS_PART = re.compile(r"^\s*[IVX]{1,5}[.)]?\s+[A-ZÀ-Ý][A-ZÀ-Ý0-9 ,.'’:-]{3,}$")
_REPLY = re.compile(
    r"^\s*(?:[IVX]{1,5}[.)]?\s+)?(?:REACTIES?|ANTWOORD(?:EN)?|BEANTWOORDING|BRIEF)\s+(?:VAN\s+)?(?:DE|HET)\s+"
    r"(?:MINISTERS?|STAATSSECRETARIS(?:SEN)?|BEWINDSPERSO\w*|BEWINDSLIEDEN|KABINET|REGERING)\b[^a-z]*$"
    r"|^\s*[IVX]{1,5}[.)]?\s+(?:Reacties?|Antwoord(?:en)?|Beantwoording)\s+van\s+(?:de|het)\s+\w+.*$",
)
_LETTER = re.compile(
    r"^\s*(?:[IVX]{1,5}[.)]?\s+)?BRIEF\s+VAN\s+DE\s+(?:VOORZITTER|VASTE\s+COMMISSIE|COMMISSIE)\b", re.IGNORECASE
)
_AGENDA = re.compile(r"^\s*(?:" + _ROMAN + r")?(?:Volledige\s+agenda|Agenda)\s*:?\s*$", re.IGNORECASE)
_PREAMBLE = re.compile(r"^\s*(?:\d{1,2}[.)]?\s+)?(?:Inleiding|Algemene\s+inleiding)\s*$", re.IGNORECASE)
_SIGNER = (
    r"van\s+de\s+(?:vaste\s+|algemene\s+|tijdelijke\s+)?commissie(?:\s+voor\s+[^,.?!]{2,80})?"
    r"(?:\s*,\s*(?P<name>[^.?!,;:]{0,60})|\s*)$"
)
_CHAIR = re.compile(r"^\s*(?:De\s+)?(?:fungerend\s+|waarnemend\s+)?voorzitter\s+" + _SIGNER, re.IGNORECASE)
_CLERK = re.compile(r"^\s*(?:De\s+)?(?:adjunct-|plv\.?\s+|waarnemend\s+)?griffier\s+" + _SIGNER, re.IGNORECASE)
# Every structural heading starts with one of these; a cheap test before the full patterns.
_MAYBE_STRUCTURAL = re.compile(
    r"^\s*(?:[IVX]{1,5}[.)]?\s+|\d{1,3}(?:\s*(?:,|en|t/m|-|–)\s*\d{1,3})*\s*[.):]?\s+)?"
    r"(?:Antwoord|Reactie|Beantwoording|Vragen\s+(?:en|van)|Inbreng|Brief|Volledige|Agenda|Inleiding|Algemene|"
    r"De\s+(?:voorzitter|griffier|adjunct|fungerend|waarnemend|plv)|"
    r"Voorzitter|Griffier|Adjunct|Waarnemend|Fungerend|Plv|Aan\s+de|Den\s+Haag|.s-Gravenhage|Datum|Geachte|"
    r"Hoogachtend|Met\s+vriendelijke|Minister|Staatssecretaris|De\s+commissie\s+ziet|(?-i:[A-Z]{3,}))",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^\s*(?:Aan\s+de\s+(?:[Vv]oorzitter|[Mm]inister|[Ss]taatssecretaris|[Ll]eden)\b[^.?!]{0,100}"
    r"|(?:Den\s+Haag|’s-Gravenhage|'s-Gravenhage|Datum)\s*[,:]?\s*\d{1,2}\s+\w+\s+\d{4}"
    r"|Geachte\s+[^.?!]{0,60},?|Hoogachtend,?|Met\s+vriendelijke\s+groet(?:en)?,?"
    r"|De\s+commissie\s+ziet\s+[^.?!]{0,80}\btegemoet\.?"
    r"|(?:De\s+)?(?:[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+[^.?!,]{2,80},\s*(?P<name>[^.?!,;:]{0,60}))\s*$"
)
_TERMINAL = re.compile(r"[.?!;:,]\W{0,2}$")
# A note number glued after a sentence's end: "Libanon.19", "BHO 2025.17"; not "liefst 2.842".
_GLUED_NOTE = re.compile(r"(?:(?<=[^\d\s][.?!:;)’”'\"])|(?<=(?<!\d)(?:19|20)\d\d[.?!]))\d{1,3}$")
_TOPIC_GLUED = re.compile(r"^(?P<head>[A-Z0-9À-Ý][^.?!;]{0,90}?)\s+(?P<rest>(?:De|Deze)\s+leden\b.*)$")


def ends_sentence(text: str) -> bool:
    """Whether running text ends a sentence (a glued footnote number after it is ignored).

    >>> [ends_sentence(t) for t in ("Libanon.19", "BHO 2025.17", "maar liefst 2.842", "(Nr. 3345)")]
    [True, True, False, False]
    """
    t = strip_marks(text).rstrip()[-12:]  # the end is all that matters; a regex over the whole text is slow
    t = _GLUED_NOTE.sub("", t)
    t = t.rstrip("’”'\"»")
    if t.endswith(")"):
        return t[:-1].rstrip()[-1:] in (".", "?", "!")
    return t[-1:] in (".", "?", "!", ":", ";")


def is_heading_like(text: str) -> bool:
    """A short line that does not end a sentence: a heading, if its context agrees."""
    t = strip_marks(text).strip()
    if not t or len(t) > 100 or len(t.split()) > 14 or _TERMINAL.search(t):
        return False
    first = t.lstrip("\"'‘“(")[:1]
    return first.isupper() or first.isdigit()


_FACTIONS_OF = re.compile(
    r"^\s*(?:" + _ROMAN + r")?(?:Vragen\s+en\s+opmerkingen|Inbreng|Vragen)\s+(?:van|vanuit)\s+(?:de\s+leden\s+van\s+)?"
    r"de\s+fracties\s+van\s+(?:de\s+|het\s+)?(?P<list>[^.?!]+?)"
    r"(?:\s+en\s+(?:de\s+)?(?:reactie|antwoord|beantwoording)\b.*)?\s*$",
    re.IGNORECASE,
)


def faction_names(text: str) -> tuple[str, ...]:
    """The groups a section heading names, in order.

    >>> faction_names("Vragen en opmerkingen van de leden van de fracties van VVD en CDA en reactie van de minister")
    ('VVD', 'CDA')
    """
    plural = _FACTIONS_OF.match(strip_marks(text))
    if plural:
        return tuple(n for n in re.split(r"\s*,\s*|\s+en\s+(?:de\s+|het\s+)?", plural.group("list")) if n)
    m = _FACTION.match(strip_marks(text))
    if not m:
        return ()
    names = []
    for n in _FACTION_NAME.finditer(m.group("names")):
        name = (n.group("a") or n.group("b") or "").strip()
        name = re.sub(r"^(?:de\s+leden\s+van\s+)?(?:de\s+)?", "", name, flags=re.IGNORECASE)
        if name:
            names.append(name)
    return tuple(names)


def kind_of(text: str, memo: dict[str, Kinded] | None = None) -> Kinded:
    """Classify one paragraph on its own wording (TOPIC only says it could be a heading).

    ``memo``: the kinds found so far in one parse, keyed on the text; a heading is classified
    when paragraphs are split and again when the report's units are read. Local to one parse.
    """
    if memo is None:
        return _kind_of(text)
    found = memo.get(text)
    if found is None:
        found = memo[text] = _kind_of(text)
    return found


def _kind_of(text: str) -> Kinded:
    t = " ".join(strip_marks(text).split())
    if not _MAYBE_STRUCTURAL.match(t):
        return Kinded(HeadingKind.TOPIC) if is_heading_like(t) else Kinded(HeadingKind.TEXT)
    m = _ANSWER.match(t)
    if m and len(t) <= 160:
        nums = label_numbers(m.group("nums") or m.group("nums2") or "")
        return Kinded(HeadingKind.ANSWER, numbers=nums)
    if _REPLY.match(t) and len(t) <= 160:
        return Kinded(HeadingKind.REPLY)
    if _LETTER.match(t):
        return Kinded(HeadingKind.LETTER)
    if len(t) <= 200:
        names = faction_names(t)
        if names:
            return Kinded(HeadingKind.FACTION, names=names)
    if _AGENDA.match(t):
        return Kinded(HeadingKind.AGENDA)
    if (_PART.match(t) or _CAPS_PART.match(t)) and len(t) <= 160:
        return Kinded(HeadingKind.PART)
    if _PREAMBLE.match(t):
        return Kinded(HeadingKind.PREAMBLE)
    for kind, rx in ((HeadingKind.CHAIR, _CHAIR), (HeadingKind.CLERK, _CLERK), (HeadingKind.SIGNOFF, _SIGNOFF)):
        m = rx.match(t)
        if m and len(t) <= 160:
            name = (m.groupdict().get("name") or "").strip()
            return Kinded(kind, name=name or None)
    if is_heading_like(t):
        return Kinded(HeadingKind.TOPIC)
    return Kinded(HeadingKind.TEXT)


def maybe_structural(text: str) -> bool:
    """A cheap test: False means the text is certainly not a structural heading."""
    first = text.lstrip()[:1]
    return bool(first) and not first.islower() and bool(_MAYBE_STRUCTURAL.match(text))


def is_structural(text: str, memo: dict[str, Kinded] | None = None) -> bool:
    """A heading that no page-break join may swallow (everything but topics and text)."""
    return maybe_structural(text) and kind_of(text, memo).kind not in (HeadingKind.TOPIC, HeadingKind.TEXT)


def split_heading(line: str, memo: dict[str, Kinded] | None = None) -> tuple[str, str] | None:
    """A heading glued to the text after it by re-flowing: (heading, rest), or None."""
    m = _ANSWER_GLUED.match(line)
    if m:
        return m.group("head").strip(), m.group("rest").strip()
    m = _TOPIC_GLUED.match(line)
    if m and kind_of(m.group("head"), memo).kind in (HeadingKind.TOPIC, HeadingKind.PREAMBLE):
        return m.group("head").strip(), m.group("rest").strip()
    return None
