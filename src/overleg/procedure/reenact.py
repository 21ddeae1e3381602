"""Re-enacting a document's procedure: the commands, by whom and when, that lead to it.

Reads: a Document with questions (and usually answers), e.g. a report read by a reader.
Writes: ``Step``s (actor, command, time) that create the consultation, submit each group's
passages as that group, close, order and number, send, answer every number as the ministry
(answer groups at once, with their cross-references and footnotes), receive, establish and
publish; footnotes keep their links and the document's motions are declared on the passages
or answers that cite them. ``run`` folds them through ``decide``/``apply``; the replay over HTTP maps each step to
a request. The re-enacted report equals the source where the procedure can express it: items
of one group must be consecutive (the numbering runs group by group). What it cannot express at
all (members' written questions, a document without questions) is refused before any step.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from overleg.errors import InvalidInput
from overleg.model import Document, DocumentType, Item
from overleg.procedure import commands as c
from overleg.procedure.actors import Actor, RoleKind
from overleg.procedure.apply import apply
from overleg.procedure.checks import group_slug
from overleg.procedure.decide import decide
from overleg.procedure.events import Event
from overleg.procedure.states import Addressee, Consultation, FootnoteText, Group, MotionCitation, Person

NO_GROUP = "commissie"  # the asker of items that name no group (lists of questions)


@dataclass(frozen=True)
class Step:
    actor: Actor
    command: c.Command
    now: dt.datetime


@dataclass(frozen=True)
class Cast:
    """The users a re-enactment needs: clerk, chair, one member per group, one official."""

    clerk: Actor
    chair: Actor
    members: dict[str, Actor]
    official: Actor


def cast_for(doc: Document) -> Cast:
    committee = _committee(doc)
    ministry = _ministry(doc)
    return Cast(
        clerk=Actor.with_role("clerk", RoleKind.CLERK, committee),
        chair=Actor.with_role("chair", RoleKind.CHAIR, committee),
        members={g: Actor.with_role(f"member-{group_slug(g)}", RoleKind.MEMBER, g) for g in _groups(doc)},
        official=Actor.with_role(f"official-{group_slug(ministry)}", RoleKind.OFFICIAL, ministry))


def _committee(doc: Document) -> str:
    return (doc.committee.name if doc.committee else None) or "commissie"


def _ministry(doc: Document) -> str:
    return doc.addressee or (doc.addressees[0] if doc.addressees else None) or "regering"


def _groups(doc: Document) -> tuple[str, ...]:
    """Groups in the document's order: its factions, then any further group its items name."""
    names = [f.name for f in doc.factions] + [i.faction or NO_GROUP for i in doc.items]
    return tuple(dict.fromkeys(names))


# What the procedure reproduces: a committee's written consultation. A member's written questions
# (schriftelijke vragen) are a procedure of their own, with no committee, groups or report.
REENACTABLE = (DocumentType.VERSLAG, DocumentType.VERSLAG_NADER, DocumentType.INBRENG, DocumentType.LIJST)


def why_not_reenactable(doc: Document) -> str | None:
    """Why the procedure cannot reproduce ``doc``, in a sentence; None when it can."""
    if doc.type not in REENACTABLE:
        return (f"cannot replay a document of type {doc.type.value}: written questions of members "
                "(schriftelijke vragen) are not a committee's written consultation (schriftelijk overleg); "
                "replay re-enacts reports of a written consultation and lists of questions and answers")
    if not doc.items:
        return "cannot replay a document without questions: the procedure starts from the groups' questions"
    return None


