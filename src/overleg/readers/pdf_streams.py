"""How large a PDF's streams are once decoded, measured before pdfium parses any of them.

pdfium decodes a page's content stream whole and keeps an object per text run: a 100 KB file
whose content stream inflates to 100 MB took 1.4 GB and 10 s for one page, and at 1 GB pdfium
ran out of memory and aborted the process. So the raw file is scanned first: every stream's
dictionary is read for its filters and kind, and a Flate stream is inflated chunk by chunk,
counting and discarding, until its end or the limit. Images are skipped (extracting text never
decodes them); fonts have a limit of their own (an embedded font is larger than a page's text).
A decompressing filter after Flate (compression nested in compression) and LZW and run-length
compression outside images are refused: nothing overleg reads needs them, and their decoded
size cannot be counted cheaply.

    >>> list(stream_sizes(b"1 0 obj << /Length 5 >> stream\\nBT ET\\nendstream endobj", "a.pdf"))
    [('content', 5)]

The page count is read the same way (``claimed_pages``): what the page tree's nodes say, before
pdfium builds an index of a million pages (which took it 0.3 s and 50 MB).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from overleg.errors import UnreadableInput

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_INDIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)\s+(\d+)\s+R")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FONT = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
_FLATE = frozenset({b"FlateDecode", b"Fl"})
_OTHER_COMPRESSION = frozenset({b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"})
_LOOK_BACK = 8192  # bytes before "stream" searched for the object's dictionary
_CHUNK = 1 << 16


def _next_stream(data: bytes, at: int) -> tuple[int, int] | None:
    """(where the keyword ``stream`` stands, where its data starts) of the next stream from
    ``at`` (bytes.find, not a regular expression: a 6 MB page tree is scanned in milliseconds)."""
    while (keyword := data.find(b"stream", at)) >= 0:
        after = keyword + 6
        if (keyword == 0 or not data[keyword - 1:keyword].isalpha()) and data[after:after + 1] in (b"\n", b"\r"):
            return keyword, after + 2 if data[after:after + 2] == b"\r\n" else after + 1
        at = after
    return None


def _dictionary(data: bytes, start: int) -> bytes:
    """The bytes of the object that opens before ``start`` (its dictionary), at most _LOOK_BACK."""
    window = data[max(0, start - _LOOK_BACK):start]
    opened = list(_OBJ.finditer(window))
    return window[opened[-1].end():] if opened else window


def _length(head: bytes, data: bytes) -> int | None:
    """The stream's /Length: written in its dictionary, or in the object it refers to."""
    direct = _DIRECT_LENGTH.search(head)
    if direct:
        return int(direct.group(1))
    indirect = _INDIRECT_LENGTH.search(head)
    if indirect:
        held = re.search(rb"(?<!\d)%s\s+%s\s+obj\s*(\d+)\s*endobj" % (indirect.group(1), indirect.group(2)), data)
        if held:
            return int(held.group(1))
    return None


def _inflated_size(data: bytes, start: int, limit: int) -> tuple[int, int]:
    """(how many bytes the Flate stream at ``start`` inflates to, counted up to ``limit`` + 1;
    where its compressed bytes end). Inflated until its own end, whatever /Length says."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # zlib-wrapped, as the standard says; raw deflate seen too
        inflater = zlib.decompressobj(wbits)
        size, at, pending, full = 0, start, b"", False
        try:
            while size <= limit and not inflater.eof:
                if not pending and not full:  # more input only when the last output was not cut short
                    if at >= len(data):
                        break
                    pending = data[at:at + _CHUNK]
                    at += len(pending)
                out = inflater.decompress(pending, _CHUNK)
                size += len(out)
                full = len(out) == _CHUNK
                pending = inflater.unconsumed_tail
        except zlib.error:
            if not size:
                continue  # not this wrapping: try the other
        # at its end, what followed the stream is in unused_data (damaged: pdfium stops there too)
        return size, at - len(inflater.unused_data if inflater.eof else pending)
    return 0, start


def stream_sizes(data: bytes, source: str, content_limit: int = 1 << 62,
                 font_limit: int = 1 << 62) -> Iterator[tuple[str, int]]:
    """(kind, decoded size) of each stream of the PDF ``source`` that is not an image, one at a
    time (the caller stops when it has seen enough): kind is ``font`` or ``content`` (page
    contents, forms, object streams: what pdfium parses). A Flate stream is inflated up to its
    kind's limit + 1 bytes. UnreadableInput for nested or LZW / run-length compression outside
    an image."""
    at = 0
    while (found := _next_stream(data, at)) is not None:
        keyword, body = found
        head = _dictionary(data, keyword)
        length = _length(head, data)
        end = body + length if length is not None and body + length <= len(data) else data.find(b"endstream", body)
        end = len(data) if end < 0 else end
        spec = _FILTERS.search(head)
        names = _NAME.findall(spec.group(1)) if spec else []
        if _IMAGE.search(head):
            at = max(end, body)
            continue
        kind = "font" if _FONT.search(head) else "content"
        if any(name in _OTHER_COMPRESSION for name in names) or sum(name in _FLATE for name in names) > 1:
            raise UnreadableInput(source, "the PDF uses nested, LZW or run-length compression for its text, "
                                  "which overleg does not read (it cannot count what that inflates to)")
        if names and names[0] in _FLATE:
            size, inflated_end = _inflated_size(data, body, font_limit if kind == "font" else content_limit)
            at = max(end, inflated_end, body)
        else:
            size = end - body
            at = max(end, body)
        yield kind, size


_PAGE_COUNT = re.compile(rb"/Count\s+(\d{1,12})")
_PAGES_NODE = re.compile(rb"/Type\s*/Pages\b")


def claimed_pages(data: bytes) -> int:
    """The largest page count a page tree node (``/Type /Pages``) written openly in the file
    claims; 0 when none is (a tree kept in a compressed object stream: pdfium counts those)."""
    most = 0
    for match in _PAGE_COUNT.finditer(data):
        opened = data.rfind(b"obj", 0, match.start())
        closed = data.find(b"endobj", match.end())
        node = data[max(opened, 0):closed if closed >= 0 else len(data)]
        if _PAGES_NODE.search(node):
            most = max(most, int(match.group(1)))
    return most
