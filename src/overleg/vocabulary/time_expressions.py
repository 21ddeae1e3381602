"""Dutch time expressions in answers ("na de zomer", "eind dit jaar", "voor 1 juli") resolved
against the document's date into an interval of days: the earliest and the latest day the
expression allows. Pure: no database, no clock; the reference day is passed in.

The rules (docs/analytics.md, "Time expressions", keeps the same table):

- A phrase without a year ("in maart", "dit najaar", "voor de zomer") is the first such period
  whose last day is on or after the reference day: "voor de zomer" written in August is next
  year's summer. "dit jaar"/"volgend jaar"/"vorig jaar" count from the reference day's year.
- "in X" / "X" is X itself; "voor X" / "vóór X" is from the reference day to the day before X
  begins; "uiterlijk X" is to X's last day; "na X" begins the day after X ends. The earliest day
  is never before the reference day (a promise cannot be kept before it is made).
- Seasons are meteorological (KNMI): voorjaar March-May, zomer June-August, najaar
  September-November, winter December-February. The Kamer's summer is its recess, though:
  "voor de zomer" is "voor het zomerreces" (to the day before the recess begins) and "na de
  zomer" is "na het zomerreces": from the first day after the recess to 31 October (the weeks
  after the recess, not the whole autumn, which has its own word: najaar).
- Recesses: ``RECESSES`` holds the Tweede Kamer's published recess dates; other years follow
  the rule those dates follow: the summer recess begins on the first Friday on or after 3 July
  and ends on the Monday 59 days later; the Christmas recess begins on the last Friday on or
  before 23 December.
- "begin"/"eind" of a year is its first/last quarter, "medio" its middle half (April-September);
  of a month its first/last ten days ("eind mei": 21-31 May), "medio" days 11-20.
- "binnen twee weken", "binnen drie maanden": from the reference day to that many weeks or
  months later.
- "voor Prinsjesdag": to the day before the third Tuesday of September. "voor de
  begrotingsbehandeling": every budget of the year is debated before the Christmas recess, so
  to the day before that recess (an upper bound; the debate of one budget is not known here).
- "zo spoedig mogelijk", "op korte termijn", "binnenkort", "op een later moment", "te zijner
  tijd", "in de komende weken": a moment without a date (``earliest`` and ``latest`` None).

>>> ref = dt.date(2024, 7, 23)
>>> e = first("kom ik na de zomer terug", ref)
>>> e.printed, e.earliest, e.latest, e.deadline, (e.start, e.end)
('na de zomer', datetime.date(2024, 9, 3), datetime.date(2024, 10, 31), False, (7, 18))
>>> span("Uw Kamer wordt hier voor het zomerreces over geïnformeerd.", dt.date(2024, 5, 17))
('voor het zomerreces', '2024-05-17', '2024-07-04')
>>> span("De Kamer wordt voor de zomer geïnformeerd.", dt.date(2024, 8, 22))
('voor de zomer', '2024-08-22', '2025-07-03')
>>> span("ik zal de Kamer hierover eind dit jaar informeren", dt.date(2024, 7, 17))
('eind dit jaar', '2024-10-01', '2024-12-31')
>>> span("Uw Kamer wordt hierover dit najaar geïnformeerd.", dt.date(2024, 8, 22))
('dit najaar', '2024-09-01', '2024-11-30')
>>> span("In het najaar van 2024 wordt uw Kamer geïnformeerd.", dt.date(2024, 8, 22))
('In het najaar van 2024', '2024-09-01', '2024-11-30')
>>> span("Uw Kamer wordt in de eerste helft van 2024 geïnformeerd", dt.date(2024, 4, 11))
('in de eerste helft van 2024', '2024-04-11', '2024-06-30')
>>> span("in het tweede kwartaal van dit jaar", dt.date(2026, 2, 20))
('in het tweede kwartaal van dit jaar', '2026-04-01', '2026-06-30')
>>> span("Ik informeer uw Kamer voor 1 juli over de uitkomst.", dt.date(2026, 2, 20))
('voor 1 juli', '2026-02-20', '2026-06-30')
>>> span("begin volgend jaar", dt.date(2026, 2, 20))
('begin volgend jaar', '2027-01-01', '2027-03-31')
>>> span("in maart", dt.date(2026, 11, 2))
('in maart', '2027-03-01', '2027-03-31')
>>> span("binnen drie maanden", dt.date(2026, 11, 30))
('binnen drie maanden', '2026-11-30', '2027-02-28')
>>> span("voor het kerstreces", dt.date(2023, 10, 1))
('voor het kerstreces', '2023-10-01', '2023-12-21')
>>> span("voor Prinsjesdag", dt.date(2026, 2, 1))
('voor Prinsjesdag', '2026-02-01', '2026-09-14')
>>> span("zal ik uw Kamer zo spoedig mogelijk informeren", dt.date(2026, 2, 1))
('zo spoedig mogelijk', None, None)
>>> span("eind 2024", None)
('eind 2024', '2024-10-01', '2024-12-31')
>>> span("eind dit jaar", None)
('eind dit jaar', None, None)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from overleg.vocabulary.dates import MONTH_PATTERN, MONTHS, last_day

# The Tweede Kamer's recesses as published (source: tweedekamer.nl, "Recessen",
# https://www.tweedekamer.nl/debat_en_vergadering/recessen): (first day, last day).
# Years not listed follow ``summer_recess``/``christmas_recess``'s rule, which these entries obey.
RECESSES: dict[tuple[str, int], tuple[dt.date, dt.date]] = {
    ("zomer", 2023): (dt.date(2023, 7, 7), dt.date(2023, 9, 4)),
    ("kerst", 2023): (dt.date(2023, 12, 22), dt.date(2024, 1, 15)),
    ("zomer", 2024): (dt.date(2024, 7, 5), dt.date(2024, 9, 2)),
}


def summer_recess(year: int) -> tuple[dt.date, dt.date]:
    """The Tweede Kamer's summer recess of a year: the table, else the first Friday on or after
    3 July to the Monday 59 days later.

    >>> summer_recess(2026)
    (datetime.date(2026, 7, 3), datetime.date(2026, 8, 31))
    """
    return RECESSES.get(("zomer", year)) or summer_recess_by_rule(year)


def summer_recess_by_rule(year: int) -> tuple[dt.date, dt.date]:
    """The rule the published summer recesses follow (``RECESSES``)."""
    start = dt.date(year, 7, 3)
    start += dt.timedelta(days=(4 - start.weekday()) % 7)
    return start, start + dt.timedelta(days=59)


def christmas_recess(year: int) -> tuple[dt.date, dt.date]:
    """The Christmas recess beginning in a year: the table, else the last Friday on or before
    23 December to the Monday 24 days later.

    >>> christmas_recess(2025)
    (datetime.date(2025, 12, 19), datetime.date(2026, 1, 12))
    """
    return RECESSES.get(("kerst", year)) or christmas_recess_by_rule(year)


def christmas_recess_by_rule(year: int) -> tuple[dt.date, dt.date]:
    """The rule the published Christmas recesses follow (``RECESSES``)."""
    start = dt.date(year, 12, 23)
    start -= dt.timedelta(days=(start.weekday() - 4) % 7)
    return start, start + dt.timedelta(days=24)


def prinsjesdag(year: int) -> dt.date:
    """The third Tuesday of September."""
    first = dt.date(year, 9, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)


@dataclass(frozen=True)
class TimeExpression:
    """A time expression as printed, with the interval it allows (None where it has no date or
    the reference day is needed and unknown). ``deadline``: a bound ("voor", "uiterlijk",
    "binnen"), which holds for the whole sentence. ``start``/``end``: its place in the text."""

    printed: str
    earliest: dt.date | None
    latest: dt.date | None
    deadline: bool
    start: int
    end: int


_NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "acht": 8, "tien": 10,
            "twaalf": 12}
_ORDINALS = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4}
_SEASONS = {"voorjaar": 3, "lente": 3, "zomer": 6, "najaar": 9, "herfst": 9, "winter": 12}

_BOUND = r"(?P<bound>(?:ruim\s+)?(?:voor|vóór)|uiterlijk(?:\s+(?:in|op))?|in|tegen|rond|na|op|tijdens)"
_YEAR_WORD = r"(?P<year>dit\s+jaar|volgend\s+jaar|komend\s+jaar|vorig\s+jaar|(?:19|20)\d\d)"
_OF_YEAR = r"(?:\s+(?:van\s+)?" + _YEAR_WORD + r")?"
_THIS = r"(?P<this>dit|deze|komend|komende|volgend|volgende|aankomend|aankomende|vorig|afgelopen)"

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("vague", r"(?:zo\s+(?:spoedig|snel)\s+(?:als\s+)?mogelijk|op\s+(?:zo\s+)?korte\s+termijn|binnenkort|"
              r"op\s+een\s+later\s+moment|in\s+een\s+later\s+stadium|te\s+zijner\s+tijd|"
              r"(?:in\s+)?de\s+komende\s+(?:dagen|weken|maanden|periode))"),
    ("before_event", r"(?P<bound>(?:ruim\s+)?(?:voor|vóór))\s+(?:het|de)\s+[^.()]{3,80}?\((?P<day>\d{1,2})\s+"
                     r"(?P<month>" + MONTH_PATTERN + r")\s+(?P<year>(?:19|20)\d\d)\)"),
    ("within", r"binnen\s+(?P<n>\d{1,2}|" + "|".join(_NUMBERS) + r")\s+(?P<unit>dagen|dag|weken|week|maanden|maand)"),
    ("prinsjesdag", r"(?P<bound>(?:voor|vóór|uiterlijk|na|op))\s+Prinsjesdag" + _OF_YEAR),
    ("budget", r"(?P<bound>voor|vóór|uiterlijk\s+bij|bij|tijdens)\s+(?:de\s+)?begrotingsbehandeling(?:en)?\b"
               r"(?:\s+(?:van\s+)?(?:de\s+)?(?:begroting\s+)?(?:" + r"(?P<year>(?:19|20)\d\d)" + r"))?"),
    ("recess", r"(?P<bound>voor|vóór|na|tijdens|in)\s+het\s+(?P<recess>zomer|kerst)reces" + _OF_YEAR),
    ("summer", r"(?P<bound>voor|vóór|na)\s+de\s+zomer(?:\s+(?:van\s+)?(?P<year>(?:19|20)\d\d))?"),
    ("quarter", r"(?P<bound>in|voor|vóór|uiterlijk\s+in|na)\s+het\s+(?P<q>eerste|tweede|derde|vierde|[1-4]e)\s+"
                r"kwartaal" + _OF_YEAR),
    ("half", r"(?P<bound>in|voor|vóór|uiterlijk\s+in|na)\s+de\s+(?P<h>eerste|tweede|1e|2e)\s+helft" + _OF_YEAR),
    ("season", r"(?:(?P<bound>in|voor|vóór|na|uiterlijk\s+in|tijdens)\s+(?:het|de)\s+|" + _THIS + r"\s+)"
               r"(?P<season>voorjaar|lente|zomer|najaar|herfst|winter)" + _OF_YEAR),
    ("date", r"(?:(?P<bound>(?:voor|vóór|uiterlijk(?:\s+op)?|op|per|na))\s+)?(?P<day>\d{1,2})\s+(?P<month>"
             + MONTH_PATTERN + r")(?:\s+(?P<year>(?:19|20)\d\d)|(?P<past>\s+jl\b\.?))?"),
    ("part_month", r"(?:(?P<bound>voor|vóór|uiterlijk|in|tegen)\s+(?:het\s+)?)?(?P<part>begin|eind|einde|medio|half)\s+"
                   r"(?P<month>" + MONTH_PATTERN + r")(?:\s+(?:van\s+)?" + _YEAR_WORD + r")?"),
    ("month", r"(?P<bound>in|voor|vóór|uiterlijk\s+in|na|tijdens|per)\s+(?:de\s+maand\s+)?(?P<month>" + MONTH_PATTERN
              + r")" + _OF_YEAR),
    ("part_year", r"(?:(?P<bound>voor|vóór|tegen|in|rond|aan)\s+(?:het\s+)?)?(?P<part>begin|eind|einde|medio|midden)"
                  r"(?:\s+van)?\s+(?:het\s+)?(?:" + _YEAR_WORD + r"|(?P<bare>jaar))"),
    ("year", r"(?:(?P<bound>voor|vóór|in|uiterlijk\s+in|na|later|nog|in\s+de\s+loop\s+van)\s+)?"
             r"(?P<year>dit\s+jaar|volgend\s+jaar|komend\s+jaar)"
             r"|(?P<bound2>in|vóór|uiterlijk\s+in|in\s+de\s+loop\s+van)\s+(?P<year2>(?:19|20)\d\d)"),
)
_EXPRESSION = re.compile(
    "|".join(rf"\b(?P<{kind}>{pattern.replace('(?P<', f'(?P<{kind}_')})(?!\w)" for kind, pattern in _PATTERNS),
    re.IGNORECASE,
)


# The words an expression can begin with: the expression is tried only where one stands (a search
# of ``_EXPRESSION`` itself tries every alternative at every character: ten times slower).
_START = re.compile(r"\b(?:voor|vóór|ruim|uiterlijk|in|tegen|rond|na|op|tijdens|per|aan|bij|dit|deze|komende?|"
                    r"volgende?|aankomende?|vorig|afgelopen|later|nog|binnen|binnenkort|zo|te|de|begin|eind|einde|"
                    r"medio|half|midden|\d{1,2})\b", re.IGNORECASE)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_EXPRESSION.finditer`` finds, tried only where an expression can begin."""
    end = 0
    for start in _START.finditer(text):
        if start.start() < end:
            continue
        m = _EXPRESSION.match(text, start.start())
        if m:
            end = m.end()
            yield m


