"""Written questions in the layout of a ministry's answer letter, for documents the Aanhangsel
layout cannot carry.

    needs_letter(doc) -> bool
    letter_layout(doc) -> list[Para]   (the txt and docx writers print them)

The Aanhangsel has one numbering of notes and a heading that needs its publication's parts; a
letter as a ministry sends it (read by ``readers/text/letter.py``) has two numberings: notes
typed into the quoted questions (series "typed", markers "[N]" in the question, a "N) text" list
at the end) and the letter's own footnotes (series "word": real Word footnotes in docx; in txt
markers on lines of their own after their paragraph and "N text" lines at the very end, as the
text reader finds notes moved off their pages). Where the model places the markers
(``NoteMark``), "[N]" stands at its place and a Word note's marker in superscript at its place
("bericht?³"). Layout:

    Datum 18 oktober 2023                                        when answered_on is known
    Documentnummer 2024D12345 / Uw kenmerk 2023Z14759 / Ons kenmerk 4980892   its identifiers
    In antwoord op uw brief van 7 september 2023 deel ik u mede dat de vragen van het lid X (P)
    aan de minister van ... over ... worden beantwoord zoals aangegeven in de bijlage bij deze brief.
    De minister van Justitie en Veiligheid, / Yeşilgöz-Zegerius   one pair per answered_by
    Vragen van het lid X (P) aan de minister van ... over ... (ingezonden D).
    Vraag 1 / ... / Antwoord op vraag 1 / ...                    "Antwoord op vragen 3 en 8" once
    1) typed note ...
"""

from __future__ import annotations

import bisect
import re

from overleg.model import Asker, Document, DocumentType, Footnote, NoteMark
from overleg.model.identity import KENMERK, TK_DOCUMENT, ZAAK
from overleg.vocabulary.dates import dutch_date
from overleg.vocabulary.portfolios import PORTFOLIOS
from overleg.writers.para import Para

# "Minister Yeşilgöz-Zegerius (Justitie en Veiligheid)", the form the readers give answered_by
_SIGNER = re.compile(r"^(?P<role>Minister|Staatssecretaris)\s+(?P<name>.+?)\s+\((?P<portfolio>[^()]+)\)$")


_NUMBER_LABELS = {TK_DOCUMENT: "Documentnummer", ZAAK: "Uw kenmerk", KENMERK: "Ons kenmerk"}


def identifier_lines(doc: Document) -> list[Para]:
    """The letter head's numbers ("Ons kenmerk 4980892"), printed as model/identity.py finds them."""
    return [Para(f"{_NUMBER_LABELS[kind]} {identifier.removeprefix(kind)}")
            for kind in _NUMBER_LABELS for identifier in doc.identifiers if identifier.startswith(kind)]


def needs_letter(doc: Document) -> bool:
    """Whether written questions need the letter layout: notes of a named series (the
    Aanhangsel has one numbering, series None), or nothing of a publication (no id, no number:
    a letter as the ministry sent it, whose heading fields the Aanhangsel heading cannot all
    carry, e.g. askers without addressees or answerers without an answer date)."""
    if doc.type is not DocumentType.SCHRIFTELIJKE_VRAGEN:
        return False
    return any(f.series is not None for f in doc.footnotes) or (doc.id is None and doc.number is None)


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _askers(askers: tuple[Asker, ...]) -> str:
    """"de leden Mutluer, Lahlah (GroenLinks-PvdA) en Boswijk (CDA)": a party once, after the
    last of a run of members of that party (the reader gives it to every name since the last)."""
    runs: list[tuple[str | None, list[str]]] = []
    for a in askers:
        if runs and runs[-1][0] == a.party:
            runs[-1][1].append(a.name)
        else:
            runs.append((a.party, [a.name]))
    names = [", ".join(names) + (f" ({party})" if party else "") for party, names in runs]
    member = "de leden" if len(askers) > 1 else "het lid"
    return f"{member} {_joined(names)}"


def _about(doc: Document) -> str:
    """"van het lid X (P) aan de minister van A en de minister van B over S"."""
    text = "van " + _askers(doc.askers) if doc.askers else "van de Kamer"
    if doc.addressees:
        text += " aan de " + " en de ".join(o[0].lower() + o[1:] for o in doc.addressees)
    if doc.subject:
        text += f" over {doc.subject}"
    return text


