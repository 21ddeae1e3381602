"""Where the readers put footnote markers (``NoteMark``): what every reader path promises.

- the numbers of an item's marks, in order, each once, are its ``question_footnotes`` /
  ``answer_footnotes`` (a note cited twice has two marks and is listed once);
- every mark stands within its text, right after a printed character (or at its start);
- the items of a grouped answer carry the whole answer and the same marks;
- a group's preamble keeps its marks too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layout_roundtrip import LAYOUT_EXAMPLES
from overleg.model import Document, NoteMark
from overleg.readers import read
from overleg.readers.text.mark_places import Marker, clean_with_marks, places
from overleg.readers.text.qa_blocks import block_text
from overleg.vocabulary.markers import MARK_RE, mark

SEED = Path(__file__).resolve().parent.parent / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"


def _assert_marks_fit(text: str | None, marks: tuple[NoteMark, ...], numbers: tuple[int, ...], where: str) -> None:
    assert tuple(dict.fromkeys(m.number for m in marks)) == numbers, where
    for m in marks:
        assert text is not None and 0 <= m.at <= len(text), where
        assert m.at == 0 or not text[m.at - 1].isspace(), where
    assert [m.at for m in marks] == sorted(m.at for m in marks), where


def assert_marks_fit(doc: Document) -> None:
    for item in doc.items:
        _assert_marks_fit(item.question, item.question_marks, item.question_footnotes, f"question {item.number}")
        _assert_marks_fit(item.answer, item.answer_marks, item.answer_footnotes, f"answer {item.number}")
    for faction in doc.factions:
        for m in faction.preamble_marks:
            assert faction.preamble is not None and 0 <= m.at <= len(faction.preamble), faction.name
    by_number = {i.number: i for i in doc.items}
    for item in doc.items:
        for other in item.answer_group:
            if other in by_number:
                assert (by_number[other].answer, by_number[other].answer_marks) == (item.answer, item.answer_marks)


@pytest.mark.parametrize("path", LAYOUT_EXAMPLES, ids=lambda p: p.name)
def test_every_bundled_example_has_its_markers_placed_in_the_order_of_its_footnote_numbers(path: Path) -> None:
    doc = read(path)
    assert_marks_fit(doc)
    assert any(i.question_marks or i.answer_marks for i in doc.items) == any(
        i.question_footnotes or i.answer_footnotes for i in doc.items)


def test_the_seed_keeps_note_6_after_per_brief_and_not_at_the_end_of_its_answer() -> None:
    doc = read(SEED)
    placed = [(i, m) for i in doc.items for m in i.answer_marks if m.number == 6]
    assert len(placed) == 1
    item, note = placed[0]
    assert item.answer is not None and item.answer[:note.at].endswith("per brief")
    assert note.at < len(item.answer)


def test_a_note_cited_twice_has_two_marks_and_is_listed_once() -> None:
    text, marks = block_text(["Zie de brief" + mark(3) + " en later weer de brief" + mark(3) + "."])
    assert text == "Zie de brief en later weer de brief."
    assert [(m.at, m.number) for m in marks] == [(12, 3), (35, 3)]


def test_a_marker_before_punctuation_stands_after_the_word_once_the_space_goes() -> None:
    text, marks = clean_with_marks("Het bericht van Piri " + mark(4) + " . Verder" + mark(5, "word") + ".")
    assert text == "Het bericht van Piri. Verder."
    assert marks == (NoteMark(20, 4), NoteMark(28, 5, "word"))


_WORD = st.sampled_from(["de", "brief", "Kamer", "EU-steun", "(IRGC)", "«bericht»", "2026", "nr.", "ja"])
_GAP = st.sampled_from([" ", "  ", "\n", " \n "])
_PUNCT = st.sampled_from(["", ".", ",", "?", ")"])


@st.composite
def _marked_texts(draw: st.DrawFn) -> str:
    out = []
    for n in range(1, draw(st.integers(1, 12)) + 1):
        word = draw(_WORD)
        out.append(word + (mark(n) if draw(st.booleans()) else ""))
        punct = draw(_PUNCT)
        if punct:
            out.append((" " if draw(st.booleans()) else "") + punct)
        out.append(draw(_GAP))
    return "".join(out)


def _reference_clean(text: str) -> str:
    """What the reader makes of a text without marks: spaces before punctuation go."""
    return re.sub(r"(?<=\S)\s+(?=[.,;:?!)»”’](?:\s|$))", "", MARK_RE.sub("", text))


@given(_marked_texts())
def test_every_mark_lands_after_the_clean_text_that_preceded_it(text: str) -> None:
    clean, marks = clean_with_marks(text)
    found = list(MARK_RE.finditer(text))
    assert [m.number for m in marks] == [int(f.group(2)) for f in found]
    for note, f in zip(marks, found, strict=True):
        before = _reference_clean(text[:f.start()]).rstrip()
        assert clean[:note.at] == before
    assert all(0 <= m.at <= len(clean) for m in marks)


def test_typed_markers_are_placed_like_marks() -> None:
    raw = "Klopt het dat[2] de brief[3] er is ?"
    clean = "Klopt het dat de brief er is?"
    found = [Marker(2, 13, 16, "typed"), Marker(3, 25, 28, "typed")]
    assert places(raw, found, clean) == (NoteMark(13, 2, "typed"), NoteMark(22, 3, "typed"))
