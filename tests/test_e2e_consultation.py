"""A whole consultation in the browser, from an empty store in which only the first account exists
(made with the CLI as the README does): every role in its own browser context, invitations
through a real SMTP server, no API calls (issue 14, "How it is checked").

The small tests first prove the machinery (tests/e2e_support.py): the SMTP server, the first
account's login, one context per role. Then the walk itself, through every desk of issue 14.
Screenshots of each desk: OVERLEG_SCREENSHOTS=docs/screenshots (desktop and phone width).
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import pytest

from e2e_support import (
    ADMIN,
    ADMIN_PASSWORD,
    AXE,
    CHROMIUM,
    COMMITTEE,
    Mailbox,
    People,
    Site,
    User,
    body,
    chromium,
    described,
    link_to,
    live_site,
    mail_server,
)


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with mail_server() as box:
        yield box


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[Site]:
    with live_site(tmp_path_factory.mktemp("e2e"), mailbox.port) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup installs it)")
    with chromium() as b:
        yield b


@pytest.fixture
def people(browser: Any, site: Site) -> Iterator[People]:
    crowd = People(browser, site.base)
    yield crowd
    crowd.close()


# -- the machinery ------------------------------------------------------------------------------------

def _mail(to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "overleg@localhost", to, subject
    message["Date"], message["Message-ID"] = format_datetime(dt.datetime.now(dt.UTC)), make_msgid(domain="localhost")
    message.set_content(text)
    return message


def test_the_test_smtp_server_receives_a_mail_with_its_headers_and_gives_its_link(mailbox: Mailbox) -> None:
    sent = _mail("proef@example.org", "Uitnodiging voor overleg",
                 "Welkom.\n\nStel uw wachtwoord in: http://127.0.0.1:1/uitnodiging/abc123.\n"
                 "Voorkeuren: http://127.0.0.1:1/profiel\n")
    with smtplib.SMTP("127.0.0.1", mailbox.port, timeout=10) as smtp:
        smtp.send_message(sent)
    got = mailbox.wait_for("proef@example.org", subject="uitnodiging", timeout=10)
    assert got["Message-ID"] == sent["Message-ID"] and got["Date"] == sent["Date"]
    assert got["Subject"] == "Uitnodiging voor overleg" and "Welkom." in body(got)
    assert link_to(got, "/uitnodiging/") == "http://127.0.0.1:1/uitnodiging/abc123"  # the full stop is not in it
    assert link_to(got, "/profiel") == "http://127.0.0.1:1/profiel"
    with pytest.raises(AssertionError, match="no link to /beheer"):
        link_to(got, "/beheer")


def test_waiting_for_a_mail_that_never_comes_fails_and_names_what_did_come(mailbox: Mailbox) -> None:
    with smtplib.SMTP("127.0.0.1", mailbox.port, timeout=10) as smtp:
        smtp.send_message(_mail("iemand@example.org", "Iets anders", "tekst"))
    mailbox.wait_for("iemand@example.org", timeout=10)
    with pytest.raises(AssertionError, match="Iets anders"):
        mailbox.wait_for("niemand@example.org", timeout=0.5)
    assert mailbox.to("niemand@example.org") == []


def test_the_first_account_made_with_the_cli_logs_in_in_the_browser(people: People) -> None:
    admin = people.enter("beheerder")
    admin.open("/")
    admin.log_in(ADMIN, ADMIN_PASSWORD)
    assert admin.page.get_by_text(f"Ingelogd als {ADMIN}").is_visible()


def test_a_wrong_password_for_the_first_account_is_refused_in_dutch(people: People) -> None:
    stranger = people.enter("indringer")
    stranger.open("/")
    stranger.follow("Inloggen")
    stranger.fill("Gebruikersnaam", ADMIN)
    stranger.fill("Wachtwoord", "niet-het-wachtwoord")
    stranger.press("Inloggen")
    assert "onjuist" in stranger.text()
    assert stranger.page.get_by_role("button", name="Uitloggen").count() == 0


def test_each_role_has_its_own_browser_context(people: People) -> None:
    admin = people.enter("beheerder")
    admin.open("/")
    admin.log_in(ADMIN, ADMIN_PASSWORD)
    public = people.enter("publiek")
    public.open("/")
    assert public.page.context is not admin.page.context
    assert public.page.get_by_role("button", name="Uitloggen").count() == 0  # no session shared
    assert people.enter("beheerder") is admin  # the same person keeps their context


# -- the walk -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Invitee:
    role: str  # the People key and the username
    name: str
    kind: str  # the role as the invitation form offers it
    of: str  # the committee, group or ministry it holds the role in (a register key, as the form offers)
    password: str = "een-lang-wachtwoord-voor-de-test"

    @property
    def address(self) -> str:
        return f"{self.role}@example.org"


CLERK = Invitee("griffier", "Gerda Griffier", "griffier", COMMITTEE)
CHAIR = Invitee("voorzitter", "Victor Voorzitter", "voorzitter", COMMITTEE)
D66 = Invitee("medewerker-d66", "Dirk van D66", "fractiemedewerker", "D66")
VVD = Invitee("medewerker-vvd", "Vera van de VVD", "fractiemedewerker", "VVD")
MINISTRY = Invitee("ambtenaar-bz", "Anna Ambtenaar", "ambtenaar", "BZ")
SUBJECT = "Raad Buitenlandse Zaken van 15 december"
QUESTIONS = {  # the group, its questions as (topic, text, footnote text, footnote URL)
    "D66": (("Oekraïne", "Hoe staat het met de steun aan Oekraïne?", "Motie Paternotte", "https://www.example.org/m1"),
            (None, "Wanneer volgt het sanctiepakket?", None, None)),
    "VVD": (("Migratie", "Hoe verlopen de gesprekken over het migratiepact?", None, None),
            (None, "Welke landen steunen het voorstel?", "Kamerbrief", "https://www.example.org/kb")),
}
GROUPED = "Het kabinet beantwoordt de vragen 1 en 2 samen: de steun loopt door en het pakket volgt in januari."
SINGLE = "Het kabinet voert de gesprekken in de Raad en informeert de Kamer in de geannoteerde agenda."
REFERRING = "Het kabinet verwijst naar het eerdere antwoord over het migratiepact."
TO_THE_DESK = "Naar de beantwoording: alle vragen, de antwoordtermijn en antwoorden versturen"


def _invite(admin: User, mailbox: Mailbox, people: People, who: Invitee) -> User:
    """The administrator invites ``who``; ``who`` follows the mail's link and sets a password."""
    admin.fill("Gebruikersnaam", who.role)
    admin.fill("Naam", who.name)
    admin.fill("E-mailadres", who.address)
    admin.choose("Rol", who.kind)
    admin.fill("Van (commissie, fractie of ministerie)", who.of)
    admin.press("Uitnodigen")
    admin.no_errors()
    shown = admin.page.get_by_label("Link", exact=True).input_value()  # shown once, to hand over without mail
    invitation = mailbox.wait_for(who.address, subject="uitnodiging")
    assert invitation["Date"] and invitation["Message-ID"] and link_to(invitation, "/profiel")
    assert link_to(invitation, "/uitnodiging/") == shown
    user = people.enter(who.role)
    user.follow_mail_link(invitation, "/uitnodiging/")
    user.fill("Wachtwoord", who.password)
    user.fill("Hetzelfde wachtwoord nog eens", who.password)
    user.press("Wachtwoord instellen")
    user.page.get_by_role("button", name="Uitloggen").wait_for(state="visible")
    assert user.page.get_by_text(f"Ingelogd als {who.name}").is_visible()
    return user


