"""The CSV writer: one row per item, the document's columns beside the item's, that a
spreadsheet reads back cell for cell; in RFC 4180 and in the dialect of a Dutch Excel."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings

import overleg
from akn_strategies import documents
from corpus_support import SEED
from overleg.errors import UnsupportedFormat
from overleg.model import Asker, Document, DocumentType
from overleg.readers import read
from overleg.writers.csv import BOM, DIALECTS, dialect, write
from overleg.writers.table import KEYS
from sample_documents import questions_like, seed_like


def table(doc: Document) -> list[dict[str, str]]:
    text = overleg.write(doc, "csv")
    assert isinstance(text, str) and text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):], newline="")))


@cache
def seed() -> Document:
    return read(SEED)


# The header as docs/writers.md lists it: the document's columns, then the item's in the order the
# CSV had before the document's columns came (document_id stays first).
HEADER = ("document_id,date,type,title,dossier,committee,askers,parties,addressee,answered_on,"
          "number,faction,topic,question,answer,cross_refs,question_refs,answer_refs,question_footnotes,"
          "answer_footnotes,referral_only,answer_group,commitment,commitment_text")

# The seed's document columns, read off the printed report (kst-21501-02-3349).
SEED_DOCUMENT = {
    "document_id": "kst-21501-02-3349", "date": "2026-02-20", "type": "Verslag van een schriftelijk overleg",
    "title": "Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349", "dossier": "21501-02",
    "committee": "vaste commissie voor Buitenlandse Zaken", "askers": "",
    "parties": "D66; GroenLinks-PvdA; JA21; SP; Partij voor de Dieren",
    "addressee": "minister van Buitenlandse Zaken", "answered_on": "2026-02-20",
}
# Its first three items' short columns, as printed (the texts are compared with the model below).
SEED_FIRST_ITEMS = [
    {"number": "1", "faction": "D66", "topic": "Gaza: Toegang voor hulporganisaties", "cross_refs": "",
     "question_refs": "h-tk-20252026-1106", "answer_footnotes": "1; 2", "referral_only": "false",
     "commitment": "false"},
    {"number": "2", "faction": "D66", "topic": "Gaza: Toegang voor hulporganisaties", "cross_refs": "",
     "question_refs": "", "answer_footnotes": "3; 4; 5", "referral_only": "false", "commitment": "false"},
    {"number": "3", "faction": "D66", "topic": "Gaza: Grensovergang Rafah en Palestijnse representatie",
     "cross_refs": "", "question_refs": "", "answer_footnotes": "", "referral_only": "false",
     "commitment": "false"},
]


@pytest.mark.parametrize(("name", "separator"), [("rfc4180", ","), ("excel-nl", ";")])
def test_the_seeds_header_and_first_rows_are_the_golden_ones_in_both_dialects(name: str, separator: str) -> None:
    doc = seed()
    text = write(doc, DIALECTS[name])
    assert text.startswith(BOM + HEADER.replace(",", separator) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text[len(BOM):], newline=""), delimiter=separator))
    assert len(rows) == len(doc.items)
    for row, item, golden in zip(rows, doc.items, SEED_FIRST_ITEMS, strict=False):
        assert {k: row[k] for k in SEED_DOCUMENT} == SEED_DOCUMENT
        assert {k: row[k] for k in golden} == golden
        assert (row["question"], row["answer"]) == (item.question, item.answer or "")


def test_both_dialects_hold_the_same_cells() -> None:
    doc = seed()
    comma = list(csv.reader(io.StringIO(write(doc).removeprefix(BOM), newline="")))
    semicolon = list(csv.reader(io.StringIO(write(doc, dialect("Excel-NL")).removeprefix(BOM), newline=""),
                                delimiter=";"))
    assert comma == semicolon and len(comma) == len(doc.items) + 1


def test_an_unknown_dialect_names_the_known_ones() -> None:
    with pytest.raises(UnsupportedFormat, match="rfc4180, excel-nl"):
        dialect("excel")


def test_a_report_without_a_title_of_its_own_is_titled_by_its_type_and_citation() -> None:
    untitled = table(seed_like())[0]
    assert untitled["title"] == "Verslag van een schriftelijk overleg - Kamerstuk 21 501-02, nr. 3349"
    titled = table(replace(questions_like(), title="Vragen over de toeslagenaffaire"))[0]
    assert titled["title"] == "Vragen over de toeslagenaffaire"


def test_written_questions_list_their_askers_and_the_askers_parties_once() -> None:
    doc = questions_like()
    askers = (Asker("Klaver", "GroenLinks-PvdA"), Asker("Piri", "GroenLinks-PvdA"), Asker("Dobbe", "SP"))
    row = table(Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=doc.id, askers=askers, items=doc.items))[0]
    assert row["askers"] == "Klaver; Piri; Dobbe" and row["parties"] == "GroenLinks-PvdA; SP"
    assert row["type"] == "Schriftelijke vragen met antwoorden"


def test_dates_are_iso_and_an_unknown_date_is_empty() -> None:
    doc = seed_like()
    row = table(doc)[0]
    assert (row["date"], row["answered_on"]) == (doc.date.isoformat(), doc.answered_on.isoformat())  # type: ignore[union-attr]
    bare = table(Document(type=DocumentType.LIJST, items=doc.items[:1]))[0]
    assert (bare["date"], bare["answered_on"], bare["document_id"], bare["title"]) == (
        "", "", "", "Lijst van vragen en antwoorden")


def test_header_names_every_column_and_there_is_one_row_per_item() -> None:
    doc = seed_like()
    text = overleg.write(doc, "csv")
    assert isinstance(text, str)
    assert text[len(BOM):].split("\r\n", 1)[0] == ",".join(KEYS) == HEADER
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
