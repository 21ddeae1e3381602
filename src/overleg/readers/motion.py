"""Motions (moties) to a ``MotionRecord``: from the official XML, a PDF or a Word file.

Stages:

1. ``_lines_of`` (any input -> lines, printed title, metadata): the official XML and HTML through
   ``official_xml``/``official_html`` (structure: ``dossiernr``, ``stuknr``, ``titel``, ``datum``, ``al``), other
   formats through their container reader.
2. ``_header`` (lines before "De Kamer,") -> dossier and its title, number, printed title, date:
   a motion opens with the dossier number and title, "Nr. N", "MOTIE VAN HET LID ...", for an
   amended motion "Ter vervanging van die gedrukt onder nr. N", and "Voorgesteld <date>".
3. ``_clauses`` (lines from "De Kamer,") -> considerations, requests, submitters: a clause starts
   with its opening word ("constaterende", "overwegende", "verzoekt", ...), wrapped lines join
   the clause before; the names after "en gaat over tot de orde van de dag" are the submitters,
   a party in brackets after a name is theirs ("Ceder (ChristenUnie)"), and the publication's
   metadata (``OVERHEIDop.indiener``: "M.G.F. Rikkers-Oosterkamp") gives a name its initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from overleg.errors import NotAQuestionDocument, ReaderError, UnreadableInput
from overleg.model import DocumentId
from overleg.model.motion import MotionRecord, Submitter
from overleg.readers.source import Format, Source
from overleg.vocabulary.dates import parse_date
from overleg.vocabulary.markers import strip_marks

# A dossier number has at least four digits ("36 278", "21 501-02"); "2" alone is the chamber.
_DOSSIER_AT_START = re.compile(r"^\d{1,3}\s?\d{3}(?:-[A-Za-z0-9]+)?(?=\s|$)")
_NUMBER = re.compile(r"^Nr\.\s*(\d+[A-Za-z]?)\b\s*(.*)$")
_KIND = re.compile(r"\b(?:GEWIJZIGDE\s+|NADER\s+GEWIJZIGDE\s+)?MOTIE\b", re.I)
_OPENING = re.compile(r"^De\s+Kamer,?\s*$", re.I)
_CLOSING = re.compile(r"^en\s+gaat\s+over\s+tot\s+de\s+orde\s+van\s+de\s+dag\.?\s*$", re.I)
_CONSIDERING = re.compile(
    r"^(?:constaterende|overwegende|van\s+mening|gelet\s+op|voorts|tevens|mede\s+gelet|concluderende|"
    r"erkennende|vaststellende|benadrukkende|wijzende|spreekt\s+uit|spreekt\s+als\s+haar\s+mening\s+uit)\b",
    re.I,
)
_REQUESTING = re.compile(r"^(?:verzoekt|roept|draagt|vraagt|besluit|nodigt)\b", re.I)
_HEARD = re.compile(r"^gehoord\s+de\s+beraadslaging", re.I)
_NAME = re.compile(r"^[A-ZÀ-Þ][\w'’.\- ]{0,60}(?:\s*\([^()]{1,40}\))?$")
_PARTY = re.compile(r"^(?P<name>.+?)\s*\((?P<party>[^()]+)\)$")
_REPLACES = re.compile(r"^ter\s+vervanging\s+van\b", re.I)
_MEETING_YEAR = re.compile(r"^(?:vergaderjaar|tweede\s+kamer|eerste\s+kamer|\d$)", re.I)


@dataclass(frozen=True)
class _Header:
    dossier: str | None
    number: str | None
    title: str | None
    date_text: str | None
    dossier_title: str | None = None
    replaces: str | None = None


def _lines_of(src: Source) -> tuple[list[str], str | None, tuple[str, ...], str | None]:
    """Stage 1: non-blank lines, the title from metadata, submitters from metadata, an id."""
    fmt = src.sniff()
    if fmt is Format.XML:
        from overleg.readers import official_xml

        text = official_xml.load(src)
        lines = [strip_marks(line) for line in text.prepared.lines if line.strip()]
        return lines, text.metadata.title, text.metadata.submitters, text.metadata.identifier
    if fmt is Format.HTML:
        from overleg.readers import official_html

        page = official_html.page_text(src, official_html.parse_html(src))
        lines = [strip_marks(line) for line in page.prepared.lines if line.strip()]
        return lines, page.metadata.title, page.metadata.submitters, page.metadata.identifier
    from overleg.readers import prepare

    prepared = prepare(src, fmt)
    return [strip_marks(line).strip() for line in prepared.lines if line.strip()], None, (), None


def _header(lines: list[str]) -> _Header:
    """Stage 2: the heading lines before "De Kamer,"."""
    dossier = number = title = date_text = replaces = None
    dossier_title: list[str] = []
    for k, line in enumerate(lines):
        m = _NUMBER.match(line)
        if dossier is None and _DOSSIER_AT_START.match(line):
            dossier = _DOSSIER_AT_START.match(line).group(0)  # type: ignore[union-attr]
            rest = line[len(dossier):].strip()
            dossier_title += [rest] if rest else []
            continue
        if dossier is not None and number is None and not m and not _MEETING_YEAR.match(line):
            dossier_title.append(line)  # the title may wrap ("Raad Algemene Zaken en Raad Buitenlandse / Zaken")
        if _REPLACES.match(line):
            replaces = line
        if m and number is None:
            number = m.group(1)
            rest = m.group(2).strip()
            if rest:
                title = rest
            elif k + 1 < len(lines) and _KIND.search(lines[k + 1]):
                title = lines[k + 1]
        elif title is None and _KIND.search(line) and not _OPENING.match(line):
            title = line
        if line.lower().startswith("voorgesteld"):
            date_text = line
    return _Header(dossier, number, title, date_text, " ".join(dossier_title) or None, replaces)


def _clauses(lines: list[str]) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Stage 3: the body text, considerations, requests and the names after the closing formula."""
    clauses: list[str] = []
    names: list[str] = []
    closed = False
    for line in lines:
        if closed:
            if _NAME.match(line) and len(line.split()) <= 6:
                names.append(line.strip())
            continue
        starts = bool(_OPENING.match(line) or _HEARD.match(line) or _CONSIDERING.match(line)
                      or _REQUESTING.match(line) or _CLOSING.match(line))
        if starts or not clauses:
            clauses.append(line.strip())
        else:
            clauses[-1] = f"{clauses[-1]} {line.strip()}"
        closed = bool(_CLOSING.match(line))
    considerations = tuple(c for c in clauses if _CONSIDERING.match(c))
    requests = tuple(c for c in clauses if _REQUESTING.match(c))
    return "\n".join(clauses + names), considerations, requests, tuple(names)


