"""The web UI's answer to a request refused at the edge (``overleg.http.limits``): the error
page, in Dutch, naming the field as the form labels it.

A form field, a search box or an address holding a control character (pasted from a PDF, say),
text longer than the limit, or a body over the size limit never reaches a page's handler; the
user gets this page (status 422 or 413), and the browser's Back keeps what they typed. The JSON
twins (``.json`` paths, the autosave) get the same message as ``{"error": ...}``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from overleg.errors import OverlegError
from overleg.service.commands import InputProblem
from overleg.web.charts import number
from overleg.web.render import respond

# Form fields and query parameters by the words the page shows next to them.
LABELS = {
    "passages": "Vragen en opmerkingen", "preamble": "Inleiding", "text": "Antwoord", "also": "Beantwoordt ook vraag",
    "cross_refs": "Zie ook vraag", "subject": "Onderwerp", "committee": "Commissie", "chair": "Voorzitter",
    "addressees": "Gericht aan", "papers": "Stukken op de agenda", "groups": "Fracties", "date": "Datum",
    "time": "Tijd", "order": "Volgorde van de fracties", "dossier": "Dossiernummer", "dossier_title": "Dossiertitel",
    "document_number": "Documentnummer", "username": "Gebruikersnaam", "password": "Wachtwoord", "q": "Zoeken naar",
    "group": "Fractie", "ministry": "Ministerie", "ministerie": "Ministerie", "commissie": "Commissie",
    "van": "Van", "tot": "Tot en met", "type": "Soort document", "path": "Het adres",
}


def label(field: str) -> str:
    """The field (``body.passages``, ``query.q``, ``path``) as the page names it: its label, or
    its name when it has none."""
    name = field.split(".", 1)[1] if "." in field else field
    return LABELS.get(name, name)


def message(error: OverlegError, problem: InputProblem | None) -> str:
    """What was wrong, in Dutch, naming the field."""
    if problem is None:  # too large: a body never comes near the limit by typing
        return ("Wat u verstuurde is te groot om te verwerken. Verstuur minder tekst tegelijk, of neem contact op "
                "met de griffie.")
    field = f"“{label(problem.field)}”"
    if problem.kind == "character":
        return (f"Het veld {field} bevat een teken dat niet is toegestaan ({problem.detail}, een stuurteken of een "
                "half teken; vaak meegekopieerd uit een pdf). Haal het weg en verstuur opnieuw; ga terug met de "
                "knop Vorige van uw browser, uw tekst staat er dan nog.")
    if problem.kind == "length":
        return (f"Het veld {field} is te lang: ten hoogste {number(problem.limit)} tekens. Ga terug met de knop Vorige "
                "van uw browser en maak de tekst korter.")
    return f"Het veld {field} bevat te veel onderdelen: ten hoogste {number(problem.limit)}."


def refusal_page(scope: Scope, error: OverlegError, problem: InputProblem | None) -> Response:
    """The page (or for a ``.json`` path the JSON) answering a refused request."""
    request = Request(scope)
    text = message(error, problem)
    as_json = request.url.path.endswith(".json")
    title = "Te groot" if problem is None else "Niet verstuurd"
    data = {"title": title, "status": error.status, "message": text, "error": text}
    return respond(request, "error.html.j2", data, as_json, error.status)


__all__ = ["LABELS", "label", "message", "refusal_page"]
