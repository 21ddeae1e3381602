"""Documents of every genre in layouts outside the bundled examples (issue 16).

The fixtures in ``tests/fixtures/genres/`` are constructed after the quotes in the issue and the
layout variants in the domain notes (see the README there); each test names the trait of the
genre it exercises, never one file's wording.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from overleg.errors import InvalidInput, NotAQuestionDocument
from overleg.model import Asker, Document, DocumentType
from overleg.procedure.reenact import reenact
from overleg.readers import read
from overleg.readers.source import Source
from overleg.readers.text.aanhangsel_heading import parse_heading
from overleg.readers.text.prepared import normalise
from overleg.readers.text.report_heading import read_heading, read_intro

ROOT = Path(__file__).resolve().parents[1]
GENRES = ROOT / "tests" / "fixtures" / "genres"


def _read(name: str) -> Document:
    return read(GENRES / name)


def _codes(doc: Document) -> list[str]:
    return [p.code for p in doc.problems]


# --- reports in older layouts -------------------------------------------------------------------

def test_a_report_of_two_dossiers_takes_its_id_from_the_first() -> None:
    doc = _read("so-2010-twee-dossiers.txt")
    assert str(doc.id) == "kst-21501-31-207"
    assert doc.dossier is not None and doc.dossier.number == "21501-31"
    assert doc.dossier.title == "Raad voor Werkgelegenheid, Sociaal Beleid, Volksgezondheid en Consumentenzaken"


def test_a_heading_of_two_dossiers_keeps_the_second() -> None:
    heading = read_heading(["21 501-31 Raad voor Werkgelegenheid, Sociaal Beleid, Volksgezondheid en",
                            "Consumentenzaken", "", "21 501-27 Sportraad", "",
                            "Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld16 april 2010"])
    assert [d.number for d in heading.other_dossiers] == ["21501-27"]
    assert heading.other_dossiers[0].title == "Sportraad"
    assert heading.date is not None and heading.date.isoformat() == "2010-04-16"


def test_a_wrapped_title_ending_in_a_year_is_no_second_dossier() -> None:
    heading = read_heading(["36 600 VI Vaststelling van de begrotingsstaten van het Ministerie voor het jaar",
                            "2025 (wijziging samenhangende met de Voorjaarsnota)",
                            "Nr. 9 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"])
    assert heading.dossier is not None and heading.dossier.number == "36600-VI"
    assert heading.other_dossiers == ()


def test_an_older_report_names_its_committee_addressee_and_dates() -> None:
    doc = _read("so-2010-twee-dossiers.txt")
    assert doc.date is not None and doc.date.isoformat() == "2010-04-16"  # "Vastgesteld16 april 2010"
    assert doc.committee is not None
    assert doc.committee.name == "vaste commissie voor Volksgezondheid, Welzijn en Sport"
    assert (doc.committee.chair, doc.committee.clerk) == ("Hermans", "Van Dalen")
    assert doc.addressee == "minister van Volksgezondheid, Welzijn en Sport"
    assert doc.questions_sent_on is not None and doc.questions_sent_on.isoformat() == "2010-04-08"
    assert doc.answered_on is not None and doc.answered_on.isoformat() == "2010-04-15"
    assert [(i.faction, i.answer is not None) for i in doc.items] == [("CDA", True), ("PvdA", True)]


def test_an_older_report_reports_nothing_missing() -> None:
    codes = _codes(_read("so-2010-twee-dossiers.txt"))
    assert not {"heading-not-found", "date-not-found", "committee-not-found", "addressee-not-found",
                "answer-date-not-found"} & set(codes)


@pytest.mark.parametrize(("sentence", "committee", "addressee"), [
    ("In de vaste commissie voor Onderwijs, Cultuur en Wetenschap bestond er bij enkele fracties behoefte "
     "om vragen voor te leggen aan de minister van Onderwijs, Cultuur en Wetenschap over de brief.",
     "vaste commissie voor Onderwijs, Cultuur en Wetenschap", "minister van Onderwijs, Cultuur en Wetenschap"),
    ("De vaste commissie voor Landbouw, Natuur en Voedselkwaliteit heeft vragen voorgelegd aan de Minister "
     "van Landbouw, Natuur en Voedselkwaliteit, die deze heeft beantwoord.",
     "vaste commissie voor Landbouw, Natuur en Voedselkwaliteit", "Minister van Landbouw, Natuur en Voedselkwaliteit"),
])
def test_committee_and_ministry_names_with_commas_are_read_whole(sentence: str, committee: str,
                                                                 addressee: str) -> None:
    intro = read_intro(sentence)
    assert (intro.committee, intro.addressee) == (committee, addressee)


@pytest.mark.parametrize(("type_line", "date_line"), [
    ("Nr. 207VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld16 april 2010"),
    ("Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld: 16 april 2010"),
    ("Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Vastgesteld op 16 april 2010"),
])
def test_glued_and_variant_heading_labels_are_read(type_line: str, date_line: str) -> None:
    heading = read_heading(["21 501-27 Sportraad", "", type_line, date_line])
    assert str(heading.id) == "kst-21501-27-207"
    assert heading.date is not None and heading.date.isoformat() == "2010-04-16"


def test_a_committee_whose_note_was_lost_keeps_no_marker_digit() -> None:
    intro = read_intro("Binnen de vaste commissie voor Financiën3 bestond er bij enkele fracties behoefte om "
                       "vragen voor te leggen aan de staatssecretaris van Financiën over de brief van 2 maart 2010.")
    assert (intro.committee, intro.addressee) == ("vaste commissie voor Financiën", "staatssecretaris van Financiën")


def test_the_answer_date_is_the_letters_date_not_the_date_the_questions_went() -> None:
    intro = read_intro("De op 8 april 2010 toegezonden vragen en opmerkingen zijn met de door de minister bij "
                       "brief van 15 april 2010 toegezonden antwoorden hieronder afgedrukt.")
    assert intro.questions_sent_on is not None and intro.questions_sent_on.isoformat() == "2010-04-08"
    assert intro.answered_on is not None and intro.answered_on.isoformat() == "2010-04-15"
    dd = read_intro("De op 8 april 2010 toegezonden vragen zijn met de bij brief d.d. 20 april 2010 gegeven "
                    "antwoorden hieronder afgedrukt.")
    assert dd.answered_on is not None and dd.answered_on.isoformat() == "2010-04-20"


def test_a_report_whose_introduction_names_nothing_reports_each_missing_part() -> None:
    text = (GENRES / "so-2010-twee-dossiers.txt").read_text(encoding="utf-8")
    start, end = text.index("In de vaste commissie"), text.index("De voorzitter van de commissie")
    bare = text[:start] + "Hierbij het verslag.\n\n" + text[end:]
    bare = bare.replace("Vastgesteld16 april 2010", "")
    doc = read(Source("kaal.txt", bare.encode()))
    assert len(doc.items) == 2
    assert {"date-not-found", "committee-not-found", "addressee-not-found", "answer-date-not-found"} <= set(_codes(doc))


# --- written questions ---------------------------------------------------------------------------

def test_a_received_date_printed_twice_keeps_the_answer_date_and_the_minister() -> None:
    doc = _read("ah-dubbel-ontvangen.txt")
    assert doc.answered_on is not None and doc.answered_on.isoformat() == "2024-06-07"
    assert doc.answered_by == ("Minister Adema (Landbouw, Natuur en Voedselkwaliteit)",)


@pytest.mark.parametrize("label", ["ontvangen", "ingezonden"])
def test_a_date_label_printed_twice_on_one_line_is_read_once(label: str) -> None:
    heading = parse_heading([
        "Vragen van het lid Dijk (SP) aan de Minister van Financiën over de toeslagen "
        + ("(ingezonden (ingezonden 3 mei 2024)." if label == "ingezonden" else "(ingezonden 3 mei 2024)."),
        "Antwoord van Minister Heinen (Financiën) "
        + ("(ontvangen (ontvangen 7 juni 2024)." if label == "ontvangen" else "(ontvangen 7 juni 2024)."),
    ])
    assert heading.questions_sent_on is not None and heading.questions_sent_on.isoformat() == "2024-05-03"
    assert heading.answered_on is not None and heading.answered_on.isoformat() == "2024-06-07"
    assert heading.answered_by == ("Minister Heinen (Financiën)",)


def test_an_accent_printed_as_a_separate_mark_stays_on_its_letter() -> None:
    doc = _read("ah-dubbel-ontvangen.txt")
    assert [(a.name, a.party) for a in doc.askers] == [("Kostić", "PvdD")]


@pytest.mark.parametrize(("printed", "read_as"), [
    ("het lid Kostic´ (PvdD)", "het lid Kostić (PvdD)"),
    ("Kostic´, Dobbe", "Kostić, Dobbe"),
    ("aldus Kostic´.", "aldus Kostić."),
    ("het lid Kostic ´ (PvdD)", "het lid Kostić (PvdD)"),
    ("Kostic ´, Dobbe", "Kostić, Dobbe"),
    ("het teken ´ alleen", "het teken ´ alleen"),
    ("Yes¸ ilgöz", "Yeşilgöz"),
])
def test_a_spacing_accent_after_a_letter_joins_it(printed: str, read_as: str) -> None:
    assert normalise(printed) == read_as


def test_questions_numbered_without_labels_and_not_yet_answered_are_read() -> None:
    doc = _read("tk-schriftelijke-vragen.txt")
    assert [i.number for i in doc.items] == [1, 2, 3, 4]
    assert doc.items[1].question == ("Hoeveel kalveren zijn in 2023 vanuit Nederland naar het buitenland vervoerd, "
                                     "en hoeveel daarvan waren jonger dan vier weken?")
    assert all(i.answer is None for i in doc.items)
    assert [(a.name, a.party) for a in doc.askers] == [("Kostić", "PvdD")]
    assert doc.addressees == ("minister van Landbouw, Natuur en Voedselkwaliteit",)
    assert doc.questions_sent_on is not None and doc.questions_sent_on.isoformat() == "2024-06-03"
    assert "unanswered" not in _codes(doc)  # none is answered yet: that is what the document is


@pytest.mark.parametrize("style", ["{n}", "{n}.", "{n})"])
def test_questions_only_are_read_whatever_the_numbers_punctuation(style: str) -> None:
    text = "\n".join([
        "Vragen van het lid Dijk (SP) aan de minister van Financiën over de toeslagen (ingezonden 3 juni 2024).", "",
        style.format(n=1) + " Kent u het bericht over de terugvordering van toeslagen bij", "ouders in 2023?", "",
        style.format(n=2) + " Hoeveel ouders moeten binnen", "3 weken terugbetalen?", "",
        style.format(n=3) + " Bent u bereid de terugvordering op te schorten?", ""])
    doc = read(Source("vragen.txt", text.encode()))
    assert [i.number for i in doc.items] == [1, 2, 3]
    assert doc.items[1].question == "Hoeveel ouders moeten binnen 3 weken terugbetalen?"


def test_answered_questions_without_one_answer_still_report_it() -> None:
    text = (GENRES / "ah-dubbel-ontvangen.txt").read_text(encoding="utf-8")
    doc = read(Source("half.txt", text.replace("Antwoord 2\nSinds 1 oktober 2023 zijn circa 1,2 miljoen dieren "
                                               "gedood.\n", "").encode()))
    assert [p.where for p in doc.problems if p.code == "unanswered"] == ["item 2"]


# --- what is no parliamentary document ---------------------------------------------------------

def test_a_folders_readme_that_quotes_a_heading_is_refused_naming_the_file() -> None:
    with pytest.raises(NotAQuestionDocument) as refused:
        _read("README-van-een-map.md")
    message = refused.value.one_line()
    assert "README-van-een-map.md: not a parliamentary document" in message
    assert "numbered questions" in message and "expected" in message


@pytest.mark.parametrize("notes", [ROOT / "src" / "overleg" / "examples" / "SOURCES.md",
                                   ROOT / "tests" / "fixtures" / "README.md",
                                   ROOT / "tests" / "fixtures" / "reports" / "README.md",
                                   GENRES / "README.md"], ids=lambda p: p.parent.name + "/" + p.name)
def test_the_repositorys_own_notes_on_its_documents_are_refused(notes: Path) -> None:
    # the examples' SOURCES.md names ah-tk-20222023-3649 and was read as that document
    with pytest.raises(NotAQuestionDocument, match=r"not a (parliamentary|question) document"):
        read(notes)


@pytest.mark.parametrize("quoted", [
    "het verslag kst-21501-02-3349 (Nr. 3349 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG, vastgesteld 20 februari 2026)",
    "de LIJST VAN VRAGEN EN ANTWOORDEN over de begroting (Kamerstuk 36600-VI, nr. 12)",
    "een brief die opent met 'In antwoord op uw brief van 3 mei 2024'",
])
def test_notes_that_quote_any_genres_wording_are_refused(quoted: str) -> None:
    text = f"# Aantekeningen\n\nIn deze map staat {quoted}.\n\nZie ook de andere mappen.\n"
    with pytest.raises(NotAQuestionDocument, match="not a parliamentary document"):
        read(Source("aantekeningen.md", text.encode()))


def test_the_command_line_refuses_a_readme_with_exit_status_2() -> None:
    done = _overleg("check", GENRES / "README-van-een-map.md")
    assert done.returncode == 2
    assert "not a parliamentary document" in done.stderr and "Traceback" not in done.stderr


def test_a_notice_of_postponement_without_questions_is_a_notice_document() -> None:
    doc = read(Source("uitstel.txt", (
        "Aanhangsel van de Handelingen\nVergaderjaar 2023–2024\n2210\n"
        "Vragen van het lid Dijk (SP) aan de Minister van Financiën over de toeslagen (ingezonden 3 mei 2024).\n\n"
        "Mededeling van Minister Heinen (Financiën) (ontvangen 24 mei 2024).\n"
        "De vragen kunnen niet binnen de termijn worden beantwoord.\n").encode()))
    assert doc.type is DocumentType.MEDEDELING_UITSTEL and doc.items == ()
    assert (str(doc.id), doc.askers, doc.subject) == ("ah-tk-20232024-2210", (Asker("Dijk", "SP"),), "de toeslagen")
    assert (doc.date, doc.questions_sent_on) == (dt.date(2024, 5, 24), dt.date(2024, 5, 3))
    assert doc.answered_by == ("Minister Heinen (Financiën)",) and _codes(doc) == []


# --- replay ------------------------------------------------------------------------------------

def test_replay_refuses_written_questions_before_any_step() -> None:
    doc = _read("ah-dubbel-ontvangen.txt")
    with pytest.raises(InvalidInput, match="not a committee's written consultation"):
        reenact(doc, "so-1", dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC))


def test_replay_still_reenacts_an_older_report() -> None:
    steps = reenact(_read("so-2010-twee-dossiers.txt"), "so-1", dt.datetime(2010, 4, 1, 9, tzinfo=dt.UTC))
    assert steps[-1].command.action == "publish"


def test_the_replay_command_refuses_written_questions_without_contacting_the_server() -> None:
    done = _overleg("replay", GENRES / "tk-schriftelijke-vragen.txt", "--server", "http://127.0.0.1:9")
    assert done.returncode == 2 and done.stdout == ""
    assert "schriftelijke vragen" in done.stderr and "not a committee's written consultation" in done.stderr
    assert "Traceback" not in done.stderr and "127.0.0.1" not in done.stderr


def _overleg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "overleg", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120, check=False)


def test_glued_date_labels_of_written_questions_are_read() -> None:
    heading = parse_heading(["Vragen van het lid Dijk (SP) aan de Minister van Financiën over de toeslagen "
                             "(ingezonden3 mei 2024).",
                             "Antwoord van Minister Heinen (Financiën) (ontvangen7 juni 2024)."])
    assert heading.questions_sent_on is not None and heading.questions_sent_on.isoformat() == "2024-05-03"
    assert heading.answered_on is not None and heading.answered_on.isoformat() == "2024-06-07"


def test_answered_questions_without_a_received_date_report_it() -> None:
    text = (GENRES / "ah-dubbel-ontvangen.txt").read_text(encoding="utf-8")
    doc = read(Source("zonder-datum.txt", text.replace("(ontvangen\n(ontvangen 7 juni 2024).", ".").encode()))
    assert len(doc.items) == 2 and doc.answered_on is None
    assert "answer-date-not-found" in _codes(doc)
    assert "answer-date-not-found" not in _codes(_read("ah-dubbel-ontvangen.txt"))


# --- tables inside answers ---------------------------------------------------------------------

def test_a_numbered_table_in_an_answer_stays_in_that_answer_as_rows_and_cells_and_out_of_the_notes() -> None:
    doc = _read("ah-tabel-in-antwoord.txt")
    second, third = doc.item(2), doc.item(3)
    assert second is not None and third is not None and second.answer is not None
    intro, table = second.answer.split("\n\n")
    assert intro == "In de onderstaande tabel staat het aantal geruimde bedrijven per provincie."
    assert [row.split("\t") for row in table.split("\n")] == [
        ["Nr.", "Provincie", "Bedrijven", "Dieren"], ["1", "Gelderland", "12", "640.000"],
        ["2", "Noord-Holland", "3", "210.000"], ["3", "Utrecht", "2", "95.000"], ["Totaal", "", "17", "945.000"]]
    assert third.answer == "De kosten bedragen circa 20 miljoen euro."
    assert [(f.number, f.text) for f in doc.footnotes] == [
        (1, "NOS, 1 april 2024, «Opnieuw vogelgriep op pluimveebedrijf».")]


def test_a_note_before_a_numbered_table_further_on_keeps_its_text() -> None:
    text = (GENRES / "ah-tabel-in-antwoord.txt").read_text(encoding="utf-8")
    note = "1 NOS, 1 april 2024, «Opnieuw vogelgriep op pluimveebedrijf».\n"
    moved = text.replace(note, "").replace("Antwoord 1\nJa.\n", "Antwoord 1\nJa.\n\n" + note)
    doc = read(Source("noot-eerst.txt", moved.encode()))
    assert [(f.number, f.text) for f in doc.footnotes] == [
        (1, "NOS, 1 april 2024, «Opnieuw vogelgriep op pluimveebedrijf».")]
    second = doc.item(2)
    assert second is not None and second.answer is not None and "1\tGelderland\t12" in second.answer


def test_a_table_that_ends_a_reports_answer_stays_in_that_answer_as_rows_and_cells() -> None:
    text = (GENRES / "so-2010-twee-dossiers.txt").read_text(encoding="utf-8")
    table = "\nNr. Lidstaat Dopingzaken\n1 Nederland 12\n2 België 9\n3 Duitsland 31\n"
    end = "aangedrongen op een gezamenlijke Europese aanpak.\n"
    doc = read(Source("tabel.txt", text.replace(end, end + table).encode()))
    first, second = doc.item(1), doc.item(2)
    assert first is not None and first.answer is not None and second is not None
    rows = first.answer.split("\n\n")[-1].split("\n")
    assert [row.split("\t") for row in rows] == [["Nr.", "Lidstaat", "Dopingzaken"], ["1", "Nederland", "12"],
                                                 ["2", "België", "9"], ["3", "Duitsland", "31"]]
    assert first.topic is None and second.topic is None
    assert "Nederland 12" not in (second.question + (second.answer or ""))
    assert all("Nederland 12" not in (f.text or "") for f in doc.footnotes)


def test_answered_questions_without_their_aanhangsel_number_report_it() -> None:
    text = (GENRES / "ah-dubbel-ontvangen.txt").read_text(encoding="utf-8")
    bare = "\n".join(line for line in text.splitlines() if line.strip() not in ("1893", "ah-tk-20232024-1893")
                     and not line.startswith(("Vergaderjaar", "ISSN")))
    doc = read(Source("zonder-nummer.txt", bare.encode()))
    assert doc.id is None and len(doc.items) == 2
    assert "number-not-found" in _codes(doc)
    assert "number-not-found" not in _codes(_read("ah-dubbel-ontvangen.txt"))
    assert "number-not-found" not in _codes(_read("tk-schriftelijke-vragen.txt"))  # not answered, not published


def test_written_questions_to_no_named_office_report_it() -> None:
    text = (GENRES / "ah-dubbel-ontvangen.txt").read_text(encoding="utf-8")
    doc = read(Source("aan-niemand.txt", text.replace("aan de Minister van Landbouw, Natuur en\nVoedselkwaliteit",
                                                      "aan de regering").encode()))
    assert doc.addressees == () and "addressee-not-found" in _codes(doc)
