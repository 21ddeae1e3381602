"""Parsing untrusted XML: the one place every XML reader (Akoma Ntoso, official publications,
SRU responses) gets its element tree from.

Refused before lxml sees the bytes: input over ``MAX_BYTES``, and any DTD or entity declaration
(entity expansion such as "billion laughs", external entities). The parser itself runs with entity
resolution, network access, DTD loading and huge trees off.
"""

from __future__ import annotations

import re

from lxml import etree

from overleg.errors import UnreadableInput
from overleg.readers.source import Source

MAX_BYTES = 50 * 1024 * 1024
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def parse(src: Source, kind: str = "XML") -> etree._Element:
    """The root element, parsed safely; UnreadableInput for oversized, unsafe or broken input."""
    if len(src.data) > MAX_BYTES:
        raise UnreadableInput(src.name, f"{kind} larger than {MAX_BYTES // (1024 * 1024)} MB is refused")
    if _DECLARATIONS.search(src.data):
        raise UnreadableInput(src.name, f"{kind} with a DTD or entity declarations is refused (not needed, not safe)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(src.data, parser)
    except etree.XMLSyntaxError as e:
        raise UnreadableInput(src.name, f"not well-formed {kind}: {e.msg}", f"line {e.lineno}") from None
    if root is None:
        raise UnreadableInput(src.name, "is empty")
    return root
