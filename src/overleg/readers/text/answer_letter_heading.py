"""The head of a letter in which a body answers a committee's numbered questions (the Algemene
Rekenkamer about one of its reports; a planning bureau, a ministry): who answers, which
committee asked, about what, and when.

    Algemene Rekenkamer ... DATUM 13 maart 2012 BETREFT Beantwoording vragen ...
    Geachte mevrouw Verbeet,
    Hierbij bieden wij u de op 13 maart 2012 vastgestelde antwoorden aan op de door de commissie
    voor de Rijksuitgaven gestelde vragen over het rapport Vastgoed van het Rijk: volume en
    waarde (Tweede Kamer, vergaderjaar 2011-2012, 33 123, nr. 1).
    Algemene Rekenkamer
    drs. Saskia J. Stuiveling, president
    ...
    Antwoorden Algemene Rekenkamer op vragen van de Tweede Kamer over het rapport ...

>>> h = parse_answer_heading(["DATUM 13 maart 2012", "Geachte mevrouw Verbeet,",
...     "Hierbij bieden wij u de op 12 maart 2012 vastgestelde antwoorden aan op de door de",
...     "commissie voor de Rijksuitgaven gestelde vragen over het rapport Vastgoed van het Rijk",
...     "(Tweede Kamer, vergaderjaar 2011-2012, 33 123, nr. 1).", "Algemene Rekenkamer",
...     "Antwoorden Algemene Rekenkamer op vragen van de Tweede Kamer over het rapport"])
>>> (h.sender, h.committee, h.subject)
('Algemene Rekenkamer', 'commissie voor de Rijksuitgaven', 'Vastgoed van het Rijk')
>>> (str(h.date), str(h.answered_on), [str(r) for r in h.subject_refs])
('2012-03-12', '2012-03-13', ['kst-33123-1'])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from overleg.extract.references import find_refs
from overleg.model import Paper
from overleg.model.ids import DocumentId
from overleg.readers.text.report_heading import papers_described
from overleg.vocabulary.dates import WRITTEN_DATE, date_from_match


@dataclass(frozen=True)
class AnswerHeading:
    """What the head of the letter states; None or empty where it does not."""

    sender: str | None = None  # the answering body: "Algemene Rekenkamer"
    committee: str | None = None
    subject: str | None = None
    date: dt.date | None = None  # the answers were established ("de op ... vastgestelde antwoorden")
    answered_on: dt.date | None = None  # the letter's date
    subject_refs: tuple[DocumentId, ...] = ()
    subject_papers: tuple[Paper, ...] = ()
    opening: tuple[str, ...] = ()


# The wording that announces the genre (``genres.py``) and that the opening is found by.
OFFER = re.compile(
    r"(?:bieden|zenden|sturen)\s+(?:wij|ik)\s+u\s+(?:hierbij\s+)?(?:de\s+|onze\s+)?"
    r"(?:op\s+" + WRITTEN_DATE + r"\s+vastgestelde\s+)?antwoorden\s+(?:aan\s+)?op\s+(?:de\s+)?"
    r"(?:door\s+de\s+[^.]{0,80}?commissie\b[^.]{0,120}?gestelde\s+vragen|vragen\s+(?:die|van)\s+de\s+[^.]{0,40}?commissie\b)",
    re.I,
)
_ESTABLISHED = re.compile(r"\bop\s+(?P<date>" + WRITTEN_DATE + r")\s+vastgestelde\s+antwoorden", re.I)
_LETTER_DATE = re.compile(r"\bdatum\s*:?\s+(?P<date>" + WRITTEN_DATE + ")", re.I)
_COMMITTEE = re.compile(
    r"door\s+de\s+(?P<a>(?:[Vv]aste\s+|[Aa]lgemene\s+)?commissie\s+.+?)\s+gestelde\s+vragen"
    r"|vragen\s+die\s+de\s+(?P<b>(?:[Vv]aste\s+|[Aa]lgemene\s+)?commissie\s+.+?)\s+heeft\s+gesteld"
)
_SUBJECT = re.compile(
    r"(?:gestelde\s+vragen|heeft\s+gesteld)\s+over\s+(?:het\s+|ons\s+|de\s+)?(?:rapport\s+)?(?P<s>.+?)"
    r"\s*(?:\((?=Tweede\s+Kamer|Eerste\s+Kamer|vergaderjaar|Kamerstuk|bijlage)|\.(?:\s|$))"
)
_PARTICLES = r"voor|van|de|het|der|en"  # the small words of a body's name ("Planbureau voor de Leefomgeving")
# The list's own title names the body: "Antwoorden Algemene Rekenkamer op vragen ...",
# "Antwoorden van het Centraal Planbureau bij vragen ..."
_TITLE = re.compile(
    r"\bAntwoorden\s+(?:van\s+(?:de|het)\s+)?(?P<body>[A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|" + _PARTICLES + r")){0,6}?)"
    r"\s+(?:op|bij)\s+(?:de\s+)?vragen"
)
_SIGNATORY = re.compile(r"^\s*(?:president|voorzitter|directeur|secretaris|de\s+minister)\b", re.I)


def _sender(lines: list[str], text: str) -> str | None:
    """The answering body: from the list's title, else the line that signs the letter (the
    body's name, before the names of the people who sign for it)."""
    title = _TITLE.search(text)
    if title:
        return " ".join(title.group("body").split())
    offer = next((k for k, ln in enumerate(lines) if "antwoorden" in ln.lower()), None)
    if offer is None:
        return None
    rest = [ln.strip() for ln in lines[offer + 1:] if ln.strip()]
    for k, line in enumerate(rest[:-2]):
        if re.fullmatch(r"[A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|" + _PARTICLES + r")){0,6}", line) and any(
                _SIGNATORY.match(later) or later.endswith(("president", "secretaris", "directeur"))
                for later in rest[k + 1:k + 4]):
            return line
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")


