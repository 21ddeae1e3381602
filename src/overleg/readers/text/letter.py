"""A ministry's answer letter to written questions (``schriftelijke-vragen``), as sent in Word.

Shape: letterhead ("Datum"), a cover letter ("In antwoord op uw brief van ..."), a signature,
then the answers: a heading ("Antwoorden van de minister van ... op Kamervragen van ...") and
labelled questions and answers ("Vraag 1" / "Antwoord op vraag 1", "Antwoord op vragen 3 en 4"),
sometimes an answer without a label, and at the end a typed list of the notes whose markers
stand in the quoted questions. The letter's own Word footnotes arrive as marks (series "word").

    letter_paras -> regions (head, cover, signature, heading, body)
               -> typed notes at the end -> sections by label -> items -> Document -> enrich
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from overleg.extract.enrich import enrich
from overleg.extract.labels import label_numbers
from overleg.extract.references import find_refs
from overleg.extract.urls import find_urls
from overleg.model import Document, DocumentType, Footnote, Item, NoteMark, Problem
from overleg.readers.text import letter_head as head
from overleg.readers.text.letter_notes import find_markers, remove_markers, split_note_list, starts_note, tidy
from overleg.readers.text.mark_places import Marker, numbers_of, places, shifted
from overleg.readers.text.prepared import PreparedText
from overleg.vocabulary.dates import LETTER_DATE, parse_letter_date
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE

_COVER = re.compile(r"In\s+(?:het\s+)?antwoord\s+op\s+uw\s+brief\s+van\s+(?P<date>" + LETTER_DATE + ")", re.I)
_NUMBERS = r"\d{1,3}(?:\s*(?:,\s*(?:en\s+)?|en\s+|t/m\s*|tot\s+en\s+met\s+|[-–]\s*)\d{1,3})*"
# "Vraag 1", "Vraag 1:", "Vraag nr. 1 Kent u ...?" (text on the label's line only after a
# separator, or when it opens with a capital and asks something, perhaps with a note marker after)
_QUESTION_LABEL = re.compile(
    r"^[Vv]raag\s+(?:nr\.?\s*)?(?P<n>\d{1,3})\s*(?:$|[:.)–-]\s*(?P<rest>.*)$|\s+(?P<inline>[A-Z‘“'\"].*\?[^?]{0,20}?)\s*$)"
)
_ANSWER_LABEL = re.compile(
    r"^[Aa]ntwoord(?:en)?(?:\s+(?:op|bij|van))?(?:\s+(?:de\s+)?[Vv]ra(?:ag|gen))?\s*(?P<nums>" + _NUMBERS + r")?"
    r"\s*(?:$|[:.–-]\s*(?P<rest>.*)$|(?<=\d)\s+(?P<inline>[A-Z].*)$)"
)
# In a letter without "Vraag N" labels: paragraphs numbered 1, 2, 3 ... ("1.", "2)", "3")
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})(?:[.)](?:\s+|$)|\s*$)(?P<rest>.*)$")
Label = tuple[str, tuple[int, ...], str]  # ("q" or "a", numbers, text on the label's line)
# "Antwoorden van de minister ... op vragen van ...", or the questions' own heading
# "Vragen van het lid ... aan de minister van ... over ... (ingezonden ...)"
_HEADING = re.compile(r"^(?:Antwoord(?:en)?\s+(?:van|op)|(?:Kamer)?vragen\s+van)\s+\S", re.I)
# "... van het lid X (P) [aan de minister van Y] over Z": the persons, offices and subject.
_ABOUT = re.compile(
    r"\b(?:Kamer)?(?:lid|leden)\s+(?P<persons>.+?)\s+(?:aan\s+(?P<to>(?:de\s+|het\s+)?(?:minister|staatssecretaris).+?)\s+)?"
    r"over\s+(?P<subject>.+)$",
    re.I | re.S,
)
# what may follow the subject: "worden beantwoord ...", "(ingezonden 7 september 2023)",
# "(kenmerk 2023Z14759)", a full stop
_SUBJECT_END = re.compile(
    r"\s+(?:worden|wordt|zijn|is)\s+beantwoord\b.*$"
    r"|\s*\((?:ingezonden|ontvangen|kenmerk|ons\s+kenmerk|uw\s+kenmerk|nr\.?|\d{4}Z\d+)[^()]*\)[.\s]*$|[.\s]+$",
    re.I | re.S,
)
# how answers open (and questions do not): "Ja, ...", "Nee.", "Ik ...", "Zoals ..."
_ANSWER_START = re.compile(r"^(?:Ja|Nee|Neen|Ik|Wij|Het\s+kabinet|Zoals)\b")


@dataclass(frozen=True)
class LetterPara:
    """A paragraph: its text, the PreparedText line it starts on, its block (paragraphs not
    separated by a blank line) and whether it is set wholly in bold."""

    text: str
    line: int
    block: int
    emphasised: bool = False


@dataclass
class Section:
    """The paragraphs under one label: a question (one number) or an answer (its numbers)."""

    kind: str  # "q" or "a"
    numbers: tuple[int, ...]
    paras: list[LetterPara] = field(default_factory=list)
    labelled: bool = True


@dataclass(frozen=True)
class Regions:
    """The parts of a letter: letterhead paragraphs, the cover letter's text, the raw lines of
    the signature block, the heading above the answers, and the body from the first question
    (``numbered``: questions are numbered paragraphs, not "Vraag N" labels)."""

    head: list[LetterPara]
    cover: str
    signature: list[str]
    heading: str
    body: list[LetterPara]
    numbered: bool


def parse(prepared: PreparedText, doc_type: DocumentType) -> Document:
    """Reads the letter (see module docstring) into a Document of ``doc_type``."""
    parts = regions(prepared, letter_paras(prepared))
    labels = _labels(parts.body, parts.numbered)
    notes_at = _typed_notes_start(parts.body, labels)
    note_paras = parts.body[notes_at:] if notes_at is not None else []
    typed = split_note_list([p.text for p in note_paras])
    end = notes_at if typed and notes_at is not None else len(parts.body)
    # notes the container separated without a series (a PDF's page-bottom notes) keep their marks
    separated = {f.number for f in prepared.footnotes if not f.series}
    items, problems = _read_body(parts.body[:end], labels[:end], {n for n, _, _ in typed}, separated)
    if typed and not any(i.question_footnotes for i in items):
        # a numbered list at the end whose markers are nowhere: part of the last answer after all
        typed, note_paras = [], []
        items, problems = _read_body(parts.body, labels, set(), separated)
    if not items:
        problems.append(Problem("no-questions", "no numbered questions ('Vraag 1', '1.') after the cover letter"))

    cover, heading = _about(parts.cover), _about(parts.heading)
    to = (cover or {}).get("to") or (heading or {}).get("to")
    doc = Document(
        type=doc_type,
        askers=head.parse_askers((cover or heading or {}).get("persons", "")),
        addressees=head.parse_offices(to) if to else (),
        answered_by=head.signers(parts.signature),
        subject=_subject(heading) or _subject(cover),
        questions_sent_on=parse_letter_date(m.group("date")) if (m := _COVER.search(parts.cover)) else None,
        answered_on=_letter_date(parts.head),
        items=tuple(items),
        footnotes=_typed_footnotes(typed, prepared, note_paras) + _word_footnotes(prepared),
        problems=tuple(problems) + _note_problems(items, typed, prepared),
    )
    return enrich(doc)




# --- paragraphs and regions ------------------------------------------------------------------


def letter_paras(prepared: PreparedText) -> list[LetterPara]:
    """Non-empty paragraphs. Word lines are paragraphs already; layout lines (a PDF of the
    letter) are joined until a blank line or a label, hyphenated breaks rejoined."""
    paras: list[LetterPara] = []
    block = 0
    pending: list[str] = []
    start = 0

    def flush() -> None:
        if pending:
            paras.append(LetterPara(join_layout_lines(pending), start, block))
            pending.clear()

    for k, raw in enumerate(prepared.lines):
        line = raw.strip()
        if not line:
            flush()
            block += 1
            continue
        if prepared.reflowed:
            paras.append(LetterPara(line, k, block, k in prepared.emphasised))
            continue
        if _QUESTION_LABEL.match(line) or _ANSWER_LABEL.match(line):
            flush()
            paras.append(LetterPara(line, k, block))
            continue
        if _NOTE_LINE.match(line):
            flush()
        if not pending:
            start = k
        pending.append(line)
    flush()
    return paras


_NOTE_LINE = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}[.)])\s")
_URL_START = re.compile(r"[(\[<\"“]?(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/)", re.I)
_URL_PIECE = re.compile(r"^\S*[/.\-_=%?&#~\d]\S*")


def join_layout_lines(lines: list[str]) -> str:
    """Wrapped layout lines as one paragraph: a word broken with a hyphen is rejoined without
    it, a web address broken over lines is rejoined as printed, other lines get a space.

    >>> join_layout_lines(["de GroenLinks-PvdA-", "fractie vraagt www.vpro.nl/het-", "laatste.html en", "meer"])
    'de GroenLinks-PvdA-fractie vraagt www.vpro.nl/het-laatste.html en meer'
    """
    pieces = [lines[0]]
    in_url = False  # the previous line was itself the continuation of an address
    for nxt in lines[1:]:
        prev = pieces[-1]
        url = (in_url and " " not in prev) or bool(_URL_START.match(prev[prev.rfind(" ") + 1:]))
        in_url = url and (prev.endswith(("-", "/")) or bool(_URL_PIECE.match(nxt)))
        if in_url:
            pieces.append(nxt)
        elif prev[-2:-1].islower() and prev.endswith("-"):
            pieces[-1] = prev[:-1]
            pieces.append(nxt)
        elif prev[-2:-1].isupper() and prev.endswith("-"):  # "GroenLinks-PvdA-" + "fractie": a compound
            pieces.append(nxt)
        else:
            pieces.append(" " + nxt)
    return "".join(pieces)


def regions(prepared: PreparedText, paras: list[LetterPara]) -> Regions:
    """Finds the cover letter ("In antwoord op uw brief van"), the heading above the answers
    ("Antwoorden van/op ...") and the first question after them; what lies between the cover
    letter and the heading is the signature block, what lies before the cover the letterhead."""
    cover_at = next((k for k, p in enumerate(paras) if _COVER.search(p.text)), None)
    after = cover_at + 1 if cover_at is not None else 0
    numbered = not any(_QUESTION_LABEL.match(p.text) for p in paras[after:])
    heading_at = next((k for k in range(after, len(paras)) if _HEADING.match(paras[k].text)
                       and not _QUESTION_LABEL.match(paras[k].text)), None)
    first = next((k for k in range(after, len(paras)) if _first_question(paras[k].text, numbered)
                  and (heading_at is None or k > heading_at or not numbered)), len(paras))
    if heading_at is not None and heading_at > first:
        heading_at = None
    cover_end = cover_at + _block_size(paras, cover_at) if cover_at is not None else 0
    sign_end = heading_at if heading_at is not None else first
    return Regions(
        head=paras[:cover_at] if cover_at is not None else paras[:first],
        cover=_block_text(paras, cover_at) if cover_at is not None else "",
        # raw lines: in layout text the signer's name and the heading may share a paragraph
        signature=list(prepared.lines[_line_of(paras, cover_end, prepared):_line_of(paras, sign_end, prepared)]),
        heading=" ".join(p.text for p in paras[heading_at:first]) if heading_at is not None else "",
        body=paras[first:],
        numbered=numbered,
    )


def _line_of(paras: list[LetterPara], at: int, prepared: PreparedText) -> int:
    return paras[at].line if at < len(paras) else len(prepared.lines)


def _block_size(paras: list[LetterPara], at: int) -> int:
    size = 1
    while at + size < len(paras) and paras[at + size].block == paras[at].block:
        size += 1
    return size


def _block_text(paras: list[LetterPara], at: int) -> str:
    return " ".join(p.text for p in paras[at:at + _block_size(paras, at)])


def _about(text: str) -> dict[str, str] | None:
    m = _ABOUT.search(MARK_RE.sub("", text[:3000]))  # a cover sentence, not a whole letter
    return {k: v for k, v in m.groupdict().items() if v} if m else None


def _subject(about: dict[str, str] | None) -> str | None:
    if not about or "subject" not in about:
        return None
    subject = about["subject"]
    while (shorter := _SUBJECT_END.sub("", subject, count=1)) != subject:
        subject = shorter
    return subject.strip() or None


_DATUM = re.compile(r"^(?:Datum\b\s*:?|(?:Den\s+Haag|'s-Gravenhage),)\s*(?P<rest>.*)$", re.I)


def _letter_date(paras: list[LetterPara]) -> dt.date | None:
    """The letterhead's "Datum" (same line or the next) or "Den Haag, <date>"; None when the
    letter has none."""
    for k, p in enumerate(paras):
        m = _DATUM.match(p.text)
        if not m:
            continue
        date = parse_letter_date(m.group("rest")) if m.group("rest") else None
        if date is None and k + 1 < len(paras) and re.fullmatch(LETTER_DATE, paras[k + 1].text.strip()):
            date = parse_letter_date(paras[k + 1].text)
        if date:
            return date
    return None


# --- typed notes at the end ------------------------------------------------------------------


def _typed_notes_start(body: list[LetterPara], labels: list[Label | None]) -> int | None:
    """Where the numbered list of typed notes at the end of the body starts, if there is one."""
    last_label = max((k for k, label in enumerate(labels) if label), default=-1)
    last = labels[last_label] if last_label >= 0 else None
    # the last answer needs at least one paragraph, unless it stands on its label's line
    earliest = last_label + (1 if last and last[2].strip() else 2)
    texts = [p.text for p in body]
    first = len(texts)
    while first > earliest and starts_note(texts[first - 1]):
        first -= 1
    for start in range(first, len(texts)):
        if split_note_list(texts[start:]):
            return start
    return None


def _typed_footnotes(typed: list[tuple[int, str, int]], prepared: PreparedText,
                     note_paras: list[LetterPara]) -> tuple[Footnote, ...]:
    """Footnotes of series "typed"; a hyperlink on a note's line adds its target to the note."""
    notes: list[Footnote] = []
    for number, text, index in typed:
        line = note_paras[index].line
        urls = list(find_urls(text))
        urls.extend(link.url for link in prepared.links
                    if link.line == line and link.text in text and link.url not in urls)
        notes.append(Footnote(number, text or None, refs=find_refs(text), urls=tuple(urls), series="typed"))
    return tuple(notes)


