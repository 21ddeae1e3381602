"""Written questions with their answers (Aanhangsel van de Handelingen) and lists of questions
and answers (*lijst van vragen en antwoorden*): PreparedText to Document.

The pipeline (each stage a function below, saying what it reads and writes):

    join_page_breaks    lines -> lines         a paragraph running on over a page break is one
    split_labelled      lines -> head, blocks  "Vraag N" / "Antwoord N" labels (qa_blocks)
    _recover_lost_labels blocks -> blocks      a question label lost at a page break
    parse_heading       head  -> heading       askers, offices, subject, dates (aanhangsel_heading)
    items_of            blocks -> items        grouped labels, answers out of order, missing ones
    _footnotes          marks + notes -> notes every referenced note, text None where missing
    enrich              refs, cross-refs, motions, commitments (extract.enrich)
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from overleg.extract.enrich import enrich
from overleg.model import (
    Commitment,
    Committee,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Footnote,
    Item,
    NoteMark,
    Problem,
)
from overleg.readers.text import lijst_heading, questions_only
from overleg.readers.text.aanhangsel_heading import AanhangselHeading, parse_heading
from overleg.readers.text.mark_places import numbers_of, shifted
from overleg.readers.text.notes import join_two
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.qa_blocks import LabelledBlock, block_text, ends_in_punctuation, label_of, split_labelled
from overleg.vocabulary.markers import MARK_RE


def join_page_breaks(prepared: PreparedText, problems: list[Problem]) -> tuple[list[str], list[int]]:
    """Reads layout lines and page starts; writes lines where the empty line a page break left
    is removed when the sentence before it runs on (no final punctuation, or a hyphen), and the
    page starts in those lines. A sentence running on into a label means text was lost."""
    lines = prepared.lines
    drop: set[int] = set()
    for start in sorted(prepared.page_starts):
        gap = start - 1
        if gap <= 0 or gap >= len(lines) or lines[gap].strip():
            continue
        before = _nearest_text(lines, gap - 1, -1)
        if before and not ends_in_punctuation(before):
            if label_of(_nearest_text(lines, gap + 1, 1)) is not None:
                problems.append(Problem("text-lost", "a sentence breaks off at the end of a page (text lost in "
                                        "the conversion?)", f"line {gap}"))
            drop.add(gap)
    kept = [line for k, line in enumerate(lines) if k not in drop]
    dropped_before = sorted(drop)
    starts = [s - bisect.bisect_left(dropped_before, s) for s in sorted(prepared.page_starts)]
    return kept, starts


def _nearest_text(lines: Sequence[str], start: int, step: int) -> str:
    """The first non-empty line from ``start`` on in direction ``step``, or ""."""
    k = start
    while 0 <= k < len(lines):
        if lines[k].strip():
            return lines[k]
        k += step
    return ""


def _ends_sentence(lines: list[str]) -> bool:
    last = next((ln for ln in reversed(lines) if ln.strip()), "")
    return ends_in_punctuation(last)


def _recover_lost_labels(blocks: list[LabelledBlock], starts: list[int],
                         problems: list[Problem]) -> list[LabelledBlock]:
    """Reads blocks and page starts; writes blocks where a question whose label was lost at a
    page break (in a third-party conversion) is split off the answer before it.

    The signs, all required: an answer label with no question block of its numbers; the answer
    block before it runs over a page break; the text before the break ends a sentence; the text
    after it ends in a question mark.
    """
    asked = {n for b in blocks if b.kind == "question" for n in b.numbers}
    out: list[LabelledBlock] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (block.kind == "answer" and block.numbers and not asked.intersection(block.numbers)
                and prev is not None and prev.kind == "answer"):
            first, last = prev.line_no + 1, prev.line_no + len(prev.lines)
            breaks = [p for p in starts if first < p <= last]
            if breaks:
                rel = breaks[-1] - first
                before, after = prev.lines[:rel], prev.lines[rel:]
                after_text = MARK_RE.sub("", " ".join(ln.strip() for ln in after if ln.strip()))
                if before and _ends_sentence(before) and after_text.endswith("?"):
                    prev.lines = before
                    out.append(LabelledBlock("question", block.numbers, after, breaks[-1] - 1))
                    problems.append(Problem(
                        "label-lost", f"the label of question {block.numbers[0]} is missing (text lost at a page "
                        "break?); the text after the break is taken as the question", f"line {breaks[-1] + 1}"))
        out.append(block)
    return out


@dataclass
class _Found:
    """What the blocks say about one number, collected before the items are built."""

    questions: list[tuple[str, tuple[NoteMark, ...]]] = field(default_factory=list)
    answer: tuple[str, tuple[NoteMark, ...], tuple[int, ...]] | None = None  # text, marks, group


def _collect(blocks: list[LabelledBlock], problems: list[Problem]) -> dict[int, _Found]:
    """Reads blocks; writes per number its question texts and its answer. A question label with
    several numbers gives each the whole block; so does an answer label."""
    found: dict[int, _Found] = {}
    for block in blocks:
        if not block.numbers:
            problems.append(Problem(
                "unnumbered-answer", "an answer label without a number and no question before it",
                f"line {block.line_no + 1}"))
            continue
        text, notes = block_text(block.lines)
        for n in block.numbers:
            entry = found.setdefault(n, _Found())
            if block.kind == "question":
                entry.questions.append((text, notes))
            elif entry.answer is None:
                group = block.numbers if len(block.numbers) > 1 else ()
                entry.answer = (text, notes, group)
            else:
                problems.append(Problem("duplicate-answer", f"a second answer to question {n}",
                                        f"line {block.line_no + 1}"))
    return found


def items_of(blocks: list[LabelledBlock], problems: list[Problem], postponed: bool) -> tuple[Item, ...]:
    """Reads blocks; writes items in the order of the questions (answers may come in any order)."""
    found = _collect(blocks, problems)
    order = sorted(found, key=lambda n: (not found[n].questions, n))
    items = []
    for n in order:
        entry = found[n]
        question, q_marks = _joined_questions(entry.questions)
        q_notes = numbers_of(q_marks)
        if not entry.questions:
            problems.append(Problem("answer-without-question", f"answer {n} has no question of its own", f"item {n}"))
        if entry.answer is None:
            if not postponed:
                problems.append(Problem("unanswered", f"question {n} has no answer", f"item {n}"))
            items.append(Item(number=n, question=question, question_footnotes=q_notes, question_marks=q_marks))
            continue
        answer, a_marks, group = entry.answer
        items.append(Item(number=n, question=question, answer=answer or None, question_footnotes=q_notes,
                          answer_footnotes=numbers_of(a_marks), answer_group=group, question_marks=q_marks,
                          answer_marks=a_marks))
    return tuple(sorted(items, key=lambda i: i.number))


def _joined_questions(questions: Sequence[tuple[str, tuple[NoteMark, ...]]]) -> tuple[str, tuple[NoteMark, ...]]:
    """The question texts of one number (a label can be printed twice) joined by a blank line,
    each text once, with their marks."""
    text = ""
    marks: list[NoteMark] = []
    seen: set[str] = set()
    for q, q_marks in questions:
        if q in seen:
            continue
        seen.add(q)
        by = len(text) + 2 if text else 0
        text = f"{text}\n\n{q}" if text else q
        marks.extend(shifted(q_marks, by))
    return text, tuple(marks)


def _footnotes(prepared: PreparedText, items: tuple[Item, ...], problems: list[Problem]) -> tuple[Footnote, ...]:
    """Reads the container's notes and the numbers marked in the items; writes every note, with a
    text-less note (and a problem) for a marker whose note the source does not hold."""
    notes = {f.number: f for f in prepared.footnotes}
    used = sorted({n for i in items for n in (*i.question_footnotes, *i.answer_footnotes)})
    for n in used:
        if n not in notes or notes[n].text is None:  # no note, or a Word note left empty
            notes[n] = notes.get(n) or Footnote(number=n, text=None)
            problems.append(Problem("footnote-without-text", f"footnote {n} is referenced but has no text",
                                    f"footnote {n}"))
    for n in sorted(set(notes) - set(used)):
        problems.append(Problem("footnote-without-marker", f"footnote {n} is not referenced in any question or answer",
                                f"footnote {n}"))
    found = tuple(notes[n] for n in sorted(notes))
    if len({f.series for f in found}) == 1:  # one numbering needs no series (a Word file's notes)
        found = tuple(replace(f, series=None) for f in found)
    return found


def _without_series(item: Item) -> Item:
    if not any(m.series for m in (*item.question_marks, *item.answer_marks)):
        return item
    return replace(item, question_marks=tuple(replace(m, series=None) for m in item.question_marks),
                   answer_marks=tuple(replace(m, series=None) for m in item.answer_marks))


def heading_lines(head: list[str]) -> list[str]:
    """The heading's lines with broken words joined, so that names and subjects read whole."""
    out: list[str] = []
    for line in head:
        text = MARK_RE.sub("", line).strip()
        if out and out[-1].endswith("-") and text:
            out[-1] = join_two(out[-1], text)
        else:
            out.append(text)
    return out


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    """The Document of written questions or of a list of questions and answers."""
    problems: list[Problem] = []
    lines, starts = join_page_breaks(prepared, problems)
    head, blocks = split_labelled(lines, bare_numbers=doc_type is DocumentType.LIJST)
    if not blocks and doc_type is DocumentType.SCHRIFTELIJKE_VRAGEN:  # numbered "1", "2." without labels
        head, blocks = split_labelled(questions_only.number_lines(lines), bare_numbers=True)
    blocks = _recover_lost_labels(blocks, starts, problems)
    doc = _lijst(head, blocks, problems) if doc_type is DocumentType.LIJST else _aanhangsel(head, blocks, problems)
    return finish_numbered_questions(prepared, doc, problems)


