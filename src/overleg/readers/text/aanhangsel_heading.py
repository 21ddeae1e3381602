"""The heading of written questions in the Aanhangsel van de Handelingen.

Reads the heading as one string (lines joined, hyphenation undone) and finds who asked whom
about what, and who answered when:

    Vragen van het lid Van Haga (Groep Van Haga) aan de Ministers van Binnenlandse Zaken en
    Koninkrijksrelaties en van Justitie en Veiligheid over het afgelasten van diverse
    Sinterklaasintochten (ingezonden 20 november 2023).
    Antwoord van Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 20
    februari 2024).

>>> askers("het lid Van Haga (Groep Van Haga)")
(Asker(name='Van Haga', party='Groep Van Haga'),)
>>> askers("de leden Bushoff en Patijn(beiden GroenLinks-PvdA)")
(Asker(name='Bushoff', party='GroenLinks-PvdA'), Asker(name='Patijn', party='GroenLinks-PvdA'))
>>> askers("de leden Ceder (ChristenUnie) en Dobbe (SP)")
(Asker(name='Ceder', party='ChristenUnie'), Asker(name='Dobbe', party='SP'))
>>> offices("Ministers van Landbouw, Natuur en Voedselkwaliteit en voor Natuur en Stikstof")
('Minister van Landbouw, Natuur en Voedselkwaliteit', 'Minister voor Natuur en Stikstof')
>>> offices("Staatssecretaris van Financiën en de Minister van Justitie en Veiligheid")
('Staatssecretaris van Financiën', 'Minister van Justitie en Veiligheid')
>>> offices("Minister-President, Minister van Algemene Zaken, en de Minister van Financiën")
('Minister-President, Minister van Algemene Zaken', 'Minister van Financiën')
>>> offices("Minister Justitie en Veiligheid")
('Minister van Justitie en Veiligheid',)
>>> answerers("Minister Bruins Slot (BZ) van Minister Schreinemacher (Buitenlandse Handel)")
('Minister Bruins Slot (BZ)', 'Minister Schreinemacher (Buitenlandse Handel)')
>>> answerers("Staatssecretaris Van Huffelen (Binnenlandse Zaken), mede namens de Staatssecretaris van Justitie")
('Staatssecretaris Van Huffelen (Binnenlandse Zaken)',)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from overleg.model import Asker
from overleg.vocabulary.dates import WRITTEN_DATE, date_from_match

# capitalised in the Aanhangsel, not in the Kamer's own "Schriftelijke vragen" ("aan de minister van")
_TITLE = r"(?:[Mm]inister-[Pp]resident|[Mm]inisters?|[Ss]taatssecretaris(?:sen)?|[Bb]ewindspersonen)"
# a label printed twice ("(ontvangen (ontvangen 7 juni 2024)") is read once, a glued one too
_RECEIVED = r"\(\s*(?:ontvangen\s*\(\s*)*ontvangen\s*"  # glued too: "(ontvangen7 juni 2024)"
_SUBMITTED = r"\(\s*(?:ingezonden\s*\(\s*)*ingezonden\s*"

_QUESTIONS = re.compile(
    r"Vragen\s+van\s+(?P<askers>(?:het\s+lid|de\s+leden)\s.+?)\s*\baan\s+de\s+(?P<offices>.+?)\s+over\s+"
    r"(?P<subject>.+?)\s*" + _SUBMITTED + r"(?P<date>" + WRITTEN_DATE + r")\s*\)",
    re.S | re.I,
)
_ANSWER = re.compile(
    r"\b(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*" + _RECEIVED + r"(?P<date>" + WRITTEN_DATE + r")\s*\)",
    re.S,
)
_YEAR = re.compile(r"Vergaderjaar\s+(?P<y1>\d{4})\s*[–-]\s*(?P<y2>\d{4})", re.I)
_FOOT_ID = re.compile(r"\bah[-\s]tk[-\s](?P<year>\d{8})[-\s](?P<nr>\d{1,5})\b")
_NUMBER_LINE = re.compile(r"^\s*(?P<nr>\d{1,5})\s*$")


@dataclass(frozen=True)
class AanhangselHeading:
    """What the heading states; None or empty where it does not."""

    year: str | None = None  # "20232024"
    number: str | None = None
    askers: tuple[Asker, ...] = ()
    addressees: tuple[str, ...] = ()
    subject: str | None = None
    questions_sent_on: dt.date | None = None
    answered_by: tuple[str, ...] = ()
    answered_on: dt.date | None = None
    postponed: str | None = None  # the text of a "Mededeling" that puts the answer off


def _clean(text: str) -> str:
    return " ".join(text.split())


def askers(text: str) -> tuple[Asker, ...]:
    """Members and parties from "het lid X (P)", "de leden A en B (beiden P)", "A (P) en B (Q)"."""
    text = re.sub(r"^\s*(?:het\s+lid|de\s+leden)\s+", "", _clean(text))
    found: list[Asker] = []
    pos = 0
    for m in re.finditer(r"\(([^()]*)\)", text):
        names = text[pos:m.start()]
        party = re.sub(r"^(?:beiden|beide|allen|allebei)\s+", "", m.group(1).strip(), flags=re.I)
        for name in re.split(r"\s*,\s*|\s+en\s+", names.strip(" ,")):
            name = re.sub(r"^en\s+", "", name.strip())
            if name:
                found.append(Asker(name=name, party=party or None))
        pos = m.end()
    rest = text[pos:].strip(" ,")
    for name in re.split(r"\s*,\s*|\s+en\s+", rest) if rest else []:
        if name.strip():
            found.append(Asker(name=name.strip(), party=None))
    return tuple(found)


def offices(text: str) -> tuple[str, ...]:
    """One office per addressee: "Ministers van A en voor B" gives "Minister van A", "Minister voor B"."""
    text = _clean(text)
    found: list[str] = []
    starts = list(re.finditer(r"(?:^|,?\s+en\s+(?:de\s+|het\s+)?|,\s*(?:de\s+)?)(?P<title>" + _TITLE + r")\b", text))
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        title = m.group("title")
        rest = text[m.end():end].strip(" ,")
        singular = re.sub(r"sen$", "", re.sub(r"^([Mm]inister)s$", r"\1", title))
        parts = re.split(r",?\s+en\s+(?=(?:van|voor)\b)", rest) if title != singular else [rest]
        for part in parts:
            part = part.strip(" ,")
            if not part:
                found.append(singular)
                continue
            if found and found[-1].lower().endswith("-president") and m.group(0).startswith(","):
                found[-1] += f", {singular} {part}"  # "Minister-President, Minister van Algemene Zaken"
                continue
            if not re.match(r"(?:van|voor)\b", part):
                part = "van " + part  # "aan de Minister Justitie en Veiligheid"
            found.append(f"{singular} {part}")
    return tuple(dict.fromkeys(found))


def answerers(text: str) -> tuple[str, ...]:
    """The named answerers, without those the answer is only sent on behalf of ("mede namens")."""
    text = _clean(re.split(r",?\s*mede\s+namens\b", _clean(text), maxsplit=1)[0])
    parts = re.split(r"(?<=\))\s*(?:,|en|van)?\s+(?=" + _TITLE + r"\b)", text)
    return tuple(re.sub(r"^de\s+", "", p.strip(" ,")) for p in parts if p.strip(" ,"))


def parse_heading(lines: list[str]) -> AanhangselHeading:
    """Read the heading from its lines (already joined where a word was broken)."""
    text = " ".join(_clean(line) for line in lines[:200] if line.strip())[:8000]
    year_m = _YEAR.search(text)
    year = f"{year_m.group('y1')}{year_m.group('y2')}" if year_m else None
    number = _document_number(lines)
    if number is None or year is None:
        foot = _FOOT_ID.search(text)
        if foot:
            year, number = year or foot.group("year"), number or foot.group("nr")
    q = _QUESTIONS.search(text)
    heading = AanhangselHeading(year=year, number=number)
    if q:
        heading = AanhangselHeading(
            year=year,
            number=number,
            askers=askers(q.group("askers")),
            addressees=offices(q.group("offices")),
            subject=_clean(q.group("subject")).strip(" ,") or None,
            questions_sent_on=date_from_match(q),
        )
    notices = list(_ANSWER.finditer(text, q.end() if q else 0))
    answer = next((a for a in notices if a.group("kind") == "Antwoord"), None)
    if answer:  # an answer printed after an earlier notice of delay still answers
        return replace(heading, answered_by=answerers(answer.group("who")), answered_on=date_from_match(answer))
    if notices:
        return replace(heading, postponed=_clean(text[notices[0].start():]))
    return heading


def _document_number(lines: list[str]) -> str | None:
    """The number printed on a line of its own before "Vragen van"."""
    number = None
    for line in lines:
        if re.match(r"\s*Vragen\s+van\b", line):
            break
        m = _NUMBER_LINE.match(line)
        if m:
            number = m.group("nr")
    return number
