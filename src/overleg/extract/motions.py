"""Motions cited in a document ("motie van het lid Bamenga", "motie Piri", "motie-Teunissen c.s.").

Placeholder: returns nothing yet; the report reader's work fills it in.
"""

from __future__ import annotations

from overleg.model import Document, Motion


def find_motions(doc: Document) -> tuple[Motion, ...]:
    return ()
