"""Text analysis shared by indexing and querying: fold, tokenise, stem, split compounds.

Both databases index the output of ``analyse`` (SQLite FTS5 with the ``unicode61`` tokenizer,
PostgreSQL ``to_tsvector('simple', ...)``), so stemming and folding are identical on both: the
Snowball ``dutch_porter`` stemmer from PyStemmer after a plural -s following a vowel is taken off
(*sancties* and *sanctie* are one stem, which dutch_porter alone kept apart), after diacritics
are folded and case is lowered (``_stem``). ``index_terms`` adds the parts of Dutch compounds
(``split_compound``: *vuurwerkopslag* -> *vuurwerk*, *opslag*) by a word list built from the corpus
(docs/search.md, "Compounds").
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import Stemmer

STEMMER = "dutch_porter"
_TOKEN = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer(STEMMER)
_STEMMER.maxCacheSize = 100_000
_MAX_CACHE = 200_000
# a plural -s after an e or in -aus (sancties, gemeentes, rapportages, niveaus), which dutch_porter
# keeps; not after other vowels (huis, crisis, status, chaos, atlas are singulars), nor in the few
# singulars in -es (proces / processen: the doubled s is undone below)
_PLURAL_S = re.compile(r"(e|au)s$")
_SINGULAR_ES = frozenset(("proces", "adres", "congres", "succes", "exces", "abces", "kompres", "expres", "cipres"))
# a doubled consonant left at the end of a stem: dutch_porter undoubles only kk, dd, tt
_DOUBLED = re.compile(r"([bcfglmnprsvz])\1$")


# Dutch function words (articles, pronouns, prepositions, conjunctions, auxiliaries, question
# words): a word that is none of them but stems as one of them is indexed as itself (``_stem``)
_FUNCTION_WORDS = """
aan al alle alleen als altijd ander andere anders ben bent bij binnen boven daar daarbij daarin daarmee daarnaast
daarom daarvan dan dat de deze die dit doch doen door dus een eens en er ermee erop ervan even geen gehad geweest had
hadden heb hebben hebt heeft hem het hier hij hoe hoeveel hun ik in is ja je kan kon kunnen kunt let maar me meer men
met mij mijn moet moeten na naar nee niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toe tot u
uit uw van veel voor waar waarom wanneer want waren was wat we wel welk welke werd werden wie wij wil wilt worden
wordt zal ze zelf zich zij zijn zo zonder zou zouden zullen zult
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def _stem(word: str) -> str:
    """Snowball dutch_porter, after a plural -s following a vowel is taken off (*sancties* ->
    *sanctie*: dutch_porter takes an -s off only after a consonant), and a doubled consonant
    it leaves at the end undoubled (*aantallen* -> ``aantal`` as *aantal*). A word whose stem is a
    function word's (*overheid* -> ``over``, *reden* -> ``red`` as *reeds*, *kans* -> ``kan``,
    *mens* -> ``men``) is indexed as itself: a search for the one must not find the other. Why
    not Snowball's newer ``dutch`` (Kraaij-Pohlmann): docs/search.md, "Stemming and folding"."""
    plural_s = len(word) >= 5 and _PLURAL_S.search(word) is not None and word not in _SINGULAR_ES
    found = _porter(word[:-1] if plural_s else word)
    if len(found) >= 4 and _DOUBLED.search(found):  # aantall(en), plann(en), process(en): as kabinett(en)
        found = found[:-1]
    if found in _FUNCTION_STEMS and word not in FUNCTION_WORDS:
        return word
    return found


def _porter(word: str) -> str:
    return str(_STEMMER.stemWord(word))


_FUNCTION_STEMS = frozenset(map(_porter, FUNCTION_WORDS))


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
    """The stem of one folded word (``_stem``).

    >>> stem("sancties"), stem("sanctie"), stem("vragen"), stem("vraag")
    ('sanctie', 'sanctie', 'vrag', 'vrag')
    """
    return _stem(word)


def analyse(text: str) -> str:
    """The indexed form of ``text``: its stems, separated by spaces, in order.

    >>> analyse("Vragen over Oekraïne")
    'vrag over oekrain'
    """
    return " ".join(stems_of(tokens(text)))


