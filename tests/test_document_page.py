"""The document page read as the official publication is read: footnote markers in the sentence,
the opening and the signatures as printed, papers cited in the house style (machine ids only in
addresses and data), breadcrumbs, the reader's diagnostics only for signed-in users and in Dutch,
the side bar after the h1, and a line on where the authentic version is.

Until the readers fill ``NoteMark`` (branch printed-model), the seed's marks are put where the
printed seed has them (``document_page_support``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import overleg
from api_helpers import client_for
from document_page_support import after, bare_seed, seed, seed_with_marks
from overleg.model import Document, DocumentId, DocumentType, Footnote, Item, Motion, NoteMark, Paper
from overleg.procedure import RoleKind as Role
from overleg.store.records import DocumentVersion, published_by
from overleg.web import problem_texts
from overleg.writers.html import page
from web_support import PASSWORD, SEED_ID, add_user, examples_store

SRC = Path(__file__).resolve().parent.parent / "src" / "overleg"
MACHINE_ID = re.compile(r"\b(?:kst|ah-tk|h-tk)-\d")


class _Visible(HTMLParser):
    """The text a reader sees: no attributes, no style or script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


# -- the writer -----------------------------------------------------------------------------------

def test_note_6_stands_in_the_sentence_right_after_per_brief() -> None:
    html = str(overleg.write(seed_with_marks(), "html"))
    assert 'per brief<sup><a class="nootnum" href="#voetnoot-6" aria-label="voetnoot 6">6</a></sup>, en op' in html
    answer = html[html.index('id="antwoord-9"'):html.index('id="vraag-10"')]
    assert "Voetnoten:" not in answer  # the marker in the sentence replaces the list


def test_a_document_without_marks_keeps_its_notes_listed_after_the_answer() -> None:
    html = str(overleg.write(bare_seed(), "html"))
    answer = html[html.index('id="antwoord-9"'):html.index('id="vraag-10"')]
    assert 'Voetnoten: <a href="#voetnoot-6">voetnoot 6</a>' in answer
    assert '<sup><a class="nootnum"' not in html


def test_marks_keep_their_place_across_paragraph_breaks_and_beside_cross_references() -> None:
    question = "Eén.\n\nTwee, zie vraag 1 en drie."
    answer = "Zie het antwoord op vraag 1.\n\nNa de witregel."
    notes = (Footnote(1, "Eerste."), Footnote(2, "Tweede."), Footnote(3, "Derde."), Footnote(4, "Vierde."))
    doc = Document(type=DocumentType.VERSLAG, footnotes=notes, items=(
        Item(1, "Vraag één?", "Antwoord één."),
        Item(2, question, answer, cross_refs=(1,),
             question_marks=(NoteMark(after(question, "Eén."), 1), NoteMark(after(question, "vraag 1"), 2)),
             answer_marks=(NoteMark(after(answer, "vraag 1"), 3), NoteMark(len(answer), 4)))))
    html = str(overleg.write(doc, "html"))
    sup = '<sup><a class="nootnum" href="#voetnoot-{0}" aria-label="voetnoot {0}">{0}</a></sup>'.format
    assert f"<p>Eén.{sup(1)}</p>\n<p>Twee, zie vraag 1{sup(2)} en drie.</p>" in html
    assert (f'vraag <a href="#antwoord-1" aria-label="antwoord op vraag 1">1</a>{sup(3)}.</p>\n'
            f"<p>Na de witregel.{sup(4)}</p>") in html


def test_a_mark_in_a_groups_preamble_stands_in_it() -> None:
    doc = seed_with_marks()
    first = doc.factions[0]
    marked = dataclasses.replace(first, preamble_marks=(NoteMark(after(first.preamble or "", "Gaza"), 1),))
    html = str(overleg.write(dataclasses.replace(doc, factions=(marked, *doc.factions[1:])), "html"))
    assert 'Gaza<sup><a class="nootnum" href="#voetnoot-1"' in html


