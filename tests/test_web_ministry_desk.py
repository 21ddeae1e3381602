"""The ministry's desk in Debian's Chromium against a live ``overleg serve``: a keyboard-only
pass (answer, group two numbers, pick a cross-reference, send the answers) and axe-core with no
serious or critical violations on the desk and the editor. Skipped like tests/test_web_browser.py
when Playwright or Chromium is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from api_helpers import migrated_store, start_server
from e2e_support import AXE, CHROMIUM, chromium, follow, serious_violations
from overleg.procedure import commands as c
from overleg.service import Service
from web_support import PASSWORD, seed_intake

pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (scripts/setup installs it)", allow_module_level=True)

DESK = "/werkruimte/so-1/beantwoording"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server with consultation so-1 sent to the ministry (numbers 1 to 3); its base URL."""
    directory = tmp_path_factory.mktemp("desk")
    store = migrated_store(f"sqlite:///{directory / 'web.db'}")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    steps = seed_intake(store, start)
    service = Service(store, lambda: start + dt.timedelta(hours=1))
    seeded = next(k for k, s in enumerate(steps) if s.command.action == "submit_contribution"
                  and s.actor.user_id == "member-klein")
    for step in steps[seeded:]:
        if isinstance(step.command, c.AnswerQuestions):
            break
        service.consultations.execute(step.actor, "so-1", step.command)
    store.close()
    proc, base = start_server(f"sqlite:///{directory / 'web.db'}")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    found = context.new_page()
    found.goto(site + "/login")
    found.get_by_label("Gebruikersnaam").fill("ambtenaar")
    found.get_by_label("Wachtwoord").fill(PASSWORD)
    found.get_by_label("Wachtwoord").press("Enter")
    found.get_by_text("Ingelogd als ambtenaar").wait_for(state="visible", timeout=20_000)
    yield found
    context.close()



def _tab_to(page: Any, selector: str, most: int = 80) -> None:
    """Press Tab until the element ``selector`` has the focus (as a keyboard user would)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with Tab")


def _answer_with_the_keyboard(page: Any, number: int, text: str, also: int = 0, refs: int = 0) -> None:
    """From the desk: open number's editor, type the answer, pick ``also`` and ``refs`` options
    with the arrow keys (the first ``also`` open numbers, the ``refs``-th number), save."""
    _tab_to(page, f"a[href='{DESK}/{number}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DESK}/{number}")
    _tab_to(page, "#antwoord-tekst")
    page.keyboard.type(text)
    if also:
        _tab_to(page, "#ook")
        page.keyboard.press("ArrowDown")
        for _ in range(also - 1):
            page.keyboard.press("Shift+ArrowDown")
    if refs:
        _tab_to(page, "#zie")
        for _ in range(refs):
            page.keyboard.press("ArrowDown")
    _tab_to(page, f"form[action='{DESK}/{number}'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DESK}?gedaan=antwoord-opgeslagen*")


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm install in tests/web")
def test_the_desk_and_the_editor_have_no_serious_accessibility_violations(site: str, page: Any) -> None:
    page.goto(site + DESK)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Beantwoording")
    assert not serious_violations(page)
    page.goto(f"{site}{DESK}/1")
    assert not serious_violations(page)
    # a refused save: the error summary has the focus and the page stays accessible
    page.locator("#antwoord-tekst").fill("")
    follow(page, page.get_by_role("button", name="Antwoord op vraag 1 opslaan"))
    assert page.title().startswith("Fout: ")
    assert page.evaluate("document.activeElement.classList.contains('foutsamenvatting')")
    assert not serious_violations(page)


def test_a_keyboard_only_pass_answers_groups_cross_references_and_sends(site: str, page: Any) -> None:
    page.goto(site + DESK)
    # 1 and 2 together, with a reference to the answer on 3 (the second number the picker offers)
    _answer_with_the_keyboard(page, 1, "Samen beantwoord; zie ook het antwoord op vraag 3.", also=1, refs=2)
    assert "concept-antwoord, samen met vraag 2" in page.locator("#vraag-1").inner_text()
    _answer_with_the_keyboard(page, 3, "Het derde antwoord.")
    _tab_to(page, f"a[href='{DESK}/versturen']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DESK}/versturen")
    _tab_to(page, f"form[action='{DESK}/versturen'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DESK}?gedaan=antwoorden-verstuurd")
    assert page.get_by_role("status").inner_text().startswith("De antwoorden zijn verstuurd")
    data = page.evaluate(f"async () => (await fetch('{DESK}.json')).json()")
    assert [q["status"] for q in data["questions"]] == [
        "beantwoord, samen met vraag 2", "beantwoord, samen met vraag 1", "beantwoord"]
    editor = page.evaluate(f"async () => (await fetch('{DESK}/1.json')).json()")
    assert editor["numbers"] == [1, 2] and editor["cross_refs"] == [3]
