"""Documents made from a consultation: the numbered list once sent, the report once established.

Reads: a Consultation (possibly a ``view`` of it). Writes: an ``overleg.model.Document`` like a
reader would make of the printed paper, so every writer and the exchange JSON work on it:
after sending an ``inbreng-schriftelijk-overleg`` (questions only), after establishing a
``verslag-schriftelijk-overleg`` (or ``verslag-nader-...`` for a follow-up round) with answers.
Footnotes are numbered through the document in order of appearance (each item's question notes,
then its answer's notes; an answer group's notes once). The finders of ``extract.enrich`` run
last, as for a read document; the declared cross-references and cited motions are kept beside
those it finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from overleg.errors import IllegalTransition
from overleg.extract.enrich import enrich
from overleg.extract.references import find_refs
from overleg.model import Committee, Document, DocumentId, DocumentType, Dossier, Faction, Item, Motion
from overleg.model import Footnote as PrintedFootnote
from overleg.procedure.states import Answer, Consultation, FootnoteText, NumberedPassage, State
from overleg.procedure.wording import state_name

_URL = re.compile(r"https?://[^\s)>\]]+")


@dataclass
class _Notes:
    """Footnotes numbered as they are met; an answer's notes get their numbers once."""

    printed: list[PrintedFootnote] = field(default_factory=list)
    answers: dict[tuple[int, ...], tuple[int, ...]] = field(default_factory=dict)

    def number(self, notes: tuple[FootnoteText, ...]) -> tuple[int, ...]:
        numbers = []
        for note in notes:
            n = len(self.printed) + 1
            text = note.text.strip() or None
            found = (u.rstrip(".,;") for u in _URL.findall(text or ""))
            self.printed.append(PrintedFootnote(n, text, find_refs(text or ""),
                                                tuple(dict.fromkeys((*note.urls, *found)))))
            numbers.append(n)
        return tuple(numbers)

    def for_answer(self, answer: Answer) -> tuple[int, ...]:
        if answer.numbers not in self.answers:
            self.answers[answer.numbers] = self.number(answer.footnotes)
        return self.answers[answer.numbers]


@lru_cache(maxsize=32)
def to_document(consultation: Consultation, *, preview: bool = False) -> Document:
    """The consultation's document in its current state (see module docstring); IllegalTransition
    before the questions are sent, when there is no document yet. With ``preview`` the report as
    it would be published now: with the answers given so far, before it is established (no
    number or date yet).

    A pure function of a frozen (hashable) consultation, so its result is kept per consultation
    *content*: the report's pages ask for the same state on every request (enrich's finders over
    200 questions took about half of such a page), and any change is another key."""
    s = consultation
    if not s.state.at_least(State.SENT):
        raise IllegalTransition(f"Procedure {s.id} is in de stap ‘{state_name(s.state.value)}’: er is nog geen "
                                "document; dat komt er als de vragen zijn verstuurd.",
                                action="document", state=s.state.value)
    established = s.established is not None and s.state.at_least(State.ESTABLISHED)
    report = established or preview
    notes = _Notes()
    # A view (access.view) may leave out a passage; print only what is there.
    items = tuple(_item(s, n, notes, with_answer=report) for n in s.numbers if s.passage_at(n) is not None)
    contributing = {i.faction for i in items}
    factions = tuple(Faction(_printed(s, name), c.preamble if c else None)
                     for name in s.ordered_groups if _printed(s, name) in contributing
                     for c in (s.contribution(name),))
    titles = tuple(a.title for a in s.addressees)
    doc = Document(
        type=s.report_type if report else DocumentType.INBRENG,
        committee=Committee(s.committee, s.chair.name, s.clerk.name),
        addressee=" en ".join(titles) or None, addressees=titles, subject=s.subject,
        questions_sent_on=s.sent_on, subject_refs=s.subject_refs, agenda=s.agenda, factions=factions,
        items=items, footnotes=tuple(notes.printed))
    if established and s.established:
        est = s.established
        doc = replace(doc, id=est.document_id, dossier=Dossier(est.document_id.dossier or est.dossier,
                                                               est.dossier_title),
                      number=est.document_number, date=est.established_on,
                      committee=Committee(s.committee, est.chair, est.clerk), answered_on=s.received_on)
    declared = _declared_motions(s, with_answers=report)
    return _keep_declared(enrich(replace(doc, motions=declared)), items, declared)


