"""Written questions as a process: the Kamer's terms, and papers linked by Zaak and by subject on
the real recorded Open Data records (tests/fixtures/opendata), through a local fake server."""

from __future__ import annotations

import copy
import datetime as dt
import time

import httpx

from fake_services import BASE, OPENDATA, FakeOpenData, recorded
from overleg.connectors import opendata
from overleg.connectors.http import PoliteClient, Politeness
from overleg.connectors.opendata_process import (
    SOORT_ROLES,
    linking_figures,
    process_paper,
    recorded_linking,
)
from overleg.corpus.process import link_cases, printed_title, subject_similarity
from overleg.model.process import CaseStatus, LinkKind, ProcessPaper, ProcessRole, QuestionCase
from overleg.vocabulary.terms import case_status, due_date

D = dt.date
PAGES = sorted(OPENDATA.glob("document-page-*.json"))  # the recorded Document pages
# Counted by hand on the recorded pages: every notice and answer whose questions are among the
# records, by DocumentNummer (notice or answer -> questions). The other notice (the Afghan women's
# football team) and 35 answers ask questions of months that were not recorded.
FINDABLE = {
    "2024D51764": "2024D49410",  # staalslakken (notice)
    "2025D04786": "2025D01270", "2025D08816": "2025D01270",  # Daan Boellen: notice, answer
    "2025D07667": "2025D01928",  # Nationaal Klimaat Platform (notice)
    "2025D06791": "2025D02163", "2025D08828": "2025D02163",  # windenergie op zee: notice, answer
    "2025D06503": "2025D02168", "2025D08795": "2025D02168",  # financiële les: notice, answer
    "2025D07476": "2025D03341",  # jongeren in gevangenis (notice)
    "2025D08799": "2025D04402",  # Gronings UMC (answer)
    "2025D12564": "2025D04403",  # Nedersaksenlijn en Lelylijn (answer)
    "2025D07573": "2025D04676", "2025D08844": "2025D04676",  # kleinschalige boerderij: notice, answer
    "2025D08677": "2025D04854",  # Oezbeekse trucker (notice)
    "2025D08838": "2025D05919",  # Sywert van Lienden (answer)
    "2025D08804": "2025D06815",  # NZa-rapport (answer)
    "2025D08849": "2025D07921",  # pleegmeisje Vlaardingen (answer, "Antwoord op van het lid")
    "2025D14533": "2025D10456",  # rampenbestrijding (notice)
}


def _all_records() -> list[object]:
    """The records of every recorded page, one per Id (a record may be on two pages)."""
    by_id = {str(r["Id"]): r for page in PAGES for r in recorded(page.name) if isinstance(r, dict)}
    return list(by_id.values())


def _client(fake: FakeOpenData) -> PoliteClient:
    return PoliteClient(Politeness(min_interval=0), transport=httpx.MockTransport(fake),
                        sleep=lambda _: None, clock=lambda: 0.0)


def _served_papers(records: list[object]) -> list[ProcessPaper]:
    with _client(FakeOpenData(records, {}, page_size=100)) as client:
        found = [r for page, _ in opendata.pages(client, "2000-01-01T00:00:00Z", tuple(SOORT_ROLES), base=BASE)
                 for r in page]
    return [p for r in found if isinstance(r, opendata.DocumentRecord) and (p := process_paper(r)) is not None]


def _links(cases: tuple[QuestionCase, ...]) -> dict[str, str]:
    """follower DocumentNummer -> questions DocumentNummer, for every case with questions."""
    found = {}
    for c in cases:
        questions = [p for p in c.papers if p.has(ProcessRole.QUESTIONS)]
        for p in c.papers:
            if questions and not p.has(ProcessRole.QUESTIONS) and p.number and questions[0].number:
                found[p.number] = questions[0].number
    return found


# -- the terms ---------------------------------------------------------------------------------------

def test_questions_are_due_three_weeks_after_they_were_sent() -> None:
    assert due_date(D(2025, 2, 5)) == D(2025, 2, 26)
    assert case_status(D(2025, 2, 26), None, D(2025, 2, 26)) is CaseStatus.OPEN
    assert case_status(D(2025, 2, 26), None, D(2025, 2, 27)) is CaseStatus.OVERDUE


