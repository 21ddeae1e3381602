"""Commitments to inform parliament or send it something later, and decisions left to a next
cabinet, found sentence by sentence in the answers of any Document.

A commitment is a sentence of an answer that promises parliament information (inform, send,
report back) in the future; what the cabinet says it did ("is uw Kamer geïnformeerd") is not.
The moment, when stated, is kept as printed (``due``) and, where it fixes one, as the last day
it allows (``due_by``; "dit jaar" is the year of the answer).

>>> is_commitment("De Kamer wordt op een later moment nader geïnformeerd over de motie Van der Plas.")
True
>>> is_commitment("U zult hierover zo snel mogelijk nader geïnformeerd worden.")
True
>>> is_commitment("Het kabinet verwacht het besluit in het tweede kwartaal van dit jaar naar de Kamer te sturen.")
True
>>> is_commitment("Op 24 oktober 2023 is uw Kamer per brief geïnformeerd over de impact van deze listing.")
False
>>> is_commitment("Zoals uw kamer is geïnformeerd per brief van 28 november 2025 heeft het kabinet bijgedragen.")
False
>>> due_of("naar de Kamer te sturen in het tweede kwartaal van dit jaar", 2026)
('in het tweede kwartaal van dit jaar', datetime.date(2026, 6, 30))
>>> due_of("Ik informeer uw Kamer voor 1 juli 2026 over de uitkomst.", None)
('voor 1 juli 2026', datetime.date(2026, 6, 30))
>>> due_of("De Kamer wordt voor de zomer geïnformeerd.", 2026)
('voor de zomer', None)
>>> is_deferral("De besluitvorming over eventuele volgende stappen wordt overgelaten aan een nieuw kabinet.")
True
>>> is_deferral("Het nieuwe kabinet zal moeten besluiten over verdere inzet.")
True
>>> is_deferral("Het nieuwe kabinet zal uw Kamer hierover informeren.")
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from overleg.model import Commitment, Deferral, Document
from overleg.vocabulary.dates import MONTH_PATTERN, MONTHS, last_day, parse_date

_SENTENCE_END = re.compile(r"[.!?](\s+)(?=[A-Z\u2018\u201c(])")
_INFORM = re.compile(
    r"\b(?:informeren|informeer|informeert|geïnformeerd|inlichten|ingelicht|berichten|rapporteren|"
    r"terug\s*(?:te\s+)?komen|kom[t]?\s+(?:hier(?:op)?|daarop|erop)\s+(?:nog\s+)?terug|"
    r"op\s+de\s+hoogte\s+(?:te\s+)?(?:stellen|houden|brengen|gesteld|gehouden)|"
    r"(?:toe)?(?:te\s+)?(?:sturen|zenden|gestuurd|gezonden)|toekomen|ontvangt)\b",
    re.IGNORECASE,
)
_PARLIAMENT = re.compile(
    r"\b(?:(?:uw|de|Tweede)\s+Kamer|Kamer|het\s+parlement)\b|\b[Uu]\s+(?:zult|wordt|ontvangt)\b"
    r"|\b[Uu]\b(?=[^.]*\b(?:informeren|informeer|geïnformeerd|sturen))",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:zal|zullen|zult|zal\s+worden|wordt|worden|verwacht|voornemens|streeft|streven|ga|gaat|gaan|"
    r"zodra|binnenkort|op\s+een\s+later\s+moment|in\s+een\s+later\s+stadium|te\s+zijner\s+tijd|"
    r"(?:voor|na)\s+de\s+zomer|(?:in|voor)\s+het\s+(?:voor|na)jaar|kwartaal|(?:voor|vóór|uiterlijk)\s+\d{1,2}\s+\w+)\b",
    re.IGNORECASE,
)
# This very letter informing parliament ("Hierbij informeer ik uw Kamer") is no promise.
_HERE = re.compile(r"\b(?:hierbij|hiermee|bij\s+deze|met\s+deze\s+brief)\b", re.IGNORECASE)
_DEFER_CABINET = re.compile(r"\b(?:een|het)\s+(?:nieuwe?|volgende?|komende?|toekomstige?)\s+kabinet\b", re.IGNORECASE)
_DEFER_DECIDE = re.compile(
    r"\b(?:overgelaten|overlaten|laat\s+\w+\s+over|besluit|besluiten|beslissen|beslissing|besluitvorming|keuzes?|"
    r"afwegingen?|aan\s+(?:een|het)\s+(?:nieuwe?|volgende?|komende?)\s+kabinet\s+(?:zijn|is|om))\b",
    re.IGNORECASE,
)
_ORDINAL = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4}
_YEAR = r"(?P<year>dit\s+jaar|volgend\s+jaar|(?:19|20)\d\d)"
_DUE = re.compile(
    r"\b(?P<quarter>(?:in|voor|vóór|uiterlijk\s+in)\s+het\s+(?P<q>eerste|tweede|derde|vierde|[1-4]e)\s+kwartaal"
    r"(?:\s+(?:van\s+)?" + _YEAR + r")?)"
    r"|\b(?P<date>(?:voor|vóór|uiterlijk(?:\s+op)?|op)\s+\d{1,2}\s+(?:" + MONTH_PATTERN + r")(?:\s+(?:19|20)\d\d)?)"
    r"|\b(?P<month>(?:voor|vóór|in|uiterlijk\s+in|eind|einde)\s+(?P<m>" + MONTH_PATTERN + r")"
    r"(?:\s+(?P<myear>(?:19|20)\d\d))?)"
    r"|\b(?P<yearend>(?:voor|vóór|in|rond)\s+(?:het\s+)?(?:einde?|eind)\s+van\s+(?:dit|het)\s+jaar|"
    r"(?:voor|vóór)\s+(?:het\s+)?einde?\s+van\s+(?P<eyear>(?:19|20)\d\d)|eind\s+(?P<e2year>(?:19|20)\d\d))"
    r"|\b(?P<vague>(?:voor|vóór)\s+(?:de\s+)?zomer(?:reces)?(?:\s+(?:van\s+)?(?:19|20)\d\d)?|"
    r"(?:in|voor|vóór)\s+het\s+(?:voorjaar|najaar)(?:\s+(?:van\s+)?(?:19|20)\d\d)?)",
    re.IGNORECASE,
)


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text: split after . ! ? before a capital (good enough for answers)."""
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        start = 0
        for m in _SENTENCE_END.finditer(para):
            yield para[start:m.start(1)]
            start = m.end(1)
        if para[start:]:
            yield para[start:]


