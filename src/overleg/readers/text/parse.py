"""Parse PreparedText into a Document: classify, then hand to the parser of that genre."""

from __future__ import annotations

import re

from overleg.errors import NotAQuestionDocument, UnreadableInput
from overleg.model import Document, DocumentType
from overleg.readers.text.classify import classify
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.markers import strip_marks

# A ministry's answer letter as sent (Word), rather than the Aanhangsel that publishes it.
_LETTER = re.compile(r"In\s+(?:het\s+)?antwoord\s+op\s+uw\s+brief\s+van", re.I)
_MOTION = r"(?:verzoekt\s+de\s+regering|gehoord\s+de\s+beraadslaging|MOTIE\s+VAN\s+HET\s+LID)"


def parse_prepared(prepared: PreparedText) -> Document:
    text = "\n".join(prepared.lines)
    if not strip_marks(text).strip():
        raise UnreadableInput(prepared.source, "holds no text (a scanned image without a text layer?)")
    doc_type = classify(text)
    if doc_type is None:
        if re.search(_MOTION, text[:20000], re.I):
            raise NotAQuestionDocument(prepared.source, "this is a motion, not a question document")
        raise NotAQuestionDocument(
            prepared.source,
            "not a question document: expected a report of a written consultation, a list of "
            "questions and answers, or written questions with answers",
        )
    if doc_type is DocumentType.SCHRIFTELIJKE_VRAGEN and _LETTER.search(text[:20000]):
        from overleg.readers.text import letter

        return letter.parse(prepared, doc_type)
    if doc_type in (DocumentType.SCHRIFTELIJKE_VRAGEN, DocumentType.LIJST):
        from overleg.readers.text import questions

        return questions.parse(prepared, doc_type)
    from overleg.readers.text import report

    return report.parse(prepared, doc_type)
