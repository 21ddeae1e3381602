"""The HTML download reads back: ``overleg convert seed --to html`` and then reading that page
(``readers.official_html``) gives the same questions and answers, character for character, and
the same footnotes and markers. What the page adds to the printed text (labels, links, the
contents) is marked ``noprint`` as officielebekendmakingen marks it, and the reader skips it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import overleg
from layout_roundtrip import assert_same_model, assert_same_text
from overleg.cli import app
from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source

SEED = overleg.EXAMPLES / "kst-21501-02-3349.txt"
runner = CliRunner()


def seed() -> Document:
    """The seed as read: the reader keeps where every marker stands."""
    doc = overleg.read(SEED)
    assert sum(len(i.question_marks) + len(i.answer_marks) for i in doc.items) >= 25, "the seed's markers"
    return doc


def converted(doc: Document, tmp_path: Path) -> Document:
    """``doc`` through ``overleg convert --to html`` and read back."""
    source = tmp_path / "seed.json"
    source.write_text(overleg.to_json(doc), encoding="utf-8")
    page = tmp_path / "seed.html"
    done = runner.invoke(app, ["convert", str(source), "--to", "html", "-o", str(page)])
    assert done.exit_code == 0, done.output
    return overleg.read(page)


def test_the_seeds_html_reads_back_to_the_same_questions_answers_and_notes(tmp_path: Path) -> None:
    doc = seed()
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


def test_the_seeds_html_reads_back_with_every_marker_at_its_place(tmp_path: Path) -> None:
    doc = seed()
    back = converted(doc, tmp_path)
    assert [(i.question_marks, i.answer_marks) for i in back.items] == \
           [(i.question_marks, i.answer_marks) for i in doc.items]


def test_every_genre_reads_back_through_overleg_convert(tmp_path: Path) -> None:
    """An Aanhangsel, a ministry's letter with two numberings of notes, and the seed: the same
    model again (``tests/test_round_trip_text.py`` takes every example through the writer)."""
    for name in ("ah-tk-20232024-1893.pdf", "jenv-beantw-kenmerk-5293107.docx", SEED.name):
        doc = overleg.read(overleg.EXAMPLES / name)
        back = converted(doc, tmp_path)
        assert_same_text(doc, back)
        assert_same_model(doc, back)


_NOTE_PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"></head><body><div class="stuk">
<p>Vragen van het lid Jansen (VVD) aan de minister van Justitie over iets (ingezonden 3 mei 2024).</p>
<p>Vraag 1</p><p>Kent u het bericht?<sup><a class="nootnum" href="#n1">1</a></sup></p>
<p>Antwoord 1</p><p>Ja.</p>
<div class="voetnoten"><div class="voetnoot"><a class="nootnum" href="#r1">1</a>
<p>Zie <a href="{href}">{shown}</a>.</p></div></div></div></body></html>"""


@pytest.mark.parametrize(("href", "shown", "urls"), [
    # a link on the address the note prints (with the scheme the print leaves off): that address once
    ("https://www.example.nl/a", "www.example.nl/a", ("www.example.nl/a",)),
    # a link under other words adds the address the note does not print
    ("https://www.example.nl/b", "het bericht", ("https://www.example.nl/b",)),
])
def test_a_notes_link_adds_its_address_only_when_the_note_does_not_print_it(
        href: str, shown: str, urls: tuple[str, ...]) -> None:
    doc = read(Source("vragen.html", _NOTE_PAGE.format(href=href, shown=shown).encode("utf-8")))
    assert doc.footnotes[0].text == f"Zie {shown}."
    assert doc.footnotes[0].urls == urls