def stems_of(words: list[str]) -> list[str]:
    """The stem of each of ``words`` (folded tokens), in order."""
    stems = list(map(_STEMS.get, words))
    if None in stems:  # words not seen before: stemmed once, then a dict lookup (PyStemmer's own cache is slower)
        for n, (word, found) in enumerate(zip(words, stems, strict=True)):
            if found is None:
                stems[n] = _STEMS[word] = _stem(word) if len(_STEMS) < _MAX_CACHE else stem(word)
    return stems  # type: ignore[return-value]


VOCABULARY_LETTERS = (3, 64)  # the words "Bedoelde u ...?" keeps (search.suggest): letters only, this long


def vocabulary_words(words: list[str]) -> list[str]:
    """Those of ``words`` (folded tokens) the spelling vocabulary keeps, each once, in order."""
    low, high = VOCABULARY_LETTERS
    return [w for w in dict.fromkeys(words) if w.isalpha() and low <= len(w) <= high]  # each once: fewer checks


_STEMS: dict[str, str] = {}

# Compounds -------------------------------------------------------------------------------------

WORDS_FILE = Path(__file__).resolve().parents[2] / "vocabulary" / "compound_words.json"
MIN_COMPOUND = 9  # letters: shorter words are left whole ("verslag", "minister", "regering")
MIN_PART = 4  # letters: "ei", "oog", "wet" as parts would split far too much
MAX_PARTS = 4
MAX_LETTERS = 40  # longer "words" are identifiers or run-together text, not compounds
# the Dutch linking sounds between parts: veiligheid-s-regio, zieken-huis (zieke-n), pann-e-koek
LINKS = ("s", "e", "en")

# Never a part: function words (a compound of "over" or "door" is a prefixed verb, not two
# nouns) and words that are mostly suffixes ("-heid", "-lijk", "-baar", ...), which would split
# ordinary derived words. The word list is built without them (scripts/build-compound-dictionary).
_NOT_PARTS = """
achter aldus alle alleen alles alsof altijd ander andere anders beide bijna binnen boven buiten daar daarbij daarin
daarmee daarna daarom daarop daartoe daarvan dat deze dezelfde doch doen door echter eens eerder eerst enkele ergens
even haar heeft hebben hele hier hierbij hierin hierop hiervan hoewel hunne iets ieder jouw juist kunnen later maar
meer meest mijn minder moet moeten naar naast niet niets noch omdat onder ongeveer ooit over rond sinds slechts tegen
tijdens toch totdat tussen vanaf vanuit veel verder vooral voor vrij waar waarbij waarom wanneer want weer welk welke
werd werden wiens wordt worden zelf zich zijn zoals zodat zodra zonder zouden zullen zulke heid heden lijk lijke
lijken lijker baar bare schap ling lingen isch ische tjes aars erij erijen ster sters ring ringen best zaam zame loos
loze matig matige achtig achtige wijs waardig waardige ende iger igen ingen atie aties
"""
NOT_PARTS = frozenset(_NOT_PARTS.split())


@cache
def compound_words() -> dict[str, int]:
    """The bundled word list: folded words that may be parts of a compound, with how often the
    corpus they were counted over holds them."""
    data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    return {str(w): int(n) for w, n in data["words"].items()}


@cache
def _listed_stems() -> dict[str, int]:
    """The stems of the listed words, with the count of the most frequent word of each: the last
    part of a compound carries its inflection (*stikstof-uitstoten*), and the list may hold the
    head in another form (*uitstoot*)."""
    found: dict[str, int] = {}
    for word, count in compound_words().items():
        key = stem(word)
        found[key] = max(found.get(key, 0), count)
    return found


