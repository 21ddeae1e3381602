"""Output hygiene at the edge (issue 13, point 3): only http, https and mailto addresses become
links; every HTML response carries a Content-Security-Policy without inline script and the other
security headers, JSON nosniff, HSTS over TLS; CSV cells never start like a formula."""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import overleg
from api_helpers import migrated_store
from overleg.app import create_app
from overleg.connectors.export import export
from overleg.connectors.names import ExportFormat
from overleg.corpus.analytics.table import Table
from overleg.exchange import to_json
from overleg.extract.urls import link_target
from overleg.model import Commitment, Document, DocumentId, DocumentType, Footnote, Item
from overleg.procedure import commands as c
from overleg.procedure.states import FootnoteText
from overleg.service import Service
from overleg.store.records import DocumentVersion
from test_procedure_access import STEPS
from web_support import examples_store

HOSTILE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript\x00:alert(1)", "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "https:evil.example",
    "http:/evil.example", "./relatief", "../../api/logout", "#voetnoot-1", "?q=x", "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)", "feed:javascript:alert(1)", "mailto:", "https://", "https:// evil.example",
    "https://ok.example/\u2028javascript:alert(1)", '"><script>alert(1)</script>',
]
SAFE_URLS = ["https://www.rijksoverheid.nl/a?b=c#d", "HTTP://EXAMPLE.ORG/", "mailto:griffie@tweedekamer.nl",
             "www.vpro.nl/argos.html", "nos.nl/artikel/2511721"]


def tree(page: str) -> ET.Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(page)
    return root


def targets(root: ET.Element) -> list[str]:
    """Every address an element of the page points at (links, sources, form actions)."""
    return [el.get(name, "") for el in root.iter() for name in ("href", "src", "action", "formaction")
            if el.get(name) is not None]


def allowed(target: str) -> bool:
    """A link overleg may write: within the site (a path, never ``//host``), or http, https, mailto."""
    if target.startswith(("#", "?")) or (target.startswith("/") and not target.startswith(("//", "/\\"))):
        return True
    return link_target(target) == target and target.lower().startswith(("http://", "https://", "mailto:"))


def document_with_notes(urls: list[str]) -> Document:
    return Document(type=DocumentType.VERSLAG, items=(
        Item(number=1, question="Vraag?", answer="Antwoord.", answer_footnotes=tuple(range(1, len(urls) + 1))),),
        footnotes=tuple(Footnote(n, f"Noot {n}", urls=(u,)) for n, u in enumerate(urls, start=1)))


# -- links ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_footnote_url_that_is_not_http_https_or_mailto_is_shown_as_text_not_a_link(url: str) -> None:
    page = overleg.write(document_with_notes([url]), "html")
    assert isinstance(page, str)
    root = tree(page)
    assert all(allowed(t) for t in targets(root)), targets(root)
    notes = next(el for el in root.iter("ol") if el.get("class") == "voetnoten")
    # shown as printed (the characters HTML5 does not allow as U+FFFD, as every text of the page)
    assert re.sub("[\x00-\x08\x0b\x0e-\x1f]", "\ufffd", url) in "".join(notes.itertext())


@pytest.mark.parametrize("url", SAFE_URLS)
def test_an_http_https_or_mailto_footnote_url_is_a_link(url: str) -> None:
    page = overleg.write(document_with_notes([url]), "html")
    assert isinstance(page, str)
    assert link_target(url) in targets(tree(page))


def test_a_hostile_footnote_url_is_no_hyperlink_in_word_either(tmp_path: Path) -> None:
    from docx import Document as read_docx

    out = tmp_path / "noten.docx"
    body = overleg.write(document_with_notes(["javascript:alert(1)", "https://ok.example/"]), "docx")
    assert isinstance(body, bytes)
    out.write_bytes(body)
    links = [r.target_ref for part in read_docx(str(out)).part.package.iter_parts() for r in part.rels.values()
             if r.reltype.endswith("/hyperlink")]
    assert links == ["https://ok.example/"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE_URLS + SAFE_URLS), st.text(max_size=30)), min_size=1, max_size=6))
