"""The questions and answers of a report: sections, topics, passages and numbered answers.

Reads: the body's paragraphs (text with explicit footnote marks) with their kinds. Writes:
passages (number, group, topic, question, answer), the groups with their preambles, problems.

Three layouts are read by one walk over the paragraphs:

- answers interleaved: each question passage is followed by "N. Antwoord van het kabinet" and
  the answer; where an answer ends and the next passage starts is found from the passage's
  wording ("De leden van de ...-fractie", "Deze leden", "Tevens vragen zij", a question
  mark) and, in layout lines only, from line width (answers are indented, so narrower);
- topic first (part I the groups' passages under topic headings, part II "Reactie van de
  minister" with the answers): numbered answers go to their numbers, an unnumbered reply under
  a topic heading to every passage of that topic, as one grouped answer;
- questions only (inbreng), or a committee's letter (nader overleg): passages without answers,
  numbered as printed ("1. De leden ...") or, when unnumbered, in order (with a Problem).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from overleg.model import Faction, Problem
from overleg.readers.text.paragraphs import Paragraph
from overleg.readers.text.report_kinds import HeadingKind, Kinded, faction_names
from overleg.vocabulary.markers import strip_marks

_SUBJECT_FIRST = re.compile(
    r"^(?:De\s+leden\s+van\s+de\s+[^.?!]{1,60}?fractie|Deze\s+leden|De\s+leden\s+(?:vragen|willen))\b"
)
_ASKING = (
    r"(?:vragen|vraagt|willen|wil|vernemen|verzoeken|wijzen|merken|lezen|constateren|hebben|maken|zijn|achten|"
    r"delen|stellen|danken|verwijzen|begrijpen|zien)"
)
_INVERTED = re.compile(
    r"^(?!Zoals\b|Graag\b|Het\s+kabinet\b|Ik\b|Wij\b|Nederland\b|De\s+regering\b)(?:[\w’'-]+,?\s+){1,4}?"
    + _ASKING + r"\s+(?:de\s+leden\s+van\s+de\s+[^.?!]{1,60}?fractie|deze\s+leden|de\s+leden|zij)\b"
)
_ADVERB_LEDEN = re.compile(
    r"^(?:Tevens|Daarnaast|Voorts|Verder|Ook|Tot\s+slot|Tenslotte|Ten\s+slotte|Vervolgens|Bovendien|Tegelijkertijd|"
    r"Tegen\s+deze\s+achtergrond|In\s+dit\s+verband|In\s+dat\s+verband|Wat\s+betreft)\b[^.?!]{0,80}?\b(?:de|deze)\s+leden\b"
)
_PREAMBLE_WORDS = re.compile(
    r"\b(?:kennis\s*genomen|kennisgenomen|gelezen|bestudeerd)\b[^?]*\b(?:vragen|opmerkingen)\b"
    r"|\b(?:enkele|een\s+aantal|de\s+volgende|een\s+paar|nog)\s+(?:vragen|opmerkingen)\b[^?]*$",
    re.IGNORECASE,
)
# How answers open; a question mark in such a paragraph is a question the answer quotes or asks itself.
_ANSWER_VOICE = re.compile(r"^(?:Het\s+kabinet|Nederland|Ik|Wij|De\s+regering|Zoals|Ja|Nee)\b")
_NUMBERED_PASSAGE = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?=[A-Z])")
_OPENER = re.compile(r"^(?:De|Deze)\s+leden\b")
_GROUP_OF = re.compile(r"\b[Dd]e\s+leden\s+van\s+de\s+(?P<name>[^.?!]{1,60}?)-fractie\b")


def is_question_passage(text: str) -> bool:
    """Whether a paragraph reads as (the start of) a question passage rather than an answer.

    >>> is_question_passage("Tevens vragen zij of het kabinet bereid is zich in te zetten.")
    True
    >>> is_question_passage("Tot slot hebben de leden van de D66-fractie vragen over de situatie.")
    True
    >>> is_question_passage("Het kabinet deelt de mening van de leden van de D66-fractie dat dit moet.")
    False
    >>> is_question_passage("De leden van de Nederlandse delegatie hebben niet met hem gesproken.")
    False
    >>> is_question_passage("Nederlandse banken investeren miljarden. Is de minister bereid dit te verbieden?")
    True
    >>> is_question_passage("Het kabinet vroeg zich af: wat werkt? Het antwoord is druk en dialoog.")
    False
    """
    t = strip_marks(text).strip()
    if _SUBJECT_FIRST.match(t) or _INVERTED.match(t) or _ADVERB_LEDEN.match(t):
        return True
    return "?" in t and not _ANSWER_VOICE.match(t)


def is_preamble(text: str) -> bool:
    """A group's opening words: what it read and that questions follow, asking nothing yet.

    >>> is_preamble("De leden van de SP-fractie hebben kennisgenomen van de agenda. Zij hebben enkele vragen.")
    True
    >>> is_preamble("De leden van de SP-fractie vragen of de minister dit deelt?")
    False
    """
    t = strip_marks(text)
    return "?" not in t and bool(_PREAMBLE_WORDS.search(t))


@dataclass
class _Draft:
    """A passage while the walk still fills it in (its answer comes later)."""

    number: int
    question: str
    faction: str | None
    topic: str | None
    answer: str | None = None
    group: tuple[int, ...] = ()
    no: int = 0


@dataclass
class _Out:
    passages: list[_Draft] = field(default_factory=list)
    factions: list[Faction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ItemText:
    """A numbered question with its answer, text still holding footnote marks."""

    number: int
    question: str
    faction: str | None
    topic: str | None
    answer: str | None = None
    group: tuple[int, ...] = ()
    no: int = 0


@dataclass(frozen=True)
class Body:
    """What the walk found: passages, groups with their preambles, problems."""

    passages: tuple[ItemText, ...]
    factions: tuple[Faction, ...]
    problems: tuple[Problem, ...]


def _joined(paras: Sequence[Paragraph]) -> str:
    return "\n\n".join(p.text for p in paras)


def width_threshold(units: Sequence[tuple[Paragraph, Kinded]]) -> float | None:
    """The line width between answers (indented) and question passages, when layout shows one.

    Compares the paragraphs just after answer headings with those just before them.
    """
    answers, questions = [], []
    for k, (_, kinded) in enumerate(units):
        if kinded.kind is not HeadingKind.ANSWER:
            continue
        if k + 1 < len(units) and units[k + 1][1].kind is HeadingKind.TEXT and units[k + 1][0].lines >= 3:
            answers.append(units[k + 1][0].width)
        if k > 0 and units[k - 1][1].kind is HeadingKind.TEXT and units[k - 1][0].lines >= 3:
            questions.append(units[k - 1][0].width)
    if len(answers) < 3 or len(questions) < 3:
        return None
    wa, wq = statistics.median(answers), statistics.median(questions)
    return (wa + wq) / 2 if wq - wa >= 4 else None


class _Walk:
    """The state of one walk over a report's body (see module docstring)."""

    def __init__(self, threshold: float | None) -> None:
        self.out = _Out()
        self.threshold = threshold
        self.names: tuple[str, ...] = ()
        self.topic: str | None = None
        self.topic_seen = False
        self.in_preamble = False
        self.section_items = 0
        self.reply = False
        self.pending: list[Paragraph] = []
        self.open: list[_Draft] = []
        self.unnumbered = False

    @property
    def faction(self) -> str | None:
        return " en ".join(self.names) if self.names else None

    def next_number(self) -> int:
        return max((p.number for p in self.out.passages[-50:]), default=0) + 1

    def questionish(self, para: Paragraph) -> bool:
        if is_question_passage(para.text):
            return True
        return self.threshold is not None and para.lines >= 2 and para.width > self.threshold

    def set_preamble(self, paras: Sequence[Paragraph]) -> None:
        text = _joined(paras)
        for k in range(len(self.out.factions) - len(self.names), len(self.out.factions)):
            old = self.out.factions[k]
            self.out.factions[k] = Faction(old.name, f"{old.preamble}\n\n{text}" if old.preamble else text)

    def add_passages(self, paras: Sequence[Paragraph]) -> None:
        """Question passages without an answer heading: numbered as printed, else in order."""
        current: list[Paragraph] = []
        number: int | None = None
        starts: list[tuple[int | None, list[Paragraph]]] = []
        for para in paras:
            m = _NUMBERED_PASSAGE.match(para.text)
            if m or not current or (number is None and _OPENER.match(para.text) and self._other_group(para, current)):
                if current:
                    starts.append((number, current))
                number = int(m.group("n")) if m else None
                current = [Paragraph(para.text[m.end():], para.no, para.width, para.lines) if m else para]
            else:
                current.append(para)
        if current:
            starts.append((number, current))
        for printed, chunk in starts:
            if printed is None:
                self.unnumbered = True
            faction = self.faction or self._group_named(chunk[0].text)
            if faction and all(f.name != faction for f in self.out.factions):
                self.out.factions.append(Faction(faction))
            self.out.passages.append(_Draft(printed or self.next_number(), _joined(chunk), faction, self.topic,
                                             no=chunk[0].no))
            self.section_items += 1

    def _group_named(self, text: str) -> str | None:
        m = _GROUP_OF.search(strip_marks(text)[:200])
        return m.group("name").strip() if m else None

    def _other_group(self, para: Paragraph, current: Sequence[Paragraph]) -> bool:
        if self.names:
            return True
        return self._group_named(para.text) != self._group_named(current[0].text)

    def flush(self, before_topic: bool = False) -> None:
        """Close what the pending paragraphs belong to, at a heading."""
        pending, self.pending = self.pending, []
        if self.open:
            self.answer(pending)
            return
        if not pending:
            return
        if self.reply:
            self.topic_reply(pending)
        elif self.in_preamble or (before_topic and self.names and not self.section_items and not self.topic_seen
                                  and not any(_NUMBERED_PASSAGE.match(p.text) or "?" in p.text for p in pending)):
            # What a group writes before its first topic, when nothing there asks anything yet.
            self.set_preamble(pending)
        else:
            if not self.section_items and not self.topic_seen and len(pending) >= 2 and is_preamble(pending[0].text) \
                    and not _NUMBERED_PASSAGE.match(pending[0].text):
                if self.names:
                    self.set_preamble(pending[:1])
                pending = pending[1:]  # a letter's opening words, asked by no one group
            self.add_passages(pending)

    def answer(self, paras: Sequence[Paragraph]) -> None:
        text = _joined(paras) if paras else None
        for passage in self.open:
            passage.answer = text
        self.open = []

    def topic_reply(self, paras: Sequence[Paragraph]) -> None:
        """A reply without numbers: to the passages of the same topic, or, without topics, to
        every unanswered passage (a minister's letter answering a committee's letter)."""
        key = _topic_key(self.topic)
        targets = [p for p in self.out.passages if p.answer is None and _topic_key(p.topic) == key]
        if not targets:
            self.out.problems.append(Problem(
                "reply-not-matched", "a reply under a heading that no question passage has", f"line {paras[0].no}"))
            return
        numbers = tuple(p.number for p in targets) if len(targets) > 1 else ()
        for p in targets:
            p.answer = _joined(paras)
            p.group = numbers

    def on_answer(self, para: Paragraph, numbers: tuple[int, ...]) -> None:
        pending, self.pending = self.pending, []
        if not numbers:
            numbers = (self.next_number(),)
            self.out.problems.append(Problem(
                "unnumbered-answer", "an answer heading without a number; numbered in order", f"line {para.no}"))
        if self.reply:
            if self.open:
                self.answer(pending)
            elif pending:
                self.topic_reply(pending)
            self.open = [p for p in self.out.passages if p.number in numbers]
            missing = [n for n in numbers if all(p.number != n for p in self.open)]
            for n in missing:
                self.out.problems.append(Problem("answer-without-question", f"answer {n} has no question passage",
                                                 f"line {para.no}"))
            return
        if self.open:
            split = self.boundary(pending, para)
            self.answer(pending[:split])
            question = pending[split:]
        elif self.in_preamble:
            self.set_preamble(pending[:-1])
            question = pending[-1:]
        elif self.names and not self.section_items and not self.topic_seen and len(pending) >= 2 \
                and is_preamble(pending[0].text):
            self.set_preamble(pending[:1])
            question = pending[1:]
        else:
            question = pending
        self.in_preamble = False
        if not question:
            self.out.problems.append(Problem("question-not-found", f"no question passage before answer {numbers[0]}",
                                             f"line {para.no}"))
        group = numbers if len(numbers) > 1 else ()
        self.open = []
        for n in numbers:
            passage = _Draft(n, _joined(question), self.faction, self.topic, group=group,
                              no=question[0].no if question else para.no)
            self.out.passages.append(passage)
            self.open.append(passage)
        self.section_items += 1

    def boundary(self, pending: Sequence[Paragraph], heading: Paragraph) -> int:
        """Where the open answer ends and the next question passage starts."""
        for k in range(1, len(pending)):
            if self.questionish(pending[k]):
                return k
        if len(pending) >= 2:
            self.out.problems.append(Problem(
                "question-boundary-guessed",
                "no wording marks where the answer ends; took the last paragraph as the question",
                f"line {heading.no}"))
            return len(pending) - 1
        if pending and self.questionish(pending[0]):
            return 0
        return len(pending)


