"""The HTML writer: a valid, self-contained, accessible HTML5 page whose internal links all land."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import pairwise

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings

import overleg
from akn_strategies import documents
from layout_roundtrip import assert_same_model, assert_same_text
from overleg.model import Document, Item
from overleg.vocabulary.dates import dutch_date
from sample_documents import questions_like, seed_like, seed_sized
from writer_strategies import documents as writer_documents


def parse_strict(page: str) -> ET.Element:
    """The page's tree; html5lib's strict mode raises on any HTML5 parse error."""
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(page)
    return root


def html_of(doc: Document) -> tuple[str, ET.Element]:
    page = overleg.write(doc, "html")
    assert isinstance(page, str)
    return page, parse_strict(page)


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def by_id(root: ET.Element) -> dict[str, ET.Element]:
    return {el.get("id", ""): el for el in root.iter() if el.get("id")}


def assert_well_formed_page(page: str, root: ET.Element) -> None:
    """The checks every page must pass, whatever the document."""
    assert page.startswith("<!DOCTYPE html>")
    assert root.tag == "html" and root.get("lang") == "nl"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    targets = set(ids)
    for a in root.iter("a"):
        href = a.get("href", "")
        assert href, "a link without a target"
        if href.startswith("#"):
            assert href[1:] in targets, f"link {href} has no anchor"
    headings = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(text_of(h).strip() for h in headings), "an empty heading"
    levels = [int(el.tag[1]) for el in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, f"heading h{after} follows h{before}"
    for section in root.iter("section"):
        label = section.get("aria-labelledby", "")
        assert label in targets and text_of(by_id(root)[label]).strip(), "a section without a heading"
    assert not [el for el in root.iter() if el.tag in ("script", "link", "img", "iframe") or el.get("src")]


@pytest.mark.parametrize("make", [seed_like, questions_like, seed_sized])
def test_page_is_valid_html5_with_resolving_internal_links(make: object) -> None:
    assert callable(make)
    assert_well_formed_page(*html_of(make()))


@settings(max_examples=40, deadline=None)
@given(documents())
def test_any_generated_document_gives_a_valid_page_whose_links_land(doc: Document) -> None:
    assert_well_formed_page(*html_of(doc))


def test_every_item_has_stable_question_and_answer_anchors() -> None:
    doc = seed_like()
    _, root = html_of(doc)
    ids = by_id(root)
    for item in doc.items:
        assert f"Vraag {item.number}" in text_of(ids[f"vraag-{item.number}"])
        label = ids[f"antwoord-{item.number}"].find("p")
        assert label is not None and str(item.number) in text_of(label)


def test_each_part_is_a_labelled_landmark() -> None:
    doc = seed_like()
    _, root = html_of(doc)
    assert root.find(".//main") is not None and root.find(".//nav[@aria-label]") is not None
    labels = {text_of(by_id(root)[s.get("aria-labelledby", "")]) for s in root.iter("section")}
    for faction in doc.factions:
        assert any(f"{faction.name}-fractie" in label for label in labels)
    assert {"Inleiding", "Voetnoten", "Toezeggingen", "Volledige agenda"} <= labels


def test_commitments_and_referral_only_answers_are_visibly_marked() -> None:
    doc = seed_like()
    _, root = html_of(doc)
    ids = by_id(root)
    promised = {c.item for c in doc.commitments if c.item is not None}
    for item in doc.items:
        answer = text_of(ids[f"antwoord-{item.number}"])
        assert ("Toezegging" in answer) == (item.number in promised)
        assert ("Alleen een verwijzing" in answer) == item.referral_only


def test_cross_references_and_footnote_markers_are_links() -> None:
    _, root = html_of(seed_like())
    ids = by_id(root)
    referral = {a.get("href") for a in ids["antwoord-5"].iter("a")}
    assert "#antwoord-1" in referral
    in_text = {a.get("href") for p in ids["antwoord-6"].iter("p") if p.get("class") is None for a in p.iter("a")}
    assert in_text == {"#antwoord-3", "#antwoord-4"}
    notes = {a.get("href") for a in ids["antwoord-1"].iter("a")}
    assert {"#voetnoot-1", "#voetnoot-2"} <= notes


def test_cited_papers_link_to_their_officielebekendmakingen_page() -> None:
    doc = seed_like()
    _, root = html_of(doc)
    hrefs = {a.get("href") for a in root.iter("a")}
    for ref in (*doc.subject_refs, *doc.items[1].answer_refs, *doc.footnotes[0].refs):
        assert ref.url in hrefs


def test_text_is_escaped_not_interpreted() -> None:
    page, root = html_of(seed_like())
    assert "Raad &lt;Buitenlandse Zaken&gt;" in page
    assert root.find(".//Buitenlandse") is None


def test_characters_html5_forbids_become_replacement_characters() -> None:
    doc = Document(type=seed_like().type, items=(Item(1, "nul\x00 c1\x85 nonchar\ufdd0 astral\U0001fffe 😀"),))
    page, root = html_of(doc)
    assert_well_formed_page(page, root)
    assert "nul\ufffd c1\ufffd nonchar\ufffd astral\ufffd 😀" in page


def test_two_footnote_series_get_separate_anchors() -> None:
    _, root = html_of(questions_like())
    ids = by_id(root)
    assert "voetnoot-typed-1" in ids and "voetnoot-word-1" in ids



def test_addressees_are_listed_once_when_the_addressee_is_them_joined() -> None:
    import dataclasses

    doc = dataclasses.replace(seed_like(), addressee="Minister van Financiën en Minister van Defensie",
                              addressees=("Minister van Financiën", "Minister van Defensie"))
    page = str(overleg.write(doc, "html"))
    assert page.count("Minister van Financiën") == 1
    assert "Minister van Financiën; Minister van Defensie" in page


# -- every genre in its printed wording, read back by the official HTML reader ----------------


def printed_lines(doc: Document) -> list[str]:
    """The lines of the page the official HTML reader keeps: what is printed, not what the page
    adds (``noprint``), marks as the reader gives them."""
    from overleg.readers import official_html
    from overleg.readers.source import Source

    src = Source("page.html", str(overleg.write(doc, "html")).encode("utf-8"))
    return [line for line in official_html.page_text(src, official_html.parse_html(src)).prepared.lines if line]


def labels_as_printed(doc: Document, answer: Callable[[str], str]) -> list[str]:
    """"Vraag N" per item and the answer's label once, after the last question of its group."""
    out = []
    for item in doc.items:
        out.append(f"Vraag {item.number}")
        group = item.answer_group or (item.number,)
        if item.answer is not None and item.number == group[-1]:
            numbers = [str(n) for n in group]
            out.append(answer(numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " en " + numbers[-1]))
    return out


