"""Finders of motions, commitments and deferrals, on real sentences from the seed report."""

from __future__ import annotations

import datetime as dt

import pytest

from overleg.extract import commitments, motions
from overleg.extract.references import find_refs, find_tk_numbers
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item, Motion
from overleg.vocabulary.markers import mark


@pytest.mark.parametrize(("text", "names"), [
    ("Nederland heeft in lijn met de motie van het lid Bamenga en de motie van het lid Ceder de zorgen gedeeld",
     ["Bamenga", "Ceder"]),
    ("in lijn met motie Dobbe. Nederland blijft dit doen", ["Dobbe"]),
    ("In EU-verband onderstreept het kabinet, in lijn met de motie Stoffer/Ceder, dat", ["Stoffer/Ceder"]),
    ("hoe de minister invulling geeft aan de motie Hoogeveen/Ceulemans (Kamerstuk 21501-02, Nr. 3327)",
     ["Hoogeveen/Ceulemans"]),
    ("Nu verzoekt de motie Van der Werf c.s. (Kamerstuk 21501-02, Nr. 3337) het kabinet", ["Van der Werf"]),
    ("is voornemens motie-Teunissen c.s. uit te voeren", ["Teunissen"]),
    ("motie Paternotte c.s, motie Van Baarle en motie Piri om de nationale maatregel",
     ["Paternotte", "Van Baarle", "Piri"]),
    ("de motie van de leden Stoffer en Ceder", ["Stoffer/Ceder"]),
    ("In lijn met aangenomen motie van Dobbe c.s. werkt het kabinet", ["Van Dobbe"]),
    ("de motie van het lid El Abassi over de zorg", ["El Abassi"]),
    ("de motie van het lid Van der Plas en de motie Van der Plas", ["Van der Plas", "Van der Plas"]),
    ("de motie Dijk en de motie van het lid Inge van Dijk", ["Dijk", "Inge van Dijk"]),
    ("zoals de motie van Nispen vraagt", ["Van Nispen"]),
    ("de motie van der Plas en de motie van Van der Plas", ["Van der Plas", "Van der Plas"]),
    ("bij motie van De Groot (D66) en Van Campen", ["De Groot"]),
    ("in lijn met de motie Piri. Daarnaast", ["Piri"]),
    ("de motie Piri Daarnaast vraagt", ["Piri"]),
])
def test_motion_names_as_cited(text: str, names: list[str]) -> None:
    assert [m.name for m in motions.mentions(text)] == names


@pytest.mark.parametrize("text", [
    "er een aangenomen motie is van de Partij voor de Dieren die de regering verzoekt",
    "hoe verhoudt zich dat tot de aangenomen moties van de Kamer?",
    "Het kabinet weigert aangenomen Kamermoties uit te voeren",
    "In beantwoording op vragen van de leden Stoffer en Ceder heeft het kabinet",
    "de motie van GroenLinks-PvdA over de zorg",
    "de motie van Kamerlid Piri",
])
def test_no_motion_where_no_member_is_named(text: str) -> None:
    assert motions.mentions(text) == []


def test_a_motion_gets_the_papers_of_the_footnote_after_its_name() -> None:
    text = f"in lijn met de motie van het lid Bamenga{mark(1)} en de motie-Teunissen c.s.{mark(2)} uit te voeren"
    notes = [Footnote(1, "Kamerstuk 36 180 nr. 190", (DocumentId("kst-36180-190"),)),
             Footnote(2, "Kamerstuk 36800-V, Nr. 73", (DocumentId("kst-36800-V-73"),))]
    found = motions.from_marked([(1, text)], notes)
    assert [(m.name, [str(r) for r in m.refs], m.items) for m in found] == [
        ("Bamenga", ["kst-36180-190"], (1,)), ("Teunissen", ["kst-36800-V-73"], (1,))]