def find_all(text: str, reference: dt.date | None) -> list[TimeExpression]:
    """Every time expression in the text, in order, resolved against ``reference``."""
    found = []
    for m in _matches(text):
        kind = next(k for k, _ in _PATTERNS if m.group(k))
        groups = {name[len(kind) + 1:]: value for name, value in m.groupdict().items()
                  if name.startswith(kind + "_") and value is not None}
        earliest, latest, deadline = _resolve(kind, groups, reference)
        found.append(TimeExpression(m.group(kind), earliest, latest, deadline, m.start(), m.end()))
    return found


def first(text: str, reference: dt.date | None) -> TimeExpression | None:
    """The first time expression in the text, or None."""
    return next(iter(find_all(text, reference)), None)


def span(text: str, reference: dt.date | None) -> tuple[str, str | None, str | None] | None:
    """The first expression as printed with its earliest and latest day (ISO), for reading."""
    e = first(text, reference)
    if e is None:
        return None
    return e.printed, _iso(e.earliest), _iso(e.latest)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


Interval = tuple[dt.date, dt.date]


def _resolve(kind: str, g: dict[str, str], ref: dt.date | None) -> tuple[dt.date | None, dt.date | None, bool]:
    bound = " ".join(g.get("bound", g.get("bound2", "")).lower().split())
    if kind == "vague":
        return None, None, False
    if kind == "within":
        if ref is None:
            return None, None, True
        n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit.startswith("dag"):
            return ref, ref + dt.timedelta(days=n), True
        if unit.startswith("we"):
            return ref, ref + dt.timedelta(weeks=n), True
        return ref, _add_months(ref, n), True
    explicit = _explicit_year(g, ref)
    if explicit is not None:
        interval = _period(kind, g, explicit)
        return _bounded(bound, kind, g, interval, ref) if interval else (None, None, False)
    if ref is None:
        return None, None, False
    if g.get("past"):  # "op 11 juni jl.": the last such day on or before the reference day
        for year in (ref.year, ref.year - 1):
            interval = _period(kind, g, year)
            if interval is not None and interval[0] <= ref:
                return interval[0], interval[1], False
        return None, None, False
    # no year printed: the first period whose interval still lies (partly) ahead of the reference day
    for year in (ref.year - 1, ref.year, ref.year + 1):
        interval = _period(kind, g, year)
        if interval is None:
            continue
        earliest, latest, deadline = _bounded(bound, kind, g, interval, ref)
        if latest is None or latest >= ref:
            return earliest, latest, deadline
    return None, None, False


