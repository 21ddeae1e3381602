"""axe-core over every workspace page, as the role that uses it, in every state it has
(issue 14: "axe with no serious or critical violations on every workspace page").

The store holds eight consultations, each stopped in another state: ``so-7`` a draft, ``so-1`` in
intake (Groot has contributed, Klein not), ``so-5`` with intake closed, ``so-6`` numbered, ``so-2``
being answered, ``so-3`` with the answers received, ``so-8`` established, ``so-4`` published. Each
role logs in once, in its own browser context. A page is a row of ``PAGES`` (who, path, and a
screenshot name or None): every workspace page per role, with the administrator's and the
profile pages. With OVERLEG_SCREENSHOTS=docs/screenshots the rows with a name are photographed at
desktop and phone width.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple

import pytest

from api_helpers import child_env, free_port, migrated_store, overleg
from e2e_support import (
    AXE,
    CHROMIUM,
    DESKTOP,
    chromium,
    described,
    serious_violations,
    shoot,
    wait_until_serving,
)
from overleg.procedure import RoleKind as Role
from overleg.procedure.commands import EstablishReport
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.service import ADMIN_SCOPE, Service
from overleg.store import Store
from web_support import PASSWORD, add_user, seed_intake

pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (scripts/setup installs it)", allow_module_level=True)
if not AXE.exists():
    pytest.skip("axe-core is not installed: npm install in tests/web", allow_module_level=True)


class Page(NamedTuple):
    who: str  # a username of the store below
    path: str
    shot: str | None = None  # the screenshot's name, or None
    via: str | None = None  # a link on ``path`` whose accessible name starts so: the page checked is where it leads


PAGES = [
    # the clerk: the list, a new consultation, the desk at every state with the pages of each state
    Page("griffier", "/werkruimte", "sweep-workspaces"),
    Page("griffier", "/werkruimte/nieuw"),
    Page("griffier", "/werkruimte/so-7"),
    Page("griffier", "/werkruimte/so-7/gegevens"),
    Page("griffier", "/werkruimte/so-7/bevestigen/inbreng-openen"),
    Page("griffier", "/werkruimte/so-1", "sweep-clerk-intake"),
    Page("griffier", "/werkruimte/so-1/gegevens"),
    Page("griffier", "/werkruimte/so-1/bevestigen/inbreng-sluiten", "sweep-clerk-confirm"),
    Page("griffier", "/werkruimte/so-1/inbreng/Groot"),
    Page("griffier", "/werkruimte/so-5"),
    Page("griffier", "/werkruimte/so-5/lijst", "sweep-clerk-list"),
    Page("griffier", "/werkruimte/so-5/bevestigen/nummeren"),
    Page("griffier", "/werkruimte/so-5/bevestigen/inbreng-heropenen"),
    Page("griffier", "/werkruimte/so-5/lijst", via="Intrekken"),  # .../bevestigen/vraag-intrekken?...
    Page("griffier", "/werkruimte/so-5/lijst", via="Samenvoegen met de volgende"),  # .../bevestigen/samenvoegen?...
    Page("griffier", "/werkruimte/so-6"),
    Page("griffier", "/werkruimte/so-6/lijst"),
    Page("griffier", "/werkruimte/so-6/bevestigen/versturen"),
    Page("griffier", "/werkruimte/so-2"),
    Page("griffier", "/werkruimte/so-3"),
    Page("griffier", "/werkruimte/so-3/voorbeeld"),
    Page("griffier", "/werkruimte/so-3/verslag", "sweep-report-desk"),
    Page("griffier", "/werkruimte/so-8"),
    Page("griffier", "/werkruimte/so-8/verslag"),
    Page("griffier", "/werkruimte/so-8/correctie"),
    Page("griffier", "/werkruimte/so-4"),
    Page("griffier", "/werkruimte/so-4/verslag"),
    Page("griffier", "/werkruimte/so-4/logboek", "sweep-audit-log"),
    Page("griffier", "/werkruimte/so-4/correctie"),
    Page("griffier", "/werkruimte/so-4/nader-overleg"),
    Page("griffier", "/beheer/gebruikers"),
    Page("griffier", "/profiel"),
    Page("griffier", "/meldingen"),
    # the chair
    Page("voorzitter", "/werkruimte"),
    Page("voorzitter", "/werkruimte/so-3"),
    Page("voorzitter", "/werkruimte/so-3/verslag"),
    Page("voorzitter", "/werkruimte/so-8/verslag"),
    Page("voorzitter", "/profiel"),
    # the groups: the desk, the editor with its preview and hand-in page, an empty editor
    Page("member-groot", "/werkruimte"),
    Page("member-groot", "/werkruimte/so-1"),
    Page("member-groot", "/werkruimte/so-1/inbreng/Groot", "sweep-group-editor"),
    Page("member-groot", "/werkruimte/so-1/inbreng/Groot/voorbeeld"),
    Page("member-groot", "/werkruimte/so-1/inbreng/Groot/indienen"),
    Page("member-groot", "/werkruimte/so-4"),
    Page("member-groot", "/meldingen"),
    Page("member-groot", "/profiel"),
    Page("member-klein", "/werkruimte/so-1/inbreng/Klein"),
    Page("member-klein", "/werkruimte/so-2"),
    # the ministry: the desk, an answer editor, sending
    Page("ambtenaar", "/werkruimte"),
    Page("ambtenaar", "/werkruimte/so-2"),
    Page("ambtenaar", "/werkruimte/so-2/voorbeeld"),
    Page("ambtenaar", "/werkruimte/so-2/beantwoording", "sweep-ministry-desk"),
    Page("ambtenaar", "/werkruimte/so-2/beantwoording/1", "sweep-ministry-answer"),
    Page("ambtenaar", "/werkruimte/so-2/beantwoording/versturen"),
    Page("ambtenaar", "/meldingen"),
    # the administrator: users, the registers and their forms, outgoing mail
    Page("beheerder", "/beheer/gebruikers", "sweep-admin-users"),
    Page("beheerder", "/beheer/ministeries"),
    Page("beheerder", "/beheer/ministeries/nieuw"),
    Page("beheerder", "/beheer/fracties"),
    Page("beheerder", "/beheer/fracties/nieuw"),
    Page("beheerder", "/beheer/fracties/Groot"),
    Page("beheerder", "/beheer/uitgaande-post"),
    Page("beheerder", "/profiel"),
]

SHAPE = (("Groot", 2), ("Klein", 1))
STOP_BEFORE = {"so-7": "open_intake", "so-5": "number", "so-6": "send", "so-2": "receive_answers",
               "so-3": "establish", "so-8": "publish", "so-4": None}  # None: every step


def _stopped(store: Store, consultation: str, start: dt.datetime, before: str | None) -> None:
    """``consultation`` re-enacted through the service up to (not including) the action ``before``."""
    service = Service(store, lambda: start + dt.timedelta(hours=1))
    for step in reenact(sample_report(SHAPE), consultation, start):
        if step.command.action == before:
            return
        if isinstance(step.command, EstablishReport):  # a report number is never used twice
            number = int(step.command.document_number) + int(consultation.removeprefix("so-"))
            step = replace(step, command=replace(step.command, document_number=str(number)))
        if step.command.action == "create":
            service.consultations.create(step.actor, step.command)  # type: ignore[arg-type]
        else:
            service.consultations.execute(step.actor, consultation, step.command)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("axe")
    url = f"sqlite:///{directory / 'axe.db'}"
    store = migrated_store(url)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    steps = seed_intake(store, start)
    for consultation, before in STOP_BEFORE.items():
        _stopped(store, consultation, start, before)
    committee = next(iter(steps[0].actor.roles)).of
    add_user(store, "voorzitter", Role.CHAIR, committee)
    add_user(store, "beheerder", Role.ADMIN, ADMIN_SCOPE)
    store.close()
    port = free_port()
    proc = subprocess.Popen(overleg("serve", "--database", url, "--port", str(port)), env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}", directory / "none.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def logged_in(site: str) -> Iterator[dict[str, Any]]:
    """A page per username, logged in in its own context on first use."""
    pages: dict[str, Any] = {}
    with chromium() as browser:
        def page_of(who: str) -> Any:
            if who not in pages:
                context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
                page = context.new_page()
                page.goto(site + "/login")
                page.get_by_label("Gebruikersnaam", exact=True).fill(who)
                page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
                page.get_by_role("button", name="Inloggen").click()
                page.get_by_role("button", name="Uitloggen").wait_for(state="visible", timeout=20_000)
                pages[who] = page
            return pages[who]

        yield {"page_of": page_of}
        for page in pages.values():
            page.context.close()


def _checked(site: str, logged_in: dict[str, Any], row: Page) -> None:
    page = logged_in["page_of"](row.who)
    response = page.goto(site + row.path)
    if row.via is not None and response is not None and response.status == 200:
        with page.expect_navigation() as followed:
            page.get_by_role("link", name=re.compile("^" + re.escape(row.via))).first.click()
        response = followed.value
        assert page.url.split("?")[0] != site + row.path, f"{row.via} on {row.path} led nowhere"
    assert response is not None and response.status == 200, f"{row.path} as {row.who}: {response and response.status}"
    bad = serious_violations(page)
    assert not bad, f"{row.path} as {row.who}: {described(bad)}"
    if row.shot:
        shoot(page, row.shot)


@pytest.mark.parametrize("row", PAGES, ids=[f"{p.who}:{p.path}" + (f">{p.via}" if p.via else "") for p in PAGES])
def test_the_workspace_page_has_no_serious_accessibility_violations(site: str, logged_in: dict[str, Any],
                                                                    row: Page) -> None:
    _checked(site, logged_in, row)


def test_every_consultation_of_the_sweep_is_in_the_state_it_stands_for(site: str, logged_in: dict[str, Any]) -> None:
    """The sweep covers the states it claims: each consultation's JSON twin says its state."""
    page = logged_in["page_of"]("griffier")
    states = {}
    for consultation in ("so-1", *STOP_BEFORE):
        response = page.goto(f"{site}/werkruimte/{consultation}.json")
        assert response is not None and response.status == 200
        states[consultation] = response.json()["state"]
    assert states == {"so-1": "intake_open", "so-7": "draft", "so-5": "intake_closed", "so-6": "numbered",
                      "so-2": "answering", "so-3": "answers_received", "so-8": "established", "so-4": "published"}