def read_motion(source: str | Path | bytes | Source, name: str | None = None) -> MotionRecord:
    """A motion's record; NotAQuestionDocument-like ReaderError when the input is not a motion."""
    if isinstance(source, Source):
        src = source
    elif isinstance(source, bytes):
        src = Source(name or "<bytes>", source)
    else:
        src = Source.from_path(source)
    lines, meta_title, meta_submitters, meta_id = _lines_of(src)
    start = next((k for k, line in enumerate(lines) if _OPENING.match(line)), None)
    if start is None or not any(_CLOSING.match(line) or _REQUESTING.match(line) for line in lines[start:]):
        raise NotAQuestionDocument(src.name, 'not a motion: expected "De Kamer," and a request ("verzoekt ...")')
    head = _header(lines[:start])
    text, considerations, requests, names = _clauses(lines[start:])
    doc_id = DocumentId.try_parse(meta_id) if meta_id else None
    if doc_id is None and head.dossier and head.number:
        try:
            doc_id = DocumentId.kamerstuk(head.dossier, head.number)
        except (ValueError, ReaderError):
            doc_id = None
    dossier = head.dossier.replace(" ", "") if head.dossier else None
    details = _submitters(names, meta_submitters)
    try:
        date = parse_date(head.date_text) if head.date_text else None
    except ValueError:
        date = None
    if not text:
        raise UnreadableInput(src.name, "a motion without text")
    return MotionRecord(
        id=doc_id,
        dossier=dossier,
        number=head.number,
        title=meta_title or head.title,
        submitters=tuple(d.name for d in details),
        date=date,
        text=text,
        considerations=considerations,
        requests=requests,
        date_text=" ".join(head.date_text.split()) if head.date_text else None,
        dossier_title=head.dossier_title,
        replaces=head.replaces,
        submitter_details=details,
    )


def _submitters(signed: tuple[str, ...], listed: tuple[str, ...]) -> tuple[Submitter, ...]:
    """The movers as signed (a party in brackets split off), each with the metadata's fuller
    form of its name when one ends in it; the metadata's names alone when none is signed.

    >>> _submitters(("Rikkers-Oosterkamp",), ("M.G.F. Rikkers-Oosterkamp",))
    (Submitter(name='Rikkers-Oosterkamp', full_name='M.G.F. Rikkers-Oosterkamp', party=None),)
    >>> [(s.name, s.party) for s in _submitters(("Ceder (ChristenUnie)", "Van Nispen"), ())]
    [('Ceder', 'ChristenUnie'), ('Van Nispen', None)]
    """
    found = []
    for line in signed or listed:
        m = _PARTY.match(line)
        name, party = (m.group("name").strip(), m.group("party").strip()) if m else (line.strip(), None)
        full = next((f for f in listed if f.lower().endswith(name.lower()) and f != name), None)
        found.append(Submitter(name, full, party))
    return tuple(found)