def _opening(lines: list[str], sender: str | None) -> tuple[str, ...]:
    """The paragraph that offers the answers, as printed (lines joined; a gap after a line
    that runs on is a layout break). It ends before the signature: where a sentence ends and
    the body's name follows (a flattened text has no paragraphs to tell)."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if paragraphs[-1] and not paragraphs[-1][-1].rstrip()[-1:].isalpha():
                paragraphs.append([])
        else:
            paragraphs[-1].append(line.strip())
    for paragraph in paragraphs:
        text = " ".join(" ".join(paragraph).split())
        offer = OFFER.search(text)
        if not offer:
            continue
        start = text.rfind("Hierbij", 0, offer.start())
        text = text[start:] if start >= 0 else text
        if sender:
            for end in _SENTENCE_END.finditer(text, offer.end() - max(start, 0)):
                if text[end.end():].lstrip().startswith(sender):
                    text = text[:end.end()]
                    break
        return (text,)
    return ()


def parse_answer_heading(lines: list[str]) -> AnswerHeading:
    """Read the head of an answer letter (see the module docstring)."""
    text = " ".join(" ".join(ln.split()) for ln in lines if ln.strip())
    established = _ESTABLISHED.search(text)
    letter_date = _LETTER_DATE.search(text)
    committee = _COMMITTEE.search(text)
    subject = _SUBJECT.search(text)
    offer = OFFER.search(text)
    about = text[offer.start():] if offer else ""
    about = about[:about.find(")", about.find("(")) + 1] if "(" in about else about
    sender = _sender(lines, text)
    return AnswerHeading(
        sender=sender,
        committee=" ".join((committee.group("a") or committee.group("b")).split()) if committee else None,
        subject=subject.group("s").strip() if subject else None,
        date=date_from_match(established) if established else None,
        answered_on=date_from_match(letter_date) if letter_date else None,
        subject_refs=find_refs(about) if about else (),
        subject_papers=papers_described(about) if about else (),
        opening=_opening(lines, sender),
    )
