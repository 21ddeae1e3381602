"""The query parser and the text analysis, without a database (FTS5 syntax checked in memory)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.corpus.search.analysis import analyse, fold
from overleg.corpus.search.query import And, Not, Or, Phrase, Prefix, Term, parse, to_fts5, to_tsquery_sql
from overleg.errors import InvalidQuery

QUERY_ALPHABET = st.sampled_from([*'abcvraginé ï"()*-:^{}\'\\;%_ANDORNOT&|!<>', "AND", "OR", "NOT", " "])
queries = st.one_of(st.text(max_size=80), st.lists(QUERY_ALPHABET, max_size=40).map("".join))


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('vrag over oekrain en rafah')")
    return conn


@settings(max_examples=400, deadline=None)
@given(queries)
def test_any_string_parses_to_a_query_fts5_accepts_or_to_a_friendly_error(fts: sqlite3.Connection, text: str) -> None:
    try:
        node = parse(text)
    except InvalidQuery as e:
        assert str(e)
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (to_fts5(node),)).fetchall()
    params: dict[str, str] = {}
    to_tsquery_sql(node, params)
    assert all(v.replace(" ", "").replace(":*", "").isalnum() for v in params.values())


def test_words_are_folded_and_stemmed_alike_in_query_and_text() -> None:
    assert parse("Oekraïne") == parse("oekraine") == Term(analyse("Oekraïne"))
    assert parse("vraag") == parse("vragen")
    assert fold("ÉÉN Curaçao") == "een curacao"


def test_operators_phrases_and_prefixes_become_their_nodes() -> None:
    assert parse('"humanitaire hulp" OR gaza*') == Or((Phrase(("humanitair", "hulp")), Prefix("gaza")))
    assert parse("gaza -rafah") == And((Term("gaza"), Not(Term("rafah"))))
    assert parse("(a OR b) c") == And((Or((Term("a"), Term("b"))), Term("c")))


def test_lower_case_operators_are_words() -> None:
    assert parse("gaza or rafah") == And((Term("gaza"), Term("or"), Term("rafah")))


@pytest.mark.parametrize("text", ["", "   ", "()", '""', "***", "NOT rafah", "-rafah", "a OR NOT b", "x" * 1001])
def test_queries_with_nothing_to_search_for_say_so(text: str) -> None:
    with pytest.raises(InvalidQuery):
        parse(text)


def test_sql_in_a_query_stays_words() -> None:
    node = parse("'; DROP TABLE documents; --")
    drop, table, documents = (analyse(w) for w in ("drop", "table", "documents"))
    assert node == And((Term(drop), Term(table), Term(documents)))
    assert to_fts5(node) == f'("{drop}" AND "{table}" AND "{documents}")'
