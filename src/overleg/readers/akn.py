"""Akoma Ntoso 3.0 XML to a ``Document``: the inverse of ``overleg.writers.akn``.

Reads: the bytes of an ``akomaNtoso`` document with a ``debate`` whose ``name`` is a document
type (what ``overleg convert --to akn`` writes; the mapping is in docs/writers.md). Writes: the
``Document`` it was written from, field by field. Other XML, and AKN documents of other kinds,
raise ``UnreadableInput`` ("not supported yet").

The XML is parsed without DTDs, entity expansion or network access; a document that declares
a DTD or entities is refused before parsing, so no entity tricks (billion laughs, external
entities) reach the parser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from lxml import etree

from overleg.errors import InvalidIdentifier, ReaderError, UnreadableInput
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
from overleg.model.table import AnswerTable
from overleg.readers import safe_xml
from overleg.readers.source import Source
from overleg.vocabulary.akn import NS_AKN, NS_OV, OFFICIAL_ALIAS, TEXT_SEPARATOR

_A = f"{{{NS_AKN}}}"
_O = f"{{{NS_OV}}}"
_ID_IN_URL = re.compile(r"/([^/]+)\.html$")
_NOTES = (_A + "authorialNote", _A + "noteRef")

T = TypeVar("T")


class _Fail(Exception):
    """A mapping failure inside this module; ``read`` turns it into an UnreadableInput."""

    def __init__(self, el: etree._Element | None, message: str) -> None:
        super().__init__(message)
        self.line = el.sourceline if el is not None else None


def parse_xml(src: Source) -> etree._Element:
    """The root element, parsed safely (``safe_xml.parse``)."""
    return safe_xml.parse(src)


def read(src: Source) -> Document:
    """The Document of an AKN debate written by overleg (see module docstring)."""
    root = parse_xml(src)
    if root.tag != _A + "akomaNtoso":
        raise UnreadableInput(src.name, f"XML input ({etree.QName(root).localname}) is not supported yet; "
                              "overleg reads Akoma Ntoso 3.0 and exchange JSON")
    debate = root.find(_A + "debate")
    if debate is None:
        raise UnreadableInput(src.name, "an Akoma Ntoso document, but not a debate; only debates are supported yet")
    try:
        return _document(debate)
    except _Fail as e:
        raise UnreadableInput(src.name, str(e), f"line {e.line}" if e.line else None) from None
    except ReaderError:
        raise
    except InvalidIdentifier as e:
        raise UnreadableInput(src.name, str(e)) from None


# --- small typed helpers -----------------------------------------------------------------------


def _one(parent: etree._Element, path: str) -> etree._Element | None:
    return parent.find(path, {"a": NS_AKN, "ov": NS_OV})


def _all(parent: etree._Element, path: str) -> list[etree._Element]:
    return list(parent.findall(path, {"a": NS_AKN, "ov": NS_OV}))


def _text(el: etree._Element | None) -> str | None:
    """The text of an element, None when the element is absent; notes inside are skipped."""
    if el is None:
        return None
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag not in _NOTES:
            parts.append(_text(child) or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _date(el: etree._Element | None, attr: str = "date") -> dt.date | None:
    if el is None or el.get(attr) is None:
        return None
    value = el.get(attr, "")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Fail(el, f"{attr}={value!r} is not an ISO date") from None


def _int(el: etree._Element, value: str | None, what: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise _Fail(el, f"{what} {value!r} is not a number") from None


def _ints(el: etree._Element, attr: str) -> tuple[int, ...]:
    return tuple(_int(el, v, attr) for v in (el.get(attr) or "").split())


def _doc_id(el: etree._Element, value: str | None) -> DocumentId:
    try:
        return DocumentId(value or "")
    except InvalidIdentifier:
        raise _Fail(el, f"{value!r} is not a canonical document id") from None


def _refs(p: etree._Element | None) -> tuple[DocumentId, ...]:
    """The paper ids of the ``ref`` elements of a paragraph, taken from their officielebekendmakingen URL."""
    if p is None:
        return ()
    out = []
    for ref in _all(p, "a:ref"):
        m = _ID_IN_URL.search(ref.get("href", ""))
        out.append(_doc_id(ref, m.group(1) if m else ref.get("href")))
    return tuple(out)


def _blocks(el: etree._Element) -> list[etree._Element]:
    """The text paragraphs (``p`` without class) and tables, in order."""
    return [c for c in el if (c.tag == _A + "p" and c.get("class") is None) or c.tag == _A + "table"]


def _block_text(block: etree._Element) -> str:
    """A paragraph's text, or a table's as the model keeps it (``overleg.model.table``)."""
    if block.tag != _A + "table":
        return _text(block) or ""
    rows = tuple(tuple(" ".join(" ".join(cell.itertext()).split()) for cell in tr if cell.tag in (_A + "th", _A + "td"))
                 for tr in block if tr.tag == _A + "tr")
    return AnswerTable(rows).paragraph()


def _paragraphs(el: etree._Element) -> str:
    """The text paragraphs (``p`` without class) and tables joined as the model joins them."""
    return TEXT_SEPARATOR.join(_block_text(b) for b in _blocks(el))


def _placed(el: etree._Element | None) -> tuple[NoteMark, ...]:
    """The marks of the text paragraphs: each ``noteRef class="plaats"`` at its offset in the
    text as ``_paragraphs`` joins it."""
    if el is None:
        return ()
    out: list[NoteMark] = []
    start = 0
    for p in _blocks(el):
        if p.tag == _A + "table":  # the writer puts no marks in a table
            start += len(_block_text(p)) + len(TEXT_SEPARATOR)
            continue
        at = start + len(p.text or "")
        for child in p:
            if child.tag == _A + "noteRef" and child.get("class") == "plaats":
                out.append(NoteMark(at, _int(child, child.get("marker"), "marker"), child.get(_O + "reeks")))
            elif child.tag not in _NOTES:
                at += len(_text(child) or "")
            at += len(child.tail or "")
        start = start + len(_text(p) or "") + len(TEXT_SEPARATOR)
    return tuple(out)


def _classed(el: etree._Element, cls: str) -> etree._Element | None:
    return next((p for p in _all(el, "a:p") if p.get("class") == cls), None)


def _list(items: Iterator[T] | list[T]) -> tuple[T, ...]:
    return tuple(items)


# --- the document --------------------------------------------------------------------------------


def _document(debate: etree._Element) -> Document:
    name = debate.get("name", "")
    try:
        doc_type = DocumentType(name)
    except ValueError:
        raise _Fail(debate, f"debate name={name!r} is not a document type overleg knows") from None
    meta = _one(debate, "a:meta")
    if meta is None:
        raise _Fail(debate, "the debate has no <meta>")
    work = _one(meta, "a:identification/a:FRBRWork")
    if work is None:
        raise _Fail(meta, "no FRBRWork in <identification>")
    alias = next((a for a in _all(work, "a:FRBRalias") if a.get("name") == OFFICIAL_ALIAS), None)
    frbr_date = next((d for d in _all(work, "a:FRBRdate") if d.get("name") == "vastgesteld"), None)
    number = _one(work, "a:FRBRnumber")
    preface = _one(debate, "a:preface")
    body = _one(debate, "a:debateBody")
    orgs = {o.get("eId", ""): o.get("showAs", "") for o in _all(meta, "a:references/*")}
    notes = _notes(body)
    doc = Document(
        type=doc_type,
        id=_doc_id(alias, alias.get("value")) if alias is not None else None,
        number=number.get("value") if number is not None else None,
        date=_date(frbr_date),
        factions=_factions(meta, body),
        items=_items(body, orgs) if body is not None else (),
        footnotes=tuple(note for _, note in sorted(notes.values(), key=lambda pair: pair[0])),
        agenda=_agenda(body),
    )
    return _with_proprietary(_with_preface(doc, preface), meta)


def _with_preface(doc: Document, preface: etree._Element | None) -> Document:
    """The heading fields, each from its ``<p class="...">`` in the preface (see the writer)."""
    if preface is None:
        return doc
    by_class = {p.get("class"): p for p in _all(preface, "a:p")}

    def inline(cls: str, path: str) -> str | None:
        p = by_class.get(cls)
        return _text(_one(p, path)) if p is not None else None

    dossier_p = by_class.get("dossier")
    committee_p = by_class.get("commissie")
    askers_p = by_class.get("vragenstellers")
    return dataclasses.replace(
        doc,
        dossier=Dossier(_text(_one(dossier_p, "a:docNumber")) or "", _text(_one(dossier_p, "a:docTitle")))
        if dossier_p is not None else None,
        other_dossiers=tuple(Dossier(_text(_one(p, "a:docNumber")) or "", _text(_one(p, "a:docTitle")))
                             for p in _all(preface, "a:p") if p.get("class") == "ander-dossier"),
        title=inline("titel", "a:docTitle"),
        committee=_committee(committee_p) if committee_p is not None else None,
        addressee=inline("geadresseerde", "a:role"),
        addressees=_list(_text(r) or "" for r in _all(by_class["geadresseerden"], "a:role"))
        if "geadresseerden" in by_class else (),
        askers=_list(Asker(_text(_one(s, "a:person")) or "", _text(_one(s, "a:party")))
                        for s in _all(askers_p, "a:span")) if askers_p is not None else (),
        answered_by=_list(_text(r) or "" for r in _all(by_class["beantwoord-door"], "a:role"))
        if "beantwoord-door" in by_class else (),
        subject=inline("onderwerp", "a:span"),
        questions_sent_on=_date(_one(by_class["vragen-gesteld"], "a:date")) if "vragen-gesteld" in by_class else None,
        answered_on=_date(_one(by_class["beantwoord"], "a:date")) if "beantwoord" in by_class else None,
        subject_refs=_refs(by_class.get("onderwerp-stukken")),
        subject_papers=_list(Paper(_text(_one(p, "a:span")) or "", next(iter(_refs(p)), None))
                             for p in _all(preface, "a:p") if p.get("class") == "onderwerp-stuk"),
        opening=_list(_text(p) or "" for p in _all(preface, "a:p") if p.get("class") == "aanhef"),
        answer_heading=_text(by_class.get("antwoordkop")),
        identifiers=_list(_text(n) or "" for n in _all(by_class["kenmerken"], "a:docNumber"))
        if "kenmerken" in by_class else (),
    )


def _committee(p: etree._Element) -> Committee:
    """The committee, its chair, its clerk and the clerk's title as printed (``ov:titel``)."""
    def member(cls: str) -> etree._Element | None:
        return next((c for c in p if c.get("class") == cls), None)

    clerk = member("griffier")
    title = clerk.get(_O + "titel") if clerk is not None else p.get(_O + "griffiertitel")
    return Committee(_text(member("naam")), _text(member("voorzitter")), _text(clerk), title)


