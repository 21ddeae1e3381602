"""Akoma Ntoso 3.0: a ``Document`` as an AKN ``debate`` that reads back to the same model.

Reads: a ``Document``. Writes: UTF-8 XML bytes, valid against the AKN 3.0 schema. The mapping
(every model field and its one home in the XML) is the table in docs/writers.md; in short:

- ``meta/identification``: FRBR Work/Expression/Manifestation built from the canonical id
  (``/akn/nl/debate/tk/<date>/<id>``); the id itself as ``FRBRalias name="officielebekendmakingen"``,
  the date as ``FRBRdate name="vastgesteld"``, the number as ``FRBRnumber``.
- ``meta/references``: one ``TLCOrganization`` per faction (listed factions carry ``ov:rang``),
  the committee, its chair and clerk, the askers, the cabinet that answers.
- ``preface``: one ``<p class="...">`` per heading field (dossier, title, committee with the
  clerk's printed title as ``ov:titel``, addressee(s), askers, answered by, subject, dates,
  subject papers); one ``<p class="aanhef">`` per opening paragraph as printed, the answer
  part's heading as ``<p class="antwoordkop">``, each described paper as ``<p
  class="onderwerp-stuk">`` (``<span class="omschrijving">`` and its ``ref``).
- ``debateBody``: a ``questions`` section per run of items of one faction, a ``debateSection
  name="onderwerp"`` per topic within it; every item a ``question`` (``by`` the faction, ``num``
  its number) and an ``answer``. Text paragraphs are ``<p>`` without class; cited papers are
  ``<p class="stukken"><ref>``, cross-references ``<p class="verwijzingen"><ref href="#antwoord_N">``,
  footnote markers ``<p class="voetnoten">`` holding the ``authorialNote`` at its first marker and
  ``noteRef`` elsewhere; where the model places a marker (``NoteMark``) a ``<noteRef
  class="plaats">`` stands at that place in the text paragraph (``ov:reeks`` its series). The
  agenda is a ``debateSection name="agenda"``.
- ``meta/proprietary``: what AKN has no element for (motions, commitments, deferrals, problems),
  in the namespace ``NS_OV``; attributes in that namespace mark the rest (``ov:reeks`` for a
  footnote series, ``ov:zonderTekst`` for a footnote or answer without text, ``ov:volgorde``).

Characters XML cannot carry (control characters other than tab, line feed and carriage return)
are written as U+FFFD; models read from documents never hold them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from lxml import etree

from overleg.model import Document, DocumentId, Footnote, Item, NoteMark
from overleg.model.table import AnswerTable, table_of
from overleg.vocabulary.akn import NS_AKN, NS_OV, OFFICIAL_ALIAS, TEXT_SEPARATOR, UNKNOWN_DATE
from overleg.writers import slug

_A = f"{{{NS_AKN}}}"
_O = f"{{{NS_OV}}}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _el(parent: etree._Element, tag: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A child element in the AKN namespace (``tag`` may carry another ``{ns}``)."""
    el = etree.SubElement(parent, tag if tag.startswith("{") else _A + tag)
    for key, value in attrs.items():
        el.set(_O + key[3:] if key.startswith("ov_") else key.rstrip("_"), _clean(value))
    if text is not None:
        el.text = _clean(text)
    return el


def _ints(values: Iterable[int]) -> str:
    return " ".join(str(v) for v in values)


