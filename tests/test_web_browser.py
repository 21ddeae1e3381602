"""The web UI in Debian's Chromium (Playwright) against a live uvicorn server on a free port,
with an accessibility check by axe-core (tests/web/node_modules, from ``npm install`` there).

Skipped when Playwright or /usr/bin/chromium is missing (``scripts/setup`` installs both);
``playwright install`` is never needed. Screenshots: OVERLEG_SCREENSHOTS=docs/screenshots.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_helpers import start_server, stop
from e2e_support import AXE, CHROMIUM, chromium, follow, serious_violations
from overleg.procedure import RoleKind as Role
from overleg.vocabulary.dates import dutch_date
from web_support import PASSWORD, REPO, SEED_ID, add_user, examples_store, seed_intake

# On CI (CI=true, after scripts/setup) a missing browser or axe-core is a broken setup: fail.
if os.environ.get("CI") == "true":
    assert CHROMIUM.exists(), "Debian's chromium is missing: scripts/setup should have installed it"
    assert AXE.exists(), "axe-core is missing: scripts/setup should have run npm in tests/web"
expect = pytest.importorskip("playwright.sync_api").expect  # waits until true, unlike is_visible()
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (scripts/setup installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live ``overleg serve`` over the ingested examples; its base URL."""
    directory = tmp_path_factory.mktemp("site")
    store = examples_store(directory)
    # a consultation in intake, started an hour ago (the server runs on the real clock)
    seed_intake(store, dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1))
    add_user(store, "collega-klein", Role.MEMBER, "Klein")  # a second member of one group (autosave conflict)
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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    yield context.new_page()
    context.close()


def test_reader_follows_the_link_in_answer_26_to_answer_14(site: str, page: Any) -> None:
    page.goto(f"{site}/documents/{SEED_ID}")
    page.locator("#antwoord-26 p a[href='#antwoord-14']").last.click()
    assert page.url.endswith("#antwoord-14")
    expect(page.locator("#antwoord-14")).to_be_visible()
    assert page.evaluate("document.querySelector(':target').id") == "antwoord-14"


def test_footnote_13_shows_its_text_on_focus_and_opens_on_click(site: str, page: Any) -> None:
    page.goto(f"{site}/documents/{SEED_ID}")
    marker = page.locator("a.nootlink[href='#voetnoot-13']").first
    tip = page.locator(f"#{marker.get_attribute('aria-describedby')}")
    assert not tip.is_visible()
    marker.focus()
    assert tip.is_visible()
    text = tip.inner_text()
    marker.click()
    assert page.url.endswith("#voetnoot-13")
    assert text[:20] in page.locator("#voetnoot-13").inner_text()


def test_search_rafah_lands_on_item_3(site: str, page: Any) -> None:
    page.goto(site + "/")
    page.get_by_label("Zoek in alle documenten").fill("Rafah")
    page.get_by_role("button", name="Zoeken").click()
    first = page.locator(".treffer h3 a").first
    assert page.locator(".treffer mark").first.inner_text() == "Rafah"
    first.click()
    assert page.url.split("#")[1] in ("antwoord-3", "vraag-3")
    assert page.locator(":target").inner_text().count("Rafah") >= 1


def test_a_misspelled_search_offers_the_corpus_spelling_and_follows_it(site: str, page: Any) -> None:
    page.goto(site + "/search?q=Rafha")
    page.get_by_role("link", name="Rafah", exact=True).click()
    expect(page.locator(".treffer mark").first).to_have_text("Rafah")
    assert page.get_by_label("Zoekwoorden").input_value() == "Rafah"


def test_a_question_leads_to_its_earlier_questions_with_their_answers_folded(site: str, page: Any) -> None:
    page.goto(site + f"/documents/{SEED_ID}")
    page.get_by_role("link", name="Eerdere vragen die op deze vragen lijken, per vraag").click()
    page.get_by_role("navigation", name="Vragen van dit document").get_by_role("link", name="3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eerder gesteld")
    answer = page.locator(".eerder-antwoord").first
    expect(answer.locator("p")).to_be_hidden()
    answer.locator("summary").click()
    expect(answer.locator("p")).to_be_visible()


