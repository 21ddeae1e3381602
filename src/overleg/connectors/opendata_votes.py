"""Tweede Kamer Open Data: a motion's Zaak, the Kamer's decision on it and the votes per group.

The gegevensmagazijn (OData v4) models a motion as a ``Zaak`` with ``Soort`` "Motie", in its
dossier (``Kamerstukdossier``: ``Nummer``, ``Toevoeging``) at ``Volgnummer`` (the paper's number:
kst-21501-02-3121 is dossier 21501, Toevoeging "02", Volgnummer 3121). Its ``Besluit`` entries
are the decisions taken on it: ``BesluitSoort`` ("Stemmen - aangenomen", "Stemmen - verworpen",
"Aangehouden", ...), ``BesluitTekst`` ("Aangenomen."), ``StemmingsSoort`` ("Met handopsteken",
"Hoofdelijk"), and its ``Stemming`` entries, one per group (``ActorFractie``, ``FractieGrootte``)
or, in a roll-call vote, per member (``ActorNaam``, ``Persoon_Id``), with ``Soort`` "Voor",
"Tegen" or "Niet deelgenomen". The decision's date is the date of the Agendapunt's Activiteit
(the voting session) where expanded, else the day the Besluit was last changed.

``zaak_query`` builds the request, ``read_zaak`` turns one Zaak entry into a ``ZaakVotes``
(decision and votes; malformed Stemming entries skipped and counted, never fatal; an entry that
is no Zaak at all is ``Malformed``), ``fetch`` asks the service for one motion's Zaak.
The field names are those of the Open Data model as served (docs/motions.md names the source).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from overleg.connectors.http import PoliteClient
from overleg.connectors.opendata import BASE_URL, Malformed, odata_entries
from overleg.model.motion import MotionOutcome, Vote

# decisions that end a motion's course, most telling first; a "Stemmen - ..." decision is a vote
_FINAL = ("stemmen", "aangehouden", "ingetrokken")


@dataclass(frozen=True)
class ZaakVotes:
    """One motion Zaak as Open Data serves it: its number, dossier and Volgnummer (the paper),
    the decision (None when none was taken yet) and the votes on it; ``skipped`` counts the
    Besluit and Stemming entries that could not be read."""

    zaak: str | None
    dossier: str | None
    number: str | None
    outcome: MotionOutcome | None
    votes: tuple[Vote, ...]
    skipped: int = 0


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def split_dossier(dossier: str) -> tuple[int, str | None]:
    """A dossier as printed -> (Nummer, Toevoeging).

    >>> split_dossier("21501-02"), split_dossier("36800-V"), split_dossier("34 104")
    ((21501, '02'), (36800, 'V'), (34104, None))
    """
    main, _, extra = dossier.replace(" ", "").partition("-")
    return int(main), extra or None


def zaak_query(dossier: str, number: str) -> dict[str, str]:
    """OData query options for the motion Zaak at ``number`` of ``dossier``, its decisions and votes."""
    nummer, toevoeging = split_dossier(dossier)
    in_dossier = f"d/Nummer eq {nummer}" + (f" and d/Toevoeging eq {_quote(toevoeging)}" if toevoeging else "")
    volgnummer = int("".join(c for c in number if c.isdigit()))
    return {
        "$filter": f"Soort eq 'Motie' and Volgnummer eq {volgnummer} and Kamerstukdossier/any(d: {in_dossier})",
        "$expand": "Kamerstukdossier($select=Nummer,Toevoeging),"
                   "Besluit($expand=Stemming,Agendapunt($expand=Activiteit($select=Datum)))",
    }


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _vote(obj: object) -> Vote | None:
    """A Stemming entry, or None when it cannot be read (no choice, no group or member)."""
    if not isinstance(obj, dict):
        return None
    choice, group, name = obj.get("Soort"), obj.get("ActorFractie"), obj.get("ActorNaam")
    if not isinstance(choice, str) or not choice.strip():
        return None
    if not isinstance(group, str) or not group.strip():
        if not isinstance(name, str) or not name.strip():
            return None
        group = name
    seats = obj.get("FractieGrootte")
    member = name.strip() if obj.get("Persoon_Id") and isinstance(name, str) and name.strip() else None
    return Vote(group.strip(), seats if isinstance(seats, int) and not isinstance(seats, bool) else None,
                choice.strip(), member)


def _decision_date(besluit: dict[str, Any]) -> dt.date | None:
    agendapunt = besluit.get("Agendapunt")
    activiteit = agendapunt.get("Activiteit") if isinstance(agendapunt, dict) else None
    if isinstance(activiteit, dict) and _day(activiteit.get("Datum")):
        return _day(activiteit.get("Datum"))
    return _day(besluit.get("GewijzigdOp"))


def _chosen(besluiten: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The decision that tells the motion's fate: the latest vote, else the latest decision to
    hold or withdraw it, else the latest decision of any kind."""
    live = [b for b in besluiten if b.get("Verwijderd") is not True]
    for word in _FINAL:
        found = [b for b in live if str(b.get("BesluitSoort") or "").lower().startswith(word)]
        if found:
            return max(found, key=lambda b: str(b.get("GewijzigdOp") or ""))
    return max(live, key=lambda b: str(b.get("GewijzigdOp") or ""), default=None)