def _item(s: Consultation, number: int, notes: _Notes, *, with_answer: bool) -> Item:
    entry = s.numbered(number)
    passage = s.passage_at(number)
    assert entry is not None and passage is not None  # the caller checked
    question_notes = notes.number((*passage.footnotes, *map(paper_note, passage.papers)))
    answer = s.answer_to(number) if with_answer else None
    if answer is None:
        return Item(number, passage.text, faction=_printed(s, entry.group), topic=passage.topic,
                    question_footnotes=question_notes)
    return Item(number, passage.text, answer=answer.text, faction=_printed(s, entry.group), topic=passage.topic,
                question_footnotes=question_notes, answer_footnotes=notes.for_answer(answer),
                cross_refs=answer.cross_refs, answer_group=answer.numbers if len(answer.numbers) > 1 else ())


def paper_note(ref: DocumentId) -> FootnoteText:
    """A paper a passage cites, printed as its footnote ("Kamerstuk 21501-02, nr. 3349")."""
    if ref.kind == "kst" and ref.dossier:
        return FootnoteText(f"Kamerstuk {ref.dossier}, nr. {ref.number}")
    return FootnoteText(str(ref))


def group_document(consultation: Consultation, group: str) -> Document:
    """One group's contribution as it would be printed now, draft or handed in: the same
    document the report is made from, with that group alone and its live passages numbered
    1, 2, ... for now (the clerk numbers the whole list after intake closes)."""
    s = consultation
    own = s.contribution(group)
    invited = s.group(group)
    if own is None or invited is None:
        return to_document(replace(s, state=State.SENT, groups=(invited,) if invited else (), group_order=None,
                                   contributions=(), numbering=(), answers=(), established=None))
    numbered = tuple(NumberedPassage(n, group, p.passage_id) for n, p in enumerate(own.live_passages, start=1))
    return to_document(replace(s, state=State.SENT, groups=(invited,), group_order=None, contributions=(own,),
                               numbering=numbered, answers=(), established=None))


def _declared_motions(s: Consultation, *, with_answers: bool) -> tuple[Motion, ...]:
    """The motions the passages and answers declare they cite, with the items citing them."""
    found: list[Motion] = []
    for number in s.numbers:
        passage = s.passage_at(number)
        found += [Motion(m.name, m.refs, (number,)) for m in (passage.motions if passage else ())]
        answer = s.answer_to(number) if with_answers else None
        if answer and answer.numbers[0] == number:
            found += [Motion(m.name, m.refs, answer.numbers) for m in answer.motions]
    return merge_motions(found)


def merge_motions(motions: Iterable[Motion]) -> tuple[Motion, ...]:
    """One Motion per name (compared without case), refs and items united, first-seen order."""
    by_name: dict[str, Motion] = {}
    for m in motions:
        old = by_name.get(m.name.lower())
        by_name[m.name.lower()] = Motion(
            old.name if old else m.name, tuple(dict.fromkeys((*(old.refs if old else ()), *m.refs))),
            tuple(sorted({*(old.items if old else ()), *m.items})))
    return tuple(by_name.values())


def _keep_declared(doc: Document, declared: tuple[Item, ...], motions: tuple[Motion, ...]) -> Document:
    """``enrich`` finds cross-references and motions in the text; keep the declared ones too."""
    by_number = {i.number: i.cross_refs for i in declared}
    items = tuple(replace(i, cross_refs=tuple(dict.fromkeys((*i.cross_refs, *by_number.get(i.number, ())))))
                  for i in doc.items)
    return replace(doc, items=items, motions=merge_motions((*doc.motions, *motions)))


def _printed(s: Consultation, name: str) -> str:
    """The group's name as the report prints it (``Group.printed``, else its name)."""
    return next((g.printed or g.name for g in s.groups if g.name == name), name)
