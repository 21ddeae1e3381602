"""The server-side SVG charts: valid XML, proportional bars, words for every figure, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from overleg.web import charts
from overleg.web.charts import Bar, Reference

SVG = "{http://www.w3.org/2000/svg}"
labels = st.text(min_size=1, max_size=80)
values = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
bar_lists = st.lists(st.builds(lambda label, value: Bar(label, value, charts.number(value)), labels, values),
                     min_size=1, max_size=25)


def _svg(markup: str) -> ET.Element:
    found = re.search(r"<svg.*</svg>", markup, re.S)
    assert found is not None, markup
    return ET.fromstring(found.group(0))


def _widths(svg: ET.Element, attribute: str) -> list[float]:
    return [float(r.get(attribute, "0")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "staaf"]


@given(bar_lists)
def test_horizontal_bars_parse_as_xml_and_their_lengths_are_proportional_to_the_values(bars: list[Bar]) -> None:
    svg = _svg(charts.horizontal_bars("t", "Titel", bars))
    widths = _widths(svg, "width")
    assert len(widths) == len(bars)
    biggest = max(b.value for b in bars)
    longest = max(widths)
    for bar, width in zip(bars, widths, strict=True):
        expected = 0.0 if biggest == 0 else bar.value / biggest * longest
        assert abs(width - expected) <= 0.01 + 1e-6 * expected


@given(bar_lists)
def test_columns_parse_as_xml_and_their_heights_are_proportional_to_the_values(bars: list[Bar]) -> None:
    svg = _svg(charts.columns("k", "Per periode", bars))
    heights = _widths(svg, "height")
    biggest = max(b.value for b in bars)
    for bar, height in zip(bars, heights, strict=True):
        expected = 0.0 if biggest == 0 else bar.value / biggest * charts.COLUMNS_HEIGHT
        assert abs(height - expected) <= 0.01


@given(bar_lists)
def test_the_description_names_every_bar_and_its_value(bars: list[Bar]) -> None:
    svg = _svg(charts.horizontal_bars("t", "Titel", bars))
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    for bar in bars:
        assert charts.clean(bar.label) in desc.text and bar.text in desc.text
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "t-titel t-uitleg"


def test_the_reference_line_sits_where_its_value_lies_on_the_bars_scale() -> None:
    bars = [Bar("A", 42, "42 dagen"), Bar("B", 10.5, "10,5 dagen")]
    svg = _svg(charts.horizontal_bars("t", "Antwoordtijd", bars, reference=Reference(21, "3 weken")))
    longest = max(_widths(svg, "width"))
    line = next(svg.iter(f"{SVG}line"))
    assert float(line.get("x1", "0")) == round(21 / 42 * longest, 2)
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "3 weken" in (desc.text or "")


def test_a_reference_beyond_every_bar_widens_the_scale_instead_of_leaving_the_chart() -> None:
    svg = _svg(charts.horizontal_bars("t", "T", [Bar("A", 7, "7")], reference=Reference(21, "3 weken")))
    line = next(svg.iter(f"{SVG}line"))
    width = float(svg.get("viewBox", "0 0 0 0").split()[2])
    assert float(line.get("x1", "0")) <= width
    assert _widths(svg, "width")[0] == round(7 / 21 * float(line.get("x1", "0")), 2)


def test_no_data_gives_a_sentence_not_a_broken_chart() -> None:
    for made in (charts.horizontal_bars("t", "T", [], none="Nog geen antwoorden."),
                 charts.columns("k", "K", [], none="Nog geen antwoorden.")):
        assert "<svg" not in made
        assert "Nog geen antwoorden." in made


def test_names_with_markup_characters_are_escaped_in_the_svg_and_the_table() -> None:
    name = 'A <b>&"C\'\x00'
    made = str(charts.horizontal_bars("t", 'Titel <&">', [Bar(name, 3, "3 <dagen>", "/x?a=1&b=2")]))
    svg = _svg(made)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert 'A <b>&"C\'\ufffd' in texts
    assert "<b>" not in made and "&lt;b&gt;" in made
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == 'Titel <&">'
    assert 'href="/x?a=1&amp;b=2"' in made


def test_the_table_under_the_chart_holds_the_same_figures() -> None:
    bars = [Bar("Buitenlandse Zaken", 23.5, "23,5 dagen", "/ministeries/buitenlandse-zaken"), Bar("Financiën", 9, "9")]
    made = str(charts.horizontal_bars("t", "Antwoordtijd", bars, headers=("Ministerie", "Mediaan")))
    table = made[made.index("<table"):made.index("</table>")]
    assert '<a href="/ministeries/buitenlandse-zaken">Buitenlandse Zaken</a>' in table
    assert "23,5 dagen" in table and "Financiën" in table and ">Mediaan<" in table


def test_the_chart_scales_by_its_viewbox_so_it_fits_a_phone() -> None:
    svg = _svg(charts.horizontal_bars("t", "T", [Bar("A", 1, "1")]))
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("width") is None  # the stylesheet sets width: 100%
