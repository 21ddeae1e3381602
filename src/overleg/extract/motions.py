"""Motions cited in a document, with the papers they were published as.

A motion is cited by its movers' names: "motie van het lid Bamenga", "motie Piri",
"motie-Teunissen c.s.", "motie Hoogeveen/Ceulemans", "motie van de leden Stoffer en Ceder"
(named "Stoffer/Ceder"). Its paper is cited right after the name, in brackets
("motie Piri (Kamerstuk 23432, nr. 620)") or in the footnote whose marker follows the name
("motie van het lid Bamenga1" with note 1 "Kamerstuk 36 180 nr. 190").

>>> [(m.name, m.end) for m in mentions("in lijn met de motie van het lid Bamenga en de motie-Teunissen c.s.")]
[('Bamenga', 40), ('Teunissen', 67)]
>>> [m.name for m in mentions("motie van de leden Stoffer en Ceder, motie Hoogeveen/Ceulemans en motie Van der Plas")]
['Stoffer/Ceder', 'Hoogeveen/Ceulemans', 'Van der Plas']
>>> [m.name for m in mentions("een motie van de Partij voor de Dieren; de aangenomen moties van de Kamer")]
[]
>>> [(m.name, [str(r) for r in m.refs]) for m in mentions("de motie Piri (Kamerstuk 23432, nr. 620) om")]
[('Piri', ['kst-23432-620'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from overleg.extract.references import find_refs
from overleg.model import Document, DocumentId, Footnote, Motion
from overleg.vocabulary.markers import MARK_CLOSE, MARK_OPEN, MARK_SEP

_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Ii]n\s+['’]t|['’]t)"
_SURNAME = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)*"
_NAME = r"(?:" + _PARTICLE + r"\s+)*" + _SURNAME
_NAMES = _NAME + r"(?:\s*(?:,|\ben\b|/)\s*" + _NAME + r")*"
_MOTION = re.compile(
    r"\b[Mm]oties?(?:"
    r"\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<members>" + _NAMES + r")"
    r"|\s+van\s+(?P<van>(?:(?:der|den|de|ter|ten)\s+)?" + _SURNAME + r")"
    r"|[\s-]+(?P<plain>" + _NAME + r"(?:\s*/\s*" + _NAME + r")*)"
    r")(?P<cs>\s+c\.\s?s\.?)?"
)
_MOTION_WORD = re.compile(r"[Mm]otie")
_NOT_NAMES = {"partij", "kamer", "tweede", "eerste", "europese", "raad", "commissie", "staten", "regering", "minister",
              "verenigde", "nederland", "nederlandse", "eu"}
_AFTER = re.compile(r"^[.,;:]?\s?(?:" + MARK_OPEN + r"[a-z]*" + MARK_SEP + r"(?P<mark>\d{1,4})" + MARK_CLOSE
                    + r"|\((?P<cite>[^()]{4,120})\))")


@dataclass(frozen=True)
class Mention:
    """One citation of a motion in a text: the name, where it ends, the papers cited inline and
    the footnote whose marker follows it."""

    name: str
    end: int
    refs: tuple[DocumentId, ...] = ()
    note: int | None = None


def _name(m: re.Match[str]) -> str | None:
    if m.group("members"):
        parts = re.split(r"\s*(?:,|\ben\b|/)\s*", m.group("members"))
    elif m.group("van"):
        van = m.group("van")
        parts = [("Van " + van) if van[0].islower() else van]
    else:
        parts = re.split(r"\s*/\s*", m.group("plain"))
    parts = [p.strip() for p in parts if p.strip()]
    if not parts or any(p.split()[-1].lower() in _NOT_NAMES for p in parts):
        return None
    return "/".join(p[0].upper() + p[1:] for p in parts)


def mentions(text: str) -> list[Mention]:
    """Every motion named in the text (which may hold footnote marks), in order."""
    out: list[Mention] = []
    if "otie" not in text:
        return out
    for hit in _MOTION_WORD.finditer(text):  # the full pattern only where the word stands
        m = _MOTION.match(text, hit.start())
        if m is None:
            continue
        name = _name(m)
        if name is None:
            continue
        after = _AFTER.match(text[m.end():m.end() + 130])
        refs: tuple[DocumentId, ...] = ()
        note = None
        if after and after.group("cite"):
            refs = find_refs(after.group("cite"))
        elif after and after.group("mark"):
            note = int(after.group("mark"))
        out.append(Mention(name, m.end(), refs, note))
    return out


def merge(motions: Iterable[Motion]) -> tuple[Motion, ...]:
    """One Motion per name (compared without case), refs and items united, first-seen order."""
    by_name: dict[str, Motion] = {}
    for motion in motions:
        key = motion.name.lower()
        old = by_name.get(key)
        if old is None:
            by_name[key] = Motion(motion.name, tuple(dict.fromkeys(motion.refs)), tuple(sorted(set(motion.items))))
        else:
            by_name[key] = Motion(old.name, tuple(dict.fromkeys((*old.refs, *motion.refs))),
                                  tuple(sorted(set(old.items) | set(motion.items))))
    return tuple(by_name.values())


def from_marked(texts: Sequence[tuple[int | None, str]], notes: Sequence[Footnote]) -> tuple[Motion, ...]:
    """Motions in texts that still hold footnote marks, for readers: (item number, text) pairs."""
    by_number = {n.number: n for n in notes}
    found = []
    for item, text in texts:
        for mention in mentions(text):
            refs = mention.refs
            if mention.note is not None and mention.note in by_number:
                refs = by_number[mention.note].refs
            found.append(Motion(mention.name, refs, (item,) if item is not None else ()))
    return merge(found)


def find_motions(doc: Document, search_items: bool = True) -> tuple[Motion, ...]:
    """The motions a reader found, united with those named in the items' and footnotes' text.

    Works on any Document: items' text has no marks, so only inline citations give papers there;
    a footnote that names a motion gives its own papers, and the items citing that footnote.
    ``search_items=False``: the reader searched the items' text already (``from_marked``).
    """
    found = list(doc.motions)
    for item in doc.items if search_items else ():
        for text in (item.question, item.answer or ""):
            found.extend(Motion(m.name, m.refs, (item.number,)) for m in mentions(text))
    for note in doc.footnotes:
        for m in mentions(note.text or ""):
            items = tuple(i.number for i in doc.items if note.number in (*i.question_footnotes, *i.answer_footnotes))
            found.append(Motion(m.name, m.refs or note.refs, items))
    return merge(found)
