"""The document page in Debian's Chromium (Playwright) with the seed's marker of note 6 in the
sentence: the note's text on focus, axe-core finds nothing serious for the public or for a
signed-in user (who sees the diagnostics), the contents' numbers fit their room.

Skipped without Playwright or /usr/bin/chromium (``scripts/setup`` installs both). A screenshot
of the marker's popover: OVERLEG_SCREENSHOTS=docs/screenshots.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_helpers import start_server, stop
from document_page_support import seed, seed_with_marks
from e2e_support import AXE, CHROMIUM, DESKTOP, PHONE, chromium, serious_violations
from overleg.procedure import RoleKind as Role
from web_support import PASSWORD, REPO, SEED_ID, add_user, examples_store

pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists() or not AXE.exists():
    pytest.skip("Debian's chromium or axe-core is missing (scripts/setup installs them)", allow_module_level=True)

PAGE = f"/documents/{SEED_ID}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("documentpagina-browser")
    store = examples_store(directory)
    store.documents.save(seed_with_marks(), doc_id=SEED_ID, reason="de voetnoottekens op hun plaats")
    add_user(store, "griffier", Role.CLERK, "BuZa")
    store.close()
    proc, base = start_server(f"sqlite:///{directory / 'web.db'}")
    try:
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b



def test_the_marker_after_per_brief_shows_note_6_on_focus_and_escape_hides_it(site: str, browser: Any) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.goto(site + PAGE)
    if os.environ.get("OVERLEG_SCREENSHOTS"):  # the top of the page: breadcrumbs, h1, the authentic version
        page.screenshot(path=str(REPO / os.environ["OVERLEG_SCREENSHOTS"] / "document-top-desktop.png"))
    marker = page.locator("#antwoord-9 a.nootnum[href='#voetnoot-6']")
    assert marker.inner_text() == "6"
    tip = page.locator(f"#{marker.get_attribute('aria-describedby')}")
    assert not tip.is_visible()
    marker.focus()
    assert tip.is_visible() and tip.inner_text() == seed().footnote(6).text  # type: ignore[union-attr]
    if os.environ.get("OVERLEG_SCREENSHOTS"):
        folder = REPO / os.environ["OVERLEG_SCREENSHOTS"]
        folder.mkdir(parents=True, exist_ok=True)
        box = page.locator("#antwoord-9").bounding_box()
        page.screenshot(path=str(folder / "document-marker-desktop.png"),
                        clip={"x": box["x"] - 8, "y": box["y"] - 8, "width": box["width"] + 400,
                              "height": min(box["height"], 260) + 140})
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    context.close()


@pytest.mark.parametrize("signed_in", [False, True], ids=["publiek", "ingelogd"])
def test_the_page_has_no_serious_accessibility_violations(site: str, browser: Any, signed_in: bool) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    if signed_in:
        page.goto(site + "/login")
        page.get_by_label("Gebruikersnaam").fill("griffier")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("Ingelogd als griffier").wait_for(state="visible", timeout=20_000)
    page.goto(site + PAGE)
    assert page.locator("details.leesproblemen").count() == (1 if signed_in else 0)
    bad = serious_violations(page)
    context.close()
    assert not bad, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad], indent=1)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "telefoon"])
def test_the_contents_list_has_room_for_three_digit_numbers(site: str, browser: Any,
                                                             viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    page = context.new_page()
    page.goto(site + PAGE)
    # "100." set in the list's own font, against the room the list keeps for its numbers
    room, needed = page.evaluate("""() => {
        const ol = document.querySelector('.inhoudsopgave ol');
        const probe = document.createElement('span');
        probe.textContent = '100.';
        ol.querySelector('li').appendChild(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return [parseFloat(getComputedStyle(ol).paddingLeft), width];
    }""")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert room >= needed + 4, (room, needed)  # the marker's own gap before the text
    assert width <= viewport["width"]
