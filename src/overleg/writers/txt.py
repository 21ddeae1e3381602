"""Plain text in the layout of the published papers, one paragraph per line.

    write(doc) -> str
      paragraphs(doc) -> list[Para]   (writers/para.py; shared with the docx writer)

The layout follows the printed reports (heading, introduction, signatures, per-group parts,
topics, "N. Antwoord van het kabinet", "Volledige agenda", notes) and, for written questions,
the Aanhangsel ("Vragen van het lid ...", "Vraag N" / "Antwoord N"); written questions with two
numberings of notes or without a publication take the ministry letter layout (writers/letter.py).
Footnote markers are glued where the model's ``NoteMark``s place them, as the printed reports
glue them; a document without marks (stored before they were kept, or made by hand) has them
guessed: after the last words of the passage that cites them (see docs/writers.md). The opening
paragraphs, the clerk's title and the answer part's heading are printed as the model keeps
them, else rebuilt. The notes are listed at the end, one "N text" line each, where the text
reader finds notes moved off their pages.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import islice

from overleg.extract.motions import mentions
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item, NoteMark
from overleg.model.table import CELL_SEPARATOR
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_LINES
from overleg.vocabulary.markers import mark, marker_candidates
from overleg.writers import answer_letter, letter
from overleg.writers.para import Para, glue

# the end of a word: letters, then up to two closing marks, then a space or the end
_WORD_END = re.compile(r"[^\W\d_][.,;:?!)’”'\"\]]{0,2}(?=\s|$)")
_WINDOW = 40  # characters before a marker that decide whether it reads as one


def citation(ref: DocumentId) -> str:
    """A paper as the reports cite it: 'Kamerstuk 21501-02, nr. 3346'."""
    if ref.kind == "kst":
        return f"Kamerstuk {ref.dossier}, nr. {ref.number}"
    if ref.kind == "stcrt":
        return f"Stcrt. {str(ref).split('-')[1]}, {ref.number}"
    year = str(ref).split("-")[2]
    where = "Aanhangsel Handelingen" if ref.kind == "ah-tk" else "Handelingen"
    return f"{where}, vergaderjaar {year[:4]}–{year[4:]}, nr. {ref.number}"


def _passage(text: str, kind: str, notes: tuple[int, ...], doc: Document,
             marks: tuple[NoteMark, ...] = ()) -> list[Para]:
    """A model text as paragraphs, with its markers placed: where ``marks`` put them, else guessed."""
    blocks = text.split("\n\n")
    placed = marks_by_block(blocks, marks) if marks else place_markers(blocks, notes, doc)
    return [Para(b, kind, at) for b, at in zip(blocks, placed, strict=True)]


def marks_by_block(blocks: list[str], marks: tuple[NoteMark, ...]) -> list[tuple[tuple[int, int], ...]]:
    """The marks of a text split at its blank lines: (offset, number) per block, in order. A
    mark in the blank line between two blocks (a hand-made model) ends the block before it."""
    placed: list[list[tuple[int, int]]] = [[] for _ in blocks]
    starts, at = [], 0
    for b in blocks:
        starts.append(at)
        at += len(b) + 2
    for note in sorted(marks, key=lambda m: m.at):
        k = max(0, bisect.bisect_right(starts, note.at) - 1)
        placed[k].append((min(note.at - starts[k], len(blocks[k])), note.number))
    return [tuple(p) for p in placed]


def _heading(doc: Document) -> list[Para]:
    out: list[Para] = []
    if doc.dossier is not None:  # a paper of several dossiers prints a line for each, as published
        for dossier in (doc.dossier, *doc.other_dossiers):
            out.append(Para(" ".join(p for p in (dossier.number, dossier.title) if p), "title"))
    if doc.type in TYPE_LINES:
        number = f"Nr. {doc.number} " if doc.number else ""
        out.append(Para(number + TYPE_LINES[doc.type], "title"))
    if doc.date is not None:
        out.append(Para(f"Vastgesteld {dutch_date(doc.date)}", "title"))
    if doc.title is not None and doc.dossier is None:
        out.append(Para(doc.title, "title"))
    return out


def _signatures(doc: Document) -> list[Para]:
    """The chair's and the clerk's signatures, the clerk under the title printed ("Griffier")."""
    committee = doc.committee
    out: list[Para] = []
    if committee is not None and committee.chair:
        out += [Para("De voorzitter van de commissie,"), Para(committee.chair)]
    if committee is not None and committee.clerk:
        title = committee.clerk_title or "Griffier"
        out += [Para(f"{title} van de commissie,"), Para(committee.clerk)]
    return out


def _introduction(doc: Document) -> list[Para]:
    if doc.opening:
        return [Para(p) for p in doc.opening] + _signatures(doc)
    out: list[Para] = []
    committee = doc.committee
    if (committee is not None and committee.name) or doc.addressee or doc.subject_refs:
        who = f"De {committee.name}" if committee is not None and committee.name else "De commissie"
        sentence = f"{who} heeft een aantal vragen en opmerkingen voorgelegd"
        if doc.addressee:
            sentence += f" aan de {doc.addressee}"
        if doc.subject_refs:
            papers = [_paper(ref, doc) for ref in doc.subject_refs]
            listed = papers[0] if len(papers) == 1 else ", ".join(papers[:-1]) + " en " + papers[-1]
            sentence += f" over {listed}"
        out.append(Para(sentence + "."))
    dates: list[str] = []
    if doc.questions_sent_on is not None:
        to = f" aan de {doc.addressee}" if doc.addressee else ""
        dates.append(f"De vragen zijn op {dutch_date(doc.questions_sent_on)}{to} voorgelegd.")
    if doc.answered_on is not None:
        dates.append(f"Bij brief van {dutch_date(doc.answered_on)} zijn de vragen beantwoord.")
    if dates:
        out.append(Para(" ".join(dates)))
    return out + _signatures(doc)


def _paper(ref: DocumentId, doc: Document) -> str:
    """A subject paper as the introduction names it: its description when the model has one."""
    described = next((p.description for p in doc.subject_papers if p.ref == ref and p.description), None)
    return f"de {described} ({citation(ref)})" if described else f"het stuk ({citation(ref)})"


def _answer_label(item: Item, doc: Document) -> str:
    group = item.answer_group
    if len(group) > 1:
        return f"{' en '.join([', '.join(str(n) for n in group[:-1]), str(group[-1])])}. Antwoord van het kabinet"
    return f"{item.number}. Antwoord van het kabinet"


def _report_body(doc: Document) -> list[Para]:
    heading = doc.answer_heading or "Vragen en opmerkingen vanuit de fracties en reactie van de minister"
    out: list[Para] = [Para(heading, "heading")]
    preambles = {f.name: f for f in doc.factions}
    faction: str | None = None
    topic: str | None = None
    started = False
    written_groups: set[tuple[int, ...]] = set()
    for item in doc.items:
        if not started or item.faction != faction:
            started, faction, topic = True, item.faction, None
            if faction is not None:
                out.append(Para(f"Vragen en opmerkingen van de leden van de {faction}-fractie", "heading"))
                group = preambles.pop(faction, None)
                if group is not None and group.preamble:
                    # "Inleiding" ends at the next heading; before an item without a topic the
                    # reader takes a one-paragraph opening that reads as one for the preamble
                    if item.topic is not None:
                        out.append(Para("Inleiding", "heading"))
                    out += _passage(group.preamble, "text", (), doc, group.preamble_marks)
        if item.topic != topic and item.topic is not None:
            out.append(Para(item.topic, "heading"))
        topic = item.topic
        question = item.question
        if doc.type is DocumentType.INBRENG and item.answer is None:
            question = f"{item.number}. {question}"  # an inbreng numbers its question passages
        q_marks = item.question_marks
        if question is not item.question:
            q_marks = tuple(NoteMark(m.at + len(question) - len(item.question), m.number, m.series) for m in q_marks)
        out += _passage(question, "text", item.question_footnotes, doc, q_marks)
        grouped = len(item.answer_group) > 1
        if item.answer is not None and (not grouped or item.number == item.answer_group[-1]):
            key = item.answer_group if grouped else (item.number,)
            if key not in written_groups:
                written_groups.add(key)
                out.append(Para(_answer_label(item, doc), "label"))
                out += _passage(item.answer, "answer", item.answer_footnotes, doc, item.answer_marks)
    return out


def _agenda(doc: Document) -> list[Para]:
    if not doc.agenda:
        return []
    return [Para("Volledige agenda", "heading")] + [Para(f"- {entry.text}") for entry in doc.agenda]


def _aanhangsel(doc: Document) -> list[Para]:
    """The Aanhangsel van de Handelingen: heading, "Vraag N" / "Antwoord N" (grouped answers
    once, under "Antwoord 3, 4 en 5"); markers on lines of their own after their paragraph,
    as text extracted from the printed PDF has them."""
    out: list[Para] = [Para("Tweede Kamer der Staten-Generaal", "title")]
    if doc.id is not None and doc.id.kind == "ah-tk":
        year = str(doc.id).split("-")[2]
        out.append(Para(f"Vergaderjaar {year[:4]}–{year[4:]}", "title"))
    out.append(Para("Aanhangsel van de Handelingen", "title"))
    if doc.number:
        out.append(Para(doc.number, "title"))
    askers = " en ".join(f"{a.name} ({a.party})" if a.party else a.name for a in doc.askers)
    member = "de leden" if len(doc.askers) > 1 else "het lid"
    head = f"Vragen van {member} {askers}" if askers else "Vragen"
    if doc.addressees:
        head += " aan de " + " en de ".join(doc.addressees)
    elif doc.addressee:
        head += f" aan de {doc.addressee}"
    if doc.subject:
        head += f" over {doc.subject}"
    if doc.questions_sent_on is not None:
        head += f" (ingezonden {dutch_date(doc.questions_sent_on)})"
    out.append(Para(head + "."))
    if doc.answered_by or doc.answered_on is not None:
        answer = "Antwoord van " + " en ".join(doc.answered_by) if doc.answered_by else "Antwoord"
        if doc.answered_on is not None:
            answer += f" (ontvangen {dutch_date(doc.answered_on)})"
        out.append(Para(answer + "."))
    return out + _qa_blocks(doc)


def _notice(doc: Document) -> list[Para]:
    """A notice that the answers come later (``readers/text/notice.py``), as the Aanhangsel
    prints it: the page's heading when it has an Aanhangsel id, "Mededeling van ... (ontvangen
    ...)", then the notice's own paragraphs as printed (``opening``)."""
    out: list[Para] = [Para("Tweede Kamer der Staten-Generaal", "title")]
    if doc.id is not None and doc.id.kind == "ah-tk":
        year = str(doc.id).split("-")[2]
        out += [Para(f"Vergaderjaar {year[:4]}–{year[4:]}", "title"), Para("Aanhangsel van de Handelingen", "title")]
        if doc.number:
            out.append(Para(doc.number, "title"))
    head = "Mededeling van " + (" en ".join(doc.answered_by) if doc.answered_by else "de regering")
    if doc.date is not None:
        head += f" (ontvangen {dutch_date(doc.date)})"
    return [*out, Para(head + "."), *(Para(text) for text in doc.opening)]


