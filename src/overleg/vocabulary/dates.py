"""Dates as Dutch parliamentary papers print them, read and written.

Three printed forms, each read where it occurs:

- ``parse_date``/``find_dates``/``DATE_RE``: a day and a full month name or "dd-mm-yyyy", a year
  of 19xx or 20xx; a glued footnote marker after the year ("2 oktober 202514") is tolerated;
- ``WRITTEN_DATE``/``date_from_match``: a day, a full month name and a year, as a pattern for a
  heading's sentences ("(ingezonden 20 november 2023)");
- ``LETTER_DATE``/``parse_letter_date``: also abbreviated months, as ministries' letters write
  them ("7 sept. 2023").

Writers print ``dutch_date``, the form all three read.

>>> parse_date("Vastgesteld, 20 februari 2026")
datetime.date(2026, 2, 20)
>>> parse_date("op 1 mei jl.") is None
True
>>> [d.isoformat() for d, _, _ in find_dates("van 9 februari 2026 en 29 januari 2026")]
['2026-02-09', '2026-01-29']
>>> last_day(2026, 2)
datetime.date(2026, 2, 28)
>>> import re; date_from_match(re.search(WRITTEN_DATE, "(ingezonden 20 november 2023)", re.I))
datetime.date(2023, 11, 20)
>>> parse_letter_date("18 oktober 2023"), parse_letter_date("3 okt. 2023")
(datetime.date(2023, 10, 18), datetime.date(2023, 10, 3))
>>> dutch_date(dt.date(2026, 2, 20)), dutch_date(None)
('20 februari 2026', '')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_PATTERN = "|".join(MONTHS)  # the full month names as a regex alternation
# months as ministries abbreviate them in letters ("sept.", "okt.")
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = {number: name for name, number in MONTHS.items()}


def dutch_date(d: dt.date | None) -> str:
    """'20 februari 2026'; '' for None."""
    return f"{d.day} {_MONTH_NAMES[d.month]} {d.year}" if d else ""


DUTCH_TIME = ZoneInfo("Europe/Amsterdam")  # every moment shown to a user is Dutch time


def dutch_moment(moment: dt.datetime | None) -> str:
    """A moment as the Kamer writes it, in Dutch time: '10 december 2026, 12.00 uur'; '' for None.

    >>> dutch_moment(dt.datetime(2026, 12, 10, 11, 0, tzinfo=dt.UTC))
    '10 december 2026, 12.00 uur'
    """
    if moment is None:
        return ""
    here = moment.astimezone(DUTCH_TIME) if moment.tzinfo else moment
    return f"{dutch_date(here.date())}, {here.hour}.{here.minute:02d} uur"


# --- a day and a full month name, or dd-mm-yyyy ----------------------------------------------

# A glued footnote marker after the year ("2 oktober 202514") is tolerated: only the first four
# digits are the year.
DATE_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>" + MONTH_PATTERN + r")\s+(?P<year>(?:19|20)\d\d)"
    r"|\b(?P<d2>\d{1,2})-(?P<m2>\d{1,2})-(?P<y2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _build(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("day"):
            return dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
        return dt.date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[tuple[dt.date, int, int]]:
    """Every valid date in the text with its span, in order."""
    for m in DATE_RE.finditer(text):
        found = _build(m)
        if found is not None:
            yield found, m.start(), m.end()


def parse_date(text: str) -> dt.date | None:
    """The first valid date in the text, or None."""
    return next((d for d, _, _ in find_dates(text)), None)


def last_day(year: int, month: int) -> dt.date:
    """The last day of a month."""
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# --- a written-out date inside a heading's sentence -------------------------------------------

WRITTEN_DATE = r"(?P<day>\d{1,2})\s+(?P<month>" + MONTH_PATTERN + r")\s+(?P<year>\d{4})"


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """The date of a match of ``WRITTEN_DATE``; None when the day does not exist."""
    try:
        return dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None


# --- a letter's date, perhaps with an abbreviated month ---------------------------------------

LETTER_DATE = r"\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}"
_LETTER_DATE_RE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})")
_LETTER_MONTHS = {**MONTHS, **MONTH_ABBREVIATIONS}


def parse_letter_date(text: str) -> dt.date | None:
    """The first Dutch date in the text ("7 september 2023", "7 sept. 2023"), or None."""
    for m in _LETTER_DATE_RE.finditer(text):
        month = _LETTER_MONTHS.get(m.group(2).lower())
        if month:
            try:
                return dt.date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                continue
    return None
