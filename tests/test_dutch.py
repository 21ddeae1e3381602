"""Dutch throughout: every refusal a user can read is Dutch (the procedure's, over the REST API
too), a deep link survives logging in (and only to this site), a refused login has an error
summary, browsers get Dutch error pages, and no page shows an ISO date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api_helpers import bearer, client_for, store_of, token_for
from overleg.errors import REFUSALS, OverlegError
from overleg.procedure import Actor, RoleKind, apply, decide
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import Step, cast_for, reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import Consultation
from overleg.store import Store
from web_support import PASSWORD, seed_intake

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = START + dt.timedelta(hours=1)
DOC = sample_report((("Groot", 3), ("Klein", 2), ("Stil", 0)))
CAST = cast_for(DOC)
STEPS = reenact(DOC, "so-1", START)
ACTORS: tuple[Actor, ...] = (CAST.clerk, CAST.chair, CAST.official, *CAST.members.values(),
                             Actor.with_role("stranger", RoleKind.CLERK, "een andere commissie"))
ENGLISH = ("the", "is not", "must", "may not", "does not", "cannot", "only", "already", "needs", "expected",
           "should", "exist", "exists", "give", "number", "has no", "of the", "with", "not found")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def english_in(message: str) -> list[str]:
    """The English stop words in ``message`` (none in a Dutch one)."""
    words = f" {' '.join(re.findall(r'[a-z]+', message.lower()))} "
    return [phrase for phrase in ENGLISH if f" {phrase} " in words]


def test_the_english_detector_finds_english_and_passes_dutch() -> None:
    assert set(english_in("cross_refs: number 99 does not exist (the list has 1-9)")) == {
        "the", "does not", "exist", "number"}
    assert english_in("‘Zie ook vraag’: vraag 99 bestaat niet (de lijst loopt van 1 tot en met 9).") == []


def refusals() -> Iterator[tuple[str, OverlegError]]:
    """Every refusal of a walk through the procedure: at each step, every later step's command by
    every actor (wrong state, wrong role), each step's command twice (stale, taken, done) and
    with its texts emptied (validation), and a contribution after the deadline."""
    state: Consultation | None = None
    for k, step in enumerate(STEPS):
        tries: list[tuple[Actor, c.Command, dt.datetime]] = [
            (actor, later.command, LATER) for later in STEPS[k:k + 6] for actor in ACTORS]
        tries.append((step.actor, _emptied(step.command), LATER))
        for actor, command, now in tries:
            try:
                decide(state, actor, command, now)
            except REFUSALS as refused:
                assert isinstance(refused, OverlegError)
                yield f"{command.action} by {actor.user_id} at step {k}", refused
        for event in decide(state, step.actor, step.command, LATER):
            state = apply(state, event)
        try:
            decide(state, step.actor, step.command, LATER)
        except REFUSALS as refused:
            assert isinstance(refused, OverlegError)
            yield f"{step.command.action} again at step {k}", refused
        if isinstance(step.command, c.SubmitContribution) and state is not None:
            late = START + dt.timedelta(days=60)
            own = state.contribution(step.command.group)
            try:
                decide(state, step.actor, replace(step.command, expected_version=own.version if own else 0), late)
            except REFUSALS as refused:
                assert isinstance(refused, OverlegError)
                yield f"{step.command.action} late at step {k}", refused


def _emptied(command: c.Command) -> c.Command:
    """``command`` with its texts made empty or wrong, where it has any."""
    if isinstance(command, c.AnswerQuestions):
        return replace(command, text=" ", cross_refs=(99,))
    if isinstance(command, c.SubmitContribution):
        return replace(command, passages=(c.PassageInput(text=" "),))
    if isinstance(command, c.EstablishReport):
        return replace(command, dossier="geen", document_number="x")
    return command


def test_every_refusal_of_the_procedure_is_dutch() -> None:
    found = list(refusals())
    kinds = {type(e).__name__ for _, e in found}
    assert {"PermissionDenied", "IllegalTransition", "ValidationFailed", "StaleVersion", "DeadlinePassed"} <= kinds
    english = {what: (e.message, english_in(e.message)) for what, e in found if english_in(e.message)}
    assert not english, english
    assert not [e.message for _, e in found if ISO_DATE.search(e.message)]


def test_the_refusals_keep_their_machine_readable_parts() -> None:
    by_kind = {type(e).__name__: e.details() for _, e in refusals()}
    assert by_kind["IllegalTransition"]["code"] == "illegal-transition"
    assert {"action", "state"} <= set(by_kind["IllegalTransition"])
    assert by_kind["ValidationFailed"]["field"]


@pytest.fixture(params=["sqlite", "postgresql"])
def api_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_of(request.param, tmp_path) as store:
        yield store


def _post(client: TestClient, store: Store, step: Step, actor: Actor | None = None,
          command: c.Command | None = None) -> dict[str, object]:
    cmd = command or step.command
    path = "/api/consultations" if k_is_create(cmd) else f"/api/consultations/so-1/{cmd.action.replace('_', '-')}"
    response = client.post(path, json=to_plain(cmd), headers=bearer(token_for(store, actor or step.actor)))
    return {"status": response.status_code, **response.json()}


def k_is_create(command: c.Command) -> bool:
    return isinstance(command, c.CreateConsultation)


def test_the_apis_refusals_are_dutch_in_their_json_bodies(api_store: Store) -> None:
    messages: list[dict[str, object]] = []
    with client_for(api_store, clock=lambda: LATER) as client:
        for k, step in enumerate(STEPS):
            for later in STEPS[k + 1:k + 4]:  # by someone who may not, or not yet
                messages.append(_post(client, api_store, later, actor=CAST.chair))
                messages.append(_post(client, api_store, later, actor=ACTORS[-1]))
            if _emptied(step.command) is not step.command:
                messages.append(_post(client, api_store, step, command=_emptied(step.command)))
            assert int(str(_post(client, api_store, step)["status"])) < 300
            messages.append(_post(client, api_store, step))  # once more: done already, or stale
    refused = [m for m in messages if int(str(m["status"])) >= 400]
    assert {403, 404, 409, 422} <= {m["status"] for m in refused}
    assert not [(m["code"], m["message"]) for m in refused if english_in(str(m["message"]))]
    assert all(m["code"] and m["message"] for m in refused)


# -- the web: login and its way back, error pages, dates ------------------------------------------


@pytest.fixture
def web_store(tmp_path: Path) -> Iterator[Store]:
    with store_of("sqlite", tmp_path) as store:
        seed_intake(store, START)
        yield store


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _log_in(client: TestClient, login_page: str, password: str = PASSWORD, volgende: str | None = None,
            ) -> object:
    form = client.get(login_page)
    data = {"username": "member-klein", "password": password, "csrf": _token(form.text)}
    sent = re.search(r'name="volgende" value="([^"]*)"', form.text)
    data["volgende"] = volgende if volgende is not None else (sent.group(1) if sent else "")
    return client.post("/login", data=data, follow_redirects=False)


def test_a_deep_link_leads_through_the_login_back_to_the_page_asked_for(web_store: Store) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        asked = client.get("/werkruimte/so-1?tab=inbreng", follow_redirects=False)
        assert asked.status_code == 303
        login_page = asked.headers["location"]
        assert login_page == f"/login?volgende={quote('/werkruimte/so-1?tab=inbreng', safe='/')}"
        done = _log_in(client, login_page)
        assert done.status_code == 303 and done.headers["location"] == "/werkruimte/so-1?tab=inbreng"  # type: ignore[attr-defined]
        assert client.get("/werkruimte/so-1").status_code == 200


def test_a_failed_login_keeps_the_page_to_return_to(web_store: Store) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        failed = client.get("/login?volgende=/werkruimte/so-1")
        form = client.post("/login", data={"username": "member-klein", "password": "fout",
                                           "csrf": _token(failed.text), "volgende": "/werkruimte/so-1"})
        assert form.status_code == 400
        assert 'name="volgende" value="/werkruimte/so-1"' in form.text
        done = client.post("/login", data={"username": "member-klein", "password": PASSWORD,
                                           "csrf": _token(form.text), "volgende": "/werkruimte/so-1"},
                           follow_redirects=False)
        assert done.headers["location"] == "/werkruimte/so-1"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "\\\\evil.example", "/\x00/evil", "/ /evil", "javascript:alert(1)",
                                    "evil.example", "/login?volgende=//evil.example", "http:/evil.example"])
def test_an_open_redirect_attempt_lands_on_the_home_page(web_store: Store, target: str) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        done = _log_in(client, "/login", volgende=target)
        # a control character is refused at the edge before the login is even tried
        assert done.status_code == (422 if "\x00" in target else 303)  # type: ignore[attr-defined]
        assert done.headers.get("location", "/") == "/"  # type: ignore[attr-defined]


def test_a_failed_login_has_an_error_summary_with_links_to_the_fields_and_fout_in_the_title(
        web_store: Store) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        token = _token(client.get("/login").text)
        page = client.post("/login", data={"username": "member-klein", "password": "", "csrf": token}).text
        title = re.search(r"<title>(.*?)</title>", page)
        assert title is not None and title.group(1).startswith("Fout:")
        summary = page[page.index('class="foutsamenvatting"'):page.index("</div>", page.index("foutsamenvatting"))]
        assert 'tabindex="-1"' in page[page.index("<div", page.index("foutsamenvatting") - 20):][:200]
        links = re.findall(r'<a href="#([^"]+)">', summary)
        assert links == ["password"] and 'id="password"' in page and 'aria-invalid="true"' in page
        assert client.get("/login").text.count("Fout:") == 0


@pytest.mark.parametrize(("method", "path", "status", "title"), [
    ("GET", "/geen-pagina", 404, "Pagina niet gevonden"),
    ("DELETE", "/search", 405, "Dit kan zo niet"),
])
def test_a_browser_gets_a_dutch_error_page_and_an_api_client_json(web_store: Store, method: str, path: str,
                                                                  status: int, title: str) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        page = client.request(method, path, headers={"Accept": "text/html,application/xhtml+xml"})
        assert page.status_code == status and page.headers["content-type"].startswith("text/html")
        assert '<html lang="nl">' in page.text and f"<h1>{title}</h1>" in page.text
        asked_json = client.request(method, path, headers={"Accept": "application/json"})
        assert asked_json.json()["code"] in ("not-found", "method-not-allowed")
        assert client.request(method, f"/api{path}", headers={"Accept": "text/html"}).status_code in (404, 405)
        assert client.request(method, f"/api{path}", headers={"Accept": "text/html"}).json()["code"]


def test_no_iso_date_on_the_home_page_the_workspace_list_or_the_consultation_page(web_store: Store) -> None:
    with client_for(web_store, clock=lambda: LATER) as client:
        assert _log_in(client, "/login").status_code == 303  # type: ignore[attr-defined]
        for path in ("/", "/werkruimte", "/werkruimte/so-1"):
            html = client.get(path).text
            shown = re.sub(r'<(input|script|link|a)\b[^>]*>|<time[^>]*>', "", html)  # values and hrefs are not shown
            assert not ISO_DATE.findall(shown), (path, ISO_DATE.findall(shown))
            assert "2026" in shown  # the deadline is there, as a Dutch date
