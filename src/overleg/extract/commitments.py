"""Commitments to inform parliament or act later, and decisions deferred to a next cabinet.

Placeholder: returns nothing yet; the report reader's work fills it in.
"""

from __future__ import annotations

from overleg.model import Commitment, Deferral, Document


def find_commitments(doc: Document) -> tuple[Commitment, ...]:
    return ()


def find_deferrals(doc: Document) -> tuple[Deferral, ...]:
    return ()