def _explicit_year(g: dict[str, str], ref: dt.date | None) -> int | None:
    """The year a phrase names ("2024", "dit jaar", "volgend jaar"); -1 when it names a relative
    year and the reference day is unknown; None when it names none."""
    word = (g.get("year") or g.get("year2") or "").lower()
    this = (g.get("this") or "").lower()
    if not word and g.get("bare"):
        word = "dit jaar"  # "eind van het jaar": this year
    if word[:2].isdigit():
        return int(word)
    if word:
        if ref is None:
            return -1
        if word.startswith("volgend") or word.startswith("komend"):
            return ref.year + 1
        if word.startswith("vorig"):
            return ref.year - 1
        return ref.year
    if this in ("dit", "deze") and ref is not None:
        return ref.year
    if this.startswith(("vorig", "afgelopen")) and ref is not None:
        return ref.year - 1
    if this and ref is None:
        return -1
    return None


def _period(kind: str, g: dict[str, str], year: int) -> Interval | None:
    if year < 0:
        return None
    if kind == "prinsjesdag":
        day = prinsjesdag(year)
        return day, day
    if kind == "budget":
        return dt.date(year, 9, 1), christmas_recess(year)[0] - dt.timedelta(days=1)
    if kind == "recess":
        return summer_recess(year) if g["recess"].lower() == "zomer" else christmas_recess(year)
    if kind == "summer":
        start, end = summer_recess(year)
        if g["bound"].lower() == "na":
            return end + dt.timedelta(days=1), dt.date(year, 10, 31)
        return start, end
    if kind == "quarter":
        q = _ORDINALS[g["q"].lower()]
        return dt.date(year, 3 * q - 2, 1), last_day(year, 3 * q)
    if kind == "half":
        h = _ORDINALS[g["h"].lower()]
        return dt.date(year, 6 * h - 5, 1), last_day(year, 6 * h)
    if kind == "season":
        month = _SEASONS[g["season"].lower()]
        start = dt.date(year, month, 1)
        end_year, end_month = (year + 1, 2) if month == 12 else (year, month + 2)
        return start, last_day(end_year, end_month)
    if kind in ("date", "before_event"):
        try:
            day = dt.date(year, MONTHS[g["month"].lower()], int(g["day"]))
        except ValueError:
            return None
        return day, day
    if kind == "month":
        month = MONTHS[g["month"].lower()]
        return dt.date(year, month, 1), last_day(year, month)
    if kind == "part_month":
        month = MONTHS[g["month"].lower()]
        part = g["part"].lower()
        if part == "begin":
            return dt.date(year, month, 1), dt.date(year, month, 10)
        if part in ("medio", "half"):
            return dt.date(year, month, 11), dt.date(year, month, 20)
        return dt.date(year, month, 21), last_day(year, month)
    if kind == "part_year":
        part = g["part"].lower()
        if part == "begin":
            return dt.date(year, 1, 1), dt.date(year, 3, 31)
        if part in ("medio", "midden"):
            return dt.date(year, 4, 1), dt.date(year, 9, 30)
        return dt.date(year, 10, 1), dt.date(year, 12, 31)
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _bounded(bound: str, kind: str, g: dict[str, str], interval: Interval,
             ref: dt.date | None) -> tuple[dt.date | None, dt.date | None, bool]:
    """The interval a bound word makes of a period (module docstring)."""
    start, end = interval
    if kind == "summer" and bound == "na":
        return _not_before(start, ref, end), end, False
    # "voor de begrotingsbehandeling": by the last day the debates can be (an upper bound);
    # "voor het einde van het jaar", "voor eind mei": by that end
    if kind == "budget" or (bound.endswith(("voor", "vóór")) and g.get("part", "").lower() in ("eind", "einde")):
        return ref, end, True
    if bound.endswith(("voor", "vóór")):
        return ref, start - dt.timedelta(days=1), True
    if bound.startswith("uiterlijk"):
        return ref, end, True
    if bound == "na":
        return _not_before(end + dt.timedelta(days=1), ref), None, False
    return _not_before(start, ref, end), end, False


def _not_before(day: dt.date, ref: dt.date | None, end: dt.date | None = None) -> dt.date:
    """``day``, or the reference day when that is later and still inside the period."""
    if ref is None or ref < day or (end is not None and ref > end):
        return day
    return ref


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return min(dt.date(year, month, 1) + dt.timedelta(days=day.day - 1), last_day(year, month))
