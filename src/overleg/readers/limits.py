"""The limits the readers of untrusted files work under (docs/readers.md, "Limits").

A file from the internet may be built to cost the reader time or memory out of all proportion
to its size: a zip bomb, a zip of a hundred thousand members, XML of ten million elements, a PDF
of a million pages or a content stream that inflates to a gigabyte. Each reader checks what it
can before the expensive step (sizes and counts written in the file's own structures), counts
while it works (bytes inflated, elements parsed, pages read) and stops at a deadline. What it
refuses is an ``UnreadableInput`` that names the file and the limit. Each limit is a constant
of the reader that enforces it, and a keyword argument of that reader where a caller may need
another value.

    >>> zip_member_count(b"PK\\x03\\x04..." + b"PK\\x01\\x02..." * 3 + b"PK\\x05\\x06...")
    3
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from overleg.errors import UnreadableInput

READ_SECONDS = 30.0  # one file, from its bytes to its PreparedText or element tree
MAX_ZIP_MEMBERS = 2_000  # a Word document has some 15 to 40, a few hundred with many images

_CENTRAL_HEADER = b"PK\x01\x02"


@dataclass(frozen=True)
class Deadline:
    """The moment a reader gives up on ``source``; ``check`` raises UnreadableInput after it."""

    source: str
    seconds: float = READ_SECONDS
    started: float = field(default_factory=time.monotonic)

    def check(self, where: str | None = None) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise UnreadableInput(self.source, f"reading took longer than the limit of {self.seconds:g} s; "
                                  "a file this slow to read is refused", where)


def zip_member_count(data: bytes) -> int:
    """At most how many members a zip library finds in ``data``: every member has a header in
    the central directory that opens with its signature, so counting the signature (before any
    library parses the directory) bounds the count whatever the end record claims."""
    return data.count(_CENTRAL_HEADER)


def check_zip_members(source: str, data: bytes, limit: int = MAX_ZIP_MEMBERS) -> None:
    """UnreadableInput when the archive holds more than ``limit`` members."""
    count = zip_member_count(data)
    if count > limit:
        raise UnreadableInput(source, f"a zip archive of {count} members; more than {limit} is refused "
                              "(the limit on zip members)")
