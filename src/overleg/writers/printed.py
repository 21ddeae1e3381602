"""The printed layout of a document as HTML for a print engine (the ``pdf`` writer's input).

Reads: a ``Document``. Writes: an HTML string laid out like the official publication, styled by
``templates/print.css``: a Kamerstuk (report, list of questions) or an Aanhangsel van de
Handelingen (written questions). Nothing here is for the screen; ``writers.html`` is.

The wording the layout prints is the wording the readers look for, so that the PDF reads back
(``overleg.readers.pdf``, then the text parsers): "Nr. N" beside the document type in capitals,
"Vastgesteld <date>", "De voorzitter van de commissie,", "Vragen en opmerkingen van de leden van
de X-fractie", "N. Antwoord van het kabinet", "Volledige agenda"; for written questions "Vragen
van het lid X (P) aan de ... over ... (ingezonden D)", "Antwoord van ... (ontvangen D)",
"Vraag N" / "Antwoord N".

The model does not keep the introduction's text nor where a footnote marker stood: the
introduction is rebuilt from the committee, addressee, papers and dates, and an item's markers
are printed at the end of the question or answer that cites them (the footnote itself at the
foot of that page).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from html import escape

from overleg.extract.motions import mentions
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

TYPE_CAPS = {
    DocumentType.VERSLAG: "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    DocumentType.VERSLAG_NADER: "VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG",
    DocumentType.INBRENG: "INBRENG VOOR HET VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    DocumentType.LIJST: "LIJST VAN VRAGEN EN ANTWOORDEN",
}
ISSN = {"kst": "ISSN 0921 - 7371", "ah-tk": "ISSN 0921 - 7398"}


def dutch_date(d: dt.date | None) -> str:
    """'20 februari 2026'; '' for None."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else ""


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


def printed_dossier(number: str) -> str:
    """'21501-02' -> '21 501-02', '36800-V' -> '36 800 V': the dossier as the heading prints it."""
    main, _, sub = number.partition("-")
    if main.isdigit() and len(main) > 3:
        main = f"{main[:-3]} {main[-3:]}"
    if not sub:
        return main
    return f"{main}-{sub}" if sub.isdigit() else f"{main} {sub}"


def citation(ref: DocumentId) -> str:
    """A paper as the running text cites it ("Kamerstuk 21501-02, nr. 3346")."""
    if ref.kind == "kst" and ref.dossier:
        return f"Kamerstuk {ref.dossier}, nr. {ref.number}"
    if ref.kind == "ah-tk":
        year = str(ref).split("-")[2]
        return f"Aanhangsel Handelingen II {year[:4]}/{year[4:]}, nr. {ref.number}"
    return str(ref)


def _e(text: str) -> str:
    return escape(text, quote=True)


_PLACE = "\ue010"  # stands for a footnote marker while the text is cut and escaped
_KEEP = re.compile("(\\S+)(" + _PLACE + "+)")


def _paras(text: str, css: str = "", markers: Sequence[str] = (), tail: str = "") -> str:
    """One ``<p>`` per blank-line paragraph. ``markers`` (markup) replace the placeholders the
    text holds, in order; ``tail`` (markup: further footnote markers) ends the last paragraph."""
    cls = f' class="{css}"' if css else ""
    paras = [p for p in text.split("\n\n") if p.strip()] or [""]
    pending = iter([*markers, tail])
    out = []
    for k, para in enumerate(paras):
        body = _e(" ".join(para.split()))
        if k == len(paras) - 1 and tail:
            body += _PLACE
        if _PLACE in body:  # a marker never starts a line: it is kept with the word before it
            body = _KEEP.sub(r'<span class="bijeen">\1\2</span>', body)
            body = "".join(part if j == 0 else next(pending, "") + part for j, part in enumerate(body.split(_PLACE)))
        out.append(f"<p{cls}>{body}</p>")
    return "\n".join(out)


def _cited(doc: Document, item: Item, text: str, numbers: Sequence[int], notes: _Notes, css: str) -> str:
    """The paragraphs of an item's question or answer with its footnote markers.

    Where the text names a motion (``extract.motions.mentions``) that the model says the
    footnote gives the papers of, the marker follows the name as in the source ("de motie van
    het lid Bamenga¹"), so a reader finds the motion's papers again; other markers end the text.
    """
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
    return _paras(marked, css, [notes.marker(n) for n in ordered], notes.markers(rest))


def _gives_papers_of(doc: Document, item: Item, name: str, note: Footnote | None) -> bool:
    if note is None or not note.refs:
        return False
    return any(m.name.lower() == name.lower() and item.number in m.items and set(note.refs) <= set(m.refs)
               for m in doc.motions)