@lru_cache(maxsize=_MAX_CACHE)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a folded compound word, or ``()`` when it is not one.

    A word of at least MIN_COMPOUND letters is split into the fewest parts of at least MIN_PART
    letters, each in the word list (the last one: a word with the stem of a listed word, as it
    carries the inflection), with a linking ``s``, ``e`` or ``en`` allowed after any part but the
    last (among splits into as many parts, the one whose parts are most frequent). No
    test of the whole word's frequency against its parts' (Koehn and Knight, 2003): over a corpus
    this small it kept most real compounds whole ("kamerstuk", "energieverbruik"), and the whole
    word's stem is indexed anyway, so a split only adds terms.

    >>> split_compound("vuurwerkopslag"), split_compound("stikstofuitstoot"), split_compound("minister")
    (('vuurwerk', 'opslag'), ('stikstof', 'uitstoot'), ())
    """
    n = len(word)
    if n < MIN_COMPOUND or n > MAX_LETTERS or not word.isalpha():
        return ()
    known = compound_words()
    # best[i]: the best split of word[:i] ending with a part (ends) or with a link after one
    # (links), as (parts, -sum of log counts, the parts); fewer parts first, then more frequent
    ends: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (n + 1)
    links: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (n + 1)
    ends[0] = (0, 0.0, ())  # the start: a part may follow
    for i in range(n):
        for start in (ends[i], links[i]):
            if start is not None:
                _extend(word, i, start, known, ends, links)
    best = ends[n]
    if best is None or best[0] < 2:
        return ()
    return best[2]


def _extend(word: str, i: int, start: tuple[int, float, tuple[str, ...]], known: dict[str, int],
            ends: list[tuple[int, float, tuple[str, ...]] | None],
            links: list[tuple[int, float, tuple[str, ...]] | None]) -> None:
    """Every part of ``word`` that starts at ``i`` after ``start``, and the links after it."""
    count, cost, parts = start
    if count == MAX_PARTS:
        return
    n = len(word)
    for j in range(i + MIN_PART, n + 1 if i else n):  # the whole word is not a part of itself
        seen = known.get(word[i:j])
        if not seen and j == n:
            seen = _listed_stems().get(stem(word[i:j]), 0)
        if not seen:
            continue
        found = (count + 1, cost - math.log(seen), (*parts, word[i:j]))
        if ends[j] is None or found[:2] < ends[j][:2]:  # type: ignore[index]
            ends[j] = found
        for link in LINKS:
            k = j + len(link)
            if k < n and word.startswith(link, j) and (links[k] is None or found[:2] < links[k][:2]):  # type: ignore[index]
                links[k] = found


def index_terms(text: str) -> list[str]:
    """The terms an entry is indexed by: the stems of ``analyse(text)``, in order, each compound's
    stem followed by the stems of its parts (so "opslag" finds *vuurwerkopslag*). The words are
    split, not their stems (which the indexer has from ``analyse``): the word list holds words.

    >>> index_terms("De vuurwerkopslag in Culemborg")
    ['de', 'vuurwerkopslag', 'vuurwerk', 'opslag', 'in', 'culemborg']
    """
    return terms_of(tokens(text))


def terms_of(words: list[str]) -> list[str]:
    """``index_terms`` of a text's folded tokens ``words``."""
    found = list(map(_TERMS.get, words))
    if None in found:  # words not seen before: stemmed and split once, then a dict lookup (as analyse)
        for n, (word, terms) in enumerate(zip(words, found, strict=True)):
            if terms is None:
                terms = found[n] = (stem(word), *part_terms(word))
                if len(_TERMS) < _MAX_CACHE:
                    _TERMS[word] = terms
    return list(chain.from_iterable(found))  # type: ignore[arg-type]


def part_terms(word: str) -> tuple[str, ...]:
    """The stems of the parts of a folded compound word (``()`` if it is none)."""
    return tuple(stem(p) for p in split_compound(word))


_TERMS: dict[str, tuple[str, ...]] = {}


def query_terms(word: str) -> tuple[str, tuple[str, ...]]:
    """A folded query word as the index knows it: its stem, and the terms of its parts when it is
    a compound (the parts of a compound query word are in every entry holding the compound, so
    the query side needs them only to find the parts written apart: "uitstoot van stikstof").

    >>> query_terms("stikstofuitstoot")
    ('stikstofuitstot', ('stikstof', 'uitstot'))
    """
    return stem(word), part_terms(word)
