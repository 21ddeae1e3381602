"""Readers: any supported input to a ``Document``, chosen by content.

    read(path_or_bytes) -> Document            the first document (+ a second-document problem)
    read_all(path_or_bytes) -> list[Document]  every document of a file holding several
      Source.sniff() -> Format
        PDF      -> pdf.extract()   -> PreparedText -+
        DOCX     -> docx.extract()  -> PreparedText -+-> text.parse() -> Document
        TEXT/MD  -> plain.extract() -> PreparedText -+
        JSON     -> exchange.from_json()
        XML      -> akn.read()           (Akoma Ntoso written by overleg)
                    official_xml.read()  (officiele-publicatie of officielebekendmakingen.nl)
        HTML     -> official_html.read() (a publication page of officielebekendmakingen.nl)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from overleg.errors import ExchangeFormatError, UnreadableInput
from overleg.model import Document, Problem
from overleg.readers.source import Format, Source

if TYPE_CHECKING:
    from overleg.readers.text.prepared import PreparedText


def read(source: str | Path | bytes | Source, name: str | None = None, *,
         patches: Sequence[Path] = ()) -> Document:
    """Read one document from a path, raw bytes or a Source.

    ``patches``: folders of patch files for broken sources, beside the bundled ones (the
    settings' ``patch_dirs``). Raises a ReaderError subclass (naming the source) for anything that
    is not a readable question document.
    """
    src = _as_source(source, name)
    fmt = src.sniff()
    if fmt is Format.JSON:
        from overleg import exchange

        try:
            return exchange.from_json(src.data)
        except ExchangeFormatError as e:
            raise UnreadableInput(src.name, f"exchange JSON that does not fit the format: {e}") from None
    if fmt is Format.XML:
        from overleg.readers import akn, official_xml

        root = official_xml.parse_official(src)
        if official_xml.is_official(root):
            return official_xml.finish(official_xml.load(src))
        return akn.read(src)
    if fmt is Format.HTML:
        from overleg.readers import official_html

        return official_html.read(src)
    from overleg.readers.text.parse import parse_prepared

    parts = _documents(src, fmt, patches)
    doc = parse_prepared(parts[0])
    if len(parts) == 1:
        return doc
    # Documents pasted one after another: the first is read, the rest is named, not mixed in.
    at, total = len(parts[0].lines), sum(len(p.lines) for p in parts)
    problem = Problem("second-document", f"a second document starts at line {at + 1}; only the first is read "
                      f"({total - at} lines not read; overleg.read_all reads them all)", f"line {at + 1}")
    return replace(doc, problems=(*doc.problems, problem))


def read_all(source: str | Path | bytes | Source, name: str | None = None, *,
             patches: Sequence[Path] = ()) -> list[Document]:
    """Every document of a path, raw bytes or a Source, in their order: a text, PDF or Word file
    may hold several pasted one after another (see ``readers/text/documents.py``); other
    formats hold one.

    Raises a ReaderError subclass (naming the source) when one of them is not readable.
    """
    src = _as_source(source, name)
    fmt = src.sniff()
    if fmt in (Format.JSON, Format.XML, Format.HTML):
        return [read(src)]
    from overleg.readers.text.parse import parse_prepared

    return [parse_prepared(part) for part in _documents(src, fmt, patches)]


def _documents(src: Source, fmt: Format, patches: Sequence[Path]) -> list[PreparedText]:
    """The PreparedText of each document in a text, PDF or Word source (patched if need be)."""
    from overleg.readers.patches import patch_prepared
    from overleg.readers.text.documents import split

    return split(patch_prepared(prepare(src, fmt), src.data, patches))


def prepare(src: Source, fmt: Format | None = None) -> PreparedText:
    """The PreparedText of a source (for `overleg check` and tests of single stages)."""
    fmt = fmt or src.sniff()
    if fmt is Format.PDF:
        from overleg.readers import pdf

        return pdf.extract(src)
    if fmt is Format.DOCX:
        from overleg.readers import docx

        return docx.extract(src)
    if fmt is Format.DOC and "EncryptedPackage".encode("utf-16-le") in src.data:
        # Word keeps a password-protected .docx in the old container, as an encrypted stream
        raise UnreadableInput(src.name, "a password-protected (encrypted) Word document; remove the password first")
    if fmt is Format.DOC:
        raise UnreadableInput(src.name, "an old binary Word (.doc) file; save it as .docx or PDF first")
    if fmt in (Format.TEXT, Format.MARKDOWN):
        from overleg.readers import plain

        return plain.extract(src, markdown=fmt is Format.MARKDOWN)
    raise UnreadableInput(src.name, f"{fmt.value.upper()} input is not supported yet")


def _as_source(source: str | Path | bytes | Source, name: str | None) -> Source:
    if isinstance(source, Source):
        return source
    if isinstance(source, bytes):
        return Source(name or "<bytes>", source)
    return Source.from_path(source)
