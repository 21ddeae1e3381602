"""The HTML page of a publication on officielebekendmakingen.nl.

The page renders the official XML with one class name per element: the publication in
``div.stuk`` (or ``#broodtekst``), ``p.dossiernr`` and ``.dossiertitel``, ``p.stuknr`` and
``h2.stuktitel``, ``p.datumtekst``, paragraphs ``p.al``, headings ``.tussenkop`` (or ``h3``-``h6``),
list items ``li``, note references ``a.nootnum`` (in ``sup``) and the notes in
``div.voetnoten`` (each ``.voetnoot`` opening with its ``a.nootnum``). What the page does not
print (``noprint`` and the other ``_SKIP_CLASSES``) is skipped at any depth, also within a
paragraph or a note: overleg's own HTML page marks its labels and links so, and reads back. A
note's link adds its target to the note's URLs unless it restates what the note prints (its
target or its text is an address of the note's text) or a cited paper (``data-stuk``).

Stages: ``parse_html`` (size limit, no entity declarations, lxml's HTML parser without network)
-> ``page_text`` (the same lines and container footnotes as ``official_xml``) ->
``official_xml.finish`` (other kinds refused, genre parsers, metadata from ``<meta>``).
"""

from __future__ import annotations

import dataclasses
import re

from lxml import etree, html

from overleg.errors import UnreadableInput
from overleg.model import Document, Footnote
from overleg.readers import official_xml
from overleg.readers.official_xml import Metadata, OfficialText
from overleg.readers.safe_xml import MAX_BYTES, MAX_ELEMENTS
from overleg.readers.source import Source
from overleg.readers.text.notes import make_footnote
from overleg.readers.text.prepared import PreparedText, SourceLink, normalise, normalise_keeping_marks
from overleg.readers.text.tables import table_runs
from overleg.vocabulary.markers import mark