def _qa_blocks(doc: Document) -> list[Para]:
    """ "Vraag N" / "Antwoord N" blocks; a shared answer once, after the last question of its group."""
    out: list[Para] = []
    written: set[tuple[int, ...]] = set()
    for item in doc.items:
        out.append(Para(f"Vraag {item.number}", "label"))
        out += _alone(item.question, "text", item.question_footnotes, item.question_marks)
        group = item.answer_group if len(item.answer_group) > 1 else (item.number,)
        if item.answer is None or group in written or item.number != group[-1]:
            continue
        written.add(group)
        numbers = [str(n) for n in group]
        label = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " en " + numbers[-1]
        out.append(Para(f"Antwoord {label}", "label"))
        out += _alone(item.answer, "answer", item.answer_footnotes, item.answer_marks)
    return out


def _lijst(doc: Document) -> list[Para]:
    """A list of questions and answers: the Kamerstuk heading, the committee's introduction and
    signatures, then "Vraag N" / "Antwoord N" blocks as in the Aanhangsel."""
    out = _heading(doc)
    committee = doc.committee
    who = f"De {committee.name}" if committee is not None and committee.name else "De commissie"
    intro = f"{who} heeft een aantal vragen voorgelegd"
    if doc.addressee:
        intro += f" aan de {doc.addressee}"
    if doc.subject_refs:
        intro += " over " + " en ".join(f"het stuk ({citation(ref)})" for ref in doc.subject_refs)
    sentences = [intro + "."]
    if doc.questions_sent_on is not None:
        sentences.append(f"De vragen zijn op {dutch_date(doc.questions_sent_on)} voorgelegd.")
    if doc.answered_on is not None:
        sentences.append(f"Deze vragen zijn beantwoord bij brief van {dutch_date(doc.answered_on)}.")
    if doc.opening:
        out += [Para(p) for p in doc.opening]
    else:
        out.append(Para(" ".join(sentences)))
    return out + _signatures(doc) + _qa_blocks(doc)