def test_the_opening_is_printed_as_the_document_has_it_and_else_made_from_its_facts() -> None:
    printed = ("De vaste commissie heeft vragen voorgelegd over het stuk.", "De vragen zijn beantwoord.")
    html = str(overleg.write(dataclasses.replace(bare_seed(), opening=printed), "html"))
    assert all(f"<p>{p}</p>" in html for p in printed)
    made = str(overleg.write(bare_seed(), "html"))
    opening = made[made.index('id="inleiding"'):made.index("</section>")]
    assert ("De vaste commissie voor Buitenlandse Zaken heeft een aantal vragen en opmerkingen voorgelegd aan de "
            "minister van Buitenlandse Zaken over Kamerstuk 21 501-02, nr. 3346") in opening
    assert "De vragen zijn op 17 februari 2026 aan de minister van Buitenlandse Zaken voorgelegd." in opening
    assert opening.index("<p>De vaste commissie") < opening.index('<dl class="gegevens')


def test_the_chair_and_the_clerk_sign_with_the_titles_as_printed() -> None:
    html = str(overleg.write(seed_with_marks(), "html"))
    assert '<p class="functie">De voorzitter van de commissie,</p>\n<p class="naam">Klaver</p>' in html
    assert '<p class="functie">Adjunct-griffier van de commissie,</p>\n<p class="naam">Coco Martin</p>' in html
    assert '<p class="functie">Griffier van de commissie,</p>' in str(overleg.write(bare_seed(), "html"))


def test_the_answer_part_has_its_printed_heading() -> None:
    heading = "Vragen en opmerkingen vanuit de fracties en reactie van de minister"
    html = str(overleg.write(dataclasses.replace(bare_seed(), answer_heading=heading), "html"))
    assert f'<h2 id="antwoorddeel" class="deelkop">{heading}</h2>' in html
    assert html.index(heading) < html.index('id="fractie-d66"')


def test_subject_papers_are_cited_by_their_printed_description() -> None:
    ref = DocumentId("kst-21501-02-3346")
    paper = Paper("Geannoteerde agenda voor de Raad Buitenlandse Zaken van 23 februari 2026", ref)
    html = str(overleg.write(dataclasses.replace(bare_seed(), subject_papers=(paper,)), "html"))
    assert (f'data-stuk="{ref}">Geannoteerde agenda voor de Raad Buitenlandse Zaken van 23 februari 2026 '
            "(Kamerstuk 21 501-02, nr. 3346)</a>") in html


def test_no_machine_id_is_in_the_text_of_the_written_page() -> None:
    html = str(overleg.write(seed_with_marks(), "html"))
    assert not MACHINE_ID.search(visible_text(html))
    assert "<title>Verslag van een schriftelijk overleg: Raad Algemene Zaken en Raad Buitenlandse Zaken " \
           "(Kamerstuk 21 501-02, nr. 3349)</title>" in html
    assert 'data-stuk="kst-27925-948">Kamerstuk 27 925, nr. 948</a>' in html


def test_a_motion_cited_in_a_footnote_is_not_listed_a_second_time() -> None:
    doc = dataclasses.replace(seed(), motions=(
        *seed().motions, Motion("Nieuw", (DocumentId("kst-99999-1"),), (3,))))
    html = str(overleg.write(doc, "html"))
    moties = html[html.index('id="moties"'):]
    moties = moties[:moties.index("</section>")]
    assert "Motie Nieuw" in moties
    assert "Motie Bamenga" not in moties  # its one paper is footnote 1's
    assert "Motie Bamenga" not in str(overleg.write(seed(), "html"))


def test_the_page_names_where_the_authentic_version_is() -> None:
    html = str(overleg.write(seed(), "html"))
    assert ('De authentieke versie staat op officielebekendmakingen.nl: <a href="https://zoek.officielebekendmakingen'
            '.nl/kst-21501-02-3349.html"') in html
    here = page(seed(), made_here=True)
    assert here.source is None and here.made_here


def test_a_report_published_here_does_not_link_its_own_id_to_officielebekendmakingen() -> None:
    from overleg.writers.html import environment

    view = page(seed(), made_here=True)
    html = environment().get_template("page.html.j2").render(page=view, style="")
    assert "officielebekendmakingen.nl/kst-21501-02-3349" not in html
    assert "Gemaakt met overleg: dit verslag is met overleg vastgesteld" in html
    stored = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    assert DocumentVersion("so-1", 1, "verslag", None, "h", None, stored, origin=published_by("BuZa")).published_here
    assert not DocumentVersion(SEED_ID, 1, "verslag", None, "h", None, stored).published_here


# -- the diagnostics ------------------------------------------------------------------------------

