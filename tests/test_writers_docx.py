"""The docx writer: the printed layout as a Word document with real footnotes, read back by the
docx reader to the same model."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

import overleg
from layout_roundtrip import LAYOUT_EXAMPLES, ROOT, assert_same_model
from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source
from overleg.writers import docx
from writer_strategies import documents

SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _back(doc: Document) -> Document:
    return read(Source("rendering.docx", docx.write(doc)))


@pytest.mark.parametrize("path", LAYOUT_EXAMPLES, ids=[p.name for p in LAYOUT_EXAMPLES])
def test_every_example_reads_back_from_its_docx_rendering_to_the_same_model(path: Path) -> None:
    doc = read(path)
    assert_same_model(doc, _back(doc))


def test_footnotes_are_real_word_footnotes_referenced_from_the_text() -> None:
    data = overleg.write(read(SEED), "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        types = z.read("[Content_Types].xml").decode()
    references = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    defined = {n.get(W + "id") for n in notes.iter(W + "footnote") if n.get(W + "type") is None}
    assert references and set(references) == defined
    assert "wordprocessingml.footnotes+xml" in types


def test_an_unprinted_note_url_becomes_a_hyperlink_in_the_footnote() -> None:
    doc = read(SEED)
    back = _back(doc)
    with_urls = [f for f in doc.footnotes if f.urls and not any(u in (f.text or "") for u in f.urls)]
    assert with_urls
    assert all(back.footnote(f.number) == f for f in with_urls)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_back_from_docx_to_the_same_model(doc: Document) -> None:
    assert_same_model(doc, _back(doc))
