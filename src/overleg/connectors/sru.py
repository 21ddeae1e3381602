"""officielebekendmakingen.nl through the SRU 2.0 search service (repository.overheid.nl/sru).

``search`` builds a CQL query (dossier, type, date), pages by ``startRecord`` /
``nextRecordPosition`` and reads each record's identifier, type, title, date and the URLs of its
manifestations (XML preferred, else PDF). The SRU XML is parsed as untrusted input (no DTDs, no
entities, no network).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from overleg.connectors.http import PoliteClient
from overleg.errors import FetchError, ReaderError
from overleg.readers.official_xml import parse_official
from overleg.readers.source import Source

BASE_URL = "https://repository.overheid.nl/sru"
RECORDS_PER_PAGE = 50


@dataclass(frozen=True)
class Publication:
    """One SRU record: ``xml_url``/``pdf_url`` are None when the record lists no such manifestation."""

    id: str
    type: str | None
    title: str | None
    modified: str | None
    xml_url: str | None
    pdf_url: str | None

    @property
    def url(self) -> str | None:
        return self.xml_url or self.pdf_url


def cql(since: dt.date, *, dossier: str | None = None, types: tuple[str, ...] = (),
        until: dt.date | None = None) -> str:
    """The CQL query of officielebekendmakingen for Kamerstukken and Aanhangsels."""
    parts = ["c.product-area==officielepublicaties", f'dt.modified>="{since.isoformat()}"']
    if until:
        parts.append(f'dt.modified<="{until.isoformat()}"')
    if dossier:
        parts.append(f'w.dossiernummer=="{dossier}"')
    if types:
        parts.append("(" + " OR ".join(f'w.publicatienaam=="{t}"' for t in types) + ")")
    return " AND ".join(parts)


def _first(el: etree._Element, name: str) -> str | None:
    found = next(iter(el.iterfind(f".//{{*}}{name}")), None)
    text = "".join(found.itertext()).strip() if found is not None else ""
    return text or None


def parse_response(data: bytes, url: str) -> tuple[list[Publication], int | None]:
    """The publications of one SRU page and the next start position (None on the last page)."""
    try:
        root = parse_official(Source(url, data))
    except ReaderError as e:
        raise FetchError(url, f"an SRU response that is not safe, well-formed XML: {e.message}") from None
    diagnostic = _first(root, "message")
    if etree.QName(root).localname != "searchRetrieveResponse":
        raise FetchError(url, f"not an SRU searchRetrieveResponse{': ' + diagnostic if diagnostic else ''}")
    out = []
    for rec in root.iterfind(".//{*}record"):
        ident = _first(rec, "identifier")
        if not ident:
            continue
        urls = {(u.get("manifestation") or "").lower(): "".join(u.itertext()).strip()
                for u in rec.iterfind(".//{*}itemUrl")}
        plain = _first(rec, "url")
        if plain and plain.lower().endswith(".xml"):
            urls.setdefault("xml", plain)
        out.append(Publication(id=ident, type=_first(rec, "type"), title=_first(rec, "title"),
                               modified=_first(rec, "modified") or _first(rec, "available"),
                               xml_url=urls.get("xml"), pdf_url=urls.get("pdf")))
    nxt = _first(root, "nextRecordPosition")
    return out, int(nxt) if nxt and nxt.isdigit() else None


def search_records(client: PoliteClient, query: str, start: int = 1,
           base: str = BASE_URL) -> Iterator[tuple[list[Publication], int | None]]:
    """Each page of results with the position of the next one; ``base`` is the service root."""
    position: int | None = start
    while position is not None:
        params: dict[str, str | int] = {"operation": "searchRetrieve", "version": "2.0", "query": query,
                                        "startRecord": position, "maximumRecords": RECORDS_PER_PAGE}
        url = base.rstrip("/")
        response = client.get(url, params=params)
        found, position = parse_response(response.content, url)
        yield found, position


def download(client: PoliteClient, publication: Publication) -> tuple[bytes, str]:
    """The publication's XML (preferred) or PDF, with the URL it came from."""
    url = publication.url
    if url is None:
        raise FetchError(publication.id, "the record lists neither an XML nor a PDF manifestation")
    return client.get(url).content, url
