"""The registers and the consultation's details in the browser, on SQLite and PostgreSQL: the
administrator keeps the registers, everyone else is refused a change (403); the clerk edits the
details until sending and corrects the addressee after it, with a reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from db_support import database
from overleg.procedure import RoleKind as Role
from overleg.service import Service
from overleg.store import Store
from web_support import add_user, confirm_step, log_in, seed_intake, session_token

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def NOW() -> dt.datetime:
    return START + dt.timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        seed_intake(opened, START)
        add_user(opened, "beheerder", Role.ADMIN, "*")
        yield opened
        opened.close()


def _as(store: Store, username: str) -> TestClient:
    client = client_for(store, clock=NOW)
    log_in(client, username)
    return client


# -- the registers ------------------------------------------------------------------------------

def test_the_administrator_adds_a_group_edits_its_aliases_and_deactivates_it(store: Store) -> None:
    with _as(store, "beheerder") as client:
        listed = client.get("/beheer/fracties")
        assert listed.status_code == 200 and "GroenLinks-PvdA" in listed.text
        assert 'href="/beheer/fracties/nieuw"' in listed.text
        added = client.post("/beheer/fracties/nieuw", follow_redirects=False, data={
            "csrf": session_token(client, "/beheer/fracties/nieuw"), "key": "Lid Keijzer", "name": "Lid Keijzer",
            "seats": "1", "aliases": "Groep Keijzer", "active": "1"})
        assert added.status_code == 303 and added.headers["location"].endswith("gedaan=register-opgeslagen")
        assert "Het register is bijgewerkt." in client.get(added.headers["location"]).text
        form = client.get("/beheer/fracties/Lid Keijzer")
        assert 'readonly' in form.text and "Groep Keijzer" in form.text
        edited = client.post("/beheer/fracties/Lid Keijzer", follow_redirects=False, data={
            "csrf": session_token(client, "/beheer/fracties/nieuw"), "key": "anders", "name": "Lid Keijzer",
            "seats": "1", "aliases": "Groep Keijzer\nKeijzer", "active": "1"})
        assert edited.status_code == 303
        gone = client.post("/beheer/fracties/Lid Keijzer", follow_redirects=False, data={
            "csrf": session_token(client, "/beheer/fracties/nieuw"), "step": "deactivate", "name": "x", "key": "x",
            "seats": "1", "aliases": ""})
        assert gone.status_code == 303
        entry = next(g for g in client.get("/beheer/fracties.json").json()["entries"] if g["key"] == "Lid Keijzer")
        assert entry == {"key": "Lid Keijzer", "name": "Lid Keijzer", "seats": 1, "active": False,
                         "aliases": ["Groep Keijzer", "Keijzer"]}


def test_a_refused_entry_keeps_what_was_typed_with_the_error_summary(store: Store) -> None:
    with _as(store, "beheerder") as client:
        bad = client.post("/beheer/fracties/nieuw", data={
            "csrf": session_token(client, "/beheer/fracties/nieuw"), "key": "Dem", "name": "Democraten",
            "seats": "1", "aliases": "D 66\nDe Democraten", "active": "1"})
        assert bad.status_code == 400
        assert "<title>Fout: " in bad.text and 'class="foutsamenvatting"' in bad.text
        assert re.search(r'<textarea id="aliases"[^>]*aria-invalid="true"', bad.text)
        assert "De Democraten" in bad.text and "D66" in bad.text
        seats = client.post("/beheer/fracties/nieuw", data={
            "csrf": session_token(client, "/beheer/fracties/nieuw"), "key": "Dem", "name": "Democraten",
            "seats": "veel", "aliases": "", "active": "1"})
        assert seats.status_code == 400 and 'id="seats-fout"' in seats.text


def test_the_administrator_edits_a_ministrys_posts(store: Store) -> None:
    with _as(store, "beheerder") as client:
        form = client.get("/beheer/ministeries/FIN").text
        assert "minister van Financiën" in form
        done = client.post("/beheer/ministeries/FIN", follow_redirects=False, data={
            "csrf": session_token(client, "/beheer/ministeries"), "name": "Financiën", "earlier_names": "",
            "posts": "minister van Financiën; E. Heinen\n(vervallen) staatssecretaris van Financiën", "active": "1"})
        assert done.status_code == 303, done.text[-1500:]
        fin = next(m for m in client.get("/beheer/ministeries.json").json()["entries"] if m["key"] == "FIN")
        assert fin["posts"] == [{"title": "minister van Financiën", "person": "E. Heinen", "active": True},
                                {"title": "staatssecretaris van Financiën", "person": None, "active": False}]


@pytest.mark.parametrize("username", ["griffier", "member-groot", "ambtenaar"])
def test_anyone_but_an_administrator_is_refused_a_change_of_a_register(store: Store, username: str) -> None:
    with _as(store, username) as client:
        assert client.get("/beheer/fracties").status_code == 200  # reading is for every logged-in user
        assert 'href="/beheer/fracties/nieuw"' not in client.get("/beheer/fracties").text
        assert client.get("/beheer/fracties/nieuw").status_code == 403
        posted = client.post("/beheer/ministeries/FIN", data={
            "csrf": session_token(client), "name": "Schatkist", "earlier_names": "", "posts": "", "active": ""})
        assert posted.status_code == 403
    assert next(m for m in Service(store).registers.entries().ministries if m.key == "FIN").name == "Financiën"


def test_the_public_is_asked_to_log_in_for_the_registers(store: Store) -> None:
    with client_for(store, clock=NOW) as client:
        asked = client.get("/beheer/ministeries", follow_redirects=False)
        assert asked.status_code == 303 and asked.headers["location"] == "/login?volgende=/beheer/ministeries"


# -- the creation form and the details ------------------------------------------------------------

def test_the_creation_form_offers_the_registers_posts_and_active_groups_checked(store: Store) -> None:
    with _as(store, "griffier") as client:
        form = client.get("/werkruimte/nieuw").text
        assert '<option value="FIN|minister van Financiën">Minister van Financiën (Financiën)</option>' in form
        assert re.search(r'name="fractie-D66" value="1" checked> <label[^>]*>D66 \(Democraten 66\), 26 zetels', form)
        assert 'name="fractie-NSC"' not in form  # an inactive group is not offered


def test_the_clerk_edits_the_details_before_sending_and_the_groups_while_intake_is_open(store: Store) -> None:
    with _as(store, "griffier") as client:
        assert 'href="/werkruimte/so-1/gegevens"' in client.get("/werkruimte/so-1").text
        form = client.get("/werkruimte/so-1/gegevens.json").json()
        assert form["mode"] == "edit" and form["may_set_groups"] is True
        values = form["values"]
        done = client.post("/werkruimte/so-1/gegevens", follow_redirects=False, data={
            "csrf": session_token(client), "version": values["version"], "addressee": "FIN|minister van Financiën",
            "addressee2": "", "subject": "Eurogroep", "papers": "kst-21501-07-2000: Geannoteerde agenda Eurogroep",
            "fractie-Groot": "1", "fractie-Klein": "1", "fractie-Stil": "1"})
        assert done.status_code == 303, done.text[-2000:]
        assert done.headers["location"].endswith("gedaan=gegevens-opgeslagen")
        page = client.get("/werkruimte/so-1/gegevens.json").json()
        assert page["values"]["addressee"] == "FIN|minister van Financiën" and page["values"]["subject"] == "Eurogroep"
        assert page["values"]["papers"] == "kst-21501-07-2000: Geannoteerde agenda Eurogroep"
        assert page["invited"] == ["Groot", "Klein", "Stil"]
        stale = client.post("/werkruimte/so-1/gegevens", data={
            "csrf": session_token(client), "version": values["version"],
            "addressee": "BZ|minister van Buitenlandse Zaken", "addressee2": "", "subject": "Oud", "papers": "",
            "fractie-Groot": "1", "fractie-Klein": "1"})
        assert stale.status_code == 409 and "Oud" in stale.text


def test_a_member_is_refused_the_details_page(store: Store) -> None:
    with _as(store, "member-groot") as client:
        assert client.get("/werkruimte/so-1/gegevens").status_code == 403
        posted = client.post("/werkruimte/so-1/gegevens", data={"csrf": session_token(client), "version": "1",
                                                                "addressee": "FIN|minister van Financiën"})
        assert posted.status_code == 403


def _send(client: TestClient) -> None:
    for action in ("close_intake", "number", "send"):  # each through its confirmation page
        done = confirm_step(client, "so-1", action)
        assert done.status_code == 303, (action, done.text[-1500:])


def test_after_sending_the_clerk_corrects_the_addressee_with_a_reason(store: Store) -> None:
    with _as(store, "griffier") as client:
        _send(client)
        form = client.get("/werkruimte/so-1/gegevens.json").json()
        assert form["mode"] == "correct"
        without = client.post("/werkruimte/so-1/gegevens", data={
            "csrf": session_token(client), "version": form["values"]["version"],
            "addressee": "FIN|minister van Financiën", "addressee2": "", "reason": ""})
        assert without.status_code == 400 and 'id="reason-fout"' in without.text
        done = client.post("/werkruimte/so-1/gegevens", follow_redirects=False, data={
            "csrf": session_token(client), "version": form["values"]["version"],
            "addressee": "FIN|minister van Financiën", "addressee2": "", "reason": "Verkeerd ministerie gekozen."})
        assert done.status_code == 303 and done.headers["location"].endswith("gedaan=geadresseerde-gecorrigeerd")
    official = store.users.create_user("fin-ambtenaar", "een-lang-wachtwoord")
    store.users.add_membership(official.id, Role.OFFICIAL, "FIN")
    with _as(store, "fin-ambtenaar") as client:
        assert client.get("/werkruimte/so-1.json").status_code == 200
