"""The words the procedure's refusals are written in: Dutch names of its states, actions and
fields, and Dutch lists.

Every message a refused command carries is read by a person (the web UI shows it as it is, the
REST API puts it in ``message``), so it is Dutch; the machine-readable parts (the error's class
and ``code``, ``field``, ``action``, ``state``) stay the identifiers clients match on.

>>> field_words("passages[2].text"), field_words("cross_refs"), field_words("nothing_known")
('de tekst van vraag 3 van de inbreng', '‘Zie ook vraag’', '‘nothing_known’')
>>> listed(["CDA"]), listed(["CDA", "D66"]), listed(["CDA", "D66", "VVD"])
('CDA', 'CDA en D66', 'CDA, D66 en VVD')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STATE_NAMES = {"draft": "concept", "intake_open": "inbreng open", "intake_closed": "inbreng gesloten",
               "numbered": "genummerd", "sent": "verzonden aan de regering", "answering": "wordt beantwoord",
               "answers_received": "antwoorden ontvangen", "established": "vastgesteld",
               "published": "gepubliceerd"}

ACTION_NAMES = {"create": "procedure aanmaken", "start_follow_up": "nader schriftelijk overleg starten",
                "edit_details": "gegevens wijzigen", "set_groups": "fracties kiezen",
                "open_intake": "inbreng openen", "submit_contribution": "inbreng opslaan",
                "withdraw_passage": "vraag intrekken", "extend_deadline": "termijn verlengen",
                "close_intake": "inbreng sluiten", "reopen_intake": "inbreng heropenen",
                "set_group_order": "volgorde van de fracties kiezen", "number": "vragen nummeren",
                "send": "vragen versturen", "answer": "vragen beantwoorden", "withdraw_answer": "antwoord intrekken",
                "receive_answers": "antwoorden ontvangen", "establish": "verslag vaststellen",
                "publish": "verslag publiceren", "correct": "verslag corrigeren", "document": "verslag lezen"}

# Fields by the words a form uses for them; an index in a name ("passages[2]") is left out here
# and said by ``field_words``.
FIELD_NAMES = {
    "consultation_id": "het kenmerk van de procedure", "committee": "de commissie", "chair": "de voorzitter",
    "chair.user_id": "de gebruiker van de voorzitter", "clerk": "de griffier",
    "clerk.user_id": "de gebruiker van de griffier", "deadline": "de termijn", "groups": "de fracties",
    "groups.name": "de naam van een fractie", "groups.seats": "het aantal zetels",
    "groups.extended_until": "de verlengde termijn van een fractie", "addressees": "‘Gericht aan’",
    "addressees.ministry": "het ministerie", "addressees.title": "de titel van de bewindspersoon",
    "expected_version": "de versie waarop u werkte", "passages": "de vragen en opmerkingen",
    "passages.text": "de tekst van een vraag", "topics": "de onderwerpen", "motions.name": "de naam van een motie",
    "order": "de volgorde van de fracties", "numbers": "de vraagnummers", "cross_refs": "‘Zie ook vraag’",
    "text": "de tekst van het antwoord", "dossier": "het dossiernummer", "document_number": "het documentnummer",
    "reason": "de reden", "questions": "de vragen", "questions.text": "de tekst van een vraag",
    "answers.text": "de tekst van een antwoord", "number": "het vraagnummer", "username": "de gebruikersnaam",
    "password": "het wachtwoord", "current_password": "het huidige wachtwoord", "roles": "de rollen",
    "answer_deadline": "de antwoordtermijn", "until": "het voorgestelde moment", "papers": "de Kamerstukken",
    "first": "de eerste vraag", "second": "de tweede vraag", "by": "de verplaatsing",
}

_INDEX = re.compile(r"\[(\d+)\]")


def field_words(field: str) -> str:
    """A field as a form names it, for use inside a sentence."""
    found = _INDEX.search(field)
    if field.startswith("passages[") and field.endswith(".text") and found:
        return f"de tekst van vraag {int(found.group(1)) + 1} van de inbreng"
    plain = _INDEX.sub("", field)
    return FIELD_NAMES.get(plain, f"‘{field}’")


def state_name(state: str) -> str:
    return STATE_NAMES.get(state, state)


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action.replace("_", " "))


def listed(items: Iterable[object], last: str = "en") -> str:
    """'a', 'a en b', 'a, b en c' (``last`` "of" for a choice)."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def capital(sentence: str) -> str:
    """The sentence with its first letter a capital (also after an opening quote)."""
    start = 1 if sentence[:1] in "‘“" else 0
    return sentence[:start] + sentence[start:start + 1].upper() + sentence[start + 1:]
