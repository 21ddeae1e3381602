"""The parts of a report around its questions: heading, introduction, signatures and agenda.

>>> h = read_heading(["21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken", "",
...                   "Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld, 20 februari 2026"])
>>> h.dossier, h.number, h.date.isoformat()
(Dossier(number='21501-02', title='Raad Algemene Zaken en Raad Buitenlandse Zaken'), '3349', '2026-02-20')
>>> read_heading(["36 800 V Vaststelling van de begrotingsstaten (V) voor het jaar 2026",
...               "Nr. 88 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"]).dossier.number
'36800-V'
>>> str(read_heading(["Datum publicatie: 23-02-2026", "Dossier- en ondernummer: Kamerstuk 21501-02, nr. 3349",
...                   "Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld 20 februari 2026"]).id)
'kst-21501-02-3349'
>>> i = read_intro("De vaste commissie voor Veiligheid en Justitie heeft een aantal vragen en opmerkingen "
...                "voorgelegd aan de Minister van Justitie en Veiligheid over de brief van 3 mei 2024 "
...                "(Kamerstuk 29 279, nr. 850). De minister heeft deze vragen beantwoord bij brief van 12 juni 2024.")
>>> i.committee, i.addressee, i.answered_on.isoformat(), [str(r) for r in i.subject_refs]
('vaste commissie voor Veiligheid en Justitie', 'Minister van Justitie en Veiligheid', '2024-06-12', ['kst-29279-850'])
>>> [(p.description, str(p.ref)) for p in i.subject_papers]
[('brief van 3 mei 2024', 'kst-29279-850')]
>>> clerk_title("Adjunct-griffier van de commissie,"), clerk_title("De griffier van de commissie, Bakker")
('Adjunct-griffier', 'Griffier')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from overleg.extract.references import find_citations, find_refs
from overleg.model import AgendaEntry, DocumentId, Dossier, Paper, Problem
from overleg.model.ids import normalise_dossier
from overleg.readers.text.textjoin import join_lines
from overleg.vocabulary.dates import DATE_RE, parse_date
from overleg.vocabulary.markers import strip_marks

_TYPE_LINE = re.compile(
    r"^\s*(?:Nr\.?\s*)?(?P<number>\d{1,5}[A-Z]?|[A-Z]{1,3})[.,]?(?:\s+|(?<=\d)(?=[A-Z]))(?=(?:INBRENG|VERSLAG|LIJST)\b)"
)
_DOSSIER_LINE = re.compile(
    r"^\s*(?P<main>\d{1,3}\s?\d{3})(?:\s*-\s*(?P<sub>\d{1,3}|[IVXLC]{1,6}|[A-Z])|\s+(?P<sub2>[IVXLC]{1,6}|[A-Z]))?"
    r"(?=[\s,])[,]?\s+(?P<title>\S.*)$"
)
_ESTABLISHED = re.compile(r"(?:Vastgesteld|Datum\s+publicatie|Ingezonden)\s*[,:]?\s*", re.IGNORECASE)
_HEAD_SCAN = 40  # non-blank lines in which the heading must stand
TYPE_LINE, DOSSIER_LINE = _TYPE_LINE, _DOSSIER_LINE  # for readers.text.documents


@dataclass(frozen=True)
class ReportHeading:
    """What the heading states; ``lines`` is how many source lines it used (0: none found)."""

    dossier: Dossier | None
    number: str | None
    date: dt.date | None
    lines: int
    other_dossiers: tuple[Dossier, ...] = ()  # further dossiers the heading names after the first

    @property
    def id(self) -> DocumentId | None:
        if not self.dossier or not self.number:
            return None
        try:
            return DocumentId.kamerstuk(self.dossier.number, self.number)
        except ValueError:
            return None


def read_heading(lines: Iterable[str]) -> ReportHeading:
    """Dossier, number and date from the top of the text.

    Reads: the first source lines. Writes: a ReportHeading; ``lines`` ends after the date line (or
    the type line when there is no date), so the introduction starts after it.
    """
    seen: list[tuple[int, str]] = []
    for k, line in enumerate(lines):
        if line.strip():
            seen.append((k, line.strip()))
        if len(seen) >= _HEAD_SCAN:
            break
    type_at = next((j for j, (_, t) in enumerate(seen) if _TYPE_LINE.match(t)), None)
    if type_at is None:
        return ReportHeading(None, None, None, 0)
    number = _TYPE_LINE.match(seen[type_at][1])
    assert number is not None
    dossiers = _dossiers(seen[:type_at])
    dossier = dossiers[0] if dossiers else None
    if dossier is None:  # a header block of a web page: "Dossier- en ondernummer: Kamerstuk 21501-02, nr. 3349"
        own = next((r for _, t in seen[:type_at] for r in find_refs(t) if r.kind == "kst"), None)
        if own is not None and own.dossier and own.number == number.group("number"):
            dossier = Dossier(own.dossier)
    end = seen[type_at][0] + 1
    date = None
    for j in range(type_at, min(type_at + 4, len(seen))):
        k, text = seen[j]
        m = _ESTABLISHED.search(text)
        if m:
            date = parse_date(text[m.end():])
            end = k + 1
            break
    return ReportHeading(dossier, number.group("number"), date, end, tuple(dossiers[1:]))


def _dossier_lines(above: Sequence[tuple[int, str]], full: bool) -> list[tuple[int, re.Match[str]]]:
    """The dossier lines above the type line, nearest first; with ``full`` only those printed
    in full ("21 501", "36600"): a wrapped title's "2025 (wijziging ...)" is no dossier."""
    found: list[tuple[int, re.Match[str]]] = []
    for j in range(len(above) - 1, -1, -1):
        if found and found[-1][0] - j > _TITLE_LINES:
            break
        m = _DOSSIER_LINE.match(above[j][1])
        if m and (not full or _FULL_DOSSIER.match(m.group("main"))):
            found.append((j, m))
    return found


