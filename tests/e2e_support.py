"""The end-to-end browser test's machinery: a real SMTP server, a live ``overleg serve`` over an
empty store whose only account the CLI made as the README does, and a browser with one context
per role, driven by helpers that find things by role and label as a user does.

    with mail_server() as mailbox, live_site(tmp, mailbox.port) as site, chromium() as browser:
        people = People(browser, site.base)
        admin = people.enter("beheerder")
        admin.log_in(ADMIN, ADMIN_PASSWORD)
        ...
        invitation = mailbox.wait_for("griffier@example.org")
        clerk = people.enter("griffier")
        clerk.follow_mail_link(invitation, "/uitnodiging/")

Screenshots: with OVERLEG_SCREENSHOTS=docs/screenshots, ``User.shoot(name)`` saves the page at
desktop (1280 px) and phone (390 px) width as ``<name>-desktop.png`` and ``<name>-phone.png``.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from api_helpers import child_env, free_port, overleg
from web_support import REPO

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ADMIN = "beheerder"  # the first account, made with the CLI as the README says
ADMIN_PASSWORD = "een-lang-wachtwoord-voor-de-beheerder"
COMMITTEE = "vaste commissie voor Buitenlandse Zaken"
_LINK = re.compile(r"https?://[^\s<>\"')\]]+")


# -- mail ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Received:
    """One message as the SMTP server got it: the envelope's recipients and the parsed message."""

    recipients: tuple[str, ...]
    message: EmailMessage

    def is_for(self, address: str) -> bool:
        address = address.lower()
        headers = " ".join(str(self.message.get(h, "")) for h in ("To", "Cc")).lower()
        return address in (r.lower() for r in self.recipients) or address in headers


@dataclass
class Mailbox:
    """Every message the test's SMTP server received, in order (aiosmtpd calls ``handle_DATA``)."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # the name aiosmtpd calls
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._arrived:
            self.received.append(Received(tuple(envelope.rcpt_tos), parsed))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._arrived:
            return [r.message for r in self.received if r.is_for(address)]

    def wait_for(self, address: str, subject: str = "", timeout: float = 30.0, after: int = 0) -> EmailMessage:
        """The first message to ``address`` (whose subject contains ``subject``) beyond the first
        ``after`` ones to it; fails naming what did arrive when none comes within ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [r.message for r in self.received if r.is_for(address)
                         and subject.lower() in str(r.message.get("Subject", "")).lower()]
                if len(found) > after:
                    return found[after]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(r.recipients, str(r.message.get("Subject", ""))) for r in self.received]
                    raise AssertionError(f"no mail to {address} ({subject!r}) within {timeout:.0f} s; got {seen}")
                self._arrived.wait(left)


def body(message: EmailMessage) -> str:
    """The message's text (its plain part where it has one)."""
    part = message.get_body(preferencelist=("plain", "html"))
    assert part is not None, "the mail has no body"
    content = part.get_content()
    assert isinstance(content, str)
    return content


def links(message: EmailMessage) -> list[str]:
    return _LINK.findall(body(message))


def link_to(message: EmailMessage, path: str) -> str:
    """The first link in the mail whose path starts with ``path`` (e.g. ``/uitnodiging/``)."""
    for url in links(message):
        if urlsplit(url).path.startswith(path):
            return url.rstrip(".,;")
    raise AssertionError(f"no link to {path} in the mail {message.get('Subject')!r}: {links(message)}")


@contextmanager
def mail_server() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on a free local port, collecting what it receives."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


# -- the server --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    base: str
    database: str
    log: Path  # the server's stderr, for a failing test's message


def first_account(database: str, env: dict[str, str]) -> None:
    """The store and its first account, made with the CLI exactly as the README does."""
    for args, stdin in ((("db", "upgrade"), None),
                        (("user", "create-admin", ADMIN, "--password-stdin"), ADMIN_PASSWORD + "\n")):
        done = subprocess.run(overleg(*args, "--database", database), input=stdin, env=env, text=True,
                              capture_output=True, check=False, timeout=120)
        assert done.returncode == 0, f"overleg {' '.join(args)}: {done.stderr}"


