"""The snippet's search for the first match: C-speed searches of the joined stems must find what
a walk over every word finds (corpus.search.hits)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from overleg.corpus.search.hits import _first_match


def _first_by_walking(stems: list[str], single: set[str], prefixes: tuple[str, ...],
                      phrases: list[tuple[str, ...]]) -> int:
    """The first matching word as the snippet found it before: a walk over every word."""
    marked = [n for n, s in enumerate(stems) if s in single or (prefixes and s.startswith(prefixes))]
    marked += [n for phrase in phrases for n in range(len(stems)) if tuple(stems[n:n + len(phrase)]) == phrase]
    return min(marked) if marked else 0


@given(st.lists(st.sampled_from(["", "de", "minist", "minister", "rafah", "grens", "hulp", "a"]), max_size=40),
       st.sets(st.sampled_from(["de", "rafah", "hulp", "x"]), max_size=3),
       st.lists(st.sampled_from(["minist", "gr", "ra", "zz"]), max_size=2, unique=True),
       st.lists(st.tuples(st.sampled_from(["de", "grens", "a"]), st.sampled_from(["minister", "hulp", "rafah"])),
                max_size=2))
def test_a_snippet_finds_the_first_match_where_a_walk_over_every_word_does(
        stems: list[str], single: set[str], prefixes: list[str], phrases: list[tuple[str, str]]) -> None:
    assert _first_match(stems, single, tuple(prefixes), list(phrases)) == _first_by_walking(
        stems, single, tuple(prefixes), list(phrases))


def test_guillemets_of_the_text_itself_never_read_as_marks() -> None:
    from overleg.corpus.search.hits import MARK, snippet
    from overleg.corpus.search.query import parse

    body = "Kent u het bericht «Verguisde stalvloer kan stoppende boer in de weg zitten» van gisteren?"
    shown = snippet(body, parse("bericht"))
    assert shown.count(MARK[0]) == shown.count(MARK[1]) == 1
    assert f"{MARK[0]}bericht{MARK[1]}" in shown and "“Verguisde" in shown and "zitten”" in shown
