"""The portfolios of Dutch ministers and state secretaries (current and recent cabinets).

Each with the preposition of the title: a minister "van" a ministry, a minister "voor" a
policy area. The letter reader reads offices and signers with it; the letter writer prints
signatures with it.
"""

from __future__ import annotations

PORTFOLIOS: dict[str, str] = {
    "Algemene Zaken": "van",
    "Binnenlandse Zaken en Koninkrijksrelaties": "van",
    "Buitenlandse Zaken": "van",
    "Defensie": "van",
    "Economische Zaken en Klimaat": "van",
    "Economische Zaken": "van",
    "Klimaat en Groene Groei": "van",
    "Financiën": "van",
    "Infrastructuur en Waterstaat": "van",
    "Infrastructuur en Milieu": "van",
    "Justitie en Veiligheid": "van",
    "Veiligheid en Justitie": "van",
    "Landbouw, Natuur en Voedselkwaliteit": "van",
    "Landbouw, Visserij, Voedselzekerheid en Natuur": "van",
    "Onderwijs, Cultuur en Wetenschap": "van",
    "Sociale Zaken en Werkgelegenheid": "van",
    "Volksgezondheid, Welzijn en Sport": "van",
    "Volkshuisvesting en Ruimtelijke Ordening": "van",
    "Asiel en Migratie": "van",
    "Buitenlandse Handel en Ontwikkelingssamenwerking": "voor",
    "Medische Zorg": "voor",
    "Medische Zorg en Sport": "voor",
    "Langdurige Zorg en Sport": "voor",
    "Primair en Voortgezet Onderwijs": "voor",
    "Basis- en Voortgezet Onderwijs en Media": "voor",
    "Rechtsbescherming": "voor",
    "Armoedebeleid, Participatie en Pensioenen": "voor",
    "Natuur en Stikstof": "voor",
    "Klimaat en Energie": "voor",
    "Migratie": "voor",
    "Jeugd, Preventie en Sport": "voor",
    "Ontwikkelingssamenwerking": "voor",
    "Buitenlandse Handel": "voor",
    "Wonen en Rijksdienst": "voor",
}