def _topic_key(topic: str | None) -> str:
    return re.sub(r"^(?:\d{1,2}|[IVX]{1,5})[.)]?\s+", "", " ".join((topic or "").split())).lower()


_SECTION_OPENERS = (HeadingKind.FACTION, HeadingKind.PART, HeadingKind.LETTER, HeadingKind.REPLY)
_NUMBERED_HEADING = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,5})[.)]?\s")
_FIGURE = re.compile(r"\b\d[\d.,]*\b")


def _text_not_topic(units: Sequence[tuple[Paragraph, Kinded]]) -> list[tuple[Paragraph, Kinded]]:
    """Units where a short unpunctuated paragraph of figures that ends an answer before the next
    section ("Nr. Lidstaat Dopingzaken 1 Nederland 12 2 België 9": a table's rows) is text, not a
    topic heading with nothing under it (which the next section would drop). A numbered heading
    ("2. Asiel", "II Reactie") stays a heading."""
    out = list(units)
    for k, (para, kinded) in enumerate(units):
        if kinded.kind is not HeadingKind.TOPIC or para.heading or _NUMBERED_HEADING.match(para.text) \
                or len(_FIGURE.findall(para.text)) < 2:  # a table has figures; a signature, a topic none
            continue
        after = units[k + 1][1].kind if k + 1 < len(units) else None
        before = units[k - 1][1].kind if k else None
        if (after is None or after in _SECTION_OPENERS) and before is HeadingKind.TEXT:
            out[k] = (para, Kinded(HeadingKind.TEXT))
    return out


