"""Question and answer blocks under "Vraag N" / "Antwoord N" labels, and their clean text.

Reads layout lines (leading spaces are indentation hints, an empty line separates paragraphs,
footnote references are marks). Writes ``LabelledBlock``s: the kind, the numbers of the label
("Antwoord 7, 8, 9 10 en 11" -> 7..11) and the lines under it; and, per block, the text with
line-end hyphenation undone, paragraphs joined by a blank line, footnote marks removed and
their places kept (``NoteMark``: offset in the clean text, number, series).

>>> [(b.kind, b.numbers) for b in split_labelled(["Kop", "Vraag 1", "Wat?", "Vraag 2 en 3", "En?",
...     "Antwoord op vraag 1", "Ja.", "Antwoord 2, 3", "Nee."])[1]]
[('question', (1,)), ('question', (2, 3)), ('answer', (1,)), ('answer', (2, 3))]
>>> from overleg.vocabulary.markers import mark
>>> block_text(["Is het waar dat de burge-", "meester demonstraties", "beperkt?" + mark(2)])
('Is het waar dat de burgemeester demonstraties beperkt?', (NoteMark(at=54, number=2, series=None),))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from overleg.extract.labels import NUMBER_LIST, label_numbers
from overleg.model import NoteMark
from overleg.readers.text.mark_places import clean_with_marks
from overleg.readers.text.notes import join_lines_keeping_urls
from overleg.readers.text.tables import table_runs
from overleg.vocabulary.markers import MARK_OPEN, MARK_RE

_QUESTION_LABEL = re.compile(r"^(?:Vraag|Vragen)\s+(?:nr\.?\s*)?(?P<n>" + NUMBER_LIST + r")\s*[:.]?$")
_ANSWER_LABEL = re.compile(
    r"^(?:Antwoord(?:en)?)(?:\s+(?:op|bij)\s+(?:de\s+)?(?:vraag|vragen))?\s+(?:nr\.?\s*)?(?P<n>"
    + NUMBER_LIST + r")\s*[:.]?$"
)
_BARE_ANSWER_LABEL = re.compile(r"^Antwoord\s*:?$")
_BULLET = re.compile(r"^(?:[•·▪◦●■‒–-]|\(cid:\d+\)|\d{1,2}[.)]|[a-z][.)])\s+")
def ends_in_punctuation(text: str) -> bool:
    """True when the text (marks removed) ends with sentence punctuation, perhaps in quotes."""
    if MARK_OPEN in text:
        text = MARK_RE.sub("", text)
    return text.rstrip().rstrip("'’”»)").endswith((".", "?", "!", ":", ";"))


@dataclass
class LabelledBlock:
    kind: str  # "question" or "answer"
    numbers: tuple[int, ...]
    lines: list[str] = field(default_factory=list)
    line_no: int = 0  # where the label stands (0-based), for problems


def label_of(line: str) -> tuple[str, tuple[int, ...]] | None:
    """("question" | "answer", numbers) when the line is a label, else None."""
    head = line.lstrip()[:4]
    if len(line) > 80 or head not in ("Vraa", "Antw"):  # cheap test first: most lines are text
        return None
    text = " ".join(MARK_RE.sub("", line).split())
    m = _QUESTION_LABEL.match(text)
    if m:
        return "question", label_numbers(m.group("n"))
    m = _ANSWER_LABEL.match(text)
    if m:
        return "answer", label_numbers(m.group("n"))
    if _BARE_ANSWER_LABEL.match(text):
        return "answer", ()
    return None


def split_labelled(lines: list[str], bare_numbers: bool = False) -> tuple[list[str], list[LabelledBlock]]:
    """The lines before the first label, and the labelled blocks in order of the text.

    An answer label without numbers ("Antwoord") answers the question block just before it.
    With ``bare_numbers`` (lists of questions and answers), the next question number alone on a
    line ("1", "2", ...) or opening it ("2 Hoeveel ...?") labels a question too.
    """
    head: list[str] = []
    blocks: list[LabelledBlock] = []
    asked = 0
    for no, line in enumerate(lines):
        label = label_of(line)
        if label is None and bare_numbers:
            label, line = _bare_number(line, asked + 1, bool(blocks) and blocks[-1].kind == "answer")
            if label is not None and line:
                blocks.append(LabelledBlock("question", label[1], [line], no))
                asked += 1
                continue
        if label is not None and label[0] == "question" and label[1]:
            asked = max(asked, *label[1])
        if label is None:
            (blocks[-1].lines if blocks else head).append(line)
            continue
        kind, numbers = label
        if not numbers and blocks and blocks[-1].kind == "question":
            numbers = blocks[-1].numbers
        blocks.append(LabelledBlock(kind, numbers, [], no))
    return head, blocks


def _looks_listed(line: str) -> bool:
    """A list item: a bullet glyph, a dash, "1." or "a)" before the text."""
    s = line.lstrip()
    if not s or not (s[0] in "•·▪◦●■‒–-(" or s[0].isdigit() or s[1:2] in (".", ")")):
        return False
    return bool(_BULLET.match(s))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _bare_number(line: str, expected: int, after_answer: bool) -> tuple[tuple[str, tuple[int, ...]] | None, str]:
    """A list's question opened by its bare number: "7" alone, or "7 Hoeveel ...?" after an
    answer (a table row: number, then the question). Returns the label and the rest of the line."""
    text = line.strip()
    if text == str(expected):
        return ("question", (expected,)), ""
    m = re.match(r"(\d{1,4})\s+(?=[A-Z«“‘(])", text)
    # the first question only when it reads as one: a note "1 Samenstelling: ..." can stand there
    if m and int(m.group(1)) == expected and (after_answer or text.endswith("?")):
        return ("question", (expected,)), text[m.end():]
    return None, line


def _is_new_paragraph(para: list[str], line: str, wide: int, indented: bool) -> bool:
    """A line starts a new paragraph after a short line ending a sentence, as a list item, or,
    where the layout shows indentation, when it is not indented under the list item before."""
    if _looks_listed(line):
        return True
    prev = para[-1]
    if indented and _looks_listed(para[0]) and _indent(line) <= _indent(para[0]):
        return True
    return len(prev.strip()) < 0.8 * wide and ends_in_punctuation(prev)


def block_paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs of a block: empty lines and list items separate, lines are joined."""
    wide = max((len(ln.strip()) for ln in lines), default=0)
    indented = any(_indent(ln) > 0 for ln in lines if ln.strip())
    out: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if out[-1]:
                out.append([])
            continue
        if out[-1] and _is_new_paragraph(out[-1], line, wide, indented):
            out.append([])
        out[-1].append(line.rstrip())
    result: list[str] = []
    for para in out:  # join_lines_keeping_urls strips the indentation kept above
        last = 0
        for start, end, table in table_runs(para):  # a table keeps its rows and cells
            result.extend(t for t in [join_lines_keeping_urls(para[last:start]), table.paragraph()] if t)
            last = end
        text = join_lines_keeping_urls(para[last:])
        if text:
            result.append(text)
    return result


def text_and_marks(text: str) -> tuple[str, tuple[NoteMark, ...]]:
    """The text without footnote marks (and the spaces they leave before punctuation), and
    where each mark stood in it, in order (a note cited twice has two marks)."""
    return clean_with_marks(text)


def block_text(lines: list[str]) -> tuple[str, tuple[NoteMark, ...]]:
    """The clean text of a block and the places of the footnote marks in it."""
    joined = "\n\n".join(block_paragraphs(lines))
    return text_and_marks(joined)


__all__ = ["LabelledBlock", "block_paragraphs", "block_text", "ends_in_punctuation", "label_of", "split_labelled",
           "text_and_marks"]
