"""Local fakes of Tweede Kamer Open Data and the officielebekendmakingen SRU service, for tests.

``FakeOpenData`` serves recorded ``Document`` records (re-wrapped in an OData envelope), pages
them via ``@odata.nextLink``, answers ``Document({id})/Resource`` from a dict and can be told to
fail: ``fail_next`` (statuses to answer before the real response), ``broken_pages`` (page numbers
that fail with HTTP 500 for good). Used through ``httpx.MockTransport``: no network.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

BASE = "http://fake.test/OData/v4/2.0"
SRU = "http://fake.test/sru"
ROOT = Path(__file__).resolve().parents[1]
OPENDATA = ROOT / "tests/fixtures/opendata"


def recorded(name: str) -> list[object]:
    data = json.loads((OPENDATA / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class FakeOpenData:
    def __init__(self, records: list[object], resources: dict[str, bytes], page_size: int = 100) -> None:
        self.records = records
        self.resources = resources
        self.page_size = page_size
        self.fail_next: list[int | type[httpx.TransportError]] = []
        self.broken_pages: set[int] = set()
        self.log: list[str] = []

    def _sorted_since(self, since: str) -> list[object]:
        good = [r for r in self.records if isinstance(r, dict) and isinstance(r.get("GewijzigdOp"), str)
                and _safe_instant(r["GewijzigdOp"]) is not None]
        bad = [r for r in self.records if r not in good]
        keep = [r for r in good if isinstance(r, dict) and _instant(r["GewijzigdOp"]) >= _instant(since)]
        keep.sort(key=lambda r: (_instant(r["GewijzigdOp"]), r["Id"]))
        return bad + keep  # a broken entry shows up on the first page, as a real broken payload would

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.log.append(str(request.url))
        if self.fail_next:
            failure = self.fail_next.pop(0)
            if isinstance(failure, int):
                return httpx.Response(failure, headers={"Retry-After": "3"} if failure == 429 else {})
            raise failure("fake connection failure", request=request)
        url = urlsplit(str(request.url))
        m = re.search(r"/Document\((.+)\)/Resource$", url.path)
        if m:
            found = self.resources.get(m.group(1))
            return httpx.Response(200, content=found) if found is not None else httpx.Response(404)
        if url.path.endswith("/Document"):
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            since = re.search(r"GewijzigdOp ge (\S+)", q.get("$filter", ""))
            since_value = since.group(1) if since else q.get("since", "1900-01-01T00:00:00Z")
            page = int(q.get("page", "0"))
            if page in self.broken_pages:
                return httpx.Response(500)
            rows = self._sorted_since(since_value)
            chunk = rows[page * self.page_size:(page + 1) * self.page_size]
            body: dict[str, object] = {"value": chunk}
            if (page + 1) * self.page_size < len(rows):
                body["@odata.nextLink"] = f"{BASE}/Document?since={since_value}&page={page + 1}"
            return httpx.Response(200, json=body)
        return httpx.Response(404)


def _safe_instant(value: str) -> dt.datetime | None:
    try:
        return _instant(value)
    except ValueError:
        return None


def sru_response(records: list[tuple[str, str | None, str | None]], next_position: int | None) -> bytes:
    """An SRU 2.0 searchRetrieveResponse with gzd records: (identifier, xml url, pdf url)."""
    recs = []
    for ident, xml_url, pdf_url in records:
        items = "".join(f'<gzd:itemUrl manifestation="{kind}">{u}</gzd:itemUrl>'
                        for kind, u in (("xml", xml_url), ("pdf", pdf_url)) if u)
        recs.append(f"""<sru:record><sru:recordSchema>gzd</sru:recordSchema><sru:recordData>
<gzd:gzd><gzd:originalData><overheidwetgeving:meta><overheidwetgeving:owmskern>
<dcterms:identifier>{ident}</dcterms:identifier><dcterms:title>Verslag van een schriftelijk overleg</dcterms:title>
<dcterms:type>Kamerstuk</dcterms:type><dcterms:modified>2026-02-24</dcterms:modified>
</overheidwetgeving:owmskern></overheidwetgeving:meta></gzd:originalData>
<gzd:enrichedData>{items}</gzd:enrichedData></gzd:gzd></sru:recordData></sru:record>""")
    nxt = f"<sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>" if next_position else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
 xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/">
<sru:version>2.0</sru:version><sru:numberOfRecords>{len(records)}</sru:numberOfRecords>
<sru:records>{''.join(recs)}</sru:records>{nxt}</sru:searchRetrieveResponse>""".encode()
