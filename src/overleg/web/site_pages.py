"""The pages every public site of the Dutch state has, linked from every page's footer.

- ``/toegankelijkheid``: the accessibility statement, after the model of
  toegankelijkheidsverklaring.nl: status, what is known not to work, how it was checked, how to
  report a problem, and the date it was drawn up (``STATEMENT_DATE``, changed when it is).
- ``/privacy``: what overleg stores of whom, why, how long, the session cookie (the only one),
  and the rights under the AVG.
- ``/contact`` and ``/over`` (what overleg is, that its reports are not the authentic
  publication, licence and source).
- ``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability, valid for
  ``SECURITY_TXT_DAYS`` from the service's clock, canonical at ``settings.public_url``.

Who runs the site and its addresses come from the settings (``site_operator``,
``contact_email``, ``security_email``, ``source_url``; docs/settings.md). Each page has its
JSON twin, as every page has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from overleg.http.auth import service_of
from overleg.settings import Settings
from overleg.web.render import respond
from overleg.web.session import caller

router = APIRouter(include_in_schema=False)

STATEMENT_DATE = dt.date(2026, 12, 7)  # when the accessibility statement was last drawn up
SECURITY_TXT_DAYS = 180  # RFC 9116 2.5.5: less than a year ahead
AUTHENTIC = "https://www.officielebekendmakingen.nl"
LICENCE = "EUPL-1.2"
LICENCE_URL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
SESSION_HOURS = 12  # overleg.store.users.SESSION_LIFETIME, which the web UI may not import


def _site(settings: Settings) -> dict[str, Any]:
    return {"operator": settings.site_operator, "contact_email": settings.contact_email,
            "security_email": settings.security_email}


def _page(request: Request, template: str, data: dict[str, Any]) -> Response:
    caller(request)
    return respond(request, template, data, request.url.path.endswith(".json"))


@router.get("/toegankelijkheid")
@router.get("/toegankelijkheid.json")
def accessibility(request: Request) -> Response:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    settings = service_of(request).settings
    return _page(request, "site_toegankelijkheid.html.j2", {
        "title": "Toegankelijkheidsverklaring", **_site(settings), "status": "voldoet gedeeltelijk",
        "standard": "EN 301 549 en WCAG 2.1 niveau AA", "drawn_up": STATEMENT_DATE.isoformat()})


@router.get("/privacy")
@router.get("/privacy.json")
def privacy(request: Request) -> Response:
    """The privacy statement: what is stored, why, how long, cookies, rights."""
    settings = service_of(request).settings
    return _page(request, "site_privacy.html.j2", {
        "title": "Privacyverklaring", **_site(settings), "session_hours": SESSION_HOURS,
        "token_days": settings.token_days, "login_window_minutes": settings.login_window_seconds // 60,
        "invitation_days": settings.invitation_days,
        "cookies": [{"name": "overleg_session", "purpose": "houdt u ingelogd",
                     "lifetime": f"tot u uitlogt, ten hoogste {SESSION_HOURS} uur"},
                    {"name": "overleg_login_csrf", "purpose": "beschermt het inlogformulier tegen misbruik",
                     "lifetime": "alleen zolang u het inlogformulier gebruikt"}]})


@router.get("/contact")
@router.get("/contact.json")
def contact(request: Request) -> Response:
    """How to reach whoever runs this installation."""
    settings = service_of(request).settings
    return _page(request, "site_contact.html.j2", {"title": "Contact", **_site(settings),
                                                   "security_txt": "/.well-known/security.txt"})


@router.get("/over")
@router.get("/over.json")
def about(request: Request) -> Response:
    """What overleg is, where the authentic publication is, licence and source."""
    settings = service_of(request).settings
    return _page(request, "site_over.html.j2", {
        "title": "Over deze site", **_site(settings), "authentic": AUTHENTIC, "licence": LICENCE,
        "licence_url": LICENCE_URL, "source_url": settings.source_url})


@router.get("/.well-known/security.txt")
def security_txt(request: Request) -> Response:
    """Where to report a vulnerability (RFC 9116), plain text."""
    service = service_of(request)
    return PlainTextResponse(security_text(service.settings, service.clock()),
                             headers={"Cache-Control": "public, max-age=86400"})


def security_text(settings: Settings, now: dt.datetime) -> str:
    """The security.txt of this installation at ``now``.

    >>> at = dt.datetime(2026, 12, 7, 3, tzinfo=dt.UTC)
    >>> print(security_text(Settings(public_url="https://overleg.example/"), at))
    Contact: mailto:security@localhost
    Expires: 2027-06-05T00:00:00Z
    Preferred-Languages: nl, en
    Canonical: https://overleg.example/.well-known/security.txt
    Policy: https://overleg.example/contact#kwetsbaarheid
    <BLANKLINE>
    """
    expires = (now.astimezone(dt.UTC) + dt.timedelta(days=SECURITY_TXT_DAYS)).replace(
        hour=0, minute=0, second=0, microsecond=0)
    base = settings.public_url.rstrip("/")
    return "\n".join((f"Contact: mailto:{settings.security_email}",
                      f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
                      "Preferred-Languages: nl, en",
                      f"Canonical: {base}/.well-known/security.txt",
                      f"Policy: {base}/contact#kwetsbaarheid", ""))


__all__ = ["AUTHENTIC", "SECURITY_TXT_DAYS", "STATEMENT_DATE", "router", "security_text"]
