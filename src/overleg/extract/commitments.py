"""Commitments to inform parliament or send it something later, and decisions left to a next
cabinet, found sentence by sentence in the answers of any Document.

A commitment is a sentence of an answer that promises parliament information (inform, send,
share, report back, "kom ik hierop terug") in the future; what the cabinet says it did ("is uw
Kamer geïnformeerd") is not. Its moment, when stated, is kept as printed (``due``) and resolved
against the answer's date into the interval it allows (``due_from``, ``due_by``; the rules are
``vocabulary.time_expressions``'s). The moment is the one of the clause that promises: in "Op 26
september vindt er een vervolgbijeenkomst plaats en ik verwacht uw Kamer dit najaar te
informeren" the meeting's date is not the due date; a bound elsewhere in the sentence ("in ieder
geval ruim voor ...") counts; a moment already past at the answer's date never does.

A deferral leaves a decision to a next cabinet or a successor: "wordt overgelaten aan een nieuw
kabinet", "is niet aan mij als demissionair bewindspersoon", "laat ik aan mijn opvolger", a
subject the Kamer declared controversial.

>>> is_commitment("De Kamer wordt op een later moment nader geïnformeerd over de motie Van der Plas.")
True
>>> is_commitment("Op de precieze impact op het uitrolplan kom ik na de zomer terug.")
True
>>> is_commitment("Op 24 oktober 2023 is uw Kamer per brief geïnformeerd over de impact van deze listing.")
False
>>> is_commitment("Zoals uw kamer is geïnformeerd per brief van 28 november 2025 heeft het kabinet bijgedragen.")
False
>>> tuple(map(str, due_of("naar de Kamer te sturen in het tweede kwartaal van dit jaar", dt.date(2026, 2, 20))))
('in het tweede kwartaal van dit jaar', '2026-04-01', '2026-06-30')
>>> due_of("Op 26 september vindt er een vervolgbijeenkomst plaats en ik verwacht uw Kamer dit najaar te "
...        "informeren over de voortgang.", dt.date(2024, 8, 22)).printed
'dit najaar'
>>> due_of("U zult hierover zo snel mogelijk nader geïnformeerd worden.", dt.date(2026, 2, 20))
Due(printed='zo snel mogelijk', due_from=None, due_by=None)
>>> is_deferral("De besluitvorming over eventuele volgende stappen wordt overgelaten aan een nieuw kabinet.")
True
>>> is_deferral("Voor de periode na 2028 kan dat wel, maar dat is niet aan mij als demissionair bewindspersoon.")
True
>>> is_deferral("Het nieuwe kabinet zal uw Kamer hierover informeren.")
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

from overleg.model import Commitment, Deferral, Document
from overleg.vocabulary.time_expressions import TimeExpression, find_all

_SENTENCE_END = re.compile(r"[.!?](\s+)(?=[A-Z\u2018\u201c(])")
_INFORM = re.compile(
    r"\b(?:informeren|informeer|informeert|geïnformeerd|inlichten|ingelicht|berichten|rapporteren|"
    r"terug\s*(?:te\s+)?komen|kom[t]?\s+(?:hier(?:op)?|daarop|erop)\s+(?:nog\s+)?terug|"
    r"op\s+de\s+hoogte\s+(?:te\s+)?(?:stellen|houden|brengen|gesteld|gehouden)|"
    r"(?:toe)?(?:te\s+)?(?:sturen|zenden|gestuurd|gezonden)|toekomen|ontvangt|"
    r"delen|gedeeld|aanbieden|aangeboden|voorleggen|voorgelegd)\b",
    re.IGNORECASE,
)
# "kom ik (na de zomer) op terug", "Ik stuur uw Kamer": a first person's present that promises
# by itself (Dutch says the future in the present), to parliament as the answers' addressee.
_PROMISE_NOW = re.compile(
    r"\b(?:kom|komen)\s+(?:ik|wij|we)\b[^.;]{0,100}?\bterug\b(?!\s*(?:te\s+)?(?:draaien|gaan|vinden|sturen|halen))|"
    r"\b(?:ik|wij|we)\s+(?:kom|komen)\s+(?:hier|daar|er)op\s+(?:nog\s+)?terug\b|"
    r"\b(?:stuur|zend|informeer|bericht)\s+(?:ik|wij|we)\s+(?:uw|de)\s+Kamer\b|"
    r"\b(?:ik|wij|we)\s+(?:stuur|zend|informeer|bericht)\s+(?:uw|de)\s+Kamer\b",
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
    r"afwegingen?|(?:aan|voor)\s+(?:een|het)\s+(?:nieuwe?|volgende?|komende?|toekomstige?)\s+kabinet|"
    r"(?:zal|zullen)\s+(?:\w+\s+){0,2}moeten)\b",
    re.IGNORECASE,
)
# Left to a successor without naming a next cabinet: the caretaker's "niet aan mij", a successor,
# a subject the Kamer declared controversial (left until after the elections).
_DEFER_OTHER = re.compile(
    r"\bniet\s+aan\s+(?:mij|ons|dit\s+kabinet|het\s+huidige\s+kabinet)\b[^.]*\bdemissionair|"
    r"\bdemissionair[^.]*\bniet\s+aan\s+(?:mij|ons|dit\s+kabinet|het\s+huidige\s+kabinet)\b|"
    r"\b(?:aan|over\s+aan|voor)\s+mijn\s+(?:ambts)?opvolger|"
    r"\bcontroversieel\s+(?:verklaard|is\s+verklaard|heeft\s+verklaard)",
    re.IGNORECASE,
)
# A clause that names an event ("Op 26 september vindt er een bijeenkomst plaats"): its date is
# the event's, not when parliament hears.
_EVENT = re.compile(r"\b(?:vindt|vinden|vond|plaats|gepland|georganiseerd|organiseert|bijeenkomst|overleg|debat|"
                    r"gesprek|publiceren|gepubliceerd|afgerond)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:en|maar|terwijl|waarna)\s", re.IGNORECASE)


class Due(NamedTuple):
    """A commitment's moment as printed and the interval it allows (None: not determinable)."""

    printed: str | None
    due_from: dt.date | None
    due_by: dt.date | None


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


