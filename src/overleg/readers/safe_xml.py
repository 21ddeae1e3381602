"""Parsing untrusted XML: the one place every XML reader (Akoma Ntoso, official publications,
the parts of a Word document) gets its element tree from.

Refused before lxml sees the bytes: input over ``MAX_BYTES``, and any DTD or entity declaration
(entity expansion such as "billion laughs", external entities). The parser itself runs with entity
resolution, network access, DTD loading and huge trees off (so nesting deeper than 256 elements
and a text node over 10 MB are refused too). The bytes are fed in chunks and the elements
counted as they come: XML of more than ``MAX_ELEMENTS`` elements is refused before its tree
outgrows memory (an element costs lxml some 200 bytes; 45 MB of ``<al/>`` took 2.4 GB and 80 s
before this limit), and so is XML still unparsed at the reader's deadline.
"""

from __future__ import annotations

import re

from lxml import etree

from overleg.errors import UnreadableInput
from overleg.readers.limits import Deadline
from overleg.readers.source import Source

MAX_BYTES = 50 * 1024 * 1024
MAX_ELEMENTS = 100_000  # an official publication has a few hundred to a few thousand
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_FEED = 64 * 1024  # bytes fed at a time: at most some 13,000 elements past the limit before it is seen


def parse(src: Source, kind: str = "XML", *, max_elements: int = MAX_ELEMENTS,
          deadline: Deadline | None = None) -> etree._Element:
    """The root element, parsed safely; UnreadableInput for oversized, unsafe or broken input."""
    if len(src.data) > MAX_BYTES:
        raise UnreadableInput(src.name, f"{kind} larger than {MAX_BYTES // (1024 * 1024)} MB is refused")
    return tree(src.data, src.name, kind, max_elements=max_elements, deadline=deadline)


def tree(data: bytes, source: str, kind: str = "XML", *, where: str | None = None,
         max_elements: int = MAX_ELEMENTS, deadline: Deadline | None = None) -> etree._Element:
    """The root element of the XML ``data`` of ``source`` (``where``: the part of it, for the
    message), under the limits above; UnreadableInput for unsafe, oversized or broken XML."""
    if _DECLARATIONS.search(data):
        raise UnreadableInput(source, f"{kind} with a DTD or entity declarations is refused (not needed, not safe)",
                              where)
    clock = deadline or Deadline(source)
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, huge_tree=False,
                                 load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True)
    elements = 0
    try:
        for at in range(0, len(data), _FEED):
            parser.feed(data[at:at + _FEED])
            elements += sum(1 for _ in parser.read_events())
            if elements > max_elements:
                raise UnreadableInput(source, f"{kind} of more than {max_elements:,} elements is refused "
                                      "(the limit on elements)", where)
            clock.check(where)
        root = parser.close()
    except etree.XMLSyntaxError as e:
        if "Excessive depth" in e.msg:
            raise UnreadableInput(source, f"{kind} nested deeper than 256 elements is refused (the limit on nesting)",
                                  where) from None
        raise UnreadableInput(source, f"not well-formed {kind}: {e.msg}", where or f"line {e.lineno}") from None
    if root is None:
        raise UnreadableInput(source, "is empty", where)
    return root