_FULL_DOSSIER = re.compile(r"\d{2,3}\s\d{3}$|\d{5}$")
_TITLE_LINES = 3  # lines a dossier's title can wrap over before the next dossier line


def _dossiers(above: Sequence[tuple[int, str]]) -> list[Dossier]:
    """The dossiers a heading names above its type line, in printed order.

    A paper that belongs to several dossiers prints each on its own line(s) ("21 501-31 Raad
    voor Werkgelegenheid ..." then "21 501-27 Sportraad"): the nearest dossier line above the
    type line is found first, then earlier ones as long as only a wrapped title stands between.
    """
    found = _dossier_lines(above, full=True) or _dossier_lines(above, full=False)[:1]
    end = len(above)
    out: list[Dossier] = []
    for j, m in reversed(found):
        nxt_found = [k for k, _ in found if k > j]
        stop = min(nxt_found) if nxt_found else end
        title = join_lines([m.group("title"), *(t for _, t in above[j + 1:stop])])
        sub = m.group("sub") or m.group("sub2")
        printed = m.group("main") + (f"-{sub}" if sub else "")
        out.append(Dossier(normalise_dossier(printed), " ".join(title.split()) or None))
    return out


@dataclass(frozen=True)
class Intro:
    committee: str | None = None
    addressee: str | None = None
    questions_sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    subject_refs: tuple[DocumentId, ...] = ()
    subject_papers: tuple[Paper, ...] = ()


