"""Tables inside answers: kept as a table paragraph (rows as lines, cells tab-separated), found in
text by their figures, printed as tables by the writers."""

from __future__ import annotations

from overleg.model.table import Table, table_of
from overleg.readers.text.tables import table_runs

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
    assert table.rows == (("Nr.", "Provincie", "Bedrijven", "Dieren"), ("1", "Gelderland", "12", "640.000"), ("2", "Noord Holland", "3", "210.000"),
                          ("Totaal", "", "15", "850.000"))
    assert table.header


def test_a_sentence_with_a_figure_is_no_table_row() -> None:
    assert table_runs(["Er zijn 12 bedrijven geruimd.", "Dat kost 20 miljoen euro."]) == []


def test_one_row_of_figures_alone_is_no_table() -> None:
    assert table_runs(["Tekst", "2022 1.520 118", "Meer tekst zonder cijfers."]) == []


def test_rows_without_a_heading_line_are_a_table_without_a_header() -> None:
    [(_, _, table)] = table_runs(["Zie hieronder.", "2022 1.520 118", "2023 1.490 115"])
    assert table.rows == (("2022", "1.520", "118"), ("2023", "1.490", "115")) and not table.header


def test_a_table_paragraph_reads_back_as_its_table_and_an_ordinary_one_as_none() -> None:
    table = Table((("Jaar", "Emissie"), ("2022", "118")))
    assert table.paragraph() == "Jaar\tEmissie\n2022\t118"
    assert table_of(table.paragraph()) == table
    assert table_of("Een gewone alinea van 2022.") is None
