"""A minister's notice that the answers to written questions come later (*Mededeling (uitstel
antwoord)*): PreparedText to a Document of type ``mededeling-uitstel-antwoord``, without items.

The notice comes as an Aanhangsel page or as the minister's letter:

    Aanhangsel van de Handelingen / Vergaderjaar 2024-2025 / 1352
    Mededeling van minister Van Weel (Justitie en Veiligheid) (ontvangen 20 februari 2025)
    De vragen van het lid Bromet (GroenLinks-PvdA) over het bericht ... (2025Z01925) kunnen niet
    binnen de gebruikelijke termijn van drie weken worden beantwoord. De reden van het uitstel is
    ... Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden.

    Datum 20 februari 2025 / Betreft Uitstel beantwoording vragen van het lid Bromet over ...
    Geachte voorzitter, / De vragen van het lid ... kunnen niet binnen ... / De Minister van ...,

What it gives: ``date`` the day the notice was received (``ontvangen``), else the letter's
``Datum``; ``answered_by`` who sends it (the named minister, else the office that signs);
``askers`` with their party and ``subject`` from the sentence naming the questions ("De vragen
van het lid X (P) over ... kunnen niet ..."), or from the questions' heading where the page prints
it ("Vragen van het lid ... aan de ... over ... (ingezonden ...)", which also gives
``addressees`` and ``questions_sent_on``) or the letter's "Betreft"; the Zaak numbers the notice
prints as ``identifiers`` (``zaak-2025Z01925``: the questions' Zaak, which links the notice to its
questions and answers, ``model/identity.py``); the Aanhangsel number and year as ``id``. The
notice's own text, the reason for the delay included, is kept paragraph by paragraph in
``opening``; the sentence promising the answers ("Ik streef ernaar ...") is also a
``Commitment``.

>>> _subject("het bericht ‘Boerderij dicht’ (2025Z01925) kunnen niet binnen de termijn")
'het bericht ‘Boerderij dicht’'
>>> _subject("de wachtlijsten in de zorg, niet binnen de gebruikelijke termijn")
'de wachtlijsten in de zorg'
"""

from __future__ import annotations

import datetime as dt
import re

from overleg.model import Asker, Commitment, Document, DocumentId, DocumentType, Problem
from overleg.model.identity import ZAAK, printed_identifiers
from overleg.model.ids import TkNumber
from overleg.readers.text.aanhangsel_heading import answerers, askers, offices, parse_heading
from overleg.readers.text.notice_wording import DELAY
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.questions import heading_lines
from overleg.vocabulary.dates import WRITTEN_DATE, date_from_match

_DELAY = re.compile(DELAY, re.I)
_RECEIVED = re.compile(r"\bMededeling\s+van\s+(?P<who>.+?)\s*\(\s*ontvangen\s*(?P<date>" + WRITTEN_DATE + r")\s*\)",
                       re.I | re.S)
_LETTER_DATE = re.compile(r"^\s*Datum\s*:?\s*(?P<date>" + WRITTEN_DATE + r")", re.I | re.M)
_SUBJECT_LINE = re.compile(r"^\s*Betreft\s*:?\s*(?P<text>.+)$", re.I | re.M)
# the office that signs a letter, a paragraph of its own ("De minister van Landbouw, Visserij,
# Voedselzekerheid en Natuur,")
_SIGNATURE = re.compile(
    r"^\s*De\s+(?P<office>(?:Minister-President|Minister|Staatssecretaris)\b.{0,160}?)\s*,\s*$", re.I | re.S)
# what ends the notice's text: the closing, the signature, an Aanhangsel page's foot
_CLOSING = re.compile(r"^\s*(?:Hoogachtend|Met\s+vriendelijke\s+groet|ah-tk-\d|ISSN\b|[’']s-Gravenhage\b"
                      r"|Aanhangsel\s+Handelingen\b)", re.I)
# the sentence naming the questions: "De vragen van het lid X (P) [aan de ...] over ... kunnen niet ..."
_NAMED = re.compile(
    r"\bvragen\s+van\s+(?P<askers>(?:het\s+lid|de\s+leden)\s.+?)\s+(?:aan\s+(?:de|het)\s+(?P<offices>.+?)\s+)?"
    r"over\s+(?P<rest>.+)",
    re.I | re.S,
)
# where the subject ends: the brackets with the Zaak number or the date sent, or the verb
_SUBJECT_END = re.compile(
    r"\s*\((?=[^()]*(?:\d{4}\s?Z\s?\d|ingezonden|kenmerk))|\s*,?\s+(?:kunnen|kan|zullen|zijn|is)\s+(?:helaas\s+)?"
    r"(?:niet|later)\b|\s*,?\s+niet\s+binnen\b",
    re.I,
)
_SENT = re.compile(r"ingezonden\s*(?P<date>" + WRITTEN_DATE + r")", re.I)
_PROMISE = re.compile(r"\b(?:streef|streven|verwacht|verwachten|zal|zullen)\b[^.]*\bbeantwoord", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?](?=\s|$)|$)")


def _subject(rest: str) -> str:
    end = _SUBJECT_END.search(rest)
    return " ".join((rest[:end.start()] if end else rest).split()).strip(" ,.")


def _paragraphs(lines: list[str]) -> list[str]:
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line.strip())
        elif out[-1]:
            out.append([])
    return [" ".join(p) for p in out if p]


