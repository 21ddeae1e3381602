"""Dates as printed in Dutch parliamentary papers ("20 november 2023", "1 december 2023").

>>> parse_date("(ingezonden 20 november 2023)")
datetime.date(2023, 11, 20)
>>> parse_date("ontvangen 3 okt. 2023") is None
True
>>> parse_date("31 februari 2024") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
DATE = r"(?P<day>\d{1,2})\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})"
_DATE_RE = re.compile(DATE, re.I)


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """The date of a match of ``DATE``; None when the day does not exist."""
    try:
        return dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first written-out Dutch date in the text, or None."""
    m = _DATE_RE.search(text)
    return date_from_match(m) if m else None