def _signature(doc: Document) -> list[Para]:
    out: list[Para] = []
    for signer in doc.answered_by:
        m = _SIGNER.match(signer)
        if m is None:
            continue
        portfolio = m.group("portfolio")
        prep = PORTFOLIOS.get(portfolio, "van")
        out += [Para(f"De {m.group('role').lower()} {prep} {portfolio},"), Para(m.group("name"))]
    return out


def _head(doc: Document) -> list[Para]:
    out: list[Para] = []
    if doc.answered_on is not None:
        out.append(Para(f"Datum {dutch_date(doc.answered_on)}", "title"))
    out += identifier_lines(doc)
    if doc.questions_sent_on is not None:
        out.append(Para(f"In antwoord op uw brief van {dutch_date(doc.questions_sent_on)} deel ik u mede dat de "
                        f"vragen {_about(doc)} worden beantwoord zoals aangegeven in de bijlage bij deze brief."))
    out += _signature(doc)
    sent = f" (ingezonden {dutch_date(doc.questions_sent_on)})" if doc.questions_sent_on is not None else ""
    out.append(Para(f"Vragen {_about(doc)}{sent}.", "heading"))
    return out


def _typed_numbers(doc: Document) -> set[int]:
    return {f.number for f in doc.footnotes if f.series == "typed"}


def _placed(text: str, kind: str, marks: tuple[NoteMark, ...]) -> list[Para]:
    """A model text as paragraphs with its markers where the marks place them: typed notes as
    "[N]" in the text, Word notes as superscript markers."""
    blocks = text.split("\n\n")
    starts, at = [], 0
    for b in blocks:
        starts.append(at)
        at += len(b) + 2
    per_block: list[list[NoteMark]] = [[] for _ in blocks]
    for note in sorted(marks, key=lambda m: m.at):
        k = max(0, bisect.bisect_right(starts, note.at) - 1)
        per_block[k].append(NoteMark(min(note.at - starts[k], len(blocks[k])), note.number, note.series))
    out = []
    for b, notes in zip(blocks, per_block, strict=True):
        pieces, word, last, grown = [], [], 0, 0
        for note in notes:
            pieces.append(b[last:note.at])
            last = note.at
            if note.series == "typed":
                pieces.append(f"[{note.number}]")
                grown += len(pieces[-1])
            else:
                word.append((note.at + grown, note.number))
        pieces.append(b[last:])
        out.append(Para("".join(pieces), kind, tuple(word), superscript=True))
    return out


def _text(text: str, kind: str, typed: list[int], word: list[int]) -> list[Para]:
    """A model text as paragraphs: typed markers "[N]" and Word notes after the last one."""
    blocks = text.split("\n\n")
    last = len(blocks) - 1
    blocks[last] += "".join(f"[{n}]" for n in typed)
    return [Para(b, kind, tuple((len(b), n) for n in word) if k == last else (), own_lines=True)
            for k, b in enumerate(blocks)]


def _items(doc: Document) -> list[Para]:
    typed = _typed_numbers(doc)
    out: list[Para] = []
    written: set[tuple[int, ...]] = set()
    for item in doc.items:
        out.append(Para(f"Vraag {item.number}", "label"))
        q_typed = [n for n in item.question_footnotes if n in typed]
        q_word = [n for n in item.question_footnotes if n not in typed]
        out += _placed(item.question, "text", item.question_marks) if item.question_marks \
            else _text(item.question, "text", q_typed, q_word)
        group = item.answer_group if len(item.answer_group) > 1 else (item.number,)
        if item.answer is None or group in written or item.number != group[-1]:
            continue
        written.add(group)
        label = "vraag" if len(group) == 1 else "vragen"
        out.append(Para(f"Antwoord op {label} {_joined([str(n) for n in group])}", "label"))
        out += _placed(item.answer, "answer", item.answer_marks) if item.answer_marks \
            else _text(item.answer, "answer", [], list(item.answer_footnotes))
    return out


def _typed_list(notes: list[Footnote]) -> list[Para]:
    return [Para(f"{f.number}) {f.text or ''}".rstrip(), "typed") for f in notes]


def letter_layout(doc: Document) -> list[Para]:
    """The letter as paragraphs in reading order: head, questions and answers, the typed notes,
    then the letter's own notes as "N text" paragraphs (kind "note")."""
    typed = [f for f in doc.footnotes if f.series == "typed"]
    word = [f for f in doc.footnotes if f.series != "typed"]
    notes = [Para(" ".join([str(f.number), *([f.text] if f.text else []),
                            *(u for u in f.urls if u not in (f.text or ""))]), "note") for f in word]
    return _head(doc) + _items(doc) + _typed_list(typed) + notes