def test_every_problem_code_a_reader_emits_has_a_dutch_text() -> None:
    emitted = set()
    for path in [*(SRC / "readers").rglob("*.py"), *(SRC / "extract").rglob("*.py")]:
        emitted |= set(re.findall(r'Problem\(\s*"([a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert len(emitted) > 15
    assert emitted <= set(problem_texts.TEXTS), emitted - set(problem_texts.TEXTS)


def test_a_problems_place_is_said_in_dutch_or_not_at_all() -> None:
    for problem in seed().problems:
        text = problem_texts.dutch(problem)
        assert problem.code not in text and problem.message not in text
        assert not re.search(r"\b(?:footnote|line|item|question|answer|agenda entry)\b", text)


# -- the web page ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = examples_store(tmp_path_factory.mktemp("documentpagina"))
    store.documents.save(seed_with_marks(), doc_id=SEED_ID, reason="de voetnoottekens op hun plaats")
    add_user(store, "griffier", Role.CLERK, "BuZa")
    with client_for(store) as c:
        yield c
    store.close()


def test_the_seed_page_has_note_6_in_the_sentence_with_its_text_on_hover_focus_and_tap(client: TestClient) -> None:
    html = client.get(f"/documents/{SEED_ID}").text
    found = re.search(r'per brief<span class="noot in-zin"><a href="#voetnoot-6" class="nootnum nootlink" '
                      r'aria-label="voetnoot 6" title="([^"]+)" aria-describedby="(tip-voetnoot-6-\d+)"><sup>6</sup>'
                      r'</a><span class="noottekst" role="tooltip" id="(tip-voetnoot-6-\d+)">([^<]+)</span></span>'
                      r", en op", html)
    assert found is not None
    assert found.group(1) == found.group(4) == seed().footnote(6).text  # type: ignore[union-attr]
    assert found.group(2) == found.group(3)


def test_the_seed_page_cites_papers_in_the_house_style_and_shows_no_machine_id(client: TestClient) -> None:
    html = client.get(f"/documents/{SEED_ID}").text
    assert not MACHINE_ID.search(visible_text(html)), MACHINE_ID.search(visible_text(html))
    assert "<title>Verslag van een schriftelijk overleg: Raad Algemene Zaken en Raad Buitenlandse Zaken " \
           "(Kamerstuk 21 501-02, nr. 3349) · overleg</title>" in html
    assert '<p class="soort">Verslag van een schriftelijk overleg · Kamerstuk 21 501-02, nr. 3349</p>' in html
    assert 'data-stuk="kst-27925-948">Kamerstuk 27 925, nr. 948</a>' in html


def test_the_breadcrumbs_lead_home_to_the_committee_the_dossier_and_the_paper(client: TestClient) -> None:
    html = client.get(f"/documents/{SEED_ID}").text
    nav = html[html.index('<nav aria-label="Kruimelpad"'):]
    nav = nav[:nav.index("</nav>")]
    crumbs = re.findall(r'<li><a (aria-current="page" )?href="([^"]+)">([^<]+)</a></li>', nav)
    assert [text for _, _, text in crumbs] == [
        "Home", "Vaste commissie voor Buitenlandse Zaken",
        "Dossier 21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken", "Kamerstuk 21 501-02, nr. 3349"]
    assert [bool(current) for current, _, _ in crumbs] == [False, False, False, True]
    committee, dossier = crumbs[1][1], crumbs[2][1].replace("&amp;", "&")
    assert client.get(committee).status_code == 200
    hits = client.get(dossier.replace("/search?", "/search.json?")).json()["hits"]
    assert SEED_ID in {h["document_id"] for h in hits}


def test_the_side_bar_comes_after_the_h1(client: TestClient) -> None:
    html = client.get(f"/documents/{SEED_ID}").text
    assert html.count("<h1") == 1
    h1 = html.index("<h1")
    assert h1 < html.index('aria-label="Inhoudsopgave"') and h1 < html.index('class="zijkop"')
    assert html.index('aria-label="Kruimelpad"') < h1 < html.index('<p class="authentiek">Dit is een weergave')


def test_the_contents_list_has_ten_entries_and_room_for_their_numbers(client: TestClient) -> None:
    toc = client.get(f"/documents/{SEED_ID}.json").json()["toc"]
    assert len(toc) >= 10  # "10." must show whole, not as "0."
    css = client.get("/static/overleg.css").text
    rule = re.search(r"\.inhoudsopgave ol \{ padding-left: ([\d.]+)rem; \}", css)
    # "100." in a proportional font is about 2.2 em wide; the browser puts it in the padding
    assert rule is not None and float(rule.group(1)) >= 2.4


def test_the_public_never_sees_the_readers_diagnostics(client: TestClient) -> None:
    html = client.get(f"/documents/{SEED_ID}").text
    for problem in seed().problems:
        assert problem.code not in html and problem.message not in html
    assert "leesproblemen" not in html and "Opmerkingen bij het inlezen" not in html
    assert "problems" not in client.get(f"/documents/{SEED_ID}.json").json()


def test_signed_in_staff_see_the_diagnostics_in_dutch_folded_away(client: TestClient) -> None:
    from web_support import log_in

    log_in(client, "griffier")
    try:
        html = client.get(f"/documents/{SEED_ID}").text
    finally:
        client.cookies.clear()
    folded = html[html.index('<details class="leesproblemen">'):]
    folded = folded[:folded.index("</details>")]
    assert "Voetnoot 17: de bron heeft een voetnootteken maar geen tekst bij deze voetnoot." in folded
    assert folded.count("<li>") == len(seed().problems)
    for problem in seed().problems:
        assert problem.code not in folded and problem.message not in folded
    assert PASSWORD not in html


def test_search_hits_cite_the_paper_in_the_house_style(client: TestClient) -> None:
    html = client.get("/search", params={"q": "Rafah"}).text
    hits = html[html.index('class="treffer'):]
    assert "Kamerstuk 21 501-02, nr. 3349" in hits
    assert not MACHINE_ID.search(visible_text(hits))


# -- a report published with overleg --------------------------------------------------------------

def test_a_report_published_here_says_it_is_made_here_and_links_nowhere_official(tmp_path: Path) -> None:
    from api_helpers import migrated_store
    from web_support import confirm_step, establish_and_publish, log_in, seed_intake, session_token

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    store = migrated_store(f"sqlite:///{tmp_path / 'hier.db'}")
    seed_intake(store, start)
    desk = "/werkruimte/so-1/beantwoording"

    def as_user(username: str) -> TestClient:
        client = client_for(store, clock=lambda: start + dt.timedelta(hours=1))
        log_in(client, username)
        return client

    with as_user("member-klein") as klein:
        form = {"csrf": session_token(klein, "/werkruimte/so-1"), "group": "Klein", "version": "0",
                "passages": "Kleine vraag?"}
        assert klein.post("/werkruimte/so-1/inbreng", data=form, follow_redirects=False).status_code == 303
    with as_user("griffier") as clerk:
        for action in ("close_intake", "number", "send"):
            assert confirm_step(clerk, "so-1", action).status_code == 303
    with as_user("ambtenaar") as ministry:
        for n in (1, 2, 3):
            answer = {"csrf": session_token(ministry, f"{desk}/{n}"), "version": "0", "text": f"Antwoord {n}."}
            assert ministry.post(f"{desk}/{n}", data=answer, follow_redirects=False).status_code == 303
        assert ministry.post(f"{desk}/versturen", data={"csrf": session_token(ministry)},
                             follow_redirects=False).status_code == 303
    with as_user("griffier") as clerk:
        establish_and_publish(clerk, "so-1", "99999", "7")
    report = "kst-99999-7"
    with client_for(store) as public:
        html = public.get(f"/documents/{report}").text
        assert public.get(f"/documents/{report}.json").json()["made_here"] is True
        download = public.get(f"/api/documents/{report}.html").text
    store.close()
    assert "Gemaakt met overleg: dit verslag is met overleg vastgesteld" in download
    assert "officielebekendmakingen.nl/kst-99999-7" not in download
    assert ("Gemaakt met overleg: dit verslag is met overleg vastgesteld en hier gepubliceerd als Kamerstuk "
            "99 999, nr. 7. Deze pagina is de authentieke versie.") in html
    assert "officielebekendmakingen.nl/kst-99999-7" not in html
    assert "De authentieke versie staat op officielebekendmakingen.nl" not in html


def test_no_stored_documents_page_shows_a_machine_id(client: TestClient) -> None:
    local = re.compile(r"\blocal-[0-9a-f]{6,}")
    documents = client.get("/index.json").json()["documents"]
    assert len(documents) > 20
    for row in documents:
        text = visible_text(client.get(row["href"]).text)
        assert not MACHINE_ID.search(text) and not local.search(text), row["id"]
