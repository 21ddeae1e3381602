"""Hostile files for the readers' limits, made in memory in well under a second each: zip bombs
written as repeated deflate blocks (each block ends with a full flush, so the same compressed
bytes repeat), a zip of 100,000 members, XML that nests or spreads, and PDFs that claim or hold
a million pages or a content stream of a gigabyte, a publication page of millions of paragraphs.

``python tests/hostile_files.py NAME`` reads one of them in this process and prints how long
the refusal took and the peak memory (ru_maxrss) as JSON: the figures of docs/readers.md.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

from pdf_builder import raw_pdf

MIB = 1 << 20
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                 b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
# zlib.crc32 of 5000 MiB of zero bytes (1.7 s to compute; the reader must refuse long before it
# could check it, but the bomb is a valid zip all the same)
_CRC_OF_5000_MIB_OF_ZEROS = 0x6AA043F2


def _deflate_blocks(piece: bytes) -> bytes:
    """Raw deflate of ``piece`` ending in a full flush: repeatable, byte-aligned, not final."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH)


def _deflate_end() -> bytes:
    return zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def _repeated(head: bytes, piece: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate, size, crc) of head + piece * times + tail, without ever holding it whole."""
    block = _deflate_blocks(piece)
    stream = _deflate_blocks(head) + block * times + _deflate_blocks(tail) + _deflate_end()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(piece, crc)
    return stream, len(head) + len(piece) * times + len(tail), zlib.crc32(tail, crc)


def zip_of(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive of (name, raw data, method, uncompressed size, crc) members, ZIP64 sizes
    where they do not fit 32 bits; written by hand so that a member may be far larger than memory."""
    out = bytearray()
    central = bytearray()
    for name, data, method, size, crc in members:
        encoded = name.encode()
        big = size >= 0xFFFFFFFF or len(data) >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(data), size)
        offset = len(out)
        version = 45 if big else 20
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, method, 0, 0x5821, crc, *sizes, len(encoded),
                           len(extra)) + encoded + extra + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, method, 0, 0x5821, crc, *sizes,
                               len(encoded), len(extra), 0, 0, 0, 0, offset) + encoded + extra
    start = len(out)
    count = len(members)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), len(central), start, 0)
    if count > 0xFFFF:  # the count needs the ZIP64 end records, before the classic one
        end = bytes(out[-22:])
        del out[-22:]
        zip64_end = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), start)
        out += struct.pack("<IIQI", 0x07064B50, 0, zip64_end, 1)
        out += end
    return bytes(out)


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return name, data, 0, len(data), zlib.crc32(data)


def docx_of_zeros(mib: int = 5000) -> bytes:
    """A .docx whose word/document.xml is ``mib`` MiB of zero bytes (5000: "5 GB"), some 5 MB
    compressed."""
    stream = _deflate_blocks(bytes(MIB)) * mib + _deflate_end()
    crc = _CRC_OF_5000_MIB_OF_ZEROS if mib == 5000 else _crc_of_zeros(mib)
    return zip_of([_stored("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", stream, 8, mib * MIB, crc)])


def _crc_of_zeros(mib: int) -> int:
    crc, zeros = 0, bytes(MIB)
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return crc


def docx_of_paragraphs(mib: int = 250) -> bytes:
    """A well-formed .docx whose document.xml is ``mib`` MiB of tiny paragraphs (under the old
    256 MB part limit: the file that took 3.2 GB and a minute), about 250 KB compressed."""
    head = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    piece = paragraph * (MIB // len(paragraph))
    stream, size, crc = _repeated(head, piece, mib, b"</w:body></w:document>")
    return zip_of([_stored("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", stream, 8, size, crc)])


def docx_of_nesting(depth: int = 100_000) -> bytes:
    """A .docx whose document.xml nests ``depth`` elements inside each other."""
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:tbl><w:tr><w:tc>" * depth
           + b"</w:tc></w:tr></w:tbl>" * depth + b"</w:body></w:document>")
    return zip_of([_stored("[Content_Types].xml", CONTENT_TYPES), _stored("word/document.xml", xml)])


def zip_of_many_members(count: int = 100_000) -> bytes:
    """A .docx (it has word/document.xml) with ``count`` members in all."""
    document = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>'
    members = [_stored("[Content_Types].xml", CONTENT_TYPES), _stored("word/document.xml", document.encode())]
    members += [_stored(f"word/media/m{n}.xml", b"") for n in range(count - len(members))]
    return zip_of(members)