def _numbers(numbers: Sequence[int]) -> str:
    """'7', '7 en 8', '3, 4, 5 en 6'."""
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " en " + text[-1]


class _Notes:
    """Footnote markers; a footnote's text floats to the foot of the page of its first marker."""

    def __init__(self, footnotes: Iterable[Footnote]) -> None:
        self.by_number: dict[int, Footnote] = {}
        for note in footnotes:
            if note.number not in self.by_number or note.series is None:
                self.by_number[note.number] = note
        self.placed: set[int] = set()

    def markers(self, numbers: Sequence[int]) -> str:
        return "".join(self.marker(n) for n in numbers)

    def marker(self, number: int) -> str:
        out = f'<sup class="noot">{number}</sup>'
        note = self.by_number.get(number)
        if note is not None and number not in self.placed:
            self.placed.add(number)
            out += self.body(note)
        return out

    @staticmethod
    def body(note: Footnote) -> str:
        if note.text is None:  # a marker without a text in the source: the marker alone
            return ""
        text = " ".join(note.text.split())
        extra = " ".join(u for u in note.urls if u not in text)
        return (f'<span class="voetnoot" data-n="{note.number}"><sup class="nr">{note.number}</sup>'
                f"{_e((text + ' ' + extra).strip())}</span>")

    def rest(self) -> str:
        """Footnotes no item cites, printed at the foot of the last page."""
        return "".join(self.body(n) for n in self.by_number.values() if n.number not in self.placed)


# --- the parts of a Kamerstuk -----------------------------------------------------------------


def _head(doc: Document) -> str:
    year = session_year(doc)
    out = ['<div class="kamer"><span>Tweede Kamer der Staten-Generaal</span><span class="kamernr">2</span></div>']
    if year:
        out.append(f'<p class="vergaderjaar">Vergaderjaar {year}</p>')
    return "\n".join(out)


def _title_block(doc: Document) -> str:
    rows = []
    if doc.dossier:
        title = doc.dossier.title or doc.title or ""
        rows.append((printed_dossier(doc.dossier.number), title, "dossier"))
    kind = TYPE_CAPS.get(doc.type, doc.type.value.upper())
    rows.append((f"Nr. {doc.number}" if doc.number else "", kind, "soort"))
    if doc.date:
        rows.append(("", f"Vastgesteld {dutch_date(doc.date)}", "vastgesteld"))
    body = "\n".join(f'<tr class="{c}"><td class="links">{_e(a)}</td><td>{_e(b)}</td></tr>' for a, b, c in rows)
    return f'<table class="titel">\n{body}\n</table>'


def _intro(doc: Document) -> str:
    committee = doc.committee.name if doc.committee and doc.committee.name else None
    addressee = doc.addressee or "de regering"
    papers = [citation(r) for r in doc.subject_refs]
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
    html = "\n".join(f'<p class="inleiding">{_e(p)}</p>' for p in out)
    signatures = []
    if doc.committee and doc.committee.chair:
        signatures.append(("De voorzitter van de commissie,", doc.committee.chair))
    if doc.committee and doc.committee.clerk:
        signatures.append(("De griffier van de commissie,", doc.committee.clerk))
    for role, name in signatures:
        html += f'\n<p class="ondertekening">{_e(role)}<br>{_e(name)}</p>'
    return html


def _report_items(doc: Document, notes: _Notes) -> str:
    """Per faction its heading and preamble; per topic a heading; questions, then the answer
    indented under "N. Antwoord van het kabinet" (once for a group of questions)."""
    preambles = {f.name: f.preamble for f in doc.factions}
    out = ['<h2 class="deel">I Vragen en opmerkingen vanuit de fracties en reactie van het kabinet</h2>']
    faction: str | None = None
    topic: str | None = None
    first = True
    for k, item in enumerate(doc.items):
        if first or item.faction != faction:
            faction, topic = item.faction, None
            if faction:
                out.append(f'<h2 class="fractie">Vragen en opmerkingen van de leden van de {_e(faction)}-fractie</h2>')
                if preambles.get(faction):
                    out.append('<h3 class="onderwerp">Inleiding</h3>')
                    out.append(_paras(preambles[faction] or ""))
        if item.topic and item.topic != topic:
            out.append(f'<h3 class="onderwerp">{_e(item.topic)}</h3>')
        topic = item.topic or topic
        first = False
        out.append(_cited(doc, item, item.question, item.question_footnotes, notes, "vraag"))
        if item.answer is None or _later_in_group(doc.items, k):
            continue
        numbers = item.answer_group or (item.number,)
        out.append(f'<h4 class="antwoordkop">{_numbers(numbers)}. Antwoord van het kabinet</h4>')
        out.append(_cited(doc, item, item.answer, item.answer_footnotes, notes, "antwoord"))
    return "\n".join(out)


