"""The heading of a *lijst van vragen en antwoorden* (a Kamerstuk):

    36 800 XII Vaststelling van de begrotingsstaten van het Ministerie van ...
    Nr. 5 LIJST VAN VRAGEN EN ANTWOORDEN
    Vastgesteld 20 oktober 2025
    De vaste commissie voor Infrastructuur en Waterstaat heeft een aantal vragen voorgelegd aan
    de Minister van Infrastructuur en Waterstaat over de brief van 1 oktober 2025 (Kamerstuk
    36 800 XII, nr. 1). De Minister heeft deze vragen beantwoord bij brief van 19 oktober 2025.
    Vragen en antwoorden zijn hierna afgedrukt.
    De voorzitter van de commissie,
    Jansen
    De griffier van de commissie,
    Pietersen

>>> h = parse_lijst_heading(["36 800 XII Vaststelling van de begroting", "Nr. 5 LIJST VAN VRAGEN EN ANTWOORDEN",
...     "Vastgesteld 20 oktober 2025", "De vaste commissie voor Financiën heeft vragen voorgelegd aan de",
...     "Minister van Financiën over de brief (Kamerstuk 36 800 IX, nr. 2). De Minister heeft deze",
...     "vragen beantwoord bij brief van 19 oktober 2025.", "De voorzitter van de commissie,", "Jansen"])
>>> (h.dossier, h.number, str(h.date), h.committee, h.addressee, h.chair, str(h.answered_on))
('36800-XII', '5', '2025-10-20', 'vaste commissie voor Financiën', 'Minister van Financiën', 'Jansen', '2025-10-19')
>>> [p[-71:] for p in h.opening]
['De Minister heeft deze vragen beantwoord bij brief van 19 oktober 2025.']

The opening is kept as printed (paragraphs between the date and the signatures, broken words
joined), with the papers it describes and the clerk's title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from overleg.extract.references import find_refs
from overleg.model import Paper
from overleg.model.ids import DocumentId, normalise_dossier
from overleg.readers.text.report_heading import clerk_title, papers_described
from overleg.readers.text.textjoin import join_lines
from overleg.vocabulary.dates import WRITTEN_DATE, date_from_match
from overleg.vocabulary.markers import strip_marks


@dataclass(frozen=True)
class LijstHeading:
    dossier: str | None = None
    dossier_title: str | None = None
    number: str | None = None
    date: dt.date | None = None
    committee: str | None = None
    chair: str | None = None
    clerk: str | None = None
    addressee: str | None = None
    questions_sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    subject_papers: tuple[Paper, ...] = ()
    opening: tuple[str, ...] = ()
    clerk_title: str | None = None


_DOSSIER = re.compile(
    r"^(?P<nr>\d{2}\s?\d{3}(?:\s*-\s*[0-9A-Z]{1,8}|\s+[IVXLC]{1,7}\b|\s+[A-Z]\b)?)\s+(?P<title>\S.*)$"
)
_NUMBER = re.compile(r"^Nr\.\s*(?P<nr>\d{1,5}[A-Z]?)\b")
_FIXED = re.compile(r"Vastgesteld,?\s+(?P<date>" + WRITTEN_DATE + ")", re.I)
_INTRO = re.compile(
    r"De\s+(?P<committee>(?:vaste\s+|algemene\s+)?commissie\s+voor\s+.+?)\s+heeft\s+.*?"
    r"voorgelegd\s+aan\s+de\s+(?P<addressee>.+?)\s+(?:over|inzake|naar\s+aanleiding)\b",
    re.S,
)
_ANSWERED = re.compile(r"beantwoord\s+bij\s+brief\s+van\s+(?P<date>" + WRITTEN_DATE + ")")
_SENT = re.compile(r"vragen\s+zijn\s+op\s+(?P<date>" + WRITTEN_DATE + r")")


def _after(lines: list[str], pattern: str) -> str | None:
    """The name on the line after a signature line ("De voorzitter van de commissie,")."""
    for k, line in enumerate(lines):
        m = re.match(pattern + r"\s*,?\s*(?P<rest>.*)$", line.strip(), re.I)
        if m:
            rest = m.group("rest").strip()
            if rest:
                return rest
            nxt = next((ln.strip() for ln in lines[k + 1:] if ln.strip()), None)
            return nxt
    return None


_SIGNATURE = re.compile(r"^\s*(?:De\s+)?(?:voorzitter|(?:[Aa]djunct-)?griffier)\s+van\s+de\s+commissie", re.I)
_CLERK_LINE = re.compile(r"^\s*(?:De\s+)?(?:[Aa]djunct-)?griffier\s+van\s+de\s+commissie", re.I)


def _opening(lines: list[str]) -> tuple[str, ...]:
    """The paragraphs after the "Vastgesteld" line up to the first signature, as printed."""
    start = next((k + 1 for k, ln in enumerate(lines) if _FIXED.search(ln)), None)
    if start is None:
        return ()
    paragraphs: list[list[str]] = [[]]
    for line in lines[start:]:
        if _SIGNATURE.match(line):
            break
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(strip_marks(line).strip())
    return tuple(" ".join(join_lines(p).split()) for p in paragraphs if p)


def parse_lijst_heading(lines: list[str]) -> LijstHeading:
    """Read the heading of a list of questions and answers (see module docstring)."""
    text = " ".join(" ".join(ln.split()) for ln in lines if ln.strip())
    dossier = title = number = None
    for line in lines:
        line = line.strip()
        m = _DOSSIER.match(line)
        if m and dossier is None and not _NUMBER.match(line):
            dossier = normalise_dossier(re.sub(r"\s+(?=[IVXLC]+$|[A-Z]$)", "-", m.group("nr").strip()))
            title = m.group("title").strip()
        n = _NUMBER.match(line)
        if n and number is None:
            number = n.group("nr")
    fixed = _FIXED.search(text)
    intro = _INTRO.search(text)
    answered = _ANSWERED.search(text)
    sent = _SENT.search(text)
    return LijstHeading(
        dossier=dossier,
        dossier_title=title,
        number=number,
        date=date_from_match(fixed) if fixed else None,
        committee=" ".join(intro.group("committee").split()) if intro else None,
        addressee=" ".join(intro.group("addressee").split()) if intro else None,
        chair=_after(lines, r"De\s+voorzitter\s+van\s+de\s+commissie"),
        clerk=_after(lines, r"(?:De\s+)?(?:[Aa]djunct-)?griffier\s+van\s+de\s+commissie"),
        questions_sent_on=date_from_match(sent) if sent else None,
        answered_on=date_from_match(answered) if answered else None,
        subject_refs=find_refs(text[intro.start():]) if intro else (),
        subject_papers=papers_described(text[intro.start():]) if intro else (),
        opening=_opening(lines),
        clerk_title=next((clerk_title(ln) for ln in lines if _CLERK_LINE.match(ln)), None),
    )
