"""Small .docx packages for tests, written as raw WordprocessingML where python-docx has no API
(footnotes, numbering definitions, fields, breaks)."""

from __future__ import annotations

import io
import zipfile

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def p(*runs: str, props: str = "") -> str:
    """A paragraph of raw runs (use ``r``) with optional raw <w:pPr> content."""
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str = "", extra: str = "", bold: bool = False) -> str:
    """A run with text; ``extra`` is raw run content placed after the text (a break, a mark)."""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    t = f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    return f"<w:r>{rpr}{t}{extra}</w:r>"


def numbered(num_id: int, text: str, level: int = 0) -> str:
    return p(r(text), props=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')


def numbering(*formats: tuple[str, str]) -> str:
    """numbering.xml with one list per (numFmt, lvlText), numIds 1, 2, ..."""
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{k}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        for k, (fmt, text) in enumerate(formats)
    )
    nums = "".join(f'<w:num w:numId="{k + 1}"><w:abstractNumId w:val="{k}"/></w:num>' for k in range(len(formats)))
    return f"<w:numbering {NS}>{abstracts}{nums}</w:numbering>"


def footnotes(notes: dict[int, str]) -> str:
    """footnotes.xml with Word's two separator notes and the given notes (id -> raw paragraphs)."""
    body = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    body += "".join(f'<w:footnote w:id="{k}">{v}</w:footnote>' for k, v in notes.items())
    return f"<w:footnotes {NS}>{body}</w:footnotes>"


def rels(links: dict[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{_HYPERLINK}" Target="{url}" TargetMode="External"/>'
        for rid, url in links.items()
    )
    return f'<Relationships xmlns="{_REL_NS}">{items}</Relationships>'


def docx(body: str, parts: dict[str, str] | None = None) -> bytes:
    """A .docx package: word/document.xml with this body, plus extra parts by name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        if "word/document.xml" not in (parts or {}):
            z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        for name, xml in (parts or {}).items():
            z.writestr(name, xml)
    return buf.getvalue()
