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

A surname may have more than one word, and a first name tells two members apart:

>>> [m.name for m in mentions("de motie van het lid El Abassi, de motie Inge van Dijk en de motie Dijk")]
['El Abassi', 'Inge van Dijk', 'Dijk']
>>> [m.name for m in mentions("de motie Piri Het kabinet en de motie Van der Plas De Kamer")]
['Piri', 'Van der Plas']

After "motie van" the "van" may be the particle of the name ("motie van Nispen" is Van Nispen's
motion) or the preposition ("motie van Dobbe c.s." is Dobbe's): read alone it is the particle;
``resolve_particles`` takes the name without it when the document names that member without it
elsewhere. "motie van het lid X" names the mover after "lid":

>>> [(m.name, m.without_particle) for m in mentions("de motie van Nispen en de motie van het lid Van Nispen")]
[('Van Nispen', 'Nispen'), ('Van Nispen', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from overleg.extract.references import find_refs
from overleg.model import Document, DocumentId, Footnote, Motion
from overleg.vocabulary.markers import MARK_CLOSE, MARK_OPEN, MARK_SEP

_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Ii]n\s+['’]t|['’]t)"
# a whole word: "GroenLinks" is no surname "Groen"
_SURNAME = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)*(?![\w'’])"
# words that open the next sentence or name an institution, never the second word of a name
_NOT_SECOND = (r"(?!(?:Het|Een|Dit|Deze|Die|Dat|Daarnaast|Daarom|Daarbij|Verder|Ook|Zo|In|Op|Om|Met|Voor|Na|Bij|"
               r"Als|Ik|Wij|We|Zij|Ze|Hij|Er|Nederland|Kamer|Kamerstuk|Kamerstukken|De\s+Kamer|De\s+regering)\b)")
# an optional first word ("Inge van Dijk", "El Abassi"), particles, the surname
_NAME = r"(?:" + _SURNAME + r"\s+" + _NOT_SECOND + r"(?=(?:" + _PARTICLE + r"\s+)*[A-Z]))?" \
        + r"(?:" + _PARTICLE + r"\s+)*" + _SURNAME
_NAMES = _NAME + r"(?:\s*(?:,|\ben\b|/)\s*" + _NAME + r")*"
_MOTION = re.compile(
    r"\b[Mm]oties?(?:"
    r"\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<members>" + _NAMES + r")"
    r"|\s+van\s+(?P<van>(?:" + _PARTICLE + r"\s+)*" + _SURNAME + r")"
    r"|[\s-]+(?P<plain>" + _NAME + r"(?:\s*/\s*" + _NAME + r")*)"
    r")(?P<cs>\s+c\.\s?s\.?)?"
)
_MOTION_WORD = re.compile(r"[Mm]otie")
_NOT_NAMES = {"partij", "kamer", "tweede", "eerste", "europese", "raad", "commissie", "staten", "regering", "minister",
              "verenigde", "nederland", "nederlandse", "eu", "kamerlid", "kamerleden", "kabinet"}
_AFTER = re.compile(r"^[.,;:]?\s?(?:" + MARK_OPEN + r"[a-z]*" + MARK_SEP + r"(?P<mark>\d{1,4})" + MARK_CLOSE
                    + r"|\((?P<cite>[^()]{4,120})\))")


@dataclass(frozen=True)
class Mention:
    """One citation of a motion in a text: the name, where it ends, the papers cited inline and
    the footnote whose marker follows it. ``without_particle``: after "motie van" the name
    without "Van", in case "van" was the preposition (module docstring)."""

    name: str
    end: int
    refs: tuple[DocumentId, ...] = ()
    note: int | None = None
    without_particle: str | None = None


def _capital(part: str) -> str:
    return part[0].upper() + part[1:]


def _name(m: re.Match[str]) -> tuple[str, str | None] | None:
    """The name a match cites and, after "motie van", the name without the particle "Van"."""
    plain = None
    if m.group("members"):
        parts = re.split(r"\s*(?:,|\ben\b|/)\s*", m.group("members"))
    elif m.group("van"):
        van = m.group("van")
        if van[0].islower():  # "motie van der Plas": "van der" is the name's
            parts = ["Van " + van]
        elif re.match(_PARTICLE + r"\s", van):  # "motie van Van der Plas": the preposition, then the name
            parts = [van]
        else:  # "motie van Nispen" (Van Nispen's) or "motie van Dobbe" (Dobbe's)
            parts, plain = ["Van " + van], van
    else:
        parts = re.split(r"\s*/\s*", m.group("plain"))
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    if not parts or any(p.split()[-1].lower() in _NOT_NAMES for p in parts):
        return None
    return "/".join(_capital(p) for p in parts), plain


def mentions(text: str) -> list[Mention]:
    """Every motion named in the text (which may hold footnote marks), in order."""
    out: list[Mention] = []
    if "otie" not in text:
        return out
    for hit in _MOTION_WORD.finditer(text):  # the full pattern only where the word stands
        m = _MOTION.match(text, hit.start())
        if m is None:
            continue
        named = _name(m)
        if named is None:
            continue
        after = _AFTER.match(text[m.end():m.end() + 130])
        refs: tuple[DocumentId, ...] = ()
        note = None
        if after and after.group("cite"):
            refs = find_refs(after.group("cite"))
        elif after and after.group("mark"):
            note = int(after.group("mark"))
        out.append(Mention(named[0], m.end(), refs, note, named[1]))
    return out


def resolve_particles(found: Sequence[tuple[Motion, str | None]], also_named: Iterable[str] = ()) -> list[Motion]:
    """Each motion of ``(motion, name without particle)`` pairs, under the name without "Van"
    when the document names that member so elsewhere: in another motion's name or among
    ``also_named`` (its askers, say). "motie van Dobbe c.s." in a report that also cites
    "motie Dobbe" is Dobbe's; "motie van Nispen" alone is Van Nispen's."""
    known = {part.lower() for motion, plain in found if plain is None for part in motion.name.split("/")}
    known |= {name.lower() for name in also_named}
    return [Motion(plain, motion.refs, motion.items) if plain is not None and plain.lower() in known else motion
            for motion, plain in found]


def merge(motions: Iterable[Motion]) -> tuple[Motion, ...]:
    """One Motion per (name, paper), items and further papers united, in first-seen order.

    Citations of one name with different papers are different motions; a citation without a
    paper joins the one motion of that name that has a paper at the same item, else in the
    document, when there is exactly one; otherwise the citations without a paper stay one motion
    of their own.

    >>> piri = [Motion("Piri", (DocumentId("kst-23432-620"),), (22,)), Motion("Piri", (), (23,)),
    ...         Motion("Piri", (DocumentId("kst-21501-20-2293"),), (40,)), Motion("piri", (), (41,))]
    >>> [(m.name, [str(r) for r in m.refs], m.items) for m in merge(piri)]
    [('Piri', ['kst-23432-620'], (22,)), ('Piri', [], (23, 41)), ('Piri', ['kst-21501-20-2293'], (40,))]
    >>> [(m.name, [str(r) for r in m.refs], m.items) for m in merge(piri[:2])]
    [('Piri', ['kst-23432-620'], (22, 23))]
    >>> [(m.name, [str(r) for r in m.refs], m.items) for m in merge([*piri, Motion("Piri", (), (40,))])][2]
    ('Piri', ['kst-21501-20-2293'], (40,))
    """
    listed = list(motions)
    papers: dict[str, set[str]] = {}
    at_item: dict[tuple[str, int], set[str]] = {}
    for motion in listed:
        if motion.refs:
            papers.setdefault(motion.name.lower(), set()).add(str(motion.refs[0]))
            for item in motion.items:
                at_item.setdefault((motion.name.lower(), item), set()).add(str(motion.refs[0]))
    by_key: dict[tuple[str, str], Motion] = {}
    for motion in listed:
        name = motion.name.lower()
        here = {p for item in motion.items for p in at_item.get((name, item), ())}
        if motion.refs:
            key = (name, str(motion.refs[0]))
        elif len(here) == 1:
            key = (name, next(iter(here)))
        elif len(papers.get(name, ())) == 1:
            key = (name, next(iter(papers[name])))
        else:
            key = (name, "")
        old = by_key.get(key)
        if old is None:
            by_key[key] = Motion(motion.name, tuple(dict.fromkeys(motion.refs)), tuple(sorted(set(motion.items))))
        else:
            by_key[key] = Motion(old.name, tuple(dict.fromkeys((*old.refs, *motion.refs))),
                                 tuple(sorted(set(old.items) | set(motion.items))))
    return tuple(by_key.values())


def from_marked(texts: Sequence[tuple[int | None, str]], notes: Sequence[Footnote]) -> tuple[Motion, ...]:
    """Motions in texts that still hold footnote marks, for readers: (item number, text) pairs."""
    by_number = {n.number: n for n in notes}
    found: list[tuple[Motion, str | None]] = []
    for item, text in texts:
        for mention in mentions(text):
            refs = mention.refs
            if mention.note is not None and mention.note in by_number:
                refs = by_number[mention.note].refs
            found.append((Motion(mention.name, refs, (item,) if item is not None else ()), mention.without_particle))
    return merge(resolve_particles(found))


def find_motions(doc: Document, search_items: bool = True) -> tuple[Motion, ...]:
    """The motions a reader found, united with those named in the items' and footnotes' text.

    Works on any Document: items' text has no marks, so only inline citations give papers there;
    a footnote that names a motion gives its own papers, and the items citing that footnote.
    ``search_items=False``: the reader searched the items' text already (``from_marked``).
    """
    found: list[tuple[Motion, str | None]] = [(m, None) for m in doc.motions]
    for item in doc.items if search_items else ():
        for text in (item.question, item.answer or ""):
            found.extend((Motion(m.name, m.refs, (item.number,)), m.without_particle) for m in mentions(text))
    for note in doc.footnotes:
        for m in mentions(note.text or ""):
            items = tuple(i.number for i in doc.items if note.number in (*i.question_footnotes, *i.answer_footnotes))
            found.append((Motion(m.name, m.refs or note.refs, items), m.without_particle))
    return merge(resolve_particles(found, (a.name for a in doc.askers)))
