"""The ministry's desk in-process, on SQLite and PostgreSQL: the numbers with their status, an
editor per answer that keeps every other answer's text, answer groups with a cross-reference,
Dutch refusals in the error summary, postponement, Antwoorden versturen, and a grouped answer
printed once on the published page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from db_support import database
from overleg.model import DocumentId
from overleg.store import Store
from web_support import add_user, confirm_step, establish_and_publish, log_in, seed_intake, session_token

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DESK = "/werkruimte/so-1/beantwoording"


def NOW() -> dt.datetime:
    return START + dt.timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        steps = seed_intake(opened, START)
        official = next(s.actor for s in steps if s.command.action == "answer")
        add_user(opened, "ander-ministerie", next(iter(official.roles)).kind, "minister van Financiën")
        _sent(opened)
        yield opened
        opened.close()


def _as(store: Store, username: str) -> TestClient:
    client = client_for(store, clock=NOW)
    log_in(client, username)
    return client


def _sent(store: Store) -> None:
    """Klein contributes one passage; the clerk closes, numbers and sends: numbers 1-3."""
    with _as(store, "member-klein") as client:
        form = {"csrf": session_token(client, "/werkruimte/so-1"), "group": "Klein", "version": "0"}
        assert client.post("/werkruimte/so-1/inbreng", data={**form, "passages": "Kleine vraag?"},
                           follow_redirects=False).status_code == 303
    with _as(store, "griffier") as client:
        for action in ("close_intake", "number", "send"):  # each through its confirmation page
            done = confirm_step(client, "so-1", action)
            assert done.status_code == 303, (action, done.text[-1500:])


def _save(client: TestClient, number: int, text: str, **fields: str | list[str]) -> httpx.Response:
    data: dict[str, str | list[str]] = {"csrf": session_token(client, f"{DESK}/{number}"), "version": "0",
                                        "text": text, **fields}
    done: httpx.Response = client.post(f"{DESK}/{number}", data=data, follow_redirects=False)
    return done


def test_the_desk_lists_every_number_with_its_status_and_counts(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Samen beantwoord.", also="2").status_code == 303
        desk = client.get(f"{DESK}.json").json()
        assert [(q["number"], q["status"]) for q in desk["questions"]] == [
            (1, "concept-antwoord, samen met vraag 2"), (2, "concept-antwoord, samen met vraag 1"), (3, "open")]
        assert (desk["answered"], desk["total"], desk["open"]) == (2, 3, [3])
        page = client.get(DESK).text
        assert "2 van 3 vragen" in page and f'href="{DESK}/3"' in page
        assert re.search(r"<button type=\"button\" disabled[^>]*>Antwoorden versturen", page)
        assert "Nog open: vraag 3" in page
        assert 'href="/werkruimte/so-1/beantwoording"' in client.get("/werkruimte/so-1").text


def test_the_desk_never_shows_the_groups_intake_deadline_as_the_ministrys(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        intake = client.get("/werkruimte/so-1.json").json()["deadline_shown"]
        desk = client.get(f"{DESK}.json").json()
        page = client.get(DESK).text
    assert intake not in page and desk["deadline"] != intake
    if desk["deadline"] is None:  # until the clerk sets an answer deadline
        assert "nog niet vastgesteld door de griffie" in page


def test_saving_answer_two_keeps_the_saved_text_of_answer_one_on_its_own_page(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Antwoord een, bewaard.").status_code == 303
        assert _save(client, 2, "Antwoord twee.").status_code == 303
        one = client.get(f"{DESK}/1").text
        assert "Antwoord een, bewaard." in one and "Antwoord twee." not in one
        # each answer is its own form on its own page: no form posts another answer's text
        assert one.count('name="text"') == 1
        assert client.get(f"{DESK}/1.json").json()["text"] == "Antwoord een, bewaard."


def test_a_grouped_answer_with_a_cross_reference_is_saved_and_its_draft_stays_inside_the_ministry(
        store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 3, "Eigen antwoord.").status_code == 303
        done = _save(client, 1, "CONCEPT: samen, zie ook vraag 3.", also=["2"], cross_refs=["3"],
                     **{"noot-tekst-1": "Brief", "noot-url-1": "https://www.tweedekamer.nl"})
        assert done.status_code == 303, done.text[-1500:]
        editor = client.get(f"{DESK}/2.json").json()
        assert editor["numbers"] == [1, 2] and editor["cross_refs"] == [3]
        assert editor["notes"][0] == {"text": "Brief", "url": "https://www.tweedekamer.nl"}
    for outsider in ("griffier", "member-groot"):
        with _as(store, outsider) as client:
            assert "CONCEPT: samen" not in client.get("/werkruimte/so-1").text
            assert "CONCEPT: samen" not in client.get("/werkruimte/so-1/voorbeeld").text


def test_a_bad_cross_reference_is_refused_in_dutch_in_the_error_summary_with_the_text_kept(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        refused = _save(client, 1, "Zie daar.", cross_refs=["99"])
        assert refused.status_code == 400
        page = refused.text
        assert "<title>Fout: " in page
        summary = re.search(r'<div class="foutsamenvatting".*?</div>', page, re.S)
        assert summary is not None
        assert 'href="#zie"' in summary.group(0)
        assert "Vraag 99 bestaat niet; de lijst loopt van 1 tot en met 3." in summary.group(0)
        assert re.search(r'<select id="zie"[^>]*aria-describedby="zie-uitleg zie-fout"[^>]*aria-invalid="true"', page)
        assert "Zie daar.</textarea>" in page
        in_text = _save(client, 1, "Zie het antwoord op vraag 7.")
        assert in_text.status_code == 400 and "Vraag 7 bestaat niet" in in_text.text
        assert 'href="#antwoord-tekst"' in in_text.text


def test_a_footnote_link_must_be_http_or_mailto(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        refused = _save(client, 1, "Antwoord.", **{"noot-tekst-1": "Kijk", "noot-url-1": "javascript:alert(1)"})
        assert refused.status_code == 400 and 'href="#noot-url-1"' in refused.text
        assert "Antwoord.</textarea>" in refused.text


def test_a_save_on_an_old_version_is_refused_with_the_text_kept(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Eerste.").status_code == 303
        stale = _save(client, 1, "Tweede, op de oude versie.", version="0")
        assert stale.status_code == 409 and "een collega" in stale.text
        assert "Tweede, op de oude versie.</textarea>" in stale.text


def test_withdrawing_a_grouped_answer_opens_its_numbers_again(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Samen.", also="2").status_code == 303
        version = client.get(f"{DESK}/1.json").json()["version"]
        done = client.post(f"{DESK}/2/intrekken", data={"csrf": session_token(client), "version": str(version)},
                           follow_redirects=False)
        assert done.status_code == 303
        assert client.get(f"{DESK}.json").json()["open"] == [1, 2, 3]


@pytest.mark.parametrize("username", ["griffier", "member-groot", "ander-ministerie"])
def test_only_officials_of_the_addressed_ministry_reach_the_desk(store: Store, username: str) -> None:
    with _as(store, username) as client:
        for path in (DESK, f"{DESK}.json", f"{DESK}/1", f"{DESK}/versturen"):
            assert client.get(path).status_code == 404, path
        token = session_token(client)
        assert client.post(f"{DESK}/1", data={"csrf": token, "version": "0", "text": "Ik niet."}).status_code == 404
    with _as(store, "ambtenaar") as client:
        assert client.get(f"{DESK}/1.json").json()["text"] == ""


def test_a_postponement_request_needs_a_reason_and_is_listed_after_it_is_sent(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        refused = client.post(f"{DESK}/uitstel", data={"csrf": session_token(client), "reason": "",
                                                       "date": "2026-04-01", "time": "12:00"})
        assert refused.status_code == 400 and 'href="#uitstel-reden"' in refused.text
        assert 'value="2026-04-01"' in refused.text
        done = client.post(f"{DESK}/uitstel", follow_redirects=False, data={
            "csrf": session_token(client), "reason": "Afstemming met EZK.", "date": "2026-04-01", "time": "12:00"})
        assert done.status_code == 303 and done.headers["location"].endswith("?gedaan=uitstel")
        page = client.get(done.headers["location"]).text
        assert "Uw verzoek om uitstel is verstuurd" in page
        assert "uitstel tot 1 april 2026, 12.00 uur. Reden: Afstemming met EZK." in page


def test_answers_are_sent_after_confirmation_once_complete_and_then_the_clerk_reads_them(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Een.").status_code == 303
        early = client.post(f"{DESK}/versturen", data={"csrf": session_token(client)})
        assert early.status_code == 400 and "Vragen 2 en 3 zijn nog niet beantwoord" in early.text
        for n in (2, 3):
            assert _save(client, n, f"Antwoord {n}.").status_code == 303
        confirm = client.get(f"{DESK}/versturen").text
        assert "Ja, antwoorden versturen" in confirm
        done = client.post(f"{DESK}/versturen", data={"csrf": session_token(client)}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].endswith("?gedaan=antwoorden-verstuurd")
        assert "De antwoorden zijn verstuurd" in client.get(done.headers["location"]).text
        assert [q["status"] for q in client.get(f"{DESK}.json").json()["questions"]] == ["beantwoord"] * 3
    with _as(store, "griffier") as client:
        state = client.get("/werkruimte/so-1.json").json()
        assert state["state"] == "answers_received"
        assert "Antwoord 2." in client.get("/werkruimte/so-1/voorbeeld").text


def test_a_grouped_answer_is_printed_once_on_the_published_page(store: Store) -> None:
    with _as(store, "ambtenaar") as client:
        assert _save(client, 1, "Eén antwoord op twee vragen.", also="2").status_code == 303
        assert _save(client, 3, "Zie het antwoord op vraag 1.", cross_refs="1").status_code == 303
        assert client.post(f"{DESK}/versturen", data={"csrf": session_token(client)},
                           follow_redirects=False).status_code == 303
    with _as(store, "griffier") as client:
        establish_and_publish(client, "so-1", "99999", "7")
    report = str(DocumentId.kamerstuk("99999", "7"))
    with client_for(store, clock=NOW) as public:
        page = public.get(f"/documents/{report}").text
        assert page.count("Eén antwoord op twee vragen.") == 1
        assert page.index("Eén antwoord op twee vragen.") > page.index('id="vraag-2"')
        items = public.get(f"/documents/{report}.json").json()["items"]
        assert items[0]["answer"] == items[1]["answer"] == "#antwoord-2"