@contextmanager
def live_site(directory: Path, smtp_port: int | None = None, **settings: str) -> Iterator[Site]:
    """``overleg serve`` over an empty SQLite store in ``directory`` with only the first account,
    mailing through the SMTP server on ``smtp_port``; links in mails start with its own base URL."""
    database = f"sqlite:///{directory / 'e2e.db'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    mail = {"OVERLEG_SMTP_HOST": "127.0.0.1", "OVERLEG_SMTP_PORT": str(smtp_port)} if smtp_port else {}
    env = child_env(OVERLEG_PUBLIC_URL=base, **mail, **settings)
    first_account(database, env)
    log = directory / "serve.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(overleg("serve", "--database", database, "--port", str(port)), env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        try:
            wait_until_serving(proc, base, log)
            yield Site(base, database, log)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_until_serving(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"overleg serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("overleg serve did not answer within 60 s")


# -- the browser --------------------------------------------------------------------------------------

@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class People:
    """One browser context per role (own cookies, own storage), opened on first use."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.users: dict[str, User] = {}

    def enter(self, role: str) -> User:
        if role not in self.users:
            context = self.browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                               accept_downloads=True)
            context.set_default_timeout(20_000)  # a busy machine with an argon2 check on login
            self.users[role] = User(context.new_page(), self.base, role)
        return self.users[role]

    def close(self) -> None:
        for user in self.users.values():
            user.page.context.close()
        self.users.clear()


@dataclass
class User:
    """What one person does in their own browser: by roles, names and labels, never by CSS."""

    page: Any
    base: str
    role: str

    def open(self, path: str = "/") -> None:
        """Type an address: only for the first page; everything after it by links and buttons."""
        self.page.goto(self.base + path)

    def log_in(self, username: str, password: str) -> None:
        if not self.page.url.startswith(self.base):
            self.open("/")
        self.follow("Inloggen")
        self.fill("Gebruikersnaam", username)
        self.fill("Wachtwoord", password)
        self.press("Inloggen")
        self.page.get_by_role("button", name="Uitloggen").wait_for(state="visible")

    def _in(self, within: str | None) -> Any:
        """The page, or the group (fieldset with that legend) or region named ``within``."""
        if within is None:
            return self.page
        return self.page.get_by_role("group", name=within, exact=True).or_(
            self.page.get_by_role("region", name=within, exact=True)).first

    def fill(self, label: str, text: str, within: str | None = None) -> None:
        self._in(within).get_by_label(label, exact=True).fill(text)

    def choose(self, label: str, option: str, within: str | None = None) -> None:
        self._in(within).get_by_label(label, exact=True).select_option(label=option)

    def tick(self, label: str, on: bool = True, within: str | None = None) -> None:
        self._in(within).get_by_label(label, exact=True).set_checked(on)

    def press(self, name: str, within: str | None = None) -> None:
        """Press a form's button and wait for the page it leads to."""
        follow(self.page, self._in(within).get_by_role("button", name=name, exact=True))

    def follow(self, name: str, within: str | None = None) -> None:
        """Follow a link and wait for the page it leads to."""
        follow(self.page, self._in(within).get_by_role("link", name=name, exact=True).first)

    def follow_mail_link(self, message: EmailMessage, path: str) -> None:
        self.page.goto(link_to(message, path))

    def heading(self) -> str:
        text: str = self.page.get_by_role("heading", level=1).first.inner_text()
        return text.strip()

    def status(self) -> str:
        """The step message (``role=status``) the page shows after a step."""
        text: str = self.page.get_by_role("status").first.inner_text()
        return text.strip()

    def text(self) -> str:
        text: str = self.page.locator("main").inner_text()
        return text

    def errors(self) -> list[str]:
        """The error summary's messages (none when the page was not refused)."""
        summary = self.page.get_by_role("alert").filter(has=self.page.get_by_role("heading"))
        return [t.strip() for t in summary.get_by_role("listitem").all_inner_texts()]

    def no_errors(self) -> None:
        assert not self.errors(), f"{self.role} on {self.page.url}: {self.errors()}"

    def serious_violations(self) -> list[dict[str, Any]]:
        return serious_violations(self.page)

    def broken_anchors(self) -> list[str]:
        """The links in the page's main part to a place on this very page (``#id``, or this path
        with ``#id``) where no element has that id: a link that goes nowhere."""
        found: list[str] = self.page.evaluate("""() => [...document.querySelectorAll('main a[href*="#"]')]
            .filter(a => a.pathname === location.pathname && a.hash.length > 1)
            .filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1))))
            .map(a => a.textContent.trim() + ' -> ' + a.getAttribute('href'))""")
        return found

    def shoot(self, name: str) -> None:
        """With OVERLEG_SCREENSHOTS set: the page at desktop and phone width, back at desktop after."""
        shoot(self.page, name)


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page (run by the debugger: the pages'
    policy forbids injected scripts)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
                           "'wcag21aa', 'best-practice']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def described(violations: list[dict[str, Any]]) -> str:
    return "; ".join(f"{v['id']} ({v['help']}): {[n['target'] for n in v['nodes'][:3]]}" for v in violations)


def screenshot_folder() -> Path | None:
    folder = os.environ.get("OVERLEG_SCREENSHOTS")
    return REPO / folder if folder else None


def shoot(page: Any, name: str) -> None:
    folder = screenshot_folder()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for device, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{device}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def follow(page: Any, target: Any) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded.

    Playwright's click no longer waits for the navigation it starts, so a count or a text read
    straight after it can see the page before: CI once counted 0 answer links that way."""
    with page.expect_navigation(wait_until="load"):
        target.click()
