"""Dutch time expressions resolved against an answer's date (vocabulary/time_expressions.py; the
rules are the table of docs/analytics.md, "Time expressions")."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overleg.vocabulary import time_expressions as te

D = dt.date


@pytest.mark.parametrize(("text", "reference", "printed", "earliest", "latest"), [
    ("Uw Kamer wordt voor de zomer geïnformeerd.", D(2024, 3, 1), "voor de zomer", D(2024, 3, 1), D(2024, 7, 4)),
    ("kom ik na de zomer terug", D(2024, 7, 23), "na de zomer", D(2024, 9, 3), D(2024, 10, 31)),
    ("kom ik na de zomer terug", D(2024, 11, 5), "na de zomer", D(2025, 9, 2), D(2025, 10, 31)),
    ("voor het zomerreces", D(2023, 5, 1), "voor het zomerreces", D(2023, 5, 1), D(2023, 7, 6)),
    ("voor het kerstreces", D(2024, 10, 1), "voor het kerstreces", D(2024, 10, 1), D(2024, 12, 19)),
    ("dit najaar", D(2024, 8, 22), "dit najaar", D(2024, 9, 1), D(2024, 11, 30)),
    ("In het voorjaar van 2025", D(2024, 8, 22), "In het voorjaar van 2025", D(2025, 3, 1), D(2025, 5, 31)),
    ("komende winter", D(2024, 8, 22), "komende winter", D(2024, 12, 1), D(2025, 2, 28)),
    ("in het eerste kwartaal van volgend jaar", D(2024, 8, 22), "in het eerste kwartaal van volgend jaar",
     D(2025, 1, 1), D(2025, 3, 31)),
    ("voor het derde kwartaal", D(2026, 2, 20), "voor het derde kwartaal", D(2026, 2, 20), D(2026, 6, 30)),
    ("in de tweede helft van dit jaar", D(2026, 2, 20), "in de tweede helft van dit jaar", D(2026, 7, 1),
     D(2026, 12, 31)),
    ("begin volgend jaar", D(2026, 2, 20), "begin volgend jaar", D(2027, 1, 1), D(2027, 3, 31)),
    ("medio 2027", D(2026, 2, 20), "medio 2027", D(2027, 4, 1), D(2027, 9, 30)),
    ("voor het einde van het jaar", D(2026, 2, 20), "voor het einde van het jaar", D(2026, 2, 20), D(2026, 12, 31)),
    ("eind mei", D(2024, 5, 17), "eind mei", D(2024, 5, 21), D(2024, 5, 31)),
    ("voor eind mei", D(2024, 5, 17), "voor eind mei", D(2024, 5, 17), D(2024, 5, 31)),
    ("in maart", D(2026, 11, 2), "in maart", D(2027, 3, 1), D(2027, 3, 31)),
    ("uiterlijk 1 juli", D(2026, 2, 20), "uiterlijk 1 juli", D(2026, 2, 20), D(2026, 7, 1)),
    ("op 26 september jl.", D(2026, 10, 2), "op 26 september jl.", D(2026, 9, 26), D(2026, 9, 26)),
    ("in de loop van 2024", D(2024, 3, 7), "in de loop van 2024", D(2024, 3, 7), D(2024, 12, 31)),
    ("vóór 2025", D(2024, 3, 7), "vóór 2025", D(2024, 3, 7), D(2024, 12, 31)),
    ("binnen twee weken", D(2026, 12, 24), "binnen twee weken", D(2026, 12, 24), D(2027, 1, 7)),
    ("binnen een maand", D(2026, 1, 31), "binnen een maand", D(2026, 1, 31), D(2026, 2, 28)),
    ("voor Prinsjesdag", D(2026, 10, 1), "voor Prinsjesdag", D(2026, 10, 1), D(2027, 9, 20)),
    ("voor de begrotingsbehandeling", D(2026, 6, 1), "voor de begrotingsbehandeling", D(2026, 6, 1),
     D(2026, 12, 17)),
])
def test_an_expression_is_the_interval_the_documented_rule_gives(text: str, reference: dt.date, printed: str,
                                                                  earliest: dt.date, latest: dt.date) -> None:
    found = te.first(text, reference)
    assert found is not None and (found.printed, found.earliest, found.latest) == (printed, earliest, latest)


@pytest.mark.parametrize("text", ["zo spoedig mogelijk", "op korte termijn", "binnenkort", "op een later moment",
                                  "in een later stadium", "te zijner tijd", "in de komende weken"])
def test_a_moment_without_a_date_is_found_and_left_undated(text: str) -> None:
    found = te.first(f"De Kamer wordt {text} geïnformeerd.", D(2026, 2, 20))
    assert found is not None and found.printed == text and (found.earliest, found.latest) == (None, None)


@pytest.mark.parametrize("text", ["het humanitaire budget voor 2024", "de Kamer wordt geïnformeerd",
                                  "de zomer was warm", "het jaarverslag"])
def test_what_names_no_moment_is_no_time_expression(text: str) -> None:
    assert te.find_all(text, D(2026, 2, 20)) == []


def test_the_recess_rule_gives_the_published_recesses() -> None:
    for (kind, year), published in te.RECESSES.items():
        by_rule = te.summer_recess_by_rule(year) if kind == "zomer" else te.christmas_recess_by_rule(year)
        assert by_rule == published, (kind, year)


_RELATIVE = ["voor de zomer", "na de zomer", "voor het zomerreces", "voor het kerstreces", "in het najaar",
             "in het voorjaar", "in het tweede kwartaal", "voor het derde kwartaal", "begin volgend jaar",
             "in maart", "voor 1 juli", "uiterlijk 15 mei", "binnen drie maanden", "voor Prinsjesdag",
             "voor de begrotingsbehandeling", "eind mei", "volgend jaar", "komende winter"]
_THIS_YEAR = ["dit najaar", "dit voorjaar", "eind dit jaar", "in de tweede helft van dit jaar", "dit jaar"]


@given(st.sampled_from(_RELATIVE), st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)))
def test_a_moment_without_a_year_lies_ahead_of_the_answer_and_is_a_proper_interval(text: str,
                                                                                   reference: dt.date) -> None:
    found = te.first(f"De Kamer wordt {text} geïnformeerd.", reference)
    assert found is not None and found.printed == text
    assert found.earliest is not None and found.latest is not None
    assert reference <= found.earliest <= found.latest


@given(st.sampled_from(_THIS_YEAR), st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)))
def test_a_moment_of_this_year_is_of_the_answers_year_even_when_it_has_passed(text: str,
                                                                              reference: dt.date) -> None:
    """"dit najaar" written in December is the autumn just past: overdue at once, not next year's."""
    found = te.first(f"De Kamer wordt {text} geïnformeerd.", reference)
    assert found is not None and found.earliest is not None and found.latest is not None
    assert found.earliest.year == found.latest.year == reference.year
    assert found.earliest <= found.latest