def _word_footnotes(prepared: PreparedText) -> tuple[Footnote, ...]:
    return tuple(f if f.series else replace(f, series="word") for f in prepared.footnotes)


def _note_problems(items: list[Item], typed: list[tuple[int, str, int]],
                   prepared: PreparedText) -> tuple[Problem, ...]:
    cited = {n for i in items for n in i.question_footnotes}
    problems = [Problem("footnote-without-marker", f"typed note {n} is not cited in any question", f"note {n}")
                for n, _, _ in typed if n not in cited]
    problems.extend(Problem("footnote-without-text", f"Word footnote {f.number} has no text", f"footnote {f.number}")
                    for f in prepared.footnotes if not f.text)
    return tuple(problems)


# --- questions and answers -------------------------------------------------------------------


def _first_question(text: str, numbered: bool) -> bool:
    if numbered:
        m = _NUMBERED.match(text)
        return bool(m) and m is not None and m.group("n") == "1"
    return bool(_QUESTION_LABEL.match(text))


def _labels(body: list[LetterPara], numbered: bool) -> list[Label | None]:
    """The label each paragraph is, if any: "Vraag N" (or, in a letter without those, the next
    number of the sequence 1, 2, 3 ...), or an answer label (no numbers: the current question)."""
    labels: list[Label | None] = []
    expected = 1
    for p in body:
        q = _QUESTION_LABEL.match(p.text) if not numbered else None
        n = _NUMBERED.match(p.text) if numbered else None
        a = _ANSWER_LABEL.match(p.text)
        if q:
            labels.append(("q", (int(q.group("n")),), q.group("rest") or q.group("inline") or ""))
        elif n and int(n.group("n")) == expected:
            labels.append(("q", (expected,), n.group("rest")))
            expected += 1
        elif a:
            labels.append(("a", label_numbers(a.group("nums") or ""), a.group("rest") or a.group("inline") or ""))
        else:
            labels.append(None)
    return labels


