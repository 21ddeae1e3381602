"""The workspace's forms in-process, on SQLite and PostgreSQL: the clerk creates a consultation
and sets its deadline, a group's contribution is autosaved, the ministry answers several numbers
at once with cross-references, and the report's preview is shown only to those who may read
the answers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from db_support import database
from overleg.model import DocumentId
from overleg.store import Store
from web_support import confirm_step, establish_and_publish, log_in, seed_intake, session_token

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DUTCH = ZoneInfo("Europe/Amsterdam")


def NOW() -> dt.datetime:
    """Within the intake period of the seeded consultation so-1."""
    return START + dt.timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        seed_intake(opened, START)
        yield opened
        opened.close()


def _as(store: Store, username: str) -> TestClient:
    client = client_for(store, clock=NOW)
    log_in(client, username)
    return client


NEW = {"subject": "Raad Algemene Zaken", "committee": "vaste commissie voor Buitenlandse Zaken",
       "chair": "Voorzitter", "addressee": "BZ|minister van Buitenlandse Zaken",
       "papers": "kst-21501-02-3349: Geannoteerde agenda\nKamerstuk 21 501-02, nr. 3350",
       "fractie-Groot": "1", "fractie-Klein": "1", "date": "2026-03-20", "time": "14:00"}


# -- creating a consultation ------------------------------------------------------------------

def test_the_clerk_creates_a_consultation_with_the_form_and_opens_its_intake(store: Store) -> None:
    with _as(store, "griffier") as client:
        assert 'href="/werkruimte/nieuw"' in client.get("/werkruimte").text
        assert client.get("/werkruimte/nieuw.json").json()["committees"] == [NEW["committee"]]
        done = client.post("/werkruimte/nieuw", data={**NEW, "csrf": session_token(client)}, follow_redirects=False)
        assert done.status_code == 303, done.text[-2000:]
        href = done.headers["location"]
        created = client.get(href + ".json").json()
        assert created["state"] == "draft" and created["subject"] == NEW["subject"]
        assert dt.datetime.fromisoformat(created["deadline"]) == dt.datetime(2026, 3, 20, 14, 0, tzinfo=DUTCH)
        assert f'href="{href}/bevestigen/inbreng-openen"' in client.get(href).text
        opened = confirm_step(client, href.rsplit("/", 1)[1], "open_intake")
        assert opened.status_code == 303
        assert client.get(href + ".json").json()["state"] == "intake_open"
    consultation_id = href.rsplit("/", 1)[1]
    state = store.events.snapshot(consultation_id)
    assert state is not None and "kst-21501-02-3350" in state.snapshot_json  # the printed spelling, read


def test_a_paper_the_model_cannot_read_is_said_next_to_its_field_and_the_typed_text_is_kept(store: Store) -> None:
    with _as(store, "griffier") as client:
        bad = client.post("/werkruimte/nieuw", data={**NEW, "papers": "kst-21501-02-3349\nde brief van gisteren",
                                                     "csrf": session_token(client)})
        assert bad.status_code == 400
        assert re.search(r'<p class="fout" id="papers-fout">.*de brief van gisteren', bad.text)
        assert re.search(r'<textarea id="papers"[^>]*aria-describedby="papers-uitleg papers-fout"[^>]*'
                         r'aria-invalid="true"', bad.text)
        assert '<a href="#papers">' in bad.text and "<title>Fout: " in bad.text
        assert "Raad Algemene Zaken" in bad.text
        assert re.search(r'name="fractie-Klein" value="1" checked', bad.text)
        assert not re.search(r'name="fractie-Stil" value="1" checked', bad.text)
        assert client.get("/werkruimte.json").json()["consultations"][0]["id"] == "so-1"
        assert len(client.get("/werkruimte.json").json()["consultations"]) == 1


def test_no_group_chosen_and_a_past_deadline_are_refused_field_by_field(store: Store) -> None:
    with _as(store, "griffier") as client:
        chosen_none = {k: v for k, v in NEW.items() if not k.startswith("fractie-")}
        bad = client.post("/werkruimte/nieuw", data={**chosen_none, "date": "2026-03-01",
                                                     "csrf": session_token(client)})
        assert bad.status_code == 400
        assert 'id="groups-fout"' in bad.text and 'id="date-fout"' in bad.text
        assert 'id="papers-fout"' not in bad.text


def test_a_member_is_refused_the_creation_form_and_its_post(store: Store) -> None:
    with _as(store, "member-groot") as client:
        assert 'href="/werkruimte/nieuw"' not in client.get("/werkruimte").text
        assert client.get("/werkruimte/nieuw").status_code == 403
        posted = client.post("/werkruimte/nieuw", data={**NEW, "csrf": session_token(client)})
        assert posted.status_code == 403
        assert len(client.get("/werkruimte.json").json()["consultations"]) == 1


def test_creating_without_the_session_token_is_refused(store: Store) -> None:
    with _as(store, "griffier") as client:
        assert client.post("/werkruimte/nieuw", data={**NEW, "csrf": "verzonnen"}).status_code == 403
        assert len(client.get("/werkruimte.json").json()["consultations"]) == 1


# -- the deadline -------------------------------------------------------------------------------

def test_the_clerk_extends_the_deadline_for_every_group_and_for_one_group(store: Store) -> None:
    with _as(store, "griffier") as client:
        done = client.post("/werkruimte/so-1/termijn", follow_redirects=False,
                           data={"csrf": session_token(client), "date": "2026-03-30", "time": "12:00", "group": ""})
        assert done.status_code == 303, done.text[-2000:]
        page = client.get("/werkruimte/so-1.json").json()
        assert dt.datetime.fromisoformat(page["deadline"]) == dt.datetime(2026, 3, 30, 12, 0, tzinfo=DUTCH)
        one = client.post("/werkruimte/so-1/termijn", follow_redirects=False,
                          data={"csrf": session_token(client), "date": "2026-04-02", "time": "", "group": "Klein"})
        assert one.status_code == 303
        groups = {g["name"]: g["own"] for g in client.get("/werkruimte/so-1.json").json()["deadline_form"]["groups"]}
        assert groups == {"Groot": None, "Klein": "2 april 2026, 14.00 uur"}


def test_a_deadline_in_the_past_or_unreadable_is_said_next_to_the_field(store: Store) -> None:
    with _as(store, "griffier") as client:
        before = client.get("/werkruimte/so-1.json").json()["deadline"]
        for date in ("2026-03-01", "1 maart"):
            bad = client.post("/werkruimte/so-1/termijn",
                              data={"csrf": session_token(client), "date": date, "time": "12:00"})
            assert bad.status_code == 400
            assert re.search(r'<p class="fout" id="termijn-fout" role="alert">', bad.text)
            assert re.search(r'id="termijn-datum" name="date" value="[^"]*" aria-describedby="termijn-uitleg '
                             r'termijn-fout" aria-invalid="true"', bad.text)
            assert f'value="{date}"' in bad.text
        assert client.get("/werkruimte/so-1.json").json()["deadline"] == before


def test_a_member_cannot_set_the_deadline(store: Store) -> None:
    with _as(store, "member-groot") as client:
        assert "deadline_form" in client.get("/werkruimte/so-1.json").json()
        assert client.get("/werkruimte/so-1.json").json()["deadline_form"] is None
        refused = client.post("/werkruimte/so-1/termijn",
                              data={"csrf": session_token(client), "date": "2026-03-30", "time": "12:00"})
        assert refused.status_code == 403 and 'role="alert"' in refused.text


# -- autosave -------------------------------------------------------------------------------------

def _events(store: Store) -> int:
    return len(store.events.read("so-1"))


EDITOR = "/werkruimte/so-1/inbreng/Klein"


def test_autosave_saves_the_draft_and_gives_the_new_version_and_time(store: Store) -> None:
    with _as(store, "member-klein") as client:
        form = {"csrf": session_token(client, EDITOR), "version": "0", "inleiding": "", "aantal": "1", "v0-id": ""}
        saved = client.post(EDITOR + "/concept.json", data={**form, "v0-tekst": "Eerste vraag?"})
        assert saved.status_code == 200, saved.text
        body = saved.json()
        at = NOW().astimezone(DUTCH).strftime("%H.%M")
        assert body["version"] == 1 and body["changed"]
        assert body["message"] == f"Automatisch opgeslagen om {at} uur (concept)"
        assert 'name="version" value="1"' in client.get(EDITOR).text
        count = _events(store)
        again = client.post(EDITOR + "/concept.json", data={**form, "version": "1", "v0-id": "klein-1",
                                                          "v0-tekst": "Eerste vraag?"})
        assert again.json()["version"] == 1 and not again.json()["changed"]
        assert _events(store) == count  # the same text again: no event in the log


def test_autosave_on_a_stale_version_is_a_409_with_the_conflict_message(store: Store) -> None:
    with _as(store, "member-klein") as client:
        form = {"csrf": session_token(client, "/werkruimte/so-1"), "group": "Klein", "version": "0", "preamble": ""}
        assert client.post("/werkruimte/so-1/inbreng", data={**form, "passages": "Van een collega."},
                           follow_redirects=False).status_code == 303
        stale = client.post("/werkruimte/so-1/inbreng.json", data={**form, "passages": "Mijn eigen tekst."})
        assert stale.status_code == 409
        assert stale.json()["conflict"] and "Intussen heeft iemand anders" in stale.json()["error"]
        assert stale.json()["reload"] == "/werkruimte/so-1"
        own = client.get("/werkruimte/so-1.json").json()["contributions"]
        assert [p["text"] for k in own if k["group"] == "Klein" for p in k["passages"]] == ["Van een collega."]


def test_autosave_without_the_session_token_or_a_session_is_refused(store: Store) -> None:
    with _as(store, "member-klein") as client:
        forged = client.post("/werkruimte/so-1/inbreng.json", data={"csrf": "verzonnen", "group": "Klein",
                                                                    "version": "0", "passages": "Vraag?"})
        assert forged.status_code == 403 and "error" in forged.json()
    with client_for(store, clock=NOW) as public:
        assert public.post("/werkruimte/so-1/inbreng.json", data={"group": "Klein", "version": "0",
                                                                  "passages": "Vraag?"}).status_code == 401
    assert store.events.snapshot("so-1") is not None
    with _as(store, "member-klein") as client:
        assert not any(k["group"] == "Klein" for k in client.get("/werkruimte/so-1.json").json()["contributions"])


def test_the_editor_carries_the_autosave_endpoint_and_a_polite_status(store: Store) -> None:
    with _as(store, "member-klein") as client:
        page = client.get(EDITOR).text
        assert f'data-autosave="{EDITOR}/concept.json"' in page
        assert re.search(r'class="meta bewaarstatus" id="bewaarstatus" role="status" aria-live="polite"', page)


# -- answers, answer groups and the preview ---------------------------------------------------------

def _sent(store: Store) -> None:
    """Klein contributes one passage; the clerk closes, numbers and sends: numbers 1-3."""
    with _as(store, "member-klein") as client:
        form = {"csrf": session_token(client, "/werkruimte/so-1"), "group": "Klein", "version": "0"}
        assert client.post("/werkruimte/so-1/inbreng", data={**form, "passages": "Kleine vraag?"},
                           follow_redirects=False).status_code == 303
    with _as(store, "griffier") as client:
        for action in ("close_intake", "number", "send"):
            done = confirm_step(client, "so-1", action)
            assert done.status_code == 303, (action, done.text[-2000:])


def _answer(client: TestClient, number: int, text: str, **fields: str) -> httpx.Response:
    data = {"csrf": session_token(client), "number": str(number), "numbers": str(number), "version": "0",
            "text": text, **fields}
    answered: httpx.Response = client.post("/werkruimte/so-1/antwoord", data=data, follow_redirects=False)
    return answered


def test_a_group_is_refused_the_preview_until_the_answers_are_received(store: Store) -> None:
    _sent(store)
    with _as(store, "ambtenaar") as client:
        assert _answer(client, 1, "Het eerste antwoord.").status_code == 303
        preview = client.get("/werkruimte/so-1/voorbeeld")
        assert preview.status_code == 200 and "Het eerste antwoord." in preview.text
        assert preview.text.count("<h1") == 1
        twin = client.get("/werkruimte/so-1/voorbeeld.json").json()
        assert twin["open"] == [2, 3] and [i["answered"] for i in twin["items"]] == [True, False, False]
        assert 'href="/werkruimte/so-1/voorbeeld"' in client.get("/werkruimte/so-1").text
    with _as(store, "member-groot") as client:
        assert client.get("/werkruimte/so-1/voorbeeld").status_code == 403
        assert client.get("/werkruimte/so-1/voorbeeld.json").status_code == 403
        assert 'href="/werkruimte/so-1/voorbeeld"' not in client.get("/werkruimte/so-1").text


def test_there_is_no_preview_before_sending(store: Store) -> None:
    with _as(store, "griffier") as client:
        assert client.get("/werkruimte/so-1/voorbeeld").status_code == 409


def test_an_answer_group_and_a_cross_reference_end_in_the_published_report(store: Store) -> None:
    _sent(store)
    with _as(store, "ambtenaar") as client:
        assert _answer(client, 1, "Samen beantwoord.", also="2").status_code == 303
        assert _answer(client, 3, "Dat staat hierboven.", cross_refs="1").status_code == 303
    with _as(store, "griffier") as client:
        assert confirm_step(client, "so-1", "receive_answers").status_code == 303
        establish_and_publish(client, "so-1", "99999", "7")
        report_id = str(DocumentId.kamerstuk("99999", "7"))
        doc = store.documents.get(report_id)
        first, second, third = doc.items
        assert first.answer == second.answer == "Samen beantwoord." and first.answer_group == (1, 2)
        assert third.cross_refs == (1,)
        page = client.get(f"/documents/{report_id}")
        anchor = client.get(f"/documents/{report_id}.json").json()["items"][0]["answer"]
        see_also = re.search(r'<p class="verwijzingen[^"]*">Zie ook: (.*?)</p>', page.text)
        assert see_also is not None and f'href="{anchor}"' in see_also.group(1)


# -- the order of the groups ------------------------------------------------------------------------

def _closed_with_both_groups(store: Store) -> None:
    with _as(store, "member-klein") as client:
        form = {"csrf": session_token(client, "/werkruimte/so-1"), "group": "Klein", "version": "0"}
        assert client.post("/werkruimte/so-1/inbreng", data={**form, "passages": "Kleine vraag?"},
                           follow_redirects=False).status_code == 303
    with _as(store, "griffier") as client:
        done = confirm_step(client, "so-1", "close_intake")
        assert done.status_code == 303


def _numbered_groups(store: Store) -> list[str]:
    from overleg.procedure.codec import snapshot_from_json

    snapshot = store.events.snapshot("so-1")
    assert snapshot is not None
    return list(dict.fromkeys(n.group for n in snapshot_from_json(snapshot.snapshot_json).numbering))


def test_the_clerk_orders_the_groups_and_the_numbering_follows_that_order(store: Store) -> None:
    _closed_with_both_groups(store)
    with _as(store, "griffier") as client:
        form = client.get("/werkruimte/so-1.json").json()["order_form"]
        assert form["order"].split("\n") == ["Groot", "Klein"]  # by seats until the clerk chooses
        done = client.post("/werkruimte/so-1/volgorde", follow_redirects=False,
                           data={"csrf": session_token(client), "version": str(form["version"]),
                                 "order": "Klein\r\nGroot\r\n"})
        assert done.status_code == 303, done.text[-2000:]
        assert confirm_step(client, "so-1", "number").status_code == 303
    assert _numbered_groups(store) == ["Klein", "Groot"]


def test_an_order_that_misses_a_group_is_said_next_to_the_field_and_a_member_may_not_order(store: Store) -> None:
    _closed_with_both_groups(store)
    with _as(store, "griffier") as client:
        version = str(client.get("/werkruimte/so-1.json").json()["order_form"]["version"])
        bad = client.post("/werkruimte/so-1/volgorde",
                          data={"csrf": session_token(client), "version": version, "order": "Klein"})
        assert bad.status_code == 400
        assert '<p class="fout" id="volgorde-fout" role="alert">' in bad.text and 'aria-invalid="true"' in bad.text
        assert ">Klein</textarea>" in bad.text
    with _as(store, "member-groot") as client:
        assert client.get("/werkruimte/so-1.json").json()["order_form"] is None
        refused = client.post("/werkruimte/so-1/volgorde",
                              data={"csrf": session_token(client), "version": version, "order": "Klein\nGroot"})
        assert refused.status_code == 403 and 'role="alert"' in refused.text
    assert _numbered_groups(store) == []


def test_the_clerk_watches_intake_per_group_and_a_group_gets_no_such_overview(store: Store) -> None:
    with _as(store, "griffier") as client:
        rows = {r["group"]: r for r in client.get("/werkruimte/so-1.json").json()["intake"]}
        assert set(rows) == {"Groot", "Klein"}
        assert rows["Groot"]["passages"] > 0 and rows["Klein"]["version"] == 0
        desk = {r["group"]: r for r in client.get("/werkruimte/so-1.json").json()["desk"]["intake"]}
        assert desk["Groot"]["status"] == "ingediend" and desk["Klein"]["status"] == "niets"
        assert "Inbreng per fractie" in client.get("/werkruimte/so-1").text
    with _as(store, "member-klein") as client:
        assert client.get("/werkruimte/so-1.json").json()["intake"] is None
        assert client.get("/werkruimte/so-1.json").json()["desk"]["intake"] is None
        assert "Inbreng per fractie" not in client.get("/werkruimte/so-1").text
