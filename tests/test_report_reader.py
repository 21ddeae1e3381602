"""The report reader on the layout variants of the genre (synthetic fixtures, see
tests/fixtures/reports/README.md) and on the seed's hard places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from overleg.errors import ReaderError
from overleg.model import Document, DocumentType
from overleg.readers import read
from overleg.readers.source import Source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"


def fixture(name: str) -> Document:
    return read(FIXTURES / name)


@pytest.fixture(scope="module")
def seed() -> Document:
    return read(SEED)


# --- the seed's hard places ---------------------------------------------------------------


def test_answer_heading_followed_by_footnotes_keeps_its_answer_text(seed: Document) -> None:
    for number, first_words in ((14, "Europa draagt het leeuwendeel"), (28, "Sinds 15 januari jl."),
                                (39, "Nederland is nauw betrokken")):
        item = seed.item(number)
        assert item is not None and item.answer is not None
        assert item.answer.startswith(first_words)


def test_no_furniture_urls_or_answer_headings_inside_item_text(seed: Document) -> None:
    for item in seed.items:
        text = item.question + " " + (item.answer or "")
        assert "http" not in text and "Antwoord van het kabinet" not in text
        assert "Kamerstuk 36 180 nr. 190" not in text


def test_glued_markers_are_resolved_by_their_sequence(seed: Document) -> None:
    item35 = seed.item(35)
    assert item35 is not None and item35.answer is not None
    assert item35.answer_footnotes == (14, 15)
    assert "2 oktober 2025 en 30 januari 2026." in item35.answer
    assert [(n.number, n.text) for n in seed.footnotes if n.number in (17, 18)] == [(17, None), (18, None)]


def test_a_sentence_broken_by_a_page_of_footnotes_is_one_paragraph_again(seed: Document) -> None:
    item52 = seed.item(52)
    assert item52 is not None and "maar liefst 2.842 Palestijnen geregistreerd" in item52.question
    for item in seed.items:
        for para in (item.question + "\n\n" + (item.answer or "")).split("\n\n"):
            assert para[:1].isupper() and para.rstrip()[-1] in ".?!", (item.number, para[-40:])


def test_wrapped_words_are_joined(seed: Document) -> None:
    item10 = seed.item(10)
    assert item10 is not None and item10.answer is not None
    assert "sanctie-inzet" in item10.answer
    assert [f.name for f in seed.factions][1] == "GroenLinks-PvdA"


def test_link_targets_belong_to_their_notes(seed: Document) -> None:
    with_links = {n.number: n.urls for n in seed.footnotes if n.urls}
    assert sorted(with_links) == [19, 26, 27, 28]
    assert all(len(urls) == 1 for urls in with_links.values())
    assert "gazastrook" in with_links[26][0]


def test_referral_only_answers_point_at_their_questions(seed: Document) -> None:
    referrals = {i.number: i.cross_refs for i in seed.items if i.referral_only}
    assert referrals == {21: (6,), 25: (15,), 26: (14, 15), 45: (11,)}


# --- layout variants (synthetic fixtures) ------------------------------------------------


def test_numbered_sections_and_unnumbered_reactions() -> None:
    doc = fixture("verslag-reactie-bewindspersonen.txt")
    assert str(doc.id) == "kst-36600-VI-112"
    assert doc.dossier is not None and doc.dossier.title is not None
    assert doc.dossier.title.endswith("(VI) voor het jaar 2025")
    assert doc.date == dt.date(2025, 3, 14)
    assert doc.committee is not None
    assert (doc.committee.name, doc.committee.chair, doc.committee.clerk) == (
        "vaste commissie voor Justitie en Veiligheid", "Jansen", "De Vries")
    assert doc.addressee == "Minister en de Staatssecretaris van Justitie en Veiligheid"
    assert (doc.questions_sent_on, doc.answered_on) == (dt.date(2025, 2, 20), dt.date(2025, 3, 13))
    assert [str(r) for r in doc.subject_refs] == ["kst-29279-901"]
    assert [f.name for f in doc.factions] == ["VVD", "ChristenUnie", "CDA"]
    assert doc.factions[0].preamble is not None and "kennisgenomen" in doc.factions[0].preamble
    assert [(i.number, i.faction) for i in doc.items] == [(1, "VVD"), (2, "VVD"), (3, "ChristenUnie en CDA")]
    assert doc.items[0].answer is not None and doc.items[0].answer.startswith("In 2024 zijn circa 12.000")
    assert doc.items[2].referral_only and doc.items[2].cross_refs == (1,)
    assert [p.code for p in doc.problems] == ["unnumbered-answer"] * 3
    assert doc.footnotes[0].number == 1 and (doc.footnotes[0].text or "").startswith("Samenstelling")
    assert [(c.item, c.due, c.due_by) for c in doc.commitments] == [(1, "voor 1 juli 2025", dt.date(2025, 6, 30))]


def test_topic_first_layout_gives_each_topic_its_reply() -> None:
    doc = fixture("verslag-onderwerpen-eerst.txt")
    assert doc.answered_on == dt.date(2025, 4, 1) and doc.questions_sent_on is None
    assert doc.committee is not None and doc.committee.clerk == "Smit"
    assert [f.name for f in doc.factions] == ["VVD", "PVV", "NSC"]
    assert [(i.number, i.faction, i.topic) for i in doc.items] == [
        (1, "VVD", "1. Gemeenschappelijk Europees asielstelsel"),
        (2, "PVV", "1. Gemeenschappelijk Europees asielstelsel"),
        (3, "NSC", "2. Terugkeer"),
    ]
    assert doc.items[0].answer == doc.items[1].answer and doc.items[0].answer_group == (1, 2)
    assert doc.items[2].answer is not None and doc.items[2].answer.startswith("De minister staat positief")
    assert "Deze leden vragen ook" in doc.items[1].question
    assert [p.code for p in doc.problems] == ["unnumbered-questions"]
    assert [(c.item, c.due) for c in doc.commitments] == [(3, "voor de zomer")]


def test_inbreng_skips_its_contents_page_and_keeps_printed_numbers() -> None:
    doc = fixture("inbreng-met-inhoudsopgave.txt")
    assert doc.type is DocumentType.INBRENG
    assert doc.number == "7" and doc.dossier is not None and doc.dossier.number == "36725"
    assert [f.name for f in doc.factions] == ["GroenLinks-PvdA", "BBB"]
    assert doc.factions[0].preamble is not None and doc.factions[0].preamble.startswith("De leden")
    assert [(i.number, i.faction, i.answer) for i in doc.items] == [
        (1, "GroenLinks-PvdA", None), (2, "GroenLinks-PvdA", None), (3, "BBB", None)]
    assert doc.items[0].question.startswith("De leden van de GroenLinks-PvdA-fractie vragen hoeveel ouders")
    assert all("blz" not in i.question and "Inhoudsopgave" not in i.question for i in doc.items)
    assert doc.problems == ()


def test_nader_overleg_reads_the_committee_letter_and_the_reply() -> None:
    doc = fixture("nader-verslag-met-brief.txt")
    assert doc.type is DocumentType.VERSLAG_NADER
    assert str(doc.id) == "kst-33506-AB"
    assert (doc.questions_sent_on, doc.answered_on) == (dt.date(2024, 5, 2), dt.date(2024, 7, 9))
    assert doc.committee is not None and (doc.committee.chair, doc.committee.clerk) == ("Van Dam", "Koster")
    assert [str(r) for r in doc.subject_refs] == ["kst-33506-AA"]
    assert [(i.number, i.faction) for i in doc.items] == [(1, "GroenLinks-PvdA"), (2, "D66")]
    assert all(i.answer_group == (1, 2) for i in doc.items)
    assert doc.items[1].question.endswith("voor 1 januari 2025 te informeren?")  # no letter closing in it
    answer = doc.items[0].answer or ""
    assert answer.startswith("De bevoegdheid is in 2023") and "Jansen" not in answer and "Den Haag" not in answer
    assert [(c.item, c.due_by) for c in doc.commitments] == [(1, dt.date(2024, 12, 31))]


def test_numbered_answer_labels_and_grouped_answers() -> None:
    doc = fixture("verslag-antwoord-genummerd.txt")
    assert str(doc.id) == "kst-35925-XII-130"
    assert doc.committee is not None and (doc.committee.chair, doc.committee.clerk) == ("Peters", "Mulder")
    assert [i.number for i in doc.items] == [1, 2, 3, 4, 5, 6]
    first = doc.items[0]
    assert first.topic == "Bruggen"
    assert first.answer == "Er zijn 87 bruggen in slechte staat.\n\nDe eerste vijf worden dit jaar gerepareerd."
    assert doc.items[1].question == "Welke kosten zijn hiermee gemoeid?"
    assert doc.items[3].referral_only and doc.items[3].cross_refs == (2,)
    assert doc.items[4].answer_group == (5, 6) and doc.items[5].answer == doc.items[4].answer
    assert [(m.name, [str(r) for r in m.refs]) for m in doc.motions] == [("Van der Berg", ["kst-35925-XII-44"])]
    assert [d.item for d in doc.deferrals] == [5]
    assert doc.problems == ()


def test_a_report_without_its_heading_still_reads_with_a_problem() -> None:
    text = SEED.read_text(encoding="utf-8").split("Vastgesteld, 20 februari 2026", 1)[1]
    doc = read(Source("headless.txt", ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n" + text).encode()))
    assert len(doc.items) == 53 and doc.id is None
    assert "heading-not-found" in [p.code for p in doc.problems]


@pytest.mark.parametrize("text", [
    "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\n1. Antwoord van het kabinet\n",
    "Nr. 3 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n" + "1 2 3 4 5\n" * 50,
    "INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\nVastgesteld\n\n"
    "Vragen en opmerkingen van de leden van de X-fractie\n",
])
def test_odd_reports_give_a_document_or_a_read_error(text: str) -> None:
    try:
        doc = read(Source("odd.txt", text.encode()))
    except ReaderError:
        return
    assert doc.type.is_report


def test_marks_and_notes_from_the_container_are_used_as_given() -> None:
    from overleg.model import Footnote
    from overleg.readers.text.prepared import PreparedText, normalise
    from overleg.readers.text.report import parse
    from overleg.vocabulary.markers import mark

    text = normalise(SEED.read_text(encoding="utf-8"))
    text = text.replace("Bamenga1 en", f"Bamenga{mark(1)} en").replace("Ceder2 de", f"Ceder{mark(2)} de")
    text = text.replace("1 Kamerstuk 36 180 nr. 190  \n2 Kamerstuk 21501-02 nr. 3273 \n", "")
    given = (Footnote(1, "Kamerstuk 36 180 nr. 190"), Footnote(2, "Kamerstuk 21501-02 nr. 3273"))
    doc = parse(PreparedText("pdf", tuple(text.split("\n")), footnotes=given), DocumentType.VERSLAG)
    item1 = doc.item(1)
    assert item1 is not None and item1.answer_footnotes == (1, 2)
    assert [str(r) for n in doc.footnotes[:2] for r in n.refs] == ["kst-36180-190", "kst-21501-02-3273"]
    assert len(doc.footnotes) == 29 and len(doc.items) == 53


def test_a_question_before_the_first_topic_is_no_preamble() -> None:
    text = (
        "36 725 Wijziging van de Wet kinderopvang\n\nNr. 8 INBRENG VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n"
        "Vastgesteld 5 maart 2025\n\nVragen en opmerkingen van de leden van de VVD-fractie\n\n"
        "1. De leden van de VVD-fractie vragen hoeveel ouders een terugvordering ontvingen?\n\nAlgemeen\n\n"
        "2. De leden van de VVD-fractie vragen of de drempel omhoog kan?\n"
    )
    doc = read(Source("inbreng.txt", text.encode()))
    assert doc.factions[0].preamble is None
    assert [(i.number, i.topic) for i in doc.items] == [(1, None), (2, "Algemeen")]


def test_reports_pasted_one_after_another_give_the_first_and_a_problem_for_the_rest() -> None:
    one = read(SEED)
    data = SEED.read_bytes()
    three = read(Source("drie.txt", data * 3))
    assert three.items == one.items
    assert three.footnotes == one.footnotes
    assert three.agenda == one.agenda
    second = [p for p in three.problems if p.code == "second-document"]
    assert len(second) == 1
    assert [p for p in three.problems if p.code != "second-document"] == list(one.problems)
    lines = (data * 3).decode("utf-8-sig").splitlines()
    at = int((second[0].where or "").removeprefix("line "))
    # the second copy's heading starts at its dossier line, the first non-blank line of the seed
    assert at > len(data.decode("utf-8-sig").splitlines())
    assert lines[at - 1] == next(line for line in lines if line.strip())
