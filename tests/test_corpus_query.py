"""The query parser and the text analysis, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.corpus.search.analysis import analyse, fold, stem
from overleg.corpus.search.query import And, Near, Node, Not, Or, Phrase, Prefix, Term, parse
from overleg.errors import InvalidQuery

QUERY_ALPHABET = st.sampled_from([*'abcvraginé ï"()*-:^{}\'\\;%_ANDORNOT&|!<>', "AND", "OR", "NOT", " "])
queries = st.one_of(st.text(max_size=80), st.lists(QUERY_ALPHABET, max_size=40).map("".join))


def _leaves(node: Node) -> list[Term | Prefix | Phrase | Near]:
    if isinstance(node, Term | Prefix | Phrase | Near):
        return [node]
    if isinstance(node, Not):
        return _leaves(node.child)
    return [leaf for c in node.children for leaf in _leaves(c)]


@settings(max_examples=400, deadline=None)
@given(queries)
def test_any_string_parses_to_leaves_of_letters_and_digits_or_to_a_friendly_error(text: str) -> None:
    try:
        node = parse(text)
    except InvalidQuery as e:
        assert str(e)
        return
    for leaf in _leaves(node):
        stems = (leaf.stem,) if isinstance(leaf, Term | Prefix) else leaf.stems
        assert stems and all(s.isalnum() for s in stems)
        if isinstance(leaf, Near):
            assert 0 <= leaf.distance <= 100


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



def test_proximity_is_a_tilde_after_a_phrase_or_near_between_words() -> None:
    sanctie = stem("sancties")
    assert parse('"kabinet sancties"~5') == Near(("kabinet", sanctie), 5)
    assert parse("kabinet NEAR/3 sancties") == Near(("kabinet", sanctie), 3)
    assert parse("kabinet NEAR sancties") == Near(("kabinet", sanctie), 10)
    assert parse('gaza NEAR "humanitaire hulp"') == Near(("gaza", "humanitair", "hulp"), 10)
    assert parse("kabinet NEAR/999 sancties") == Near(("kabinet", sanctie), 100)
    assert parse("kabinet near sancties") == And((Term("kabinet"), Term("near"), Term(sanctie)))
    assert parse("gaza* NEAR rafah") == And((Prefix("gaza"), Term("rafah")))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=2**32 - 1), min_size=1, max_size=300, unique=True))
def test_posting_ids_come_back_from_their_blob_as_written(ids: list[int]) -> None:
    import numpy as np

    from overleg.store.blobs import decode_ids, encode_ids

    ordered = np.array(sorted(ids), dtype=np.int64)
    blob = encode_ids(ordered)
    assert list(decode_ids(blob)) == list(ordered)
    gaps = np.diff(ordered)
    assert len(blob) == 5 + len(gaps) * (1 if not len(gaps) or gaps.max() < 256 else 2 if gaps.max() < 65536 else 4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=40, unique=True),
                min_size=1, max_size=30))
def test_a_segments_runs_encoded_at_once_are_byte_for_byte_each_run_encoded_alone(runs: list[list[int]]) -> None:
    import numpy as np

    from overleg.store.blobs import encode_ids, encode_runs

    ordered = [sorted(run) for run in runs]  # a term's ids ascend; the next term starts anywhere
    ids = np.array([i for run in ordered for i in run], dtype=np.int64)
    ends = np.cumsum([len(run) for run in ordered])
    assert encode_runs(ids, ends) == [encode_ids(np.array(run, dtype=np.int64)) for run in ordered]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=2**32 - 2**27),
                          st.sampled_from([1, 7, 300, 70_000, 2**22]),
                          st.lists(st.integers(min_value=0, max_value=31), min_size=1, max_size=40, unique=True)),
                min_size=1, max_size=24))
def test_many_blobs_decoded_at_once_give_each_blob_decoded_alone_one_after_another(
        runs: list[tuple[int, int, list[int]]]) -> None:
    """Segments of gaps of every width, in any order of their first ids (a head after a segment)."""
    import numpy as np

    from overleg.store.blobs import decode_ids, decode_many, encode_ids

    blobs = [encode_ids(np.array([base + step * n for n in sorted(steps)], dtype=np.int64))
             for base, step, steps in runs]
    found = decode_many(blobs)
    assert found.dtype == np.int64
    assert found.tolist() == [i for blob in blobs for i in decode_ids(blob).tolist()]


@pytest.mark.parametrize("k", [1, 200, 2000, 20000])
def test_the_best_candidates_are_exactly_the_head_of_the_full_order_ties_included(k: int) -> None:
    """The chunked order (a sampled bound, then a partition) against one full sort, on many ties,
    by score and by date."""
    import numpy as np

    from overleg.corpus.search.scoring import _best

    rng = np.random.default_rng(18)
    n = 120_000
    scores = np.round(rng.random(n) * 20, 1)
    ids = np.arange(n, dtype=np.int64) * 3 + 1
    days = rng.integers(738_000, 738_060, n).astype(np.int32)
    for primary in (scores, days):
        full = np.lexsort((-ids, -scores, -primary.astype(np.float64)))[:k]
        assert (_best(primary, scores, ids, k) == full).all()


def test_a_compound_in_an_or_brings_its_parts_as_further_words_but_not_alone_or_in_an_and() -> None:
    whole, stik, uit = stem("stikstofuitstoot"), stem("stikstof"), stem("uitstoot")
    assert parse("stikstofuitstoot OR boeren") == Or((Term(whole), Term(stik), Term(uit), Term(stem("boeren"))))
    assert parse("stikstofuitstoot") == Term(whole)
    assert parse("stikstofuitstoot boeren") == And((Term(whole), Term(stem("boeren"))))
    assert parse("stikstof OR stikstofuitstoot") == Or((Term(stik), Term(whole), Term(uit)))
