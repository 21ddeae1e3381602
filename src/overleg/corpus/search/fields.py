"""Field filters typed in the query (``groep:D66 lid:Bushoff van:2024-01-01``) and pasted questions.

``read_query(text)`` splits what a user typed into the text the parser searches and the
``SearchFilters`` the fields name (docs/search.md, "Query syntax"). A field is a known name, a
colon and a value at the start of a word (``commissie:"Buitenlandse Zaken"`` quotes a value with
spaces); an unknown name (``http:``, ``12:30``) and a field with nothing after the colon stay
ordinary words, and a field inside a ``"phrase"`` is part of the phrase. A date that is not one
is an ``InvalidQuery`` with a Dutch message. The fields apply to the whole query: they are taken
out before the parser sees the text, so ``(lid:A OR lid:B)`` is not an OR of two members (the
last one typed counts).

A pasted question, plain words without operators that are many (more than ``QUESTION_WORDS``)
or end with a question mark, is searched as the OR of its words (ranked by BM25) instead of
their AND, which would demand every word of the question in one text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from overleg.corpus.search.analysis import fold, tokens
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.query import MAX_LEAVES, MAX_QUERY_CHARS
from overleg.errors import InvalidQuery
from overleg.model import DocumentType
from overleg.vocabulary.document_types import TYPE_NAMES

QUESTION_WORDS = 6  # more plain words than this is a pasted question, not keywords

# field name (folded) -> the SearchFilters attribute it sets; "datum" sets both dates
FIELDS: dict[str, str] = {
    "groep": "group", "fractie": "group", "group": "group",
    "lid": "asker", "kamerlid": "asker", "vraagsteller": "asker", "asker": "asker",
    "partij": "party", "party": "party",
    "ministerie": "ministry", "minister": "ministry", "ministry": "ministry",
    "commissie": "committee", "committee": "committee",
    "soort": "type", "type": "type",
    "van": "date_from", "vanaf": "date_from", "from": "date_from",
    "tot": "date_to", "to": "date_to",
    "datum": "date", "date": "date",
}

# a quoted phrase (kept whole), a field with its (quoted) value, a bracket, a word, spaces
_SCAN = re.compile(r'(?P<phrase>"[^"]*"?)'
                   r'|(?P<name>[^\W\d_]+):(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s()"]+))'
                   r'|(?P<other>[()]|[^\s"()]+|\s+)')
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}


@dataclass(frozen=True)
class TypedQuery:
    """What a user typed, read: ``text`` is what the parser searches (the fields taken out; a
    question as the OR of its words), ``filters`` the fields typed, ``question`` whether it was
    read as a pasted question."""

    text: str
    filters: SearchFilters
    question: bool = False


def read_query(typed: str) -> TypedQuery:
    """The text query and the filters typed in ``typed``; ``InvalidQuery`` (Dutch) for a field
    whose value cannot be one (a date that is not a date, an unknown document type).

    >>> read_query('lid:Bushoff commissie:"Buitenlandse Zaken" Rafah')
    TypedQuery(text='Rafah', filters=SearchFilters(type=None, group=None, asker='Bushoff', party=None, \
committee='Buitenlandse Zaken', ministry=None, date_from=None, date_to=None, has_commitment=False, \
referral_only=False), question=False)
    """
    if len(typed) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"de zoekvraag is langer dan {MAX_QUERY_CHARS} tekens")
    kept: list[str] = []
    values: dict[str, object] = {}
    for m in _SCAN.finditer(typed):
        name = m.group("name")
        attribute = FIELDS.get(fold(name)) if name else None
        value = m.group("quoted") if m.group("quoted") is not None else m.group("bare")
        if attribute is None or value is None or not value.strip():
            kept.append(m.group())  # not a field: an ordinary word (the parser splits "http:x")
            continue
        values.update(_field(attribute, value.strip(), fold(name)))
    text = " ".join("".join(kept).split())
    filters = SearchFilters(**values)  # type: ignore[arg-type]  # attribute names from FIELDS only
    words = question_words(text)
    if words is not None:
        return TypedQuery(words, filters, question=True)
    return TypedQuery(text, filters)


def _field(attribute: str, value: str, name: str) -> dict[str, object]:
    """The filter values of one field (a date field: its first or last day)."""
    if attribute == "type":
        return {"type": document_type(value)}
    if attribute in ("date_from", "date_to", "date"):
        first, last = day_range(value, name)
        return {"date_from": first} if attribute == "date_from" else {"date_to": last} \
            if attribute == "date_to" else {"date_from": first, "date_to": last}
    return {attribute: value}


_DAY = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?|(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>\d{4})")


def day_range(value: str, name: str = "datum") -> tuple[dt.date, dt.date]:
    """The first and last day a date field names: ``2024`` a year, ``2024-03`` a month,
    ``2024-03-05`` (or ``5-3-2024``) a day.

    >>> day_range("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    m = _DAY.fullmatch(value)
    try:
        if m is None:
            raise ValueError(value)
        year = int(m.group("y") or m.group("y2"))
        month, day = m.group("m") or m.group("m2"), m.group("d") or m.group("d2")
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1), dt.date(year, int(month), last)
        one = dt.date(year, int(month), int(day))
        return one, one
    except ValueError:
        raise InvalidQuery(f"{name}:{value} is geen datum; schrijf bijvoorbeeld {name}:2024-03-31, "
                           f"{name}:2024-03 of {name}:2024") from None


