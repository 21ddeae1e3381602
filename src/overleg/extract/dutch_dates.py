"""Dates as Dutch parliamentary papers print them ("20 februari 2026", "17-02-2026").

>>> parse_date("Vastgesteld, 20 februari 2026")
datetime.date(2026, 2, 20)
>>> parse_date("op 1 mei jl.") is None
True
>>> [d.isoformat() for d, _, _ in find_dates("van 9 februari 2026 en 29 januari 2026")]
['2026-02-09', '2026-01-29']
>>> last_day(2026, 2)
datetime.date(2026, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = "|".join(MONTHS)

# A glued footnote marker after the year ("2 oktober 202514") is tolerated: only the first four
# digits are the year.
DATE_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>" + MONTH_NAMES + r")\s+(?P<year>(?:19|20)\d\d)"
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
