"""Tweede Kamer Open Data (gegevensmagazijn, OData v4): documents by Soort, date and committee.

``find`` pages through ``Document`` (``@odata.nextLink``) ordered by ``GewijzigdOp``, with
``Zaak``, ``Activiteit``, ``DocumentVersie`` and ``Kamerstukdossier`` expanded; each entry
becomes a ``DocumentRecord`` (entries that do not fit are returned as ``Malformed`` and skipped
by the caller, never fatal). ``download`` fetches ``Document({id})/Resource``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from overleg.connectors.http import PoliteClient
from overleg.errors import FetchError

BASE_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
QUESTION_SOORTEN = (
    "Verslag van een schriftelijk overleg",
    "Inbreng verslag schriftelijk overleg",
    "Lijst van vragen en antwoorden",
    "Antwoord schriftelijke vragen",
    "Mededeling",
)


@dataclass(frozen=True)
class DocumentRecord:
    """What sync needs of one Open Data ``Document``: ``ob_id`` is the officielebekendmakingen id
    where the record tells it (a Kamerstuk's dossier and Volgnummer, or an Aanhangselnummer)."""

    id: str
    soort: str | None
    nummer: str | None
    title: str | None
    date: dt.date | None
    changed: str  # GewijzigdOp as sent: the sync cursor, compared as an instant
    deleted: bool
    content_type: str | None
    committee: str | None = None
    zaak: tuple[str, ...] = ()
    ob_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Malformed:
    """An entry that could not be read as a DocumentRecord, and why."""

    key: str
    message: str


def _instant(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _ob_id(obj: dict[str, Any]) -> str | None:
    dossiers = obj.get("Kamerstukdossier") or []
    volg = obj.get("Volgnummer")
    if dossiers and isinstance(volg, int) and volg > 0:
        d = dossiers[0]
        nr = str(d.get("Nummer") or "").strip()
        extra = str(d.get("Toevoeging") or "").strip()
        if nr:
            return f"kst-{nr}{'-' + extra if extra else ''}-{volg}"
    ah = str(obj.get("Aanhangselnummer") or "").strip()
    year = str(obj.get("Vergaderjaar") or "").replace("-", "")
    if ah and len(year) == 8:
        return f"ah-tk-{year}-{ah[-4:].lstrip('0') if len(ah) > 6 else ah.lstrip('0')}"
    return None


def record(obj: object) -> DocumentRecord | Malformed:
    """One OData ``Document`` entry as a DocumentRecord, or Malformed with the reason."""
    if not isinstance(obj, dict):
        return Malformed("?", f"an entry that is not an object ({type(obj).__name__})")
    key = str(obj.get("Id") or "?")
    try:
        if not isinstance(obj.get("Id"), str) or not obj["Id"]:
            raise ValueError("no Id")
        changed = obj.get("GewijzigdOp")
        if not isinstance(changed, str):
            raise ValueError("no GewijzigdOp")
        _instant(changed)
        date_text = obj.get("Datum")
        date = _instant(date_text).date() if isinstance(date_text, str) else None
        zaken = obj.get("Zaak") or []
        activiteiten = obj.get("Activiteit") or []
        committee = next((str(x.get("Voortouwnaam")) for x in [*activiteiten, *zaken]
                          if isinstance(x, dict) and x.get("Voortouwnaam")), None)
        versies = [v for v in obj.get("DocumentVersie") or [] if isinstance(v, dict)]
        version = max((int(v.get("Versienummer") or 0) for v in versies), default=None)
        return DocumentRecord(
            id=obj["Id"], soort=obj.get("Soort"), nummer=obj.get("DocumentNummer"),
            title=obj.get("Onderwerp") or obj.get("Titel"), date=date, changed=changed,
            deleted=bool(obj.get("Verwijderd")), content_type=obj.get("ContentType"), committee=committee,
            zaak=tuple(str(z.get("Nummer")) for z in zaken if isinstance(z, dict) and z.get("Nummer")),
            ob_id=_ob_id(obj), version=version,
        )
    except (ValueError, TypeError, AttributeError) as e:
        return Malformed(key, f"not a readable Document entry: {e}")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def query(since: str, soorten: Sequence[str] = QUESTION_SOORTEN) -> dict[str, str]:
    """The OData query options for documents of ``soorten`` changed at or after ``since``."""
    kinds = " or ".join(f"Soort eq {_quote(s)}" for s in soorten)
    filter_ = f"GewijzigdOp ge {since}" + (f" and ({kinds})" if kinds else "")
    return {
        "$filter": filter_,
        "$orderby": "GewijzigdOp asc, Id asc",
        "$expand": "Zaak($select=Nummer,Voortouwnaam),Activiteit($select=Voortouwnaam),"
                   "DocumentVersie($select=Versienummer,Extensie),Kamerstukdossier($select=Nummer,Toevoeging)",
    }


def pages(client: PoliteClient, since: str, soorten: Sequence[str] = QUESTION_SOORTEN, url: str | None = None,
          base: str = BASE_URL) -> Iterator[tuple[list[DocumentRecord | Malformed], str | None]]:
    """Each page's entries and its ``@odata.nextLink``; a page that is not OData JSON is FetchError.
    ``base`` is the service root (a local fake in tests, the real service by default)."""
    next_url: str | None = url or f"{base.rstrip('/')}/Document"
    params: dict[str, str] | None = None if url else query(since, soorten)
    while next_url:
        response = client.get(next_url, params=params)
        try:
            body = response.json()
        except ValueError:
            raise FetchError(next_url, "the response is not JSON") from None
        entries = body.get("value") if isinstance(body, dict) else body
        if not isinstance(entries, list):
            raise FetchError(next_url, "an OData response without a 'value' list")
        link = body.get("@odata.nextLink") if isinstance(body, dict) else None
        yield [record(e) for e in entries], link
        next_url, params = link, None


def matches(rec: DocumentRecord, soorten: Sequence[str], committee: str | None, until: dt.date | None) -> bool:
    """The filters a server might not apply for us (recorded payloads, partial OData support)."""
    if soorten and rec.soort not in soorten:
        return False
    if committee and (rec.committee or "").lower() != committee.lower():
        return False
    return not (until and rec.date and rec.date > until)


def resource_url(doc_id: str, base: str = BASE_URL) -> str:
    return f"{base.rstrip('/')}/Document({doc_id})/Resource"


def download(client: PoliteClient, doc_id: str, base: str = BASE_URL) -> bytes:
    """The file of a document (PDF, Word) as the service stores it."""
    return client.get(resource_url(doc_id, base)).content