class _Ids:
    """eIds of the TLC entries the body points at, assigned once per writer run."""

    def __init__(self, doc: Document) -> None:
        self.factions: list[tuple[str, str, int | None]] = []  # (eId, name, rank in doc.factions)
        self.by_name: dict[str, str] = {}
        names = [f.name for f in doc.factions] + [i.faction for i in doc.items if i.faction is not None]
        for n, name in enumerate(names):
            rank = n if n < len(doc.factions) else None
            if rank is None and name in self.by_name:
                continue
            eid = f"fractie-{len(self.factions) + 1}-{slug(name)}"
            self.factions.append((eid, name, rank))
            self.by_name.setdefault(name, eid)
        # the first footnote object per (number) that an item marker points at
        self.note_for: dict[int, int] = {}
        self.note_in_series: dict[tuple[int, str | None], int] = {}
        for index, note in enumerate(doc.footnotes):
            self.note_for.setdefault(note.number, index)
            self.note_in_series.setdefault((note.number, note.series), index)
        self.notes = doc.footnotes

    def href(self, mark: NoteMark) -> str:
        """The eId a marker points at: its note in its series, else the first of its number."""
        index = self.note_in_series.get((mark.number, mark.series), self.note_for.get(mark.number))
        return "#" + (self.note_eid(index, self.notes[index]) if index is not None else f"voetnoot_{mark.number}")

    @staticmethod
    def note_eid(index: int, note: Footnote) -> str:
        series = f"{slug(note.series)}_" if note.series is not None else ""
        return f"voetnoot_{series}{note.number}_{index + 1}"


def write(doc: Document) -> bytes:
    """The AKN XML of a document (UTF-8, with an XML declaration)."""
    root = etree.Element(_A + "akomaNtoso", nsmap={None: NS_AKN, "ov": NS_OV})
    debate = _el(root, "debate", name=doc.type.value)
    ids = _Ids(doc)
    _meta(debate, doc, ids)
    _preface(debate, doc)
    _body(debate, doc, ids)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- meta ------------------------------------------------------------------------------------


def work_uri(doc: Document) -> str:
    """The FRBR Work URI: ``/akn/nl/debate/tk/<date>/<id>`` (``onbekend`` for what is missing)."""
    date = doc.date.isoformat() if doc.date else "onbekend"
    return f"/akn/nl/debate/tk/{date}/{doc.id or 'onbekend'}"


def _meta(debate: etree._Element, doc: Document, ids: _Ids) -> None:
    meta = _el(debate, "meta")
    ident = _el(meta, "identification", source="#overleg")
    uri = work_uri(doc)
    date_attrs = {"date": doc.date.isoformat(), "name": "vastgesteld"} if doc.date else {
        "date": UNKNOWN_DATE, "name": "onbekend"}
    author = "#commissie" if doc.committee and doc.committee.name is not None else "#tweedekamer"
    work = _el(ident, "FRBRWork")
    _el(work, "FRBRthis", value=f"{uri}/!main")
    _el(work, "FRBRuri", value=uri)
    if doc.id:
        _el(work, "FRBRalias", name=OFFICIAL_ALIAS, value=str(doc.id))
    _el(work, "FRBRdate", **date_attrs)
    _el(work, "FRBRauthor", href=author)
    _el(work, "FRBRcountry", value="nl")
    _el(work, "FRBRsubtype", value=doc.type.value)
    if doc.number is not None:
        _el(work, "FRBRnumber", value=doc.number)
    expression_uri = f"{uri}/nld@{doc.date.isoformat() if doc.date else ''}"
    expression = _el(ident, "FRBRExpression")
    _el(expression, "FRBRthis", value=f"{expression_uri}/!main")
    _el(expression, "FRBRuri", value=expression_uri)
    _el(expression, "FRBRdate", **date_attrs)
    _el(expression, "FRBRauthor", href=author)
    _el(expression, "FRBRlanguage", language="nld")
    manifestation = _el(ident, "FRBRManifestation")
    _el(manifestation, "FRBRthis", value=f"{expression_uri}/!main.xml")
    _el(manifestation, "FRBRuri", value=f"{expression_uri}.akn")
    _el(manifestation, "FRBRdate", **date_attrs)
    _el(manifestation, "FRBRauthor", href="#overleg")
    _references(meta, doc, ids)
    _proprietary(meta, doc)