_INFORM_STEMS = ("nform", "inlicht", "ingelicht", "bericht", "rapporte", "terug", "hoogte", "sturen", "gestuurd",
                 "zenden", "gezonden", "toekom", "ontvangt")


def is_commitment(sentence: str) -> bool:
    """Whether a sentence promises parliament information or a paper later."""
    low = sentence.lower()
    if not any(stem in low for stem in _INFORM_STEMS):
        return False
    if "kamer" not in low and "parlement" not in low and "u " not in low:
        return False
    return bool(_INFORM.search(sentence) and _PARLIAMENT.search(sentence) and _FUTURE.search(sentence)
                and not _HERE.search(sentence))


def is_deferral(sentence: str) -> bool:
    """Whether a sentence leaves a decision to a next cabinet."""
    low = sentence.lower()
    if "kabinet" not in low or not any(w in low for w in ("nieuw", "volgend", "komend", "toekomstig")):
        return False
    return bool(_DEFER_CABINET.search(sentence) and _DEFER_DECIDE.search(sentence))


def _year(printed: str | None, base: int | None) -> int | None:
    if not printed:
        return base
    low = printed.lower()
    if low.startswith("dit"):
        return base
    if low.startswith("volgend"):
        return base + 1 if base else None
    return int(printed)


def due_of(sentence: str, base_year: int | None) -> tuple[str | None, dt.date | None]:
    """The moment a commitment names, as printed, and the last day it allows (None if vague)."""
    m = _DUE.search(sentence)
    if not m:
        return None, None
    printed = m.group(0)
    before = printed.lower().startswith(("voor", "vóór"))
    if m.group("quarter"):
        year = _year(m.group("year"), base_year)
        q = _ORDINAL[m.group("q").lower()]
        if year is None:
            return printed, None
        return printed, last_day(year, 3 * (q - 1)) if before and q > 1 else (
            dt.date(year - 1, 12, 31) if before else last_day(year, 3 * q))
    if m.group("date"):
        day = parse_date(printed if re.search(r"\d{4}", printed) else f"{printed} {base_year or ''}")
        if day is None:
            return printed, None
        return printed, day - dt.timedelta(days=1) if before else day
    if m.group("month"):
        year = _year(m.group("myear"), base_year)
        month = MONTHS[m.group("m").lower()]
        if year is None:
            return printed, None
        if before:
            return printed, last_day(year - (month == 1), (month - 2) % 12 + 1)
        return printed, last_day(year, month)
    if m.group("yearend"):
        year = _year(m.group("eyear") or m.group("e2year"), base_year)
        return printed, dt.date(year, 12, 31) if year else None
    return printed, None


def _base_year(doc: Document) -> int | None:
    when = doc.answered_on or doc.date
    return when.year if when else None


def find_commitments(doc: Document) -> tuple[Commitment, ...]:
    """Every commitment in the answers, in item order (see module docstring)."""
    return find_promises(doc)[0]


def find_deferrals(doc: Document) -> tuple[Deferral, ...]:
    """Every sentence of an answer that leaves a decision to a next cabinet (a grouped answer's
    once, at its first item)."""
    return find_promises(doc)[1]


def find_promises(doc: Document) -> tuple[tuple[Commitment, ...], tuple[Deferral, ...]]:
    """Commitments and deferrals in one pass over the answers: each answer is lower-cased and
    split into sentences once. A grouped answer's are found once, at its first item."""
    base = _base_year(doc)
    commitments: list[Commitment] = []
    deferrals: list[Deferral] = []
    done: set[str] = set()  # an answer read before (a grouped answer) adds nothing new
    for item in doc.items:
        answer = item.answer or ""
        if answer in done:
            continue
        done.add(answer)
        low = answer.lower()
        may_commit = any(stem in low for stem in _INFORM_STEMS)
        may_defer = "kabinet" in low and any(w in low for w in ("nieuw", "volgend", "komend", "toekomstig"))
        if not may_commit and not may_defer:
            continue
        seen_c: set[str] = set()
        seen_d: set[str] = set()
        for sentence in sentences(answer):
            if may_commit and sentence not in seen_c and is_commitment(sentence):
                seen_c.add(sentence)
                due, due_by = due_of(sentence, base)
                commitments.append(Commitment(item.number, sentence, due, due_by))
            if may_defer and sentence not in seen_d and is_deferral(sentence):
                seen_d.add(sentence)
                deferrals.append(Deferral(item.number, sentence))
    return tuple(commitments), tuple(deferrals)
