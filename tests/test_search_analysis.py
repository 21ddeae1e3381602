"""Dutch text analysis for search: the Snowball dutch stemmer, compound splitting by the bundled
word list, the word list's builder, reindexing a store stemmed the old way, and the relevance
benchmark's command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import Stemmer
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from corpus_support import EXAMPLES, SEED, migrated_store
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search import analysis, entries
from overleg.corpus.search.analysis import (
    MAX_PARTS,
    MIN_COMPOUND,
    MIN_PART,
    NOT_PARTS,
    analyse,
    compound_words,
    index_terms,
    part_terms,
    query_terms,
    split_compound,
    stem,
    tokens,
)
from overleg.corpus.search.ranking import search
from overleg.corpus.search.reindex import reindex
from overleg.store import Store
from overleg.store.engine import read
from overleg.store.schema import search_entries

REPO = Path(__file__).resolve().parent.parent
NITROGEN = EXAMPLES / "ah-tk-20222023-3649.embedded-pdftext.txt"  # written questions on nitrogen emissions


def test_sancties_and_sanctie_are_one_stem_as_are_vragen_and_vraag() -> None:
    assert stem("sancties") == stem("sanctie")
    assert stem("gemeentes") == stem("gemeenten") == stem("gemeente")
    assert stem("vragen") == stem("vraag")
    assert analyse("Sancties") == analyse("sanctie")


def test_dutch_porter_alone_keeps_a_plural_s_after_a_vowel_which_overleg_takes_off_first() -> None:
    porter = Stemmer.Stemmer("dutch_porter")
    assert porter.stemWord("sancties") != porter.stemWord("sanctie")
    assert analysis.STEMMER == "dutch_porter"
    assert stem("huis") != stem("hui") and stem("crisis") == "crisis"  # -is is no plural
    assert stem("proces") == stem("processen") and stem("status") == stem("statussen")  # -es, -us neither


def test_a_doubled_consonant_of_the_plural_is_undone_as_dutch_porter_does_for_kk_dd_tt() -> None:
    assert stem("aantallen") == stem("aantal") and stem("plannen") == stem("plan")
    assert stem("stappen") == stem("stap") and stem("kabinetten") == stem("kabinet")


@pytest.mark.parametrize(("word", "other"), [
    # Snowball's newer "dutch" (Kraaij-Pohlmann) stems the first of each pair as the second (or its
    # stem: gegevens -> "geven"); overleg must not
    ("geweld", "wel"), ("gezondheid", "zon"), ("gegevens", "geven"), ("gebied", "bieden"), ("gezin", "zin"),
    ("eenheid", "een"), ("bekend", "beek"), ("gelijk", "lijk"),
    # dutch_porter alone stems each pair alike: a word stemmed as a function word is kept whole
    ("overheid", "over"), ("kans", "kan"), ("mens", "men"), ("reden", "reeds"), ("meten", "met"),
])
def test_unrelated_words_do_not_share_a_stem(word: str, other: str) -> None:
    assert stem(word) != stem(other)


def test_a_stem_is_the_beginning_of_its_word_so_a_prefix_finds_it() -> None:
    for word in ("minister", "ministerie", "ministeriele", "gemeente", "vragenlijst", "gezondheid", "gegevens"):
        assert word.startswith(stem(word)), word
    assert stem("minist").startswith("minist")


@pytest.mark.parametrize(("compound", "parts"), [
    ("stikstofuitstoot", ("stikstof", "uitstoot")),
    ("stikstofverliezen", ("stikstof", "verliezen")),
])
def test_compounds_of_the_bundled_nitrogen_questions_are_split_into_their_words(
        compound: str, parts: tuple[str, ...]) -> None:
    assert compound in tokens(NITROGEN.read_text(encoding="utf-8"))
    assert split_compound(compound) == parts
    terms = index_terms(compound)
    assert terms == [stem(compound), *(stem(p) for p in parts)]


@pytest.mark.parametrize(("compound", "parts"), [
    ("sanctiepakket", ("sanctie", "pakket")),
    ("sanctiemaatregelen", ("sanctie", "maatregelen")),
    ("personenverkeer", ("personen", "verkeer")),
])
def test_compounds_of_the_seed_document_are_split_into_their_words(compound: str, parts: tuple[str, ...]) -> None:
    assert compound in tokens(SEED.read_text(encoding="utf-8"))
    assert split_compound(compound) == parts


def test_opslag_is_a_term_of_vuurwerkopslag_so_searching_opslag_finds_it() -> None:
    assert stem("opslag") in index_terms("Een vuurwerkopslag in de wijk")
    assert stem("opslag") not in analyse("Een vuurwerkopslag in de wijk").split()


def test_an_inflected_compound_is_split_whatever_form_of_its_last_part_the_list_holds() -> None:
    assert index_terms("woningbouwprojecten") == [stem("woningbouwprojecten"), stem("woningbouw"), stem("project")]
    assert "uitstoten" not in compound_words() and "uitstoot" in compound_words()
    assert index_terms("stikstofuitstoten") == [stem("stikstofuitstoten"), stem("stikstof"), stem("uitstoten")]


def test_a_linking_s_between_parts_is_not_a_part() -> None:
    assert split_compound("veiligheidsregio") == ("veiligheid", "regio")
    assert split_compound("rijksbegroting") == ("rijk", "begroting")


@pytest.mark.parametrize("word", [
    "minister", "verslag", "antwoord", "regering", "informatie", "ministerie", "ministeries", "beantwoording",
    "verantwoordelijkheid", "waarschijnlijk", "onderzoeken", "aangekondigd", "vergunningen", "mogelijkheden",
])
def test_common_words_that_are_not_compounds_are_not_split(word: str) -> None:
    assert split_compound(word) == ()
    assert index_terms(word) == [stem(word)]


def test_short_words_digits_and_unknown_parts_are_never_split() -> None:
    assert len("kamerlid") < MIN_COMPOUND and split_compound("kamerlid") == ()
    assert split_compound("vuurwerk2024opslag") == ()
    assert split_compound("xqzwvbnmkplrt") == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeioun stlrkgdvbpmwzhjcéï"), max_size=60))
def test_index_terms_are_the_analysed_stems_in_order_each_followed_by_its_parts(text: str) -> None:
    terms = iter(index_terms(text))
    for word in tokens(text):
        assert next(terms) == stem(word)
        found = split_compound(word)
        assert 0 <= len(found) <= MAX_PARTS and all(len(p) >= MIN_PART for p in found)
        assert [next(terms) for _ in found] == [stem(p) for p in found] == list(part_terms(word))
    assert next(terms, None) is None


def test_a_compound_query_word_gives_its_stem_and_its_parts_stems() -> None:
    assert query_terms("stikstofuitstoot") == (stem("stikstofuitstoot"), (stem("stikstof"), stem("uitstoot")))
    assert query_terms("minister") == (stem("minister"), ())


def test_the_bundled_word_list_holds_folded_content_words_of_four_letters_or_more() -> None:
    words = compound_words()
    assert len(words) > 3000
    assert all(len(w) >= MIN_PART and w.isalpha() and w == w.lower() and w.isascii() for w in words)
    assert not NOT_PARTS & words.keys()
    assert {"vuurwerk", "opslag", "stikstof", "uitstoot"} <= words.keys()
    about = json.loads(analysis.WORDS_FILE.read_text(encoding="utf-8"))
    assert about["sources"] and about["min_count"] >= 2


def test_the_word_list_builder_counts_the_bundled_examples(tmp_path: Path) -> None:
    out = tmp_path / "words.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "build-compound-dictionary"),
                          "--shared", str(tmp_path / "none"), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    built = json.loads(out.read_text(encoding="utf-8"))
    assert built["sources"] == [s for s in built["sources"] if s.startswith("src/overleg/examples")]
    assert built["words"]["sancties"] >= 3 and "stikstof" in built["words"]
    assert set(built["words"]) <= set(compound_words())  # the examples are among the bundled list's sources


def _porter_analyse(text: str) -> str:
    porter = Stemmer.Stemmer("dutch_porter")
    return " ".join(porter.stemWords(tokens(text)))


def _porter_entry(body: str) -> entries.AnalysedEntry:
    from overleg.corpus.search.suggest import words_of

    return entries.AnalysedEntry(_porter_analyse(body).split(), words_of(body))


@pytest.fixture(params=["sqlite", "postgresql"])
def porter_stemmed(request: pytest.FixtureRequest, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The seed ingested as a store of the old stemmer would hold it (dutch_porter stems)."""
    with migrated_store(request.param, tmp_path) as store:
        with monkeypatch.context() as patched:
            patched.setattr(entries, "analyse_entry", _porter_entry)  # stems and the postings' terms alike
            assert ingest([SEED], store, jobs=1).ok
        yield store