def test_every_link_the_html_writer_makes_is_within_the_page_or_http_https_mailto(urls: list[str]) -> None:
    page = overleg.write(document_with_notes(urls), "html")
    assert isinstance(page, str)
    for target in targets(tree(page)):
        assert target.startswith("#") or (link_target(target) == target and allowed(target)), target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The web UI over every bundled example, plus a report published through the procedure whose
    footnotes hold a ``javascript:`` and a ``data:`` URL (the stored XSS of issue 13)."""
    store = examples_store(tmp_path_factory.mktemp("edge-site"))
    clock = {"now": STEPS[0].now}
    service = Service(store, lambda: clock["now"])
    for step in STEPS:
        command = step.command
        if isinstance(command, c.SubmitContribution) and command.passages:
            first = dataclasses.replace(command.passages[0], footnotes=(
                FootnoteText("Zie", urls=("javascript:alert(document.cookie)", "data:text/html,<b>x</b>")),))
            command = dataclasses.replace(command, passages=(first, *command.passages[1:]))
        clock["now"] = step.now
        if isinstance(command, c.CreateConsultation):
            service.consultations.create(step.actor, command)
        else:
            service.consultations.execute(step.actor, "so-1", command)
    with TestClient(create_app(service), client=("127.0.0.1", 5000)) as client:
        yield client
    store.close()


def published_id(site: TestClient) -> str:
    found = [d["id"] for d in site.get("/api/documents", params={"type": "verslag-schriftelijk-overleg"}).json()
             if d["id"] != "kst-21501-02-3349"]
    assert found
    return str(found[0])


def test_a_published_reports_hostile_footnote_urls_are_text_on_its_page_and_in_its_html(site: TestClient) -> None:
    doc_id = published_id(site)
    for path in (f"/documents/{doc_id}", f"/api/documents/{doc_id}.html"):
        page = site.get(path)
        assert page.status_code == 200
        root = tree(page.text)
        assert all(allowed(t) for t in targets(root)), path
        assert "javascript:alert(document.cookie)" in "".join(root.itertext())  # shown, as text


def pages(site: TestClient) -> list[str]:
    """Every kind of page of the web UI, and every bundled document's page."""
    found = ["/", "/search?q=rafah", "/search?q=minister&type=verslag-schriftelijk-overleg", "/fracties", "/leden",
             "/ministeries", "/commissies", "/cijfers", "/toezeggingen", "/schriftelijke-vragen", "/login",
             "/documents/kst-onbekend",
             "/search?q=%00"]
    found += [f"/documents/{d['id']}" for d in site.get("/api/documents").json()]
    for listing in ("/fracties", "/leden", "/ministeries", "/commissies"):
        links = [t for t in targets(tree(site.get(listing).text)) if t.startswith(listing + "/")]
        found += links[:2]
    return found


def test_no_page_of_the_web_ui_links_outside_http_https_mailto_or_runs_inline_code(site: TestClient) -> None:
    for path in pages(site):
        response = site.get(path)
        assert response.status_code < 500, path
        root = tree(response.text)
        assert all(allowed(t) for t in targets(root)), (path, [t for t in targets(root) if not allowed(t)])
        for el in root.iter():
            assert not [a for a in el.attrib if a.lower().startswith("on") or a.lower() == "style"], (path, el.tag)
            assert el.tag != "style", path
            if el.tag == "script":
                assert el.get("src", "").startswith("/static/") and not "".join(el.itertext()).strip(), path


def test_the_templates_hold_no_inline_script_event_handler_or_style() -> None:
    folder = Path(overleg.__file__).parent / "web" / "templates"
    for template in folder.glob("*.j2"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), template.name
        assert not re.search(r"\sstyle\s*=|<style", text, re.I), template.name


def test_feed_links_are_http_or_https(site: TestClient) -> None:
    for path in ("/api/feeds/search.atom?q=rafah", "/api/feeds/commitments.atom", "/api/feeds/group/D66.atom"):
        feed = ET.fromstring(site.get(path).content)
        hrefs = [el.get("href", "") for el in feed.iter("{http://www.w3.org/2005/Atom}link")]
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), path


# -- headers --------------------------------------------------------------------------------------


def policy(response: object) -> dict[str, str]:
    header = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else "" for part in header.split("; ")}


