"""The message a page shows after a step succeeded (post, redirect, get: ``?gedaan=<code>``).

Only codes from ``MESSAGES`` are shown, never text from the address, so a link cannot make a
page say something it did not. A module that redirects after a step adds its code here.
"""

from __future__ import annotations

from fastapi import Request

MESSAGES: dict[str, str] = {
    "opgeslagen": "Uw wijzigingen zijn opgeslagen.",
    "ingediend": "Uw inbreng is ingediend. U kunt hem tot de termijn nog intrekken en aanpassen.",
    "ingetrokken": "Uw inbreng is ingetrokken; hij telt niet mee tot u hem opnieuw indient.",
    "inbreng-geopend": "De inbreng is geopend; de fracties kunnen nu hun vragen indienen.",
    "inbreng-gesloten": "De inbreng is gesloten.",
    "inbreng-heropend": "De inbreng is heropend; de nummering is vervallen.",
    "genummerd": "De vragen zijn genummerd. Controleer de lijst voordat u hem verstuurt.",
    "verzonden": "De vragen zijn verstuurd aan de regering. De brief staat hieronder om te downloaden.",
    "termijn": "De termijn is aangepast.",
    "volgorde": "De volgorde van de fracties is opgeslagen.",
    "antwoordtermijn": "De antwoordtermijn is aangepast.",
    "vraag-ingetrokken": "De vraag is ingetrokken; een genummerde lijst is opnieuw genummerd.",
    "verplaatst": "De vraag is verplaatst; de nummering is aangepast.",
    "samengevoegd": "De twee vragen zijn samengevoegd tot één vraag.",
    "antwoorden-verstuurd": "De antwoorden zijn verstuurd aan de commissie.",
    "uitstel": "Uw verzoek om uitstel is verstuurd aan de griffie.",
    "antwoorden-ontvangen": "De ontvangst van de antwoorden is vastgelegd; het verslag kan worden vastgesteld.",
    "vastgesteld": "Het verslag is vastgesteld.",
    "gepubliceerd": "Het verslag is gepubliceerd.",
    "gecorrigeerd": "De correctie is opgeslagen als nieuwe versie van het verslag.",
    "uitgenodigd": "De uitnodiging is verstuurd.",
    "gedeactiveerd": "Het account is gedeactiveerd.",
    "register-opgeslagen": "Het register is bijgewerkt.",
    "gegevens-opgeslagen": "De gegevens van de procedure zijn opgeslagen.",
    "geadresseerde-gecorrigeerd": "De geadresseerde is gecorrigeerd; de correctie staat met de reden in het logboek.",
    "concept-opgeslagen": "Uw concept is opgeslagen. Het telt pas mee als u het indient.",
    "geheractiveerd": "Het account is weer actief.",
    "welkom": "Uw wachtwoord is ingesteld en u bent ingelogd. Welkom!",
    "profiel": "Uw gegevens zijn opgeslagen.",
    "wachtwoord": "Uw wachtwoord is gewijzigd.",
    "voorkeuren": "Uw keuze van e-mails is opgeslagen.",
    "gelezen": "De meldingen zijn als gelezen gemarkeerd.",
    "nader-overleg": "Het nader schriftelijk overleg is aangemaakt. Open de inbreng zodra de fracties kunnen beginnen.",
    "antwoord-opgeslagen": "Het concept-antwoord is opgeslagen. Alleen uw ministerie ziet het tot u de antwoorden "
                           "verstuurt.",
    "antwoord-ingetrokken": "Het antwoord is ingetrokken; de vragen staan weer open.",
    "toezegging-gemarkeerd": "De toezegging is gemarkeerd; de reden staat bij de toezegging.",
}


def step_message(request: Request) -> str | None:
    """The message for the ``gedaan`` code in the address, or None."""
    return MESSAGES.get(request.query_params.get("gedaan", ""))