def test_a_postponement_notice_moves_the_due_date_to_six_weeks() -> None:
    assert due_date(D(2025, 2, 5), notices=(D(2025, 2, 21),)) == D(2025, 3, 19)
    assert due_date(D(2025, 2, 5), notices=(D(2025, 2, 21), D(2025, 3, 18))) == D(2025, 3, 19)


def test_a_notice_received_after_the_answer_does_not_postpone_it() -> None:
    assert due_date(D(2025, 2, 5), notices=(D(2025, 3, 10),), answered=D(2025, 3, 4)) == D(2025, 2, 26)
    assert due_date(D(2025, 2, 5), notices=(D(2025, 3, 4),), answered=D(2025, 3, 4)) == D(2025, 3, 19)


def test_an_answer_on_the_due_date_is_in_time_and_one_day_later_is_late() -> None:
    due = due_date(D(2025, 2, 5))
    assert case_status(due, D(2025, 2, 26), D(2025, 6, 1)) is CaseStatus.ANSWERED
    assert case_status(due, D(2025, 2, 27), D(2025, 6, 1)) is CaseStatus.ANSWERED_LATE


# -- titles and subjects --------------------------------------------------------------------------

def test_the_sloppy_titles_of_real_answers_still_give_askers_and_subject() -> None:
    forms = {
        "Antwoord op van het lid Bruyning over de Kamerbrief X": (("Bruyning",), "de Kamerbrief X"),
        "Antwoord op het lid Aukje de Vries over het bericht Y": (("Aukje de Vries",), "het bericht Y"),
        "Antwoord vragen van het lid Rajkowski en Peter de Groot over Z": (("Rajkowski", "Peter de Groot"), "Z"),
        "Nader antwoord op vragen van de leden Six Dijkstra en Mutluer over W (antwoord op vraag 5)":
            (("Six Dijkstra", "Mutluer"), "W"),
        "Antwoord op vragen van het lid Vermeer naar aanleiding van de Kamerbrief V": (("Vermeer",), "de Kamerbrief V"),
        "Uitstel beantwoording vragen van de leden Gabriëls, Bamenga, Van Kent en Kostic over U":
            (("Gabriëls", "Bamenga", "Van Kent", "Kostic"), "U"),
    }
    for title, (askers, subject) in forms.items():
        parsed = printed_title(title)
        assert parsed is not None, title
        assert (parsed.askers, parsed.subject) == (askers, subject)


def test_every_recorded_notice_and_answer_title_is_read() -> None:
    papers = _served_papers(_all_records())
    followers = [p for p in papers if not p.has(ProcessRole.QUESTIONS)]
    assert len(followers) == 54
    assert all(printed_title(p.subject) is not None for p in followers)


def test_a_paraphrased_subject_is_alike_and_a_different_one_is_not() -> None:
    questions = "Het bericht dat een kleinschalige boerderij moet stoppen omdat hun pachtcontract niet verlengd wordt"
    assert subject_similarity("een kleinschalige boerderij die moet stoppen omdat hun pachtcontract niet verlengd "
                              "wordt", questions) >= 0.9
    assert subject_similarity("de relatie tussen pachtnormen en teeltopbrengsten", questions) < 0.3


# -- linking on the recorded records ----------------------------------------------------------------

def test_recorded_notices_and_answers_find_exactly_the_questions_counted_by_hand() -> None:
    cases = link_cases(_served_papers(_all_records()), D(2025, 8, 1))
    assert _links(cases) == FINDABLE
    assert all(c.linked_by is LinkKind.SUBJECT for c in cases if len(c.papers) > 1)


def test_linking_the_recorded_pages_does_not_regress_below_what_was_measured() -> None:
    figures = linking_figures(recorded_linking(PAGES, D(2025, 8, 1)))
    assert (figures.questions, figures.notices, figures.answers) == (24, 10, 44)
    assert figures.notices_linked >= 9  # of 9 findable (docs/analytics.md, "Linking by subject")
    assert figures.answers_linked >= 9  # of 9 findable