def _indexed_under(store: Store, term: str) -> set[int]:
    """The live entries the postings list under ``term``."""
    from overleg.store.blobs import decode_ids
    from overleg.store.postings import read_postings

    with read(store.engine) as conn:
        live = set(conn.execute(select(search_entries.c.id)).scalars())
        listed = {int(i) for p in read_postings(conn, [term]) for i in decode_ids(p.ids)}
    return listed & live


def test_reindex_rewrites_a_store_stemmed_by_the_old_stemmer_with_the_new_stems(porter_stemmed: Store) -> None:
    # dutch_porter keeps "sancties" as itself; the stemmer of today makes it "sanctie"
    assert _indexed_under(porter_stemmed, "sancties")
    missed = _found(porter_stemmed, "sancties")
    assert reindex(porter_stemmed) == 1
    assert not _indexed_under(porter_stemmed, "sancties") and _indexed_under(porter_stemmed, "sanctie")
    assert missed < _found(porter_stemmed, "sancties") == _found(porter_stemmed, "sanctie")


def _found(store: Store, query: str) -> set[tuple[str, int | None]]:
    return {(h.document_id, h.item) for h in search(store, query, limit=100)}


def test_the_relevance_benchmark_says_how_it_is_run() -> None:
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "bench-relevance"), "--help"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert "--mode" in run.stdout and "tantivy" in run.stdout