def _read_body(body: list[LetterPara], labels: list[Label | None], typed: set[int],
               separated: set[int]) -> tuple[list[Item], list[Problem]]:
    """The items of the body (labels and the paragraphs under them) and what was odd; ``typed``
    are the numbers of the listed typed notes, ``separated`` those of notes the container
    separated without a series."""
    problems: list[Problem] = []
    items = _items(_sections(body, labels, problems), typed, typed | separated, problems)
    return items, problems


def _sections(body: list[LetterPara], labels: list[Label | None], problems: list[Problem]) -> list[Section]:
    """Cuts the body at the labels; a question followed by another question without an answer
    label between them, and answered by no label elsewhere, is split by wording (see
    _split_unlabelled)."""
    sections: list[Section] = []
    for p, label in zip(body, labels, strict=True):
        if label is None:
            if sections:
                sections[-1].paras.append(p)
            continue
        kind, numbers, rest = label
        if kind == "a" and not numbers:
            numbers = next((s.numbers for s in reversed(sections) if s.kind == "q"), ())
        sections.append(Section(kind, numbers))
        if rest.strip():
            sections[-1].paras.append(replace(p, text=rest.strip()))
    # a question whose answer is labelled further on (a grouped answer) keeps all its paragraphs
    labelled = {n for s in sections if s.kind == "a" for n in s.numbers}
    out: list[Section] = []
    for k, s in enumerate(sections):
        follows = sections[k + 1] if k + 1 < len(sections) else None
        if (s.kind == "q" and (follows is None or follows.kind == "q") and len(s.paras) > 1
                and s.numbers[0] not in labelled):
            question, answer = _split_unlabelled(s.paras)
            out.append(Section("q", s.numbers, question))
            if answer:
                out.append(Section("a", s.numbers, answer, labelled=False))
                problems.append(Problem("unlabelled-answer", f"the answer to question {s.numbers[0]} has no label",
                                        f"line {answer[0].line + 1}"))
        else:
            out.append(s)
    return out


