"""What "reads back to the same model" means for the layout writers (txt, docx).

Every field compares equal, except ``problems``, which the reader derives from the source it
reads, and a written rendering is another source:

- every problem of the re-read document is a problem of the original, compared by code and
  message; a problem whose evidence is text the model does not keep (``inconsistent-citation``:
  how the introduction describes the papers it cites) is compared by code only;
- every original problem that states a fact of the model (a note without text, a note nobody
  cites, an unanswered question, an answer without a question) is found again;
- a problem about the source's layout (``text-lost``, ``label-lost``, a guessed boundary, a
  line's ``where``) may disappear: the rendering is clean.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from overleg.model import Document, Problem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "overleg" / "examples"
# Aanhangsel and Kamerstuk examples, and ministry answer letters (two numberings of notes,
# printed in the letter layout)
LAYOUT_EXAMPLES = sorted(p for p in EXAMPLES.iterdir() if p.name.startswith(("ah-tk-", "kst-", "jenv-", "ar-beantw-")))
MODEL_FACTS = ("footnote-without-text", "footnote-without-marker", "unanswered", "answer-without-question")
TEXT_EVIDENCE = ("inconsistent-citation",)


def _key(problem: Problem) -> tuple[str, str]:
    return problem.code, "" if problem.code in TEXT_EVIDENCE else problem.message


def assert_same_text(original: Document, back: Document) -> None:
    """What was printed reads back character for character: every item's question and answer
    with its marks, the groups' preambles, the opening paragraphs, the answer part's heading,
    the clerk's title, the described papers and every footnote's text."""
    assert [i.number for i in back.items] == [i.number for i in original.items], "item numbers"
    for before, after in zip(original.items, back.items, strict=True):
        where = f"item {before.number}"
        assert after.question == before.question, f"{where} question"
        assert after.answer == before.answer, f"{where} answer"
        assert after.question_marks == before.question_marks, f"{where} question marks"
        assert after.answer_marks == before.answer_marks, f"{where} answer marks"
    assert [(f.name, f.preamble, f.preamble_marks) for f in back.factions] == \
        [(f.name, f.preamble, f.preamble_marks) for f in original.factions], "preambles"
    assert back.opening == original.opening, "opening"
    assert back.answer_heading == original.answer_heading, "answer heading"
    title = original.committee.clerk_title if original.committee else None
    assert (back.committee.clerk_title if back.committee else None) == title, "clerk title"
    assert back.subject_papers == original.subject_papers, "subject papers"
    assert [(f.number, f.series, f.text) for f in back.footnotes] == \
        [(f.number, f.series, f.text) for f in original.footnotes], "footnote texts"


def assert_same_model(original: Document, back: Document) -> None:
    """Field by field; ``problems`` as the module docstring says."""
    for field in dataclasses.fields(Document):
        if field.name != "problems":
            assert getattr(back, field.name) == getattr(original, field.name), field.name
    before = {_key(p) for p in original.problems}
    after = {_key(p) for p in back.problems}
    assert after <= before, f"new problems: {sorted(after - before)}"
    facts = {_key(p) for p in original.problems if p.code in MODEL_FACTS}
    assert facts <= after, f"lost problems: {sorted(facts - after)}"
