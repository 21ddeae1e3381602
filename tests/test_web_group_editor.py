"""The group's editor in Debian's Chromium: a keyboard-only pass (Tab, Enter and Space only)
through adding a passage with a topic and a footnote, reordering, saving, the preview and
handing in; and axe-core on the editor and its preview. Fixtures from test_web_browser."""

from __future__ import annotations

import json
from typing import Any

import pytest

from e2e_support import AXE, serious_violations
from test_web_browser import _log_in, browser, site  # noqa: F401  (fixtures)

EDITOR = "/werkruimte/so-1/inbreng/Klein"


def _tab_to(page: Any, selector: str, limit: int = 200) -> None:
    """Press Tab until ``selector`` has the focus (keyboard only: no click, no focus())."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def _focus_on(page: Any, element_id: str) -> None:
    """Wait until the page that loaded has put the focus on ``element_id`` (its autofocus): the URL
    changes before the page is ready, and keys typed in between are lost."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=element_id)


def _type(page: Any, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def test_a_group_writes_reorders_previews_and_hands_in_with_the_keyboard_only(site: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _log_in(page, site, "member-klein")
    page.goto(site + EDITOR)
    _tab_to(page, "#vraag-erbij")
    page.keyboard.press("Enter")  # no passage yet: adds the first, focused
    page.wait_for_url("**erbij=vraag")
    assert page.evaluate("document.activeElement.id") == "vraag-1-onderwerp"
    page.keyboard.type("Dijken")
    _type(page, "#vraag-1-tekst", "Hoe hoog zijn de dijken?")
    _tab_to(page, "#vraag-1-noot-erbij")
    page.keyboard.press("Space")
    page.wait_for_url("**erbij=noot-1")
    _focus_on(page, "vraag-1-noot-1-tekst")  # the new page's autofocus, before typing into it
    page.keyboard.type("Het rapport")
    _type(page, "#vraag-1-noot-1-url", "https://example.org/rapport")
    _tab_to(page, "#vraag-erbij")
    page.keyboard.press("Enter")
    page.wait_for_url("**erbij=vraag")
    _focus_on(page, "vraag-2-onderwerp")
    page.keyboard.type("Sluizen")
    _type(page, "#vraag-2-tekst", "Wie beheert de sluizen?")
    _tab_to(page, "#vraag-2-omhoog")
    page.keyboard.press("Enter")  # the sluices first
    page.wait_for_url("**plek=*")
    assert page.locator("#vraag-1-tekst").input_value() == "Wie beheert de sluizen?"
    _tab_to(page, "button[value=opslaan]")
    page.keyboard.press("Enter")
    page.wait_for_url("**gedaan=*")
    assert page.get_by_role("status").first.inner_text().startswith("Uw concept is opgeslagen")
    if AXE.exists():
        bad = serious_violations(page)
        assert not bad, json.dumps([(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad])
    _tab_to(page, "a[href$='/voorbeeld']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/voorbeeld")
    text = page.locator(".voorbeeld").inner_text()
    assert text.index("Wie beheert de sluizen?") < text.index("Hoe hoog zijn de dijken?")
    assert "Het rapport" in text
    if AXE.exists():
        bad = serious_violations(page)
        assert not bad, json.dumps([(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad])
    page.go_back()
    _tab_to(page, "button[value=indienen]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/indienen")
    assert "Na indienen telt uw inbreng mee" in page.content()
    _tab_to(page, "#indienen")
    page.keyboard.press("Enter")
    page.wait_for_url("**gedaan=ingediend")
    assert page.locator("#inbreng-stand").inner_text().startswith("Ingediend op ")
    context.close()