def test_written_questions_are_printed_with_the_aanhangsel_heading_and_labels() -> None:
    doc = overleg.read(overleg.EXAMPLES / "ah-tk-20232024-2367.pdf")
    assert any(len(i.answer_group) > 1 for i in doc.items) and doc.questions_sent_on and doc.answered_on
    lines = printed_lines(doc)
    assert "Aanhangsel van de Handelingen" in lines
    asked = next(line for line in lines if line.startswith(("Vragen van het lid ", "Vragen van de leden ")))
    assert asked.endswith(f"(ingezonden {dutch_date(doc.questions_sent_on)}).")
    assert f"Antwoord van {doc.answered_by[0]}" in next(line for line in lines if line.startswith("Antwoord van "))
    labels = [line for line in lines if re.fullmatch(r"(?:Vraag|Antwoord) [\d, en]+", line)]
    assert labels == labels_as_printed(doc, lambda numbers: f"Antwoord {numbers}")


def test_a_shared_answer_is_labelled_in_print_once_and_on_the_page_at_each_question() -> None:
    doc = overleg.read(overleg.EXAMPLES / "ah-tk-20232024-2367.pdf")
    group = next(i.answer_group for i in doc.items if len(i.answer_group) > 1)
    _, root = html_of(doc)
    label = "Antwoord " + ", ".join(map(str, group[:-1])) + " en " + str(group[-1])
    assert printed_lines(doc).count(label) == 1
    shown = [p for p in root.iter("p") if "label" in p.get("class", "").split() and text_of(p) == label]
    assert len(shown) == len(group) and sum("noprint" not in p.get("class", "") for p in shown) == 1


def test_a_reports_questions_are_labelled_on_the_page_but_not_in_print() -> None:
    doc = overleg.read(overleg.EXAMPLES / "kst-21501-02-3349.txt")
    _, root = html_of(doc)
    assert text_of(by_id(root)["vraag-1"]).strip().startswith("Vraag 1")
    assert not [line for line in printed_lines(doc) if re.fullmatch(r"Vraag \d+", line)]


def test_a_ministry_letter_prints_its_typed_notes_typed_and_its_own_as_footnotes() -> None:
    doc = overleg.read(overleg.EXAMPLES / "jenv-beantw-kenmerk-5293107.docx")
    typed = [f for f in doc.footnotes if f.series == "typed"]
    word = [f for f in doc.footnotes if f.series == "word"]
    assert typed and word and doc.answered_on is not None
    lines = printed_lines(doc)
    assert lines[0] == f"Datum {dutch_date(doc.answered_on)}"
    assert any(line.startswith("In antwoord op uw brief van ") for line in lines)
    assert [line for line in lines if re.match(r"\d+\) ", line)] == [f"{f.number}) {f.text}" for f in typed]
    assert labels_as_printed(doc, lambda n: f"Antwoord op {'vraag' if ' ' not in n else 'vragen'} {n}") == \
        [line for line in lines if re.fullmatch(r"(?:Vraag|Antwoord op vra(?:ag|gen)) [\d, en]+", line)]
    _, root = html_of(doc)
    ids = by_id(root)
    cited = next(i for i in doc.items if any(m.series == "typed" for m in i.question_marks))
    first = next(m for m in cited.question_marks if m.series == "typed")
    link = next(a for a in ids[f"vraag-{cited.number}"].iter("a") if a.get("href") == f"#voetnoot-typed-{first.number}")
    assert text_of(link) == f"[{first.number}]"
    listed = {li.get("id") for li in ids["voetnoten"].iter("li")}
    assert listed == {f"voetnoot-word-{f.number}" for f in word}
    assert {p.get("id") for p in ids["noten-bij-de-vragen"].iter("p") if p.get("id")} == \
        {f"voetnoot-typed-{f.number}" for f in typed}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writer_documents())
def test_generated_documents_of_every_genre_read_back_from_html_to_the_same_text_and_model(doc: Document) -> None:
    from overleg.readers import read
    from overleg.readers.source import Source

    back = read(Source("page.html", str(overleg.write(doc, "html")).encode("utf-8")))
    assert_same_text(doc, back)
    assert_same_model(doc, back)
