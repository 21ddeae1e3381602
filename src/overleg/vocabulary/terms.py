"""The Tweede Kamer's terms for answering written questions.

The Reglement van Orde van de Tweede Kamer (art. 12.2 RvO TK, hoofdstuk 12 "Het vragen van
inlichtingen aan de regering") gives a minister three weeks to answer a member's written
questions; a minister who cannot answer within that term tells the Voorzitter so, with the
reasons and the moment the answers are expected (the *mededeling uitstel antwoord*). The Kamer's
practice then counts six weeks from the questions: its weekly list of unanswered questions names
the sets "not answered within three weeks, or within six weeks after a postponement notice"
(parlementairemonitor.nl, "Vragenrecht"; Reformatorisch Dagblad, 18 February 2025, on that list).

What is implemented, exactly:

- ``due = submitted + 21 days`` (three weeks);
- ``due = submitted + 42 days`` when a postponement notice was received *before the answer*
  (on or before the answer's date; with no answer, any notice counts). A notice dated after the
  answer is no postponement of it and leaves the three weeks. One notice or several: six weeks
  (a second notice does not extend the term further; the Kamer's list knows only the two terms);
- an answer *on* the due date is in time; ``status`` is *answered* or *answered-late* for an
  answered case, else *overdue* when ``today`` is after the due date, else *open*.

The moment a notice names ("binnen zes weken", "na het reces") is not read: the Kamer's list
counts six weeks whatever it says.

>>> import datetime as dt
>>> due_date(dt.date(2025, 2, 5))
datetime.date(2025, 2, 26)
>>> due_date(dt.date(2025, 2, 5), notices=(dt.date(2025, 2, 21),))
datetime.date(2025, 3, 19)
>>> due_date(dt.date(2025, 2, 5), notices=(dt.date(2025, 3, 10),), answered=dt.date(2025, 3, 4))
datetime.date(2025, 2, 26)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from overleg.model.process import CaseStatus

TERM_WEEKS = 3
POSTPONED_TERM_WEEKS = 6
TERM_DAYS = 7 * TERM_WEEKS  # 21: the term without a postponement notice
POSTPONED_TERM_DAYS = 7 * POSTPONED_TERM_WEEKS  # 42: after a postponement notice


def postponed(notices: Iterable[dt.date | None], answered: dt.date | None = None) -> bool:
    """True when a notice came before the answer (on its day counts; no answer: any notice)."""
    return any(n is not None and (answered is None or n <= answered) for n in notices)


def due_date(submitted: dt.date | None, notices: Iterable[dt.date | None] = (),
             answered: dt.date | None = None) -> dt.date | None:
    """The last day of the term: three weeks after ``submitted``, six after a notice received
    before the answer; None without a submitted date."""
    if submitted is None:
        return None
    days = POSTPONED_TERM_DAYS if postponed(notices, answered) else TERM_DAYS
    return submitted + dt.timedelta(days=days)


def case_status(due: dt.date | None, answered: dt.date | None, today: dt.date) -> CaseStatus | None:
    """Where a case stands on ``today``; None when nothing can be said (no due date)."""
    if answered is not None and answered <= today:
        if due is None:
            return CaseStatus.ANSWERED
        return CaseStatus.ANSWERED if answered <= due else CaseStatus.ANSWERED_LATE
    if due is None:
        return None
    return CaseStatus.OVERDUE if today > due else CaseStatus.OPEN
