"""The exchange JSON: model -> JSON -> model is the identity, and bad JSON fails by name."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overleg import exchange
from overleg.errors import ExchangeFormatError
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item
from strategies import documents

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_model_to_dict_to_model_is_the_identity(doc: Document) -> None:
    assert exchange.from_dict(exchange.to_dict(doc)) == doc


@SETTINGS
@given(documents())
def test_model_to_json_text_to_model_is_the_identity(doc: Document) -> None:
    assert exchange.from_json(exchange.to_json(doc)) == doc
    assert exchange.from_json(exchange.to_json(doc, indent=None).encode("utf-8")) == doc


@SETTINGS
@given(documents())
def test_exchange_json_is_stable_text(doc: Document) -> None:
    text = exchange.to_json(doc)
    assert exchange.to_json(exchange.from_json(text)) == text


@SETTINGS
@given(documents())
def test_every_dict_the_writer_makes_is_plain_json(doc: Document) -> None:
    data = exchange.to_dict(doc)
    assert json.loads(json.dumps(data)) == data


def _seedlike() -> dict[str, Any]:
    doc = Document(
        type=DocumentType.VERSLAG,
        id=DocumentId("kst-21501-02-3349"),
        items=(Item(number=1, question="Vraag?", answer="Antwoord.", question_refs=(DocumentId("kst-36180-190"),)),),
        footnotes=(Footnote(number=1, text="Kamerstuk 36 180 nr. 190", refs=(DocumentId("kst-36180-190"),)),),
    )
    return exchange.to_dict(doc)


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


MALFORMED: list[tuple[tuple[str | int, ...], Any, str]] = [
    # (where to put it, the bad value, the field the message must name)
    (("type",), "verslag", "type"),
    (("type",), None, "type"),
    (("type",), 3, "type"),
    (("id",), "kst 21501-02 3349", "id"),
    (("id",), "Kamerstuk 21501-02, nr. 3349", "id"),
    (("id",), 3349, "id"),
    (("date",), "20 februari 2026", "date"),
    (("date",), "2026-02-30", "date"),
    (("answered_on",), 20260220, "answered_on"),
    (("number",), 3349, "number"),
    (("dossier",), "21501-02", "dossier"),
    (("dossier",), {"title": "Raad"}, "dossier.number"),
    (("committee",), ["vaste commissie"], "committee"),
    (("committee",), {"name": 5}, "committee.name"),
    (("items",), {"1": {}}, "items"),
    (("items", 0, "number"), "1", "items[0].number"),
    (("items", 0, "number"), True, "items[0].number"),
    (("items", 0, "number"), 1.5, "items[0].number"),
    (("items", 0, "question"), ["Vraag?"], "items[0].question"),
    (("items", 0, "question_refs"), ["kst-36180"], "items[0].question_refs[0]"),
    (("items", 0, "question_refs"), "kst-36180-190", "items[0].question_refs"),
    (("items", 0, "cross_refs"), ["14"], "items[0].cross_refs[0]"),
    (("items", 0, "referral_only"), "no", "items[0].referral_only"),
    (("items", 0), "Vraag 1", "items[0]"),
    (("footnotes", 0, "number"), None, "footnotes[0].number"),
    (("footnotes", 0, "refs"), ["36 180 nr. 190"], "footnotes[0].refs[0]"),
    (("footnotes", 0, "urls"), [42], "footnotes[0].urls[0]"),
    (("footnotes", 0, "series"), 2, "footnotes[0].series"),
    (("subject_refs",), ["ah-tk-2023-1076"], "subject_refs[0]"),
    (("agenda",), [{"date": "gisteren", "text": "Brief"}], "agenda[0].date"),
    (("askers",), [{"party": "SP"}], "askers[0].name"),
    (("motions",), [{"name": "Piri", "items": ["22"]}], "motions[0].items[0]"),
    (("commitments",), [{"item": 3}], "commitments[0].text"),
    (("commitments",), [{"text": "later", "due_by": "Q2 2026"}], "commitments[0].due_by"),
    (("deferrals",), [{"item": "3", "text": "x"}], "deferrals[0].item"),
    (("problems",), [{"code": "x"}], "problems[0].message"),
]


@pytest.mark.parametrize(("path", "value", "field"), MALFORMED, ids=[f"{m[2]}={m[1]!r}" for m in MALFORMED])
def test_malformed_field_raises_exchange_format_error_naming_it(
    path: tuple[str | int, ...], value: Any, field: str
) -> None:
    with pytest.raises(ExchangeFormatError) as raised:
        exchange.from_dict(_set(_seedlike(), path, value))
    assert str(raised.value).startswith(field + ":"), str(raised.value)


@pytest.mark.parametrize("data", [None, [], "kst-21501-02-3349", 3, {}, {"id": "kst-21501-02-3349"}])
def test_something_that_is_no_document_object_raises_exchange_format_error(data: Any) -> None:
    with pytest.raises(ExchangeFormatError):
        exchange.from_dict(data)


@pytest.mark.parametrize("text", ["", "{", "not json", b"\xff\xfe{", "[1, 2"])
def test_text_that_is_not_json_raises_exchange_format_error(text: str | bytes) -> None:
    with pytest.raises(ExchangeFormatError):
        exchange.from_json(text)


def test_unknown_type_message_lists_the_known_types() -> None:
    with pytest.raises(ExchangeFormatError) as raised:
        exchange.from_dict({"type": "motie"})
    for t in DocumentType:
        assert t.value in str(raised.value)


def test_minimal_document_needs_only_its_type() -> None:
    assert exchange.from_dict({"type": "schriftelijke-vragen"}) == Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN)


def test_unknown_fields_are_ignored_for_forward_compatibility() -> None:
    data = _seedlike() | {"web_url": "https://example.org"}
    assert exchange.from_dict(data) == exchange.from_dict(_seedlike())


def test_footnote_kind_of_the_truth_files_reads_as_series() -> None:
    note = {"number": 1, "text": "x", "kind": "word"}
    doc = exchange.from_dict({"type": "schriftelijke-vragen", "footnotes": [note]})
    assert doc.footnotes[0].series == "word"


def test_ids_in_any_case_are_read_as_their_canonical_form() -> None:
    doc = exchange.from_dict({"type": "verslag-schriftelijk-overleg", "id": "KST-36800-v-86"})
    assert doc.id is not None
    assert str(doc.id) == "kst-36800-V-86"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
FIELD_NAMES = st.sampled_from(sorted(set(exchange.to_dict(Document(type=DocumentType.VERSLAG))) | {"kind", "x"}))
ITEM_FIELDS = st.sampled_from(sorted(exchange._item_to_dict(Item(number=1, question="")).keys()))


@st.composite
def almost_documents(draw: st.DrawFn) -> Any:
    """JSON objects shaped like documents, with any values in known fields."""
    data: dict[str, Any] = {"type": draw(st.sampled_from([t.value for t in DocumentType]) | JSON_VALUES)}
    data |= draw(st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6))
    if draw(st.booleans()):
        data["items"] = draw(st.lists(st.dictionaries(ITEM_FIELDS, JSON_VALUES, max_size=6), max_size=3))
    return data


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES | almost_documents())
def test_from_dict_of_any_json_value_gives_a_document_or_exchange_format_error(data: Any) -> None:
    try:
        doc = exchange.from_dict(data)
    except ExchangeFormatError:
        return
    assert isinstance(doc, Document)
    assert exchange.from_dict(exchange.to_dict(doc)) == doc
