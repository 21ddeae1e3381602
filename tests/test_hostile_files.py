"""Hostile files are refused by the readers quickly, within little memory, with the reader's
usual clear error naming the file and the limit it broke (tests/hostile_files.py makes them)."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

import hostile_files as hostile
from overleg.errors import UnreadableInput
from overleg.readers import read
from overleg.readers.docx import WordLimits
from overleg.readers.docx import extract as extract_docx
from overleg.readers.docx_numbering import format_number
from overleg.readers.limits import zip_member_count
from overleg.readers.pdf import PdfLimits
from overleg.readers.pdf import extract as extract_pdf
from overleg.readers.pdf_streams import claimed_pages, stream_sizes
from overleg.readers.safe_xml import parse as parse_xml
from overleg.readers.source import Source
from pdf_builder import make_pdf

TESTS = Path(__file__).parent
LIMIT_BROKEN = {
    "docx-5gb-of-zeros": r"\(word/document\.xml\): a part of 5,242,880,000 bytes inflated.*the limit on a part's size",
    "docx-250mb-of-paragraphs": r"\(word/document\.xml\): a part of 262,140,113 bytes.*the limit on a part's size",
    "docx-nested-100000": r"\(word/document\.xml\): Word XML nested deeper than 256 elements.*the limit on nesting",
    "zip-100000-members": r"a zip archive of 100000 members; more than 2000 is refused \(the limit on zip members\)",
    "xml-nested-100000": r"XML nested deeper than 256 elements is refused \(the limit on nesting\)",
    "xml-10-million-elements": r"XML of more than 100,000 elements is refused \(the limit on elements\)",
    "xml-billion-laughs": r"with a DTD or entity declarations is refused",
    "html-2-million-paragraphs": r"HTML of more than 100,000 elements is refused \(the limit on elements\)",
    "pdf-1000000-pages": r"a PDF of 1,000,000 pages; more than 2,000 is refused \(the limit on pages\)",
    "pdf-claiming-1000000-pages": r"a PDF of 1,000,000 pages; more than 2,000 is refused \(the limit on pages\)",
    "pdf-1gb-content-stream": r"a content stream of the PDF decodes to more than 2,097,152 bytes",
}


def test_every_hostile_file_has_the_limit_it_breaks_named() -> None:
    assert set(LIMIT_BROKEN) == set(hostile.HOSTILE)


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_a_hostile_file_is_refused_naming_the_file_and_the_limit(name: str) -> None:
    data = hostile.HOSTILE[name]()
    with pytest.raises(UnreadableInput, match=LIMIT_BROKEN[name]) as caught:
        read(data, f"{name}.bin")
    assert caught.value.source == f"{name}.bin"


def _at_most_a_gigabyte() -> None:
    """A reader that regressed fails its test instead of taking the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_a_hostile_file_is_refused_in_under_2_s_and_200_mb_in_a_process_of_its_own(name: str) -> None:
    """The program's peak resident memory (VmHWM: ru_maxrss would report this pytest worker's,
    carried over fork and exec) includes the interpreter, the readers' libraries and the hostile
    file itself; the time is the refusal's CPU time (the wall clock of a loaded test machine is
    not the reader's: docs/readers.md has both, measured from a shell)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, sys.path))}  # this checkout's overleg
    done = subprocess.run([sys.executable, str(TESTS / "hostile_files.py"), name], capture_output=True, text=True,
                          timeout=60, cwd=TESTS.parent, env=environment, preexec_fn=_at_most_a_gigabyte)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["outcome"].startswith(name)
    assert measured["cpu_seconds"] < 2 and measured["peak_mib"] < 200, measured


# --- zip: what the archive says is checked before zipfile believes it -----------------------------


def test_the_member_count_is_read_from_the_central_headers_whatever_the_end_record_claims() -> None:
    data = hostile.zip_of_many_members(3000)
    lying = data[:-22] + data[-22:-12] + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + data[-8:]
    assert zip_member_count(lying) == 3000
    with pytest.raises(UnreadableInput, match="3000 members"):
        read(lying, "lying.docx")
    assert "a" in extract_docx(Source("fine.docx", hostile.zip_of_many_members(1000))).lines  # under the limit


def _docx(document: bytes, method: int = zipfile.ZIP_DEFLATED, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("[Content_Types].xml", hostile.CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _document(body: str) -> bytes:
    return f'<w:document xmlns:w="{hostile.W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def _paragraphs(n: int) -> str:
    return "".join(f"<w:p><w:r><w:t>Vraag {k} kent u het bericht {k * 7919 % 10007}?</w:t></w:r></w:p>"
                   for k in range(n))


def test_a_word_part_compressed_at_a_ratio_no_document_has_is_refused_before_it_is_inflated() -> None:
    data = _docx(_document("<w:p><w:r><w:t>" + " " * (20 * hostile.MIB) + "</w:t></w:r></w:p>"))
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match=r"compressed \d[\d,]* to 1; more than 200 to 1 is a zip bomb"):
        extract_docx(Source("spaces.docx", data))
    assert time.perf_counter() - started < 0.5


def test_a_word_part_that_lies_about_its_size_is_read_only_as_far_as_it_says() -> None:
    honest = _docx(_document(_paragraphs(50)))
    size = zipfile.ZipFile(io.BytesIO(honest)).getinfo("word/document.xml").file_size
    lying = honest.replace(size.to_bytes(4, "little"), (100).to_bytes(4, "little"))
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/document.xml").file_size == 100
    with pytest.raises(UnreadableInput, match="a damaged Word document"):  # 100 bytes read, their checksum wrong
        extract_docx(Source("lying.docx", lying))


def test_a_word_part_compressed_otherwise_than_word_does_is_refused() -> None:
    with pytest.raises(UnreadableInput, match="compressed with method 12, which Word does not use"):
        extract_docx(Source("bzip2.docx", _docx(_document(_paragraphs(3)), zipfile.ZIP_BZIP2)))


def test_the_word_limits_are_parameters_and_the_package_budget_counts_every_part() -> None:
    document = _document(_paragraphs(400))
    data = _docx(document, extra={"word/footnotes.xml": _document(_paragraphs(400))})
    assert extract_docx(Source("fine.docx", data)).lines
    with pytest.raises(UnreadableInput, match=r"\(word/footnotes\.xml\): parts of more than [\d,]+ bytes inflated "
                                              r"are refused \(the limit on a package's size\)"):
        extract_docx(Source("fine.docx", data), WordLimits(package_bytes=len(document) + 100))
    with pytest.raises(UnreadableInput, match="more than 1,000 elements"):
        extract_docx(Source("fine.docx", data), WordLimits(elements=1000))
    with pytest.raises(UnreadableInput, match=r"\(word/document\.xml\): a part of [\d,]+ bytes inflated; "
                                              r"more than 1,000 is refused"):
        extract_docx(Source("fine.docx", data), WordLimits(part_bytes=1000))
    with pytest.raises(UnreadableInput, match=r"more than 1 is refused \(the limit on zip members\)"):
        extract_docx(Source("fine.docx", data), WordLimits(members=1))
    with pytest.raises(UnreadableInput, match="longer than the limit of 0 s"):
        extract_docx(Source("fine.docx", data), WordLimits(seconds=0))


def test_word_numbering_with_a_hostile_start_or_level_is_read_at_once() -> None:
    numbering = (f'<w:numbering xmlns:w="{hostile.W_NS}"><w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="999999999999"/><w:numFmt w:val="upperRoman"/>'
                 '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="999999999"><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%999999999"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()
    listed = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                     f"<w:r><w:t>Punt</w:t></w:r></w:p>" for level in ("0", "999999999"))
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'numbering" Target="numbering.xml"/></Relationships>')
    data = _docx(_document(listed), extra={"word/numbering.xml": numbering, "word/_rels/document.xml.rels": rels})
    started = time.perf_counter()
    lines = [line for line in extract_docx(Source("lists.docx", data)).lines if line]
    assert time.perf_counter() - started < 1
    assert lines == ["999999999999. Punt", "Punt"]
    assert format_number(3999, "upperRoman") == "MMMCMXCIX"


def test_many_notes_links_and_a_long_style_chain_are_read_in_linear_time() -> None:
    n = 20_000
    links = "".join(f'<w:hyperlink r:id="h1"><w:r><w:t>link {k} </w:t></w:r></w:hyperlink>' for k in range(n))
    notes = "".join(f'<w:p><w:r><w:footnoteReference w:id="{k}"/></w:r></w:p>' for k in range(n))
    styles = (f'<w:styles xmlns:w="{hostile.W_NS}">'
              + "".join(f'<w:style w:styleId="s{k}"><w:basedOn w:val="s{k + 1}"/></w:style>' for k in range(n))
              + "</w:styles>").encode()
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="h1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'hyperlink" Target="https://example.org/x" TargetMode="External"/></Relationships>')
    body = f'<w:p><w:pPr><w:pStyle w:val="s0"/></w:pPr><w:r><w:t>Kop</w:t></w:r></w:p><w:p>{links}</w:p>{notes}'
    data = _docx(_document(body).replace(b"<w:document ", b'<w:document xmlns:r="http://schemas.openxmlformats.org/'
                                                          b'officeDocument/2006/relationships" '),
                 extra={"word/styles.xml": styles, "word/_rels/document.xml.rels": rels,
                        "word/footnotes.xml": f'<w:footnotes xmlns:w="{hostile.W_NS}"/>'.encode()})
    started = time.process_time()  # CPU time: a loaded machine stretches the wall clock, not this
    prepared = extract_docx(Source("notes.docx", data))
    assert time.process_time() - started < 5  # quadratic, the three took 14.7 s of CPU (now 0.7)
    assert prepared.lines[0] == "Kop" and len(prepared.footnotes) == n and len(prepared.links) == n


# --- XML -------------------------------------------------------------------------------------------


def test_the_element_limit_of_xml_is_a_parameter() -> None:
    data = b"<officiele-publicatie>" + b"<al>x</al>" * 50 + b"</officiele-publicatie>"
    assert len(parse_xml(Source("a.xml", data))) == 50
    with pytest.raises(UnreadableInput, match="more than 10 elements"):
        parse_xml(Source("a.xml", data), max_elements=10)


# --- PDF -------------------------------------------------------------------------------------------


def _one_page(content: bytes, extra: bytes = b"") -> bytes:
    return hostile.pdf_of(hostile.stream_object(content, extra))


def test_stream_sizes_are_counted_to_each_streams_end_and_images_are_skipped() -> None:
    text = b"BT /F1 12 Tf 72 720 Td (Vraag 1) Tj ET\n" * 5000
    image = hostile.stream_object(zlib.compress(bytes(5_000_000)), b" /Subtype /Image /Filter /FlateDecode")
    data = hostile._pdf([hostile.stream_object(zlib.compress(text), b" /Filter /FlateDecode"), image,
                         hostile.stream_object(zlib.compress(text), b" /Filter /FlateDecode /Length1 99"),
                         hostile.stream_object(b"q Q")])
    assert list(stream_sizes(data, "a.pdf")) == [("content", len(text)), ("font", len(text)), ("content", 3)]
    kind, counted = next(stream_sizes(data, "a.pdf", content_limit=1000))
    assert kind == "content" and 1000 < counted <= 1000 + 65536 < len(text)  # inflating stopped past the limit


@pytest.mark.parametrize("filters", [b"[/FlateDecode /FlateDecode]", b"/LZWDecode",
                                     b"[/ASCII85Decode /RunLengthDecode]"])
def test_nested_lzw_and_run_length_compression_of_a_page_are_refused(filters: bytes) -> None:
    with pytest.raises(UnreadableInput, match="nested, LZW or run-length compression"):
        extract_pdf(Source("nested.pdf", _one_page(b"x", b" /Filter " + filters)))


def test_the_pdf_limits_are_parameters() -> None:
    two = make_pdf([[(72, 720, 12, "Vraag 1")], [(72, 720, 12, "Antwoord 1")]])
    assert claimed_pages(two) in (0, 2)
    assert len(extract_pdf(Source("two.pdf", two)).page_starts) == 2
    with pytest.raises(UnreadableInput, match="a PDF of 2 pages; more than 1 is refused"):
        extract_pdf(Source("two.pdf", two), PdfLimits(pages=1))
    with pytest.raises(UnreadableInput, match=r"\(page 1\): a page of \d+ characters; more than 5 is refused"):
        extract_pdf(Source("two.pdf", two), PdfLimits(page_characters=5))
    with pytest.raises(UnreadableInput, match="longer than the limit of 0 s"):
        extract_pdf(Source("two.pdf", two), PdfLimits(seconds=0))
    dense = _one_page(zlib.compress(b"BT /F1 12 Tf 72 720 Td (Vraag 1) Tj ET\n" * 1000), b" /Filter /FlateDecode")
    with pytest.raises(UnreadableInput, match="decode to more than 10,000 bytes"):
        extract_pdf(Source("dense.pdf", dense), PdfLimits(decoded_bytes=10_000))