def _factions(meta: etree._Element, body: etree._Element | None) -> tuple[Faction, ...]:
    """Listed factions: the TLCOrganizations with ``ov:rang``, in rank order, with their preamble."""
    ranked = [o for o in _all(meta, "a:references/a:TLCOrganization") if o.get(_O + "rang") is not None]
    ranked.sort(key=lambda o: _int(o, o.get(_O + "rang"), "ov:rang"))
    preambles = {b.get("refersTo"): b for b in (body.iter(_A + "blockContainer") if body is not None else ())
                 if b.get("class") == "preambule"}
    out = []
    for org in ranked:
        box = preambles.get("#" + org.get("eId", ""))
        out.append(Faction(org.get("showAs", ""), _paragraphs(box) if box is not None else None, _placed(box)))
    return tuple(out)


def _notes(body: etree._Element | None) -> dict[str, tuple[int, Footnote]]:
    """Every footnote by eId, with its place in the model's order (``ov:volgorde``)."""
    out: dict[str, tuple[int, Footnote]] = {}
    for note in body.iter(_A + "authorialNote") if body is not None else ():
        number = _int(note, note.get("marker"), "marker")
        links = _classed(note, "links")
        out[note.get("eId", "")] = (_int(note, note.get(_O + "volgorde"), "ov:volgorde"), Footnote(
            number=number,
            text=None if note.get(_O + "zonderTekst") == "true" else _paragraphs(note),
            refs=_refs(_classed(note, "stukken")),
            urls=tuple(r.get("href", "") for r in _all(links, "a:ref")) if links is not None else (),
            series=note.get(_O + "reeks"),
        ))
    return out