def xml_of_nesting(depth: int = 100_000) -> bytes:
    return b"<officiele-publicatie>" + b"<al>" * depth + b"</al>" * depth + b"</officiele-publicatie>"


def xml_of_many_elements(mib: int = 45) -> bytes:
    """Official XML just under the 50 MB size limit, of tiny empty elements (some 10 million)."""
    return b"<officiele-publicatie><aanhangsel>" + b"<al/>" * (mib * MIB // 5) + b"</aanhangsel></officiele-publicatie>"


def html_of_many_elements(mib: int = 45) -> bytes:
    """A publication page just under the 50 MB size limit, of some 2.5 million paragraphs."""
    paragraph = b'<p class="al">a</p>'
    return b"<html><body>" + paragraph * (mib * MIB // len(paragraph)) + b"</body></html>"


def billion_laughs() -> bytes:
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE officiele-publicatie [<!ENTITY l0 "lol">{lol}]>'
            "<officiele-publicatie><al>&l9;</al></officiele-publicatie>").encode()


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    return raw_pdf(objects, b"/Root %d 0 R" % root, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_LINE = b"BT /F1 12 Tf 72 720 Td (Vraag 1 Kent u het bericht?) Tj ET\n"


def stream_object(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>")


def pdf_of(content: bytes, kids: bytes = b"[3 0 R]", count: int = 1) -> bytes:
    """A PDF of one page object, listed in the page tree's ``kids``, the tree claiming ``count``
    pages; ``content`` is the page's content stream object (``stream_object``)."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids %s /Count %d >>" % (kids, count),
                 _PAGE, content, _FONT])


def pdf_of_pages(pages: int = 1_000_000) -> bytes:
    """A PDF that holds ``pages`` pages (one page object, listed ``pages`` times), about 6 MB."""
    return pdf_of(stream_object(_LINE), b"[" + b"3 0 R " * pages + b"]", pages)


def pdf_claiming_pages(pages: int = 1_000_000) -> bytes:
    """A one-page PDF whose page tree claims ``pages`` pages."""
    return pdf_of(stream_object(_LINE), count=pages)


def pdf_of_huge_content(mib: int = 1000) -> bytes:
    """A one-page PDF whose content stream inflates to ``mib`` MiB of text-showing operators
    (some 3 MB compressed)."""
    piece = _LINE * (MIB // len(_LINE))
    adler = struct.pack(">I", _adler_of_repeats(piece, mib))
    return pdf_of(stream_object(b"\x78\xda" + _deflate_blocks(piece) * mib + _deflate_end() + adler,
                                b" /Filter /FlateDecode"))


def _adler_of_repeats(piece: bytes, times: int) -> int:
    value = 1
    for _ in range(times):
        value = zlib.adler32(piece, value)
    return value


HOSTILE: dict[str, Callable[[], bytes]] = {
    "docx-5gb-of-zeros": docx_of_zeros,
    "docx-250mb-of-paragraphs": docx_of_paragraphs,
    "docx-nested-100000": docx_of_nesting,
    "zip-100000-members": zip_of_many_members,
    "xml-nested-100000": xml_of_nesting,
    "xml-10-million-elements": xml_of_many_elements,
    "xml-billion-laughs": billion_laughs,
    "html-2-million-paragraphs": html_of_many_elements,
    "pdf-1000000-pages": pdf_of_pages,
    "pdf-claiming-1000000-pages": pdf_claiming_pages,
    "pdf-1gb-content-stream": pdf_of_huge_content,
}


def peak_kib() -> int:
    """This program's peak resident memory in KiB: VmHWM, the high-water mark of its own address
    space, which a new program starts afresh. ``ru_maxrss`` is the same when the program was
    started from a small process such as a shell, but Linux carries it over fork and exec: started
    from a pytest worker it reports the worker's size."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(name: str) -> None:
    """Read the hostile file ``name`` and print, as JSON, what happened, how long it took (wall
    clock and CPU) and the program's peak memory (``peak_kib``; ``ru_maxrss`` beside it)."""
    import json
    import resource
    import time

    import overleg.readers as readers
    from overleg.errors import ReaderError

    data = HOSTILE[name]()
    before = peak_kib()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        readers.read(data, name)
        outcome = "read"
    except ReaderError as e:
        outcome = e.one_line()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"file": name, "bytes": len(data), "seconds": round(elapsed, 3), "cpu_seconds": round(used, 3),
                      "peak_mib": round(peak_kib() / 1024, 1), "peak_before_reading_mib": round(before / 1024, 1),
                      "ru_maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "outcome": outcome}))


if __name__ == "__main__":
    import sys

    main(sys.argv[1])
