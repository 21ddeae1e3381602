"""The Dutch texts of every mail and notification, and the mail as it goes out.

Each text names what happened, the consultation it is about and a link to its page; every mail
ends with a link to ``/profiel``, where the user turns kinds of mail off. Links are built from
``settings.public_url`` only (never from a request's Host header, which a caller controls).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import secrets
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from overleg.procedure.states import Consultation
from overleg.vocabulary.dates import dutch_moment

# The kinds of notification, with what the preferences page calls them. Invitations and resets
# are no kind: they are always sent (they are how someone gets in at all).
MAIL_KINDS: dict[str, str] = {
    "inbreng-geopend": "De inbreng voor een schriftelijk overleg is geopend",
    "herinnering": "Herinnering twee dagen voor een termijn",
    "inbreng-gesloten": "De inbreng is gesloten",
    "vragen-verstuurd": "Vragen zijn verstuurd aan uw ministerie",
    "uitstel-gevraagd": "Het ministerie vraagt uitstel",
    "antwoorden-ontvangen": "De antwoorden zijn ontvangen",
    "verslag-gepubliceerd": "Het verslag is gepubliceerd",
}
INVITATION = "uitnodiging"
RESET = "wachtwoord"


@dataclass(frozen=True)
class Text:
    subject: str  # also the notification's text in the web UI
    body: str


def link(public_url: str, path: str) -> str:
    """``path`` under the public address: 'https://overleg.example/werkruimte/so-1'."""
    return public_url.rstrip("/") + path


def _name(c: Consultation) -> str:
    return f"‘{c.subject}’ ({c.committee})" if c.subject else f"{c.id} ({c.committee})"


def step_text(kind: str, c: Consultation, deadline: dt.datetime | None = None, group: str | None = None) -> Text:
    """What a mail and a notification of ``kind`` about ``c`` say (``deadline``: of a reminder)."""
    name = _name(c)
    if kind == "inbreng-geopend":
        return Text(f"Inbreng geopend: {c.subject or c.id}",
                    f"De inbreng voor het schriftelijk overleg {name} is geopend.\n"
                    f"U kunt de vragen van uw fractie indienen tot {dutch_moment(c.deadline)}.")
    if kind == "herinnering" and deadline is not None:
        what = (f"De inbreng van {group} is nog niet ingediend" if group
                else "De antwoorden zijn nog niet verstuurd")
        return Text(f"Herinnering: termijn {dutch_moment(deadline)}",
                    f"{what} voor het schriftelijk overleg {name}.\n"
                    f"De termijn verloopt op {dutch_moment(deadline)}.")
    if kind == "inbreng-gesloten":
        return Text(f"Inbreng gesloten: {c.subject or c.id}",
                    f"De inbreng voor het schriftelijk overleg {name} is gesloten.\n"
                    "De griffie nummert nu de vragen en stuurt ze aan de regering.")
    if kind == "vragen-verstuurd":
        return Text(f"Vragen ontvangen: {c.subject or c.id}",
                    f"De commissie heeft de vragen van het schriftelijk overleg {name} aan de regering "
                    "verstuurd.\nU kunt ze nu beantwoorden in de werkruimte.")
    if kind == "uitstel-gevraagd":
        return Text(f"Uitstel gevraagd: {c.subject or c.id}",
                    f"Het ministerie vraagt uitstel voor de antwoorden op het schriftelijk overleg {name}.\n"
                    "De reden staat op de pagina van de procedure.")
    if kind == "antwoorden-ontvangen":
        return Text(f"Antwoorden ontvangen: {c.subject or c.id}",
                    f"De antwoorden van de regering op het schriftelijk overleg {name} zijn ontvangen.")
    if kind == "verslag-gepubliceerd":
        return Text(f"Verslag gepubliceerd: {c.subject or c.id}",
                    f"Het verslag van het schriftelijk overleg {name} is gepubliceerd.")
    raise ValueError(f"no text for {kind!r}")


def invitation_text(purpose: str, display_name: str, username: str, url: str, expires_at: dt.datetime,
                    inviter: str) -> Text:
    """The invitation (or reset) mail with its one-time link."""
    until = dutch_moment(expires_at)
    if purpose == "reset":
        return Text("Nieuw wachtwoord instellen voor overleg",
                    f"Beste {display_name},\n\n{inviter} heeft een link gemaakt waarmee u een nieuw wachtwoord "
                    f"instelt voor uw account {username}:\n\n{url}\n\n"
                    f"De link werkt één keer en tot {until}. Hebt u hier niet om gevraagd, laat het de griffie "
                    "of de beheerder weten.")
    return Text("Uitnodiging voor overleg",
                f"Beste {display_name},\n\n{inviter} nodigt u uit voor overleg, de werkruimte voor schriftelijk "
                f"overleg. Uw gebruikersnaam is {username}. Stel met deze link uw wachtwoord in:\n\n{url}\n\n"
                f"De link werkt één keer en tot {until}.")


def footer(preferences: str) -> str:
    return f"-- \nU krijgt deze e-mail van overleg. Welke e-mails u krijgt, stelt u in op {preferences}\n"


def body_with_links(text: Text, about: str, preferences: str) -> str:
    """The mail's body: the text, the page it is about, and where to change the preferences."""
    return f"{text.body}\n\nBekijk het hier: {about}\n\n{footer(preferences)}"


def message_id(public_url: str) -> str:
    """A fresh Message-ID in the public address's domain."""
    domain = urlsplit(public_url).hostname or "localhost"
    return email.utils.make_msgid("overleg." + secrets.token_hex(8), domain=domain)


def as_message(sender: str, recipient: str, subject: str, body: str, msg_id: str,
               created_at: dt.datetime) -> EmailMessage:
    """The mail as it goes out: Dutch text, Date (when it was made), Message-ID, From, To."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(created_at.astimezone(dt.UTC))
    message["Message-ID"] = msg_id
    message["Content-Language"] = "nl"
    message.set_content(body)
    return message