def _confirm(user: User, step: str, yes: str, shot: str = "") -> str:
    """Follow the link to an irreversible step's confirmation page, confirm, and return the message."""
    user.follow(step)
    assert "/bevestigen/" in user.page.url, user.page.url
    if shot:
        user.shoot(shot)
    user.press(yes)
    user.no_errors()
    return user.status()


def _at_the_consultation(user: User) -> None:
    """On the consultation's page every link to a place on it (under "Wat u nu kunt doen") goes somewhere."""
    assert user.heading() == SUBJECT, user.page.url
    assert not user.broken_anchors(), f"{user.role}: {user.broken_anchors()}"


def _do_now(user: User, step: str, path: str) -> None:
    """Follow a step under "Wat u nu kunt doen": it leads to ``path`` and to a place there that exists."""
    user.page.get_by_role("list", name="Wat u nu kunt doen").get_by_role("link", name=step, exact=True).click()
    user.page.wait_for_url(lambda url: path in url and "#" in url)
    place = user.page.url.split("#", 1)[1]
    assert user.page.locator(f"[id='{place}']").count() == 1, f"{step}: nothing at #{place} on {user.page.url}"


def _contribute(staffer: User, group: str) -> None:
    """A group's staffer writes topics, questions and footnotes in the editor and hands them in."""
    staffer.follow("Werkruimte")
    staffer.follow(SUBJECT)
    _at_the_consultation(staffer)
    _do_now(staffer, "Inbreng schrijven", "/werkruimte/")
    staffer.follow(f"Inbreng van {group} bewerken")
    assert "/inbreng/" in staffer.page.url
    for k, (topic, text, note, url) in enumerate(QUESTIONS[group], start=1):
        staffer.press("Vraag toevoegen")
        passage = f"Vraag {k}"
        if topic:
            staffer.fill("Nieuw onderwerp (kop, niet verplicht)", topic, within=passage)
        staffer.fill(f"Tekst van vraag {k}", text, within=passage)
        if note and url:
            staffer.press(f"Voetnoot toevoegen bij vraag {k}", within=passage)
            footnote = f"Voetnoot 1 bij vraag {k}"
            staffer.fill("Tekst", note, within=footnote)
            staffer.fill("Webadres (niet verplicht)", url, within=footnote)
    staffer.press("Opslaan")
    staffer.no_errors()
    assert "Concept" in staffer.text()
    if group == "D66":  # one group's editor is enough for the docs
        staffer.shoot("e2e-inbreng")
    staffer.follow("Voorbeeld zoals het gedrukt wordt")
    printed = staffer.text()
    assert all(text in printed for _, text, _, _ in QUESTIONS[group])
    staffer.follow(f"Terug naar de inbreng van {group}")
    staffer.press("Indienen…")
    staffer.press("Inbreng indienen")
    staffer.no_errors()
    assert "Ingediend op" in staffer.text()


