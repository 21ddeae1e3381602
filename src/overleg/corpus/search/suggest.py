""""Bedoelde u ...?": spelling suggestions from the corpus's own vocabulary (docs/search.md).

The indexer keeps ``search_words``: every surface word of the searchable texts, folded (lower
case, no diacritics; letters only, ``MIN_LETTERS`` to 64), with the number of texts holding it
(``record_words``, one call in ``index.index_documents``). For a query with few or no hits,
``suggestion`` proposes, for each word of the query the corpus does not know or holds rarely, the
closest frequent word: within ``MAX_EDITS`` edits (a swap of two neighbouring letters is one edit:
"Rafha" -> "Rafah"), a word of the same first two letters before one of the same first letter
before any other, then the fewest edits, then the most texts. Words are surface words, not
stems: a suggestion is a word to type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, bindparam, text

from overleg.corpus.search.analysis import VOCABULARY_LETTERS, fold, tokens, vocabulary_words
from overleg.store.core import Store
from overleg.store.engine import read

MIN_LETTERS = VOCABULARY_LETTERS[0]
MAX_EDITS = 2
RARE = 3  # a query word in fewer texts than this may be a typo
BETTER = 10  # a suggestion is held by at least this many times as many texts as the word typed
CANDIDATES = 3_000  # the most frequent words of a first letter (and length) compared with a word
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}


def words_of(body: str) -> list[str]:
    """The words of ``body`` the vocabulary keeps (folded; letters only, 3 to 64 of them), each once."""
    return vocabulary_words(tokens(body))


def record_words(conn: Connection, ids: Sequence[str], counted: Iterable[tuple[Sequence[str], Sequence[int]]], *,
                 replace: bool) -> None:
    """Count the words of the new texts of documents ``ids`` into ``search_words`` (``counted``:
    per document, its words as ``words_of`` gives them and how many of its texts hold each);
    ``replace``: the documents may be indexed already, and the words of their current texts are
    counted out first (call it before their rows are deleted). One statement for the batch,
    words in order (the same lock order for every writer on PostgreSQL). Summed here: summing
    the pairs in SQL (GROUP BY over ``json_each``) took 6 to 8 times as long."""
    delta: dict[str, int] = {}
    held = delta.get
    for words, counts in counted:
        for word, n in zip(words, counts, strict=True):
            delta[word] = held(word, 0) + n
    if replace:
        for start in range(0, len(ids), 500):
            for row in conn.execute(text("SELECT body FROM search_entries WHERE document_id IN :ids")
                                    .bindparams(bindparam("ids", expanding=True)), {"ids": ids[start:start + 500]}):
                for word in words_of(row.body):
                    delta[word] = held(word, 0) - 1
    changed = {w: n for w, n in sorted(delta.items()) if n}
    if changed:
        # the batch's words as one JSON parameter, unpacked by the database: one statement, not a
        # row per word through the driver (that was 70% of this function's time at ingest)
        conn.execute(text(_UPSERT[conn.dialect.name == "postgresql"]), {"words": json.dumps(changed)})


_UPSERT = (
    # SQLite: "WHERE true" tells the parser that ON CONFLICT belongs to the INSERT, not the join
    "INSERT INTO search_words (word, entries) SELECT key, value FROM json_each(:words) WHERE true "
    "ON CONFLICT (word) DO UPDATE SET entries = search_words.entries + excluded.entries",
    "INSERT INTO search_words (word, entries) SELECT key, CAST(value AS integer) "
    "FROM jsonb_each_text(CAST(:words AS jsonb)) "
    "ON CONFLICT (word) DO UPDATE SET entries = search_words.entries + excluded.entries",
)


def query_words(query: str) -> list[str]:
    """The words of a typed query worth checking: not operators, prefixes or field names."""
    found: list[str] = []
    for chunk in re.split(r'[\s()"]+', query):
        if not chunk or chunk in _OPERATORS or chunk.endswith("*"):
            continue
        if re.match(r"[^\W\d_]+:", chunk):
            continue  # a field (groep:D66): its value is a name, not a word of the texts
        found += vocabulary_words(tokens(chunk))
    return list(dict.fromkeys(found))


def suggestion(store: Store, query: str) -> str | None:
    """``query`` with each of its unknown or rare words replaced by the closest frequent word of
    the corpus, or None when no word has a better spelling."""
    words = query_words(query)
    if not words:
        return None
    with read(store.engine) as conn:
        better = corrections(conn, words)
    if not better:
        return None
    return re.sub(r"[^\W_]+", lambda m: _as_typed(m.group(), better.get(fold(m.group()))), query)


def _as_typed(word: str, better: str | None) -> str:
    """The suggestion in the case the word was typed in (diacritics are folded away)."""
    if better is None:
        return word
    return better.capitalize() if word[:1].isupper() else better


def corrections(conn: Connection, words: Iterable[str]) -> dict[str, str]:
    """For each of ``words`` (folded) that the corpus holds in fewer than ``RARE`` texts, the
    closest frequent word, when one is within ``MAX_EDITS`` (one edit for a word of up to four
    letters, or one the texts hold at all)."""
    words = list(words)
    known = _counts(conn, words)
    found: dict[str, str] = {}
    for word in words:
        own = known.get(word, 0)
        if own >= RARE:
            continue
        # a word the texts hold is corrected by one edit at most: "grenzen" is not "brengen"
        best = _closest(conn, word, max(2, own * BETTER), 1 if own or len(word) <= 4 else MAX_EDITS)
        if best is not None:
            found[word] = best
    return found


def _counts(conn: Connection, words: list[str]) -> dict[str, int]:
    rows = conn.execute(text("SELECT word, entries FROM search_words WHERE word IN :words")
                        .bindparams(bindparam("words", expanding=True)), {"words": words})
    return {row.word: int(row.entries) for row in rows}


def _closest(conn: Connection, word: str, at_least: int, edits: int) -> str | None:
    """The best word within ``edits`` of ``word`` held by ``at_least`` texts, looked for among the
    most frequent ``CANDIDATES`` words of a length within reach that start with the same two
    letters (most typos keep them: a narrow range of the primary key), then the same first
    letter, then any first letter (the most frequent words, by the ``entries`` index)."""
    bounds = {"lo": max(MIN_LETTERS, len(word) - edits), "hi": len(word) + edits, "n": at_least,
              "cap": CANDIDATES}
    for start in (word[:2], word[:1]):
        rows = conn.execute(text("SELECT word, entries FROM search_words WHERE word >= :a AND word < :b "
                                 "AND entries >= :n AND length(word) BETWEEN :lo AND :hi "
                                 "ORDER BY entries DESC, word LIMIT :cap"),
                            {**bounds, "a": start, "b": start[:-1] + chr(ord(start[-1]) + 1)}).all()
        best = _best(word, [(r.word, int(r.entries)) for r in rows], edits)
        if best is not None:
            return best
    # any first letter: the most frequent words walked by their count's index, the length checked
    other = conn.execute(text("SELECT word, entries FROM (SELECT word, entries FROM search_words "
                              "WHERE entries >= :n ORDER BY entries DESC LIMIT :wide) w "
                              "WHERE length(word) BETWEEN :lo AND :hi"),
                         {**bounds, "wide": CANDIDATES * 3}).all()
    return _best(word, [(r.word, int(r.entries)) for r in other], edits)


def _best(word: str, candidates: list[tuple[str, int]], edits: int) -> str | None:
    letters = set(word)
    # an edit changes at most two letters of the set of letters: a cheap test before the distance
    scored = [(d, -n, w) for w, n in candidates
              if w != word and len(letters.symmetric_difference(w)) <= 2 * edits
              and (d := distance(word, w, edits)) <= edits]
    return min(scored)[2] if scored else None


def distance(a: str, b: str, cap: int = MAX_EDITS) -> int:
    """Edits (insert, delete, substitute, swap of neighbours) from ``a`` to ``b``; ``cap + 1`` once
    more than ``cap`` are needed (computed in a band of width ``cap``: fast enough for thousands
    of candidates).

    >>> distance("rafha", "rafah"), distance("santies", "sancties"), distance("gaza", "rafah")
    (1, 1, 3)
    """
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    big = cap + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [big] * (len(b) + 1)
        row[0] = i
        for j in range(max(1, i - cap), min(len(b), i + cap) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            row[j] = value
        if min(row) > cap:
            return big
        previous2, previous = previous, row
    return min(previous[len(b)], big)
