"""The character-level round trip: every bundled example, parsed directly, written to txt, docx,
Akoma Ntoso, HTML and PDF and read back, has the same text as printed, field by field (item texts and
marker places, opening, answer heading, clerk's title, described papers, footnote texts), and
then the same model (``layout_roundtrip``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from layout_roundtrip import LAYOUT_EXAMPLES, assert_same_model, assert_same_text
from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source
from overleg.writers import akn, docx, html, pdf, txt
from test_writers_akn import assert_valid

WRITERS = {
    "txt": lambda doc: Source("rendering.txt", txt.write(doc).encode("utf-8")),
    "docx": lambda doc: Source("rendering.docx", docx.write(doc)),
    "html": lambda doc: Source("rendering.html", html.write(doc).encode("utf-8")),
    "akn": lambda doc: Source("rendering.akn.xml", akn.write(doc)),
    "pdf": lambda doc: Source("rendering.pdf", pdf.write(doc)),
}
SEED = next(p for p in LAYOUT_EXAMPLES if p.name == "kst-21501-02-3349.txt")


@cache
def _parsed(path: Path) -> Document:
    return read(path)


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("path", LAYOUT_EXAMPLES, ids=lambda p: p.name)
def test_every_example_reads_back_with_the_same_printed_text_through_every_writer(path: Path, writer: str) -> None:
    if writer == "pdf":
        pytest.importorskip("typst")  # the optional pdf extra
    doc = _parsed(path)
    rendering = WRITERS[writer](doc)
    if writer == "akn":
        assert_valid(rendering.data)
    back = read(rendering)
    assert_same_text(doc, back)
    assert_same_model(doc, back)


def test_the_seed_round_trip_carries_its_printed_furniture() -> None:
    """The seed has what the comparison above compares (so it cannot pass on empty fields)."""
    doc = _parsed(SEED)
    assert len(doc.opening) == 2 and doc.opening[0].startswith("De vaste commissie voor Buitenlandse Zaken")
    assert doc.answer_heading == "Vragen en opmerkingen vanuit de fracties en reactie van de minister"
    assert doc.committee is not None and doc.committee.clerk_title == "Adjunct-griffier"
    assert [p.description.split()[0] for p in doc.subject_papers] == ["Geannoteerde", "Verslag", "Kabinetsreactie"]
    assert doc.subject_papers[2].description.endswith("recht (nr. 51)")
    assert sum(len(i.question_marks) + len(i.answer_marks) for i in doc.items) >= 25
    assert "EU-sanctietaskforce" in " ".join(i.question for i in doc.items)
    assert "EU- sanctietaskforce" not in " ".join(i.question + (i.answer or "") for i in doc.items)


def test_a_document_without_marks_still_gets_its_markers_guessed_in_txt() -> None:
    """Documents stored before marks were kept: the writer glues the markers after the last
    words of the passage, and they read back as the same notes."""
    from dataclasses import replace

    doc = _parsed(SEED)
    bare = replace(doc, opening=(), answer_heading=None, subject_papers=(),
                   items=tuple(replace(i, question_marks=(), answer_marks=()) for i in doc.items))
    back = read(WRITERS["txt"](bare))
    assert [(i.question_footnotes, i.answer_footnotes) for i in back.items] == \
        [(i.question_footnotes, i.answer_footnotes) for i in doc.items]


TABLE_EXAMPLE = Path(__file__).parent / "fixtures" / "genres" / "ah-tabel-in-antwoord.txt"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_table_in_an_answer_reads_back_as_the_same_table_through_every_writer(writer: str) -> None:
    if writer == "pdf":
        pytest.importorskip("typst")
    doc = _parsed(TABLE_EXAMPLE)
    second = doc.item(2)
    answer = second.answer if second else None
    assert answer is not None and answer.count("\n") == 6 and answer.count("\t") == 15  # the table is there
    back = read(WRITERS[writer](doc))
    assert_same_text(doc, back)
    assert_same_model(doc, back)


REPORT_TABLE_EXAMPLE = Path(__file__).parent / "fixtures" / "genres" / "so-tabel-in-antwoord.txt"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_table_in_a_reports_answer_reads_back_as_the_same_table_through_every_writer(writer: str) -> None:
    if writer == "pdf":
        pytest.importorskip("typst")
    doc = _parsed(REPORT_TABLE_EXAMPLE)
    first = doc.item(1)
    answer = first.answer if first else None
    assert answer is not None and answer.count("\t") == 8  # the table is there, as rows and cells
    back = read(WRITERS[writer](doc))
    assert_same_text(doc, back)