def _references(meta: etree._Element, doc: Document, ids: _Ids) -> None:
    refs = _el(meta, "references", source="#overleg")
    _el(refs, "TLCOrganization", eId="overleg", href="/ontology/organization/overleg", showAs="overleg")
    _el(refs, "TLCOrganization", eId="tweedekamer", href="/ontology/organization/nl/tweedekamer",
        showAs="Tweede Kamer der Staten-Generaal")
    for eid, name, rank in ids.factions:
        extra = {"ov_rang": str(rank)} if rank is not None else {}
        _el(refs, "TLCOrganization", eId=eid, href=f"/ontology/organization/nl/fractie/{slug(name)}",
            showAs=name, **extra)
    committee = doc.committee
    if committee and committee.name is not None:
        _el(refs, "TLCOrganization", eId="commissie", href=f"/ontology/organization/nl/{slug(committee.name)}",
            showAs=committee.name)
    for eid, person in (("voorzitter", committee.chair if committee else None),
                        ("griffier", committee.clerk if committee else None)):
        if person is not None:
            _el(refs, "TLCPerson", eId=eid, href=f"/ontology/person/nl/{slug(person)}", showAs=person)
    for n, asker in enumerate(doc.askers, 1):
        _el(refs, "TLCPerson", eId=f"vragensteller-{n}", href=f"/ontology/person/nl/{slug(asker.name)}",
            showAs=asker.name)
    _el(refs, "TLCRole", eId="vragensteller", href="/ontology/role/nl/vragensteller", showAs="vragensteller")
    _el(refs, "TLCRole", eId="kabinet", href="/ontology/role/nl/kabinet", showAs="kabinet")


def _proprietary(meta: etree._Element, doc: Document) -> None:
    if not (doc.motions or doc.commitments or doc.deferrals or doc.problems):
        return
    prop = _el(meta, "proprietary", source="#overleg")
    box = _el(prop, _O + "overleg", versie="1")
    for motion in doc.motions:
        m = _el(box, _O + "motie", naam=motion.name, items=_ints(motion.items))
        for ref in motion.refs:
            _el(m, _O + "stuk", id=str(ref))
    for c in doc.commitments:
        attrs = {"item": str(c.item)} if c.item is not None else {}
        if c.due is not None:
            attrs["due"] = c.due
        if c.due_from is not None:
            attrs["dueFrom"] = c.due_from.isoformat()
        if c.due_by is not None:
            attrs["dueBy"] = c.due_by.isoformat()
        _el(box, _O + "toezegging", c.text, **attrs)
    for d in doc.deferrals:
        _el(box, _O + "uitstel", d.text, **({"item": str(d.item)} if d.item is not None else {}))
    for p in doc.problems:
        _el(box, _O + "probleem", p.message, code=p.code, **({"where": p.where} if p.where is not None else {}))


# --- preface ---------------------------------------------------------------------------------


