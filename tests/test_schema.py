"""docs/exchange-schema.json and docs/exchange-format.md describe exactly what to_dict writes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from overleg import exchange
from overleg.model import (
    AgendaEntry,
    Asker,
    Commitment,
    Committee,
    Deferral,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
    Problem,
)
from strategies import documents

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "exchange-schema.json").read_text(encoding="utf-8"))
FORMAT_DOC = (ROOT / "docs" / "exchange-format.md").read_text(encoding="utf-8")
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())

KST = DocumentId("kst-21501-02-3346")
FULL = Document(
    type=DocumentType.VERSLAG,
    id=DocumentId("kst-21501-02-3349"),
    dossier=Dossier("21501-02", "Raad Algemene Zaken en Raad Buitenlandse Zaken"),
    number="3349",
    date=dt.date(2026, 2, 20),
    title="Verslag",
    committee=Committee("vaste commissie voor Buitenlandse Zaken", "Klaver", "Coco Martin"),
    addressee="minister van Buitenlandse Zaken",
    addressees=("Minister van Financiën",),
    askers=(Asker("Van Haga", "Groep Van Haga"),),
    answered_by=("Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties)",),
    subject="het afgelasten van diverse Sinterklaasintochten",
    questions_sent_on=dt.date(2026, 2, 17),
    answered_on=dt.date(2026, 2, 20),
    subject_refs=(KST,),
    agenda=(AgendaEntry(dt.date(2026, 2, 9), "Geannoteerde agenda", (KST,)),),
    factions=(Faction("D66", "De leden van de D66-fractie ..."),),
    items=(
        Item(1, "Vraag?", "Zie antwoord op vraag 2.", "D66", "Gaza", (KST,), (KST,), (1,), (2,), (2,), True, (1, 2)),
    ),
    footnotes=(Footnote(1, "Kamerstuk 21501-02, nr. 3346", (KST,), ("https://nos.nl/x",), "word"),),
    motions=(Motion("Piri", (KST,), (1,)),),
    commitments=(Commitment(1, "De Kamer wordt later geïnformeerd.", "voor de zomer", dt.date(2026, 6, 21),
                            dt.date(2026, 2, 20)),),
    deferrals=(Deferral(1, "Dat is aan een nieuw kabinet."),),
    problems=(Problem("footnote-without-text", "footnote 17 has no text", "footnote 17"),),
)


def _errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_schema_is_a_valid_json_schema_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_a_document_with_every_field_filled_validates() -> None:
    assert _errors(exchange.to_dict(FULL)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_generated_document_validates_against_the_schema(doc: Document) -> None:
    assert _errors(exchange.to_dict(doc)) == []


def _object_schemas(schema: dict[str, Any], data: Any, path: str = "") -> list[tuple[str, dict[str, Any], Any]]:
    """Pairs of (path, object schema, object) for every JSON object in ``data``."""
    if "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _object_schemas(schema, data, path)
    found: list[tuple[str, dict[str, Any], Any]] = []
    if isinstance(data, dict):
        found.append((path or "document", schema, data))
        for key, value in data.items():
            found += _object_schemas(schema["properties"][key], value, f"{path}.{key}".lstrip("."))
    elif isinstance(data, list) and data:
        found += _object_schemas(schema["items"], data[0], f"{path}[0]")
    return found


def test_schema_names_exactly_the_fields_to_dict_writes_and_requires_them_all() -> None:
    for path, schema, data in _object_schemas(SCHEMA, exchange.to_dict(FULL)):
        assert sorted(schema["properties"]) == sorted(data), f"{path}: update docs/exchange-schema.json"
        assert sorted(schema["required"]) == sorted(data), path
        assert schema["additionalProperties"] is False, path


def _field_names(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {name for value in data.values() for name in _field_names(value)}
    if isinstance(data, list):
        return {name for value in data for name in _field_names(value)}
    return set()


def test_the_format_documentation_names_every_field_to_dict_writes() -> None:
    missing = sorted(name for name in _field_names(exchange.to_dict(FULL)) if f"`{name}`" not in FORMAT_DOC)
    assert missing == [], "describe these fields in docs/exchange-format.md"


def test_the_format_documentation_names_every_document_type() -> None:
    assert [t.value for t in DocumentType if f"`{t.value}`" not in FORMAT_DOC] == []


def test_the_example_in_the_format_documentation_is_valid_and_reads() -> None:
    blocks = re.findall(r"```json\n(.*?)```", FORMAT_DOC, re.S)
    assert blocks, "docs/exchange-format.md has a JSON example"
    for block in blocks:
        data = json.loads(block)
        assert _errors(data) == []
        assert exchange.to_dict(exchange.from_dict(data)) == data


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda d: d.pop("items"), "a field left out"),
        (lambda d: d.update(extra=1), "a field the writer does not write"),
        (lambda d: d.update(id="kst 21501-02 3349"), "an id that is not canonical"),
        (lambda d: d.update(id="kst-21501-02"), "a dossier without a number"),
        (lambda d: d.update(date="20-02-2026"), "a date that is not ISO"),
        (lambda d: d.update(type="motie"), "an unknown type"),
        (lambda d: d["items"][0].update(number="1"), "a number as text"),
        (lambda d: d["footnotes"][0].update(series=1), "a series that is no string"),
        (lambda d: d["problems"][0].pop("where"), "a problem without its place"),
    ],
)
def test_the_schema_rejects_what_the_writer_never_writes(change: Any, why: str) -> None:
    data = exchange.to_dict(FULL)
    change(data)
    assert _errors(data), why


# `Problem("code", ...)` and `Problem(code="code", ...)` in any reader.
_PROBLEM_CODE = re.compile(r"""Problem\(\s*(?:code\s*=\s*)?["']([a-z0-9][a-z0-9-]*)["']""")


def test_every_problem_code_a_reader_writes_is_documented() -> None:
    codes = {
        code
        for path in (ROOT / "src" / "overleg").rglob("*.py")
        for code in _PROBLEM_CODE.findall(path.read_text(encoding="utf-8"))
    }
    undocumented = sorted(code for code in codes if f"`{code}`" not in FORMAT_DOC)
    assert undocumented == [], "add these codes to the Problems table of docs/exchange-format.md"


EXAMPLES = ROOT / "src" / "overleg" / "examples"
READABLE = (".txt", ".md", ".pdf", ".docx")
REAL = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in READABLE and p.stem != "SOURCES")


@pytest.mark.parametrize("name", REAL)
def test_what_a_reader_makes_of_a_real_document_validates_against_the_schema(name: str) -> None:
    import overleg

    try:
        doc = overleg.read(EXAMPLES / name)
    except overleg.ReaderError as e:
        pytest.skip(f"no reader for this document in this build: {e.one_line()}")
    assert _errors(exchange.to_dict(doc)) == []