def test_a_committee_runs_a_whole_consultation_in_the_browser(people: People, mailbox: Mailbox) -> None:
    # the administrator, the only account, invites everyone else in the browser
    admin = people.enter("beheerder")
    admin.open("/")
    admin.log_in(ADMIN, ADMIN_PASSWORD)
    admin.follow("Gebruikers")
    admin.shoot("e2e-beheer-gebruikers")
    clerk, chair, d66, vvd, ministry = (_invite(admin, mailbox, people, who)
                                        for who in (CLERK, CHAIR, D66, VVD, MINISTRY))

    # the clerk creates the consultation from the registers and opens intake
    clerk.follow("Werkruimte")
    clerk.follow("Nieuwe procedure")
    clerk.fill("Onderwerp", SUBJECT)
    assert clerk.page.get_by_label("Voorzitter", exact=True).input_value() == CHAIR.name  # the committee's chair
    clerk.choose("Gericht aan", "Minister van Buitenlandse Zaken (Buitenlandse Zaken)")
    invited = "Uitgenodigde fracties"
    for box in clerk._in(invited).get_by_role("checkbox").all():  # all are ticked at first: only D66 and VVD
        box.set_checked(False)
    clerk.tick("D66 (Democraten 66), 26 zetels", within=invited)
    clerk.tick("VVD (Volkspartij voor Vrijheid en Democratie), 22 zetels", within=invited)
    clerk.fill("Datum", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    clerk.press("Procedure aanmaken")
    clerk.no_errors()
    assert clerk.heading() == SUBJECT
    assert "Concept" in clerk.page.locator("[aria-current=step]").inner_text()
    _at_the_consultation(clerk)
    clerk.shoot("e2e-griffier")
    assert _confirm(clerk, "Inbreng openen", "Ja, open de inbreng")
    for member in (D66, VVD):  # the groups are told that intake is open
        assert link_to(mailbox.wait_for(member.address, subject="inbreng geopend"), "/werkruimte/")

    # two groups draft topics, questions and footnotes and hand them in
    _contribute(d66, "D66")
    _contribute(vvd, "VVD")

    # the clerk closes intake, numbers, checks the numbered list and sends
    clerk.follow("Werkruimte")
    clerk.follow(SUBJECT)
    _at_the_consultation(clerk)
    intake = clerk.page.get_by_role("table", name="Inbreng per fractie").inner_text()
    assert intake.count("ingediend") == 2, intake
    assert _confirm(clerk, "Inbreng sluiten", "Ja, sluit de inbreng")
    assert _confirm(clerk, "Vragen nummeren", "Ja, nummer de vragen")
    clerk.follow("Lijst van vragen nakijken")
    listed = clerk.text()
    order = [listed.index(text) for group in ("D66", "VVD") for _, text, _, _ in QUESTIONS[group]]
    assert order == sorted(order) and "Oekraïne" in listed and "Motie Paternotte" in listed
    clerk.shoot("e2e-lijst-van-vragen")
    clerk.follow("terug naar de procedure")
    assert _confirm(clerk, "Vragen versturen", "Ja, verstuur de vragen", shot="e2e-bevestigen")

    # the ministry answers: one answer to 1 and 2, one to 3, and 4 refers to the answer to 3
    sent = mailbox.wait_for(MINISTRY.address, subject="vragen ontvangen")
    ministry.follow_mail_link(sent, "/werkruimte/")
    _at_the_consultation(ministry)
    ministry.follow(TO_THE_DESK)
    ministry.shoot("e2e-beantwoording")
    ministry.follow("Vraag 1 beantwoorden")
    ministry.fill("Antwoord op vraag 1", GROUPED)
    ministry.page.get_by_label("Dit antwoord beantwoordt ook vraag (niet verplicht)", exact=True).select_option(
        label="Vraag 2 (D66): " + QUESTIONS["D66"][1][1])
    ministry.shoot("e2e-antwoord")
    ministry.press("Antwoord op vraag 1 opslaan")
    ministry.no_errors()
    ministry.follow("Vraag 3 beantwoorden")
    ministry.fill("Antwoord op vraag 3", SINGLE)
    ministry.press("Antwoord op vraag 3 opslaan")
    ministry.no_errors()
    ministry.follow("Vraag 4 beantwoorden")
    ministry.fill("Antwoord op vraag 4", REFERRING)
    refs = ministry.page.get_by_label("Zie het antwoord op vraag (niet verplicht)", exact=True)
    refs.select_option(label="Vraag 3 (VVD): " + QUESTIONS["VVD"][0][1])
    ministry.press("Antwoord op vraag 4 opslaan")
    ministry.no_errors()
    assert "4 van 4" in ministry.text()
    ministry.follow("Antwoorden versturen")
    ministry.press("Ja, antwoorden versturen")
    ministry.no_errors()
    assert ministry.status()

    # the chair establishes the report as it will be published
    received = mailbox.wait_for(CHAIR.address, subject="antwoorden ontvangen")
    chair.follow_mail_link(received, "/werkruimte/")
    _at_the_consultation(chair)
    _do_now(chair, "Verslag vaststellen", "/verslag")
    assert chair.text().count(GROUPED) == 1
    chair.shoot("e2e-verslag")
    chair.fill("Dossiernummer", "21501-02")
    chair.fill("Documentnummer", "9999")
    chair.press("Verder naar vaststellen")
    chair.no_errors()
    chair.press("Ja, verslag vaststellen")
    chair.no_errors()
    assert chair.status()

    # the clerk publishes
    clerk.follow("Werkruimte")
    clerk.follow(SUBJECT)
    _at_the_consultation(clerk)
    _do_now(clerk, "Verslag publiceren", "/verslag")
    clerk.press("Verslag publiceren")
    clerk.press("Ja, verslag publiceren")
    clerk.no_errors()
    assert clerk.status()
    clerk.follow("Terug naar de procedure")
    clerk.follow("Logboek")  # photographed as audit-log by the report desk's browser test
    assert "Vragen versturen" in clerk.text() or "verstuurd" in clerk.text().lower()

    # the public reads each answer exactly once
    public = people.enter("publiek")
    public.open("/")
    public.follow(SUBJECT)
    report = public.text()
    assert report.count(GROUPED) == 1 and report.count(SINGLE) == 1 and report.count(REFERRING) == 1
    see = public.page.locator("p", has_text="Zie ook:").get_by_role("link", name="vraag 3", exact=True)
    assert SINGLE in public.page.locator(see.get_attribute("href")).inner_text()  # the cross-reference leads there
    for group in ("D66", "VVD"):
        for _, text, _, _ in QUESTIONS[group]:
            assert report.count(text) == 1
    public.shoot("e2e-gepubliceerd")
    if AXE.exists():
        assert not public.serious_violations(), described(public.serious_violations())
