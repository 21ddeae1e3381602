"""A report printed in several dossiers keeps them all (issue 16, point 2).

The heading of ``so-2010-twee-dossiers.txt`` names "21 501-31 Raad voor Werkgelegenheid ..." and
then "21 501-27 Sportraad": the id is taken from the first (``test_out_of_sample.py``), the others
are kept in ``Document.other_dossiers`` and every writer prints them so every reader finds them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from overleg import exchange
from overleg.errors import ExchangeFormatError
from overleg.model import Document, Dossier
from overleg.readers import read
from overleg.readers.source import Source
from overleg.writers import akn, docx, html, pdf, txt
from test_writers_akn import assert_valid

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "genres" / "so-2010-twee-dossiers.txt"
WRITERS: dict[str, Callable[[Document], Source]] = {
    "txt": lambda doc: Source("rendering.txt", txt.write(doc).encode("utf-8")),
    "akn": lambda doc: Source("rendering.akn.xml", akn.write(doc)),
    "html": lambda doc: Source("rendering.html", html.write(doc).encode("utf-8")),
    "docx": lambda doc: Source("rendering.docx", docx.write(doc)),
    "pdf": lambda doc: Source("rendering.pdf", pdf.write(doc)),
}


@cache
def _two_dossiers() -> Document:
    return read(FIXTURE)


def test_a_report_of_two_dossiers_keeps_the_second_in_the_model() -> None:
    doc = _two_dossiers()
    assert doc.dossier is not None and doc.dossier.number == "21501-31"
    assert doc.other_dossiers == (Dossier("21501-27", "Sportraad"),)


def test_the_txt_heading_prints_every_dossier_line_in_order() -> None:
    lines = txt.write(_two_dossiers()).splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("21501-31 Raad voor Werkgelegenheid"))
    second = next(k for k, line in enumerate(lines) if line == "21501-27 Sportraad")
    number = next(k for k, line in enumerate(lines) if line.startswith("Nr. 207 "))
    assert first < second < number


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_report_of_two_dossiers_reads_back_with_both_through_every_writer(writer: str) -> None:
    if writer == "pdf":
        pytest.importorskip("typst")  # the optional pdf extra
    doc = _two_dossiers()
    rendering = WRITERS[writer](doc)
    if writer == "akn":
        assert_valid(rendering.data)
    back = read(rendering)
    assert (back.id, back.dossier, back.other_dossiers) == (doc.id, doc.dossier, doc.other_dossiers)
    assert [(i.number, i.question, i.answer) for i in back.items] == \
        [(i.number, i.question, i.answer) for i in doc.items]


def test_a_report_of_one_dossier_prints_no_further_dossier() -> None:
    doc = dataclasses.replace(_two_dossiers(), other_dossiers=())
    assert "21501-27 Sportraad" not in txt.write(doc).splitlines()
    assert b"ander-dossier" not in akn.write(doc)
    assert read(WRITERS["html"](doc)).other_dossiers == ()


def test_the_exchange_format_keeps_the_further_dossiers() -> None:
    doc = _two_dossiers()
    data = exchange.to_dict(doc)
    assert data["other_dossiers"] == [{"number": "21501-27", "title": "Sportraad"}]
    assert exchange.from_dict(json.loads(json.dumps(data))).other_dossiers == doc.other_dossiers


def test_a_further_dossier_without_a_number_is_a_clear_error() -> None:
    data = exchange.to_dict(_two_dossiers())
    data["other_dossiers"] = [{"title": "Sportraad"}]
    with pytest.raises(ExchangeFormatError, match=r"other_dossiers\[0\]"):
        exchange.from_dict(data)