# "De vaste commissie voor X heeft ..." and, in older reports, "In de vaste commissie voor
# Volksgezondheid, Welzijn en Sport, bestond er bij enkele fracties behoefte ..."
_COMMITTEE = re.compile(
    r"\b[Dd]e\s+(?P<c>(?:vaste\s+|algemene\s+|tijdelijke\s+)?commissie\s+voor\s+[^.;()]+?)\s*(?:\(\w+\)\s*)?"
    r",?\s*(?:heeft|hebben|legt|stelt|wil|bestond|bestaat)\b"
)
_ADDRESSEE = re.compile(
    r"\b(?:voorgelegd|gestuurd|gezonden|verzonden|toegezonden|voor\s+te\s+leggen)\s+aan\s+(?:de\s+|het\s+)?(?P<a>[^.;()]+?)(?=\s+(?:over|inzake|naar\s+aanleiding|met\s+betrekking|"
    r"betreffende|ten\s+aanzien|omtrent|bij)\b|\s*(?:[.;(]|,(?!\s*[A-Z]))|$)"
    r"|\baan\s+(?:de\s+|het\s+)?(?P<b>(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident|[Kk]abinet)[^.;()]*?)\s+voorgelegd\b"
)
_ANSWERED = re.compile(r"\b(?:beantwoord|gereageerd|geantwoord|(?:toegezonden|gegeven)\s+antwoorden\b)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def read_intro(text: str) -> Intro:
    """Committee, addressee, dates and the papers discussed, from the introduction's text."""
    text = " ".join(strip_marks(text).split())
    committee = _COMMITTEE.search(text)
    addressee = _ADDRESSEE.search(text)
    sent = answered = None
    for sentence in _SENTENCE.split(text):
        if sent is None and re.search(r"\b(?:voorgelegd|toegezonden|gezonden|gestuurd)\b", sentence):
            m = re.search(r"\bop\s+(" + DATE_RE.pattern + r")", sentence, re.IGNORECASE)
            sent = parse_date(m.group(1)) if m else None
        # "... beantwoord bij brief van ...", or in older reports "De op 8 april toegezonden vragen
        # ... zijn met de door de minister bij brief van 15 april toegezonden antwoorden ..."
        if answered is None and _ANSWERED.search(sentence):
            m = (re.search(r"\bbrief\s+(?:van|d\.\s?d\.)\s+(" + DATE_RE.pattern + r")", sentence, re.IGNORECASE)
                 or re.search(r"\bop\s+(" + DATE_RE.pattern + r")", sentence, re.IGNORECASE))
            answered = parse_date(m.group(1)) if m else parse_date(sentence)
    return Intro(
        committee=_committee_name(committee.group("c")) if committee else None,
        addressee=(addressee.group("a") or addressee.group("b")).strip() if addressee else None,
        questions_sent_on=sent,
        answered_on=answered,
        subject_refs=find_refs(text),
        subject_papers=papers_described(text),
    )


def _committee_name(printed: str) -> str:
    """The name as printed, without a footnote marker left glued to it when its note was not
    found ("... Welzijn en Sport1"): no committee's name ends in a digit."""
    return re.sub(r"(?<=[^\W\d_])\d{1,2}$", "", " ".join(printed.split()))


# what opens the list of papers: "voorgelegd ... over de Geannoteerde agenda ..."
_ABOUT = re.compile(r"\b(?:over|inzake|naar\s+aanleiding\s+van|met\s+betrekking\s+tot|betreffende)\s+")
_NO_DESCRIPTION = {"stuk", "stukken"}
_LEADING = re.compile(r"^[\s,;)]*(?:(?:en|alsmede|evenals|of)\s+)?(?:(?:de|het|een)\s+)?")


def papers_described(text: str) -> tuple[Paper, ...]:
    """The papers an introduction names, each with the words that describe it, as printed.

    A description runs from the list's start ("over de ...") or the previous citation up to the
    bracket that cites the paper ("... van 23 februari 2026 (Kamerstuk 21501-02, nr. 3346)");
    brackets inside it stay ("... recht (nr. 51) (Kamerstuk 36800-V, nr. 36)"). A paper cited
    without such a bracket, with no words before it or only "het stuk", is left out
    (``subject_refs`` has it).

    >>> [(p.description, str(p.ref)) for p in papers_described(
    ...     "De commissie heeft vragen voorgelegd over de Geannoteerde agenda van 23 februari 2026 "
    ...     "(Kamerstuk 21501-02, nr. 3346), het Verslag d.d. 29 januari 2026 (Kamerstuk 21501-02, "
    ...     "nr. 3345) en de Kabinetsreactie op het advies (nr. 51) (Kamerstuk 36800-V, nr. 36).")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Geannoteerde agenda van 23 februari 2026', 'kst-21501-02-3346'),
     ('Verslag d.d. 29 januari 2026', 'kst-21501-02-3345'),
     ('Kabinetsreactie op het advies (nr. 51)', 'kst-36800-V-36')]
    """
    text = " ".join(strip_marks(text).split())
    citations = find_citations(text)
    about = _ABOUT.search(text[:citations[0].start]) if citations else None
    start = about.end() if about else None
    out: list[Paper] = []
    for c in citations:
        opened = text.rfind("(", 0, c.start)
        closed = text.find(")", c.end)
        inside = text[opened + 1:c.start] if opened >= 0 else ""
        if start is None or opened < start or closed < 0 or ")" in inside or "(" in inside:
            if opened >= 0 and closed >= 0 and start is not None and opened >= start:
                start = closed + 1  # a second paper cited in the same bracket
            continue
        description = _LEADING.sub("", text[start:opened]).strip(" ,;")
        # "het stuk (Kamerstuk ...)" (overleg's own rebuilt introduction) describes nothing
        if description and description.lower() not in _NO_DESCRIPTION and len(description) <= 400:
            out.append(Paper(description, c.id))
        start = closed + 1
    return tuple(out)


_CLERK_TITLE = re.compile(r"^\s*(?:De\s+)?(?P<title>.*?griffier)\b", re.IGNORECASE)


def clerk_title(line: str) -> str | None:
    """The clerk's title as printed on the signature line, with a capital ("Adjunct-griffier",
    "De griffier van de commissie," -> "Griffier")."""
    m = _CLERK_TITLE.match(strip_marks(line))
    if not m:
        return None
    title = " ".join(m.group("title").split())
    return title[:1].upper() + title[1:]


_BULLET = re.compile(r"^\s*(?:[-–•▪·*]|\d{1,2}[.)])\s+")


def read_agenda(paragraphs: Sequence[str]) -> tuple[AgendaEntry, ...]:
    """The entries of a "Volledige agenda": one per bullet (or per paragraph without bullets).

    >>> e = read_agenda(["- de brief van de minister van 9 februari 2026", "over (Kamerstuk 21501-02, Nr. 3346)"])
    >>> e[0].date.isoformat(), [str(r) for r in e[0].refs]
    ('2026-02-09', ['kst-21501-02-3346'])
    """
    entries: list[list[str]] = []
    bullets = any(_BULLET.match(p) for p in paragraphs)
    for p in paragraphs:
        text = strip_marks(p).strip()
        if not bullets or _BULLET.match(text) or not entries:
            entries.append([_BULLET.sub("", text)])
        else:
            entries[-1].append(text)
    out = []
    for parts in entries:
        text = " ".join(" ".join(parts).split())
        out.append(AgendaEntry(parse_date(text), text, find_refs(text)))
    return tuple(out)


_STOP = {"de", "het", "een", "van", "over", "voor", "en", "op", "inzake", "d.d", "aan", "in", "met", "nr", "brief",
         "minister", "kamerstuk"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", text.lower()) if w not in _STOP}


def _described(text: str) -> list[tuple[str, DocumentId]]:
    """Each citation in a text with the words before it that describe the paper cited."""
    out = []
    prev = 0
    for c in find_citations(text):
        out.append((text[prev:c.start], c.id))
        prev = c.end
    return out


def citation_problems(intro: str, agenda: Sequence[AgendaEntry]) -> tuple[Problem, ...]:
    """Letters that the introduction and the agenda (or two agenda entries) cite differently.

    An agenda entry whose description matches a paper the introduction describes, but with other
    papers cited, is reported; so is one paper cited for two letters of different dates.
    """
    problems: list[Problem] = []
    described = _described(" ".join(strip_marks(intro).split()))
    flagged: set[int] = set()
    for k, entry in enumerate(agenda):
        subject = _words(re.split(r"\bover\b", entry.text, maxsplit=1)[-1])
        if not subject or not entry.refs:
            continue
        best, score = None, 0.0
        for words, ref in described:
            overlap = len(subject & _words(words)) / len(subject)
            if overlap > score:
                best, score = ref, overlap
        if best is not None and score >= 0.6 and best not in entry.refs:
            cited = ", ".join(str(r) for r in entry.refs)
            problems.append(Problem(
                "inconsistent-citation",
                f"agenda entry {k + 1} cites {cited} for a letter the introduction cites as {best}",
                f"agenda entry {k + 1}",
            ))
            flagged.add(k)
    first_use: dict[DocumentId, int] = {}
    for k, entry in enumerate(agenda):
        for ref in entry.refs:
            j = first_use.setdefault(ref, k)
            other = agenda[j]
            if j != k and k not in flagged and j not in flagged and other.date and entry.date \
                    and other.date != entry.date:
                problems.append(Problem(
                    "inconsistent-citation",
                    f"{ref} is cited for two letters, of {other.date.isoformat()} and {entry.date.isoformat()}",
                    f"agenda entries {j + 1} and {k + 1}",
                ))
    return tuple(problems)