def test_find_motions_keeps_what_the_reader_found_and_adds_inline_citations() -> None:
    doc = Document(
        DocumentType.VERSLAG,
        items=(Item(22, "Op welke manier heeft de minister de aangenomen motie Piri (Kamerstuk 23432, nr. 620) "
                        "uitgevoerd?", "Het kabinet heeft nog geen uitvoering gegeven aan motie Piri."),),
        motions=(Motion("Piri", (DocumentId("kst-23432-619"),), (48,)),),
    )
    found = motions.find_motions(doc)
    # two papers of one name are two motions; the citation without a paper joins the one its item cites
    assert [(m.name, [str(r) for r in m.refs], m.items) for m in found] == [
        ("Piri", ["kst-23432-619"], (48,)), ("Piri", ["kst-23432-620"], (22,))]
    assert motions.find_motions(Document(DocumentType.VERSLAG, items=doc.items, motions=found)) == found


def test_a_citation_without_paper_joins_the_one_motion_of_its_name() -> None:
    doc = Document(DocumentType.VERSLAG, items=(
        Item(1, "Wat doet de minister met de motie Piri (Kamerstuk 23432, nr. 620)?",
             "De motie Piri wordt uitgevoerd."),
        Item(2, "En de motie van het lid El Abassi?", "De motie van het lid El Abassi is aangehouden."),
    ))
    assert [(m.name, [str(r) for r in m.refs], m.items) for m in motions.find_motions(doc)] == [
        ("Piri", ["kst-23432-620"], (1,)), ("El Abassi", [], (2,))]


def test_motie_van_reads_the_preposition_when_the_document_names_the_member_without_particle() -> None:
    doc = Document(DocumentType.VERSLAG, items=(
        Item(1, "in lijn met motie Dobbe (Kamerstuk 36410-V, nr. 9)", "In lijn met aangenomen motie van Dobbe c.s."),
        Item(2, "en de motie van Nispen?", "Die wordt uitgevoerd."),
    ))
    assert [(m.name, m.items) for m in motions.find_motions(doc)] == [("Dobbe", (1,)), ("Van Nispen", (2,))]


@pytest.mark.parametrize("sentence", [
    "De Kamer wordt op een later moment nader geïnformeerd over hoe het kabinet invulling geeft aan de motie "
    "Van der Plas.",
    "Het nieuwe kabinet zal uw Kamer hierover informeren.",
    "U zult hierover zo snel mogelijk nader geïnformeerd worden.",
    "In de planningsbrief voor het jaar 2026 heeft het kabinet aangegeven dat het verwacht het sanctiebesluit in "
    "het tweede kwartaal van dit jaar naar de Kamer te sturen.",
    "De Kamer zal nader worden geïnformeerd wanneer de verkenning is afgerond.",
    "Het kabinet deelt de zorgen van de leden, en is voornemens motie-Teunissen c.s. uit te voeren en zal de Kamer "
    "hierover in een later stadium informeren.",
])
def test_promises_to_inform_parliament_are_commitments(sentence: str) -> None:
    assert commitments.is_commitment(sentence)


@pytest.mark.parametrize("sentence", [
    "Op 24 oktober 2023 is uw Kamer per brief, en op 11 september 2024 vertrouwelijk per brief, geïnformeerd over "
    "de impact van deze listing.",
    "Over de inzet van de aanvullende middelen is uw Kamer geïnformeerd in de brieven van 2 oktober 2025 en 30 "
    "januari 2026.",
    "Zoals uw kamer is geïnformeerd per brief van 28 november 2025 heeft het kabinet een additionele bijdrage gedaan.",
    "Zoals uw Kamer is medegedeeld in het verslag van de Europese Raad van 18 december 2025, is uit onderzoek gebleken",
    "Nederland zal tevens deze boodschap onderstrepen in EU-verband in de aanstaande Raad Buitenlandse Zaken.",
    "Hierbij informeer ik uw Kamer over de stand van zaken.",
])
def test_what_was_done_or_said_elsewhere_is_no_commitment(sentence: str) -> None:
    assert not commitments.is_commitment(sentence)