def test_odd_search_shows_a_friendly_message(site: str, page: Any) -> None:
    page.goto(site + '/search?q=%22&pagina=-1')
    expect(page.get_by_role("status")).to_be_visible()



MAIN_PAGES = ["/", f"/documents/{SEED_ID}", "/search?q=Rafah", "/search", "/login", "/werkruimte"]
# the query language: a suggestion, a sort by date, the earlier questions of an item
MAIN_PAGES += ["/search?q=Rafha", "/search?q=kabinet+groep%3AD66&sorteren=datum",
               f"/documents/{SEED_ID}/vragen/3/eerder"]
# the public pages per group, member, ministry and committee, the figures and the commitments tracker
ENTITY_PAGES = ["/fracties", "/leden", "/ministeries", "/commissies", "/cijfers", "/toezeggingen",
                "/fracties/groenlinks-pvda", "/leden/van-nispen", "/ministeries/buitenlandse-zaken",
                "/commissies/vaste-commissie-voor-buitenlandse-zaken", "/toezeggingen?status=open",
                "/fracties/bestaat-niet"]
MAIN_PAGES += ENTITY_PAGES
# written questions linked to their notices and answers: the list, a filtered list and a case
MAIN_PAGES += ["/schriftelijke-vragen", "/schriftelijke-vragen?status=beantwoord&fractie=SP",
               "/schriftelijke-vragen/ah-tk-20232024-1893"]
# the pages every page's footer links, and the page of an address that does not exist
SITE_PAGES = ["/toegankelijkheid", "/privacy", "/contact", "/over", "/bestaat-niet"]
MAIN_PAGES += SITE_PAGES


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm install in tests/web")
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_have_no_serious_accessibility_violations(site: str, page: Any, path: str) -> None:
    page.goto(site + path)
    bad = serious_violations(page)
    assert not bad, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad], indent=1)


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_pages_fit_a_phone_without_sideways_scrolling(site: str, browser: Any, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(site + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


PHONE_PAGES = {"site-toegankelijkheid": "/toegankelijkheid", "site-privacy": "/privacy", "site-contact": "/contact",
               "site-over": "/over", "site-404": "/bestaat-niet", "site-document": f"/documents/{SEED_ID}"}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm install in tests/web")
@pytest.mark.parametrize("name", PHONE_PAGES)
def test_the_required_pages_the_404_and_the_seed_fit_a_375_px_phone_and_pass_axe_there(site: str, browser: Any,
                                                                                       name: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=1, locale="nl-NL")
    phone = context.new_page()
    answer = phone.goto(site + PHONE_PAGES[name])
    assert answer is not None and answer.status == (404 if name == "site-404" else 200)
    expect(phone.locator("footer a[href='/toegankelijkheid']")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    bad = serious_violations(phone)
    if os.environ.get("OVERLEG_SCREENSHOTS"):
        folder = REPO / os.environ["OVERLEG_SCREENSHOTS"]
        folder.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(folder / f"{name}-phone.png"), full_page=name != "site-document")
    context.close()
    assert width <= 375
    assert not bad, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad], indent=1)


SHOTS = {"home": "/", "document": f"/documents/{SEED_ID}", "document-item": f"/documents/{SEED_ID}#vraag-3",
         "search": "/search?q=Rafah",
         "login": "/login"}
SHOTS.update({"groups": "/fracties", "group": "/fracties/groenlinks-pvda",
              "ministry": "/ministeries/buitenlandse-zaken", "figures": "/cijfers", "commitments": "/toezeggingen"})
SHOTS.update({"written-questions": "/schriftelijke-vragen",
              "written-question": "/schriftelijke-vragen/ah-tk-20232024-1893"})


