"""Commitments marked fulfilled or open again with a reason: the status they give, who may mark,
the history kept; over the service (SQLite and PostgreSQL), the REST API, the command line and
the form on /toezeggingen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from account_support import Clock, client
from corpus_support import migrated_store
from overleg import exchange
from overleg.cli import app
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.ingest.pipeline import ingest
from overleg.errors import NotFound, PermissionDenied, ValidationFailed
from overleg.model import Commitment, Document, DocumentId, DocumentType, Item
from overleg.procedure import RoleKind
from overleg.service import Credentials, Service
from overleg.store import Store
from web_support import PASSWORD, log_in

TODAY = dt.date(2026, 11, 27)
PROMISE = "Ik stuur uw Kamer voor de zomer een brief."
LATER = "Uw Kamer wordt in het tweede kwartaal van 2027 geïnformeerd."


def _corpus() -> list[Document]:
    """A 2025 promise "voor de zomer" (overdue by now), cited by a later letter of the same
    ministry (so fulfilled by citation), and one due in 2027; the first is stored as an older
    extractor left it: the moment printed, no last day."""
    return [
        Document(DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20242025-100"),
                 questions_sent_on=dt.date(2025, 1, 6), answered_on=dt.date(2025, 2, 3),
                 answered_by=("Minister van Justitie en Veiligheid",),
                 items=(Item(1, "Wanneer komt de brief?", PROMISE),),
                 commitments=(Commitment(1, PROMISE, "voor de zomer"),)),
        Document(DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20242025-200"),
                 questions_sent_on=dt.date(2025, 9, 1), answered_on=dt.date(2025, 9, 20),
                 answered_by=("Minister van Justitie en Veiligheid",),
                 items=(Item(1, "Hoe staat het met de brief?", "Zie het antwoord.",
                             answer_refs=(DocumentId("ah-tk-20242025-100"),)),)),
        Document(DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20252026-300"),
                 questions_sent_on=dt.date(2026, 10, 1), answered_on=dt.date(2026, 10, 20),
                 answered_by=("Minister van Volksgezondheid, Welzijn en Sport",),
                 items=(Item(1, "Komt er een evaluatie?", LATER),),
                 commitments=(Commitment(1, LATER, "in het tweede kwartaal van 2027", dt.date(2027, 6, 30)),)),
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    folder = tmp_path / "in"
    folder.mkdir()
    for doc in _corpus():
        (folder / f"{doc.id}.json").write_text(exchange.to_json(doc), encoding="utf-8")
    with migrated_store(request.param, tmp_path) as made:
        assert ingest([folder], made, jobs=1).ok
        for name, role, scope in (("griffier", RoleKind.CLERK, "Commissie voor Justitie en Veiligheid"),
                                  ("ambtenaar-jenv", RoleKind.OFFICIAL, "Justitie en Veiligheid"),
                                  ("ambtenaar-vws", RoleKind.OFFICIAL, "Volksgezondheid, Welzijn en Sport"),
                                  ("kamerlid", RoleKind.MEMBER, "SP")):
            user = made.users.create_user(name, PASSWORD)
            made.users.add_membership(user.id, role, scope)
        yield made


def _states(store: Store, today: dt.date = TODAY) -> dict[str, analytics.CommitmentState]:
    return {s.document_id: s for s in analytics.commitment_states(store, analytics.load_corpus(store), today)}


def test_a_moment_stored_without_its_last_day_is_resolved_at_analytics_time(store: Store) -> None:
    before = _states(store)["ah-tk-20242025-100"]
    # "voor de zomer" of an answer of 3 February 2025: to the day before the 2025 summer recess
    assert (before.due_from, before.due_by) == (dt.date(2025, 2, 3), dt.date(2025, 7, 3))
    assert before.status == "fulfilled" and before.fulfilled_by == "ah-tk-20242025-200"
    later = _states(store)["ah-tk-20252026-300"]
    assert (later.due_from, later.due_by, later.status) == (dt.date(2027, 4, 1), dt.date(2027, 6, 30), "open")


def test_a_clerk_marks_a_commitment_open_again_and_fulfilled_and_the_history_is_kept(store: Store) -> None:
    clock = Clock(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))
    service = Service(store, clock)
    clerk = service.accounts.acting_as(Credentials.operator(), "griffier")
    service.commitments.mark(clerk, "ah-tk-20242025-100", 1, "open", "De aanhalende brief gaat over iets anders.")
    reopened = _states(store)["ah-tk-20242025-100"]
    # open again: the citation no longer counts, the due interval decides (past: overdue)
    assert (reopened.status, reopened.fulfilled_by) == ("overdue", None)
    assert reopened.mark is not None and reopened.mark.marked_by == "griffier"
    clock.advance(days=1)
    service.commitments.mark(clerk, "ah-tk-20242025-100", 1, "fulfilled", "Brief van 1 juli 2025 ontvangen.")
    assert _states(store)["ah-tk-20242025-100"].status == "fulfilled"
    history = service.commitments.history(Credentials.public(), "ah-tk-20242025-100", 1)
    assert [(m.status, m.marked_by, m.marked_at) for m in history] == [
        ("open", "griffier", dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)),
        ("fulfilled", "griffier", dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC))]
    table = {r["ministry"]: r for r in analytics.commitment_status(store, analytics.load_corpus(store),
                                                                   TODAY).to_dicts()}
    assert table["Justitie en Veiligheid"]["fulfilled_marked"] == 1


def test_a_mark_shows_at_once_on_the_figures_and_ministry_pages_view_too(store: Store) -> None:
    from overleg.corpus.analytics.entities import corpus_view
    before = {c.document_id: c for c in corpus_view(store, TODAY).commitments}
    assert before["ah-tk-20242025-100"].status == "fulfilled"
    assert (before["ah-tk-20252026-300"].due_from, before["ah-tk-20252026-300"].due_by) == (
        dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    service = Service(store, Clock(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)))
    clerk = service.accounts.acting_as(Credentials.operator(), "griffier")
    service.commitments.mark(clerk, "ah-tk-20242025-100", 1, "open", "De aanhalende brief gaat over iets anders.")
    after = {c.document_id: c for c in corpus_view(store, TODAY).commitments}  # the same day: no stale view
    assert after["ah-tk-20242025-100"].status == "overdue"


def test_only_an_administrator_a_clerk_or_an_official_of_the_answering_ministry_may_mark(store: Store) -> None:
    service = Service(store)

    def who(name: str) -> Credentials:
        return service.accounts.acting_as(Credentials.operator(), name)

    for refused in (Credentials.public(), who("kamerlid"), who("ambtenaar-vws")):
        with pytest.raises(PermissionDenied):
            service.commitments.mark(refused, "ah-tk-20242025-100", 1, "fulfilled", "Gedaan.")
    assert service.commitments.mark(who("ambtenaar-jenv"), "ah-tk-20242025-100", 1, "fulfilled", "Gedaan.")
    assert service.commitments.mark(who("ambtenaar-vws"), "ah-tk-20252026-300", 1, "fulfilled", "Gedaan.")
    assert service.commitments.mark(Credentials.operator(), "ah-tk-20252026-300", 1, "open", "Toch niet.")


def test_a_mark_needs_a_known_commitment_a_status_and_a_reason(store: Store) -> None:
    service = Service(store)
    operator = Credentials.operator()
    with pytest.raises(NotFound, match="geen toezegging 2"):
        service.commitments.mark(operator, "ah-tk-20242025-100", 2, "fulfilled", "Gedaan.")
    with pytest.raises(NotFound):
        service.commitments.mark(operator, "kst-onbekend-1", 1, "fulfilled", "Gedaan.")
    with pytest.raises(ValidationFailed, match="reden"):
        service.commitments.mark(operator, "ah-tk-20242025-100", 1, "fulfilled", "   ")
    with pytest.raises(ValidationFailed, match="te lang"):
        service.commitments.mark(operator, "ah-tk-20242025-100", 1, "fulfilled", "x" * 2001)
    with pytest.raises(ValidationFailed, match="status"):
        service.commitments.mark(operator, "ah-tk-20242025-100", 1, "verwijderd", "Gedaan.")
    assert service.commitments.history(operator, "ah-tk-20242025-100", 1) == ()


def test_the_api_marks_for_a_logged_in_official_and_refuses_the_public(store: Store) -> None:
    api = client(Service(store))
    body = {"status": "fulfilled", "reason": "Brief ontvangen."}
    assert api.post("/api/commitments/ah-tk-20242025-100/1/marks", json=body).status_code == 401
    token = store.users.create_api_token(store.users.by_username("ambtenaar-jenv").id)  # type: ignore[union-attr]
    made = api.post("/api/commitments/ah-tk-20242025-100/1/marks", json=body,
                    headers={"Authorization": f"Bearer {token}"})
    assert made.status_code == 201, made.text
    assert made.json()["marked_by"] == "ambtenaar-jenv" and made.json()["status"] == "fulfilled"
    listed = api.get("/api/commitments/ah-tk-20242025-100/1/marks").json()
    assert [m["reason"] for m in listed] == ["Brief ontvangen."]
    missing = api.post("/api/commitments/ah-tk-20242025-100/9/marks", json=body,
                       headers={"Authorization": f"Bearer {token}"})
    assert missing.status_code == 404 and missing.json()["code"] == "not-found"


def test_the_command_line_marks_as_the_operator_or_as_a_user(store: Store) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    done = runner.invoke(app, ["toezeggingen", "markeer", "ah-tk-20242025-100", "1", "--status", "open",
                               "--reden", "Nog niet ontvangen.", "--database", url])
    assert done.exit_code == 0, done.output
    assert "weer open (door operator" in done.output
    refused = runner.invoke(app, ["toezeggingen", "markeer", "ah-tk-20242025-100", "1", "--status", "nagekomen",
                                  "--reden", "Gedaan.", "--als", "kamerlid", "--database", url])
    assert refused.exit_code != 0 and "griffier" in refused.output + str(refused.stderr_bytes or b"", "utf-8")
    shown = runner.invoke(app, ["toezeggingen", "geschiedenis", "ah-tk-20242025-100", "1", "--database", url])
    assert "weer open" in shown.output and "Nog niet ontvangen." in shown.output


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_clerk_marks_a_commitment_with_the_form_on_the_commitments_page(store: Store) -> None:
    web: TestClient = client(Service(store))
    public = web.get("/toezeggingen").text
    assert "Status van deze toezegging wijzigen" not in public
    log_in(web, "griffier")
    page = web.get("/toezeggingen").text
    assert "Status van deze toezegging wijzigen" in page
    forged = web.post("/toezeggingen/ah-tk-20242025-100/1", data={"csrf": "verzonnen", "status": "open",
                                                                  "reden": "Nog niet."}, follow_redirects=False)
    assert forged.status_code == 403
    empty = web.post("/toezeggingen/ah-tk-20242025-100/1", data={"csrf": _csrf(page), "status": "open", "reden": ""},
                     follow_redirects=False)
    assert empty.status_code == 422 and "Geef een reden" in empty.text
    sent = web.post("/toezeggingen/ah-tk-20242025-100/1", data={"csrf": _csrf(page), "status": "open",
                                                                "reden": "De brief kwam niet."},
                    follow_redirects=False)
    assert sent.status_code == 303, sent.text[-500:]
    after = web.get(sent.headers["location"]).text
    assert "De toezegging is gemarkeerd" in after
    assert "Gemarkeerd als weer open door griffier" in after and "De brief kwam niet." in after
    listed = web.get("/toezeggingen.json?status=verlopen").json()
    assert [(c["document_id"], c["mark"]["reason"]) for c in listed["commitments"]] == [
        ("ah-tk-20242025-100", "De brief kwam niet.")]
