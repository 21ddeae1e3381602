"""The CSV writer: one row per item that a spreadsheet reads back cell for cell."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings

import overleg
from akn_strategies import documents
from overleg.model import Document
from overleg.writers.csv import BOM, COLUMNS
from sample_documents import questions_like, seed_like


def table(doc: Document) -> list[dict[str, str]]:
    text = overleg.write(doc, "csv")
    assert isinstance(text, str) and text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):], newline="")))


def test_header_names_every_column_and_there_is_one_row_per_item() -> None:
    doc = seed_like()
    text = overleg.write(doc, "csv")
    assert isinstance(text, str)
    assert text[len(BOM):].split("\r\n", 1)[0] == ",".join(COLUMNS)
    rows = table(doc)
    assert [int(r["number"]) for r in rows] == [i.number for i in doc.items]


def test_cells_carry_the_items_fields() -> None:
    doc = seed_like()
    rows = {int(r["number"]): r for r in table(doc)}
    assert rows[1]["document_id"] == "kst-21501-02-3349"
    assert rows[1]["faction"] == "D66" and rows[1]["topic"] == "Gaza: Toegang voor hulporganisaties"
    assert rows[1]["question"] == doc.items[0].question  # paragraphs and line breaks survive quoting
    assert rows[1]["answer_footnotes"] == "1; 2"
    assert rows[6]["cross_refs"] == "3; 4"
    assert rows[5]["referral_only"] == "true" and rows[1]["referral_only"] == "false"
    assert rows[7]["answer"] == ""
    assert rows[4]["question_refs"] == "kst-23432-620"


def test_commitment_flag_follows_the_documents_commitments() -> None:
    doc = seed_like()
    promised = {c.item for c in doc.commitments}
    for row in table(doc):
        assert (row["commitment"] == "true") == (int(row["number"]) in promised)


def test_grouped_answers_list_their_group() -> None:
    rows = table(questions_like())
    assert [r["answer_group"] for r in rows] == ["", "2; 3", "2; 3"]


def test_cells_that_a_spreadsheet_would_evaluate_are_defused() -> None:
    doc = seed_like()
    item = doc.items[0]
    risky = Document(type=doc.type, items=(type(item)(number=1, question="=HYPERLINK(\"x\")", answer="+31 6"),))
    row = table(risky)[0]
    assert row["question"] == "'=HYPERLINK(\"x\")" and row["answer"] == "'+31 6"


@settings(max_examples=40, deadline=None)
@given(documents())
def test_any_generated_document_gives_one_parsable_row_per_item(doc: Document) -> None:
    rows = table(doc)
    assert len(rows) == len(doc.items)
    for row, item in zip(rows, doc.items, strict=True):
        assert row["number"] == str(item.number)
        defused = item.question.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row["question"] == ("'" if defused else "") + item.question
