"""Document ids: every printed spelling of real papers parses to its canonical id."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overleg.errors import InvalidIdentifier
from overleg.extract.references import find_refs
from overleg.model import DocumentId, TkNumber
from strategies import aanhangsel_ids, document_ids, kamerstuk_ids

# Spellings as printed in the seed, the corpus and the domain documentation.
PRINTED = [
    # the domain doc's list of seed spellings
    ("21501-02 nr. 3273", "kst-21501-02-3273"),
    ("21 501-20 nr. 2293", "kst-21501-20-2293"),
    ("36 800-V, nr. 86.", "kst-36800-V-86"),
    ("36800-XX, Nr.18", "kst-36800-XX-18"),
    ("Kamerstuk 36 180 nr. 190", "kst-36180-190"),
    ("Kamerstuk 36 800-V, nr. 86.", "kst-36800-V-86"),
    # seed footnotes
    ("Kamerstuk 21501-20, nr. 2312", "kst-21501-20-2312"),
    ("Zie Kamerstuk 27925, nr. 948", "kst-27925-948"),
    ("Zie Kamerstuk 36800-V nr. 49", "kst-36800-V-49"),
    ("Kamerstuk 36800-V, Nr. 73", "kst-36800-V-73"),
    ("Kamerstuk 23 432, nr. 611", "kst-23432-611"),
    # written questions' footnotes
    ("Kamerstuk 29 383, nr. 406.", "kst-29383-406"),
    ("Bijlage bij Kamerstuk 29 383, nr. 384.", "kst-29383-384"),
    ("Kamerstuk 36 410 VIII, nr. 106", "kst-36410-VIII-106"),
    ("Kamerstuk 36 200 IV, nr. 25.", "kst-36200-IV-25"),
    ("Kamerstukken II 2023/24, 36 410 IV, nr. 15", "kst-36410-IV-15"),
    ("Kamerstukken II 2023–34, 23 235, nr. 240.", "kst-23235-240"),
    ("Kamerstukken II2015–16, 34 104, nr. 128.", "kst-34104-128"),
    ("Kamerstuk 21 501-02, nr. 2498 (https://www.tweedekamer.nl/kamerstukken/moties)", "kst-21501-02-2498"),
    ("Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023.", "kst-22054-395"),
    ("Bijlage 1 van kamerstuk 32 813, nr. 1395", "kst-32813-1395"),
    ("Kamerstuk II 28286, nr. 1056", "kst-28286-1056"),
    ("Kamerstukken, 2022-2023, 29628, nr. 1135", "kst-29628-1135"),
    ("Kamerstukken II 2021/22, 29 628, nr. 1099.", "kst-29628-1099"),
    ("Kamerstuk 25424, nr. 670 (Geestelijke gezondheidszorg; Brief regering)", "kst-25424-670"),
    # Eerste Kamer papers numbered with letters
    ("33 506, AB", "kst-33506-AB"),
    ("Kamerstuk 33 506, nr. AB", "kst-33506-AB"),
    # the hyphenated form of letters and sites: a ministry letter (bundled, kenmerk 5293107), the
    # Tweede Kamer's Open Data titles (../shared/corpus/opendata), a Kamerstuk as opentk.nl prints it
    ("(Kamerstuk 35925-VI-56)", "kst-35925-VI-56"),
    ("bij DigiD-machtigingen (Kamerstuk 36600-VII-61) en op de Motie", "kst-36600-VII-61"),
    ("het Defensiematerieelbegrotingsfonds (Kamerstuk 36740-K-2)", "kst-36740-K-2"),
    ("Raad Algemene Zaken 24 juni 2025 (Kamerstuk 21501-02-3162)", "kst-21501-02-3162"),
    ("een motie ingediend over een vervolg (Kamerstuk 21501-32-1740)", "kst-21501-32-1740"),
    ("voor de zomer van 2025 publiceren (t.v.v. 36600-XVII-63)", "kst-36600-XVII-63"),
    ("21501-02-3349", "kst-21501-02-3349"),
    # the Staatscourant
    ("Regeling huurtoeslagparameters 2024 (Stcrt. 2023, 31878)", "stcrt-2023-31878"),
    ("Staatscourant 2010, nr. 4471", "stcrt-2010-4471"),
    ("stcrt-2023-31878", "stcrt-2023-31878"),
    # the Aanhangsel
    ("Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1076", "ah-tk-20232024-1076"),
    ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.", "ah-tk-20232024-594"),
    ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, 1028", "ah-tk-20232024-1028"),
    ("Aanhangsel van de Handelingen, vergaderjaar 2023–2024, nr. 76 (2023D39037)", "ah-tk-20232024-76"),
    ("Aanhangsel Handelingen II 2022/23, nr. 3276", "ah-tk-20222023-3276"),
    ("aanhangsel handelingen, vergaderjaar 2023-2024, nr. 1843", "ah-tk-20232024-1843"),
    ("Aanhangsel Handelingen II 1999/00, nr. 12", "ah-tk-19992000-12"),
    # the Handelingen
    ("Handelingen II 2023/24, nr. 45, item 12", "h-tk-20232024-45-12"),
    ("Handelingen 11, vergaderjaar 2025-2026, nr. 1106", "h-tk-20252026-1106"),
    # canonical forms, any case, leading zeros
    ("kst-21501-02-3349", "kst-21501-02-3349"),
    ("kst-36800-v-86", "kst-36800-V-86"),
    ("KST-36800-XX-18", "kst-36800-XX-18"),
    ("  kst-36180-190\n", "kst-36180-190"),
    ("ah-tk-20232024-1076", "ah-tk-20232024-1076"),
    ("AH-TK-20232024-01076", "ah-tk-20232024-1076"),
    ("h-tk-20232024-45-12", "h-tk-20232024-45-12"),
    ("H-TK-20232024-45", "h-tk-20232024-45"),
]


@pytest.mark.parametrize(("printed", "canonical"), PRINTED, ids=[p for p, _ in PRINTED])
def test_printed_spelling_parses_to_its_canonical_id(printed: str, canonical: str) -> None:
    assert str(DocumentId.parse(printed)) == canonical


# Lettered Eerste Kamer numbers need "nr." to be told from running text; upper-case canonical
# ids do not occur in running text.
FINDABLE = [(p, c) for p, c in PRINTED if not c.endswith("-AB") and not p.startswith(("KST", "AH-TK", "H-TK"))]


@pytest.mark.parametrize(("printed", "canonical"), FINDABLE, ids=[p for p, _ in FINDABLE])
def test_citation_finder_finds_the_same_id_in_running_text(printed: str, canonical: str) -> None:
    text = f"Het kabinet verwijst naar ({printed}) en naar het verslag."
    assert canonical in [str(i) for i in find_refs(text)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Kamerstuk",
        "nr. 3349",
        "2023D39037",
        "ISO 27001",
        "10 miljoen euro",
        "3628105–1050416-CZ.",
        "NR/REG-2313a",
        "(Aanhangsel Handelingen, vergaderjaar 2022–203, nr. 844)",  # a typo in a real footnote
        "Aanhangsel Handelingen, vergaderjaar 2023–2025, nr. 12",
        "kst-",
        "kst-21501-02",
        "kst-36800-V-086",
        "ah-tk-2023-1076",
        "h-tk-20232024",
        "Kamerstuk ٣٦ ١٨٠ nr. ١٩٠",  # digits of another script are no id
        "Kamerstuk 36 180 nr. 0",
        # hyphens that are not a paper: dates, phone numbers, ranges, a dossier without number
        "2024-01-15",
        "op 15-01-2024",
        "bel 070-456-7890",
        "van 10000-20000 euro",
        "Kamerstuk 21501-20",
        "36180-190",
        "05012-02-3349",
        "21501-02-3349-1",
        # a Staatscourant without its number, and the TK's own numbers, which are not papers
        "in de Staatscourant van 3 mei 2024",
        "(Kamerstuk 2022D10685)",
        "2024Z01234",
    ],
)
def test_text_without_an_id_raises_invalid_identifier(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        DocumentId.parse(text)
    assert DocumentId.try_parse(text) is None


@pytest.mark.parametrize(
    "value", ["kst-36800", "kst-21501-02", "Kamerstuk 36 800-V, nr. 86", "ah-tk-20232024-", "", "kst-٣٦١٨٠-١٩٠"]
)
def test_constructor_refuses_anything_but_a_canonical_id(value: str) -> None:
    with pytest.raises(InvalidIdentifier):
        DocumentId(value)


def test_a_staatscourant_has_its_kind_number_and_publication_page() -> None:
    stcrt = DocumentId.parse("Stcrt. 2023, 31878")
    assert (stcrt.kind, stcrt.dossier, stcrt.number) == ("stcrt", None, "31878")
    assert stcrt.url == "https://zoek.officielebekendmakingen.nl/stcrt-2023-31878.html"
    assert DocumentId("STCRT-2023-031878") == stcrt


@pytest.mark.parametrize(("printed", "kind", "url"), [
    # the Kamer's letter answered by a bundled ministry letter; the DocumentNummer of a footnote
    ("In antwoord op uw brief van 7 september 2023, nr. 2023Z14759", "zaak",
     "https://www.tweedekamer.nl/kamerstukken/detail?id=2023Z14759"),
    ("Aanhangsel van de Handelingen, vergaderjaar 2023–2024, nr. 76 (2023D39037)", "document",
     "https://www.tweedekamer.nl/kamerstukken/detail?id=2023D39037&did=2023D39037"),
])
def test_a_tk_number_is_found_with_its_kind_and_the_kamers_page(printed: str, kind: str, url: str) -> None:
    [number] = TkNumber.find_all(printed)
    assert (number.kind, number.url) == (kind, url)
    assert TkNumber.try_parse(str(number).lower()) == number


@pytest.mark.parametrize("text", ["2024Z1234", "2024X01234", "12024Z01234", "2024Z012345", "kenmerk 5293107", ""])
def test_what_is_not_a_tk_number_is_refused(text: str) -> None:
    assert TkNumber.find_all(text) == () and TkNumber.try_parse(text) is None
    with pytest.raises(InvalidIdentifier):
        TkNumber(text)


def test_invalid_identifier_is_a_value_error_for_callers_that_expect_one() -> None:
    with pytest.raises(ValueError):
        DocumentId("nonsense")


def test_ids_of_the_same_paper_are_equal_and_hash_alike_whatever_the_spelling() -> None:
    spellings = ["kst-36800-V-86", "KST-36800-v-86", "Kamerstuk 36 800-V, nr. 86.", "36800-V nr 86"]
    ids = {DocumentId.parse(s) for s in spellings}
    assert len(ids) == 1
    assert DocumentId.parse("kst-36800-V-86") != DocumentId.parse("kst-36800-V-87")
    the_string: object = "kst-36800-V-86"
    assert DocumentId.parse("kst-36800-V-86") != the_string


def test_ids_sort_by_kind_then_number_by_number() -> None:
    ids = [DocumentId(v) for v in ("kst-36800-V-86", "ah-tk-20232024-1076", "kst-36800-V-9", "kst-21501-02-3349")]
    assert [str(i) for i in sorted(ids)] == [
        "ah-tk-20232024-1076",
        "kst-21501-02-3349",
        "kst-36800-V-9",
        "kst-36800-V-86",
    ]
    assert DocumentId("kst-36800-V-9") < DocumentId("kst-36800-V-86") <= DocumentId("kst-36800-V-86")


def test_parts_of_an_id() -> None:
    kst = DocumentId.parse("Kamerstuk 36 800-V, nr. 86.")
    assert (kst.kind, kst.dossier, kst.number) == ("kst", "36800-V", "86")
    ah = DocumentId("ah-tk-20232024-1076")
    assert (ah.kind, ah.dossier, ah.number) == ("ah-tk", None, "1076")
    assert DocumentId("h-tk-20232024-45-12").kind == "h-tk"
    assert kst.url == "https://zoek.officielebekendmakingen.nl/kst-36800-V-86.html"


@settings(max_examples=200, deadline=None)
@given(document_ids())
def test_printing_and_parsing_an_id_is_the_identity(doc_id: DocumentId) -> None:
    assert str(DocumentId.parse(str(doc_id))) == str(doc_id)
    assert DocumentId(str(doc_id)) == doc_id
    assert DocumentId.parse(str(doc_id).upper()) == doc_id


def _printed_dossier(dossier: str, style: int) -> str:
    """'36800-V' as a clerk might print it: '36 800-V', '36 800 V' (Roman), '36800-V'."""
    main, _, sub = dossier.partition("-")
    spaced = f"{main[:-3]} {main[-3:]}" if len(main) > 3 else main
    if not sub:
        return spaced if style % 2 else main
    if style == 2 and sub.strip("IVXLC") == "":
        return f"{spaced} {sub}"
    return f"{spaced}-{sub}" if style % 2 else f"{main}-{sub}"


@settings(max_examples=200, deadline=None)
@given(kamerstuk_ids(), st.integers(0, 2), st.sampled_from(["nr. ", "Nr.", "nr ", ", nr. ", ", Nr. "]))
def test_a_kamerstuk_printed_in_any_house_style_parses_back(doc_id: DocumentId, style: int, nr: str) -> None:
    assert doc_id.dossier is not None
    printed = f"Kamerstuk {_printed_dossier(doc_id.dossier, style)} {nr}{doc_id.number}"
    assert DocumentId.parse(printed) == doc_id
    if doc_id.number.isdigit():
        assert doc_id in find_refs(f"Zie ({printed}).")


@settings(max_examples=100, deadline=None)
@given(aanhangsel_ids(), st.sampled_from(["vergaderjaar {a}–{b}, nr. {n}", "II {a}/{s}, nr. {n}", "{a}-{b}, {n}"]))
def test_an_aanhangsel_printed_in_any_house_style_parses_back(doc_id: DocumentId, style: str) -> None:
    year = str(doc_id).split("-")[2]
    printed = "Aanhangsel Handelingen " + style.format(a=year[:4], b=year[4:], s=year[6:], n=doc_id.number)
    assert DocumentId.parse(printed) == doc_id
    assert find_refs(printed) == (doc_id,)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_finding_references_in_any_text_gives_canonical_ids_and_never_raises(text: str) -> None:
    for found in find_refs(text):
        assert DocumentId(str(found)) == found


REF_LISTS = [
    ("Kamerstuk 21 501-20 nr. 2293 en nr. 2315", ["kst-21501-20-2293", "kst-21501-20-2315"]),
    ("Kamerstuk 21501-02, nrs. 12, 13 en 14", ["kst-21501-02-12", "kst-21501-02-13", "kst-21501-02-14"]),
    ("Kamerstuk 21 501-02, nr. 3345, en nr. 3346", ["kst-21501-02-3345", "kst-21501-02-3346"]),
    ("Kamerstukken 21 501-02, nr. 3345 en 36 800-V, nr. 36", ["kst-21501-02-3345", "kst-36800-V-36"]),
    ("Kamerstuk 29 383, nr. 406 en 25 424, nr. 650", ["kst-29383-406", "kst-25424-650"]),
    ("(Kamerstuk 36 800-V, nr. 36), 16 januari 2026", ["kst-36800-V-36"]),
    ("Kamerstuk 36 180, nr. 190, 2026", ["kst-36180-190"]),
    ("Kamerstuk 25 424, nr. 650 (25 424, nr. 650).", ["kst-25424-650"]),
    ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.", ["ah-tk-20232024-594"]),
    ("zie kst-36800-V-86 en ah-tk-20232024-1076", ["kst-36800-V-86", "ah-tk-20232024-1076"]),
]


@pytest.mark.parametrize(("text", "expected"), REF_LISTS, ids=[t for t, _ in REF_LISTS])
def test_citation_lists_give_every_paper_once_in_order(text: str, expected: list[str]) -> None:
    assert [str(i) for i in find_refs(text)] == expected


@settings(max_examples=200, deadline=None)
@given(document_ids(), document_ids())
def test_ids_are_totally_ordered_consistently_with_equality(a: DocumentId, b: DocumentId) -> None:
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10**30), st.integers(1, 10**30))
def test_papers_of_one_dossier_sort_by_their_number(m: int, n: int) -> None:
    a, b = DocumentId(f"kst-36800-V-{m}"), DocumentId(f"kst-36800-V-{n}")
    assert (a < b) == (m < n)


def test_a_very_long_list_of_numbers_is_read_without_quadratic_backtracking() -> None:
    # 8000 entries took tens of seconds with a nested-repeat pattern; linear work is milliseconds.
    text = "Kamerstuk 21501-02, nr. 1" + ", nr. 2" * 8000 + ", 3" * 8000 + " tekst"
    assert [str(i) for i in find_refs(text)] == ["kst-21501-02-1", "kst-21501-02-2"]


_TOKENS = (
    "Kamerstuk", "Kamerstukken", "I", "II", "Aanhangsel", "van de", "Handelingen", "vergaderjaar", "nr.", "Nr",
    "nrs.", "item", ",", " ", " ", "-", "–", "/", ".", "2023", "24", "1999", "00", "36", "800", "V", "XX", "VIII",
    "0", "007", "1", "12345", "123456", "AB", "kst-", "ah-tk-", "h-tk-", "20232024", "٣",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14).map("".join))
def test_parsing_citation_shaped_text_gives_an_id_or_invalid_identifier(text: str) -> None:
    found = DocumentId.try_parse(text)
    if found is None:
        with pytest.raises(InvalidIdentifier):
            DocumentId.parse(text)
    else:
        assert DocumentId.parse(text) == found == DocumentId(str(found))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_finding_references_in_citation_shaped_text_never_raises(text: str) -> None:
    for found in find_refs(text):
        assert DocumentId(str(found)) == found
