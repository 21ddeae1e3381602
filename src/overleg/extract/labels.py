"""Numbers in question and answer labels, and cross-references between answers.

>>> label_numbers("7, 8, 9 10 en 11")
(7, 8, 9, 10, 11)
>>> label_numbers("4, 5, 6 en 7")
(4, 5, 6, 7)
>>> label_numbers("7, 8, en 9")
(7, 8, 9)
>>> label_numbers("2 t/m 4")
(2, 3, 4)
>>> cross_refs("Zie antwoorden op vraag 14 en 15.")
(14, 15)
>>> cross_refs("Zie ook het antwoord op vragen 7 en 8.")
(7, 8)
>>> cross_refs("Zie voor verdere beantwoording vraag 6.")
(6,)
>>> cross_refs("Zie de antwoorden op de vragen 2, 6 en 8.")
(2, 6, 8)
>>> cross_refs("Ja, zie ook het antwoord op vraag 9.")
(9,)
>>> cross_refs("zie ook de beantwoording bij vraag 5.")
(5,)
>>> cross_refs("In het antwoord op vraag 2 is aangegeven dat")
(2,)
>>> cross_refs("de vragen 3 en 4 van het lid Dijk")
()
>>> is_referral_only("Zie het antwoord op vraag 7.")
True
>>> is_referral_only("Zie de antwoorden op de vragen 2, 6 en 8.")
True
>>> is_referral_only("Ja, zie ook het antwoord op vraag 9.")
False
"""

from __future__ import annotations

import re

# "7, 8, 9 10 en 11", "3 en 8", "2 t/m 4", "1 tot en met 3"
NUMBER_LIST = r"\d{1,3}(?:\s*(?:,|en|t/m|tot\s+en\s+met|-|–)?\s*\d{1,3})*"

_RANGE = re.compile(r"(\d{1,3})\s*(?:t/m|tot\s+en\s+met|-|–)\s*(\d{1,3})")


def label_numbers(text: str) -> tuple[int, ...]:
    """The numbers of a label such as "Antwoord 7, 8, 9 10 en 11", in order, without repeats."""
    numbers: list[int] = []
    pos = 0
    for m in _RANGE.finditer(text):
        numbers.extend(int(n) for n in re.findall(r"\d{1,3}", text[pos:m.start()]))
        lo, hi = int(m.group(1)), int(m.group(2))
        numbers.extend(range(lo, hi + 1) if 0 < hi - lo < 100 else (lo, hi))
        pos = m.end()
    numbers.extend(int(n) for n in re.findall(r"\d{1,3}", text[pos:]))
    return tuple(dict.fromkeys(numbers))


# A pointer to other answers: an answer word ("antwoord", "beantwoording", "reactie") before
# "vraag/vragen N", or "zie ... vraag N". Questions mentioned without such a word ("de vragen 3
# en 4 van het lid ...") are not cross-references.
_CROSS_REF = re.compile(
    r"""
    (?:
        (?:antwoord(?:en)?|beantwoording|reactie)\s+(?:op|bij|van)\s+(?:de\s+)?
      | \bzie\b[^.;:]{0,40}?
    )
    vra(?:ag|gen)\s+(?:nummers?\s+|nr\.?\s+)?
    (?P<numbers>""" + NUMBER_LIST + r""")
    """,
    re.IGNORECASE | re.VERBOSE,
)


_QUESTION_WORD = re.compile(r"vra(?:ag|gen)\b", re.IGNORECASE)


def cross_refs(answer: str) -> tuple[int, ...]:
    """The item numbers an answer points to, in order of appearance."""
    found: list[int] = []
    done = 0
    # The full pattern only near each "vraag"/"vragen": scanning a long answer with it is slow.
    for v in _QUESTION_WORD.finditer(answer):
        if v.start() < done:
            continue
        m = _CROSS_REF.search(answer, max(done, v.start() - 60), v.end() + 80)
        if m and m.start("numbers") >= v.end():
            found.extend(label_numbers(m.group("numbers")))
            done = m.end()
    return tuple(dict.fromkeys(found))


_REFERRAL_ONLY = re.compile(
    r"^\s*(?:voor\s+(?:de\s+)?(?:beantwoording|het\s+antwoord)[^.]{0,40}?)?"
    r"(?:zie|verwezen\s+wordt\s+naar|ik\s+verwijs\s+(?:u\s+)?naar|het\s+kabinet\s+verwijst\s+(?:u\s+)?naar)"
    r"[^.]{0,120}?vra(?:ag|gen)\s+" + NUMBER_LIST + r"[^.]{0,60}\.?\s*$",
    re.IGNORECASE,
)


def is_referral_only(answer: str | None) -> bool:
    """True when the answer is nothing but a pointer to other answers."""
    return bool(answer) and bool(_REFERRAL_ONLY.match(answer or "")) and bool(cross_refs(answer or ""))
