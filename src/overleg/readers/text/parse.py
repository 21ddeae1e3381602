"""Parse PreparedText into a Document: recognise the genre (``genres.py``), then hand the text
to that genre's parser."""

from __future__ import annotations

import re
from dataclasses import replace

from overleg.errors import NotAQuestionDocument, UnreadableInput
from overleg.model import Document, DocumentType
from overleg.model.identity import printed_identifiers
from overleg.readers.text.genre import HEAD
from overleg.readers.text.genres import expected, recognise
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.markers import strip_marks

_MOTION = r"(?:verzoekt\s+de\s+regering|gehoord\s+de\s+beraadslaging|MOTIE\s+VAN\s+HET\s+LID)"


def parse_prepared(prepared: PreparedText) -> Document:
    text = "\n".join(prepared.lines)
    if not strip_marks(text).strip():
        raise UnreadableInput(prepared.source, "holds no text (a scanned image without a text layer?)")
    found = recognise(text)
    if found is None:
        if re.search(_MOTION, text[:HEAD], re.I):
            raise NotAQuestionDocument(prepared.source, "this is a motion, not a question document")
        raise NotAQuestionDocument(prepared.source, f"not a question document: expected {expected()}")
    genre, doc_type = found
    doc = genre.parse(prepared, doc_type)
    if not doc.items and not _postponed(doc):
        # the genre's wording is there (a README or a note quoting a heading, an id), but not what
        # every document of the genre has: a numbered question
        raise NotAQuestionDocument(
            prepared.source,
            f"not a parliamentary document: it quotes the wording of {genre.described} but holds no "
            f"numbered questions; expected {expected()}",
        )
    if doc.type is DocumentType.MEDEDELING_UITSTEL and not (doc.opening and (doc.date or doc.answered_by)):
        # the wording of a delay, but not what every notice has: its own text saying so, and a
        # date or a minister sending it (a note that quotes a notice)
        raise NotAQuestionDocument(
            prepared.source,
            f"not a parliamentary document: it quotes the wording of {genre.described} but is no dated notice "
            f"of a minister; expected {expected()}",
        )
    if doc.id is not None or doc.identifiers:
        return doc
    # a letter without an official id is known by the numbers its head prints (model/identity.py)
    return replace(doc, identifiers=printed_identifiers(text))


def _postponed(doc: Document) -> bool:
    """A notice that the answers come later: a document without questions, of its own genre
    (``notice.py``) or written questions whose heading puts the answers off."""
    return doc.type is DocumentType.MEDEDELING_UITSTEL or any(p.code == "answer-postponed" for p in doc.problems)
