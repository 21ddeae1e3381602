"""Field filters typed in the query and pasted questions (corpus.search.fields), without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.corpus.search.analysis import stem
from overleg.corpus.search.fields import QUESTION_WORDS, combine, question_words, read_query
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.query import MAX_LEAVES, MAX_QUERY_CHARS, Or, Term, parse
from overleg.errors import InvalidQuery

FIELD_ALPHABET = st.sampled_from([*'abcvraginé ï"()*-:?0123456789', "groep:", "lid:", "van:", "tot:", "datum:",
                                  "soort:", "commissie:", "2024-", "13", "AND", "OR", "NOT", " ", "http:"])
queries = st.one_of(st.text(max_size=120), st.lists(FIELD_ALPHABET, max_size=50).map("".join))


@settings(max_examples=500, deadline=None)
@given(queries)
def test_any_string_gives_a_query_and_filters_or_a_clear_invalid_query(text: str) -> None:
    try:
        typed = read_query(text)
        parse(typed.text)
    except InvalidQuery as e:
        assert str(e)
        return
    assert isinstance(typed.filters, SearchFilters)


def test_fields_become_filters_and_the_rest_the_text() -> None:
    typed = read_query('Rafah groep:D66 lid:Bushoff partij:CDA ministerie:Financiën commissie:"Buitenlandse Zaken"')
    assert typed.text == "Rafah"
    assert typed.filters == SearchFilters(group="D66", asker="Bushoff", party="CDA", ministry="Financiën",
                                          committee="Buitenlandse Zaken")


def test_field_names_have_dutch_synonyms_and_ignore_case() -> None:
    assert read_query("Fractie:PVV minister:Defensie x").filters == SearchFilters(group="PVV", ministry="Defensie")


def test_dates_name_a_day_a_month_or_a_year() -> None:
    assert read_query("x van:2024-01-01 tot:2024-06-30").filters == SearchFilters(
        date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 6, 30))
    assert read_query("x datum:2024").filters == SearchFilters(date_from=dt.date(2024, 1, 1),
                                                              date_to=dt.date(2024, 12, 31))
    assert read_query("x datum:2024-02").filters == SearchFilters(date_from=dt.date(2024, 2, 1),
                                                                 date_to=dt.date(2024, 2, 29))
    assert read_query("x tot:2023").filters == SearchFilters(date_to=dt.date(2023, 12, 31))
    assert read_query("x van:5-3-2024").filters == SearchFilters(date_from=dt.date(2024, 3, 5))


@pytest.mark.parametrize("text", ["x van:2024-13-01", "x tot:gisteren", "x datum:2024-02-30", "x van:24"])
def test_an_invalid_date_is_refused_in_dutch(text: str) -> None:
    with pytest.raises(InvalidQuery, match="is geen datum; schrijf bijvoorbeeld"):
        read_query(text)


def test_a_genre_is_named_by_its_id_or_its_dutch_name() -> None:
    assert read_query("x soort:schriftelijke-vragen").filters.type == "schriftelijke-vragen"
    assert read_query('x soort:"Lijst van vragen en antwoorden"').filters.type == "lijst-van-vragen-en-antwoorden"
    assert read_query("x soort:verslag").filters.type == "verslag-schriftelijk-overleg"
    with pytest.raises(InvalidQuery, match="geen soort document"):
        read_query("x soort:roman")


def test_unknown_fields_empty_values_and_fields_inside_a_phrase_stay_words() -> None:
    assert read_query("http://example.org om 12:30").text == "http://example.org om 12:30"
    assert read_query("lid: Rafah").text == "lid: Rafah"
    assert read_query('"lid:Bushoff zegt" Rafah') == read_query('"lid:Bushoff zegt" Rafah')
    assert read_query('"lid:Bushoff zegt" Rafah').filters == SearchFilters()


def test_operators_and_brackets_around_fields_survive() -> None:
    typed = read_query("(Gaza OR Rafah) groep:GL-PvdA -Israël")
    assert typed.text == "(Gaza OR Rafah) -Israël"
    assert typed.filters.group == "GL-PvdA"


def test_a_long_plain_query_is_a_question_searched_as_the_or_of_its_words() -> None:
    typed = read_query("Bent u bekend met het bericht over de sancties tegen Rusland")
    assert typed.question
    words = ("bent", "u", "bekend", "met", "het", "bericht", "over", "de", "sancties", "tegen", "rusland")
    assert parse(typed.text) == Or(tuple(Term(stem(w)) for w in words))


def test_a_short_query_ending_with_a_question_mark_is_a_question() -> None:
    assert read_query("Waar is Rafah?").text == "waar OR is OR rafah"
    assert not read_query("sancties Rusland").question


def test_a_query_with_operators_is_never_a_question() -> None:
    for text in ('"humanitaire hulp" in Gaza en in Rafah en Israël', "een twee drie vier vijf zes zeven NOT acht",
                 "een twee drie vier vijf zes zeven acht*", "(een OR twee) drie vier vijf zes zeven acht?",
                 "een twee drie vier vijf zes zeven -acht"):
        assert not read_query(text).question


def test_a_real_question_with_brackets_quotes_or_hyphens_is_a_question() -> None:
    for text in ("Herkent u dat pedagogisch medewerkers de controles van de Gemeentelijke gezondheidsdiensten "
                 "(GGD'en) als zwaar ervaren?",
                 'Bent u bekend met het bericht "Grens bij Rafah dicht"?',
                 "Klopt het dat wegwerpluiers en -incontinentiematerialen apart worden ingezameld?",
                 "(een twee) drie vier vijf zes zeven acht"):
        typed = read_query(text)
        assert typed.question, text
        assert isinstance(parse(typed.text), Or)


def test_pasted_text_of_more_words_than_a_query_may_hold_is_searched_as_a_question_not_refused() -> None:
    words = [f"woord{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(MAX_LEAVES + 10)]
    typed = read_query('"' + " ".join(words) + '"')
    assert typed.question and typed.text.split(" OR ") == words[:MAX_LEAVES]


def test_a_question_keeps_its_first_64_distinct_words_and_is_not_refused() -> None:
    words = [f"woord{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(100)]
    text = " ".join(words + words[:10]) + "?"
    assert len(text) <= MAX_QUERY_CHARS and len(words) > MAX_LEAVES
    typed = read_query(text)
    assert typed.text.split(" OR ") == words[:MAX_LEAVES]
    assert isinstance(parse(typed.text), Or)


def test_a_question_of_long_words_is_cut_to_the_character_cap() -> None:
    text = " ".join(f"{'x' * 12}{n:03d}" for n in range(QUESTION_WORDS + 60))
    rewritten = question_words(text)
    assert rewritten is not None and len(rewritten) <= MAX_QUERY_CHARS
    parse(rewritten)


def test_a_query_over_the_character_cap_is_refused() -> None:
    with pytest.raises(InvalidQuery):
        read_query("x" * (MAX_QUERY_CHARS + 1))


def test_typed_filters_combine_with_the_forms_dates_narrowing() -> None:
    typed = SearchFilters(group="D66", date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    form = SearchFilters(ministry="Financiën", date_from=dt.date(2024, 3, 1), has_commitment=True)
    assert combine(typed, form) == SearchFilters(group="D66", ministry="Financiën", date_from=dt.date(2024, 3, 1),
                                                 date_to=dt.date(2024, 12, 31), has_commitment=True)
    assert combine(SearchFilters(), form) == form