def _preface(debate: etree._Element, doc: Document) -> None:
    preface = _el(debate, "preface")
    if doc.dossier:
        p = _el(preface, "p", class_="dossier")
        _el(p, "docNumber", doc.dossier.number, refersTo="#dossier")
        if doc.dossier.title is not None:
            _el(p, "docTitle", doc.dossier.title, refersTo="#dossier", class_="dossiertitel")
        for other in doc.other_dossiers:  # a paper of several dossiers: the others, in printed order
            p = _el(preface, "p", class_="ander-dossier")
            _el(p, "docNumber", other.number, refersTo="#dossier")
            if other.title is not None:
                _el(p, "docTitle", other.title, refersTo="#dossier", class_="dossiertitel")
    _el(_el(preface, "p", class_="type"), "docType", doc.type.value)
    if doc.number is not None:
        _el(_el(preface, "p", class_="nummer"), "docNumber", doc.number)
    if doc.title is not None:
        _el(_el(preface, "p", class_="titel"), "docTitle", doc.title)
    if doc.date:
        _el(_el(preface, "p", class_="datum"), "docDate", doc.date.isoformat(), date=doc.date.isoformat())
    if doc.committee:
        p = _el(preface, "p", class_="commissie")
        c = doc.committee
        for value, ref, cls in ((c.name, "#commissie", "naam"), (c.chair, "#voorzitter", "voorzitter"),
                                (c.clerk, "#griffier", "griffier")):
            if value is not None:
                el = _el(p, "organization" if cls == "naam" else "person", value, refersTo=ref, class_=cls)
                if cls == "griffier" and c.clerk_title is not None:
                    el.set(_O + "titel", _clean(c.clerk_title))
        if c.clerk is None and c.clerk_title is not None:
            p.set(_O + "griffiertitel", _clean(c.clerk_title))
    if doc.addressee is not None:
        _el(_el(preface, "p", class_="geadresseerde"), "role", doc.addressee, refersTo="#geadresseerde")
    _listing(preface, "geadresseerden", "role", "#geadresseerde", doc.addressees)
    if doc.askers:
        p = _el(preface, "p", class_="vragenstellers")
        for n, asker in enumerate(doc.askers, 1):
            span = _el(p, "span", class_="vragensteller")
            _el(span, "person", asker.name, refersTo=f"#vragensteller-{n}")
            if asker.party is not None:
                _el(span, "party", asker.party, refersTo=f"#partij-{n}")
    _listing(preface, "beantwoord-door", "role", "#kabinet", doc.answered_by)
    if doc.subject is not None:
        _el(_el(preface, "p", class_="onderwerp"), "span", doc.subject, class_="onderwerp")
    for cls, when in (("vragen-gesteld", doc.questions_sent_on), ("beantwoord", doc.answered_on)):
        if when:
            _el(_el(preface, "p", class_=cls), "date", when.isoformat(), date=when.isoformat(), refersTo=f"#{cls}")
    if doc.identifiers:  # the document's own numbers other than its id (model/identity.py)
        numbers = _el(preface, "p", class_="kenmerken")
        for identifier in doc.identifiers:
            _el(numbers, "docNumber", identifier)
    if doc.subject_refs:
        _refs(_el(preface, "p", class_="onderwerp-stukken"), doc.subject_refs)
    for paper in doc.subject_papers:
        p = _el(preface, "p", class_="onderwerp-stuk")
        _el(p, "span", paper.description, class_="omschrijving")
        if paper.ref is not None:
            _refs(p, (paper.ref,))
    for paragraph in doc.opening:
        _el(preface, "p", paragraph, class_="aanhef")
    if doc.answer_heading is not None:
        _el(preface, "p", doc.answer_heading, class_="antwoordkop")


def _listing(parent: etree._Element, cls: str, tag: str, refers_to: str, values: Sequence[str]) -> None:
    if values:
        p = _el(parent, "p", class_=cls)
        for value in values:
            _el(p, tag, value, refersTo=refers_to)


def _refs(p: etree._Element, refs: Iterable[DocumentId]) -> None:
    for ref in refs:
        _el(p, "ref", str(ref), href=ref.url)


# --- body ------------------------------------------------------------------------------------


def _paragraphs(parent: etree._Element, text: str, marks: Sequence[NoteMark] = (), ids: _Ids | None = None) -> None:
    """One ``<p>`` per paragraph; the marks as ``<noteRef class="plaats">`` at their places (a
    mark in the blank line between two paragraphs ends the first)."""
    start = 0
    pending = sorted(marks, key=lambda m: m.at)
    blocks = text.split(TEXT_SEPARATOR)
    for k, para in enumerate(blocks):
        end = start + len(para)
        last_block = k == len(blocks) - 1
        table = table_of(para)
        if table is not None and not any(m.at <= end or last_block for m in pending):
            _table(parent, table)
            start = end + len(TEXT_SEPARATOR)
            continue
        p = _el(parent, "p", para)
        here = [m for m in pending if m.at <= end or last_block]
        pending = pending[len(here):]
        previous: etree._Element | None = None
        cut = 0
        for mark in here:
            at = max(0, min(mark.at - start, len(para)))
            ref = etree.SubElement(p, _A + "noteRef")
            ref.set("marker", str(mark.number))
            ref.set("href", ids.href(mark) if ids is not None else f"#voetnoot_{mark.number}")
            ref.set("class", "plaats")
            if mark.series is not None:
                ref.set(_O + "reeks", _clean(mark.series))
            if previous is None:
                p.text = _clean(para[:at])
            else:
                previous.tail = _clean(para[cut:at])
            previous, cut = ref, at
        if previous is not None:
            previous.tail = _clean(para[cut:])
        start = end + len(TEXT_SEPARATOR)


