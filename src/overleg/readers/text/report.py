"""Reports of a written consultation (verslag, nader verslag, inbreng) from PreparedText.

The pipeline, each stage in its own module and small enough to read at once:

    to_lines           furniture.py     number lines; drop running heads, page numbers, contents
    read_heading       report_heading   dossier, number, type line, date established
    split_blocks       furniture.py     runs of non-blank lines
    separate           footnotes.py     note blocks and URL blocks out of the body
    build              paragraphs.py    headings split off, lines joined, page breaks mended
    resolve_markers    footnotes.py     glued markers -> explicit marks, by their sequence
    kind_of            report_kinds.py  what each paragraph is
    read_intro/agenda  report_heading   committee, addressee, dates, papers, signatures, agenda
    read_body          report_body.py   groups, topics, passages, answers
    assemble (here)                     items, footnotes, motions, problems -> Document -> enrich

Layout (line width, blank lines) is used as a hint only; every decision also has a wording
signal, so re-flowed paragraphs read the same as layout lines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from overleg.errors import ReaderError, UnreadableInput
from overleg.extract import motions
from overleg.extract.enrich import enrich
from overleg.extract.references import find_refs
from overleg.model import Committee, Document, DocumentType, Faction, Footnote, Item, NoteMark, Problem
from overleg.model.table import table_of
from overleg.readers.text import footnotes, paragraphs
from overleg.readers.text.furniture import split_blocks, to_lines
from overleg.readers.text.mark_places import explicit_markers, numbers_of, places
from overleg.readers.text.paragraphs import Paragraph
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.report_body import ItemText, read_body, width_threshold
from overleg.readers.text.report_heading import (
    Intro,
    citation_problems,
    clerk_title,
    read_agenda,
    read_heading,
    read_intro,
)
from overleg.readers.text.report_kinds import HeadingKind, Kinded, is_heading_like, kind_of
from overleg.vocabulary.markers import MARK_OPEN, strip_marks

# what a paragraph that is no structural heading can be
_TOPIC, _TEXT = Kinded(HeadingKind.TOPIC), Kinded(HeadingKind.TEXT)
_BODY_STARTS = (HeadingKind.PART, HeadingKind.FACTION, HeadingKind.LETTER, HeadingKind.REPLY, HeadingKind.ANSWER)


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:?!])")
# Its cheap test: a pattern that starts with a character class is scanned for that class (one
# starting with \s+ is tried at every position); the look-behind then checks the space before.
_PUNCT_AFTER_SPACE = re.compile(r"[,.;:?!](?<=\s.)")


def clean(text: str) -> str:
    """Item text for the model: marks removed, spaces collapsed, paragraphs kept apart."""
    if MARK_OPEN in text:  # a mark removed can leave "Piri ." behind
        text = strip_marks(text).replace(" \n\n", "\n\n")
        if _PUNCT_AFTER_SPACE.search(text):
            text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return "\n\n".join(p for p in (p.strip() if table_of(p.strip()) else " ".join(p.split())
                                      for p in text.split("\n\n")) if p)


def clean_and_marks(text: str) -> tuple[str, tuple[NoteMark, ...]]:
    """``clean(text)`` and where the marks of ``text`` stand in it; a report has one numbering."""
    cleaned = clean(text)
    markers = [m._replace(series=None) for m in explicit_markers(text)]
    return cleaned, places(text, markers, cleaned) if markers else ()


@dataclass(frozen=True)
class _Signatures:
    chair: str | None
    clerk: str | None
    clerk_title: str | None = None  # as printed: "Adjunct-griffier"


def _signatures(units: Sequence[tuple[Paragraph, Kinded]]) -> _Signatures:
    """Chair and clerk: the name after "De voorzitter van de commissie," on its line or the next."""
    found: dict[HeadingKind, str] = {}
    title = None
    for k, (para, kinded) in enumerate(units):
        if kinded.kind is HeadingKind.CLERK and title is None:
            title = clerk_title(para.text)
        if kinded.kind in (HeadingKind.CHAIR, HeadingKind.CLERK) and kinded.kind not in found:
            name = kinded.name
            if not name and k + 1 < len(units):
                nxt = strip_marks(units[k + 1][0].text).strip()
                after = units[k + 1][1].kind
                if after in (HeadingKind.TOPIC, HeadingKind.TEXT) and is_heading_like(nxt) and len(nxt) <= 60:
                    name = nxt
            if name:
                found[kinded.kind] = name
    return _Signatures(found.get(HeadingKind.CHAIR), found.get(HeadingKind.CLERK), title)


def _opening(intro_units: Sequence[tuple[Paragraph, Kinded]]) -> tuple[str, ...]:
    """The paragraphs of running text after the heading, up to the signatures or a heading."""
    out: list[str] = []
    for para, kinded in intro_units:
        if kinded.kind is not HeadingKind.TEXT:
            if out:
                break
            continue
        text = clean(para.text)
        if text:
            out.append(text)
    return tuple(out)


def _answer_heading(units: Sequence[tuple[Paragraph, Kinded]], start: int) -> str | None:
    """The heading of the question-and-answer part as printed, when the body opens with one
    ("Vragen en opmerkingen vanuit de fracties en reactie van de minister")."""
    if start < len(units) and units[start][1].kind is HeadingKind.PART:
        return clean(units[start][0].text) or None
    return None


def _footnotes(notes: Sequence[footnotes.NoteText], found: Sequence[int]) -> tuple[tuple[Footnote, ...], list[Problem]]:
    texts = {n.number: n for n in notes}
    problems = []
    out = []
    for number in sorted(set(texts) | set(found)):
        note = texts.get(number)
        if note is None or (not note.text.strip() and number in found):  # a Word note left empty
            problems.append(Problem("footnote-without-text",
                                    f"footnote {number} has a marker but no text in the source", f"footnote {number}"))
            out.append(Footnote(number, None))
            continue
        if number not in found:
            problems.append(Problem("footnote-without-marker", f"no marker found for footnote {number}",
                                    f"line {note.no}"))
        out.append(Footnote(number, note.text or None, find_refs(note.text), note.urls))
    return tuple(out), problems


def _items(passages: Sequence[ItemText]) -> tuple[Item, ...]:
    items = []
    for p in passages:
        question, q_marks = clean_and_marks(p.question)
        answer, a_marks = clean_and_marks(p.answer) if p.answer is not None else (None, ())
        items.append(Item(
            number=p.number,
            question=question,
            answer=answer,
            faction=p.faction,
            topic=p.topic,
            question_footnotes=numbers_of(q_marks),
            answer_footnotes=numbers_of(a_marks),
            answer_group=p.group,
            question_marks=q_marks,
            answer_marks=a_marks,
        ))
    return tuple(items)


def _factions(factions: Sequence[Faction]) -> tuple[Faction, ...]:
    """The groups with their preambles clean, the marks placed."""
    out = []
    for f in factions:
        if f.preamble:
            preamble, marks = clean_and_marks(f.preamble)
            f = replace(f, preamble=preamble or None, preamble_marks=marks if preamble else ())
        out.append(f)
    return tuple(out)


def _missing(dated: bool, intro: Intro, answered: bool, doc_type: DocumentType) -> list[Problem]:
    """What every report states but this one's reader did not find: the date it was established,
    the committee, to whom the questions went and, once answered, the date of the answer."""
    found = []
    if not dated:
        found.append(Problem("date-not-found", "no date established ('Vastgesteld ...') in the heading", "heading"))
    if intro.committee is None:
        found.append(Problem("committee-not-found", "the introduction names no committee ('De vaste commissie "
                             "voor ...')", "introduction"))
    if intro.addressee is None:
        found.append(Problem("addressee-not-found", "the introduction does not say to whom the questions went "
                             "('voorgelegd aan de minister ...')", "introduction"))
    if answered and doc_type is not DocumentType.INBRENG and intro.answered_on is None:
        found.append(Problem("answer-date-not-found", "the introduction gives no date of the answer ('bij brief "
                             "van ...')", "introduction"))
    return found


def _limits(paras: Sequence[Paragraph], notes: Sequence[footnotes.NoteText]) -> dict[int, int]:
    """For each note, the index of the first paragraph after its text (its marker stands before)."""
    starts = [p.no for p in paras]
    return {note.number: bisect.bisect_right(starts, note.no) for note in notes}


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    """Read one report (see module docstring). Raises ReaderError subclasses only."""
    try:
        return _parse(prepared, doc_type)
    except ReaderError:
        raise
    except (ValueError, IndexError, KeyError, AttributeError) as e:  # a defect, reported against the source
        raise UnreadableInput(prepared.source, f"could not read this report: {type(e).__name__}: {e}") from e




def _parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    lines = to_lines(prepared.lines)
    heading = read_heading(line.text for line in lines)  # lazily: only its first lines are read
    separated = footnotes.separate(split_blocks(lines[heading.lines:]))
    if prepared.footnotes:  # notes the container already took out (PDF page feet, Word notes)
        known = {n.number for n in separated.notes}
        extra = tuple(footnotes.NoteText(f.number, f.text or "", f.urls, len(lines) + 1)
                      for f in prepared.footnotes if f.number not in known)
        separated = footnotes.Separated(separated.body, tuple(sorted((*separated.notes, *extra),
                                                                     key=lambda n: n.number)))
    kinds: dict[str, Kinded] = {}  # heading kinds of this parse: a heading is classified twice
    paras = paragraphs.build(separated.body, kinds)
    resolved = footnotes.resolve_markers([p.text for p in paras], _limits(paras, separated.notes))
    paras = [p if p.text is t else replace(p, text=t) for p, t in zip(paras, resolved.texts, strict=True)]
    units = [(p, kind_of(p.text, kinds) if p.heading else _TOPIC if is_heading_like(p.text) else _TEXT) for p in paras]

    start = next((k for k, (_, kd) in enumerate(units) if kd.kind in _BODY_STARTS), len(units))
    end = next((k for k, (_, kd) in enumerate(units) if kd.kind is HeadingKind.AGENDA and k >= start), len(units))
    agenda_units = []
    for para, kinded in units[end + 1:]:
        if kinded.kind not in (HeadingKind.TEXT, HeadingKind.TOPIC):
            break
        agenda_units.append(para.text)
    intro_units = units[:start]
    intro_text = "\n".join(p.text for p, kd in intro_units if kd.kind is HeadingKind.TEXT)
    intro = read_intro(intro_text)
    signatures = _signatures(units)
    agenda = read_agenda(agenda_units)

    body = read_body(units[start:end], None if prepared.reflowed else width_threshold(units[start:end]))
    notes, note_problems = _footnotes(separated.notes, resolved.numbers)
    items = _items(body.passages)
    cited = motions.from_marked(
        [(p.number, t) for p in body.passages for t in (p.question, p.answer or "")], notes
    )
    problems = [*note_problems, *body.problems, *citation_problems(intro_text, agenda)]
    if heading.dossier is None:
        problems.append(Problem("heading-not-found", "no dossier number and document number in the heading", "line 1"))
    problems += _missing(heading.date is not None, intro, any(p.answer for p in body.passages), doc_type)
    doc = Document(
        type=doc_type,
        id=heading.id,
        dossier=heading.dossier,
        other_dossiers=heading.other_dossiers,
        number=heading.number,
        date=heading.date,
        committee=Committee(intro.committee, signatures.chair, signatures.clerk,
                            signatures.clerk_title if signatures.clerk else None)
        if intro.committee or signatures.chair or signatures.clerk else None,
        addressee=intro.addressee,
        questions_sent_on=intro.questions_sent_on,
        answered_on=intro.answered_on,
        subject_refs=intro.subject_refs or tuple(dict.fromkeys(r for e in agenda for r in e.refs)),
        subject_papers=intro.subject_papers,
        opening=_opening(intro_units),
        answer_heading=_answer_heading(units, start),
        agenda=agenda,
        factions=_factions(body.factions),
        items=items,
        footnotes=notes,
        motions=cited,
        problems=tuple(problems),
    )
    return enrich(doc, motions_searched=True)  # from_marked above searched every passage