def _markers(speech: etree._Element | None) -> tuple[int, ...]:
    p = _classed(speech, "voetnoten") if speech is not None else None
    if p is None:
        return ()
    return tuple(_int(n, n.get("marker"), "marker") for n in p if n.tag in _NOTES)


def _items(body: etree._Element, orgs: dict[str, str]) -> tuple[Item, ...]:
    items = []
    for question in body.iter(_A + "question"):
        answer = question.getnext()
        while answer is not None and not isinstance(answer.tag, str):
            answer = answer.getnext()
        if answer is not None and answer.tag != _A + "answer":
            answer = None
        by = question.get("by", "")
        topic_el = question.getparent()
        verwijzingen = _classed(answer, "verwijzingen") if answer is not None else None
        items.append(Item(
            number=_int(question, _text(_one(question, "a:num")), "item number"),
            question=_paragraphs(question),
            answer=_paragraphs(answer) if answer is not None and answer.get(_O + "zonderTekst") != "true" else None,
            faction=orgs.get(by[1:]) if by != "#vragensteller" else None,
            topic=_text(_one(topic_el, "a:heading"))
            if topic_el is not None and topic_el.get("name") == "onderwerp" else None,
            question_refs=_refs(_classed(question, "stukken")),
            answer_refs=_refs(_classed(answer, "stukken")) if answer is not None else (),
            question_footnotes=_markers(question),
            answer_footnotes=_markers(answer),
            cross_refs=tuple(_int(r, r.get("href", "").removeprefix("#antwoord_"), "cross-reference")
                             for r in _all(verwijzingen, "a:ref")) if verwijzingen is not None else (),
            referral_only=answer is not None and answer.get(_O + "alleenVerwijzing") == "true",
            answer_group=_ints(answer, _O + "antwoordgroep") if answer is not None else (),
            question_marks=_placed(question),
            answer_marks=_placed(answer) if answer is not None and answer.get(_O + "zonderTekst") != "true" else (),
        ))
    return tuple(items)


