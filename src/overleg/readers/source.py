"""The bytes of one input and what they are, decided by content rather than file name.

``Source.sniff()`` answers one of the ``Format`` values from the first bytes (and, for zip
containers, the names inside); the extension is only a tie-breaker between text dialects.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from overleg.errors import UnreadableInput
from overleg.readers.limits import check_zip_members


class Format(str, Enum):
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"  # the old binary Word format (OLE2)
    JSON = "json"
    XML = "xml"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Control characters (Unicode category Cc) other than the line and page breaks and tabs of text;
# a regex counts them some 20 times faster than unicodedata per character.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


def _count_controls(sample: str) -> int:
    """How many CONTROLS characters ``sample`` holds. In UTF-8 the C0 ones and DEL are single
    bytes and the C1 ones start with byte C2: when neither occurs (deleting bytes and finding a
    byte run in C), the slower character-class scan is skipped."""
    raw = sample.encode("utf-8", "surrogatepass")
    if b"\xc2" not in raw and len(raw.translate(None, _C0_BYTES)) == len(raw):
        return 0
    return len(CONTROLS.findall(sample))


@dataclass(frozen=True)
class Source:
    """One input: a name for messages (usually the path) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        p = Path(path)
        try:
            return cls(str(path), p.read_bytes())
        except IsADirectoryError:
            raise UnreadableInput(str(path), "is a folder, not a file") from None
        except FileNotFoundError:
            raise UnreadableInput(str(path), "no such file") from None
        except PermissionError:
            raise UnreadableInput(str(path), "not allowed to read this file") from None
        except OSError as e:
            raise UnreadableInput(str(path), f"cannot be read ({e.strerror})") from None

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def sniff(self) -> Format:
        head = self.data[:2048]
        if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
            return Format.PDF
        if head.startswith(b"PK\x03\x04"):
            check_zip_members(self.name, self.data)  # before zipfile parses a directory of any size
            try:
                names = set(zipfile.ZipFile(io.BytesIO(self.data)).namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                raise UnreadableInput(self.name, "looks like a zip archive but is damaged") from None
            if "word/document.xml" in names:
                return Format.DOCX
            raise UnreadableInput(self.name, "a zip archive, but not a Word (.docx) document")
        if head.startswith(_OLE2):
            return Format.DOC
        text = self.data[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
        lower = text[:512].lower()
        if text.startswith(("{", "[")) and self.suffix in (".json", ".jsonl", ""):
            return Format.JSON
        if text.startswith("{") and '"type"' in text:
            return Format.JSON
        if lower.startswith("<!doctype html") or lower.startswith("<html") or "<html" in lower[:300]:
            return Format.HTML
        if text.startswith("<?xml") or text.startswith("<"):
            return Format.XML
        if self.suffix in (".md", ".markdown"):
            return Format.MARKDOWN
        return Format.TEXT

    def text(self) -> str:
        """The bytes decoded as text: UTF-8 (with or without BOM), else Windows-1252.

        Refuses binary data: NUL bytes or a large share of control characters.
        """
        if not self.data.strip():
            raise UnreadableInput(self.name, "is empty")
        sample = self.data[:65536]
        if b"\x00" in sample:
            raise UnreadableInput(self.name, "is binary data, not text, PDF or Word")
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = self.data.decode("cp1252", errors="replace")
        controls = _count_controls(text[:65536])
        if controls > max(8, len(text[:65536]) // 50):
            raise UnreadableInput(self.name, "is binary data, not text, PDF or Word")
        return text
