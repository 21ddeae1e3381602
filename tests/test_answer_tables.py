"""Tables inside answers: kept as a table paragraph (rows as lines, cells tab-separated), found in
text by their figures, printed as tables by the writers."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from api_helpers import client_for, migrated_store
from overleg.model import Document
from overleg.model.table import AnswerTable, table_of
from overleg.readers import read
from overleg.readers.text.tables import table_runs
from overleg.vocabulary.akn import NS_AKN
from overleg.writers import akn, docx, html, txt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = "{" + NS_AKN + "}"

LINES = [
    "In de onderstaande tabel staat het aantal geruimde bedrijven per provincie.",
    "Nr. Provincie Bedrijven Dieren",
    "1 Gelderland 12 640.000",
    "2 Noord Holland 3 210.000",
    "Totaal 15 850.000",
    "Daarna volgt weer gewone tekst van 2024.",
]


def test_rows_of_figures_under_a_heading_line_are_one_table_with_a_header() -> None:
    [(start, end, table)] = table_runs(LINES)
    assert (start, end) == (1, 5)
    assert table.rows == (("Nr.", "Provincie", "Bedrijven", "Dieren"), ("1", "Gelderland", "12", "640.000"),
                          ("2", "Noord Holland", "3", "210.000"), ("Totaal", "", "15", "850.000"))
    assert table.header


def test_a_sentence_with_a_figure_is_no_table_row() -> None:
    assert table_runs(["Er zijn 12 bedrijven geruimd.", "Dat kost 20 miljoen euro."]) == []


def test_one_row_of_figures_alone_is_no_table() -> None:
    assert table_runs(["Tekst", "2022 1.520 118", "Meer tekst zonder cijfers."]) == []


def test_rows_without_a_heading_line_are_a_table_without_a_header() -> None:
    [(_, _, table)] = table_runs(["Zie hieronder.", "2022 1.520 118", "2023 1.490 115"])
    assert table.rows == (("2022", "1.520", "118"), ("2023", "1.490", "115")) and not table.header


def test_a_table_paragraph_reads_back_as_its_table_and_an_ordinary_one_as_none() -> None:
    table = AnswerTable((("Jaar", "Emissie"), ("2022", "118")))
    assert table.paragraph() == "Jaar\tEmissie\n2022\t118"
    assert table_of(table.paragraph()) == table
    assert table_of("Een gewone alinea van 2022.") is None


# --- the writers print a table as a table --------------------------------------------------------

EXAMPLE = Path(__file__).parent / "fixtures" / "genres" / "ah-tabel-in-antwoord.txt"


def _doc() -> Document:
    return read(EXAMPLE)


def test_the_html_page_shows_the_table_with_column_and_row_headers() -> None:
    page = html.write(_doc())
    table = page[page.index("<table"):page.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["Nr.", "Provincie", "Bedrijven", "Dieren"]
    assert '<th scope="row">Totaal</th><td></td><td>17</td><td>945.000</td>' in table
    assert "Gelderland" not in page[page.index("</table>"):]


def test_the_word_document_holds_a_real_table_with_a_heading_row() -> None:
    package = zipfile.ZipFile(io.BytesIO(docx.write(_doc())))
    body = etree.fromstring(package.read("word/document.xml"))
    [table] = body.iter(W + "tbl")
    rows = list(table.iter(W + "tr"))
    assert ["".join(c.itertext()) for c in rows[1].iter(W + "tc")] == ["1", "Gelderland", "12", "640.000"]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None and len(rows) == 5


def test_akoma_ntoso_holds_an_akn_table_with_header_cells() -> None:
    root = etree.fromstring(akn.write(_doc()))
    [table] = root.iter(AKN + "table")
    assert ["".join(c.itertext()).strip() for c in table[0]] == ["Nr.", "Provincie", "Bedrijven", "Dieren"]
    assert all(c.tag == AKN + "th" for c in table[0]) and all(c.tag == AKN + "td" for c in table[1])


def test_plain_text_prints_each_row_on_a_line_of_its_own() -> None:
    lines = txt.write(_doc()).splitlines()
    at = lines.index("Nr. Provincie Bedrijven Dieren")
    assert lines[at + 1:at + 5] == ["1 Gelderland 12 640.000", "2 Noord-Holland 3 210.000", "3 Utrecht 2 95.000",
                                    "Totaal  17 945.000"]


def test_the_web_document_page_shows_the_table_inside_its_answer(tmp_path: Path) -> None:
    store = migrated_store(f"sqlite:///{tmp_path / 'tabel.db'}")
    doc = _doc()
    assert doc.id is not None
    store.documents.save(doc, doc_id=str(doc.id), reason="een tabel in een antwoord")
    with client_for(store) as client:
        page = client.get(f"/documents/{doc.id}").text
    store.close()
    answer = page[page.index('id="antwoord-2"'):page.index('id="vraag-3"')]
    assert '<table class="answer-table"><thead><tr><th scope="col">Nr.</th>' in answer
    assert answer.count("<tr>") == 5 and '<th scope="row">Totaal</th>' in answer


def test_a_letterhead_address_and_dates_are_no_table() -> None:
    assert table_runs(["Postbus 20015", "2500 EA Den Haag", "070 342 43 44"]) == []
    assert table_runs(["Den Haag,", "7 juni 2022", "8 juni 2022"]) == []


def test_rows_of_one_figure_under_a_heading_line_are_a_table() -> None:
    [(start, _, table)] = table_runs(["Provincie Bedrijven", "Gelderland 12", "Utrecht 2"])
    assert start == 0 and table.rows == (("Provincie", "Bedrijven"), ("Gelderland", "12"), ("Utrecht", "2"))