def _table(parent: etree._Element, table: AnswerTable) -> None:
    """A table paragraph of an answer (``overleg.model.table``) as an AKN ``<table>``: the
    heading row's cells ``<th>``, the others ``<td>``, each cell's text a ``<p>``."""
    grid = _el(parent, "table", class_="antwoordtabel")
    for k, row in enumerate(table.rows):
        tr = _el(grid, "tr")
        for cell in row:
            _el(_el(tr, "th" if k == 0 and table.header else "td"), "p", cell)


def _body(debate: etree._Element, doc: Document, ids: _Ids) -> None:
    body = _el(debate, "debateBody")
    placed_notes: set[int] = set()
    preambles_written: set[int] = set()
    first_rank: dict[str, int] = {}
    for _eid, name, rank in ids.factions:
        if rank is not None:
            first_rank.setdefault(name, rank)
    for run, (faction, items) in enumerate(_runs(doc.items, lambda i: i.faction), 1):
        section = _el(body, "questions", eId=f"fractie_{run}", class_="fractie")
        if faction is not None:
            section.set("refersTo", "#" + ids.by_name[faction])
            _el(section, "heading", faction)
            if faction in first_rank and first_rank[faction] not in preambles_written:
                _preamble(section, doc, ids, first_rank[faction])
                preambles_written.add(first_rank[faction])
        for t, (topic, topic_items) in enumerate(_runs(items, lambda i: i.topic), 1):
            holder = section
            if topic is not None:
                holder = _el(section, "debateSection", name="onderwerp", eId=f"fractie_{run}__onderwerp_{t}")
                _el(holder, "heading", topic)
            for item in topic_items:
                _item(holder, doc, ids, item, placed_notes)
    for eid, name, listed in ids.factions:
        if listed is not None and listed not in preambles_written:
            section = _el(body, "questions", eId=f"fractie_leeg_{listed}", refersTo="#" + eid, class_="fractie")
            _el(section, "heading", name)
            _preamble(section, doc, ids, listed)
    if doc.agenda:
        _agenda(body, doc)
    unplaced = [n for n in range(len(doc.footnotes)) if n not in placed_notes]
    if unplaced:
        section = _el(body, "debateSection", name="voetnoten", eId="voetnoten")
        _el(section, "heading", "Voetnoten")
        p = _el(section, "p", class_="voetnoten")
        for index in unplaced:
            _note(p, doc.footnotes[index], index)
    if len(body) == 0:
        _el(body, "debateSection", name="inhoud", eId="inhoud")


def _runs(items: Sequence[Item], get: Callable[[Item], str | None]) -> list[tuple[str | None, list[Item]]]:
    """Consecutive items with the same key (faction or topic), in order."""
    out: list[tuple[str | None, list[Item]]] = []
    for item in items:
        k = get(item)
        if out and out[-1][0] == k:
            out[-1][1].append(item)
        else:
            out.append((k, [item]))
    return out


def _preamble(section: etree._Element, doc: Document, ids: _Ids, rank: int) -> None:
    faction = doc.factions[rank]
    if faction.preamble is None:
        return
    eid = next(e for (e, _n, r) in ids.factions if r == rank)
    box = _el(section, "blockContainer", eId=f"preambule_{rank + 1}", refersTo="#" + eid, class_="preambule")
    _paragraphs(box, faction.preamble, faction.preamble_marks, ids)