def _alone(text: str, kind: str, notes: tuple[int, ...], marks: tuple[NoteMark, ...] = ()) -> list[Para]:
    """A model text as paragraphs: the markers in superscript where the marks place them, as
    printed (a number glued to "NIS2" or "2022" would not read back as one);
    without marks, on lines of their own after the last paragraph, as text extracted from the
    printed PDF has them."""
    blocks = text.split("\n\n")
    last = len(blocks) - 1
    if marks:
        return [Para(b, kind, at, superscript=True)
                for b, at in zip(blocks, marks_by_block(blocks, marks), strict=True)]
    return [Para(b, kind, tuple((len(b), n) for n in notes) if k == last else (), own_lines=True)
            for k, b in enumerate(blocks)]


def _notes(footnotes: tuple[Footnote, ...]) -> list[Para]:
    """One "N text" paragraph per note; URLs not printed in the text follow it (the reader
    takes URLs out of a note's text)."""
    out = []
    for f in footnotes:
        urls = [u for u in f.urls if u not in (f.text or "")]
        out.append(Para(" ".join([str(f.number), *([f.text] if f.text else []), *urls]), "note"))
    return out


def paragraphs(doc: Document) -> list[Para]:
    """The document as paragraphs in reading order, notes last."""
    if letter.needs_letter(doc):
        return letter.letter_layout(doc)
    if doc.type is DocumentType.MEDEDELING_UITSTEL:
        body = _notice(doc)
    elif doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        body = _aanhangsel(doc)
    elif answer_letter.is_answer_letter(doc):  # a body's letter (the Algemene Rekenkamer)
        body = answer_letter.head(doc) + _qa_blocks(doc)
    elif doc.type is DocumentType.LIJST:
        body = _lijst(doc)
    else:
        body = _heading(doc) + _introduction(doc) + _report_body(doc) + _agenda(doc)
    return body + _notes(doc.footnotes)


