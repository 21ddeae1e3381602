"""Footnote bodies: joining their wrapped lines, finding their URLs and citations.

Shared by the container readers (a PDF's page-bottom notes, the notes of a text extraction)
and the text parsers. Reads: the lines of one note as printed, its number stripped. Writes: a
``Footnote`` whose text has line-end hyphenation undone, URLs wrapped over lines rejoined
without spaces (their own hyphens kept), and whose ``urls`` and ``refs`` are filled.

>>> join_lines_keeping_urls(["Hart van Nederland (https://www.hart.nl/regio/", "intocht-afgelast)."])
'Hart van Nederland (https://www.hart.nl/regio/intocht-afgelast).'
>>> join_lines_keeping_urls(["verdenking van mishan-", "deling (regio.nl/2024/tieners-weer-", "vrijgelaten/)."])
'verdenking van mishandeling (regio.nl/2024/tieners-weer-vrijgelaten/).'
>>> join_lines_keeping_urls(["Centrum voor Wiskunde en Informatica-", "CWI- en TNO"])
'Centrum voor Wiskunde en Informatica-CWI- en TNO'
>>> join_lines_keeping_urls(["van Oost-", "en Zuid-Nederland, de burge-", "meester"])
'van Oost- en Zuid-Nederland, de burgemeester'
>>> join_lines_keeping_urls(["de massa-", "explosieve reactie"])
'de massa-explosieve reactie'
>>> note_urls("Zie (https://www.ad.nl/a~b/) en www.internetconsultatie.nl/huisvesting_evacuees/b1.")
('https://www.ad.nl/a~b/', 'www.internetconsultatie.nl/huisvesting_evacuees/b1')
>>> note_urls("Post-Quantum Cryptography | CSRC (nist.gov)")
()
"""

from __future__ import annotations

import re

from overleg.extract.references import find_refs
from overleg.model import Footnote

# A URL as printed: with a scheme, starting "www.", or a bare domain followed by a path.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"]+"
    r"|(?<![\w@/.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/[^\s<>«»\"]*",
    re.I,
)
_URL_START = re.compile(r"(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/)", re.I)
# Characters that cannot end a printed URL: a URL broken after one of them continues.
_URL_OPEN_END = tuple("/-_.?=&#~%:+")
# Vowels that would read as one sound: Dutch spelling keeps a compound's hyphen between them
# ("zee-egel", "massa-explosie"), while a word broken between syllables writes a diaeresis.
_VOWEL_CLASH = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oo", "ou", "ui", "uu"})


def _last_token(text: str) -> str:
    return text[text.rfind(" ") + 1:]


def _in_url(token: str) -> bool:
    """True when the token holds the start of a URL and does not close with a bracket."""
    stripped = token.lstrip("(«[“‘\"")
    return bool(_URL_START.match(stripped)) and not token.endswith((")", ").", "),", ")."))


def _url_continues(prev: str, nxt: str) -> bool:
    """A URL at the end of ``prev`` goes on at the start of ``nxt`` (no space between)."""
    token = _last_token(prev)
    if ("/" not in token and "www" not in token) or not _in_url(token) or not nxt or nxt[0].isspace():
        return False
    first = nxt.split(None, 1)[0]
    if token.endswith(_URL_OPEN_END):
        return True
    # A URL broken at an arbitrary character: the next word continues it when it looks like
    # more URL (path characters, a closing bracket) rather than a word of a sentence.
    return bool(re.search(r"[/_~=&#%]|\)\.?$", first)) or (first.islower() and "-" in first)


def _joint(prev: str, nxt: str) -> tuple[int, str]:
    """How a wrapped line ``nxt`` joins the text ``prev`` before it (both stripped, not empty):
    how many characters to cut off prev's end (the hyphen of a broken word) and what goes
    between (a space or nothing). Only prev's last word matters, so its tail is enough."""
    prev = prev[-300:]
    if ("/" in prev or "www" in prev) and _url_continues(prev, nxt):
        return 0, ""
    if prev.endswith("-") and len(prev) >= 2:
        before = prev[-2]
        if re.match(r"(?:en|of|tot|en/of)\b", nxt):
            return 0, " "  # a suspended compound: "Oost-" / "en Zuid-Nederland"
        if before.islower() and nxt[0].islower():
            if (before + nxt[0]).lower() in _VOWEL_CLASH:
                return 0, ""  # "massa-" / "explosieve": the hyphen keeps the vowels apart
            return 1, ""
        if before.isalpha() or before.isdigit():
            # A real hyphen ("Informatica-" / "CWI-", "PKI-" / "consortium", "2022-" / "2023").
            return 0, ""
    return 0, " "


def join_two(prev: str, nxt: str) -> str:
    """Join one wrapped line to the text before it (see the module docstring)."""
    prev, nxt = prev.rstrip(), nxt.strip()
    if not prev or not nxt:
        return prev or nxt
    cut, between = _joint(prev, nxt)
    return prev[: len(prev) - cut] + between + nxt


def join_lines_keeping_urls(lines: list[str]) -> str:
    """The lines of one paragraph as one string (linear in the length of the paragraph)."""
    pieces: list[str] = []
    for line in lines:
        nxt = line.strip()
        if not nxt:
            continue
        if pieces:
            cut, between = _joint(_tail(pieces), nxt)
            if cut:
                pieces[-1] = pieces[-1][:-cut]
            nxt = between + nxt
        pieces.append(nxt)
    return " ".join("".join(pieces).split())


def _tail(pieces: list[str]) -> str:
    """The last line joined so far, with the lines before it that its last word goes on from: a
    URL wrapped over three lines is judged on its whole first part, not on its middle line."""
    tail, k = pieces[-1], len(pieces) - 1
    while " " not in tail and k > 0 and len(tail) < 300:
        k -= 1
        tail = pieces[k] + tail
    return tail


def note_urls(text: str) -> tuple[str, ...]:
    """The URLs printed in a text, without the punctuation that closes the sentence around them."""
    found: list[str] = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(".,;:")
        found.append(url)
    return tuple(dict.fromkeys(found))


def make_footnote(number: int, lines: list[str], series: str | None = None) -> Footnote:
    """A Footnote from its printed lines; text None when there is none."""
    text = join_lines_keeping_urls(lines)
    if not text:
        return Footnote(number=number, text=None, series=series)
    return Footnote(number=number, text=text, refs=find_refs(text), urls=note_urls(text), series=series)