def _clean_end(text: str) -> str:
    return re.sub(r"[\s\"'”’»)]+$", "", tidy(MARK_RE.sub("", re.sub(r"\[\d{1,3}\]|\d{1,3}\)\s*$", "", text))))


def _split_unlabelled(paras: list[LetterPara]) -> tuple[list[LetterPara], list[LetterPara]]:
    """Question paragraphs and answer paragraphs under one "Vraag N" label without an answer
    label: the question runs to its first paragraph ending in '?' and takes the next ones that
    also do (unless they open like an answer); the rest answers. Without any '?', the bold
    question style decides; failing that it is all question."""
    asks = [_clean_end(p.text).endswith("?") for p in paras]
    if True in asks:
        end = asks.index(True) + 1
        while end < len(paras) and asks[end] and not _ANSWER_START.match(paras[end].text):
            end += 1
        return paras[:end], paras[end:]
    if paras[0].emphasised and not all(p.emphasised for p in paras):
        end = next(k for k, p in enumerate(paras) if not p.emphasised)
        return paras[:end], paras[end:]
    return paras, []


def _items(sections: list[Section], typed: set[int], marked: set[int], problems: list[Problem]) -> list[Item]:
    """One item per question label; every question of an answer's label gets its text."""
    answers: dict[int, Section] = {}
    for s in sections:
        if s.kind != "a":
            continue
        for n in s.numbers:
            if n in answers and answers[n].labelled and not s.labelled:
                continue
            if n in answers:
                problems.append(Problem("answered-twice", f"question {n} has more than one answer", f"question {n}"))
            answers[n] = s
    asked = {n for s in sections if s.kind == "q" for n in s.numbers}
    for n in sorted(set(answers) - asked):
        problems.append(Problem("answer-without-question", f"an answer to question {n}, which is not in the letter",
                                f"answer {n}"))
    items: list[Item] = []
    for s in sections:
        if s.kind != "q":
            continue
        n = s.numbers[0]
        if items and n <= items[-1].number:
            problems.append(Problem("question-out-of-order", f"question {n} follows question {items[-1].number}",
                                    f"question {n}"))
        question, q_marks = _text(s.paras, typed, marked)
        answer_section = answers.get(n)
        answer, a_marks = _text(answer_section.paras, set(), marked) if answer_section else ("", ())
        group = answer_section.numbers if answer_section and len(answer_section.numbers) > 1 else ()
        if not answer_section:
            problems.append(Problem("unanswered", f"question {n} has no answer", f"question {n}"))
        items.append(Item(number=n, question=question, answer=answer or None, question_footnotes=numbers_of(q_marks),
                          answer_footnotes=numbers_of(a_marks), answer_group=group, question_marks=q_marks,
                          answer_marks=a_marks))
    return items


