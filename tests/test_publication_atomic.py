"""Publishing is atomic (issue 13, point 7): the event and the report, with its search rows, land
in one transaction or not at all, at publication and at a correction after it. And text the
store cannot hold (a NUL character: PostgreSQL refuses it in text; a lone surrogate) is refused
by the service, naming the field, before anything is written, on both stores alike (issue 13,
High: "a NUL character in a text field makes publish fail with a 500 after its event was
committed")."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from api_helpers import bearer, client_for, store_of, token_for
from overleg.corpus.ingest import save
from overleg.corpus.search.ranking import search
from overleg.errors import ValidationFailed
from overleg.procedure import commands as c
from overleg.procedure.codec import to_plain
from overleg.procedure.states import TextCorrection
from publication_support import REPORT_ID, run, service_over, step_of, steps_for

KINDS = ["sqlite", "postgresql"]


class DiskFull(Exception):
    pass


def _fail_indexing(*_: object, **__: object) -> None:
    raise DiskFull("the index could not be written")


@pytest.mark.parametrize("kind", KINDS)
def test_a_publication_that_fails_while_indexing_its_report_leaves_neither_event_nor_document(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        steps = steps_for("so-1")
        run(service, "so-1", steps, until="publish")
        before = store.events.current_seq("so-1")
        publish = step_of(steps, "publish")
        with monkeypatch.context() as broken:  # fails after the document's rows are written, same transaction
            broken.setattr(save, "index_document", _fail_indexing)
            with pytest.raises(DiskFull):
                service.consultations.execute(publish.actor, "so-1", publish.command)
        assert store.events.current_seq("so-1") == before
        assert store.events.snapshot("so-1").state == "established"  # type: ignore[union-attr]
        assert store.documents.versions(REPORT_ID) == ()
        assert service.consultations.reconcile_publications().saved == ()
        service.consultations.execute(publish.actor, "so-1", publish.command)  # again, now that it can
        assert store.events.snapshot("so-1").state == "published"  # type: ignore[union-attr]
        assert [v.version for v in store.documents.versions(REPORT_ID)] == [1]
        assert {h.document_id for h in search(store, "Raad")} == {REPORT_ID}
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_after_publication_that_fails_leaves_the_report_and_its_log_as_they_were(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        steps = steps_for("so-1")
        published = run(service, "so-1", steps)
        assert published is not None
        correction = c.CorrectReport(expected_version=published.version, reason="Drukfout",
                                     answers=(TextCorrection(1, "Gecorrigeerd antwoord."),))
        clerk = step_of(steps, "publish").actor
        with monkeypatch.context() as broken:
            broken.setattr(save, "index_document", _fail_indexing)
            with pytest.raises(DiskFull):
                service.consultations.execute(clerk, "so-1", correction)
        assert store.events.current_seq("so-1") == published.version
        assert [v.version for v in store.documents.versions(REPORT_ID)] == [1]
        service.consultations.execute(clerk, "so-1", correction)
        assert [(v.version, v.reason) for v in store.documents.versions(REPORT_ID)] == [(1, None), (2, "Drukfout")]
        assert store.integrity_check().ok


# -- text the store cannot hold ------------------------------------------------------------------

def _with_text(command: c.Command, bad: str) -> tuple[c.Command, str]:
    """``command`` with ``bad`` inside one of its texts, and the field the refusal must name."""
    if isinstance(command, c.AnswerQuestions):
        return dataclasses.replace(command, text=command.text + bad), "text"
    if isinstance(command, c.SubmitContribution):
        first, *rest = command.passages
        return dataclasses.replace(command, passages=(dataclasses.replace(first, text=first.text + bad), *rest)), \
            "passages.text"
    if isinstance(command, c.EstablishReport):
        return dataclasses.replace(command, dossier_title=f"Raad{bad}"), "dossier_title"
    if isinstance(command, c.CreateConsultation):
        return dataclasses.replace(command, subject=f"Onderwerp{bad}"), "subject"
    raise AssertionError(type(command))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["create", "submit_contribution", "answer", "establish"])
@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["nul", "lone-surrogate"])
def test_text_the_store_cannot_hold_is_refused_naming_the_field_and_nothing_is_written(
        kind: str, action: str, bad: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        steps = steps_for("so-1")
        run(service, "so-1", steps, until=action)
        step = step_of(steps, action)
        command, field = _with_text(step.command, bad)
        before = (store.events.count(), store.events.current_seq("so-1"))
        with pytest.raises(ValidationFailed, match="NUL character or a lone surrogate") as refused:
            service.consultations.execute(step.actor, "so-1", command)
        assert refused.value.field == field
        assert (store.events.count(), store.events.current_seq("so-1")) == before
        service.consultations.execute(step.actor, "so-1", step.command)  # the same without it lands


@pytest.mark.parametrize("kind", KINDS)
def test_a_nul_in_an_answer_is_a_422_and_the_consultation_is_published_afterwards_without_a_500(
        kind: str, tmp_path: Path) -> None:
    """The issue's finding over HTTP: the NUL never reaches the store, so publishing cannot fail
    half-way; the whole procedure still ends in a published, stored, searchable report."""
    with store_of(kind, tmp_path) as store:
        steps = steps_for("so-1")
        with client_for(store, clock=service_over(store).clock) as client:
            for step in steps:
                path = ("/api/consultations" if isinstance(step.command, c.CreateConsultation)
                        else f"/api/consultations/so-1/{step.command.action.replace('_', '-')}")
                headers = bearer(token_for(store, step.actor))
                if isinstance(step.command, c.AnswerQuestions):
                    body: dict[str, Any] = to_plain(step.command)
                    refused = client.post(path, json={**body, "text": body["text"] + "\x00"}, headers=headers)
                    assert refused.status_code == 422, refused.text
                    assert "text" in str(refused.json().get("field"))
                response = client.post(path, json=to_plain(step.command), headers=headers)
                assert response.status_code in (200, 201), response.text
            assert client.get(f"/api/documents/{REPORT_ID}").status_code == 200
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_with_a_nul_is_refused_naming_its_field_before_anything_is_written(
        kind: str, tmp_path: Path) -> None:
    from overleg.procedure.sample import sample_report

    doc = sample_report((("Groot", 2),))
    item = dataclasses.replace(doc.items[1], answer="Ja\x00.")
    with store_of(kind, tmp_path) as store:
        with pytest.raises(ValidationFailed, match=r"items\.answer holds a NUL") as refused:
            save.save_and_index(store, dataclasses.replace(doc, items=(doc.items[0], item)), "nul.txt")
        assert refused.value.field == "items.answer"
        assert store.documents.list() == ()
        with pytest.raises(ValidationFailed) as refused:
            save.save_and_index(store, doc, "bad\udcffname.txt")  # a file name that was not UTF-8
        assert refused.value.field == "source_name"