def read_zaak(obj: object) -> ZaakVotes | Malformed:
    """One Zaak entry (with Besluit and Stemming expanded) as a ZaakVotes, or Malformed."""
    if not isinstance(obj, dict):
        return Malformed("?", f"an entry that is not an object ({type(obj).__name__})")
    key = str(obj.get("Nummer") or obj.get("Id") or "?")
    if not isinstance(obj.get("Id") or obj.get("Nummer"), str):
        return Malformed(key, "a Zaak entry without Id or Nummer")
    dossiers = [d for d in obj.get("Kamerstukdossier") or [] if isinstance(d, dict)]
    dossier = None
    if dossiers and dossiers[0].get("Nummer") is not None:
        extra = str(dossiers[0].get("Toevoeging") or "").strip()
        dossier = f"{dossiers[0]['Nummer']}{'-' + extra if extra else ''}"
    volg = obj.get("Volgnummer")
    raw = obj.get("Besluit") or []
    if not isinstance(raw, list):
        return Malformed(key, "its Besluit is not a list")
    besluiten = [b for b in raw if isinstance(b, dict) and isinstance(b.get("BesluitTekst") or b.get("BesluitSoort"),
                                                                       str)]
    skipped = len(raw) - len(besluiten)
    chosen = _chosen(besluiten)
    outcome: MotionOutcome | None = None
    votes: tuple[Vote, ...] = ()
    if chosen is not None:
        text = str(chosen.get("BesluitTekst") or chosen.get("BesluitSoort")).strip()
        outcome = MotionOutcome(text, chosen.get("BesluitSoort"), chosen.get("StemmingsSoort"),
                                _decision_date(chosen), obj.get("Nummer") if isinstance(obj.get("Nummer"), str)
                                else None)
        stemmingen = chosen.get("Stemming") or []
        live = [s for s in stemmingen if not (isinstance(s, dict) and s.get("Verwijderd") is True)] \
            if isinstance(stemmingen, list) else []
        votes = tuple(v for v in map(_vote, live) if v is not None)
        skipped += len(live) - len(votes)
    return ZaakVotes(obj.get("Nummer") if isinstance(obj.get("Nummer"), str) else None, dossier,
                     str(volg) if isinstance(volg, int) else None, outcome, votes, skipped)


def fetch(client: PoliteClient, dossier: str, number: str, base: str = BASE_URL) -> list[ZaakVotes | Malformed]:
    """The motion Zaken Open Data holds for paper ``number`` of ``dossier`` (usually one)."""
    url = f"{base.rstrip('/')}/Zaak"
    entries, _ = odata_entries(client.get(url, params=zaak_query(dossier, number)), url)
    return [read_zaak(e) for e in entries]