def reenact(doc: Document, consultation_id: str, start: dt.datetime) -> tuple[Step, ...]:
    """The steps that re-enact ``doc`` (see module docstring), one second apart from ``start``.
    Raises InvalidInput for a document the procedure cannot reproduce (``why_not_reenactable``)."""
    refused = why_not_reenactable(doc)
    if refused is not None:
        raise InvalidInput(refused)
    cast = cast_for(doc)
    clock = (start + dt.timedelta(seconds=k) for k in range(1_000_000))
    groups = _groups(doc)
    sent_on = doc.questions_sent_on or start.date()
    steps = [Step(cast.clerk, c.CreateConsultation(
        consultation_id=consultation_id, committee=_committee(doc),
        chair=Person(cast.chair.user_id, doc.committee.chair if doc.committee else None),
        clerk=Person(cast.clerk.user_id, doc.committee.clerk if doc.committee else None),
        addressees=(Addressee(_ministry(doc), _ministry(doc)),), deadline=start + dt.timedelta(days=7),
        groups=tuple(Group(g, 0) for g in groups), subject=doc.subject, subject_refs=doc.subject_refs,
        agenda=doc.agenda), next(clock))]
    steps.append(Step(cast.clerk, c.SetGroupOrder(expected_version=1, order=groups), next(clock)))
    steps.append(Step(cast.clerk, c.OpenIntake(), next(clock)))
    preambles = {f.name: f.preamble for f in doc.factions}
    cited = _cited_motions(doc)
    for group in groups:
        own = [i for i in doc.items if (i.faction or NO_GROUP) == group]
        if not own and not preambles.get(group):
            continue
        passages = tuple(c.PassageInput(text=i.question, topic=i.topic, footnotes=_notes(doc, i.question_footnotes),
                                        motions=cited[(i.number, "question")]) for i in own)
        steps.append(Step(cast.members[group], c.SubmitContribution(
            expected_version=0, group=group, preamble=preambles.get(group), passages=passages), next(clock)))
    steps += [Step(cast.clerk, c.CloseIntake(), next(clock)),
              Step(cast.clerk, c.NumberPassages(), next(clock)),
              Step(cast.clerk, c.SendQuestions(sent_on=sent_on), next(clock))]
    steps += [Step(cast.official, cmd, next(clock)) for cmd in _answers(doc, cited)]
    if not all(i.answer for i in doc.items):
        return tuple(steps)
    steps.append(Step(cast.clerk, c.ReceiveAnswers(received_on=doc.answered_on or sent_on), next(clock)))
    if doc.dossier is None or doc.number is None:
        return tuple(steps)
    established_on = doc.date or doc.answered_on or sent_on
    steps.append(Step(cast.clerk, c.EstablishReport(
        dossier=doc.dossier.number, dossier_title=doc.dossier.title, document_number=doc.number,
        established_on=established_on), next(clock)))
    steps.append(Step(cast.clerk, c.PublishReport(published_on=established_on), next(clock)))
    return tuple(steps)


def _notes(doc: Document, numbers: Iterable[int]) -> tuple[FootnoteText, ...]:
    found = (doc.footnote(n) for n in numbers)
    return tuple(FootnoteText(f.text or "", f.urls) for f in found if f is not None)


def _cited_motions(doc: Document) -> defaultdict[tuple[int, str], tuple[MotionCitation, ...]]:
    """The document's motions by (item number, "question" or "answer"): the part whose text
    names a mover, else the answer (or the question when there is no answer)."""
    found: defaultdict[tuple[int, str], tuple[MotionCitation, ...]] = defaultdict(tuple)
    for motion in doc.motions:
        movers = [name.split()[-1] for name in motion.name.split("/") if name.strip()]
        for number in motion.items:
            item = doc.item(number)
            if item is None:
                continue
            in_question = any(m in item.question for m in movers)
            part = "question" if in_question or not item.answer else "answer"
            found[(number, part)] += (MotionCitation(motion.name, motion.refs),)
    return found


def _answers(doc: Document, cited: defaultdict[tuple[int, str], tuple[MotionCitation, ...]]
             ) -> tuple[c.AnswerQuestions, ...]:
    """One command per printed answer: an answer group once, with all its numbers."""
    done: set[int] = set()
    found: list[c.AnswerQuestions] = []
    for item in doc.items:
        if item.answer is None or item.number in done:
            continue
        numbers = _group_numbers(doc, item)
        done.update(numbers)
        found.append(c.AnswerQuestions(expected_version=0, numbers=numbers, text=item.answer,
                                       cross_refs=tuple(n for n in item.cross_refs if n not in numbers),
                                       footnotes=_notes(doc, item.answer_footnotes),
                                       motions=tuple(dict.fromkeys(m for n in numbers for m in cited[(n, "answer")]))))
    return tuple(found)


def _group_numbers(doc: Document, item: Item) -> tuple[int, ...]:
    have = {i.number for i in doc.items}
    group = tuple(n for n in item.answer_group if n in have)
    return group if item.number in group else (item.number,)


def enact(steps: Iterable[Step], state: Consultation | None = None) -> tuple[Consultation | None, tuple[Event, ...]]:
    """Decide and apply every step in turn; the final state and all events. Raises on the
    first refused step."""
    log: list[Event] = []
    for step in steps:
        for event in decide(state, step.actor, step.command, step.now):
            state = apply(state, event)
            log.append(event)
    return state, tuple(log)
