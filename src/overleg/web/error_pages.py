"""The Dutch page for an error a browser gets: an unknown address, a wrong method, a refusal a
handler did not catch itself, a store that cannot serve, a defect.

``overleg.app`` hands ``error_page`` to the API's error handlers: a request outside ``/api`` and
the ``.json`` twins that does not prefer JSON (a browser, curl's ``*/*``, no ``Accept``) gets
this page with the error's status; the API, the twins and ``Accept: application/json`` keep the
API's JSON body. A client's mistake (4xx) shows
the error's own message, which the procedure and the service write in Dutch; a server's failure
(5xx) shows only a general text, never the message (it may name the database).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from overleg.errors import OverlegError
from overleg.http.observe import request_id_of
from overleg.web.render import respond

PAGES: dict[int, tuple[str, str]] = {
    400: ("Verzoek niet begrepen", "Het verzoek kon niet worden verwerkt. Controleer wat u invulde en probeer het "
                                   "opnieuw."),
    401: ("Inloggen nodig", "Deze pagina is alleen voor wie is ingelogd. Log eerst in."),
    403: ("Niet toegestaan", "U mag dit niet doen of zien. Denkt u dat dit niet klopt, neem dan contact op met de "
                             "griffie."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer). Controleer het adres, of zoek wat u nodig hebt."),
    405: ("Dit kan zo niet", "Deze pagina kan niet op deze manier worden gebruikt. Ga terug en gebruik de knoppen en "
                             "formulieren op de pagina."),
    409: ("Dit kan nu niet", "Deze stap past niet bij de huidige stand van zaken. Herlaad de pagina en bekijk wat er "
                             "nu kan."),
    413: ("Te groot", "Wat u verstuurde is te groot om te verwerken. Verstuur minder tekst tegelijk."),
    422: ("Niet verwerkt", "Wat u invulde kon niet worden verwerkt. Ga terug, verbeter het en verstuur opnieuw."),
    429: ("Even geduld", "Er kwamen te veel verzoeken tegelijk. Wacht even en probeer het dan opnieuw."),
    500: ("Er ging iets mis", "Er ging bij ons iets mis. Uw gegevens zijn niet gewijzigd. Probeer het later opnieuw; "
                              "blijft het misgaan, neem dan contact op met de beheerder."),
    502: ("Bron niet bereikbaar", "Een andere server gaf geen goed antwoord. Probeer het later opnieuw."),
    503: ("Tijdelijk niet beschikbaar", "De website kan op dit moment geen gegevens lezen of opslaan. Probeer het "
                                        "over een paar minuten opnieuw."),
}


def wants_html(request: Request) -> bool:
    """A page's error as a page: outside the API and the JSON twins, unless the client prefers
    JSON to HTML (``Accept: application/json``). A browser, ``*/*`` (curl) and no ``Accept`` at
    all get the Dutch page: an address outside ``/api`` is a page's."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/") or path.endswith(".json"):
        return False
    return prefers_html(request.headers.get("accept", ""))


def prefers_html(accept: str) -> bool:
    """Whether ``accept`` ranks HTML at least as high as JSON (RFC 9110 12.5.1: the most
    specific range that matches gives the weight; no header accepts everything alike).

    >>> [prefers_html(a) for a in ("text/html,*/*;q=0.8", "*/*", "", "application/json",
    ...                            "application/json, text/html;q=0.9")]
    [True, True, True, False, False]
    """
    ranges: dict[str, float] = {}
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        if not kind:
            continue
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges[kind.lower()] = max(q, ranges.get(kind.lower(), 0.0))
    if not ranges:
        return True

    def weight(kind: str) -> float:
        family = kind.split("/")[0] + "/*"
        return next((ranges[r] for r in (kind, family, "*/*") if r in ranges), 0.0)

    html = max(weight("text/html"), weight("application/xhtml+xml"))
    return html > 0 and html >= weight("application/json")


def error_page(request: Request, status: int, error: OverlegError | None = None,
               headers: dict[str, str] | None = None) -> Response:
    """The Dutch HTML page for ``status`` (with ``error``'s own message for a client's mistake)."""
    title, text = PAGES.get(status, PAGES[500 if status >= 500 else 400])
    if error is not None and 400 <= status < 500:
        text = error.message
    response = respond(request, "error.html.j2", {"title": title, "status": status, "message": text}, False, status)
    response.headers.update(headers or {})
    request_id = request_id_of(request.scope)
    if request_id is not None:  # a defect's page is sent outside Observe, which adds it to the others
        response.headers["X-Request-ID"] = request_id
    return response


__all__ = ["PAGES", "error_page", "prefers_html", "wants_html"]
