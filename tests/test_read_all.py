"""Several documents in one file: overleg.read_all reads each, overleg.read the first."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import overleg
from overleg.model import Document, Footnote
from overleg.readers import prepare
from overleg.readers.source import Source
from overleg.readers.text.documents import document_starts, split
from overleg.readers.text.parse import parse_prepared
from overleg.readers.text.prepared import PreparedText, SourceLink

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "overleg" / "examples"
SEED = EXAMPLES / "kst-21501-02-3349.txt"
AANHANGSEL = EXAMPLES / "ah-tk-20222023-3649.embedded-pdftext.txt"


def _without_problems(doc: Document) -> Document:
    return dataclasses.replace(doc, problems=())


def _three() -> bytes:
    return SEED.read_bytes() + b"\n\n" + AANHANGSEL.read_bytes() + b"\n\n" + SEED.read_bytes()


def test_three_different_documents_pasted_together_read_as_each_alone() -> None:
    docs = overleg.read_all(Source("drie.txt", _three()))
    alone = [overleg.read(SEED), overleg.read(AANHANGSEL), overleg.read(SEED)]
    assert [d.type for d in docs] == [d.type for d in alone]
    assert [_without_problems(d) for d in docs] == [_without_problems(d) for d in alone]


def test_read_of_several_documents_gives_the_first_and_names_the_second() -> None:
    doc = overleg.read(Source("drie.txt", _three()))
    assert _without_problems(doc) == _without_problems(overleg.read(SEED))
    second = [p for p in doc.problems if p.code == "second-document"]
    assert len(second) == 1
    lines = _three().decode("utf-8-sig").splitlines()
    at = int((second[0].where or "").removeprefix("line "))
    # the Aanhangsel's heading starts at its "Tweede Kamer der Staten-Generaal" line
    assert lines[at - 1].strip().startswith("Tweede Kamer der Staten-Generaal")


def test_one_document_reads_to_a_list_of_one() -> None:
    assert overleg.read_all(SEED) == [overleg.read(SEED)]


def test_many_copies_read_to_as_many_documents() -> None:
    docs = overleg.read_all(Source("vijf.txt", SEED.read_bytes() * 5))
    one = _without_problems(overleg.read(SEED))
    assert len(docs) == 5
    assert all(_without_problems(d) == one for d in docs)


def test_parse_all_prints_one_json_line_per_document(tmp_path: Path) -> None:
    path = tmp_path / "drie.txt"
    path.write_bytes(_three())
    out = subprocess.run([sys.executable, "-m", "overleg", "parse", "--all", str(path)],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["type"] for r in rows] == [d.type.value for d in overleg.read_all(path)]
    assert len(rows) == 3


def _joined(*paths: Path) -> PreparedText:
    """One PreparedText holding the prepared text of each file, one after another."""
    lines: list[str] = []
    notes: list[Footnote] = []
    links: list[SourceLink] = []
    emphasised: set[int] = set()
    pages: list[int] = []
    for path in paths:
        one = prepare(Source.from_path(path))
        at = len(lines)
        lines.extend(one.lines)
        notes.extend(one.footnotes)
        links.extend(dataclasses.replace(link, line=link.line + at) for link in one.links)
        emphasised |= {e + at for e in one.emphasised}
        pages.extend(p + at for p in one.page_starts)
    return PreparedText("joined", tuple(lines), tuple(notes), False, tuple(links), frozenset(emphasised), tuple(pages))


def test_a_letter_and_an_aanhangsel_pdf_in_one_text_split_into_each_with_its_own_notes() -> None:
    letter = EXAMPLES / "jenv-beantw-kenmerk-5293107.docx"
    pdf = EXAMPLES / "ah-tk-20232024-1432.pdf"
    joined = _joined(letter, pdf, letter)
    parts = split(joined)
    assert len(parts) == 3
    alone = [overleg.read(letter), overleg.read(pdf), overleg.read(letter)]
    docs = [parse_prepared(part) for part in parts]
    assert [_without_problems(d) for d in docs] == [_without_problems(d) for d in alone]


def test_a_type_line_without_a_dossier_line_above_starts_no_document() -> None:
    lines = ["21 501-02 Raad", "Nr. 1 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "tekst", "",
             "een zin over iets", "Nr. 2 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "tekst"]
    assert document_starts(lines) == [0]
