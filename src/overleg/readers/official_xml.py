"""The official XML of officielebekendmakingen.nl (``officiele-publicatie``, op-xsd-2014-05-15).

Stages:

1. ``parse_official`` (bytes -> element tree): refuses input over ``MAX_BYTES`` and any DTD or
   entity declaration before lxml sees it (no entity expansion, no external entities, no
   network), then parses with entity resolution, DTD loading and huge trees off.
2. ``metadata_of`` (``<metadata>`` of the publication, or a separate ``metadata.xml``) ->
   ``Metadata``.
3. ``publication_text`` (root -> ``OfficialText``, a ``PreparedText`` with title and metadata):
   the heading (``dossier``, ``stuknr``, ``titel``, ``datumtekst``) as the lines a printed paper
   opens with, then one line per block
   (``al``, ``tussenkop``, ``kop/titel``, list items; ``vraag``/``antwoord`` as labelled
   passages). A ``noot`` inside a block becomes ``mark(n)`` there and a ``Footnote`` the
   container knows; ``nootref`` marks the note it refers to; ``extref`` keeps its text.
4. ``read`` -> ``Document``: other kinds of papers (a motion, an amendment, a letter) are
   refused as ``NotAQuestionDocument`` by their type or title; the rest goes to the same genre
   parsers as PDF text (``readers/text/parse.py``), and metadata fills what the text left open.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from overleg.errors import NotAQuestionDocument, UnreadableInput
from overleg.model import Document, DocumentId, Dossier, Footnote
from overleg.readers import safe_xml
from overleg.readers.safe_xml import MAX_BYTES
from overleg.readers.source import Source
from overleg.readers.text.notes import make_footnote
from overleg.readers.text.prepared import PreparedText, SourceLink, normalise, normalise_keeping_marks
from overleg.vocabulary.markers import mark

ROOTS = ("officiele-publicatie", "kamerstuk", "handelingen", "aanhangsel")

# Blocks that are one paragraph each; their descendants are inline.
_PARAGRAPHS = frozenset({"al", "tussenkop", "nr", "stuktitel", "functie", "naam", "plaats", "datumtekst", "regel",
                         "tekstregel", "alt-titel"})
# Not text of the body: metadata, the kamerstukkop (repeated as a page head), the note texts.
_TITLED = ("kop", "hoofdstuk", "paragraaf", "divisie")  # a titel here is a heading of the body
_SKIP = frozenset({"metadata", "meta", "kamerstukkop", "noot", "nootref", "kop-nummer"})
# Paper kinds that are not question documents, by the official type or the printed title.
_OTHER_KINDS = re.compile(
    r"^\W*(?:(?:gewijzigde\s+)?motie|(?:gewijzigd\s+|nader\s+gewijzigd\s+)?amendement|brief|nota\s+van\s+wijziging|"
    r"voorstel\s+van\s+wet|memorie\s+van\s+toelichting|koninklijke\s+boodschap|advies\s+raad\s+van\s+state|"
    r"nota\s+naar\s+aanleiding)\b",
    re.I,
)


@dataclass(frozen=True)
class Metadata:
    """What a publication's metadata says (``<meta name=... content=...>``); None when absent."""

    identifier: str | None = None
    kind: str | None = None  # DC.type of scheme OVERHEIDop.KamerstukTypen: "Motie", "Verslag", ...
    dossier: str | None = None
    dossier_title: str | None = None
    number: str | None = None
    title: str | None = None
    issued: dt.date | None = None
    submitters: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficialText:
    """A publication read into text: the prepared lines, its printed title and its metadata."""

    prepared: PreparedText
    title: str | None
    metadata: Metadata
    date: dt.date | None


def parse_official(src: Source) -> etree._Element:
    """Stage 1: the root element, parsed safely (``safe_xml.parse``)."""
    return safe_xml.parse(src)


def is_official(root: etree._Element) -> bool:
    return isinstance(root.tag, str) and etree.QName(root).localname in ROOTS


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def metadata_of(root: etree._Element | None) -> Metadata:
    """Stage 2: the ``meta`` elements anywhere under ``root`` (a publication or a metadata.xml)."""
    if root is None:
        return Metadata()
    found: dict[str, list[str]] = {}
    for el in root.iter("{*}meta"):
        name, content = el.get("name"), (el.get("content") or "").strip()
        if not name or not content:
            continue
        key = f"{name}|{el.get('scheme') or ''}"
        found.setdefault(key, []).append(content)
        found.setdefault(name, []).append(content)

    def one(*keys: str) -> str | None:
        return next((found[k][0] for k in keys if k in found), None)

    return Metadata(
        identifier=one("DC.identifier|OVERHEIDop.ParlID", "DC.identifier"),
        kind=one("DC.type|OVERHEIDop.KamerstukTypen", "OVERHEIDop.kamerstukType"),
        dossier=one("OVERHEIDop.dossiernummer"),
        dossier_title=one("OVERHEIDop.dossiertitel"),
        number=one("OVERHEIDop.ondernummer"),
        title=one("OVERHEIDop.documenttitel", "DC.title"),
        issued=_date(one("DCTERMS.issued", "DCTERMS.available")),
        submitters=tuple(found.get("OVERHEIDop.indiener", ())),
    )


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