def read_body(units: Sequence[tuple[Paragraph, Kinded]], threshold: float | None) -> Body:
    """Walk the body's paragraphs (see module docstring)."""
    walk = _Walk(threshold)
    expect_name = False
    for para, kinded in _text_not_topic(units):
        kind = kinded.kind
        if expect_name and kind is HeadingKind.TOPIC:  # the signer's name under "De voorzitter van de commissie,"
            expect_name = False
            continue
        expect_name = kind in (HeadingKind.CHAIR, HeadingKind.CLERK, HeadingKind.SIGNOFF) and not kinded.name \
            and strip_marks(para.text).rstrip().endswith(",")
        if kind is HeadingKind.SIGNOFF:
            continue
        if kind is HeadingKind.TEXT:
            walk.pending.append(para)
        elif kind is HeadingKind.ANSWER:
            walk.on_answer(para, kinded.numbers)
        elif kind is HeadingKind.TOPIC:
            walk.flush(before_topic=True)
            walk.topic = strip_marks(para.text).strip()
            walk.topic_seen, walk.in_preamble = True, False
        elif kind is HeadingKind.FACTION:
            walk.flush()
            walk.names = kinded.names or faction_names(para.text)
            walk.out.factions.extend(Faction(n) for n in walk.names)
            walk.topic, walk.topic_seen, walk.in_preamble, walk.section_items = None, False, False, 0
        elif kind is HeadingKind.PREAMBLE:
            walk.flush()
            walk.in_preamble = bool(walk.names)
        elif kind in (HeadingKind.PART, HeadingKind.LETTER, HeadingKind.REPLY):
            walk.flush()
            walk.reply = kind is HeadingKind.REPLY
            walk.names, walk.topic, walk.topic_seen, walk.section_items = (), None, False, 0
        else:  # signatures inside a letter
            walk.flush()
    walk.flush()
    if walk.unnumbered:
        walk.out.problems.append(Problem(
            "unnumbered-questions", "question passages without printed numbers; numbered in order"))
    out = walk.out
    passages = tuple(ItemText(p.number, p.question, p.faction, p.topic, p.answer, p.group, p.no) for p in out.passages)
    return Body(passages, tuple(out.factions), tuple(out.problems))
