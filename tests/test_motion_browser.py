"""The motion pages in a real browser: axe-core finds no serious violation, and they fit a phone
(the pattern of tests/test_web_browser.py), on a live ``overleg serve`` over the examples with the
motions' decisions synced from the local fake of Open Data."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api_helpers import start_server, stop
from e2e_support import AXE, CHROMIUM, DESKTOP, PHONE, chromium, serious_violations
from overleg.service import Credentials, Service
from test_motion_votes import ZAKEN, FakeZaken
from web_support import REPO, examples_store

if os.environ.get("CI") == "true":
    assert CHROMIUM.exists() and AXE.exists(), "scripts/setup installs chromium and axe-core"
pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (scripts/setup installs it)", allow_module_level=True)

PAGES = ["/moties", "/moties?q=Ceder&uitkomst=aangenomen", "/moties/kst-21501-02-3121", "/moties/kst-29924-272",
         "/moties/kst-36278-32", "/moties/bestaat-niet"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("motions-site")
    store = examples_store(directory)
    Service(store).motions.sync(Credentials.operator(), transport=httpx.MockTransport(FakeZaken(ZAKEN)), interval=0,
                                base_url="http://fake.test/OData/v4/2.0")
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



@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm install in tests/web")
@pytest.mark.parametrize("path", PAGES)
def test_the_motion_pages_pass_axe_and_fit_a_phone(site: str, browser: Any, path: str) -> None:
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 740}):
        context = browser.new_context(viewport=viewport, locale="nl-NL", is_mobile=viewport["width"] < 400)
        page = context.new_page()
        answer = page.goto(site + path)
        assert answer is not None and answer.status == (404 if path.endswith("bestaat-niet") else 200)
        bad = serious_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert not bad, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad])
        assert width <= viewport["width"], (path, width)


@pytest.mark.skipif(not os.environ.get("OVERLEG_SCREENSHOTS"), reason="set OVERLEG_SCREENSHOTS=docs/screenshots")
def test_screenshots_of_the_motion_pages(site: str, browser: Any) -> None:
    folder = REPO / os.environ["OVERLEG_SCREENSHOTS"]
    folder.mkdir(parents=True, exist_ok=True)
    for device, size in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=size, device_scale_factor=1)
        shot = context.new_page()
        for name, path in (("motions", "/moties"), ("motion", "/moties/kst-21501-02-3121")):
            shot.goto(site + path)
            shot.screenshot(path=str(folder / f"{name}-{device}.png"))
        context.close()
    assert (folder / "motion-phone.png").exists()
