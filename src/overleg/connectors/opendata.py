"""Tweede Kamer Open Data (gegevensmagazijn, OData v4): documents by Soort, date and committee.

``pages`` pages through ``Document`` (``@odata.nextLink``) ordered by ``GewijzigdOp``, with
``Zaak``, ``Activiteit``, ``DocumentVersie`` and ``Kamerstukdossier`` expanded; each entry
becomes a ``DocumentRecord`` with the metadata the Kamer publishes (entries that do not fit are
returned as ``Malformed`` and skipped by the caller, never fatal). ``download`` fetches
``Document({id})/Resource``; ``with_record`` joins a record to the ``Document`` read from that
file: what the document prints wins, the record fills what it leaves open.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from overleg.connectors.http import PoliteClient
from overleg.errors import FetchError
from overleg.model import Committee, Document, DocumentId, Dossier
from overleg.model.identity import TK_DOCUMENT, ZAAK
from overleg.model.ids import TkNumber, normalise_dossier

BASE_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
# The Soorten of the written-questions process and of written consultations, as Open Data spells
# them (checked against the recorded pages in tests/fixtures/opendata/)
QUESTION_SOORTEN = (
    "Schriftelijke vragen",
    "Mededeling (uitstel antwoord)",
    "Antwoord schriftelijke vragen",
    "Verslag van een schriftelijk overleg",
    "Inbreng verslag schriftelijk overleg",
    "Lijst van vragen en antwoorden",
    "Verslag houdende een lijst van vragen en antwoorden",
)
# The record's own fields kept with the source (``DocumentRecord.metadata``); the rest of an
# entry (OData annotations, unknown additions) is left out
METADATA_FIELDS = (
    "Id", "Soort", "DocumentNummer", "Titel", "Onderwerp", "Datum", "Vergaderjaar", "Kamer", "Volgnummer",
    "Citeertitel", "Alias", "DatumRegistratie", "DatumOntvangst", "Aanhangselnummer", "KenmerkAfzender",
    "Organisatie", "ContentType", "ContentLength", "GewijzigdOp", "ApiGewijzigdOp", "Verwijderd",
    "Zaak", "Activiteit", "DocumentVersie", "Kamerstukdossier",
)
# A hostile or broken service cannot make a source row grow without bound: past this, only the
# plain fields of the record are kept (the expansions are what can be long)
MAX_METADATA_CHARS = 20_000


@dataclass(frozen=True)
class DocumentRecord:
    """What sync needs of one Open Data ``Document``: ``ob_id`` is the officielebekendmakingen id
    where the record tells it (a Kamerstuk's dossier and Volgnummer, or an Aanhangselnummer).

    ``nummer`` is the DocumentNummer ("2025D03569"), ``zaak`` the numbers of its Zaken
    ("2025Z01925"), ``committee`` the Voortouwnaam of its Activiteit or Zaak, ``dossier`` the
    Kamerstukdossier's number with its toevoeging ("21501-02"), ``received`` the DatumOntvangst;
    ``metadata`` is the record's fields as sent (``METADATA_FIELDS``), JSON, for the source row.
    """

    id: str
    soort: str | None
    nummer: str | None
    title: str | None  # Onderwerp, else Titel
    date: dt.date | None
    changed: str  # GewijzigdOp as sent: the sync cursor, compared as an instant
    deleted: bool
    content_type: str | None
    committee: str | None = None
    zaak: tuple[str, ...] = ()
    ob_id: str | None = None
    version: int | None = None
    onderwerp: str | None = None
    titel: str | None = None
    dossier: str | None = None
    volgnummer: int | None = None
    aanhangselnummer: str | None = None
    vergaderjaar: str | None = None
    received: dt.date | None = None
    organisatie: str | None = None
    metadata: str | None = None


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


def _text(value: object) -> str | None:
    """A field as text, None when absent or blank; a number (a Volgnummer sent as 12) as its digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _day(value: object) -> dt.date | None:
    """A date field of the metadata; one that is not a date is left out, not fatal: the record
    is still the document's (unlike a bad GewijzigdOp, the cursor)."""
    if not isinstance(value, str):
        return None
    try:
        return _instant(value).date()
    except ValueError:
        return None


def _dossier(obj: dict[str, Any]) -> str | None:
    for d in obj.get("Kamerstukdossier") or []:
        if isinstance(d, dict) and _text(d.get("Nummer")):
            extra = _text(d.get("Toevoeging"))
            return normalise_dossier(f"{_text(d.get('Nummer'))}{'-' + extra if extra else ''}")
    return None


def _metadata(obj: dict[str, Any]) -> str:
    kept = {k: obj[k] for k in METADATA_FIELDS if k in obj}
    text = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    if len(text) <= MAX_METADATA_CHARS:
        return text
    # at most 25 fields of at most 700 characters: under the cap whatever the service sends
    plain = {k: v for k, v in kept.items()
             if not isinstance(v, (list, dict)) and len(json.dumps(v, ensure_ascii=False)) <= 700}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


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
        volg = obj.get("Volgnummer")
        return DocumentRecord(
            id=obj["Id"], soort=obj.get("Soort"), nummer=_text(obj.get("DocumentNummer")),
            title=obj.get("Onderwerp") or obj.get("Titel"), date=date, changed=changed,
            deleted=bool(obj.get("Verwijderd")), content_type=obj.get("ContentType"), committee=committee,
            zaak=tuple(str(z.get("Nummer")) for z in zaken if isinstance(z, dict) and z.get("Nummer")),
            ob_id=_ob_id(obj), version=version, onderwerp=_text(obj.get("Onderwerp")),
            titel=_text(obj.get("Titel")), dossier=_dossier(obj),
            volgnummer=volg if isinstance(volg, int) and not isinstance(volg, bool) and volg > 0 else None,
            aanhangselnummer=_text(obj.get("Aanhangselnummer")), vergaderjaar=_text(obj.get("Vergaderjaar")),
            received=_day(obj.get("DatumOntvangst")),
            organisatie=_text(obj.get("Organisatie")), metadata=_metadata(obj),
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
        entries, link = odata_entries(client.get(next_url, params=params), next_url)
        yield [record(e) for e in entries], link
        next_url, params = link, None


def odata_entries(response: Any, url: str) -> tuple[list[object], str | None]:
    """The entries of an OData response (its ``value``, or a bare list as recorded payloads are)
    and its ``@odata.nextLink``; FetchError naming ``url`` when it is not OData JSON."""
    try:
        body = response.json()
    except ValueError:
        raise FetchError(url, "the response is not JSON") from None
    entries = body.get("value") if isinstance(body, dict) else body
    if not isinstance(entries, list):
        raise FetchError(url, "an OData response without a 'value' list")
    link = body.get("@odata.nextLink") if isinstance(body, dict) else None
    return entries, link if isinstance(link, str) else None


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


def identifiers(rec: DocumentRecord) -> tuple[str, ...]:
    """The ids the record gives its document (``model/identity.py``): ``tkdoc-<DocumentNummer>``
    and ``zaak-<Zaak>`` for each Zaak; numbers that are not the Kamer's are left out."""
    found: list[str] = []
    number = TkNumber.try_parse(rec.nummer or "")
    if number is not None and number.kind == "document":
        found.append(TK_DOCUMENT + str(number))
    for zaak in rec.zaak:
        parsed = TkNumber.try_parse(zaak)
        if parsed is not None and parsed.kind == "zaak":
            found.append(ZAAK + str(parsed))
    return tuple(found)


def with_record(doc: Document, rec: DocumentRecord) -> Document:
    """``doc`` (read from the record's file) with what the record adds: its identifiers joined
    to those printed, and the official id, dossier, number, date and committee where the document
    prints none. What the document prints wins: a record never overrides it."""
    doc_id = doc.id or (DocumentId.try_parse(rec.ob_id) if rec.ob_id else None)
    number = doc.number
    if number is None and doc_id is not None and doc.id is None:
        number = doc_id.number  # the number of the id the record gave, as the readers keep it
    dossier = doc.dossier
    if dossier is None and rec.dossier and (doc_id is None or doc_id.dossier is None or doc_id.dossier == rec.dossier):
        dossier = Dossier(number=rec.dossier)
    return replace(
        doc, id=doc_id, dossier=dossier, number=number,
        date=doc.date or rec.received or rec.date,
        committee=doc.committee or (Committee(name=rec.committee) if rec.committee else None),
        identifiers=tuple(dict.fromkeys((*doc.identifiers, *identifiers(rec)))),
    )
