"""Questions as a member submitted them, before any answer: the Kamer's own "Schriftelijke vragen".

They carry no "Vraag N" labels: each question opens with its number, alone on a line ("1") or
before its text ("2 Hoeveel ...", "3. Bent u ...", "4) Kunt u ..."), and may run over several
lines. ``number_lines`` puts each such number on a line of its own, so that the labelled-block
stage (``qa_blocks.split_labelled`` with bare numbers) reads a number alone on a line as the
label of the next question. A number counts only as the next one in sequence and at the start of
a question: after the heading, an empty line or a line that ends a sentence ("binnen\\n3 weken"
is no question 3).

>>> number_lines(["Vragen van het lid A (SP) ... (ingezonden 3 juni 2024).", "", "1. Bent u bekend met",
...               "het bericht?", "2) Hoeveel kalveren zijn binnen", "3 weken vervoerd?", "3 Gaat u ..."])
... # doctest: +NORMALIZE_WHITESPACE
['Vragen van het lid A (SP) ... (ingezonden 3 juni 2024).', '', '1', 'Bent u bekend met', 'het bericht?',
 '2', 'Hoeveel kalveren zijn binnen', '3 weken vervoerd?', '3', 'Gaat u ...']
"""

from __future__ import annotations

import re

from overleg.readers.text.qa_blocks import ends_in_punctuation

_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,3})(?:[.)]\s*|\s+)(?=\S)")
_ALONE = re.compile(r"^\s*(?P<n>\d{1,3})[.)]?\s*$")


def number_lines(lines: list[str]) -> list[str]:
    """The lines with each question's number on a line of its own (see the module docstring)."""
    out: list[str] = []
    expected = 1
    for line in lines:
        before = next((ln for ln in reversed(out) if ln.strip()), "")
        at_start = not out or not out[-1].strip() or ends_in_punctuation(before) or before.strip().isdigit()
        alone = _ALONE.match(line)
        if alone and int(alone["n"]) == expected:
            out.append(alone["n"])
            expected += 1
            continue
        m = _NUMBERED.match(line)
        if m and int(m["n"]) == expected and at_start:
            out += [m["n"], line[m.end():]]
            expected += 1
            continue
        out.append(line)
    return out