_DECLARATIONS = re.compile(rb"<!ENTITY", re.I)
_BLOCK_CLASSES = ("al", "tussenkop", "datumtekst", "kop", "li", "functie", "naam", "alt-titel")
_SKIP_CLASSES = frozenset({"voetnoten", "kamerstukkop", "noprint", "pagenumber", "nootnum-print"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def parse_html(src: Source) -> etree._Element:
    """The document element, parsed without network; UnreadableInput for oversized or unsafe input."""
    if len(src.data) > MAX_BYTES:
        raise UnreadableInput(src.name, f"HTML larger than {MAX_BYTES // (1024 * 1024)} MB is refused")
    if _DECLARATIONS.search(src.data):
        raise UnreadableInput(src.name, "HTML with entity declarations is refused (not needed, not safe)")
    # fed in chunks, its elements counted: 45 MB of <p> took 1.5 GB and 35 s before the limit
    parser = etree.HTMLPullParser(events=("start",), no_network=True, huge_tree=False, remove_comments=True,
                                  remove_pis=True, encoding="utf-8")
    parser.set_element_class_lookup(html.HtmlElementClassLookup())
    elements = 0
    try:
        for at in range(0, len(src.data), 64 * 1024):
            parser.feed(src.data[at:at + 64 * 1024])
            elements += sum(1 for _ in parser.read_events())
            if elements > MAX_ELEMENTS:
                raise UnreadableInput(src.name, f"HTML of more than {MAX_ELEMENTS:,} elements is refused "
                                      "(the limit on elements)")
        root = parser.close()
    except etree.XMLSyntaxError:
        root = None  # nothing but blanks: lxml's HTML parser finds no element
    except (etree.ParserError, ValueError) as e:
        raise UnreadableInput(src.name, f"not readable HTML: {e}") from None
    if root is None:
        raise UnreadableInput(src.name, "not readable HTML: Document is empty")
    return root


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _printed_text(el: etree._Element) -> str:
    """``_text`` without what the page does not print (``noprint`` and the like, at any depth)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _classes(child) & _SKIP_CLASSES:
            # paragraphs are apart even where the markup has no space between them
            parts.append(f" {_printed_text(child)} " if child.tag in ("p", "div") else _printed_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


class _Collector:
    """Lines, notes and links of one page, in reading order."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.links: list[SourceLink] = []

    def add(self, text: str) -> None:
        line = " ".join(normalise_keeping_marks(text).split())
        if line:
            self.lines.extend((line, ""))

    def inline(self, el: etree._Element) -> str:
        parts = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str) or _classes(child) & _SKIP_CLASSES:
                parts.append(child.tail or "")
                continue
            if "nootnum" in _classes(child) and _text(child).isdigit():
                parts.append(mark(int(_text(child))))
            else:
                visible = self.inline(child)
                href = child.get("href") or ""
                if child.tag == "a" and href.startswith(("http://", "https://")) and href not in visible:
                    self.links.append(SourceLink(len(self.lines), " ".join(visible.split()), href))
                parts.append(visible)
            parts.append(child.tail or "")
        return "".join(parts)

    def figure_table(self, el: etree._Element) -> bool:
        """A table of figures (one inside an answer) as its rows, one line each, cells a space
        apart: the text reader finds the table again (``readers/text/tables.py``). Looked at as
        plain text first (reading collects links). Another table (a layout of cells) is read
        block by block; returns False for it."""
        rows = []
        for tr in el.iter("tr"):
            cells = [" ".join(c.text_content().split()) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            rows.append(" ".join(c for c in cells if c))
        runs = table_runs(rows)
        if len(runs) != 1 or (runs[0][0], runs[0][1]) != (0, len(rows)):
            return False
        for tr in el.iter("tr"):  # read again with the footnote markers the cells hold
            cells = [" ".join(normalise_keeping_marks(self.inline(c)).split())
                     for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            self.lines.append(" ".join(c for c in cells if c))
        self.lines.append("")
        return True

    def blocks(self, el: etree._Element) -> None:
        pending: dict[str, str] = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            cls = _classes(child)
            if cls & _SKIP_CLASSES or child.tag in ("script", "style", "nav", "header", "footer"):
                continue
            # The heading parts the printed paper puts on one line each: "21 501-02 Title", "Nr. 3349 KIND"
            if cls & {"dossiernr", "stuknr"}:
                pending["nr"] = _text(child)
                continue
            if cls & {"dossiertitel", "stuktitel"}:
                self.add(" ".join(p for p in (pending.pop("nr", ""), _text(child)) if p))
                continue
            if "nr" in pending:
                self.add(pending.pop("nr"))
            if cls & set(_BLOCK_CLASSES) or child.tag in _HEADINGS or child.tag == "p":
                self.add(self.inline(child))
            elif child.tag == "table" and self.figure_table(child):
                pass
            elif child.tag == "li":
                inner = [c for c in child
                         if isinstance(c.tag, str) and c.tag == "p" and not _classes(c) & _SKIP_CLASSES]
                if inner:
                    self.add("- " + self.inline(inner[0]))
                    for rest in inner[1:]:
                        self.add(self.inline(rest))
                else:
                    self.add("- " + self.inline(child))
            else:
                self.blocks(child)
        if "nr" in pending:
            self.add(pending.pop("nr"))


def _notes(root: etree._Element) -> tuple[Footnote, ...]:
    """The notes of ``div.voetnoten``: number from ``a.nootnum``, text after it, unprinted link targets."""
    out: dict[int, Footnote] = {}
    for box in root.iter():
        if not isinstance(box.tag, str) or "voetnoten" not in _classes(box):
            continue
        for note in box.iter():
            if not isinstance(note.tag, str) or "voetnoot" not in _classes(note):
                continue
            num = next((a for a in note.iter("a") if "nootnum" in _classes(a)), None)
            if num is None or not _text(num).isdigit():
                continue
            number = int(_text(num))
            num_text = _text(num)
            text = _printed_text(note)
            text = text[len(num_text):].strip() if text.startswith(num_text) else text
            if not text:
                continue
            made = make_footnote(number, [normalise(text)])
            urls = tuple(a.get("href") or "" for a in note.iter("a")
                         # a link with data-stuk restates a paper the text cites (overleg's own pages);
                         # one that reads as an address the text prints ("www.x.nl/a") restates that
                         if a is not num and not a.get("data-stuk") and _text(a) not in made.urls
                         and (a.get("href") or "").startswith(("http://", "https://"))
                         and (a.get("href") or "") not in text)
            out.setdefault(number, dataclasses.replace(made, urls=tuple(dict.fromkeys((*made.urls, *urls)))))
    return tuple(out[n] for n in sorted(out))


def _metadata(root: etree._Element) -> Metadata:
    # The page head repeats the publication's metadata as <meta name=... content=...>.
    return official_xml.metadata_of(root.find("head"))


def page_text(src: Source, root: etree._Element) -> OfficialText:
    """The page as PreparedText: the publication's blocks, the notes as container footnotes."""
    pub = next((el for el in root.iter() if isinstance(el.tag, str) and "stuk" in _classes(el)), None)
    if pub is None:
        pub = root.get_element_by_id("broodtekst", None) if hasattr(root, "get_element_by_id") else None
    if pub is None:
        pub = root.find("body")
    if pub is None:
        raise UnreadableInput(src.name, "an HTML page without a body")
    out = _Collector()
    out.blocks(pub)
    title_el = next((el for el in pub.iter() if isinstance(el.tag, str) and "stuktitel" in _classes(el)), None)
    prepared = PreparedText(source=src.name, lines=tuple(out.lines), footnotes=_notes(pub), reflowed=True,
                            links=tuple(out.links))
    return OfficialText(prepared=prepared, title=_text(title_el) if title_el is not None else None,
                        metadata=_metadata(root), date=None)


def read(src: Source) -> Document:
    """The Document of a publication page (see module docstring)."""
    return official_xml.finish(page_text(src, parse_html(src)))
