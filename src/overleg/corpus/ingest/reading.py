"""What a reader process does with a unit (``read_unit``): its bytes -> Documents, each with what
the writer would otherwise compute itself (``ReadDocument``: the store's id, content hash and
exchange JSON, and the analysed text of its search entries), or the reason it failed. Never
raises: a reader defect in one file must not stop the others.

A file that is not a question document but a motion (PDF, Word, official XML or HTML) becomes a
``ReadMotion``: its record, saved to the motion records, not to the documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overleg import exchange
from overleg.corpus.ingest.discover import Unit
from overleg.corpus.ingest.report import Failure
from overleg.corpus.search.entries import AnalysedDocument, analyse_entries
from overleg.errors import NotAQuestionDocument, OverlegError, ReaderError
from overleg.model import Document
from overleg.model.motion import MotionRecord
from overleg.readers import read
from overleg.readers.motion import read_motion
from overleg.readers.source import Source
from overleg.store.documents import to_save
from overleg.store.records import DocumentToSave, SourceRead


@dataclass(frozen=True)
class ReadDocument:
    """A document read by a worker, ready for the writer: ``to_save`` (id, hash, stored JSON)
    and ``analysed`` (``analyse_entries`` of the document)."""

    name: str
    to_save: DocumentToSave
    analysed: AnalysedDocument


def _prepared(name: str, doc: Document, data: bytes, fmt: str) -> ReadDocument:
    """A document with its id (``identity.store_id``: what it prints, else its content, never its
    path), hash, exchange JSON, its source (name, format, sha256 of ``data``) and analysed
    entries, computed here in the worker."""
    source = SourceRead(name, fmt, hashlib.sha256(data).hexdigest())
    return ReadDocument(name, to_save(doc, name, source=source), analyse_entries(doc))


@dataclass(frozen=True)
class ReadMotion:
    """A motion read by a worker, for the motion records (``overleg.store.motions``)."""

    name: str
    record: MotionRecord


def _as_motion(name: str, source: Source, not_questions: NotAQuestionDocument) -> ReadMotion | Failure:
    """The motion a file that is no question document holds, else the reason it was refused."""
    try:
        record = read_motion(source)
    except ReaderError:
        return Failure(name, not_questions.one_line().removeprefix(f"{name}: "))
    if record.id is None:
        return Failure(name, "a motion without its dossier and number (expected a line such as '36 278' "
                             "and 'Nr. 32' above 'De Kamer,'), so it cannot be stored by its paper")
    return ReadMotion(name, record)


def read_unit(unit: Unit, patches: Sequence[Path] = ()) -> list[ReadDocument | ReadMotion | Failure]:
    """(In a worker.) The documents of a unit, or why each could not be read; never raises.
    ``patches``: folders of patch files for broken sources beside the bundled ones."""
    if unit.lines is None:
        try:
            data = unit.path.read_bytes()
            source = Source(unit.name, data)
            try:
                return [_prepared(unit.name, read(source, patches=patches), data, source.sniff().value)]
            except NotAQuestionDocument as e:
                return [_as_motion(unit.name, source, e)]
        except OSError as e:
            return [Failure(unit.name, f"cannot read the file: {e.strerror or e}")]
        except OverlegError as e:
            return [Failure(unit.name, e.one_line().removeprefix(f"{unit.name}: "))]
        except Exception as e:  # a reader defect must not stop the other files; it is reported
            return [Failure(unit.name, f"unexpected {type(e).__name__}: {e}")]
    start, stop = unit.lines
    found: list[ReadDocument | ReadMotion | Failure] = []
    with unit.path.open("rb") as f:
        for number, line in enumerate(f):
            if number < start:
                continue
            if number >= stop:
                break
            name = f"{unit.name}:{number + 1}"
            if not line.strip():
                continue
            try:
                found.append(_prepared(name, exchange.from_json(line.decode("utf-8")), line.rstrip(b"\r\n"), "json"))
            except (OverlegError, UnicodeDecodeError, ValueError) as e:
                found.append(Failure(name, f"not an exchange JSON document: {e}"))
    return found