def _states_delay(paragraph: str) -> bool:
    """The paragraph says the answers are late in its own words, not within quotation marks
    (a note quoting a notice, "... kunnen niet binnen de termijn ...", is no notice).

    >>> _states_delay('Zie de mededeling "De vragen kunnen niet binnen de termijn worden beantwoord".')
    False
    >>> _states_delay("De vragen over ‘Jongeren: ‘Onwenselijk’' kunnen niet binnen de termijn worden beantwoord.")
    True
    """
    for m in _DELAY.finditer(paragraph):
        before = paragraph[:m.start()]
        # single quotes are left out: the Kamer's subjects quote with them, often unbalanced
        # ("het bericht ‘Stijging ...: ‘Onwenselijk’'")
        quoted = before.count('"') % 2 == 1 or before.count("`") % 2 == 1 or before.count("“") > before.count("”")
        if not quoted:
            return True
    return False


def _body(lines: list[str]) -> list[str]:
    """The notice's own paragraphs: from the one that says the answers are late (or, on an
    Aanhangsel page, the first after "Mededeling van ... (ontvangen ...)") to the closing."""
    paragraphs = _paragraphs(lines)
    start = next((k for k, p in enumerate(paragraphs) if _states_delay(p) and not re.search(r"\bBetreft\b", p, re.I)),
                 None)
    if start is None:
        return []
    found: list[str] = []
    for paragraph in paragraphs[start:]:
        if _CLOSING.match(paragraph) or _SIGNATURE.match(paragraph):
            break
        found.append(paragraph)
    if found:  # on an Aanhangsel page the notice runs on the line after the heading
        received = _RECEIVED.search(found[0])
        if received:
            found[0] = found[0][received.end():].lstrip(" .").rstrip()
    return [p for p in found if p]


def _aanhangsel_number(lines: list[str]) -> str | None:
    """The Aanhangsel number: on a line of its own before "Mededeling van" (or the questions'
    "Vragen van"); a number further on is a page's, not the notice's."""
    number = None
    for line in lines:
        if re.match(r"\s*(?:Vragen|Mededeling)\s+van\b", line):
            return number
        m = re.fullmatch(r"\s*(\d{1,5})\s*", line)
        if m:
            number = m.group(1)
    return None


def _sender(lines: list[str], received: re.Match[str] | None) -> tuple[str, ...]:
    """Who sends the notice: the named minister of an Aanhangsel page, else the office signing
    the letter (its first letter capitalised, as ``offices`` writes an office)."""
    if received:
        return answerers(received.group("who"))
    signed = [m for m in (_SIGNATURE.match(p) for p in _paragraphs(lines)) if m]
    if not signed:
        return ()
    office = " ".join(signed[-1].group("office").split())
    return (office[0].upper() + office[1:],)


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    """The notice as a Document without items (see the module docstring)."""
    lines = heading_lines(list(prepared.lines))
    text = "\n".join(lines)
    flat = " ".join(text.split())
    problems: list[Problem] = []
    received = _RECEIVED.search(flat)
    letter_date = _LETTER_DATE.search(text)
    date: dt.date | None = date_from_match(received) if received else None
    if date is None and letter_date:
        date = date_from_match(letter_date)
    if date is None:
        problems.append(Problem("date-not-found", "the notice gives no date ('ontvangen ...' or 'Datum ...')",
                                "heading"))
    body = _body(lines)
    named = next((m for m in (_NAMED.search(p) for p in body) if m), None)
    heading = parse_heading(lines) if re.search(r"Aanhangsel\s+van\s+de\s+Handelingen", flat, re.I) else None
    found_askers: tuple[Asker, ...] = heading.askers if heading else ()
    subject = heading.subject if heading else None
    addressees = heading.addressees if heading else ()
    sent = heading.questions_sent_on if heading else None
    if named:
        found_askers = found_askers or askers(named.group("askers"))
        subject = subject or _subject(named.group("rest")) or None
        if named.group("offices") and not addressees:
            addressees = offices(named.group("offices"))
        sent_m = _SENT.search(named.group(0))
        sent = sent or (date_from_match(sent_m) if sent_m else None)
    if subject is None:
        about = _SUBJECT_LINE.search(text)
        if about:
            m = re.search(r"\bover\s+(?P<s>.+)$", about.group("text"), re.I)
            subject = " ".join((m.group("s") if m else about.group("text")).split()) or None
    if not found_askers:
        problems.append(Problem("no-heading", "the notice does not say whose questions are late "
                                "('De vragen van het lid ... over ...')", "heading"))
    zaken = [n for n in TkNumber.find_all(" ".join(body) or flat) if n.kind == "zaak"]
    number = _aanhangsel_number(lines) if heading else None
    doc_id = None
    if heading and heading.year and number:
        doc_id = DocumentId.try_parse(f"ah-tk-{heading.year}-{int(number)}")
    promises = [s.group().strip() for p in body for s in _SENTENCE.finditer(p) if _PROMISE.search(s.group())]
    return Document(
        type=DocumentType.MEDEDELING_UITSTEL,
        id=doc_id,
        number=number if doc_id else None,
        date=date,
        askers=found_askers,
        addressees=addressees,
        addressee=addressees[0] if len(addressees) == 1 else None,
        answered_by=_sender(lines, received),
        subject=subject,
        questions_sent_on=sent,
        opening=tuple(body),
        commitments=tuple(Commitment(item=None, text=p) for p in promises[:1]),
        problems=tuple(problems),
        identifiers=tuple(dict.fromkeys((*(ZAAK + str(n) for n in zaken), *printed_identifiers(text)))),
    )