def finish_numbered_questions(prepared: PreparedText, doc: Document, problems: list[Problem]) -> Document:
    """The document with its footnotes, problems, references, commitments and deferrals (the
    stages every genre of numbered questions shares after its items are found)."""
    footnotes = _footnotes(prepared, doc.items, problems)
    doc = replace(doc, footnotes=footnotes, problems=tuple(problems))
    if all(f.series is None for f in footnotes):  # one numbering: its marks need no series either
        doc = replace(doc, items=tuple(_without_series(i) for i in doc.items))
    doc = enrich(doc)
    postponed = [p.message for p in doc.problems if p.code == "answer-postponed"]
    if postponed:  # the notice that puts the answer off promises it for later
        doc = replace(doc, commitments=(*doc.commitments, Commitment(item=None, text=postponed[0])))
    if not doc.items:
        doc = replace(doc, problems=(*doc.problems, Problem("no-items", "no 'Vraag N' / 'Antwoord N' labels found")))
    return doc


def _aanhangsel(head: list[str], blocks: list[LabelledBlock], problems: list[Problem]) -> Document:
    heading: AanhangselHeading = parse_heading(heading_lines(head))
    doc_id = None
    if heading.year and heading.number:
        doc_id = DocumentId.try_parse(f"ah-tk-{heading.year}-{int(heading.number)}")
    if not heading.askers:
        problems.append(Problem("no-heading", "no 'Vragen van ... (ingezonden ...)' heading found", "line 1"))
    if heading.postponed:
        problems.append(Problem("answer-postponed", heading.postponed, "heading"))
    answered = any(b.kind == "answer" for b in blocks)
    # questions as submitted, before any answer: no question lacks one yet
    items = items_of(blocks, problems, postponed=bool(heading.postponed) or not (answered or heading.answered_on))
    if answered and not heading.answered_on:
        problems.append(Problem("answer-date-not-found", "answers are printed, but no 'Antwoord van ... (ontvangen "
                                "...)' gives their date", "heading"))
    if answered and doc_id is None:  # answers are published in the Aanhangsel, under its number
        problems.append(Problem("number-not-found", "answers are printed, but no Aanhangsel number and session "
                                "year give the document's id", "heading"))
    if heading.askers and not heading.addressees:
        problems.append(Problem("addressee-not-found", "the heading does not say to whom the questions went "
                                "('aan de Minister van ...')", "heading"))
    doc = Document(
        type=DocumentType.SCHRIFTELIJKE_VRAGEN,
        id=doc_id,
        number=heading.number,
        askers=heading.askers,
        addressees=heading.addressees,
        addressee=heading.addressees[0] if len(heading.addressees) == 1 else None,
        answered_by=heading.answered_by,
        subject=heading.subject,
        questions_sent_on=heading.questions_sent_on,
        answered_on=heading.answered_on,
        items=items,
    )
    return doc


def _lijst(head: list[str], blocks: list[LabelledBlock], problems: list[Problem]) -> Document:
    heading = lijst_heading.parse_lijst_heading(heading_lines(head))
    items = items_of(blocks, problems, postponed=False)
    dossier = Dossier(number=heading.dossier, title=heading.dossier_title) if heading.dossier else None
    doc_id = None
    if heading.dossier and heading.number:
        doc_id = DocumentId.try_parse(f"kst-{heading.dossier}-{heading.number}")
    return Document(
        type=DocumentType.LIJST,
        id=doc_id,
        dossier=dossier,
        number=heading.number,
        date=heading.date,
        committee=Committee(name=heading.committee, chair=heading.chair, clerk=heading.clerk,
                            clerk_title=heading.clerk_title if heading.clerk else None)
        if heading.committee else None,
        addressee=heading.addressee,
        subject_refs=heading.subject_refs,
        subject_papers=heading.subject_papers,
        opening=heading.opening,
        questions_sent_on=heading.questions_sent_on,
        answered_on=heading.answered_on,
        items=items,
    )
