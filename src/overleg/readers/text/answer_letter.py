"""A list of questions answered by letter from a body other than the cabinet (the Algemene
Rekenkamer answering a committee's questions about its report, a planning bureau, a
ministry): PreparedText to a Document of type ``lijst-van-vragen-en-antwoorden``.

Such a letter prints each question under "Vraag N" and its answer right after it, without an
answer label. The pipeline (the shared stages are ``questions.py``'s):

    join_page_breaks     lines -> lines          a paragraph running on over a page break is one
    split_labelled       lines -> head, blocks   "Vraag N" labels (qa_blocks)
    _split_answers       blocks -> blocks        each question block split into question and answer
    parse_answer_heading head -> heading         sender, committee, subject, dates
    items_of, finish     items, notes, references, commitments

Where the question ends: at the end of the first paragraph that holds a question mark ("Kunt u
...? Graag per organisatie." is one question); in a text without paragraphs (one flattened
line), after the run of sentences ending in a question mark ("...? Zo nee, waarom niet?").

>>> text = "Wat kost het? Zo nee, waarom niet? Het kost niets. Zie vraag 2."
>>> text[:_question_end([text])[1]]
'Wat kost het? Zo nee, waarom niet?'
>>> _question_end(["Hoe zit het met de", "CJIB?", "Goed."])
(1, 5)
"""

from __future__ import annotations

import re
from dataclasses import replace

from overleg.model import Committee, Document, DocumentType, Problem
from overleg.readers.text.answer_letter_heading import parse_answer_heading
from overleg.readers.text.prepared import PreparedText
from overleg.readers.text.qa_blocks import LabelledBlock, split_labelled
from overleg.readers.text.questions import finish_numbered_questions, heading_lines, items_of, join_page_breaks
from overleg.readers.text.tables import table_runs
from overleg.vocabulary.markers import MARK_RE

_SENTENCE = re.compile(r".+?(?:[.?!](?=[\s\"'”’)]|$)[\"'”’)]*|$)", re.S)


_TABLE_ROW = re.compile(r"^(?:\S+\s+)?(?:[-+€%]?\s?\d[\d.,]*%?\s*){2,}$")


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """The paragraphs of a block. A paragraph whose last word runs on (a letter, no final
    punctuation) goes on in the next one: the gap was a layout break ("bij het" / "Centraal
    Justitieel Incassobureau (CJIB)?"). A row of figures (a table's) stays a line of its own."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    found = [p for p in out if p]
    joined: list[list[str]] = []
    for paragraph in found:
        prev = joined[-1][-1].rstrip() if joined else ""
        if prev and prev[-1].isalpha() and not _TABLE_ROW.match(prev) and not _TABLE_ROW.match(" ".join(paragraph)):
            joined[-1].extend(paragraph)
        else:
            joined.append(list(paragraph))
    return joined


def _tables_together(paragraphs: list[list[str]]) -> list[list[str]]:
    """A table's rows, each a paragraph of its own here (a row of figures stays a line), as one
    paragraph again: the text reader keeps it as a table (``readers/text/tables.py``)."""
    runs = table_runs([" ".join(p) for p in paragraphs])
    if not runs:
        return paragraphs
    out: list[list[str]] = []
    last = 0
    for start, end, _ in runs:
        out.extend(paragraphs[last:start])
        out.append([" ".join(p) for p in paragraphs[start:end]])
        last = end
    return out + paragraphs[last:]


def _question_end(paragraphs: list[str]) -> tuple[int, int] | None:
    """Where the question ends: (paragraph, offset in it), or None when nothing asks."""
    for k, paragraph in enumerate(paragraphs):
        text = MARK_RE.sub("", paragraph)
        if "?" not in text:
            continue
        if k + 1 < len(paragraphs):
            return k, len(paragraph)
        # one paragraph holds question and answer: the question runs on while sentences ask
        end = None
        for m in _SENTENCE.finditer(paragraph):
            sentence = MARK_RE.sub("", m.group()).strip()
            if sentence.rstrip("\"'”’)").endswith("?"):
                end = m.end()
            elif end is not None:
                break
        return (k, end) if end is not None else None
    return None


def _split_answers(blocks: list[LabelledBlock], problems: list[Problem]) -> list[LabelledBlock]:
    """Each question block with no answer label for its numbers, split where the question
    ends: the rest is the answer, a block of its own."""
    answered = {n for b in blocks if b.kind == "answer" for n in b.numbers}
    out: list[LabelledBlock] = []
    for block in blocks:
        out.append(block)
        if block.kind != "question" or answered.intersection(block.numbers):
            continue
        paragraphs = _paragraphs(block.lines)
        end = _question_end([" ".join(p) for p in paragraphs])
        if end is None:
            problems.append(Problem("question-boundary-guessed", f"question {block.numbers[0]} asks nothing (no "
                                    "question mark): its first paragraph is taken as the question",
                                    f"line {block.line_no + 1}"))
            end = (0, len(" ".join(paragraphs[0]))) if len(paragraphs) > 1 else None
        if end is None:
            continue
        k, offset = end
        joined = " ".join(paragraphs[k])
        question = [*(ln for p in paragraphs[:k] for ln in (*p, "")), joined[:offset].strip()] \
            if offset < len(joined) else [*(ln for p in paragraphs[:k] for ln in (*p, "")), *paragraphs[k]]
        rest = joined[offset:].strip()
        answer = ([rest, ""] if rest else []) + [ln for p in paragraphs[k + 1:] for ln in (*p, "")]
        block.lines = question
        answer = [ln for p in _tables_together(_paragraphs(answer)) for ln in (*p, "")]
        if any(ln.strip() for ln in answer):
            out.append(LabelledBlock("answer", block.numbers, answer, block.line_no))
    return out


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    """The Document of a list of questions answered by letter."""
    problems: list[Problem] = []
    lines, _ = join_page_breaks(prepared, problems)
    head, blocks = split_labelled(lines)
    blocks = _split_answers(blocks, problems)
    heading = parse_answer_heading(heading_lines(head))
    if heading.sender is None:
        problems.append(Problem("no-heading", "the body that answers is not named in the letter's head", "line 1"))
    doc = Document(
        type=doc_type,
        date=heading.date,
        committee=Committee(name=heading.committee) if heading.committee else None,
        addressee=heading.sender,
        answered_by=(heading.sender,) if heading.sender else (),
        subject=heading.subject,
        answered_on=heading.answered_on,
        subject_refs=heading.subject_refs,
        subject_papers=heading.subject_papers,
        opening=heading.opening,
        items=items_of(blocks, problems, postponed=False),
    )
    return finish_numbered_questions(prepared, replace(doc), problems)
