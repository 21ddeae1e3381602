"""The procedure workspace in-process: the public is refused, a group sees its own draft only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from overleg.store import Store
from web_support import PASSWORD, confirm_step, consultation_steps, seed_intake

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
STEPS = consultation_steps(START)


def NOW() -> dt.datetime:
    """Within the intake period."""
    return START + dt.timedelta(hours=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = migrated_store(f"sqlite:///{tmp_path / 'web.db'}")
    seed_intake(opened, START)
    yield opened
    opened.close()


def _login(client: TestClient, username: str) -> None:
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    done = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token.group(1)},
                       follow_redirects=False)
    assert done.status_code == 303


def test_the_public_is_refused_the_workspace_and_is_not_shown_the_link(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        page = client.get("/werkruimte/so-1", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login?volgende=/werkruimte/so-1"
        assert client.get("/werkruimte.json").status_code == 401
        assert 'href="/werkruimte"' not in client.get("/").text


def test_a_group_sees_its_own_draft_and_another_group_does_not(store: Store) -> None:
    groot_text = next(p.text for p in STEPS[3].command.passages)  # type: ignore[attr-defined]
    with client_for(store, clock=NOW) as client:
        _login(client, "member-groot")
        assert 'href="/werkruimte"' in client.get("/").text
        listed = client.get("/werkruimte.json").json()["consultations"]
        assert [x["id"] for x in listed] == ["so-1"]
        own = client.get("/werkruimte/so-1.json").json()
        assert any(p["text"] == groot_text for k in own["contributions"] for p in k["passages"])
    with client_for(store, clock=NOW) as client:
        _login(client, "member-klein")
        theirs = client.get("/werkruimte/so-1.json").json()
        assert not any(k["group"] == "Groot" for k in theirs["contributions"])
        assert groot_text not in client.get("/werkruimte/so-1").text
        assert "submit_contribution" in theirs["actions"]


def test_an_unknown_consultation_is_a_404_for_a_member(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        _login(client, "member-groot")
        assert client.get("/werkruimte/so-404").status_code == 404


def _page_form(client: TestClient, path: str) -> dict[str, str]:
    page = client.get(path).text
    found = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    return found


EDITOR = "/werkruimte/so-1/inbreng/Klein"


def _editor_form(client: TestClient, *texts: str) -> dict[str, str]:
    hidden = _page_form(client, EDITOR)
    return {"csrf": hidden["csrf"], "version": hidden["version"], "aantal": str(len(texts)), "inleiding": "",
            **{f"v{i}-tekst": t for i, t in enumerate(texts)}}


def test_a_group_member_saves_passages_in_the_editor_and_another_group_does_not_see_them(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        _login(client, "member-klein")
        assert f'href="{EDITOR}"' in client.get("/werkruimte/so-1").text
        done = client.post(EDITOR, follow_redirects=False,
                           data=_editor_form(client, "Waarom regent het?", "En waarom zo vaak?"))
        assert done.status_code == 303, done.text
        own = client.get("/werkruimte/so-1.json").json()
        klein = next(k for k in own["contributions"] if k["group"] == "Klein")
        assert [p["text"] for p in klein["passages"]] == ["Waarom regent het?", "En waarom zo vaak?"]
    with client_for(store, clock=NOW) as client:
        _login(client, "member-groot")
        assert "Waarom regent het?" not in client.get("/werkruimte/so-1").text


def test_a_stale_form_shows_the_conflict_in_the_summary_and_keeps_the_text(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        _login(client, "member-klein")
        form = _editor_form(client, "Eerste versie?")
        first = client.post(EDITOR, data=form, follow_redirects=False)
        assert first.status_code == 303
        stale = client.post(EDITOR, data={**form, "v0-tekst": "Tweede versie?"})
        assert stale.status_code == 409
        assert 'class="foutsamenvatting"' in stale.text and "intussen gewijzigd" in stale.text
        assert "Tweede versie?" in stale.text  # the text typed is kept in the form


def test_an_empty_contribution_or_a_missing_token_is_refused_with_a_message(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        _login(client, "member-klein")
        hidden = _page_form(client, "/werkruimte/so-1")
        empty = client.post("/werkruimte/so-1/inbreng", data={**hidden, "passages": "  \n\n "})
        assert empty.status_code == 400 and "ten minste één" in empty.text
        forged = client.post("/werkruimte/so-1/inbreng", data={**hidden, "csrf": "verzonnen", "passages": "Vraag?"})
        assert forged.status_code == 403
        assert client.get("/werkruimte/so-1.json").json()["contributions"] == []


def test_the_clerk_closes_the_intake_after_confirming_and_a_member_cannot(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        _login(client, "member-groot")
        hidden = _page_form(client, "/werkruimte/so-1")
        refused = client.post("/werkruimte/so-1/bevestigen/inbreng-sluiten", data={"csrf": hidden["csrf"]})
        assert refused.status_code == 403
        assert client.get("/werkruimte/so-1.json").json()["state"] == "intake_open"
    with client_for(store, clock=NOW) as client:
        _login(client, "griffier")
        page = client.get("/werkruimte/so-1").text
        assert 'href="/werkruimte/so-1/bevestigen/inbreng-sluiten"' in page and 'value="publish"' not in page
        done = confirm_step(client, "so-1", "close_intake")
        assert done.status_code == 303
        assert client.get("/werkruimte/so-1.json").json()["state"] == "intake_closed"


def test_the_home_page_shows_a_member_the_procedures_they_take_part_in_with_deadline_and_the_public_none(
        store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        assert client.get("/index.json").json()["procedures"] is None
        assert "Uw lopende procedures" not in client.get("/").text
        _login(client, "member-klein")
        [running] = client.get("/index.json").json()["procedures"]
        assert running["id"] == "so-1" and "submit_contribution" in running["actions"]
        page = client.get("/").text
        assert "Uw lopende procedures" in page and running["deadline_shown"] in page
        assert 'href="/werkruimte/so-1"' in page
