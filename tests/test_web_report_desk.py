"""The report's desk in-process, on SQLite and PostgreSQL: the final report as the public will
see it, establishing and publishing behind confirmation pages, corrections as new versions and
a follow-up round started from the browser."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api_helpers import migrated_store
from db_support import database
from overleg.model import DocumentId
from overleg.procedure.commands import EstablishReport
from overleg.service import Service
from overleg.store import Store
from report_desk_support import answers_received, client_as, csrf_of, run_until

ESTABLISH = {"dossier": "99999", "document_number": "7", "dossier_title": "", "chair": "Voorzitter Jansen",
             "clerk": "Griffier De Vries"}
Desk = tuple[Store, dt.datetime]  # the store with so-1's answers received, and a moment after that
REPORT_ID = str(DocumentId.kamerstuk("99999", "7"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        now = answers_received(opened)
        yield opened, now
        opened.close()


def _state(store: Store) -> str:
    snapshot = store.events.snapshot("so-1")
    assert snapshot is not None
    return snapshot.state


def _establish(client: TestClient, **extra: str) -> httpx.Response:
    page = client.get("/werkruimte/so-1/verslag")
    data = {"csrf": csrf_of(page.text), **ESTABLISH, **extra}
    posted: httpx.Response = client.post("/werkruimte/so-1/verslag/vaststellen", data=data, follow_redirects=False)
    return posted


def test_the_report_page_shows_the_report_as_the_public_page_will_with_the_signatures_prefilled(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        page = client.get("/werkruimte/so-1/verslag")
        assert page.status_code == 200
        clerk = opened.users.by_username("griffier")
        assert clerk is not None
        service = Service(opened, lambda: now)
        preview = service.consultations.preview(service.accounts.credentials(clerk).actor, "so-1")
        assert preview.items
        for item in preview.items:
            assert item.question in page.text and (item.answer or "") in page.text
        assert page.text.count("<h1") == 1
        form = client.get("/werkruimte/so-1/verslag.json").json()["establish"]
        assert form["chair"] and form["clerk"] and form["document_number"] == ""
        assert f'value="{form["chair"]}"' in page.text and f'value="{form["clerk"]}"' in page.text


def test_establishing_asks_for_confirmation_first_and_only_the_confirmed_post_establishes(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        asked = _establish(client)
        assert asked.status_code == 200
        assert "Verslag vaststellen?" in asked.text and "nieuwe versie" in asked.text
        assert _state(opened) == "answers_received"
        back = _establish(client, terug="ja")
        assert back.status_code == 200 and 'value="99999"' in back.text
        assert _state(opened) == "answers_received"
        done = _establish(client, bevestigd="ja")
        assert done.status_code == 303
        assert done.headers["location"] == "/werkruimte/so-1/verslag?gedaan=vastgesteld"
        assert _state(opened) == "established"
        after = client.get("/werkruimte/so-1/verslag?gedaan=vastgesteld")
        assert "Het verslag is vastgesteld." in after.text and "Kamerstuk 99999, nr. 7" in after.text


def test_the_chair_establishes_but_may_not_publish(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "voorzitter", now) as client:
        assert _establish(client, bevestigd="ja").status_code == 303
        page = client.get("/werkruimte/so-1/verslag")
        assert 'action="/werkruimte/so-1/verslag/publiceren"' not in page.text
        token = csrf_of(page.text)
        for data in ({"csrf": token}, {"csrf": token, "bevestigd": "ja"}):
            refused = client.post("/werkruimte/so-1/verslag/publiceren", data=data, follow_redirects=False)
            assert refused.status_code == 403 and "Alleen de griffier publiceert" in refused.text
        assert _state(opened) == "established"


def test_the_clerk_publishes_after_confirming_and_the_public_reads_the_report(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        token = csrf_of(client.get("/werkruimte/so-1/verslag").text)
        asked = client.post("/werkruimte/so-1/verslag/publiceren", data={"csrf": token})
        assert asked.status_code == 200 and "Verslag publiceren?" in asked.text
        assert _state(opened) == "established"
        done = client.post("/werkruimte/so-1/verslag/publiceren", data={"csrf": token, "bevestigd": "ja"},
                           follow_redirects=False)
        assert done.headers["location"] == "/werkruimte/so-1/verslag?gedaan=gepubliceerd"
        assert _state(opened) == "published"
        assert f'href="/documents/{REPORT_ID}"' in client.get("/werkruimte/so-1/verslag").text
    with client_as(opened, None, now) as public:
        assert public.get(f"/documents/{REPORT_ID}").status_code == 200


def test_an_empty_or_unreadable_number_is_said_in_the_error_summary_with_the_form_kept(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        empty = _establish(client, document_number="", chair="")
        assert empty.status_code == 400
        text = empty.text
        assert "<title>Fout: " in text and 'class="foutsamenvatting"' in text
        assert 'href="#document_number"' in text and 'href="#chair"' in text
        assert 'id="document_number-fout"' in text and 'value="99999"' in text
        assert _state(opened) == "answers_received"


def test_a_number_that_belongs_to_another_report_is_a_dutch_error_with_the_form_kept(store: Desk) -> None:
    opened, now = store
    steps = run_until(opened, "so-2", EstablishReport)  # so-2's report takes its number
    taken = next(s.command for s in steps if isinstance(s.command, EstablishReport))
    with client_as(opened, "griffier", now) as client:
        refused = _establish(client, bevestigd="ja", dossier=taken.dossier, document_number=taken.document_number)
        assert refused.status_code == 409
        text = refused.text
        assert "<title>Fout: " in text and 'href="#document_number"' in text
        assert "hoort bij een ander stuk" in text and 'value="Voorzitter Jansen"' in text
        assert _state(opened) == "answers_received"


def test_an_established_report_has_no_edit_form_and_a_correction_makes_version_2(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        page = client.get("/werkruimte/so-1/verslag")
        assert 'action="/werkruimte/so-1/verslag/vaststellen"' not in page.text
        assert "kan niet meer worden gewijzigd" in page.text and 'href="/werkruimte/so-1/correctie"' in page.text
        form = client.get("/werkruimte/so-1/correctie")
        assert form.status_code == 200 and "Nog geen correcties" in form.text
        data = {"csrf": csrf_of(form.text), "soort": "antwoord", "nummers": "1", "tekst": "Het verbeterde antwoord.",
                "reden": "verkeerd jaartal", "version": client.get("/werkruimte/so-1/correctie.json").json()[
                    "values"]["version"]}
        asked = client.post("/werkruimte/so-1/correctie", data=data)
        assert asked.status_code == 200 and "Correctie opslaan?" in asked.text and "versie 2" in asked.text
        assert client.get("/werkruimte/so-1/verslag.json").json()["report_version"] == 1
        done = client.post("/werkruimte/so-1/correctie", data={**data, "bevestigd": "ja"}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].endswith("?gedaan=gecorrigeerd")
        twin = client.get("/werkruimte/so-1/correctie.json").json()
        assert twin["report_version"] == 2
        assert [(k["version"], k["reason"], k["what"]) for k in twin["corrections"]] == [
            (2, "verkeerd jaartal", "antwoord op vraag 1")]
        assert "Het verbeterde antwoord." in client.get("/werkruimte/so-1/verslag").text


def test_a_correction_without_a_reason_or_with_an_unknown_number_is_refused_field_by_field(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        form = client.get("/werkruimte/so-1/correctie")
        version = client.get("/werkruimte/so-1/correctie.json").json()["values"]["version"]
        bad = client.post("/werkruimte/so-1/correctie", data={
            "csrf": csrf_of(form.text), "soort": "vraag", "nummers": "99", "tekst": "Nieuw.", "reden": "",
            "version": version, "bevestigd": "ja"})
        assert bad.status_code == 400
        assert 'href="#nummers"' in bad.text and 'href="#reden"' in bad.text and "Vraag 99 staat niet" in bad.text
        assert ">Nieuw.</textarea>" in bad.text
        assert client.get("/werkruimte/so-1/correctie.json").json()["report_version"] == 1


def test_a_correction_of_a_published_report_is_the_new_version_of_the_public_page(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        token = csrf_of(client.get("/werkruimte/so-1/verslag").text)
        client.post("/werkruimte/so-1/verslag/publiceren", data={"csrf": token, "bevestigd": "ja"})
        version = client.get("/werkruimte/so-1/correctie.json").json()["values"]["version"]
        done = client.post("/werkruimte/so-1/correctie", follow_redirects=False, data={
            "csrf": token, "soort": "vraag", "nummers": "2", "tekst": "De gecorrigeerde vraag?",
            "reden": "tikfout", "version": version, "bevestigd": "ja"})
        assert done.status_code == 303
    with client_as(opened, None, now) as public:
        page = public.get(f"/documents/{REPORT_ID}")
        assert page.status_code == 200 and "De gecorrigeerde vraag?" in page.text
        assert public.get(f"/documents/{REPORT_ID}.json").json()["version"] == 2


def test_the_correction_and_the_follow_up_are_the_clerks_alone(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        assert client.get("/werkruimte/so-1/correctie").status_code == 409  # not established yet
        assert client.get("/werkruimte/so-1/nader-overleg").status_code == 409
        _establish(client, bevestigd="ja")
    with client_as(opened, "voorzitter", now) as chair:
        assert chair.get("/werkruimte/so-1/correctie").status_code == 403
        assert chair.get("/werkruimte/so-1/nader-overleg").status_code == 403
    with client_as(opened, "member-groot", now) as member:
        assert member.get("/werkruimte/so-1/verslag").status_code == 403
        assert member.get("/werkruimte/so-1/correctie").status_code == 403


def test_the_clerk_starts_a_follow_up_round_from_the_browser(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        links = client.get("/werkruimte/so-1").text
        for href in ("verslag", "logboek", "correctie", "nader-overleg"):
            assert f'href="/werkruimte/so-1/{href}"' in links
        form = client.get("/werkruimte/so-1/nader-overleg")
        assert form.status_code == 200
        token = csrf_of(form.text)
        past = client.post("/werkruimte/so-1/nader-overleg", data={
            "csrf": token, "subject": "Nader over de Raad", "date": (now - dt.timedelta(days=2)).date().isoformat(),
            "time": "14:00"})
        assert past.status_code == 400 and 'href="#nader-datum"' in past.text
        assert 'value="Nader over de Raad"' in past.text
        later = (now + dt.timedelta(days=14)).date().isoformat()
        done = client.post("/werkruimte/so-1/nader-overleg", follow_redirects=False, data={
            "csrf": token, "subject": "Nader over de Raad", "date": later, "time": "14:00"})
        assert done.status_code == 303
        location = done.headers["location"]
        found = re.fullmatch(r"/werkruimte/(so-\d{8}-[0-9a-f]{6})\?gedaan=nader-overleg", location)
        assert found is not None
        follow = client.get(f"/werkruimte/{found.group(1)}.json").json()
        assert follow["subject"] == "Nader over de Raad" and follow["state"] == "draft"
        snapshot = opened.events.snapshot(found.group(1))
        assert snapshot is not None and '"so-1"' in snapshot.snapshot_json
        assert "Het nader schriftelijk overleg is aangemaakt" in client.get(location).text


def _todo(client: TestClient) -> dict[str, str]:
    return {t["name"]: t["href"] for t in client.get("/werkruimte/so-1.json").json()["todo"]}


def test_establishing_and_publishing_you_can_do_now_lead_to_the_report_desk_and_its_forms(store: Desk) -> None:
    opened, now = store
    with client_as(opened, "voorzitter", now) as client:
        path, _, place = _todo(client)["Verslag vaststellen"].partition("#")
        assert path == "/werkruimte/so-1/verslag" and f'id="{place}"' in client.get(path).text
    with client_as(opened, "griffier", now) as client:
        _establish(client, bevestigd="ja")
        path, _, place = _todo(client)["Verslag publiceren"].partition("#")
        assert path == "/werkruimte/so-1/verslag" and f'id="{place}"' in client.get(path).text