_FEB_20 = dt.date(2026, 2, 20)  # the day the answers below are dated


@pytest.mark.parametrize(("sentence", "due", "due_from", "due_by"), [
    ("naar de Kamer te sturen in het tweede kwartaal van dit jaar.", "in het tweede kwartaal van dit jaar",
     dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    ("De Kamer wordt in het tweede kwartaal van 2026 geïnformeerd.", "in het tweede kwartaal van 2026",
     dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    ("De Kamer ontvangt in het vierde kwartaal van volgend jaar een brief.", "in het vierde kwartaal van volgend jaar",
     dt.date(2027, 10, 1), dt.date(2027, 12, 31)),
    ("De Kamer ontvangt voor het derde kwartaal van 2026 een brief.", "voor het derde kwartaal van 2026",
     _FEB_20, dt.date(2026, 6, 30)),
    ("Ik informeer uw Kamer voor 1 juli 2026.", "voor 1 juli 2026", _FEB_20, dt.date(2026, 6, 30)),
    ("Ik zal uw Kamer in september informeren.", "in september", dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
    ("Uw Kamer wordt voor het einde van dit jaar geïnformeerd.", "voor het einde van dit jaar", _FEB_20,
     dt.date(2026, 12, 31)),
    ("De Kamer wordt voor de zomer geïnformeerd.", "voor de zomer", _FEB_20, dt.date(2026, 7, 2)),
    ("Op de precieze impact kom ik na de zomer terug.", "na de zomer", dt.date(2026, 9, 1), dt.date(2026, 10, 31)),
    ("De Kamer wordt binnen drie maanden geïnformeerd.", "binnen drie maanden", _FEB_20, dt.date(2026, 5, 20)),
    ("Op 26 september vindt er een vervolgbijeenkomst plaats en ik verwacht uw Kamer dit najaar te informeren.",
     "dit najaar", dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
    ("In de brief van 30 januari 2026 is toegezegd dat ik uw Kamer voor 1 april informeer.", "voor 1 april",
     _FEB_20, dt.date(2026, 3, 31)),
    ("U zult hierover zo snel mogelijk nader geïnformeerd worden.", "zo snel mogelijk", None, None),
    ("De Kamer zal nader worden geïnformeerd wanneer de verkenning is afgerond.", None, None, None),
])
def test_the_moment_of_a_commitment_is_an_interval_from_the_answer_date(
        sentence: str, due: str | None, due_from: dt.date | None, due_by: dt.date | None) -> None:
    assert tuple(commitments.due_of(sentence, _FEB_20)) == (due, due_from, due_by)


def test_a_moment_without_the_answer_date_is_resolved_only_when_it_prints_its_year() -> None:
    assert tuple(commitments.due_of("De Kamer wordt eind 2024 geïnformeerd.", None)) == (
        "eind 2024", dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    undated = commitments.due_of("De Kamer wordt eind dit jaar geïnformeerd.", None)
    assert tuple(undated) == ("eind dit jaar", None, None)


def test_commitments_are_found_in_answers_only_and_dated_by_the_answer_year() -> None:
    doc = Document(
        DocumentType.VERSLAG,
        answered_on=dt.date(2026, 2, 20),
        items=(
            Item(1, "Kan de minister de Kamer informeren voor de zomer?", "Nee."),
            Item(47, "Wanneer komt het verbod?", "Het kabinet verwacht het sanctiebesluit in het tweede kwartaal van "
                                                 "dit jaar naar de Kamer te sturen. Zie ook vraag 7."),
        ),
    )
    found = commitments.find_commitments(doc)
    assert [(c.item, c.due_by) for c in found] == [(47, dt.date(2026, 6, 30))]


@pytest.mark.parametrize(("sentence", "deferred"), [
    ("De besluitvorming over eventuele volgende stappen wordt overgelaten aan een nieuw kabinet.", True),
    ("Opvolging hiervan wordt overgelaten aan een nieuw kabinet.", True),
    ("Gezien de snel opeenvolgende ontwikkelingen zal het aan het nieuwe kabinet zijn om besluiten te nemen over de "
     "verdere kabinetsinzet, inclusief eventuele budgettaire keuzes.", True),
    ("Het nieuwe kabinet zal moeten besluiten over verdere inzet.", True),
    ("Het kabinet heeft nog geen uitvoering gegeven aan motie Piri aangenomen op 28 januari jl.", False),
    ("Het nieuwe kabinet zal uw Kamer hierover informeren.", False),
    ("Voor de periode na 2028 kan dat wel, maar dat is niet aan mij als demissionair bewindspersoon.", True),
    ("Het is niet aan mij om te oordelen over een lopende rechtszaak.", False),
    ("Het is aan een volgend kabinet om hierover te besluiten.", True),
    ("De verdere uitwerking laat ik over aan mijn opvolger.", True),
    ("Uw Kamer heeft het wetsvoorstel controversieel verklaard.", True),
    ("Een nieuw kabinet is ten aanzien van deze budgetten niet gebonden aan de plannen van het voorgaande kabinet.",
     False),
])
def test_decisions_left_to_a_next_cabinet(sentence: str, deferred: bool) -> None:
    assert commitments.is_deferral(sentence) is deferred


# Citations in the forms letters, sites and the Kamer's Open Data print, as real sentences: a
# ministry letter (bundled, kenmerk 5293107), Open Data titles (../shared/corpus/opendata), answers
# in ../shared/corpus/relevance, the Aanhangsel 302 (bundled), a regulation cited in a letter.
@pytest.mark.parametrize(("text", "papers", "tk_numbers"), [
    ("de moties van 14 december 2021 van de leden Michon-Derkzen en Van der Plas over landelijke regelgeving "
     "voor een neutrale uitstraling van het boa-uniform (Kamerstuk 35925-VI-56) en van de leden Markuszower en "
     "Helder over het dragen van een hoofddoek door buitengewoon opsporingsambtenaren (Kamerstuk 35925-VI-41)",
     ["kst-35925-VI-56", "kst-35925-VI-41"], []),
    ("Lijst van vragen en antwoorden over het Jaarverslag 2024 van het Ministerie van Justitie en Veiligheid "
     "(Kamerstuk 36740-VI-1), over het Jaarverslag 2024 van het Ministerie van Binnenlandse Zaken en "
     "Koninkrijksrelaties (Kamerstuk 36740-VII-1)", ["kst-36740-VI-1", "kst-36740-VII-1"], []),
    ("om meer misdaadgeld af te pakken (t.v.v. 36600-VI-154)", ["kst-36600-VI-154"], []),
    ("Zoals in de brief van 7 januari jl. (Kamerstuk 2022D00384) aangegeven, zijn voor voortzetting",
     [], ["2022D00384"]),
    ("op vragen over het besluit van het Israëlisch Hooggerechtshof van 14 juni 2022 (2022Z09450), betreft dit",
     [], ["2022Z09450"]),
    ("Aanhangsel van de Handelingen, vergaderjaar 2023–2024, nr. 76 (2023D39037); Mind Platform, 31 augustus",
     ["ah-tk-20232024-76"], ["2023D39037"]),
    ("Regeling huurtoeslagparameters 2024 (Stcrt. 2023, 31878), door de documenten als rekenbasis gebruikt",
     ["stcrt-2023-31878"], []),
    ("Agenda informele Milieuraad 28-29 april (Kamerstuk 21501-08-992)", ["kst-21501-08-992"], []),
    ("Vastgesteld 2024-01-15; bel 070-456-7890 tussen 9-17 uur, kenmerk 2024-0000129720",
     [], []),
])
def test_papers_and_tk_numbers_are_found_in_every_printed_form(text: str, papers: list[str],
                                                               tk_numbers: list[str]) -> None:
    assert [str(r) for r in find_refs(text)] == papers
    assert [str(n) for n in find_tk_numbers(text)] == tk_numbers
