"""The printed layout of a document as Typst markup (the ``pdf`` writer's input).

Reads: a ``Document``. Writes: the body of a Typst document laid out like the official
publication, to be set with ``templates/print.typ`` (page, fonts, furniture): a Kamerstuk
(report, list of questions) or an Aanhangsel van de Handelingen (written questions); written
questions the Aanhangsel cannot carry (``letter.needs_letter``: two numberings of notes, or no
publication) in the ministry letter layout of ``writers.letter``, as the txt writer. All text
from the model goes in as Typst string literals (``#"..."``), so nothing in it is read as markup.

The wording the layout prints is the wording the readers look for, so that the PDF reads back
(``overleg.readers.pdf``, then the text parsers): "Nr. N" beside the document type in capitals,
"Vastgesteld <date>", "De voorzitter van de commissie,", "Vragen en opmerkingen van de leden van
de X-fractie", "N. Antwoord van het kabinet", "Volledige agenda"; for written questions "Vragen
van het lid X (P) aan de ... over ... (ingezonden D)", "Antwoord van ... (ontvangen D)",
"Vraag N" / "Antwoord N".

What the model keeps as printed is printed so: the opening paragraphs (``Document.opening``),
the clerk's title, the heading of the question-and-answer part, and every footnote marker at
its place (``NoteMark``: right after the first ``at`` characters of a question, answer or
preamble; the footnote itself at the foot of that page). A document that does not keep them
(older stored documents, hand-made ones) gets today's fallbacks: the introduction rebuilt from
the committee, addressee, papers and dates, "De griffier van de commissie,", "reactie van het
kabinet", and an item's markers at the end of the question or answer that cites them.

A URL a note keeps but does not print (a link's target in the source) is a link on the note's
last word (``note_body``), which the PDF reader reads back into the note's ``urls``.

Every page carries a line naming where the authentic version is (``authentic_line``); the
PDF reader drops it as page furniture.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from overleg.extract.motions import mentions
from overleg.extract.urls import link_target
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item, NoteMark
from overleg.model.table import CELL_SEPARATOR, ROW_SEPARATOR, table_of
from overleg.vocabulary.citations import house_style, printed_dossier
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.document_types import TYPE_LINES
from overleg.writers import answer_homes, answer_letter, letter, txt
from overleg.writers.para import Para

STYLE = (Path(__file__).parent / "templates" / "print.typ").read_text(encoding="utf-8")

# The printed title block gives the inbreng its formal title; the txt writer keeps the short
# form many papers print (the readers recognise both).
TYPE_CAPS = {**TYPE_LINES, DocumentType.INBRENG: "INBRENG VOOR HET VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"}
ISSN = {"kst": "ISSN 0921 - 7371", "ah-tk": "ISSN 0921 - 7398"}


def session_year(doc: Document) -> str | None:
    """The parliamentary year ("2025–2026"): from an Aanhangsel id, else from the document's
    date; a year starts on the third Tuesday of September (Prinsjesdag)."""
    if doc.id is not None and doc.id.kind == "ah-tk":
        year = str(doc.id).split("-")[2]
        return f"{year[:4]}–{year[4:]}"
    when = doc.date or doc.answered_on or doc.questions_sent_on
    if when is None:
        return None
    first = dt.date(when.year, 9, 1)
    prinsjesdag = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)
    start = when.year if when >= prinsjesdag else when.year - 1
    return f"{start}–{start + 1}"


def printed_citation(ref: DocumentId) -> str:
    """A paper as the running text cites it ("Kamerstuk 21501-02, nr. 3346")."""
    if ref.kind == "kst" and ref.dossier:
        return f"Kamerstuk {ref.dossier}, nr. {ref.number}"
    if ref.kind == "ah-tk":
        year = str(ref).split("-")[2]
        return f"Aanhangsel Handelingen II {year[:4]}/{year[4:]}, nr. {ref.number}"
    return str(ref)


# Control characters have no glyph and no place in a Typst string literal; models read from
# documents never hold them, generated or hand-edited ones might.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def lit(text: str) -> str:
    """Text as a Typst string literal in markup: shown exactly, never read as markup."""
    text = _CONTROL.sub("\ufffd", text)
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table_lines(text: str) -> str:
    """A table paragraph (``overleg.model.table``) as its rows, one printed line each, cells a
    space apart: the PDF reads back as text taken from a PDF, whose reader finds the table by
    its figures."""
    return ROW_SEPARATOR.join(_one_line(row.replace(CELL_SEPARATOR, " ")) for row in text.split(ROW_SEPARATOR))


def _table_body(para: str, markers: Sequence[str]) -> str:
    """The rows of a table paragraph, a forced line break between them; each row gets the
    markers of its placeholders."""
    rows = []
    queued = list(markers)
    for row in para.split(ROW_SEPARATOR):
        count = row.count(_PLACE)
        rows.append(_paragraph(row, queued[:count]))
        queued = queued[count:]
    return " #linebreak() ".join(rows)


_PLACE = "\ue010"  # stands for a footnote marker while a text is cut into words

# Where a line may not break, so that the PDF reads back as the model has it. Typst breaks a
# line after a hyphen, dash or slash, and at any space; a reader cannot tell "EU-⏎sanctie-
# taskforce" from a word hyphenated at the line's end ("EU- sanctietaskforce", "Kruis- en" read
# as "Kruisen"), takes a line opening with a dash for a list entry, and a short line ending a
# sentence for the end of a paragraph ("routekaart.⏎Cryptocommunicatie", when the long word did
# not fit). So a word with such a sign inside is set unbroken, and a word ending a sentence or
# in a hyphen, or a lone dash, stays on the line of the word after it. A run longer than
# ``_LONGEST_UNBROKEN`` characters (a URL) may still break: unbroken it would leave the column.
_SIGN = re.compile(r"[-‐–—/]")
_GLUES = re.compile(r"(?:[.?!:;][’'”»)\]]*|[-‐–—])$")
_LONGEST_UNBROKEN = 40


def _glued(word: str, following: str) -> bool:
    return bool(_GLUES.search(word)) or following in ("-", "–", "—")


def _words(text: str, attached: bool = False) -> str:
    """Text as markup: string literals, with the runs of words that must not break boxed (see
    ``_SIGN`` and ``_GLUES``); a space after a box is a markup space (see ``_paragraph``).
    ``attached``: the text goes on right after a marker, its first word is not boxed."""
    words = text.split(" ")
    out: list[str] = []
    plain: list[str] = []
    k = 0
    if attached and words:
        plain.append(words[0])
        k = 1
    while k < len(words):
        end = k
        while end + 1 < len(words) and words[end + 1] and _glued(words[end], words[end + 1]):
            end += 1
        run = " ".join(words[k : end + 1])
        if words[k] and (end > k or _SIGN.search(run)) and len(run) <= _LONGEST_UNBROKEN:
            if plain:
                out.append(lit(" ".join(plain) + " "))
                plain = []
            out.append(f"#box[{lit(run)}]")
            if end + 1 < len(words):
                out.append(" ")
                if end + 2 == len(words) and not words[-1]:
                    break  # the text's closing space is the markup space just set
        else:
            plain.extend(words[k : end + 1])
        k = end + 1
    if plain or not out:
        out.append(lit(" ".join(plain)))
    return "".join(out)


def _paragraph(text: str, markers: Sequence[str]) -> str:
    """One paragraph with its markers (markup) at the placeholders. The word before a marker
    is boxed with it, so a marker never starts a line; a space after a box is a markup space
    (at the start of the next string Typst would set it without width)."""
    pieces = text.split(_PLACE)
    queued = iter(markers)
    out: list[str] = []
    for k, piece in enumerate(pieces):
        attached = k > 0 and not piece.startswith(" ")  # goes on right after the marker: ", en op"
        if k > 0 and piece.startswith(" "):
            out.append(" ")
            piece = piece.lstrip(" ")
        if k == len(pieces) - 1:
            if piece:
                out.append(_words(piece, attached))
            break
        before, space, word = piece.rpartition(" ")
        if space:
            out.append(_words(before + space, attached))
        out.append(f"#box[{lit(word) if word else ''}{next(queued, '')}]")
    return "".join(out)


def _paras(text: str, style: str = "", markers: Sequence[str] = (), tail: str = "") -> str:
    """One paragraph per blank-line paragraph of the text, each ``#style[...]`` when a style is
    given. ``markers`` (markup) replace the placeholders, in order; ``tail`` (markup) ends the
    last paragraph."""
    paras = [_table_lines(p) if table_of(p) else _one_line(p) for p in text.split("\n\n") if p.strip()] or [""]
    if tail:
        paras[-1] += _PLACE
    queued = list(markers) + ([tail] if tail else [])
    out = []
    for para in paras:
        count = para.count(_PLACE)
        mine, queued = queued[:count], queued[count:]
        body = _table_body(para, mine) if ROW_SEPARATOR in para else _paragraph(para, mine)
        out.append(f"#{style}[{body}]" if style else body)
    return "\n\n".join(out)


def _placed(text: str, marks: Sequence[NoteMark], numbers: Sequence[int], notes: _Notes, style: str = "") -> str:
    """The paragraphs of a text with each marker where the model says it stood (``NoteMark.at``,
    counted in the text as kept); a footnote the text cites but no mark places ends the text."""
    ordered = sorted(marks, key=lambda m: m.at)  # stable: markers at one place keep their order
    marked = text
    for m in reversed(ordered):
        at = max(0, min(m.at, len(text)))
        marked = marked[:at] + _PLACE + marked[at:]
    placed = {m.number for m in ordered}
    rest = [n for n in numbers if n not in placed]
    return _paras(marked, style, [notes.marker(m.number, m.series) for m in ordered], notes.markers(rest))


def _cited(doc: Document, item: Item, text: str, numbers: Sequence[int], notes: _Notes, style: str,
           marks: Sequence[NoteMark] = ()) -> str:
    """The paragraphs of an item's question or answer with its footnote markers.

    With ``marks``, each marker stands where it was printed (``_placed``). Without them (a
    document that does not keep where they stood):

    Where the text names a motion (``extract.motions.mentions``) that the model says the
    footnote gives the papers of, the marker follows the name as in the source ("de motie van
    het lid Bamenga¹"), so a reader finds the motion's papers again; other markers end the text.
    """
    if marks:
        return _placed(text, marks, numbers, notes, style)
    spots: list[tuple[int, int]] = []
    rest = list(numbers)
    if doc.motions and rest:
        for mention in mentions(text):
            number = next((n for n in rest if _gives_papers_of(doc, item, mention.name, notes.by_number.get(n))), None)
            if number is not None:
                spots.append((mention.end, number))
                rest.remove(number)
    marked = text
    for end, _ in sorted(spots, reverse=True):
        marked = marked[:end] + _PLACE + marked[end:]
    ordered = [n for _, n in sorted(spots)]
    return _paras(marked, style, [notes.marker(n) for n in ordered], notes.markers(rest))


def _gives_papers_of(doc: Document, item: Item, name: str, note: Footnote | None) -> bool:
    if note is None or not note.refs:
        return False
    return any(m.name.lower() == name.lower() and item.number in m.items and set(note.refs) <= set(m.refs)
               for m in doc.motions)


def _numbers(numbers: Sequence[int]) -> str:
    """'7', '7 en 8', '3, 4, 5 en 6'."""
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " en " + text[-1]


def note_body(note: Footnote) -> str:
    """A note's text as markup. A URL the model keeps but the text does not print (the target
    of a link in the source) is a link on the text's last word, one word per URL from the end,
    as the official papers link a cited article's title: printed after the text it would read
    back as part of it, and the PDF reader takes a link's target on a note's line for the
    note's ``urls``. A URL that may not be a link target (``extract.urls.link_target``), or
    one more than the words, is printed after the text."""
    text = _one_line(note.text or "")
    unprinted = [u for u in note.urls if u not in text]
    words = text.split(" ") if text else []
    linked = [(u, t) for u in unprinted if (t := link_target(u)) is not None][: len(words)]
    shown = [u for u in unprinted if u not in {u for u, _ in linked}]
    if not linked:
        return _words(" ".join([text, *shown]).strip())
    head = words[: len(words) - len(linked)]
    links = [f"#link({lit(target)[1:]})[{lit(word)}]"
             for (_, target), word in zip(linked, words[len(head):], strict=True)]
    return " ".join([*([_words(" ".join(head))] if head else []), *links, *(lit(u) for u in shown)])


class _Notes:
    """Footnote markers. A footnote's text goes to the foot of the page of its first marker
    (Typst's ``footnote``, its counter set so it shows the model's number); later markers and
    markers of a footnote without text are a bare superscript number."""

    def __init__(self, footnotes: Iterable[Footnote]) -> None:
        self.by_number: dict[int, Footnote] = {}
        self.by_series: dict[tuple[int, str | None], Footnote] = {}
        for note in footnotes:
            if note.number not in self.by_number or note.series is None:
                self.by_number[note.number] = note
            self.by_series.setdefault((note.number, note.series), note)
        self.placed: set[int] = set()

    def markers(self, numbers: Sequence[int]) -> str:
        return "".join(self.marker(n) for n in numbers)

    def marker(self, number: int, series: str | None = None) -> str:
        """A number is printed once, as a footnote; a mark that names its series takes that
        series' note, else the unnamed series' (or the first)."""
        note = self.by_series.get((number, series)) or self.by_number.get(number)
        if note is None or note.text is None or number in self.placed:
            return f"#super[{number}]"
        self.placed.add(number)
        return f"#counter(footnote).update({number - 1})#footnote[{note_body(note)}]"

    def rest(self) -> str:
        """Footnotes no item cites, at the foot of the last page."""
        return "".join(self.marker(n.number) for n in self.by_number.values()
                       if n.number not in self.placed and n.text is not None)


# --- the parts of a Kamerstuk -----------------------------------------------------------------


def _year(doc: Document) -> str:
    year = session_year(doc)
    return f"Vergaderjaar {year}" if year else ""


def _title_block(doc: Document) -> str:
    """The chamber's mark; under it, each row over the whole width as the official page 1: the
    parliamentary year; the dossier number in the margin column beside the dossier's title;
    "Nr. N" beside the document type in capitals; "Vastgesteld <date>" in the text column."""
    rows = ["#kamer()", f"#vergaderjaar[{lit(_year(doc))}][]"]
    if doc.dossier:  # a paper of several dossiers prints each; the rule closes the last
        dossiers = (doc.dossier, *doc.other_dossiers)
        for k, dossier in enumerate(dossiers):
            title = dossier.title or (doc.title if k == 0 else None) or ""
            rule = "true" if k == len(dossiers) - 1 else "false"
            rows.append(f"#marge([*{lit(printed_dossier(dossier.number))}*], [*{lit(title)}*], rule: {rule})")
    kind = TYPE_CAPS.get(doc.type, doc.type.value.upper())
    rows.append(f"#marge([*{lit(f'Nr. {doc.number}' if doc.number else '')}*], [*{lit(kind)}*])")
    if doc.date:
        rows.append(f"#marge([], [{lit('Vastgesteld ' + dutch_date(doc.date))}])")
    return "\n".join(rows) + "\n#titel-einde()"


def _intro(doc: Document) -> str:
    """The opening paragraphs as printed (``Document.opening``), else rebuilt from the model;
    then the signatures, the clerk under the title printed ("Adjunct-griffier van de
    commissie,")."""
    out = [_one_line(p) for p in doc.opening if p.strip()] or _rebuilt_intro(doc)
    parts = [lit(p) for p in out]
    if doc.committee and doc.committee.chair:
        parts.append(f"#ondertekening[{lit('De voorzitter van de commissie,')}][{lit(doc.committee.chair)}]")
    if doc.committee and doc.committee.clerk:
        title = doc.committee.clerk_title
        role = f"{title} van de commissie," if title else "De griffier van de commissie,"
        parts.append(f"#ondertekening[{lit(role)}][{lit(doc.committee.clerk)}]")
    return "\n\n".join(parts)


def _rebuilt_intro(doc: Document) -> list[str]:
    committee = doc.committee.name if doc.committee and doc.committee.name else None
    addressee = doc.addressee or "de regering"
    papers = [printed_citation(r) for r in doc.subject_refs]
    out = []
    if committee:
        about = f" over de volgende stukken: {'; '.join(papers)}" if papers else ""
        out.append(f"De {committee} heeft een aantal vragen en opmerkingen voorgelegd aan de {addressee}{about}.")
    sent = [f"De vragen zijn op {dutch_date(doc.questions_sent_on)} aan de {addressee} voorgelegd."] \
        if doc.questions_sent_on else []
    if doc.answered_on:
        sent.append(f"Bij brief van {dutch_date(doc.answered_on)} zijn de vragen beantwoord.")
    if sent:
        out.append(" ".join(sent))
    return out


def _report_items(doc: Document, notes: _Notes) -> str:
    """The part's heading as printed (else "I ... reactie van het kabinet"); per faction its
    heading and preamble; per topic a heading; questions, then the answer indented under
    "N. Antwoord van het kabinet" (once for a group of questions)."""
    factions = {f.name: f for f in doc.factions}
    heading = doc.answer_heading or "I Vragen en opmerkingen vanuit de fracties en reactie van het kabinet"
    out = [f"#deel[{lit(heading)}]"]
    faction: str | None = None
    topic: str | None = None
    first = True
    homes = answer_homes(doc.items)
    for k, item in enumerate(doc.items):
        if first or item.faction != faction:
            faction, topic = item.faction, None
            if faction:
                out.append(f"#fractie[{lit(f'Vragen en opmerkingen van de leden van de {faction}-fractie')}]")
                group = factions.get(faction)
                if group is not None and group.preamble:
                    out.append(f"#onderwerp[{lit('Inleiding')}]")
                    cited = [m.number for m in group.preamble_marks]
                    out.append(_placed(group.preamble, group.preamble_marks, cited, notes))
        if item.topic and item.topic != topic:
            out.append(f"#onderwerp[{lit(item.topic)}]")
        topic = item.topic or topic
        first = False
        out.append(_cited(doc, item, item.question, item.question_footnotes, notes, "", item.question_marks))
        if item.answer is None or homes[k] != k:  # a shared answer: once, after its group's last question
            continue
        numbers = item.answer_group or (item.number,)
        answer = _cited(doc, item, item.answer, item.answer_footnotes, notes, "", item.answer_marks)
        out.append(f"#antwoord[{lit(f'{_numbers(numbers)}. Antwoord van het kabinet')}][\n{answer}\n]")
    return "\n\n".join(out)


def _agenda(doc: Document) -> str:
    if not doc.agenda:
        return ""
    entries = "\n".join(f"#agendapunt[{lit(_one_line(a.text))}]" for a in doc.agenda)
    return f"#deel[{lit('II Volledige agenda')}]\n{entries}"


# --- written questions (Aanhangsel) -----------------------------------------------------------


def _askers(doc: Document) -> str:
    """The askers as markup, their names bold as the official heading prints them: "het lid
    *Klaver* (GroenLinks-PvdA)", "de leden *A* (P), *B* (Q) en *C*"."""
    names = [f"#strong[{lit(a.name)}]" + (lit(f" ({a.party})") if a.party else "") for a in doc.askers]
    if not names:
        return lit("het lid")
    joined = names[0] if len(names) == 1 else lit(", ").join(names[:-1]) + lit(" en ") + names[-1]
    return lit("het lid " if len(names) == 1 else "de leden ") + joined


def _offices(doc: Document) -> str:
    offices = list(doc.addressees) or ([doc.addressee] if doc.addressee else [])
    if not offices:
        return "de regering"
    return " en ".join(f"de {o}" for o in offices)


def _aanhangsel_head(doc: Document) -> str:
    """The chamber's mark, the year beside "Aanhangsel van de Handelingen", its subtitle, the
    number large, the questions' and the answer's heading lines."""
    sub = "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden"
    out = ["#kamer()", f"#vergaderjaar[{lit(_year(doc))}][*{lit('Aanhangsel van de Handelingen')}*]",
           f"#aanhangsel[{lit(sub)}]"]
    if doc.number:
        out.append(f"#ahnummer[{lit(doc.number)}]")
    sent = f" (ingezonden {dutch_date(doc.questions_sent_on)})" if doc.questions_sent_on else ""
    subject = doc.subject or doc.title or ""
    about = lit(f" aan {_offices(doc)} over ") + (f"#emph[{lit(subject)}]" if subject else "") + lit(f"{sent}.")
    out.append(f"#ahkop[{lit('Vragen van ')}{_askers(doc)}{about}]")
    if doc.answered_by or doc.answered_on:
        who = " en ".join(doc.answered_by) or "de regering"
        received = f" (ontvangen {dutch_date(doc.answered_on)})" if doc.answered_on else ""
        out.append(f"#ahkop[{lit(f'Antwoord van {who}{received}')}]")
    return "\n\n".join(out)


def _numbered_items(doc: Document, notes: _Notes) -> str:
    """"Vraag N" with its question, "Antwoord N" with its answer (once for a group)."""
    out = []
    homes = answer_homes(doc.items)
    for k, item in enumerate(doc.items):
        out.append(f"#vraagkop[{lit(f'Vraag {item.number}')}]")
        out.append(_cited(doc, item, item.question, item.question_footnotes, notes, "", item.question_marks))
        if item.answer is None or homes[k] != k:  # a shared answer: once, after its group's last question
            continue
        numbers = item.answer_group or (item.number,)
        out.append(f"#vraagkop[{lit(f'Antwoord {_numbers(numbers)}')}]")
        out.append(_cited(doc, item, item.answer, item.answer_footnotes, notes, "", item.answer_marks))
    return "\n\n".join(out)


# --- a ministry's answer letter ---------------------------------------------------------------


_LETTER_STYLES = {"title": "briefdatum", "heading": "briefkop", "label": "vraagkop"}


def _is_letter(doc: Document) -> bool:
    """A letter rather than a paper of the Kamer: a ministry's answers the Aanhangsel cannot
    carry, or a body's answers to a committee (the Algemene Rekenkamer)."""
    return letter.needs_letter(doc) or answer_letter.is_answer_letter(doc)


def _letter(doc: Document, paras: list[Para]) -> str:
    """Written questions the Aanhangsel cannot carry (``letter.needs_letter``: two numberings
    of notes, or no publication) in the letter layout the txt writer prints
    (``letter.letter_layout``) and the letter reader reads: date, cover letter, signature,
    the questions' heading, "Vraag N" / "Antwoord op vraag N", the typed notes' markers "[N]"
    in the text and their "N) text" list at the end in the body's size (smaller lines at a
    page's foot would read as its footnotes); the letter's own notes (series "word") are real
    footnotes at their markers. A paragraph is kept on one page (``heel``): the letter reader
    takes the gap a page break leaves for the end of a paragraph. A body's answers to a
    committee (``answer_letter``) come in the same way, in the txt writer's paragraphs."""
    notes = _Notes(f for f in doc.footnotes if f.series != "typed")
    out = []
    for para in paras:
        if para.kind == "note":
            continue
        marked = para.text
        for at, _ in reversed(para.marks):
            at = max(0, min(at, len(marked)))
            marked = marked[:at] + _PLACE + marked[at:]
        style = _LETTER_STYLES.get(para.kind)
        body = _paras(marked, "" if style else "heel", [notes.marker(n) for _, n in para.marks])
        out.append(f"#{style}[{body}]" if style else body)
    rest = notes.rest()
    return "\n\n".join(out + ([rest] if rest else []))


# --- the document -----------------------------------------------------------------------------


def running_foot(doc: Document) -> str:
    """The foot of every page, beside its number ("Tweede Kamer, vergaderjaar 2025–2026,
    21 501-02, nr. 3349"); none without a year (the page number alone), as readers know the
    running foot by its year. A ministry's letter is no paper of the Kamer: none."""
    year = session_year(doc)
    if year is None or _is_letter(doc):
        return ""
    parts = ["Tweede Kamer", f"vergaderjaar {year}"]
    if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        parts.append("Aanhangsel")
    elif doc.dossier and doc.number:
        parts.append(f"{printed_dossier(doc.dossier.number)}, nr. {doc.number}")
    return ", ".join(parts)


def foot(doc: Document) -> tuple[str, str, str]:
    """The first page's foot: publication id, ISSN of the series, place and year (a ministry's
    letter, no paper of the Kamer, only its id if it has one)."""
    if _is_letter(doc):
        return (str(doc.id) if doc.id else "", "", "")
    kind = doc.id.kind if doc.id else ("ah-tk" if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN else "kst")
    when = doc.date or doc.answered_on or doc.questions_sent_on
    return (str(doc.id) if doc.id else "", ISSN.get(kind, ""), f"’s-Gravenhage {when.year}" if when else "")


def authentic_line(doc: Document) -> str:
    """Where the authentic version is, printed on every page: overleg's PDF is a rendering, the
    publication of the Tweede Kamer is the authentic text. A paper with an official id names it
    in the house style; a report made in overleg (no id yet) names the Kamer's publication."""
    if doc.id is not None:
        return ("Dit is geen authentieke publicatie. De authentieke versie staat op "
                f"officielebekendmakingen.nl ({house_style(doc.id)}).")
    return "Gemaakt met overleg; dit is geen authentieke publicatie. De authentieke versie is de publicatie " \
        "van de Tweede Kamer."


def body(doc: Document) -> str:
    """The document's printed body: Typst markup using the functions of ``print.typ``."""
    if letter.needs_letter(doc):
        return _letter(doc, letter.letter_layout(doc))
    if answer_letter.is_answer_letter(doc):
        return _letter(doc, txt.paragraphs(doc))
    notes = _Notes(doc.footnotes)
    if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        parts = [_aanhangsel_head(doc), _numbered_items(doc, notes)]
    elif doc.type is DocumentType.LIJST:
        parts = [_title_block(doc), _intro(doc), _numbered_items(doc, notes)]
    else:
        parts = [_title_block(doc), _intro(doc), _report_items(doc, notes), _agenda(doc)]
    rest = notes.rest()
    if rest:
        parts.append(rest)
    return "\n\n".join(p for p in parts if p)


def document(doc: Document) -> str:
    """The whole Typst source: the settings with this document's furniture, then the body."""
    foot_id, issn, place = foot(doc)
    title = str(doc.id) if doc.id else (doc.title or doc.type.value)
    furniture = (("running-foot", running_foot(doc)), ("foot-id", foot_id), ("foot-issn", issn),
                 ("foot-place", place), ("doc-title", title), ("authentic", authentic_line(doc)))
    lets = "".join(f"#let {name} = {lit(value)[1:]}\n" for name, value in furniture)
    return f"{lets}{STYLE}\n{body(doc)}\n"
