"""Hand-built documents for writer tests, shaped like the bundled examples.

``seed_like()`` resembles the seed report (kst-21501-02-3349): factions with preambles, topics,
items with cross-references and a referral-only answer, footnotes with papers and links (one
without text), motions, commitments and a deferral. ``questions_like()`` resembles written
questions from the Aanhangsel: no factions, askers, a grouped answer, two footnote series.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from overleg.model import (
    AgendaEntry,
    Asker,
    Commitment,
    Committee,
    Deferral,
    Document,
    DocumentId,
    DocumentType,
    Dossier,
    Faction,
    Footnote,
    Item,
    Motion,
    Problem,
)


def _id(value: str) -> DocumentId:
    return DocumentId(value)


def seed_like() -> Document:
    items = (
        Item(1, "De leden van de D66-fractie maken zich ernstige zorgen over de toegang voor hulporganisaties.\n\n"
             "Zij vragen of het kabinet dit bij de Raad aan de orde stelt.",
             "Het kabinet deelt de zorgen & zal dit opbrengen bij de aanstaande Raad <Buitenlandse Zaken>.",
             faction="D66", topic="Gaza: Toegang voor hulporganisaties", answer_footnotes=(1, 2)),
        Item(2, "Tevens vragen zij of het kabinet bereid is de motie-Bamenga uit te voeren.",
             "Nederland heeft in lijn met de motie van het lid Bamenga gehandeld.",
             faction="D66", topic="Gaza: Toegang voor hulporganisaties", answer_footnotes=(3,),
             answer_refs=(_id("kst-36180-190"),)),
        Item(3, "De leden van de D66-fractie vragen naar de grensovergang Rafah.",
             "Momenteel is Rafah slechts open voor personenverkeer.", faction="D66",
             topic="Gaza: Grensovergang Rafah"),
        Item(4, "De leden van de GroenLinks-PvdA-fractie vragen wanneer de Kamer wordt geïnformeerd.",
             "De Kamer wordt op een later moment nader geïnformeerd over de sanctie-inzet.",
             faction="GroenLinks-PvdA", question_refs=(_id("kst-23432-620"),)),
        Item(5, "Deze leden vragen of het kabinet de sancties steunt.", "Zie het antwoord op vraag 1.",
             faction="GroenLinks-PvdA", cross_refs=(1,), referral_only=True),
        Item(6, "De leden van de JA21-fractie vragen naar Oekraïne.",
             "Zie het antwoord op vraag 3 en 4. Over het besluit gaat een volgend kabinet.",
             faction="JA21", topic="Oekraïne", cross_refs=(3, 4), question_footnotes=(4,)),
        Item(7, "Deze leden vragen nog iets waar geen antwoord op kwam.", None, faction="JA21", topic="Oekraïne"),
    )
    return Document(
        type=DocumentType.VERSLAG,
        id=_id("kst-21501-02-3349"),
        dossier=Dossier("21501-02", "Raad Algemene Zaken en Raad Buitenlandse Zaken"),
        number="3349",
        date=dt.date(2026, 2, 20),
        title="Verslag van een schriftelijk overleg",
        committee=Committee("vaste commissie voor Buitenlandse Zaken", "Klaver", "Coco Martin"),
        addressee="minister van Buitenlandse Zaken",
        questions_sent_on=dt.date(2026, 2, 17),
        answered_on=dt.date(2026, 2, 20),
        subject_refs=(_id("kst-21501-02-3346"), _id("kst-36800-V-36")),
        agenda=(AgendaEntry(dt.date(2026, 2, 10), "Geannoteerde agenda Raad Buitenlandse Zaken",
                            (_id("kst-21501-02-3346"),)),
                AgendaEntry(None, "Verslag van de Raad", ())),
        factions=(Faction("D66", "De leden van de D66-fractie hebben kennisgenomen van de stukken."),
                  Faction("GroenLinks-PvdA", None), Faction("JA21", "Een voorwoord.\n\nIn twee alinea's."),
                  Faction("SP", "De leden van de SP-fractie zien af van inbreng.")),
        items=items,
        footnotes=(
            Footnote(1, "Kamerstuk 36 180 nr. 190", (_id("kst-36180-190"),)),
            Footnote(2, "Kamerstuk 21501-02 nr. 3273", (_id("kst-21501-02-3273"),)),
            Footnote(3, "NOS, 1 januari 2026, https://nos.nl/artikel/1", (), ("https://nos.nl/artikel/1",)),
            Footnote(4, None),
            Footnote(5, "Een voetnoot in de inleiding."),
        ),
        motions=(Motion("Bamenga", (_id("kst-36180-190"),), (2,)),),
        commitments=(Commitment(4, "De Kamer wordt op een later moment nader geïnformeerd", None, None),
                     Commitment(None, "Voor de zomer volgt een brief", "voor de zomer", dt.date(2026, 6, 21),
                                dt.date(2026, 2, 20))),
        deferrals=(Deferral(6, "Over het besluit gaat een volgend kabinet."),),
        problems=(Problem("footnote-without-text", "footnote 4 has a marker but no text", "line 812"),),
    )


def questions_like() -> Document:
    answer = "Het kabinet beantwoordt deze vragen gezamenlijk."
    return Document(
        type=DocumentType.SCHRIFTELIJKE_VRAGEN,
        id=_id("ah-tk-20232024-1076"),
        date=dt.date(2024, 2, 20),
        addressees=("Minister van Financiën", "Staatssecretaris van Financiën"),
        askers=(Asker("Van Haga", "Groep Van Haga"), Asker("Omtzigt", None)),
        answered_by=("Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties)",),
        subject="de toeslagenaffaire",
        questions_sent_on=dt.date(2023, 11, 20),
        answered_on=dt.date(2024, 2, 20),
        items=(
            Item(1, "Bent u bekend met het bericht?", "Ja.", question_footnotes=(1,)),
            Item(2, "Wat vindt u daarvan?", answer, answer_group=(2, 3), answer_footnotes=(1,)),
            Item(3, "En wat gaat u doen?", answer, answer_group=(2, 3), answer_footnotes=(1,)),
        ),
        footnotes=(Footnote(1, "Telegraaf, 1 november 2023", series="typed"),
                   Footnote(1, "Kamerstuk 31066, nr. 1000", (_id("kst-31066-1000"),), series="word")),
    )


SEED_TEXT = Path(__file__).resolve().parents[1] / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"


def seed_sized() -> Document:
    """A stand-in of the seed's size (53 items, 5 factions, 29 footnotes, the seed's own text cut
    into question and answer passages), for timing writers while the report reader is not there."""
    lines = [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    chunk = len(lines) // 106
    passages = ["\n\n".join(" ".join(lines[k:k + 4]) for k in range(n * chunk, (n + 1) * chunk, 4))
                for n in range(106)]
    names = ("D66", "GroenLinks-PvdA", "JA21", "SP", "Partij voor de Dieren")
    items = tuple(
        Item(n, passages[2 * n - 2], passages[2 * n - 1] if n % 17 else f"Zie het antwoord op vraag {n - 1}.",
             faction=names[(n - 1) * len(names) // 53], topic=f"Onderwerp {(n - 1) // 3}",
             answer_footnotes=(n // 2,) if n % 2 == 0 and n // 2 <= 29 else (),
             answer_refs=(_id(f"kst-21501-02-{3300 + n}"),) if n % 5 == 0 else (),
             cross_refs=(n - 1,) if n % 17 == 0 else (), referral_only=n % 17 == 0)
        for n in range(1, 54)
    )
    return Document(
        type=DocumentType.VERSLAG, id=_id("kst-21501-02-3349"), dossier=Dossier("21501-02", "Raad"), number="3349",
        date=dt.date(2026, 2, 20), committee=Committee("vaste commissie voor Buitenlandse Zaken", "Klaver", "Martin"),
        factions=tuple(Faction(n, "Preambule van de fractie.") for n in names), items=items,
        footnotes=tuple(Footnote(n, f"Kamerstuk 21 501-02, nr. {3200 + n}", (_id(f"kst-21501-02-{3200 + n}"),),
                                 (f"https://nos.nl/artikel/{n}",) if n % 4 == 0 else ()) for n in range(1, 30)),
        commitments=tuple(Commitment(n, "De Kamer wordt nader geïnformeerd.") for n in (31, 35, 41, 47, 48, 53)),
    )
