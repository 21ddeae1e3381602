"""Text analysis shared by indexing and querying: fold, tokenise, stem.

Both databases index the output of ``analyse`` (SQLite FTS5 with the ``unicode61`` tokenizer,
PostgreSQL ``to_tsvector('simple', ...)``), so stemming and folding are identical on both: the
Snowball ``dutch_porter`` stemmer from PyStemmer (the algorithm of PostgreSQL's ``dutch``
configuration), after diacritics are folded and case is lowered.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_TOKEN = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer("dutch_porter")
_STEMMER.maxCacheSize = 100_000
_MAX_CACHE = 200_000


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Latin letters with diacritics, folded by a table: NFKD per character is the slow part of indexing
_LATIN = {c: _strip(chr(c)) for c in (*range(0xA0, 0x250), *range(0x1E00, 0x1F00)) if _strip(chr(c)) != chr(c)}
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# str.translate looks up every character of a text; only the few non-ASCII ones need it
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _latin(match: re.Match[str]) -> str:
    c = match.group()
    return _LATIN.get(ord(c), c)


def fold(text: str) -> str:
    """Lower case without diacritics: ``Oekraïne`` -> ``oekraine``, ``één`` -> ``een``.

    >>> fold("Oekraïne, Curaçao")
    'oekraine, curacao'
    """
    if text.isascii():
        return text.lower()
    quick = _NON_ASCII.sub(_latin, text)
    if unicodedata.is_normalized("NFKD", quick) and not _COMBINING.search(quick):
        return quick.lower()
    return _strip(quick).lower()


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; everything else separates).

    >>> tokens("Minister-president Rutte's brief (2024)")
    ['minister', 'president', 'rutte', 's', 'brief', '2024']
    """
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=_MAX_CACHE)
def stem(word: str) -> str:
    """The Snowball dutch_porter stem of one folded word.

    >>> stem("vragen"), stem("vraag")
    ('vrag', 'vrag')
    """
    return str(_STEMMER.stemWord(word))


def analyse(text: str) -> str:
    """The indexed form of ``text``: its stems, separated by spaces, in order.

    >>> analyse("Vragen over Oekraïne")
    'vrag over oekrain'
    """
    words = tokens(text)
    stems = list(map(_STEMS.get, words))
    if None in stems:  # words not seen before: stemmed once, then a dict lookup (PyStemmer's own cache is slower)
        for n, (word, found) in enumerate(zip(words, stems, strict=True)):
            if found is None:
                stems[n] = _STEMS[word] = _STEMMER.stemWord(word) if len(_STEMS) < _MAX_CACHE else stem(word)
    return " ".join(stems)  # type: ignore[arg-type]


_STEMS: dict[str, str] = {}
