"""The HTML writer: a valid, self-contained, accessible HTML5 page whose internal links all land."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import html5lib
import pytest
from hypothesis import given, settings

import overleg
from akn_strategies import documents
from overleg.model import Document, Item
from sample_documents import questions_like, seed_like, seed_sized


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