def _agenda(body: etree._Element, doc: Document) -> None:
    section = _el(body, "debateSection", name="agenda", eId="agenda")
    _el(section, "heading", "Volledige agenda")
    for entry in doc.agenda:
        p = _el(section, "p", class_="agendapunt")
        if entry.date:
            _el(p, "date", entry.date.isoformat(), date=entry.date.isoformat())
        _el(p, "span", entry.text, class_="tekst")
        _refs(p, entry.refs)


def _item(holder: etree._Element, doc: Document, ids: _Ids, item: Item, placed: set[int]) -> None:
    by = "#" + ids.by_name[item.faction] if item.faction is not None else "#vragensteller"
    question = _el(holder, "question", eId=f"vraag_{item.number}", by=by)
    _el(question, "num", str(item.number))
    _paragraphs(question, item.question, item.question_marks, ids)
    _annotations(question, doc, ids, item.question_refs, (), item.question_footnotes, placed)
    has_answer_data = bool(item.answer_refs or item.answer_footnotes or item.cross_refs
                           or item.referral_only or item.answer_group)
    if item.answer is None and not has_answer_data:
        return
    classes = [c for c, on in (("alleen-verwijzing", item.referral_only),
                               ("toezegging", any(c.item == item.number for c in doc.commitments))) if on]
    answer = _el(holder, "answer", eId=f"antwoord_{item.number}", by="#kabinet", to=by)
    if classes:
        answer.set("class", " ".join(classes))
    if item.referral_only:
        answer.set(_O + "alleenVerwijzing", "true")
    if item.answer_group:
        answer.set(_O + "antwoordgroep", _ints(item.answer_group))
    _el(answer, "num", str(item.number))
    if item.answer is None:
        answer.set(_O + "zonderTekst", "true")
    else:
        _paragraphs(answer, item.answer, item.answer_marks, ids)
    _annotations(answer, doc, ids, item.answer_refs, item.cross_refs, item.answer_footnotes, placed)
    if len(answer) == 1:  # only <num>: a speech needs one block
        _el(answer, "p", class_="leeg")


def _annotations(speech: etree._Element, doc: Document, ids: _Ids, refs: Sequence[DocumentId],
                 cross_refs: Sequence[int], notes: Sequence[int], placed: set[int]) -> None:
    """The non-text blocks of a question or answer: papers, cross-references, footnote markers."""
    if refs:
        _refs(_el(speech, "p", class_="stukken"), refs)
    if cross_refs:
        p = _el(speech, "p", class_="verwijzingen")
        for number in cross_refs:
            _el(p, "ref", f"vraag {number}", href=f"#antwoord_{number}")
    if notes:
        p = _el(speech, "p", class_="voetnoten")
        for number in notes:
            index = ids.note_for.get(number)
            if index is not None and index not in placed:
                placed.add(index)
                _note(p, doc.footnotes[index], index)
            elif index is not None:
                _el(p, "noteRef", marker=str(number), href="#" + ids.note_eid(index, doc.footnotes[index]))
            else:  # a marker whose footnote the model does not hold
                _el(p, "noteRef", marker=str(number), href=f"#voetnoot_{number}", class_="ontbrekend")


def _note(p: etree._Element, note: Footnote, index: int) -> None:
    el = _el(p, "authorialNote", marker=str(note.number), placement="bottom", eId=_Ids.note_eid(index, note),
             ov_volgorde=str(index + 1))
    if note.series is not None:
        el.set(_O + "reeks", note.series)
    if note.text is None:
        el.set(_O + "zonderTekst", "true")
    else:
        _paragraphs(el, note.text)
    if note.refs:
        _refs(_el(el, "p", class_="stukken"), note.refs)
    if note.urls:
        links = _el(el, "p", class_="links")
        for url in note.urls:
            _el(links, "ref", url, href=url)
    if len(el) == 0:
        _el(el, "p", class_="leeg")