def _text(paras: list[LetterPara], typed: set[int], marked: set[int]) -> tuple[str, tuple[NoteMark, ...]]:
    """The paragraphs' text joined by blank lines, without note markers, and where the markers
    stood: Word footnote marks (series "word"), typed markers of the notes in ``typed`` (series
    "typed"), and marks without a series (superscripts) of the notes in ``marked`` (the
    container's notes, which the letter numbers as series "word")."""
    texts: list[str] = []
    marks: list[NoteMark] = []
    for p in paras:
        text = p.text
        if MARK_OPEN in text:  # a superscript number that is no listed note is plain text again
            text = MARK_RE.sub(lambda m: m.group(0) if m.group(1) or int(m.group(2)) in marked else m.group(2), text)
        explicit = [Marker(int(m.group(2)), m.start(), m.end(), m.group(1) or "word")
                    for m in MARK_RE.finditer(text)] if MARK_OPEN in text else []
        # typed markers are sought with the marks blanked out, so that positions still agree
        blanked = MARK_RE.sub(lambda m: " " * len(m.group()), text) if explicit else text
        found = sorted(explicit + ([Marker(n, a, b, "typed") for n, a, b in find_markers(blanked, typed)]
                                   if typed else []), key=lambda f: f.start)
        clean = remove_markers(text, [(f.number, f.start, f.end) for f in found])
        if clean:
            by = sum(len(t) + 2 for t in texts)
            marks.extend(shifted(places(text, found, clean), by))
            texts.append(clean)
    return "\n\n".join(texts), tuple(marks)