def assert_html_headers(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    found = policy(response)
    assert "'unsafe-inline'" not in found.get("script-src", "x") and "'unsafe-eval'" not in found["script-src"], where
    assert found["frame-ancestors"] == "'none'" and found["object-src"] == "'none'", where
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "same-origin", where
    assert headers["x-content-type-options"] == "nosniff", where


def test_every_html_response_carries_the_policy_and_the_other_headers(site: TestClient) -> None:
    doc_id = published_id(site)
    for path in [*pages(site)[:14], f"/api/documents/{doc_id}.html", "/werkruimte", "/documents/x%00"]:
        response = site.get(path)
        assert response.headers["content-type"].startswith("text/html"), path
        assert_html_headers(response, path)
        assert "strict-transport-security" not in response.headers  # not over TLS


def test_the_one_inline_style_allowed_is_the_html_writers_by_its_hash(site: TestClient) -> None:
    page = site.get(f"/api/documents/{published_id(site)}.html")
    styles = re.findall(r"<style>(.*?)</style>", page.text, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert policy(page)["style-src"] == f"'self' 'sha256-{digest}'"


def test_json_csv_feeds_and_static_files_say_nosniff(site: TestClient) -> None:
    for path in ("/api/search?q=rafah", "/api/documents/kst-onbekend", "/index.json", "/api/stats/questions?format=csv",
                 "/api/feeds/commitments.atom", "/static/overleg.js", "/static/overleg.css", "/api/nergens"):
        response = site.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert "content-security-policy" not in response.headers or "html" in response.headers["content-type"]


def test_hsts_is_sent_only_when_the_request_came_over_tls(site: TestClient) -> None:
    app = site.app
    with TestClient(app, base_url="https://overleg.example", client=("127.0.0.1", 5000)) as tls:
        for path in ("/", "/api/search?q=rafah"):
            assert tls.get(path).headers["strict-transport-security"] == "max-age=31536000"
    assert "strict-transport-security" not in site.get("/").headers


def test_the_api_documentation_page_runs_only_its_own_inline_scripts_by_hash(site: TestClient) -> None:
    page = site.get("/api/docs")
    scripts = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert scripts
    found = policy(page)
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in found["script-src"]
    assert "'unsafe-inline'" not in found["script-src"] and found["frame-ancestors"] == "'none'"


# -- CSV ------------------------------------------------------------------------------------------

RISKY = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]


class _Store:
    """The store's documents as ``connectors.export`` reads them: one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def list(self, *, type: str | None = None, limit: int = 100, offset: int = 0) -> tuple[DocumentVersion, ...]:
        return (DocumentVersion("kst-1-2", 1, self.doc.type.value, None, "hash", None,
                                dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),) if offset == 0 else ()

    def get_json(self, doc_id: str, version: int | None = None) -> str:
        return to_json(self.doc)


def test_the_export_csv_read_back_shows_every_formula_like_cell_as_text(tmp_path: Path) -> None:
    doc = Document(type=DocumentType.VERSLAG, items=tuple(
        Item(number=n, question=text, answer=text, faction=text, topic=text) for n, text in enumerate(RISKY, 1)),
        commitments=(Commitment(item=1, text="=1+1"),))
    assert export(_Store(doc), ExportFormat.CSV, tmp_path) == 1
    with (tmp_path / "items.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(RISKY)
    for row, text in zip(rows, RISKY, strict=True):
        for column in ("question", "answer", "faction", "topic"):
            assert row[column] == "'" + text, (column, row[column])
    assert rows[0]["commitment_text"] == "'=1+1"
    assert not [v for row in rows for v in row.values() if v[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_statistics_table_as_csv_defuses_text_and_keeps_numbers() -> None:
    table = Table("t", ("name", "count", "share"), (("=cmd|' /C calc'!A0", -3, -0.5), ("@SUM(1)", 2, None),
                                                    ("D66", 4, 1.0)))
    rows = list(csv.reader(io.StringIO(table.to_csv(), newline="")))
    assert rows[1:] == [["'=cmd|' /C calc'!A0", "-3", "-0.5"], ["'@SUM(1)", "2", ""], ["D66", "4", "1.0"]]


def test_the_csv_of_a_document_over_http_reads_back_defused(tmp_path: Path) -> None:
    store = migrated_store(f"sqlite:///{tmp_path / 'csv.db'}")
    from overleg.corpus.ingest.save import save_and_index

    doc = Document(type=DocumentType.VERSLAG, id=DocumentId.parse("kst-21501-02-9999"),
                   items=tuple(Item(number=n, question=text) for n, text in enumerate(RISKY, 1)))
    save_and_index(store, doc)
    with TestClient(create_app(Service(store))) as client:
        body = client.get("/api/documents/kst-21501-02-9999.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert [r["question"] for r in rows] == ["'" + t for t in RISKY]
    store.close()