def _type_key(text: str) -> str:
    return " ".join(re.split(r"[\W_]+", fold(text))).strip()


_TYPES: dict[str, str] = {
    **{_type_key(t.value): t.value for t in DocumentType},
    **{_type_key(name): t.value for t, name in TYPE_NAMES.items()},
}


def document_type(value: str) -> str:
    """A document type by its id (``schriftelijke-vragen``) or its Dutch name, whole or the start
    of it (``"Lijst van vragen"``, ``verslag``: the first type whose name starts so).

    >>> document_type("Schriftelijke vragen"), document_type("lijst")
    ('schriftelijke-vragen', 'lijst-van-vragen-en-antwoorden')
    """
    key = _type_key(value)
    if key in _TYPES:
        return _TYPES[key]
    for name, type_id in _TYPES.items():
        if key and name.startswith(key):
            return type_id
    known = ", ".join(t.value for t in DocumentType)
    raise InvalidQuery(f"soort:{value} is geen soort document; bekend zijn {known}")


def question_words(text: str) -> str | None:
    """``text`` as the OR of its first ``MAX_LEAVES`` distinct words when it is a pasted
    question, else None. A question has no operator (``AND``, ``OR``, ``NOT``) and no
    ``prefix*``, and either ends with ``?`` or has more than ``QUESTION_WORDS`` words and no
    ``"phrase"`` or ``-word`` (which typed keywords mean as phrase and NOT); brackets alone group
    nothing (AND is the default) and are punctuation. A text of more than ``MAX_LEAVES`` words
    without operators is pasted text whatever it holds: as a query it would be refused. The
    words are analysed words (letters and digits), so the result parses to exactly their OR; it
    is cut to the query's character cap, words dropped from the end. Real written questions hold
    brackets, quotations and hyphenated words ("wet- en regelgeving", "en
    -incontinentiematerialen"): of 419 in ../shared/corpus/relevance, 80 were searched as the AND
    of their words before brackets and a closing ``?`` were read so.

    >>> question_words("Wat is de stand van zaken rond Rafah?")
    'wat OR is OR de OR stand OR van OR zaken OR rond OR rafah'
    >>> question_words("sancties Rusland") is None, question_words('"humanitaire hulp" Gaza Rafah Israel Iran VS VN')
    (True, None)
    >>> question_words('Kent u het bericht "Grens Rafah dicht" (NOS)?')
    'kent OR u OR het OR bericht OR grens OR rafah OR dicht OR nos'
    """
    chunks = text.split()
    if not chunks or any(c in _OPERATORS or c.endswith("*") for c in chunks):
        return None
    words = list(dict.fromkeys(tokens(text)))
    if not words:
        return None
    asked = text.rstrip().endswith("?")
    typed_syntax = '"' in text or any(len(c) > 1 and c.startswith("-") for c in chunks)
    if len(words) <= MAX_LEAVES and not asked and (typed_syntax or len(words) <= QUESTION_WORDS):
        return None
    return or_of_words(text)


def or_of_words(text: str) -> str | None:
    """The OR of the first ``MAX_LEAVES`` distinct words of ``text`` (any text: every character
    not a letter or digit separates), cut to the query's character cap; None without words.

    >>> or_of_words("Is de grens bij Rafah open? Is hij dicht?")
    'is OR de OR grens OR bij OR rafah OR open OR hij OR dicht'
    """
    words = list(dict.fromkeys(tokens(text)))[:MAX_LEAVES]
    while len(" OR ".join(words)) > MAX_QUERY_CHARS:
        words.pop()
    return " OR ".join(words) or None


def combine(typed: SearchFilters, given: SearchFilters) -> SearchFilters:
    """The filters of the query combined with those of the form or the API: both must hold. Dates
    narrow (the later start, the earlier end); a text filter typed in the query replaces the
    form's (one value per filter); a flag of either holds."""
    date_from = max((d for d in (typed.date_from, given.date_from) if d is not None), default=None)
    date_to = min((d for d in (typed.date_to, given.date_to) if d is not None), default=None)
    return replace(given, type=typed.type or given.type, group=typed.group or given.group,
                   asker=typed.asker or given.asker, party=typed.party or given.party,
                   committee=typed.committee or given.committee, ministry=typed.ministry or given.ministry,
                   date_from=date_from, date_to=date_to,
                   has_commitment=typed.has_commitment or given.has_commitment,
                   referral_only=typed.referral_only or given.referral_only)
