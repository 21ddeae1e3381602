"""A motion (motie): its own small record, since reports cite motions and sync meets them.

A motion is not a question document; ``overleg.readers.motion.read_motion`` reads one from the
official XML, a PDF or a Word file. Unknown values are None, never guesses. What the Kamer
decided on it and how each group voted (``MotionOutcome``, ``Vote``) come from the Tweede Kamer's
Open Data (``overleg.connectors.opendata_votes``), not from the paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overleg.model.ids import DocumentId


@dataclass(frozen=True)
class Submitter:
    """A member who moved the motion: ``name`` as signed under it ("Rikkers-Oosterkamp"),
    ``full_name`` with initials where the publication gives it ("M.G.F. Rikkers-Oosterkamp"),
    ``party`` where printed ("Ceder (ChristenUnie)")."""

    name: str
    full_name: str | None = None
    party: str | None = None


@dataclass(frozen=True)
class MotionRecord:
    """One motion as published: ``considerations`` are its "constaterende/overwegende dat"
    clauses, ``requests`` its "verzoekt ..." clauses, ``text`` the whole body as printed.

    ``date_text`` is the date line as printed ("Voorgesteld 24 april 2025"), ``dossier_title``
    the dossier's title, ``replaces`` the line naming the motion an amended one replaces
    ("Ter vervanging van die gedrukt onder nr. 8"), ``submitter_details`` the movers as in
    ``submitters`` with what the paper adds."""

    id: DocumentId | None
    dossier: str | None
    number: str | None
    title: str | None
    submitters: tuple[str, ...]
    date: dt.date | None
    text: str
    considerations: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    date_text: str | None = None
    dossier_title: str | None = None
    replaces: str | None = None
    submitter_details: tuple[Submitter, ...] = ()


@dataclass(frozen=True)
class Vote:
    """How one group voted: ``group`` as the Kamer names it ("GroenLinks-PvdA"), ``seats`` its
    size at the vote (``FractieGrootte``), ``choice`` "Voor", "Tegen" or "Niet deelgenomen"; a
    member voting on their own (a roll-call vote) has ``member`` set."""

    group: str
    seats: int | None
    choice: str
    member: str | None = None


@dataclass(frozen=True)
class MotionOutcome:
    """The Kamer's decision on a motion: ``decision`` as the Besluit words it ("Aangenomen."),
    ``kind`` its BesluitSoort ("Stemmen - aangenomen"), ``vote_kind`` how it was voted on
    ("Met handopsteken", "Hoofdelijk"), ``date`` when, ``zaak`` the Zaak's number."""

    decision: str
    kind: str | None
    vote_kind: str | None
    date: dt.date | None
    zaak: str | None = None

    @property
    def result(self) -> str | None:
        """"aangenomen", "verworpen", "aangehouden", "ingetrokken" or None, from the decision's words.

        >>> MotionOutcome("Aangenomen.", "Stemmen - aangenomen", "Met handopsteken", None).result
        'aangenomen'
        >>> MotionOutcome("Aangehouden (op verzoek van het lid).", None, None, None).result
        'aangehouden'
        """
        words = f"{self.kind or ''} {self.decision}".lower()
        for result in ("verworpen", "aangenomen", "aangehouden", "ingetrokken"):
            if result in words:
                return result
        return None
