"""Readers: any supported input to a ``Document``, chosen by content.

    read(path_or_bytes) -> Document
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

from pathlib import Path
from typing import TYPE_CHECKING

from overleg.errors import ExchangeFormatError, UnreadableInput
from overleg.model import Document
from overleg.readers.source import Format, Source

if TYPE_CHECKING:
    from overleg.readers.text.prepared import PreparedText


def read(source: str | Path | bytes | Source, name: str | None = None) -> Document:
    """Read one document from a path, raw bytes or a Source.

    Raises a ReadError subclass (naming the source) for anything that is not a readable
    question document.
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
    from overleg.readers.patches import patch_prepared
    from overleg.readers.text.parse import parse_prepared

    return parse_prepared(patch_prepared(prepare(src, fmt), src.data))


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