@pytest.mark.skipif(not os.environ.get("OVERLEG_SCREENSHOTS"), reason="set OVERLEG_SCREENSHOTS=docs/screenshots")
def test_screenshots_of_the_main_pages(site: str, browser: Any) -> None:
    folder = REPO / os.environ["OVERLEG_SCREENSHOTS"]
    folder.mkdir(parents=True, exist_ok=True)
    for device, size in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=size, device_scale_factor=1)
        shot = context.new_page()
        for name, path in SHOTS.items():
            shot.goto(site + path)
            shot.screenshot(path=str(folder / f"{name}-{device}.png"))
        context.close()
    assert len(list(folder.glob("*.png"))) >= 8


def _log_in(page: Any, site: str, username: str) -> None:
    page.goto(site + "/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # the click does not wait for the page after the login (an argon2 check on a busy machine)
    page.get_by_text(f"Ingelogd als {username}").wait_for(state="visible", timeout=20_000)


def test_a_group_submits_a_passage_and_another_group_does_not_see_it(site: str, browser: Any) -> None:
    klein = browser.new_context()
    page = klein.new_page()
    _log_in(page, site, "member-klein")
    page.get_by_role("link", name="Werkruimte").click()
    page.locator("table a").first.click()
    page.get_by_role("link", name="Inbreng van Klein bewerken").click()
    page.get_by_role("button", name="Vraag toevoegen").click()
    page.get_by_label("Tekst van vraag 1").fill("Hoe staat het met de dijken bij Rafah?")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Hoe staat het met de dijken bij Rafah?").first).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    klein.close()
    groot = browser.new_context()
    other = groot.new_page()
    _log_in(other, site, "member-groot")
    other.goto(site + "/werkruimte/so-1")
    expect(other.get_by_role("link", name="Inbreng van Groot bewerken")).to_be_visible()
    assert "dijken bij Rafah" not in other.content()
    if AXE.exists():  # the workspace with its form passes the accessibility check too
        assert not serious_violations(other), [v["id"] for v in serious_violations(other)]
    if os.environ.get("OVERLEG_SCREENSHOTS"):
        for device, size in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
            other.set_viewport_size(size)
            other.screenshot(path=str(REPO / os.environ["OVERLEG_SCREENSHOTS"] / f"workspace-{device}.png"))
    groot.close()


# Irreversible steps go through their confirmation page: the desk's link, then "Ja, ...".
_CONFIRMED = {"Inbreng openen": "Inbreng openen…", "Inbreng sluiten": "Inbreng sluiten…",
              "Nummeren": "Vragen nummeren…", "Versturen": "Vragen versturen…"}


def _step(page: Any, name: str, check: bool = False) -> None:
    """Take the clerk's step ``name``; ``check``: axe and a phone's width on its confirmation page."""
    if name in _CONFIRMED:
        page.get_by_role("link", name=_CONFIRMED[name], exact=True).click()
        page.get_by_role("link", name="Annuleren").wait_for(state="visible")  # the confirmation, once loaded
        if check:
            _checked(page, "workspace-confirm-" + name.lower().replace(" ", "-"))
        page.locator("button#ja").click()
        expect(page.locator(".melding[role=status]")).to_be_visible()
    else:
        follow(page, page.get_by_role("button", name=name, exact=True))
    assert not page.locator(".fout").count(), page.locator(".fout").first.inner_text()


def test_ministry_answers_clerk_establishes_and_publishes_public_reads_and_downloads(site: str, browser: Any) -> None:
    clerk = browser.new_context()
    page = clerk.new_page()
    _log_in(page, site, "griffier")
    page.goto(site + "/werkruimte/so-1")
    assert page.locator("[aria-current=step]").inner_text().endswith("Inbreng")
    _checked(page, "workspace-desk")
    _step(page, "Inbreng sluiten", check=True)
    _step(page, "Nummeren", check=True)
    follow(page, page.get_by_role("link", name="Lijst van vragen nakijken", exact=True))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lijst van vragen")
    _checked(page, "workspace-list")
    page.get_by_role("link", name="terug naar de procedure").click()
    _step(page, "Versturen", check=True)
    expect(page.get_by_role("link", name="download als PDF")).to_be_visible()
    clerk.close()
    ministry = browser.new_context()
    page = ministry.new_page()
    _log_in(page, site, "ambtenaar")
    page.goto(site + "/werkruimte/so-1")
    follow(page, page.get_by_role("link", name="Naar de beantwoording", exact=False).first)
    count = page.get_by_role("link", name=re.compile(r"^Vraag \d+ beantwoorden$")).count()
    assert count >= 2
    for n in range(1, count + 1):
        page.get_by_role("link", name=f"Vraag {n} beantwoorden", exact=True).click()
        page.get_by_label(f"Antwoord op vraag {n}", exact=True).fill(f"Het kabinet antwoordt op vraag {n}.")
        page.get_by_role("button", name=f"Antwoord op vraag {n} opslaan", exact=True).click()
    page.get_by_role("link", name="Antwoorden versturen").click()
    page.get_by_role("button", name="Ja, antwoorden versturen").click()
    ministry.close()
    clerk = browser.new_context()
    page = clerk.new_page()
    _log_in(page, site, "griffier")
    page.goto(site + "/werkruimte/so-1")
    page.get_by_role("link", name="Verslag en vaststelling").click()
    page.get_by_label("Dossiernummer").fill("")
    page.get_by_role("button", name="Verder naar vaststellen").click()
    expect(page.locator(".foutsamenvatting")).to_be_visible()  # the dossier is missing: said in the summary
    page.get_by_label("Dossiernummer").fill("99999")
    page.get_by_label("Documentnummer").fill("7")
    page.get_by_role("button", name="Verder naar vaststellen").click()
    page.get_by_role("button", name="Ja, verslag vaststellen").click()
    page.get_by_role("button", name="Verslag publiceren").click()
    follow(page, page.get_by_role("button", name=re.compile("^Ja, ")))
    report = page.get_by_role("link", name="het verslag zoals het publiek het leest").get_attribute("href")
    clerk.close()
    public = browser.new_context(accept_downloads=True)
    page = public.new_page()
    page.goto(site + report)
    assert page.locator("#antwoord-1").inner_text().count("Het kabinet antwoordt op vraag 1.") == 1
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    public.close()


# -- the workspace's forms: creating, the deadline, autosave, answer groups, the preview ---------

CREATED: dict[str, str] = {}  # the consultation the clerk creates in the browser, for the tests after it
SUBJECT = "Informele Raad Buitenlandse Zaken"


def _fits_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def _checked(page: Any, name: str) -> None:
    """The page passes axe-core and fits a phone; with OVERLEG_SCREENSHOTS also photographed."""
    if AXE.exists():
        bad = serious_violations(page)
        assert not bad, json.dumps([(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad])
    _fits_a_phone(page)
    if os.environ.get("OVERLEG_SCREENSHOTS"):
        for device, size in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
            page.set_viewport_size(size)
            page.screenshot(path=str(REPO / os.environ["OVERLEG_SCREENSHOTS"] / f"{name}-{device}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_clerk_creates_a_consultation_in_the_browser_and_sets_its_deadline(site: str, browser: Any) -> None:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _log_in(page, site, "griffier")
    page.get_by_role("link", name="Werkruimte").click()
    page.get_by_role("link", name="Nieuwe procedure").click()
    page.get_by_label("Onderwerp").fill(SUBJECT)
    page.get_by_label("Voorzitter", exact=True).fill("De voorzitter")
    page.get_by_label("Gericht aan", exact=True).select_option(
        label="Minister van Buitenlandse Zaken (Buitenlandse Zaken)")
    page.get_by_label("Stukken op de agenda").fill("kst-21501-02-3349\nde brief van gisteren")
    assert page.get_by_label("Klein, 0 zetels").is_checked()  # the register's active groups, all checked
    page.get_by_label("Datum", exact=True).fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
    follow(page, page.get_by_role("button", name="Procedure aanmaken"))
    alert = page.locator("#papers-fout")
    assert "de brief van gisteren" in alert.inner_text()
    assert page.evaluate("document.activeElement.className") == "foutsamenvatting"  # focus on the summary
    assert page.get_by_label("Onderwerp").input_value() == SUBJECT  # what was typed is kept
    _checked(page, "workspace-new")
    page.get_by_label("Stukken op de agenda").fill("Kamerstuk 21 501-02, nr. 3349")
    follow(page, page.get_by_role("button", name="Procedure aanmaken"))
    assert page.get_by_role("heading", level=1).inner_text() == SUBJECT
    page.get_by_label("Nieuwe termijn: datum").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    follow(page, page.get_by_role("button", name="Termijn opslaan"))
    expect(page.locator("#termijn-fout[role=alert]")).to_be_visible()
    later = dt.date.today() + dt.timedelta(days=14)
    page.get_by_label("Nieuwe termijn: datum").fill(later.isoformat())
    follow(page, page.get_by_role("button", name="Termijn opslaan"))
    assert dutch_date(later) in page.locator("dl.gegevens").inner_text()
    _checked(page, "workspace-clerk")
    _step(page, "Inbreng openen")
    CREATED["href"] = page.url.split("?")[0]
    context.close()


def _created() -> str:
    if "href" not in CREATED:
        pytest.skip("needs the consultation the clerk creates in the test before")
    return CREATED["href"]


def test_autosave_shows_its_status_and_a_colleagues_save_in_between_shows_the_conflict(site: str,
                                                                                         browser: Any) -> None:
    href = _created()
    editor = href + "/inbreng/Klein"
    mine = browser.new_context(locale="nl-NL")
    page = mine.new_page()
    _log_in(page, site, "member-klein")
    page.goto(editor + "?erbij=vraag")
    field = page.get_by_label("Tekst van vraag 1")
    field.fill("Hoe staat het met de dijken?")
    # a function, not an expression string: Playwright runs a string with eval, which the policy forbids
    page.wait_for_function("() => document.querySelector('.bewaarstatus').textContent"
                           ".startsWith('Automatisch opgeslagen om')", timeout=15000)
    assert page.locator(".bewaarstatus").get_attribute("aria-live") == "polite"
    assert page.locator(".inbrengformulier input[name=version]").input_value() == "1"  # the form follows
    colleague = browser.new_context(locale="nl-NL")
    other = colleague.new_page()
    _log_in(other, site, "collega-klein")
    other.goto(editor + "?erbij=vraag")
    assert other.get_by_label("Tekst van vraag 1").input_value() == "Hoe staat het met de dijken?"
    other.get_by_label("Tekst van vraag 1").fill("Wat kost de dijk?")
    other.get_by_label("Tekst van vraag 2").fill("Wie betaalt de dijk?")
    other.get_by_role("button", name="Opslaan", exact=True).click()
    other.get_by_role("button", name="Indienen…").click()
    follow(other, other.get_by_role("button", name="Inbreng indienen"))
    assert other.locator("#inbreng-stand").inner_text().startswith("Ingediend op ")
    colleague.close()
    mine_text = "Hoe staat het met de dijken en de sluizen?"
    field.fill(mine_text)
    alert = page.locator(".inbrengformulier [role=alert]")
    alert.wait_for(timeout=25000)
    assert "Intussen heeft iemand anders" in alert.inner_text()
    assert field.input_value() == mine_text  # never lost: still in the field ...
    kept = page.evaluate("Object.keys(localStorage).map(k => localStorage.getItem(k)).join()")
    assert "de sluizen?" in kept  # ... and in this browser
    _checked(page, "workspace-autosave-conflict")
    follow(page, page.get_by_role("link", name="Laad de versie van uw collega"))
    assert page.get_by_label("Tekst van vraag 1").input_value() == "Wat kost de dijk?"  # the colleague's
    expect(page.get_by_role("button", name="Zet mijn tekst terug")).to_be_visible()
    mine.close()


def test_the_ministry_answers_two_numbers_as_one_group_and_previews_the_report(site: str, browser: Any) -> None:
    href = _created()
    clerk = browser.new_context()
    page = clerk.new_page()
    _log_in(page, site, "griffier")
    page.goto(href)
    for name in ("Inbreng sluiten", "Nummeren", "Versturen"):
        _step(page, name)
    clerk.close()
    ministry = browser.new_context()
    page = ministry.new_page()
    _log_in(page, site, "ambtenaar")
    page.goto(href)
    follow(page, page.get_by_role("link", name="Naar de beantwoording", exact=False).first)
    follow(page, page.get_by_role("link", name="Vraag 1 beantwoorden", exact=True))
    # typed but not saved: kept in the browser and offered back after a reload
    page.get_by_label("Antwoord op vraag 1", exact=True).fill("Een eerste opzet.")
    page.reload()
    assert page.get_by_label("Antwoord op vraag 1", exact=True).input_value() == ""
    page.get_by_role("button", name="Zet dit antwoord terug").click()
    assert page.get_by_label("Antwoord op vraag 1", exact=True).input_value() == "Een eerste opzet."
    page.get_by_label("Antwoord op vraag 1", exact=True).fill("Het kabinet beantwoordt beide vragen samen.")
    page.get_by_label("Dit antwoord beantwoordt ook vraag (niet verplicht)").select_option("2")
    follow(page, page.get_by_role("button", name="Antwoord op vraag 1 opslaan", exact=True))
    assert not page.locator(".foutsamenvatting").count(), page.locator(".foutsamenvatting").first.inner_text()
    follow(page, page.get_by_role("link", name="Vraag 1 beantwoorden", exact=True))
    assert page.get_by_role("button", name="Zet dit antwoord terug").count() == 0  # saved: nothing to offer
    page.get_by_role("link", name="Terug naar alle vragen").click()
    _checked(page, "workspace-answers")
    page.get_by_role("link", name="Antwoorden versturen").click()
    page.get_by_role("button", name="Ja, antwoorden versturen").click()
    ministry.close()
    clerk = browser.new_context()
    page = clerk.new_page()
    _log_in(page, site, "griffier")
    page.goto(href)
    page.get_by_role("link", name="Voorbeeld van het verslag").click()
    # one answer to two questions: printed once, after question 2; question 1 says where it stands
    assert page.locator(".document").inner_text().count("Het kabinet beantwoordt beide vragen samen.") == 1
    assert "Het kabinet beantwoordt beide vragen samen." in page.locator("#antwoord-2").inner_text()
    assert "Het antwoord staat na vraag 2." in page.locator("#antwoord-1").inner_text()
    _checked(page, "workspace-preview")
    clerk.close()


def test_a_clerk_marks_a_commitment_fulfilled_on_the_commitments_page(site: str, browser: Any) -> None:
    """The form under a commitment: open it, choose, give a reason; the page passes axe with it
    open and shows the mark after."""
    clerk = browser.new_context()
    page = clerk.new_page()
    _log_in(page, site, "griffier")
    page.goto(site + "/toezeggingen")
    page.get_by_text("Status van deze toezegging wijzigen").first.click()
    form = page.locator("details.markeren").first
    form.get_by_label("Nieuwe status").select_option("nagekomen")
    form.get_by_label("Reden (verplicht)").fill("Brief ontvangen op 1 november.")
    _checked(page, "commitments-mark")
    form.get_by_role("button", name="Markeren").click()
    expect(page.locator(".melding[role=status]").first).to_contain_text("De toezegging is gemarkeerd")
    expect(page.get_by_text("Brief ontvangen op 1 november.").first).to_be_visible()
    clerk.close()
