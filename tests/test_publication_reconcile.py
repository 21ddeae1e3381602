"""A report whose publication was recorded but whose document was never saved (before publishing
was one transaction, a process could die between the two) is saved when the app starts again,
once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api_helpers import bearer, client_for, migrated_store, token_for
from db_support import database
from overleg.procedure import commands as c
from overleg.procedure import events as e
from overleg.procedure.codec import to_plain
from overleg.procedure.reenact import reenact
from overleg.procedure.sample import sample_report
from overleg.service.documents import Documents

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DOC = sample_report((("Groot", 3), ("Klein", 2)))
STEPS = reenact(DOC, "so-1", START)
REPORT = "kst-21501-02-9001"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_published_report_lost_between_two_transactions_is_saved_at_the_next_start_and_only_once(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with database(kind, tmp_path) as url:
        store = migrated_store(url)
        try:
            with monkeypatch.context() as crashed:  # the publication as an older overleg left it: no document
                crashed.setattr(Documents, "alongside", _without_the_report)
                with client_for(store, clock=lambda: START + dt.timedelta(hours=1)) as client:
                    for step in STEPS:
                        path = ("/api/consultations" if isinstance(step.command, c.CreateConsultation)
                                else f"/api/consultations/so-1/{step.command.action.replace('_', '-')}")
                        response = client.post(path, json=to_plain(step.command),
                                               headers=bearer(token_for(store, step.actor)))
                        assert response.status_code in (200, 201), response.text
                    assert client.get("/api/consultations/so-1").json()["state"] == "published"
                    assert client.get(f"/api/documents/{REPORT}").status_code == 404
            with client_for(store) as restarted:
                found = restarted.get(f"/api/documents/{REPORT}")
                assert found.status_code == 200, found.text
                assert len(found.json()["items"]) == 5
            with client_for(store):
                pass
            assert [v.version for v in store.documents.versions(REPORT)] == [1]
        finally:
            store.close()


_alongside = Documents.alongside


def _without_the_report(self: Documents, consultation: object, done: tuple[e.Event, ...]) -> object:
    if any(isinstance(event, e.ReportPublished) for event in done):
        return None
    return _alongside(self, consultation, done)  # type: ignore[arg-type]
