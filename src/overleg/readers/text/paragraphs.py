"""Body blocks to paragraphs: headings split off, lines joined, page breaks mended.

Guarantees to the stages after it: every paragraph is one line of running text (hyphenated
line ends joined, see ``textjoin``); a heading is a paragraph of its own, also where the source
glued it to the text after it (a layout line "Syrië" above "De leden van ...", or a re-flowed
line "1. Antwoord van het kabinet Het besluit ..."); a sentence that a page break, a footnote
block or a blank line interrupted is one paragraph again.

A block is joined to the paragraph before it when it starts in lower case, or when that
paragraph does not end a sentence and is not a heading (a short line without a full stop).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from overleg.model.table import AnswerTable, table_of
from overleg.readers.text.furniture import Block, Line
from overleg.readers.text.report_kinds import (
    Kinded,
    ends_sentence,
    is_heading_like,
    is_structural,
    maybe_structural,
    split_heading,
)
from overleg.readers.text.tables import table_runs
from overleg.readers.text.textjoin import join_lines, join_pair

_OPENER = re.compile(r"^(?:De|Deze)\s+leden\b")
_BULLET = re.compile(r"^\s*(?:[-–•▪·*]|\d{1,2}[.)]|[a-z][.)])\s")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: ``no`` is the source line it starts on, ``width`` its longest line and
    ``lines`` its number of layout lines (layout hints; meaningless in re-flowed text)."""

    text: str
    no: int
    width: int
    lines: int
    heading: bool = False  # a structural heading (answer, group, part, signature), never joined


def _continues_heading(line: str, nxt: str) -> bool:
    """A wrapped heading goes on in lower case ("fractie", "van de bewindspersonen"), or in
    capitals after a line in capitals."""
    first = next((c for c in nxt if c.isalpha()), "")
    return first.islower() or (line.isupper() and nxt.isupper())


def _topic_line(line: str, nxt: str, widest: int) -> bool:
    """A layout line above running text that is a heading: short, no full stop, and the text
    under it starts a sentence ("Syrië" above "De leden van de ...")."""
    return nxt[:1].isupper() and (bool(_OPENER.match(nxt)) or len(line) < 0.7 * widest) and is_heading_like(line)


def _block_paragraphs(block: Block, memo: dict[str, Kinded]) -> list[Paragraph]:
    """The paragraphs of one block (see ``_pieces``); a block of running text only, the common
    case, is one paragraph made without the pieces' (line, text) pairs. A table's rows
    (``tables.table_runs``) are a paragraph of their own in the model's table form."""
    texts = [line.text.strip() for line in block.lines]
    runs = table_runs(texts)
    if runs:
        return _around_tables(block.lines, texts, runs, memo)
    widest = max(map(len, texts))
    candidates = [i for i, t in enumerate(texts) if not t[:1].islower() and maybe_structural(t)]
    if not candidates and not (len(texts) > 1 and _topic_line(texts[0], texts[1], widest)) \
            and split_heading(texts[0], memo) is None:
        return [Paragraph(join_lines(texts), block.lines[0].no, widest, len(texts), False)]
    lines = [(line.no, t) for line, t in zip(block.lines, texts, strict=True)]
    return [_paragraph(piece, heading) for piece, heading in _pieces(lines, candidates, widest, memo)]


def _around_tables(lines: Sequence[Line], texts: list[str], runs: list[tuple[int, int, AnswerTable]],
                   memo: dict[str, Kinded]) -> list[Paragraph]:
    """The block's text before, between and after its tables, each table one paragraph."""
    out: list[Paragraph] = []
    at = 0
    for start, end, table in runs:
        if start > at:
            out.extend(_block_paragraphs(Block(tuple(lines[at:start])), memo))
        out.append(Paragraph(table.paragraph(), lines[start].no, max(map(len, texts[start:end])), end - start))
        at = end
    if at < len(lines):
        out.extend(_block_paragraphs(Block(tuple(lines[at:])), memo))
    return out


_Piece = tuple[list[tuple[int, str]], bool]


def _pieces(lines: list[tuple[int, str]], candidates: list[int], widest: int,
            memo: dict[str, Kinded]) -> list[_Piece]:
    """Split a block's (line number, stripped text) pairs where a heading line stands at its top
    or between its paragraphs; ``candidates`` are the lines that may be structural headings.

    Returns the pieces, each with whether it is a structural heading."""
    last_candidate = candidates[-1] if candidates else -1
    pieces: list[_Piece] = []
    current: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if current and i > last_candidate:  # only running text is left
            current.extend(lines[i:])
            break
        no, text = lines[i]
        head, structural = 0, False
        for k in (1, 2, 3) if i in candidates else ():  # a heading wrapped over up to three lines
            if i + k > len(lines) or (k > 1 and not _continues_heading(lines[i + k - 2][1], lines[i + k - 1][1])):
                break
            joined = join_lines([t for _, t in lines[i:i + k]]) if k > 1 else text
            if is_structural(joined, memo):
                head, structural = k, True
        if not head and not current and i + 1 < len(lines) and _topic_line(text, lines[i + 1][1], widest):
            head = 1
        if head:
            if current:
                pieces.append((current, False))
            pieces.append((lines[i:i + head], structural))
            current = []
            i += head
            continue
        if not current:
            glued = split_heading(text, memo)
            if glued:
                pieces.append(([(no, glued[0])], is_structural(glued[0], memo)))
                current = [(no, glued[1])]
                i += 1
                continue
        current.append((no, text))
        i += 1
    if current:
        pieces.append((current, False))
    return pieces


def _paragraph(piece: Sequence[tuple[int, str]], heading: bool) -> Paragraph:
    texts = [t for _, t in piece]
    return Paragraph(join_lines(texts), piece[0][0], max(map(len, texts)), len(texts), heading)


def _continues(prev: Paragraph, nxt: Paragraph) -> bool:
    """Whether ``nxt`` carries on the sentence of ``prev`` across a break."""
    if prev.heading or nxt.heading or _BULLET.match(nxt.text) or table_of(prev.text) or table_of(nxt.text):
        return False
    first = next((c for c in nxt.text if c.isalpha()), "")
    if first.islower():
        return not is_heading_like(prev.text) or prev.lines > 1
    if ends_sentence(prev.text) or (is_heading_like(prev.text) and prev.lines == 1):
        return False
    return not is_heading_like(nxt.text) or nxt.lines > 1


def build(blocks: Sequence[Block], memo: dict[str, Kinded] | None = None) -> list[Paragraph]:
    """Paragraphs of the body (see module docstring). Reads: body blocks without notes.

    ``memo``: heading kinds found so far in this parse (see ``report_kinds.kind_of``); filled here."""
    memo = {} if memo is None else memo
    paragraphs: list[Paragraph] = []
    for block in blocks:
        for para in _block_paragraphs(block, memo):
            if paragraphs and _continues(paragraphs[-1], para):
                prev = paragraphs[-1]
                paragraphs[-1] = Paragraph(join_pair(prev.text, para.text), prev.no, max(prev.width, para.width),
                                           prev.lines + para.lines)
            else:
                paragraphs.append(para)
    return paragraphs