def test_the_relevance_benchmark_runs_on_fifty_documents(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "bench-relevance"), "--documents", "50",
                          "--mode", "answers", "--no-tantivy", "--min-recall", "0", "--json-dir", str(tmp_path),
                          "--venv", str(Path(sys.executable).parent.parent)],
                         capture_output=True, text=True, timeout=600)
    figures = json.loads((tmp_path / "relevance-answers.json").read_text(encoding="utf-8"))
    assert figures["documents"] == 50 and figures["queries"] > 0, run.stdout + run.stderr
    assert 0.0 <= figures["figures"]["overleg"]["full_recall10"] <= 1.0


@given(st.text(alphabet=st.sampled_from("abcëéïöDEV -'.,0123456789vuurwerkopslagstikstofuitstoot"), max_size=120))
@settings(max_examples=200, deadline=None)
def test_one_pass_over_an_entry_gives_what_each_analysis_gives_on_its_own(body: str) -> None:
    from overleg.corpus.search.suggest import words_of

    found = entries.analyse_entry(body)
    assert found.terms == analysis.index_terms(body)
    assert found.words == words_of(body)
    assert len(set(found.words)) == len(found.words)


@given(st.lists(st.text(alphabet=st.sampled_from("abcëéDEV -'.,09vuurwerkopslagstikstofuitstoot"), max_size=60),
                max_size=8))
@settings(max_examples=150, deadline=None)
def test_a_documents_coded_analysis_is_each_entrys_analysis(answers: list[str]) -> None:
    """What a reader process sends the writer (``analyse_entries``) decodes to ``analyse_entry``
    of every entry, in order, and counts each vocabulary word once per entry holding it."""
    from collections import Counter

    from overleg.model import Document, DocumentType, Item

    doc = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, title="Vragen over vuurwerkopslag",
                   items=tuple(Item(number=n, question=f"Vraag {n}?", answer=a or None)
                               for n, a in enumerate(answers, start=1)))
    coded = entries.analyse_entries(doc)
    bodies = [spec.body for spec in entries.entry_specs(doc)]
    assert coded.entries == len(bodies)
    codes = np.frombuffer(coded.codes, dtype=entries.CODE).tolist()
    ends = np.cumsum(np.frombuffer(coded.lengths, dtype=entries.CODE)).tolist()
    decoded = [[coded.terms[c] for c in codes[a:b]] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    assert decoded == [entries.analyse_entry(b).terms for b in bodies]
    counted = Counter(w for b in bodies for w in entries.analyse_entry(b).words)
    held = np.frombuffer(coded.word_entries, dtype=entries.CODE).tolist()
    assert dict(zip(coded.words, held, strict=True)) == counted
    assert len(set(coded.terms)) == len(coded.terms)
