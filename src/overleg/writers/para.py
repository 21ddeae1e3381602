"""One paragraph of the text renderings (txt, docx), with the footnote markers it carries.

The txt writer lays a document out as ``Para``s (``writers/txt.py``, ministry letters in
``writers/letter.py``); the txt writer glues them to text, the docx writer styles them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Para:
    """One paragraph of the rendering: ``text`` with ``notes`` (footnote numbers) glued at its end.

    ``kind`` tells the docx writer how to style it: "title", "heading", "label", "text", "note".
    """

    text: str
    kind: str = "text"
    marks: tuple[tuple[int, int], ...] = ()  # (offset in text, footnote number), in order
    own_lines: bool = False  # the markers stand on lines of their own after the text (Aanhangsel)
    superscript: bool = False  # the markers in superscript digits ("bericht?¹"), two at one place apart


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def glue(para: Para) -> str:
    """The paragraph's text with its markers glued in (or on lines of their own)."""
    if para.own_lines:
        return "\n".join([para.text, *(str(n) for _, n in para.marks)])
    out: list[str] = []
    last = 0
    for at, number in para.marks:
        marker = str(number).translate(_SUPERSCRIPT) if para.superscript else str(number)
        out.append(para.text[last:at] + (" " if para.superscript and at == last and out else "") + marker)
        last = at
    out.append(para.text[last:])
    return "".join(out)