def _word_ends(text: str) -> Iterator[int]:
    """Places, last first, where a glued number reads as a marker: after a word's letters and at
    most two closing punctuation marks, as the printed reports glue them."""
    ends = [m.end() for m in _WORD_END.finditer(text)]
    return (at for at in reversed(ends) if _reads_as_marker(text, at))


def _reads_as_marker(text: str, at: int) -> bool:
    """Whether a number glued at ``at`` is a marker candidate the text reader accepts there
    (the reader looks at the word before the number only, so a window around it suffices)."""
    start = max(0, at - _WINDOW)
    start = text.find(" ", start) + 1 if start else 0  # a whole word in the window
    probe = text[start:at] + "7" + text[at:at + 2]
    k = at - start
    return any(c.start == k and c.end == k + 1 and c.number == 7 for c in marker_candidates(probe))


def place_markers(blocks: list[str], notes: tuple[int, ...], doc: Document) -> list[tuple[tuple[int, int], ...]]:
    """Where each footnote marker of a passage goes: (offset, number) per block, in order.

    The model does not keep where a marker stood. A note with papers that a motion of the
    document was published as goes after that motion's name, the next time it is named (so the
    reader finds the motion's paper again); the others go after the last words of the passage,
    one word each (two numbers glued together would read as one number).
    """
    placed: list[list[tuple[int, int]]] = [[] for _ in blocks]
    if not notes:
        return [()] * len(blocks)
    by_number = {f.number: f for f in doc.footnotes if f.series is None}
    motion_refs: dict[str, set[DocumentId]] = {}  # a name may be several motions (one per paper): all their papers
    for m in doc.motions:
        motion_refs.setdefault(m.name.lower(), set()).update(m.refs)
    k, pos, rest = 0, 0, list(notes)
    pending: list[int] = []  # notes before the next motion note, glued to the words before it
    for number in notes:
        note = by_number.get(number)
        hit = _motion_spot(blocks, k, pos, set(note.refs), motion_refs) if note is not None and note.refs else None
        if hit is None:
            pending.append(number)
            continue
        j, at = hit
        candidates = (e for e in _word_ends(blocks[j])
                      if e < at and (j > k or e > pos) and not _names_motion(blocks[j], e))
        room = list(islice(candidates, len(pending)))[::-1]
        if len(room) < len(pending):
            break
        placed[j].extend(zip(room, pending, strict=True))
        placed[j].append((at, number))
        k, pos = hit
        rest = rest[len(pending) + 1:]
        pending = []
    if rest:
        last = len(blocks) - 1
        spots = (at for at in _word_ends(blocks[last])
                 if (k < last or at > pos) and not _names_motion(blocks[last], at))
        tail = list(islice(spots, len(rest)))[::-1]
        if len(tail) < len(rest):  # too few words: the passage's first markers glue at the end
            tail = [len(blocks[last])] * (len(rest) - len(tail)) + tail
        placed[last].extend(zip(tail, rest, strict=True))
    return [tuple(p) for p in placed]