def _later_in_group(items: Sequence[Item], k: int) -> bool:
    """Whether the next item shares this item's answer (the answer is printed once, after it)."""
    group = items[k].answer_group
    return bool(group) and k + 1 < len(items) and items[k + 1].number in group and items[k + 1].answer_group == group


def _agenda(doc: Document) -> str:
    if not doc.agenda:
        return ""
    entries = "\n".join(f'<p class="agendapunt">–\u2002{_e(" ".join(a.text.split()))}</p>' for a in doc.agenda)
    return f'<h2 class="deel">II Volledige agenda</h2>\n{entries}'


# --- written questions (Aanhangsel) -----------------------------------------------------------


def _askers(doc: Document) -> str:
    names = [f"{a.name} ({a.party})" if a.party else a.name for a in doc.askers]
    if not names:
        return "het lid"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return ("het lid " if len(names) == 1 else "de leden ") + joined


def _offices(doc: Document) -> str:
    offices = list(doc.addressees) or ([doc.addressee] if doc.addressee else [])
    if not offices:
        return "de regering"
    return " en ".join(f"de {o}" for o in offices)


def _aanhangsel_head(doc: Document) -> str:
    out = [_head(doc), '<p class="aanhangsel">Aanhangsel van de Handelingen</p>',
           '<p class="aanhangsel-sub">Vragen gesteld door de leden der Kamer, met de daarop door de regering '
           "gegeven antwoorden</p>"]
    if doc.number:
        out.append(f'<p class="ah-nummer">{_e(doc.number)}</p>')
    sent = f" (ingezonden {dutch_date(doc.questions_sent_on)})" if doc.questions_sent_on else ""
    subject = doc.subject or doc.title or ""
    out.append(f'<p class="ah-vragen">Vragen van {_e(_askers(doc))} aan {_e(_offices(doc))} over '
               f"{_e(subject)}{_e(sent)}.</p>")
    if doc.answered_by or doc.answered_on:
        who = ""
        for name in doc.answered_by:
            who += (" en " if who else "") + name
        received = f" (ontvangen {dutch_date(doc.answered_on)})" if doc.answered_on else ""
        out.append(f'<p class="ah-antwoord">Antwoord van {_e(who or "de regering")}{_e(received)}</p>')
    return "\n".join(out)


def _numbered_items(doc: Document, notes: _Notes) -> str:
    """"Vraag N" with its question, "Antwoord N" with its answer (once for a group)."""
    out = []
    for k, item in enumerate(doc.items):
        out.append(f'<h3 class="vraagkop">Vraag {item.number}</h3>')
        out.append(_cited(doc, item, item.question, item.question_footnotes, notes, "ah-vraag"))
        if item.answer is None or _later_in_group(doc.items, k):
            continue
        numbers = item.answer_group or (item.number,)
        out.append(f'<h3 class="vraagkop">Antwoord {_numbers(numbers)}</h3>')
        out.append(_cited(doc, item, item.answer, item.answer_footnotes, notes, "ah-antwoord-tekst"))
    return "\n".join(out)


# --- the page ---------------------------------------------------------------------------------


def running_head(doc: Document) -> str:
    """The head of every page after the first ("Tweede Kamer, vergaderjaar 2025–2026, 21 501-02,
    nr. 3349")."""
    year = session_year(doc)
    parts = ["Tweede Kamer"] + ([f"vergaderjaar {year}"] if year else [])
    if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        parts.append("Aanhangsel")
    elif doc.dossier and doc.number:
        parts.append(f"{printed_dossier(doc.dossier.number)}, nr. {doc.number}")
    return ", ".join(parts)


def foot(doc: Document) -> tuple[str, str, str]:
    """The first page's foot: publication id, ISSN of the series, place and year."""
    kind = doc.id.kind if doc.id else ("ah-tk" if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN else "kst")
    when = doc.date or doc.answered_on or doc.questions_sent_on
    return (str(doc.id) if doc.id else "", ISSN.get(kind, ""), f"’s-Gravenhage {when.year}" if when else "")


def body(doc: Document) -> str:
    """The document's printed body (everything inside ``<body>``)."""
    notes = _Notes(doc.footnotes)
    if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN:
        parts = [_aanhangsel_head(doc), _numbered_items(doc, notes)]
    elif doc.type is DocumentType.LIJST:
        parts = [_head(doc), _title_block(doc), _intro(doc), _numbered_items(doc, notes)]
    else:
        parts = [_head(doc), _title_block(doc), _intro(doc), _report_items(doc, notes), _agenda(doc)]
    rest = notes.rest()
    if rest:
        parts.append(f'<p class="slot">{rest}</p>')
    return "\n".join(p for p in parts if p)