# Cheap tests first (an answer, then a sentence, is read further only when one holds): substrings,
# as ``str.__contains__`` is many times faster than one regex of alternatives on long answers.
_INFORM_STEMS = ("nform", "inlicht", "ingelicht", "bericht", "rapporte", "terug", "hoogte", "sturen", "gestuurd",
                 "stuur ", "zend", "gezonden", "toekom", "ontvangt", "delen", "gedeeld", "aanbied", "aangeboden",
                 "voorleg", "voorgeleg")
_NEXT_WORDS = ("nieuw", "volgend", "komend", "toekomstig")


def _may_commit(low: str) -> bool:
    return any(stem in low for stem in _INFORM_STEMS)


def _may_defer(low: str) -> bool:
    return ("kabinet" in low and any(w in low for w in _NEXT_WORDS)) or any(
        w in low for w in ("demissionair", "opvolger", "controversieel"))


def is_commitment(sentence: str) -> bool:
    """Whether a sentence promises parliament information or a paper later."""
    low = sentence.lower()
    to_parliament = "kamer" in low or "parlement" in low or "u " in low
    if not (to_parliament or "terug" in low) or not _may_commit(low) or _HERE.search(sentence):
        return False
    if _PROMISE_NOW.search(sentence):
        return True
    return to_parliament and bool(_INFORM.search(sentence) and _PARLIAMENT.search(sentence)
                                  and _FUTURE.search(sentence))


def is_deferral(sentence: str) -> bool:
    """Whether a sentence leaves a decision to a next cabinet or a successor."""
    low = sentence.lower()
    if not _may_defer(low):
        return False
    if _DEFER_OTHER.search(sentence):
        return True
    return "kabinet" in low and bool(_DEFER_CABINET.search(sentence) and _DEFER_DECIDE.search(sentence))


def due_of(sentence: str, reference: dt.date | None) -> Due:
    """The moment a commitment names (module docstring): the first time expression of the clause
    that promises with a date, else a bound elsewhere in the sentence, else a dateless moment of
    that clause ("zo snel mogelijk"), else one of a clause that is no event."""
    found = [e for e in find_all(sentence, reference)
             if reference is None or e.latest is None or e.latest >= reference]
    if not found:
        return Due(None, None, None)
    anchor = _PROMISE_NOW.search(sentence) or _INFORM.search(sentence)
    lo, hi = _clause(sentence, anchor.start()) if anchor else (0, len(sentence))
    inside = [e for e in found if e.start >= lo and e.end <= hi]
    outside = [e for e in found if e not in inside]
    choice = (next((e for e in inside if e.latest is not None), None)
              or next((e for e in outside if e.deadline and e.latest is not None), None)
              or next(iter(inside), None)
              or next((e for e in outside if not _EVENT.search(sentence[slice(*_clause(sentence, e.start))])), None))
    return _due(choice)


def _due(e: TimeExpression | None) -> Due:
    return Due(e.printed, e.earliest, e.latest) if e else Due(None, None, None)


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """The span of the clause around position ``at``: between the nearest breaks (a comma, a
    semicolon, a bracket, "en", "maar")."""
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at:
            lo = m.end()
        elif m.start() >= at:
            hi = m.start()
            break
    return lo, hi


def _reference(doc: Document) -> dt.date | None:
    return doc.answered_on or doc.date


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
    reference = _reference(doc)
    commitments: list[Commitment] = []
    deferrals: list[Deferral] = []
    done: set[str] = set()  # an answer read before (a grouped answer) adds nothing new
    for item in doc.items:
        answer = item.answer or ""
        if answer in done:
            continue
        done.add(answer)
        low = answer.lower()
        may_commit = _may_commit(low)
        may_defer = _may_defer(low)
        if not may_commit and not may_defer:
            continue
        seen_c: set[str] = set()
        seen_d: set[str] = set()
        for sentence in sentences(answer):
            if may_commit and sentence not in seen_c and is_commitment(sentence):
                seen_c.add(sentence)
                due = due_of(sentence, reference)
                commitments.append(Commitment(item.number, sentence, due.printed, due.due_by, due.due_from))
            if may_defer and sentence not in seen_d and is_deferral(sentence):
                seen_d.add(sentence)
                deferrals.append(Deferral(item.number, sentence))
    return tuple(commitments), tuple(deferrals)