class _Collector:
    """Stage 3 state: lines so far and the footnotes met in them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.notes: dict[int, Footnote] = {}
        self.links: list[SourceLink] = []
        self._urls: list[str] | None = None  # link targets met while reading a note
        self.note_ids: dict[str, int] = {}
        self.next_note = 1

    def inline(self, el: etree._Element) -> str:
        """The text of a block with its notes as marks (notes are collected on the way)."""
        parts: list[str] = [el.text or ""]
        for child in el:
            name = _local(child)
            if name == "noot":
                parts.append(self._note(child))
            elif name == "extref":
                parts.append(self._link(child))
            elif name == "nootref":
                number = self.note_ids.get(child.get("refid") or "")
                parts.append(mark(number) if number is not None else "")
            elif name:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _link(self, el: etree._Element) -> str:
        visible = self.inline(el)
        target = (el.get("doc") or "").strip()
        if target.startswith(("http://", "https://", "www.")) and target not in visible:
            if self._urls is not None:
                self._urls.append(target)
            else:
                self.links.append(SourceLink(len(self.lines), " ".join(visible.split()), target))
        return visible

    def _note(self, el: etree._Element) -> str:
        nr_el = el.find("{*}noot.nr")
        nr_text = "".join(nr_el.itertext()).strip() if nr_el is not None else ""
        number = int(nr_text) if nr_text.isdigit() else self.next_note
        self.next_note = number + 1
        outer, self._urls = self._urls, []
        body = " ".join(
            " ".join(self.inline(c).split()) for c in el if _local(c) not in ("noot.nr", "")
        ).strip()
        urls, self._urls = tuple(self._urls), outer
        note = make_footnote(number, [normalise(body)])  # refs and printed URLs, as for a PDF's notes
        self.notes.setdefault(number, dataclasses.replace(note, urls=tuple(dict.fromkeys((*note.urls, *urls)))))
        if el.get("id"):
            self.note_ids[el.get("id") or ""] = number
        return mark(number)

    def add(self, text: str) -> None:
        line = " ".join(normalise_keeping_marks(text).split())
        if line:  # a blank line after each block: the text parsers' paragraph boundary
            self.lines.extend((line, ""))

    def blocks(self, el: etree._Element) -> None:
        """Every block under ``el`` in document order, one line each."""
        for child in el:
            self.block(child, _local(el))

    def block(self, el: etree._Element, parent: str = "") -> None:
        """One element: a paragraph, a labelled passage, a list item, or a container of blocks."""
        name = _local(el)
        if not name or name in _SKIP:
            return
        if name in ("vraag", "antwoord"):
            self._labelled(el, "Vraag" if name == "vraag" else "Antwoord")
        elif name in _PARAGRAPHS or (name == "titel" and parent in _TITLED):
            self.add(self.inline(el))
        elif name == "li":
            self._list_item(el)
        elif name == "titel":
            return  # the stuk's and the dossier's titles are part of the heading
        elif len(el) == 0 and (el.text or "").strip():
            self.add(el.text or "")
        else:
            self.blocks(el)

    def _labelled(self, el: etree._Element, label: str) -> None:
        nr = el.find("{*}nr")
        nr_text = " ".join("".join(nr.itertext()).split()) if nr is not None else ""
        if nr_text and not nr_text.lower().startswith(label.lower()):
            nr_text = f"{label} {nr_text}"
        self.add(nr_text or label)
        for child in el:
            if _local(child) != "nr":
                self.block(child, _local(el))

    def _list_item(self, el: etree._Element) -> None:
        mark_el = el.find("{*}li.nr")
        prefix = ("".join(mark_el.itertext()).strip() + " ") if mark_el is not None else "- "
        first = True
        for child in el:
            name = _local(child)
            if name == "li.nr":
                continue
            if name == "al" and first:
                self.add(prefix + self.inline(child))
                first = False
            else:
                self.block(child, _local(el))
        if first and (el.text or "").strip():
            self.add(prefix + (el.text or ""))


def _heading(root: etree._Element, out: _Collector) -> tuple[str | None, dt.date | None]:
    """The opening lines of a printed paper: dossier and title, number and kind, date."""
    dossier = root.find(".//{*}dossier")
    if dossier is not None:
        nrs = [" ".join("".join(n.itertext()).split()) for n in dossier.iter("{*}dossiernr")]
        title_el = dossier.find("{*}titel")
        title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
        out.add(" ".join(p for p in (" ".join(nrs), title) if p))
    stuk = root.find(".//{*}stuk")
    if stuk is None:
        return None, None
    stuknr = stuk.find("{*}stuknr")
    titel = stuk.find("{*}titel")
    printed_title = " ".join("".join(titel.itertext()).split()) if titel is not None else None
    nr = " ".join("".join(stuknr.itertext()).split()) if stuknr is not None else ""
    out.add(" ".join(p for p in (nr, printed_title or "") if p))
    date = None
    datumtekst = stuk.find("{*}datumtekst")
    if datumtekst is not None:
        out.add(out.inline(datumtekst))
        datum = datumtekst.find(".//{*}datum")
        date = _date(datum.get("isodatum")) if datum is not None else None
    return printed_title, date


def _body_roots(root: etree._Element) -> list[etree._Element]:
    stuk = root.find(".//{*}stuk")
    if stuk is None:
        return [root]
    return [c for c in stuk if _local(c) not in ("stuknr", "titel", "datumtekst")]


def publication_text(src: Source, root: etree._Element, metadata: Metadata | None = None) -> OfficialText:
    """Stage 3: the publication as PreparedText (see module docstring)."""
    out = _Collector()
    title, date = _heading(root, out)
    for el in _body_roots(root):
        out.block(el)
    # A note printed without text is left out, so the parser reports its marker as textless.
    notes = tuple(out.notes[n] for n in sorted(out.notes) if out.notes[n].text)
    prepared = PreparedText(source=src.name, lines=tuple(out.lines), footnotes=notes, reflowed=True,
                            links=tuple(out.links))
    meta = metadata if metadata is not None else metadata_of(root.find("{*}metadata"))
    return OfficialText(prepared=prepared, title=title, metadata=meta, date=date)


def sibling_metadata(name: str) -> bytes | None:
    """A ``metadata.xml`` saved next to a publication: ``X.metadata.xml`` or ``X/metadata.xml``."""
    p = Path(name)
    for candidate in (p.with_name(p.stem + ".metadata.xml"), p.with_name(p.stem + "-metadata.xml"),
                      p.with_suffix("") / "metadata.xml"):
        try:
            if candidate.is_file() and candidate.stat().st_size <= MAX_BYTES:
                return candidate.read_bytes()
        except OSError:
            continue
    return None


def load(src: Source, metadata: bytes | None = None) -> OfficialText:
    """Stages 1-3, with metadata from ``metadata`` (bytes of a metadata.xml), a sibling file, or
    the publication's own ``<metadata>``, merged in that order of preference."""
    root = parse_official(src)
    if not is_official(root):
        raise UnreadableInput(src.name, f"XML input ({_local(root)}) is not an official publication")
    own = metadata_of(root.find("{*}metadata"))
    extra_bytes = metadata if metadata is not None else sibling_metadata(src.name)
    if extra_bytes is not None:
        extra = metadata_of(parse_official(Source(src.name + " (metadata)", extra_bytes)))
        own = _merge(extra, own)
    return publication_text(src, root, own)


