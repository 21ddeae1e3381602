"""The report's desk in Debian's Chromium (Playwright) against a live ``overleg serve``: the clerk
reads the final report, is told in the error summary what is missing, establishes it through the
confirmation page, opens the correction form and filters the audit log; axe-core finds no
serious or critical violation on the verslag, confirmation, correctie and logboek pages, and
none is wider than a phone. Skipped as tests/test_web_browser.py is (no Playwright or Chromium).
Screenshots with OVERLEG_SCREENSHOTS=docs/screenshots: report-desk-*.png, audit-log-*.png.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_helpers import migrated_store, start_server
from e2e_support import follow, serious_violations
from report_desk_support import answers_received
from web_support import PASSWORD, REPO

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

playwright_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists() or not AXE.exists():
    pytest.skip("Debian's chromium or axe-core is not installed (scripts/setup installs both)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server over a store in which so-1's answers are received."""
    directory = tmp_path_factory.mktemp("desk")
    store = migrated_store(f"sqlite:///{directory / 'desk.db'}")
    answers_received(store)
    store.close()
    proc, base = start_server(f"sqlite:///{directory / 'desk.db'}")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)



def _checked(page: Any, name: str) -> None:
    """No serious or critical axe violation, no sideways scrolling on a phone; a screenshot on request."""
    bad = serious_violations(page)
    assert not bad, (name, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]))
    folder = os.environ.get("OVERLEG_SCREENSHOTS")
    for device, size in (("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})):
        page.set_viewport_size(size)
        if device == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        if folder:
            (REPO / folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(REPO / folder / f"{name}-{device}.png"))


def test_the_clerk_establishes_through_the_confirmation_corrects_and_reads_the_log(site: str) -> None:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
        page.goto(site + "/login")
        page.get_by_label("Gebruikersnaam").fill("griffier")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("Ingelogd als griffier").wait_for(state="visible", timeout=20_000)

        page.goto(site + "/werkruimte/so-1")
        follow(page, page.get_by_role("link", name="Verslag en vaststelling"))
        assert page.locator("h1").count() == 1
        _checked(page, "report-desk")
        page.get_by_label("Dossiernummer").fill("99999")
        follow(page, page.get_by_role("button", name="Verder naar vaststellen"))
        summary = page.locator(".foutsamenvatting")
        assert summary.is_visible() and page.title().startswith("Fout: ")
        assert page.evaluate("document.activeElement.classList.contains('foutsamenvatting')")
        _checked(page, "report-desk-error")
        page.get_by_label("Documentnummer").fill("7")
        follow(page, page.get_by_role("button", name="Verder naar vaststellen"))
        assert "Verslag vaststellen?" in page.locator("h1").inner_text()
        _checked(page, "report-desk-confirm")
        follow(page, page.get_by_role("button", name="Ja, verslag vaststellen"))
        assert page.get_by_role("status").inner_text() == "Het verslag is vastgesteld."

        follow(page, page.get_by_role("link", name="correctie").first)
        assert page.url.endswith("/werkruimte/so-1/correctie")
        _checked(page, "report-correction")

        page.goto(site + "/werkruimte/so-1/logboek")
        page.get_by_label("Stap", exact=True).select_option(label="verslag vastgesteld")
        follow(page, page.get_by_role("button", name="Toon"))
        assert "stap=report-established" in page.url
        rows = page.locator("tbody tr")
        assert rows.count() == 1 and "Kamerstuk 99999, nr. 7" in rows.first.inner_text()
        _checked(page, "audit-log")
        browser.close()
