"""The Akoma Ntoso writer and reader: schema-valid output that reads back to the same model."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import overleg
from akn_strategies import documents
from overleg.errors import ReaderError, UnreadableInput
from overleg.model import Document
from overleg.vocabulary.akn import NS_AKN
from overleg.writers import akn
from sample_documents import questions_like, seed_like, seed_sized

SCHEMA = Path(__file__).parent / "schemas" / "akomantoso30.xsd"


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


def assert_valid(xml: bytes) -> None:
    s = schema()
    if not s.validate(etree.fromstring(xml)):
        pytest.fail("\n".join(f"line {e.line}: {e.message}" for e in s.error_log))


def assert_same(original: Document, back: Document) -> None:
    for field in dataclasses.fields(Document):
        assert getattr(back, field.name) == getattr(original, field.name), field.name


@pytest.mark.parametrize("make", [seed_like, questions_like, seed_sized])
def test_written_akn_validates_against_the_akn_3_schema(make: object) -> None:
    assert callable(make)
    assert_valid(akn.write(make()))


@pytest.mark.parametrize("make", [seed_like, questions_like, seed_sized])
def test_akn_reads_back_to_the_same_model_field_by_field(make: object) -> None:
    assert callable(make)
    doc = make()
    assert_same(doc, overleg.read(overleg.write(doc, "akn")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_generated_document_is_schema_valid_and_round_trips(doc: Document) -> None:
    xml = overleg.write(doc, "akn")
    assert isinstance(xml, bytes)
    assert_valid(xml)
    assert_same(doc, overleg.read(xml))


@settings(max_examples=40, deadline=None)
@given(documents())
def test_any_generated_document_round_trips_through_exchange_json(doc: Document) -> None:
    text = overleg.write(doc, "json")
    assert isinstance(text, str)
    assert_same(doc, overleg.read(text.encode()))


def test_frbr_uris_are_built_from_the_canonical_id_and_date() -> None:
    root = etree.fromstring(akn.write(seed_like()))
    ns = {"a": NS_AKN}
    this = root.find("a:debate/a:meta/a:identification/a:FRBRWork/a:FRBRthis", ns)
    assert this is not None
    assert this.get("value") == "/akn/nl/debate/tk/2026-02-20/kst-21501-02-3349/!main"


def test_footnotes_are_authorial_notes_and_citations_are_refs() -> None:
    doc = seed_like()
    root = etree.fromstring(akn.write(doc))
    notes = root.findall(f".//{{{NS_AKN}}}authorialNote")
    assert sorted(int(n.get("marker", "0")) for n in notes) == sorted(f.number for f in doc.footnotes)
    hrefs = {r.get("href") for r in root.iter(f"{{{NS_AKN}}}ref")}
    assert "https://zoek.officielebekendmakingen.nl/kst-36180-190.html" in hrefs
    assert "#antwoord_1" in hrefs


def test_xml_with_a_doctype_is_refused_before_parsing() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&lol2;</akomaNtoso>')
    with pytest.raises(UnreadableInput, match="DTD"):
        overleg.read(bomb, name="bomb.xml")


def test_xml_that_is_neither_akoma_ntoso_nor_an_official_publication_is_not_supported_yet() -> None:
    with pytest.raises(UnreadableInput, match="not supported yet"):
        overleg.read(b"<?xml version='1.0'?><recept/>", name="recept.xml")


def test_broken_akn_names_the_line_of_the_fault() -> None:
    xml = akn.write(seed_like()).replace(b"<num>3</num>", b"<num>drie</num>", 1)
    with pytest.raises(UnreadableInput, match=r"line \d+.*'drie' is not a number"):
        overleg.read(xml, name="broken.xml")


def test_malformed_xml_is_an_unreadable_input() -> None:
    with pytest.raises(UnreadableInput, match="not well-formed"):
        overleg.read(b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><debate>',
                     name="cut.xml")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_damaged_akn_file_reads_or_raises_a_read_error(data: st.DataObject) -> None:
    xml = bytearray(akn.write(seed_like()))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(xml) - 1))
        cut = data.draw(st.integers(0, 40))
        xml[at:at + cut] = data.draw(st.sampled_from([b"", b"x", b"<", b">", b"\"", b"1", b"#", b"&amp;",
                                                     b"</p>", b"<p>", b"ov:", b"=", b" "]))
    try:
        doc = overleg.read(bytes(xml), name="damaged.xml")
    except ReaderError:
        return
    assert isinstance(doc, Document)


def test_marker_places_stand_in_the_text_and_the_opening_in_the_preface() -> None:
    doc = overleg.read(Path(overleg.__file__).parent / "examples" / "kst-21501-02-3349.txt")
    root = etree.fromstring(akn.write(doc))
    ns = {"a": NS_AKN}
    assert [p.text for p in root.findall(".//a:preface/a:p[@class='aanhef']", ns)] == list(doc.opening)
    answer = root.find(".//a:answer[@eId='antwoord_9']", ns)
    assert answer is not None
    placed = answer.findall("a:p/a:noteRef[@class='plaats']", ns)
    assert [r.get("marker") for r in placed] == ["6"]
    assert (placed[0].getparent().text or "").endswith("per brief")
