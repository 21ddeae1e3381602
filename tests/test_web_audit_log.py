"""The audit log in the browser, on SQLite and PostgreSQL: every event in Dutch with who and when,
filtered by actor and by step, paged, and refused (404) to everyone but the clerk."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_helpers import migrated_store
from db_support import database
from overleg.store import Store
from overleg.web import audit_log
from overleg.web.audit_log import STEPS, describe
from report_desk_support import answers_received, client_as

Desk = tuple[Store, dt.datetime]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        now = answers_received(opened)
        yield opened, now
        opened.close()


def test_the_clerk_reads_every_event_newest_first_with_a_dutch_moment_name_step_and_description(store: Desk) -> None:
    opened, now = store
    events = opened.events.read("so-1")
    with client_as(opened, "griffier", now) as client:
        log = client.get("/werkruimte/so-1/logboek.json").json()
        assert log["total"] == log["found"] == len(events) and log["pages"] == 1
        assert [e["seq"] for e in log["entries"]] == sorted((e.seq or 0 for e in events), reverse=True)
        assert {e["step"] for e in log["entries"]} == {STEPS[e.type] for e in events}
        saved = [e for e in log["entries"] if e["type"] == "contribution-saved"]
        assert saved and all(e["description"].startswith("Fractie ") and "inbreng opgeslagen (versie 1)"
                             in e["description"] for e in saved)
        answered = [e for e in log["entries"] if e["type"] == "questions-answered"]
        assert answered and all(e["description"].startswith("Vra") for e in answered)
        assert all(" uur" in e["at_shown"] and "T" not in e["at_shown"] for e in log["entries"])
        snapshot = opened.events.snapshot("so-1")
        assert snapshot is not None
        clerk_name = next(e["actor_name"] for e in log["entries"] if e["type"] == "consultation-created")
        assert clerk_name != "" and f'"name": "{clerk_name}"' in snapshot.snapshot_json.replace('":"', '": "')
        page = client.get("/werkruimte/so-1/logboek")
        assert page.status_code == 200 and saved[0]["description"] in page.text and page.text.count("<h1") == 1


def test_the_log_is_filtered_by_actor_and_by_step_with_a_plain_get_form(store: Desk) -> None:
    opened, now = store
    events = opened.events.read("so-1")
    by_actor = Counter(e.actor_id for e in events)
    by_type = Counter(e.type for e in events)
    with client_as(opened, "griffier", now) as client:
        for actor, count in by_actor.items():
            found = client.get("/werkruimte/so-1/logboek.json", params={"wie": actor}).json()
            assert found["found"] == count and {e["actor"] for e in found["entries"]} == {actor}
        for step, count in by_type.items():
            found = client.get("/werkruimte/so-1/logboek.json", params={"stap": step}).json()
            assert found["found"] == count and {e["type"] for e in found["entries"]} == {step}
        actor, step = "member-groot", "contribution-saved"
        both = client.get("/werkruimte/so-1/logboek.json", params={"wie": actor, "stap": step}).json()
        assert both["found"] == sum(1 for e in events if e.actor_id == actor and e.type == step) > 0
        page = client.get("/werkruimte/so-1/logboek", params={"wie": actor}).text
        assert '<form method="get" action="/werkruimte/so-1/logboek"' in page
        assert f'<option value="{actor}" selected>' in page
        none = client.get("/werkruimte/so-1/logboek", params={"stap": "bestaat-niet"})
        assert none.status_code == 200 and "Geen stappen die bij dit filter passen." in none.text


def test_the_log_is_paged_keeping_its_filters(store: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    opened, now = store
    monkeypatch.setattr(audit_log, "PER_PAGE", 3)
    events = opened.events.read("so-1")
    with client_as(opened, "griffier", now) as client:
        first = client.get("/werkruimte/so-1/logboek.json").json()
        assert first["pages"] == -(-len(events) // 3) > 1 and len(first["entries"]) == 3
        assert first["previous"] is None and first["next"] == "/werkruimte/so-1/logboek?pagina=2"
        seen = []
        for number in range(1, first["pages"] + 1):
            seen += client.get("/werkruimte/so-1/logboek.json", params={"pagina": str(number)}).json()["entries"]
        assert sorted(e["seq"] for e in seen) == sorted(e.seq or 0 for e in events)
        odd = client.get("/werkruimte/so-1/logboek.json", params={"pagina": "999"}).json()
        assert odd["page"] == first["pages"]
        assert sum(1 for e in events if e.actor_id == "clerk") > 3
        filtered = client.get("/werkruimte/so-1/logboek.json", params={"wie": "clerk"}).json()
        assert filtered["next"] == "/werkruimte/so-1/logboek?wie=clerk&pagina=2"


def test_the_log_is_not_found_for_a_group_the_ministry_and_the_chair_and_needs_a_login(store: Desk) -> None:
    opened, now = store
    for username in ("member-groot", "ambtenaar", "voorzitter"):
        with client_as(opened, username, now) as client:
            assert client.get("/werkruimte/so-1").status_code == 200  # they see the consultation itself
            assert client.get("/werkruimte/so-1/logboek").status_code == 404
            assert client.get("/werkruimte/so-1/logboek.json").status_code == 404
            assert 'href="/werkruimte/so-1/logboek"' not in client.get("/werkruimte/so-1").text
    with client_as(opened, None, now) as public:
        asked = public.get("/werkruimte/so-1/logboek", follow_redirects=False)
        assert asked.status_code == 303 and asked.headers["location"] == "/login?volgende=/werkruimte/so-1/logboek"


def test_an_unknown_step_or_an_unreadable_payload_gets_a_generic_dutch_line() -> None:
    assert describe("iets-nieuws", {"wat": 1}) == "Stap ‘iets-nieuws’ vastgelegd"
    assert describe("questions-answered", {"numbers": "geen lijst"}) == "Stap ‘antwoord opgeslagen’ vastgelegd"
    assert describe("questions-answered", {"numbers": [4, 5], "version": 2}) == \
        "Vragen 4 en 5: antwoord gewijzigd (versie 2)"
    saved = describe("contribution-saved", {"group": "VVD", "version": 3})
    assert saved == "Fractie VVD: inbreng opgeslagen (versie 3)"
    assert describe("report-corrected", {"report_version": 2, "reason": "tikfout", "questions": [{"number": 3}],
                                         "answers": [{"number": 4}]}) == \
        "Verslag gecorrigeerd (versie 2): vraag 3 en antwoord 4; reden: tikfout"