def _agenda(body: etree._Element | None) -> tuple[AgendaEntry, ...]:
    section = next((s for s in _all(body, "a:debateSection") if s.get("name") == "agenda"), None) \
        if body is not None else None
    if section is None:
        return ()
    return tuple(AgendaEntry(_date(_one(p, "a:date")), _text(_one(p, "a:span")) or "", _refs(p))
                 for p in _all(section, "a:p") if p.get("class") == "agendapunt")


def _with_proprietary(doc: Document, meta: etree._Element) -> Document:
    """Motions, commitments, deferrals and problems from ``meta/proprietary/ov:overleg``."""
    box = _one(meta, "a:proprietary/ov:overleg")
    if box is None:
        return doc

    def item_of(el: etree._Element) -> int | None:
        return _int(el, el.get("item"), "item") if el.get("item") is not None else None

    def each(tag: str, make: Callable[[etree._Element], T]) -> tuple[T, ...]:
        return tuple(make(el) for el in _all(box, f"ov:{tag}"))

    return dataclasses.replace(
        doc,
        motions=each("motie", lambda m: Motion(m.get("naam", ""), tuple(_doc_id(s, s.get("id"))
                                                                           for s in _all(m, "ov:stuk")),
                                                  _ints(m, "items"))),
        commitments=each("toezegging", lambda c: Commitment(item_of(c), c.text or "", c.get("due"),
                                                               _date(c, "dueBy"), _date(c, "dueFrom"))),
        deferrals=each("uitstel", lambda d: Deferral(item_of(d), d.text or "")),
        problems=each("probleem", lambda p: Problem(p.get("code", ""), p.text or "", p.get("where"))),
    )
