"""Snippets (corpus.search.hits): the one that stems only the candidates for a match must show
what the snippet that stemmed every word of the text showed, marks and window alike."""

from __future__ import annotations

import re
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.corpus.search.analysis import fold, stem
from overleg.corpus.search.hits import _NOT_MARKS, _WORD, MARK, SNIPPET_WORDS, _folds_in_place, snippet
from overleg.corpus.search.query import Near, Node, Phrase, Prefix, Term, parse, positive_leaves


def _snippet_stemming_every_word(body: str, node: Node, words: int = SNIPPET_WORDS) -> str:
    """The snippet as it was made before: every word stemmed first (those that cannot match
    left empty), the first match by a walk over them all."""
    leaves = positive_leaves(node)
    folded = fold(body)
    found = _WORD.findall(folded) if _folds_in_place(body) else [fold(w) for w in _WORD.findall(body)]
    starts = {leaf.stem[:2] for leaf in leaves if isinstance(leaf, Term | Prefix)}
    starts |= {s[:2] for leaf in leaves if isinstance(leaf, Phrase | Near) for s in leaf.stems}
    stems = [stem(w) if w[:2] in starts else "" for w in found]
    if not stems:
        return body[:200].translate(_NOT_MARKS)
    single = {leaf.stem for leaf in leaves if isinstance(leaf, Term)}
    single.update(s for leaf in leaves if isinstance(leaf, Near) for s in leaf.stems)
    prefixes = tuple(leaf.stem for leaf in leaves if isinstance(leaf, Prefix))
    phrases = [leaf.stems for leaf in leaves if isinstance(leaf, Phrase)]
    matching = [n for n, s in enumerate(stems) if s in single or (prefixes and s.startswith(prefixes))]
    matching += [n for phrase in phrases for n in range(len(stems)) if tuple(stems[n:n + len(phrase)]) == phrase]
    first = min(matching) if matching else 0
    start = max(0, first - words // 4)
    end = min(len(stems), start + words)
    marked = {n for n in range(start, end) if stems[n] in single or (prefixes and stems[n].startswith(prefixes))}
    for phrase in phrases:
        for n in range(start, end):
            if tuple(stems[n:n + len(phrase)]) == phrase:
                marked.update(range(n, n + len(phrase)))
    out: list[str] = []
    cursor = -1
    for n, match in enumerate(islice(_WORD.finditer(body), start, end), start):
        a, b = match.span()
        out.append(body[cursor if cursor >= 0 else a:a].translate(_NOT_MARKS))
        out.append(f"{MARK[0]}{body[a:b]}{MARK[1]}" if n in marked else body[a:b])
        cursor = b
    if not out:
        return body[:200].translate(_NOT_MARKS)
    return ("…" if start > 0 else "") + " ".join("".join(out).split()) + ("…" if end < len(stems) else "")


WORDS = ["de", "minister", "ministeries", "Rafah", "grens", "grenzen", "hulp", "humanitaire", "maan", "man", "a",
         "Oekraïne", "vuurwerkopslag", "opslag", "«titel»", "(nos.nl)", "sancties", "sanctie", "e", "ee",
         # a ligature and a combining accent (folding moves offsets), and a long word
         "ﬁnanciën", "ministe\u0301rie", "groot-minister",
         "vuurwerkopslagvergunningverleningsprocedureshandhavingsbeleid"]
QUERIES = ["minister", "minist*", "rafah", '"humanitaire hulp"', '"de minister"', "hulp OR grens", "maan",
           '"hulp humanitaire"~2', "sancties", "oekraine", "opslag", "e", "de grens -rafah", "sanct* OR hulp",
           '"grens de"', "ee"]


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", ".\n", " - "])), max_size=90),
       st.sampled_from(QUERIES), st.integers(1, 40))
@settings(max_examples=400, deadline=None)
def test_a_snippet_shows_what_stemming_every_word_showed(pairs: list[tuple[str, str]], query: str,
                                                         width: int) -> None:
    body = "".join(word + gap for word, gap in pairs)
    assert snippet(body, parse(query), width) == _snippet_stemming_every_word(body, parse(query), width)


def test_a_snippet_of_a_long_answer_marks_the_first_match_and_the_phrase_after_it() -> None:
    ending = "De humanitaire hulp aan Gaza blijft nodig, zegt de minister."
    body = " ".join(["Het kabinet zet zich in."] * 20 + [ending])
    shown = snippet(body, parse('"humanitaire hulp" OR minister'))
    assert shown.startswith("…") and f"{MARK[0]}humanitaire{MARK[1]} {MARK[0]}hulp{MARK[1]}" in shown
    assert f"{MARK[0]}minister{MARK[1]}" in shown and shown == _snippet_stemming_every_word(
        body, parse('"humanitaire hulp" OR minister'))


def test_guillemets_of_the_text_itself_never_read_as_marks() -> None:
    body = "Kent u het bericht «Verguisde stalvloer kan stoppende boer in de weg zitten» van gisteren?"
    shown = snippet(body, parse("bericht"))
    assert shown.count(MARK[0]) == shown.count(MARK[1]) == 1
    assert f"{MARK[0]}bericht{MARK[1]}" in shown and "“Verguisde" in shown and "zitten”" in shown


def test_a_text_without_a_word_shows_its_start() -> None:
    assert snippet("… — !", parse("rafah")) == "… — !"
    assert re.fullmatch(r"[^«»]*", snippet("Geen treffer hier", parse("rafah")))


def test_a_phrase_that_starts_on_the_windows_last_word_is_marked_there() -> None:
    body = "Rafah a a a a a a humanitaire hulp a a"
    query = parse('"humanitaire hulp" OR rafah')
    shown = snippet(body, query, 8)
    assert shown.endswith(f"{MARK[0]}humanitaire{MARK[1]}…")
    assert shown == _snippet_stemming_every_word(body, query, 8)


def test_the_window_holds_the_first_match_of_a_word_a_prefix_and_a_phrase() -> None:
    for query, found in (("minist*", "ministeries"), ("rafah", "Rafah"), ('"humanitaire hulp"', "humanitaire")):
        body = "Een " * 30 + f"{found} hulp en meer " + "tekst " * 30
        shown = snippet(body, parse(query), 8)
        assert f"{MARK[0]}{found}{MARK[1]}" in shown, (query, shown)
        assert shown == _snippet_stemming_every_word(body, parse(query), 8)


def test_a_ligature_and_a_combining_accent_together_leave_the_text_as_it_stands() -> None:
    """Together they fold to the text's own length, while every offset between them moves by one."""
    body = "De ﬁnanciële steun van het ministe\u0301rie, zegt de minister, blijft."
    shown = snippet(body, parse("minister"))
    assert "ministe\u0301rie" in shown and "«minister»" in shown
    assert shown.replace("«", "").replace("»", "").strip("…") in body


LONG = "vuurwerkopslagvergunningverleningsprocedureshandhavingsbeleidsnotities"


def test_the_words_before_a_match_are_read_back_whole_however_long() -> None:
    """The window's start is read back from the match over a stretch of the text first: a word
    cut at that stretch's start, or too few words in it, must be read again from the text's start."""
    cases = [(f"Het {LONG} kabinet zegt dit.", 4), (f"Het {LONG} {LONG} kabinet zegt dit.", 8),
             (f"{LONG} {LONG} {LONG} het kabinet", 12), (f"a {LONG} b kabinet", 6)]
    for body, width in cases:
        assert snippet(body, parse("kabinet"), width) == _snippet_stemming_every_word(body, parse("kabinet"), width)
