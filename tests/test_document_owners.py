"""Documents have an owner (issue 13, High): a report published through the procedure belongs to
its committee and its number is reserved, never reused; an ingested official paper is replaced
only by a newer version from its own source, never by a publication. Every refusal is a
Conflict naming the id and its owner, and writes nothing. SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from api_helpers import store_of
from db_support import database
from overleg import read
from overleg.corpus.ingest.save import save_and_index
from overleg.errors import Conflict
from overleg.model import Document
from overleg.procedure.commands import EstablishReport
from overleg.service import Credentials
from overleg.store import open_store
from overleg.store.migrate import upgrade
from overleg.store.records import INGESTED, published_by
from overleg.store.users import fast_hasher
from publication_support import (
    DEFENCE,
    FOREIGN_AFFAIRS,
    REPORT_ID,
    SEED_ID,
    START,
    run,
    sample,
    service_over,
    step_of,
    steps_for,
)

KINDS = ["sqlite", "postgresql"]
EXAMPLES = Path(__file__).resolve().parent.parent / "src/overleg/examples"


def _seed() -> Document:
    return read(EXAMPLES / "kst-21501-02-3349.txt")


@pytest.mark.parametrize("kind", KINDS)
def test_a_report_cannot_take_the_number_of_an_ingested_paper_and_nothing_is_written(
        kind: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        save_and_index(store, _seed(), "kst-21501-02-3349.txt")
        service = service_over(store)
        steps = steps_for("so-1", number="3349")
        run(service, "so-1", steps, until="establish")
        before = store.events.current_seq("so-1")
        establish = step_of(steps, "establish")
        with pytest.raises(Conflict, match=f"{SEED_ID} is an official paper in the store \\(ingested\\)"):
            service.consultations.execute(establish.actor, "so-1", establish.command)
        assert store.events.current_seq("so-1") == before
        assert store.events.snapshot("so-1").state == "answers_received"  # type: ignore[union-attr]
        assert store.documents.reservation(SEED_ID) is None
        assert [(v.version, v.origin) for v in store.documents.versions(SEED_ID)] == [(1, INGESTED)]
        # the clerk establishes under a free number instead, and publishes
        assert isinstance(establish.command, EstablishReport)
        free = dataclasses.replace(establish.command, document_number="9001")
        service.consultations.execute(establish.actor, "so-1", free)
        publish = step_of(steps, "publish")
        service.consultations.execute(publish.actor, "so-1", publish.command)
        assert [v.origin for v in store.documents.versions(REPORT_ID)] == [published_by(FOREIGN_AFFAIRS)]
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_publishing_onto_an_ingested_paper_is_refused_even_when_the_number_was_taken_before_owners_existed(
        kind: str, tmp_path: Path) -> None:
    """The issue's finding: a consultation established under kst-21501-02-3349 (here, as a store
    from before reservations holds it: established, its number not reserved) is refused at
    publication, and the paper keeps its one version."""
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        steps = steps_for("so-1", number="3349")
        run(service, "so-1", steps, until="publish")
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM report_numbers"))
        save_and_index(store, _seed(), "kst-21501-02-3349.txt")
        before = store.events.count()
        publish = step_of(steps, "publish")
        with pytest.raises(Conflict, match=f"{SEED_ID} is an official paper in the store \\(ingested\\): "
                                           "a publication cannot replace it"):
            service.consultations.execute(publish.actor, "so-1", publish.command)
        assert store.events.count() == before
        assert store.events.snapshot("so-1").state == "established"  # type: ignore[union-attr]
        assert [v.origin for v in store.documents.versions(SEED_ID)] == [INGESTED]


@pytest.mark.parametrize("kind", KINDS)
def test_a_report_number_another_committee_holds_is_refused_and_so_is_a_second_report_of_the_same_committee(
        kind: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        run(service, "so-1", steps_for("so-1"))  # Buitenlandse Zaken publishes kst-21501-02-9001
        for consultation_id, committee in (("so-2", DEFENCE), ("so-3", FOREIGN_AFFAIRS)):
            steps = steps_for(consultation_id, committee=committee)
            run(service, consultation_id, steps, until="establish")
            establish = step_of(steps, "establish")
            with pytest.raises(Conflict, match=f"{REPORT_ID} is already the number of a report of {FOREIGN_AFFAIRS}"):
                service.consultations.execute(establish.actor, consultation_id, establish.command)
            assert store.events.snapshot(consultation_id).state == "answers_received"  # type: ignore[union-attr]
        assert store.documents.reservation(REPORT_ID).consultation_id == "so-1"  # type: ignore[union-attr]
        assert [v.version for v in store.documents.versions(REPORT_ID)] == [1]


@pytest.mark.parametrize("kind", KINDS)
def test_of_two_committees_establishing_one_number_at_the_same_moment_exactly_one_gets_it(
        kind: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        establish = {}
        for consultation_id, committee in (("so-1", FOREIGN_AFFAIRS), ("so-2", DEFENCE)):
            steps = steps_for(consultation_id, committee=committee)
            run(service, consultation_id, steps, until="establish")
            establish[consultation_id] = step_of(steps, "establish")
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def attempt(consultation_id: str) -> None:
            step = establish[consultation_id]
            barrier.wait()
            try:
                service.consultations.execute(step.actor, consultation_id, step.command)
                outcomes[consultation_id] = "established"
            except Conflict as refused:
                outcomes[consultation_id] = refused.message

        threads = [threading.Thread(target=attempt, args=(k,)) for k in establish]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winner = store.documents.reservation(REPORT_ID)
        assert winner is not None and outcomes[winner.consultation_id] == "established"
        loser = next(k for k in establish if k != winner.consultation_id)
        assert outcomes[loser].startswith(f"{REPORT_ID} is already the number of a report of {winner.committee}")
        assert store.events.snapshot(loser).state == "answers_received"  # type: ignore[union-attr]
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_a_publication_under_a_number_another_consultation_holds_is_refused_by_the_store_itself(
        kind: str, tmp_path: Path) -> None:
    """Below the service too: the documents' one writer refuses a version by anyone but the
    consultation holding the number, and an ingested version of a reserved number."""
    from overleg.store.documents import to_save

    with store_of(kind, tmp_path) as store:
        run(service_over(store), "so-1", steps_for("so-1"))
        report = store.documents.get(REPORT_ID)
        other = dataclasses.replace(report, title="Overschreven")
        for origin, consultation_id in ((published_by(DEFENCE), "so-2"), (published_by(FOREIGN_AFFAIRS), "so-2"),
                                        (published_by(DEFENCE), "so-1")):
            with pytest.raises(Conflict, match=f"{REPORT_ID} is the number of a report of {FOREIGN_AFFAIRS}"):
                store.documents.save_many([to_save(other, origin=origin, consultation_id=consultation_id)])
        with pytest.raises(Conflict, match="an ingested paper cannot replace it"):
            save_and_index(store, other, "overschreven.txt")
        assert [v.version for v in store.documents.versions(REPORT_ID)] == [1]


@pytest.mark.parametrize("kind", KINDS)
def test_ingest_reports_a_file_under_a_published_reports_number_and_saves_the_others(
        kind: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        run(service, "so-1", steps_for("so-1"))
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "overschreven.json").write_text(
            json.dumps({**json.loads(store.documents.get_json(REPORT_ID)), "title": "Overschreven"}))
        (folder / "kst-21501-02-3349.txt").write_bytes((EXAMPLES / "kst-21501-02-3349.txt").read_bytes())
        report = service.corpus.ingest(Credentials.operator(), [folder], jobs=1)
        assert report.new_documents == 1
        assert [(f.name, f.reason) for f in report.failures] == [
            ("in/overschreven.json", f"{REPORT_ID} is the number of a report of {FOREIGN_AFFAIRS}, published through "
                                  "the procedure: an ingested paper cannot replace it")]
        assert [v.version for v in store.documents.versions(REPORT_ID)] == [1]
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_an_ingested_paper_takes_a_newer_version_from_its_own_source(kind: str, tmp_path: Path) -> None:
    with store_of(kind, tmp_path) as store:
        save_and_index(store, _seed(), "kst-21501-02-3349.txt")
        newer = save_and_index(store, dataclasses.replace(_seed(), title="Herdruk"), "kst-21501-02-3349.txt")
        assert (newer.version, newer.changed) == (2, True)
        assert [v.origin for v in store.documents.versions(SEED_ID)] == [INGESTED, INGESTED]
        assert store.integrity_check().ok


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_after_publication_is_a_new_version_of_the_committees_report(kind: str, tmp_path: Path) -> None:
    from overleg.procedure import commands as c
    from overleg.procedure.states import TextCorrection

    with store_of(kind, tmp_path) as store:
        service = service_over(store)
        steps = steps_for("so-1")
        state = run(service, "so-1", steps)
        assert state is not None
        correction = c.CorrectReport(expected_version=state.version, reason="Drukfout in antwoord 2",
                                     answers=(TextCorrection(2, "Het gecorrigeerde antwoord."),))
        service.consultations.execute(step_of(steps, "publish").actor, "so-1", correction)
        versions = store.documents.versions(REPORT_ID)
        assert [(v.version, v.reason, v.origin) for v in versions] == [
            (1, None, published_by(FOREIGN_AFFAIRS)), (2, "Drukfout in antwoord 2", published_by(FOREIGN_AFFAIRS))]
        assert store.integrity_check().ok


# -- migration 0007: the owners of existing rows -------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_migration_0007_gives_existing_reports_their_committee_and_leaves_papers_ingested(
        kind: str, tmp_path: Path) -> None:
    """A store at revision 0005 as the older overleg left it: the seed paper ingested and then
    overwritten by a publication under its number (the issue's finding), a report published
    under a free number, and one established but not yet published. After the upgrade each
    version has its origin, the free numbers are reserved, the paper's is not, and db check
    names the collision."""
    from overleg.procedure.codec import encode, snapshot_to_json
    from overleg.procedure.reenact import enact

    with database(kind, tmp_path) as url:
        upgrade(url, "0005")
        store = open_store(url, hasher=fast_hasher())
        try:
            consultations = (("so-1", "3349", None), ("so-2", "9001", None), ("so-3", "9002", "publish"))
            for consultation_id, number, until in consultations:
                steps = steps_for(consultation_id, number=number)
                if until is not None:
                    steps = steps[:steps.index(step_of(steps, until))]
                state, log = enact(steps)
                assert state is not None
                store.events.append(consultation_id, 0, [encode(event) for event in log], snapshot_to_json(state),
                                    state.state.value)
            with store.engine.begin() as conn:  # documents as revision 0005 stored them (no origin)
                for doc_id, version, source_name, doc in (
                        (SEED_ID, 1, "kst-21501-02-3349.txt", _seed()), (SEED_ID, 2, None, sample(number="3349")),
                        (REPORT_ID, 1, None, sample())):
                    conn.execute(text(
                        "INSERT INTO documents (id, version, type, title, content_hash, source_name, created_at, "
                        "exchange_json) VALUES (:id, :v, :type, 't', :hash, :source, :at, '{\"items\": []}')"),
                        {"id": doc_id, "v": version, "type": doc.type.value, "hash": f"h{version}",
                         "source": source_name, "at": START + dt.timedelta(minutes=version)})
            upgrade(url)
            assert [v.origin for v in store.documents.versions(SEED_ID)] == [INGESTED, published_by(FOREIGN_AFFAIRS)]
            assert [v.origin for v in store.documents.versions(REPORT_ID)] == [published_by(FOREIGN_AFFAIRS)]
            assert store.documents.reservation(SEED_ID) is None
            assert store.documents.reservation(REPORT_ID).consultation_id == "so-2"  # type: ignore[union-attr]
            assert store.documents.reservation("kst-21501-02-9002").consultation_id == "so-3"  # type: ignore[union-attr]
            problems = store.integrity_check().problems
            assert f"consultation so-1: its report number {SEED_ID} is not reserved for it (it is an ingested paper)" \
                in problems
            assert (f"document {SEED_ID} version 2: written by {published_by(FOREIGN_AFFAIRS)}, but no consultation "
                    "holds the number, so it is an official paper") in problems
            assert f"consultation so-1: its report {SEED_ID} has 2 versions stored, more than the 1 it published" \
                in problems
            assert not [p for p in problems if "so-2" in p or "so-3" in p or ("written by" in p and SEED_ID not in p)]
        finally:
            store.close()


@pytest.mark.parametrize("kind", KINDS)
def test_sync_reports_a_paper_under_a_published_reports_number_as_failed_and_goes_on(
        kind: str, tmp_path: Path) -> None:
    from fake_services import FakeOpenData
    from overleg.connectors.sync import FileKeeper, Outcome, Summary, tk_entries
    from overleg.connectors.sync import sync_entries as sync
    from test_connectors import SINCE, SOORTEN, client_for

    with store_of(kind, tmp_path) as store:
        run(service_over(store), "so-1", steps_for("so-1", number="3349"))  # the committee's report kst-...-3349
        record = {"Id": "aaaa-1", "Soort": "Verslag van een schriftelijk overleg", "DocumentNummer": "2026D1",
                  "Onderwerp": "Verslag", "Datum": "2026-02-20T00:00:00+01:00",
                  "GewijzigdOp": "2026-02-20T10:00:00+01:00", "Verwijderd": False, "ContentType": "text/plain"}
        other = {**record, "Id": "bbbb-2", "GewijzigdOp": "2026-02-20T11:00:00+01:00"}
        letter = next(iter(sorted(EXAMPLES.glob("ah-tk-*.pdf"))))
        fake = FakeOpenData([record, other], {"aaaa-1": (EXAMPLES / "kst-21501-02-3349.txt").read_bytes(),
                                              "bbbb-2": letter.read_bytes()})
        with client_for(fake) as client:
            summary = Summary()
            done = sync(tk_entries(client, SINCE, SOORTEN, None, summary), client, store,
                        FileKeeper(tmp_path / "state.json"), "tk", summary=summary)
        assert done.counts[Outcome.FAILED] == 1 and done.counts[Outcome.NEW] == 1
        assert [reason for _, reason in done.failures] == [
            f"{SEED_ID} is the number of a report of {FOREIGN_AFFAIRS}, published through the procedure: "
            "an ingested paper cannot replace it"]
        assert [v.origin for v in store.documents.versions(SEED_ID)] == [published_by(FOREIGN_AFFAIRS)]
