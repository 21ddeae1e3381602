"""The HTML download reads back: ``overleg convert seed --to html`` and then reading that page
(``readers.official_html``) gives the same questions and answers, character for character, and
the same footnotes and markers. What the page adds to the printed text (labels, links, the
contents) is marked ``noprint`` as officielebekendmakingen marks it, and the reader skips it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import overleg
from overleg.cli import app
from overleg.model import Document, NoteMark

SEED = overleg.EXAMPLES / "kst-21501-02-3349.txt"
runner = CliRunner()


def spread_marks(text: str, numbers: tuple[int, ...]) -> tuple[NoteMark, ...]:
    """Markers after words spread over ``text``, one per note, in order (where the seed prints
    them is what the readers will give; any place after a word must survive the trip)."""
    ends = [m.end() for m in re.finditer(r"[^\W\d_](?=\s)", text)]
    step = max(1, len(ends) // (len(numbers) + 1))
    return tuple(NoteMark(ends[min((k + 1) * step, len(ends) - 1)], n) for k, n in enumerate(numbers))


def marked_seed() -> Document:
    doc = overleg.read(SEED)
    return dataclasses.replace(doc, items=tuple(
        dataclasses.replace(i, question_marks=spread_marks(i.question, i.question_footnotes),
                            answer_marks=spread_marks(i.answer or "", i.answer_footnotes)) for i in doc.items))


def converted(doc: Document, tmp_path: Path) -> Document:
    """``doc`` through ``overleg convert --to html`` and read back."""
    source = tmp_path / "seed.json"
    source.write_text(overleg.to_json(doc), encoding="utf-8")
    page = tmp_path / "seed.html"
    done = runner.invoke(app, ["convert", str(source), "--to", "html", "-o", str(page)])
    assert done.exit_code == 0, done.output
    return overleg.read(page)


def test_the_seeds_html_reads_back_to_the_same_questions_answers_and_notes(tmp_path: Path) -> None:
    doc = marked_seed()
    back = converted(doc, tmp_path)
    assert [i.number for i in back.items] == [i.number for i in doc.items]
    for before, after in zip(doc.items, back.items, strict=True):
        assert after.question == before.question, f"question {before.number}"
        assert after.answer == before.answer, f"answer {before.number}"
        assert (after.question_footnotes, after.answer_footnotes) == (before.question_footnotes,
                                                                      before.answer_footnotes)
        assert (after.faction, after.topic) == (before.faction, before.topic)
    assert back.footnotes == doc.footnotes
    assert back.factions == doc.factions
    assert (back.id, back.date, back.committee) == (doc.id, doc.date, doc.committee)


@pytest.mark.xfail(strict=True, reason="the readers keep no marker places until branch printed-model lands; "
                                       "when it does this passes and the mark must go")
def test_the_seeds_html_reads_back_with_every_marker_at_its_place(tmp_path: Path) -> None:
    doc = marked_seed()
    back = converted(doc, tmp_path)
    assert [(i.question_marks, i.answer_marks) for i in back.items] == \
           [(i.question_marks, i.answer_marks) for i in doc.items]
