"""Small PDFs made with pypdfium2 for the PDF reader's tests: text runs at given positions and
sizes (standard Helvetica), an image-only page, an encrypted file, a truncated one."""

from __future__ import annotations

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# (x, baseline y, font size, text) on an A4 page (595 x 842 points)
Run = tuple[float, float, float, str]


def _set_text(obj: ctypes.c_void_p, text: str) -> None:
    encoded = (text + "\x00").encode("utf-16-le")
    buf = (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded)
    pdfium_c.FPDFText_SetText(obj, buf)


def make_pdf(pages: list[list[Run]]) -> bytes:
    """A PDF with one page per list of runs."""
    pdf = pdfium.PdfDocument.new()
    for runs in pages:
        page = pdf.new_page(595, 842)
        for x, y, size, text in runs:
            obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(size))
            _set_text(obj, text)
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def text_width(text: str, size: float) -> float:
    """A generous estimate of Helvetica's width, to place the next run after a word."""
    return 0.56 * size * len(text)


def raw_pdf(objects: list[bytes], trailer: bytes = b"/Root 1 0 R", header: bytes = b"%PDF-1.7\n") -> bytes:
    """A PDF written object by object, with its cross-reference table: object n is
    ``objects[n - 1]``; ``trailer`` goes into the trailer dictionary beside /Size."""
    out = bytearray(header)
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A small PDF whose standard security handler wants a password we do not have."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>",
    ]
    return raw_pdf(objects, b"/Root 1 0 R /Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef>"
                            b" <0123456789abcdef0123456789abcdef>]", b"%PDF-1.4\n")
