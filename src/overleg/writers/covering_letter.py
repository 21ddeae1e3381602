"""The covering letter to the minister as DOCX and PDF (``model.letter.CoveringLetter``).

    letter_paragraphs(letter) -> list[Para]   the letter in reading order (kind: title, heading, label, text, note)
    to_docx(letter) -> bytes           python-docx, the paragraphs styled
    to_pdf(letter) -> bytes            Typst, the same paragraphs (needs the ``pdf`` extra)

The wording follows the letters committees send: the committee's questions "met het verzoek
deze vóór <answer deadline> te beantwoorden", the groups' questions under their headings with
their numbers, the footnotes after each question, and the clerk's signature.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.shared import Pt

from overleg.errors import UnsupportedFormat
from overleg.model.letter import CoveringLetter
from overleg.vocabulary.dates import dutch_date, dutch_moment
from overleg.writers.para import Para
from overleg.writers.printed import lit


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _salutation(letter: CoveringLetter) -> str:
    """"Geachte minister," (the first word of each addressee's title, once each)."""
    offices = list(dict.fromkeys(t.split()[0].lower() for t in letter.addressees if t.split()))
    return f"Geachte {' en '.join(offices) or 'heer, mevrouw'},"


def letter_paragraphs(letter: CoveringLetter) -> list[Para]:
    """The letter as paragraphs in reading order."""
    about = f" over {letter.subject}" if letter.subject else ""
    due = (f", met het verzoek deze vóór {dutch_moment(letter.answer_deadline)} te beantwoorden"
           if letter.answer_deadline else "")
    count = letter.question_count
    out = [Para("Tweede Kamer der Staten-Generaal", "title"),
           Para(letter.committee[0].upper() + letter.committee[1:], "heading"),
           Para("Aan de " + _joined(list(letter.addressees))),
           Para(f"Datum {dutch_date(letter.sent_on)}"),
           Para(f"Betreft Schriftelijk overleg{about}"),
           Para(f"Kenmerk {letter.consultation_id}"),
           Para(_salutation(letter)),
           Para(f"Hierbij zend ik u namens de {letter.committee} de {count} "
                f"{'vraag' if count == 1 else 'vragen'} en opmerkingen van de fracties in het schriftelijk "
                f"overleg{about}{due}.")]
    for group in letter.groups:
        out.append(Para(f"Vragen en opmerkingen van de leden van de {group.name}-fractie", "heading"))
        topic = None
        for q in group.questions:
            if q.topic and q.topic != topic:
                out.append(Para(q.topic, "label"))
            topic = q.topic
            marks = "".join(f" [{n.number}]" for n in q.notes)
            out.append(Para(f"{q.number}. {q.text}{marks}"))
            out += [Para(" ".join([f"[{n.number}]", *([n.text] if n.text else []),
                                   *(u for u in n.urls if u not in n.text)]), "note") for n in q.notes]
    out += [Para("De griffier van de commissie,"), Para(letter.clerk or "")]
    return out


def to_docx(letter: CoveringLetter) -> bytes:
    """The letter as a .docx package: headings bold, notes smaller and indented."""
    word = new_document()
    style = word.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for para in letter_paragraphs(letter):
        p = word.add_paragraph()
        run = p.add_run(para.text)
        run.bold = para.kind in ("title", "heading", "label") or None
        if para.kind == "note":
            run.font.size = Pt(9)
            p.paragraph_format.left_indent = Pt(18)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


_STYLE = """#set document(title: "Brief aan de regering", author: "Tweede Kamer der Staten-Generaal")
#set page(paper: "a4", margin: (top: 26mm, bottom: 24mm, left: 28mm, right: 22mm))
#set text(font: "DejaVu Serif", size: 10pt, lang: "nl", hyphenate: false)
#set par(leading: 0.6em, spacing: 1.2em)
"""

_WRAP = {"title": '#text(font: "DejaVu Sans", size: 13pt, weight: "bold")[{}]',
         "heading": '#block(above: 6mm, text(font: "DejaVu Sans", weight: "bold")[{}])',
         "label": '#text(style: "italic", weight: "bold")[{}]',
         "note": "#pad(left: 6mm, text(size: 8pt)[{}])"}


def letter_source(letter: CoveringLetter) -> str:
    """The Typst source of the letter; all text goes in as string literals, never as markup."""
    body = [_WRAP.get(p.kind, "{}").format(lit(p.text)) for p in letter_paragraphs(letter)]
    return _STYLE + "\n\n".join(body) + "\n"


def to_pdf(letter: CoveringLetter) -> bytes:
    """The letter as PDF bytes."""
    try:
        import typst
    except ImportError:
        raise UnsupportedFormat("writing pdf needs Typst: pip install 'overleg[pdf]'") from None
    return bytes(typst.compile(letter_source(letter).encode("utf-8")))