def test_the_boerderij_questions_postponed_then_answered_are_one_case_in_time() -> None:
    cases = link_cases(_served_papers(_all_records()), D(2025, 8, 1))
    case = next(c for c in cases if c.papers[0].number == "2025D04676")
    assert [p.roles for p in case.papers] == [(ProcessRole.QUESTIONS,), (ProcessRole.NOTICE,), (ProcessRole.ANSWER,)]
    assert (case.submitted, case.notices, case.answered) == (D(2025, 2, 5), (D(2025, 2, 21),), D(2025, 3, 4))
    assert case.due == D(2025, 3, 19)  # six weeks: the notice came before the answer
    assert case.status is CaseStatus.ANSWERED
    assert case.askers == ("Bromet",)


def test_two_answers_alike_one_questions_paper_only_the_better_match_is_linked() -> None:
    questions = ProcessPaper("q", (ProcessRole.QUESTIONS,), D(2025, 1, 6),
                             subject="Het bericht dat de veerpont over de Lek stopt")
    close = ProcessPaper("a1", (ProcessRole.ANSWER,), D(2025, 2, 3),
                         subject="Antwoord op vragen van het lid A over het bericht dat de veerpont over de Lek stopt")
    looser = ProcessPaper("a2", (ProcessRole.ANSWER,), D(2025, 2, 4),
                          subject="Antwoord op vragen van het lid B over de veerpont over de Lek")
    cases = {c.key: c for c in link_cases([looser, questions, close], D(2025, 3, 1))}
    assert [p.key for p in cases["q"].papers] == ["q", "a1"]
    assert [p.key for p in cases["a2"].papers] == ["a2"]


def test_an_answer_dated_before_the_questions_is_not_linked_to_them() -> None:
    questions = ProcessPaper("q", (ProcessRole.QUESTIONS,), D(2025, 4, 23), subject="Europese financiering Lelylijn")
    answer = ProcessPaper("a", (ProcessRole.ANSWER,), D(2025, 3, 24),
                          subject="Antwoord op vragen van het lid X over Europese financiering voor de Lelylijn")
    assert len(link_cases([questions, answer], D(2025, 6, 1))) == 2


def test_records_served_with_a_zaak_are_linked_through_it() -> None:
    records = copy.deepcopy(_all_records())
    # questions on Schoof's nitrogen plan and an answer on leaked advice share no words: the
    # Zaak alone links them (the recorded records had their Zaak expansion stripped; added here)
    by_number = {r["DocumentNummer"]: r for r in records if isinstance(r, dict)}
    for number in ("2025D07382", "2025D08640"):
        by_number[number]["Zaak"] = [{"Nummer": "2025Z03456", "Voortouwnaam": "vaste commissie voor LVVN"}]
    cases = link_cases(_served_papers(records), D(2025, 8, 1))
    case = next(c for c in cases if c.papers[0].number == "2025D07382")
    assert [p.number for p in case.papers] == ["2025D07382", "2025D08640"]
    assert case.linked_by is LinkKind.ZAAK
    assert case.zaken == ("2025Z03456",)
    assert case.due == D(2025, 3, 13) and case.status is CaseStatus.ANSWERED  # three weeks, answered 3 March
    assert _links(cases) == {**FINDABLE, "2025D08640": "2025D07382"}


def test_a_hostile_title_of_a_megabyte_is_read_in_bounded_time() -> None:
    title = "Antwoord op vragen van het lid " + "Jansen en " * 100_000 + "over " + "boerderij " * 100_000
    questions = ProcessPaper("q", (ProcessRole.QUESTIONS,), D(2025, 1, 6), subject="boerderij " * 100_000)
    answer = ProcessPaper("a", (ProcessRole.ANSWER,), D(2025, 2, 3), subject=title)
    started = time.perf_counter()
    cases = link_cases([questions, answer], D(2025, 3, 1))
    assert time.perf_counter() - started < 2
    assert len(cases) == 2  # read only so far: its "over" lies beyond what is read, so it stays alone