def _merge(first: Metadata, second: Metadata) -> Metadata:
    values = {f.name: getattr(first, f.name) or getattr(second, f.name) for f in dataclasses.fields(Metadata)}
    return Metadata(**values)


def other_paper_kind(text: OfficialText) -> str | None:
    """The kind of a paper that is not a question document ("motie", "amendement", ...), else None."""
    for value in (text.metadata.kind, text.title):
        m = _OTHER_KINDS.match(value or "")
        if m:
            return " ".join(m.group(0).lower().split())
    return None


def read(src: Source, metadata: bytes | None = None) -> Document:
    """Stage 4: the Document of an official publication (see module docstring)."""

    text = load(src, metadata)
    return finish(text)


def finish(text: OfficialText) -> Document:
    """Refuse other kinds of papers, parse the rest as text, fill gaps from the metadata."""
    from overleg.readers.text.parse import parse_prepared

    if not any(line.strip() for line in text.prepared.lines):
        raise UnreadableInput(text.prepared.source, "an official publication without any text")
    kind = other_paper_kind(text)
    if kind is not None:
        hint = "; read it with overleg.readers.motion.read_motion" if "motie" in kind else ""
        raise NotAQuestionDocument(text.prepared.source, f"this is a {kind}, not a question document{hint}")
    return with_metadata(parse_prepared(text.prepared), text.metadata)


def with_metadata(doc: Document, meta: Metadata) -> Document:
    """Fill what the text left open (None) from the metadata; never overwrite what was read."""
    changes: dict[str, object] = {}
    if doc.id is None and meta.identifier:
        changes["id"] = DocumentId.try_parse(meta.identifier)
    if doc.dossier is None and meta.dossier:
        changes["dossier"] = Dossier(meta.dossier.replace(" ", ""), meta.dossier_title)
    if doc.number is None and meta.number:
        changes["number"] = meta.number
    if doc.date is None and meta.issued:
        changes["date"] = meta.issued
    return dataclasses.replace(doc, **changes) if changes else doc  # type: ignore[arg-type]
