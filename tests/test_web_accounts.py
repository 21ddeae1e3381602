"""Users in the browser, in-process on SQLite and PostgreSQL: an administrator invites a user
(the link mailed, through a fake sender and through a real SMTP server, and shown once on the
page), the invited user follows it, sets a password and is logged in; used and expired links are
refused in Dutch; a clerk invites within its committee only and never an administrator; a group
member sees no admin pages; reset links, deactivation, the profile, the notifications and the
outbox."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import LOCAL, migrated_store
from db_support import database
from mail_support import PUBLIC, FakeSender, smtp_server
from overleg.app import create_app
from overleg.procedure import RoleKind as Role
from overleg.service import Service
from overleg.settings import Settings
from overleg.store import Store
from web_support import PASSWORD, add_user, log_in, session_token

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
COMMITTEE = "vaste commissie voor Financiën"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        add_user(opened, "beheerder", Role.ADMIN, "*")
        add_user(opened, "griffier", Role.CLERK, COMMITTEE)
        add_user(opened, "lid", Role.MEMBER, "D66")
        yield opened
        opened.close()


def _client(store: Store, clock: Clock | None = None, sender: FakeSender | None = None,
            **settings: object) -> TestClient:
    service = Service(store, clock or Clock(), Settings(public_url=PUBLIC, **settings))  # type: ignore[arg-type]
    if sender is not None:
        service.notifications.sender = sender
    return TestClient(create_app(service), client=LOCAL)


def _invite(client: TestClient, **fields: str) -> str:
    form = {"username": "a.devries", "display_name": "Anna de Vries", "email": "anna@example.nl",
            "role": "member", "scope": "D66", "committee": "", **fields}
    done = client.post("/beheer/gebruikers", data={**form, "csrf": session_token(client, "/beheer/gebruikers")})
    return done.text if done.status_code == 200 else f"{done.status_code}\n{done.text}"


def _link_in(text: str) -> str:
    found = re.search(re.escape(PUBLIC) + r"(/uitnodiging/[A-Za-z0-9_-]+)", text)
    assert found is not None, text[-2000:]
    return found.group(1)


def _set_password(client: TestClient, path: str, password: str = "nieuw-wachtwoord") -> object:
    form = client.get(path)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None, form.text[-1000:]
    return client.post(path, data={"password": password, "password2": password, "csrf": token.group(1)},
                       follow_redirects=False)


def test_an_invitation_round_trip_mails_the_link_shows_it_once_and_logs_the_user_in(store: Store) -> None:
    sender = FakeSender()
    with _client(store, sender=sender) as admin, _client(store) as anna:
        log_in(admin, "beheerder")
        page = _invite(admin)
        assert "Uitnodiging voor a.devries" in page and "ziet u maar één keer" in page
        [mail] = sender.sent
        assert mail["To"] == "anna@example.nl" and mail["Date"] and mail["Message-ID"]
        assert "Stel met deze link uw wachtwoord in" in mail.get_content()
        path = _link_in(mail.get_content())
        assert path == _link_in(page)
        assert path not in admin.get("/beheer/gebruikers").text  # shown once
        assert "uitgenodigd (nog geen wachtwoord)" in admin.get("/beheer/gebruikers").text
        assert "Welkom bij overleg" in anna.get(path).text
        done = _set_password(anna, path)
        assert done.status_code == 303 and done.headers["location"] == "/?gedaan=welkom"  # type: ignore[attr-defined]
        home = anna.get("/?gedaan=welkom").text
        assert "Ingelogd als Anna de Vries" in home and "Welkom!" in home
        assert "D66" in admin.get("/beheer/gebruikers").text
        again = anna.get(path)
        assert again.status_code == 410 and "al gebruikt" in again.text


def test_an_invitation_reaches_a_real_smtp_server_and_its_link_works(store: Store) -> None:
    with smtp_server() as (port, received), _client(store, smtp_host="127.0.0.1", smtp_port=port) as admin, \
            _client(store) as anna:
        log_in(admin, "beheerder")
        _invite(admin)
        [mail] = received
        assert mail["Subject"] == "Uitnodiging voor overleg" and mail["Message-ID"] and mail["Date"]
        path = _link_in(mail.get_content())  # type: ignore[attr-defined]
        assert _set_password(anna, path).status_code == 303  # type: ignore[attr-defined]
    assert store.mail.outbox()[0].sent_at is not None


def test_without_smtp_the_invitation_waits_in_the_outbox_that_the_administrator_reads(store: Store) -> None:
    with _client(store) as admin:
        log_in(admin, "beheerder")
        page = _invite(admin)
        outbox = admin.get("/beheer/uitgaande-post")
        assert outbox.status_code == 200 and "wacht op verzending" in outbox.text
        assert "anna@example.nl" in outbox.text and _link_in(page) in outbox.text


def test_an_expired_link_is_refused_in_dutch(store: Store) -> None:
    clock = Clock()
    with _client(store, clock) as admin, _client(store, clock) as anna:
        log_in(admin, "beheerder")
        path = _link_in(_invite(admin))
        clock.now = NOW + dt.timedelta(days=8)
        refused = anna.get(path)
        assert refused.status_code == 410 and "verlopen" in refused.text
        assert anna.get("/uitnodiging/onzin").status_code == 410


def test_a_clerk_invites_within_its_committee_and_never_an_administrator(store: Store) -> None:
    with _client(store) as clerk:
        log_in(clerk, "griffier")
        page = _invite(clerk)
        assert "Uitnodiging voor a.devries" in page
        anna = store.users.by_username("a.devries")
        assert anna is not None
        assert [(m.role, m.scope, m.committee) for m in store.users.memberships(anna.id)] == [
            (Role.MEMBER, "D66", COMMITTEE)]
        other = _invite(clerk, username="b", role="clerk", scope="vaste commissie voor Defensie")
        assert other.startswith("403") and "Deze rol mag u niet toekennen" in other and "Fout:" in other
        admin = _invite(clerk, username="c", role="admin", scope="")
        assert admin.startswith("400") and "Kies een rol uit de lijst" in admin
        assert store.users.by_username("b") is None and store.users.by_username("c") is None
        # a clerk sees only the users with a role in its committee, and may reset only those
        listed = clerk.get("/beheer/gebruikers").text
        assert "a.devries" in listed and "beheerder</small>" not in listed and ">lid<" not in listed
        assert clerk.post("/beheer/gebruikers/lid/herstellink",
                          data={"csrf": session_token(clerk, "/beheer/gebruikers")}).status_code == 404
        assert clerk.post("/beheer/gebruikers/beheerder/deactiveren",
                          data={"csrf": session_token(clerk, "/beheer/gebruikers")}).status_code == 403


def test_a_group_member_sees_no_admin_pages(store: Store) -> None:
    with _client(store) as member:
        log_in(member, "lid")
        assert member.get("/beheer/gebruikers").status_code == 403
        assert member.get("/beheer/uitgaande-post").status_code == 403
        assert member.post("/beheer/gebruikers", data={"csrf": session_token(member, "/profiel")}).status_code == 403
        assert 'href="/beheer/gebruikers"' not in member.get("/profiel").text
    with _client(store) as public:
        assert public.get("/beheer/gebruikers").status_code == 401
        assert public.get("/profiel").status_code == 401


def test_a_reset_link_sets_a_new_password_and_a_deactivated_user_cannot_use_one(store: Store) -> None:
    with _client(store) as admin, _client(store) as member:
        log_in(admin, "beheerder")
        csrf = session_token(admin, "/beheer/gebruikers")
        page = admin.post("/beheer/gebruikers/lid/herstellink", data={"csrf": csrf}).text
        assert "Herstellink voor lid" in page
        path = _link_in(page)
        assert "Nieuw wachtwoord instellen" in member.get(path).text
        assert _set_password(member, path, "ander-wachtwoord").status_code == 303  # type: ignore[attr-defined]
        assert store.users.verify_password("lid", "ander-wachtwoord") is not None
        path = _link_in(admin.post("/beheer/gebruikers/lid/herstellink", data={"csrf": csrf}).text)
        done = admin.post("/beheer/gebruikers/lid/deactiveren", data={"csrf": csrf}, follow_redirects=False)
        assert done.headers["location"] == "/beheer/gebruikers?gedaan=gedeactiveerd"
        assert member.get(path).status_code == 410  # deactivating ends the open links
        assert "gedeactiveerd" in admin.get("/beheer/gebruikers").text
        admin.post("/beheer/gebruikers/lid/heractiveren", data={"csrf": csrf})
        assert store.users.verify_password("lid", "ander-wachtwoord") is not None


def test_the_profile_changes_name_address_password_and_mail_choices(store: Store) -> None:
    with _client(store) as member:
        log_in(member, "lid")
        csrf = session_token(member, "/profiel")
        bad = member.post("/profiel", data={"display_name": "Lid", "email": "geen adres", "csrf": csrf})
        assert bad.status_code == 400 and "Fout:" in bad.text and 'value="geen adres"' in bad.text
        done = member.post("/profiel", data={"display_name": "Lid Jansen", "email": "lid@example.nl", "csrf": csrf},
                           follow_redirects=False)
        assert done.headers["location"] == "/profiel?gedaan=profiel"
        user = store.users.by_username("lid")
        assert user is not None and (user.display_name, user.email) == ("Lid Jansen", "lid@example.nl")
        wrong = member.post("/profiel/wachtwoord", data={"current_password": "fout-fout", "new_password": "x" * 9,
                                                         "new_password2": "x" * 9, "csrf": csrf})
        assert wrong.status_code == 400 and "huidige wachtwoord klopt niet" in wrong.text
        member.post("/profiel/wachtwoord", data={"current_password": PASSWORD, "new_password": "y" * 9,
                                                 "new_password2": "y" * 9, "csrf": csrf})
        assert store.users.verify_password("lid", "y" * 9) is not None
        member.post("/profiel/voorkeuren", data={"soort-herinnering": "1", "csrf": csrf})
        choices = member.get("/profiel.json").json()["kinds"]
        assert [k["kind"] for k in choices if k["on"]] == ["herinnering"]


def test_the_notifications_page_lists_newest_first_with_a_count_in_the_menu(store: Store) -> None:
    from overleg.store.mail import NewNotification

    lid = store.users.by_username("lid")
    assert lid is not None
    store.mail.record([], [NewNotification(lid.id, "inbreng-geopend", "Inbreng geopend: Begroting", "/werkruimte/x")],
                      NOW)
    store.mail.record([], [NewNotification(lid.id, "inbreng-gesloten", "Inbreng gesloten: Begroting",
                                           "/werkruimte/x")], NOW + dt.timedelta(hours=1))
    with _client(store) as member:
        log_in(member, "lid")
        page = member.get("/meldingen").text
        assert page.index("Inbreng gesloten") < page.index("Inbreng geopend")
        assert "(2<span class=\"onzichtbaar\"> ongelezen" in page
        member.post("/meldingen/gelezen", data={"csrf": session_token(member, "/meldingen")})
        assert "ongelezen" not in member.get("/meldingen").text
        assert all(n["read"] for n in member.get("/meldingen.json").json()["notifications"])