def _motion_spot(blocks: list[str], k: int, pos: int, refs: set[DocumentId],
                 motion_refs: dict[str, set[DocumentId]]) -> tuple[int, int] | None:
    """The first place at or after (block k, offset pos) right after the name of a motion
    published as (among others) the papers ``refs``, with no paper cited inline."""
    for j in range(k, len(blocks)):
        for mention in mentions(blocks[j]):
            if (j == k and mention.end <= pos) or mention.refs:
                continue
            if refs <= motion_refs.get(mention.name.lower(), set()) and _reads_as_marker(blocks[j], mention.end):
                return j, mention.end
    return None


def _names_motion(text: str, at: int) -> bool:
    """Whether a marker at ``at`` would read as the paper of a motion named just before it, or
    break a motion's name apart."""
    marked = mentions(text[:at] + mark(9999) + text[at:])
    return any(m.note == 9999 for m in marked) or [m.name for m in marked] != [m.name for m in mentions(text)]


def write(doc: Document) -> str:
    """The document as plain text: one paragraph per line, paragraphs separated by blank lines."""
    paras = paragraphs(doc)
    if doc.type in (DocumentType.SCHRIFTELIJKE_VRAGEN, DocumentType.LIJST):
        # the notes of an Aanhangsel run on, one per line: a note whose text starts in lower
        # case is told from a line of text by following the note before it
        body = [p for p in paras if p.kind != "note"]
        notes = "\n".join(glue(p) for p in paras if p.kind == "note")
        return _untabbed("\n\n".join([*(glue(p) for p in body), *([notes] if notes else [])]) + "\n")
    return _untabbed("\n\n".join(glue(p) for p in paras) + "\n")


def _untabbed(text: str) -> str:
    """A table's rows as printed lines: its cells a space apart (an empty cell leaves two), as
    text taken from a PDF has them; the text reader finds the table again by its figures."""
    return text.replace(CELL_SEPARATOR, " ")
