"""The report's pages keep the rendered report per consultation content (``to_document`` and
``document_page.rendered`` are cached), so a change must show at once: a revised answer in the
ministry's preview, and a correction on the report's desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_helpers import migrated_store
from db_support import database
from overleg.procedure import RoleKind as Role
from overleg.procedure import commands as c
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.procedure.states import TextCorrection
from overleg.service import Service
from overleg.store import Store
from report_desk_support import START, answers_received, client_as, run_until
from web_support import add_user

REVISED = "Een herzien antwoord dat het voorbeeld meteen moet tonen."


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        yield opened
        opened.close()


def test_a_revised_answer_shows_in_the_ministrys_preview_at_once(store: Store) -> None:
    steps = run_until(store, "so-1", c.AnswerQuestions)
    first = next(s for s in steps if isinstance(s.command, c.AnswerQuestions))
    assert isinstance(first.command, c.AnswerQuestions)
    add_user(store, "ambtenaar", Role.OFFICIAL, next(iter(first.actor.roles)).of)
    now = first.now + dt.timedelta(minutes=5)
    with client_as(store, "ambtenaar", now) as client:
        before = client.get("/werkruimte/so-1/voorbeeld")
        assert before.status_code == 200 and first.command.text[:60] in before.text
        assert client.get("/werkruimte/so-1/voorbeeld").text == before.text  # the kept rendering
        Service(store, lambda: now).consultations.execute(first.actor, "so-1", c.AnswerQuestions(
            expected_version=1, numbers=first.command.numbers, text=REVISED))
        after = client.get("/werkruimte/so-1/voorbeeld").text
    assert REVISED in after and first.command.text[:60] not in after


def test_a_correction_shows_on_the_report_desk_at_once(store: Store) -> None:
    now = answers_received(store)
    steps = reenact(sample_report((("Groot", 2), ("Klein", 1))), "so-1", START)  # as answers_received ran them
    establish = next(s for s in steps if isinstance(s.command, c.EstablishReport))
    service = Service(store, lambda: now)
    service.consultations.execute(establish.actor, "so-1", establish.command)
    with client_as(store, "griffier", now) as client:
        before = client.get("/werkruimte/so-1/verslag").text
        assert "Rapport verbeterd" not in before
        version = service.consultations.get(establish.actor, "so-1").version
        service.consultations.execute(establish.actor, "so-1", c.CorrectReport(
            expected_version=version, reason="tikfout",
            answers=(TextCorrection(1, "Rapport verbeterd: het antwoord zoals het had moeten luiden."),)))
        after = client.get("/werkruimte/so-1/verslag").text
    assert "Rapport verbeterd: het antwoord zoals het had moeten luiden." in after
