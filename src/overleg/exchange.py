"""The exchange JSON: a lossless mapping between the model and plain JSON.

``from_dict(to_dict(doc)) == doc`` for every document (property-tested). Every field of the
model is written, null or empty where unknown, so a consumer never has to guess whether a field
was forgotten. ``from_dict`` accepts documents that leave optional fields out and reports a
field of the wrong shape as an ``ExchangeFormatError`` naming it. The JSON Schema is
``docs/exchange-schema.json``.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from overleg.errors import ExchangeFormatError, InvalidIdentifier
from overleg.model import (
    AgendaEntry,
    Asker,
    Commitment,
    Committee,
    Deferral,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
    NoteMark,
    Paper,
    Problem,
)
from overleg.model.identity import CONTENT, NOTICE, QUESTIONS_ONLY, is_derived

FORMAT_VERSION = 1

T = TypeVar("T")
Obj = Mapping[str, Any]


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """The exchange JSON of a document, UTF-8 text with non-ASCII kept as is."""
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ExchangeFormatError(f"not JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except UnicodeDecodeError as e:
        raise ExchangeFormatError(f"not JSON: bytes that are not UTF-8, -16 or -32 ({e.reason})") from None
    except RecursionError:  # nesting deeper than any document: hostile or broken input
        raise ExchangeFormatError("not JSON this reader accepts: nested too deeply") from None
    return from_dict(data)


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _ids(ids: tuple[DocumentId, ...]) -> list[str]:
    return [str(i) for i in ids]


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "id": str(doc.id) if doc.id else None,
        "type": doc.type.value,
        "dossier": {"number": doc.dossier.number, "title": doc.dossier.title} if doc.dossier else None,
        "other_dossiers": [{"number": d.number, "title": d.title} for d in doc.other_dossiers],
        "number": doc.number,
        "date": _date(doc.date),
        "title": doc.title,
        "committee": (
            {"name": doc.committee.name, "chair": doc.committee.chair, "clerk": doc.committee.clerk,
             "clerk_title": doc.committee.clerk_title}
            if doc.committee else None
        ),
        "addressee": doc.addressee,
        "addressees": list(doc.addressees),
        "askers": [{"name": a.name, "party": a.party} for a in doc.askers],
        "answered_by": list(doc.answered_by),
        "subject": doc.subject,
        "questions_sent_on": _date(doc.questions_sent_on),
        "answered_on": _date(doc.answered_on),
        "subject_refs": _ids(doc.subject_refs),
        "subject_papers": [
            {"description": p.description, "ref": str(p.ref) if p.ref else None} for p in doc.subject_papers
        ],
        "opening": list(doc.opening),
        "answer_heading": doc.answer_heading,
        "agenda": [{"date": _date(a.date), "text": a.text, "refs": _ids(a.refs)} for a in doc.agenda],
        "factions": [
            {"name": f.name, "preamble": f.preamble, "preamble_marks": _marks(f.preamble_marks)} for f in doc.factions
        ],
        "items": [_item_to_dict(i) for i in doc.items],
        "footnotes": [
            {"number": f.number, "text": f.text, "refs": _ids(f.refs), "urls": list(f.urls), "series": f.series}
            for f in doc.footnotes
        ],
        "motions": [{"name": m.name, "refs": _ids(m.refs), "items": list(m.items)} for m in doc.motions],
        "commitments": [
            {"item": c.item, "text": c.text, "due": c.due, "due_from": _date(c.due_from), "due_by": _date(c.due_by)}
            for c in doc.commitments
        ],
        "deferrals": [{"item": d.item, "text": d.text} for d in doc.deferrals],
        "problems": [{"code": p.code, "message": p.message, "where": p.where} for p in doc.problems],
        "identifiers": list(doc.identifiers),
    }


def _item_to_dict(i: Item) -> dict[str, Any]:
    return {
        "number": i.number,
        "faction": i.faction,
        "topic": i.topic,
        "question": i.question,
        "answer": i.answer,
        "question_refs": _ids(i.question_refs),
        "answer_refs": _ids(i.answer_refs),
        "question_footnotes": list(i.question_footnotes),
        "answer_footnotes": list(i.answer_footnotes),
        "cross_refs": list(i.cross_refs),
        "referral_only": i.referral_only,
        "answer_group": list(i.answer_group),
        "question_marks": _marks(i.question_marks),
        "answer_marks": _marks(i.answer_marks),
    }


def _marks(marks: tuple[NoteMark, ...]) -> list[dict[str, Any]]:
    return [{"at": m.at, "number": m.number, "series": m.series} for m in marks]


# --- reading back -------------------------------------------------------------------------


class _Fields:
    """Typed access to one JSON object; every failure names the field's path."""

    def __init__(self, data: Any, path: builtins.str) -> None:
        if not isinstance(data, Mapping):
            raise ExchangeFormatError(f"{path or 'document'}: expected an object, got {type(data).__name__}")
        self.data = data
        self.path = path

    def _where(self, key: builtins.str) -> builtins.str:
        return f"{self.path}.{key}" if self.path else key

    def _typed(self, key: builtins.str, kind: type[T], required: bool = False) -> T | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ExchangeFormatError(f"{self._where(key)}: required")
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ExchangeFormatError(f"{self._where(key)}: expected {kind.__name__}, got {type(value).__name__}")
        return value

    def str(self, key: builtins.str) -> builtins.str | None:
        return self._typed(key, str)

    def req_str(self, key: builtins.str) -> builtins.str:
        value = self._typed(key, str, required=True)
        assert value is not None
        return value

    def int(self, key: builtins.str) -> builtins.int | None:
        return self._typed(key, int)

    def req_int(self, key: builtins.str) -> builtins.int:
        value = self._typed(key, int, required=True)
        assert value is not None
        return value

    def bool(self, key: builtins.str) -> builtins.bool:
        return bool(self._typed(key, bool))

    def date(self, key: builtins.str) -> dt.date | None:
        value = self.str(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ExchangeFormatError(f"{self._where(key)}: expected an ISO date, got {value!r}") from None

    def list(self, key: builtins.str, convert: Callable[[Any, builtins.str], T]) -> tuple[T, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ExchangeFormatError(f"{self._where(key)}: expected a list, got {type(value).__name__}")
        return tuple(convert(v, f"{self._where(key)}[{n}]") for n, v in enumerate(value))

    def obj(self, key: builtins.str) -> _Fields | None:
        value = self.data.get(key)
        return None if value is None else _Fields(value, self._where(key))


def _doc_id(value: Any, where: str) -> DocumentId:
    if not isinstance(value, str):
        raise ExchangeFormatError(f"{where}: expected a document id string, got {type(value).__name__}")
    try:
        return DocumentId(value)
    except InvalidIdentifier:
        raise ExchangeFormatError(f"{where}: {value!r} is not a canonical document id") from None


def _identifier(value: Any, where: str) -> str:
    text = _str(value, where)
    if not is_derived(text) or text.startswith(CONTENT) or text.endswith((QUESTIONS_ONLY, NOTICE)):
        raise ExchangeFormatError(f"{where}: {text!r} is not an identifier (tkdoc-, zaak- or kenmerk-)")
    return text


def _int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ExchangeFormatError(f"{where}: expected an integer, got {value!r}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ExchangeFormatError(f"{where}: expected a string, got {value!r}")
    return value


def _item(value: Any, where: str) -> Item:
    f = _Fields(value, where)
    return Item(
        number=f.req_int("number"),
        faction=f.str("faction"),
        topic=f.str("topic"),
        question=f.str("question") or "",
        answer=f.str("answer"),
        question_refs=f.list("question_refs", _doc_id),
        answer_refs=f.list("answer_refs", _doc_id),
        question_footnotes=f.list("question_footnotes", _int),
        answer_footnotes=f.list("answer_footnotes", _int),
        cross_refs=f.list("cross_refs", _int),
        referral_only=f.bool("referral_only"),
        answer_group=f.list("answer_group", _int),
        question_marks=f.list("question_marks", _mark),
        answer_marks=f.list("answer_marks", _mark),
    )


def _mark(value: Any, where: str) -> NoteMark:
    f = _Fields(value, where)
    at = f.req_int("at")
    if at < 0:
        raise ExchangeFormatError(f"{where}.at: expected a position of 0 or more, got {at}")
    return NoteMark(at=at, number=f.req_int("number"), series=f.str("series"))


def _dossier(value: Any, where: str) -> Dossier:
    f = _Fields(value, where)
    return Dossier(number=f.req_str("number"), title=f.str("title"))


def _paper(value: Any, where: str) -> Paper:
    f = _Fields(value, where)
    ref = f.str("ref")
    return Paper(description=f.req_str("description"), ref=_doc_id(ref, f"{where}.ref") if ref else None)


def _footnote(value: Any, where: str) -> Footnote:
    f = _Fields(value, where)
    return Footnote(
        number=f.req_int("number"),
        text=f.str("text"),
        refs=f.list("refs", _doc_id),
        urls=f.list("urls", _str),
        series=f.str("series") or f.str("kind"),
    )


def _agenda(value: Any, where: str) -> AgendaEntry:
    f = _Fields(value, where)
    return AgendaEntry(date=f.date("date"), text=f.str("text") or "", refs=f.list("refs", _doc_id))


def _faction(value: Any, where: str) -> Faction:
    if isinstance(value, str):
        return Faction(name=value)
    f = _Fields(value, where)
    return Faction(name=f.req_str("name"), preamble=f.str("preamble"), preamble_marks=f.list("preamble_marks", _mark))


def _asker(value: Any, where: str) -> Asker:
    f = _Fields(value, where)
    return Asker(name=f.req_str("name"), party=f.str("party"))


def _motion(value: Any, where: str) -> Motion:
    f = _Fields(value, where)
    return Motion(name=f.req_str("name"), refs=f.list("refs", _doc_id), items=f.list("items", _int))


def _commitment(value: Any, where: str) -> Commitment:
    f = _Fields(value, where)
    return Commitment(item=f.int("item"), text=f.req_str("text"), due=f.str("due"), due_by=f.date("due_by"),
                      due_from=f.date("due_from"))


def _deferral(value: Any, where: str) -> Deferral:
    f = _Fields(value, where)
    return Deferral(item=f.int("item"), text=f.req_str("text"))


def _problem(value: Any, where: str) -> Problem:
    f = _Fields(value, where)
    return Problem(code=f.req_str("code"), message=f.req_str("message"), where=f.str("where"))


def from_dict(data: Any) -> Document:
    """The model of one exchange JSON object; ExchangeFormatError names the first bad field."""
    f = _Fields(data, "")
    type_name = f.req_str("type")
    try:
        doc_type = DocumentType(type_name)
    except ValueError:
        allowed = ", ".join(t.value for t in DocumentType)
        raise ExchangeFormatError(f"type: {type_name!r} is not one of {allowed}") from None
    id_value = f.str("id")
    dossier = f.obj("dossier")
    committee = f.obj("committee")
    return Document(
        type=doc_type,
        # a store id (an export's "id" of a document without an official one) is recomputed, not kept
        id=_doc_id(id_value, "id") if id_value and not is_derived(id_value) else None,
        dossier=Dossier(number=dossier.req_str("number"), title=dossier.str("title")) if dossier else None,
        other_dossiers=f.list("other_dossiers", _dossier),
        number=f.str("number"),
        date=f.date("date"),
        title=f.str("title"),
        committee=(
            Committee(name=committee.str("name"), chair=committee.str("chair"), clerk=committee.str("clerk"),
                      clerk_title=committee.str("clerk_title"))
            if committee else None
        ),
        addressee=f.str("addressee"),
        addressees=f.list("addressees", _str),
        askers=f.list("askers", _asker),
        answered_by=f.list("answered_by", _str),
        subject=f.str("subject"),
        questions_sent_on=f.date("questions_sent_on"),
        answered_on=f.date("answered_on"),
        subject_refs=f.list("subject_refs", _doc_id),
        subject_papers=f.list("subject_papers", _paper),
        opening=f.list("opening", _str),
        answer_heading=f.str("answer_heading"),
        agenda=f.list("agenda", _agenda),
        factions=f.list("factions", _faction),
        items=f.list("items", _item),
        footnotes=f.list("footnotes", _footnote),
        motions=f.list("motions", _motion),
        commitments=f.list("commitments", _commitment),
        deferrals=f.list("deferrals", _deferral),
        problems=f.list("problems", _problem),
        identifiers=f.list("identifiers", _identifier),
    )
