"""Motions ingested as records: every real motion of the shared corpus, with what its paper prints.

The expected values were checked by reading each file (the PDF's and Word files' text, the
official XML's elements).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_support import EXAMPLES, migrated_store
from overleg.corpus.ingest.pipeline import ingest
from overleg.store import Store
from overleg.store.motions import MotionRepository

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
MOTIONS = SHARED / "motions"
XML = SHARED / "xml"
BUNDLED = EXAMPLES / "moties"

# file -> (id, dossier, number, title, date line, submitters, full names, considerations, requests, starts)
GOLDEN = {
    "0787ced2-629a-4d32-ab8f-4b97a7680248.docx": (
        "kst-36278-32", "36278", "32", "MOTIE VAN HET LID RIKKERS-OOSTERKAMP", "Voorgesteld 24 april 2025",
        ("Rikkers-Oosterkamp",), (None,), 2, 1, "overwegende dat de Wet kwaliteitsregistraties zorg"),
    "09b97518-8d7c-4a90-a090-28e45bc44920.docx": (
        "kst-36682-10", "36682", "10", "GEWIJZIGDE MOTIE VAN HET LID CLAASSEN", "Voorgesteld 22 april 2025",
        ("Claassen",), (None,), 3, 1, "constaterende, dat er in Nederland allerlei restricties"),
    "d7a5dc6c-3636-4acd-8630-96c14e97dcce.pdf": (
        "kst-21501-02-3121", "21501-02", "3121", "MOTIE VAN HET LID CEDER", "Voorgesteld 10 april 2025",
        ("Ceder",), (None,), 3, 1, "constaterende dat Israël meer gebied in het zuiden van Gaza"),
    "kst-29924-272.xml": (
        "kst-29924-272", "29924", "272",
        "GEWIJZIGDE MOTIE VAN HET LID VAN NISPEN TER VERVANGING VAN DIE GEDRUKT ONDER NR. 269",
        "Voorgesteld 19 november 2024", ("Van Nispen",), (None,), 2, 1,
        "constaterende dat de inlichtingendiensten meermaals journalisten"),
    "kst-34104-439.xml": (
        "kst-34104-439", "34104", "439",
        "Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget",
        "Voorgesteld 24 april 2025", ("Rikkers-Oosterkamp",), ("M.G.F. Rikkers-Oosterkamp",), 2, 1,
        "overwegende dat in het regeerprogramma"),
}
DATES = {"kst-36278-32": dt.date(2025, 4, 24), "kst-36682-10": dt.date(2025, 4, 22),
         "kst-21501-02-3121": dt.date(2025, 4, 10), "kst-29924-272": dt.date(2024, 11, 19),
         "kst-34104-439": dt.date(2025, 4, 24)}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def test_every_real_motion_is_stored_as_one_record_per_paper_with_what_it_prints(store: Store) -> None:
    report = ingest([MOTIONS, XML], store, jobs=1)
    assert report.motions == {"new": 5}
    assert report.new_documents == 0
    assert sorted(report.motion_ids) == sorted(g[0] for g in GOLDEN.values())
    repo = MotionRepository(store.engine)
    for name, (motion_id, dossier, number, title, date_line, names, full, considering, requests,
               first) in GOLDEN.items():
        stored = repo.get(motion_id)
        assert stored is not None, name
        record = stored.record
        assert (record.dossier, record.number, record.title, record.date_text) == (dossier, number, title, date_line)
        assert record.date == DATES[motion_id]
        assert record.submitters == names
        assert tuple(s.full_name for s in record.submitter_details) == full
        assert (len(record.considerations), len(record.requests)) == (considering, requests)
        assert record.considerations[0].startswith(first)
        assert record.requests[0].startswith("verzoekt de regering")
        assert record.text.startswith("De Kamer,\ngehoord de beraadslaging,")
        assert stored.outcome is None and stored.votes == ()
        assert stored.source_name is not None and stored.source_name.endswith(name)


def test_the_old_binary_word_motion_is_refused_with_a_clear_reason(store: Store) -> None:
    report = ingest([MOTIONS], store, jobs=1)
    assert [(f.name, f.reason) for f in report.failures] == [
        ("motions/ca71487f-866a-43aa-a9d5-ec3e2c3a236c.doc",
         "an old binary Word (.doc) file; save it as .docx or PDF first")]
    assert "motions: 3 new, 0 changed, 0 unchanged" in report.summary()


def test_the_same_motion_from_two_folders_is_one_record(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "kopie"
    copy.mkdir()
    shutil.copy(XML / "kst-29924-272.xml", copy / "van-nispen.xml")
    report = ingest([XML, copy], store, jobs=1)
    assert report.motions == {"new": 2, "unchanged": 1}
    assert [m.id for m in MotionRepository(store.engine).list()] == ["kst-34104-439", "kst-29924-272"]


def test_ingesting_the_motions_twice_changes_nothing(store: Store) -> None:
    ingest([MOTIONS, XML], store, jobs=1)
    again = ingest([MOTIONS, XML], store, jobs=1)
    assert again.motions == {"unchanged": 5}


def test_the_amended_motion_names_the_one_it_replaces_and_its_dossier_title() -> None:
    from overleg.readers.motion import read_motion

    claassen = read_motion(MOTIONS / "09b97518-8d7c-4a90-a090-28e45bc44920.docx")
    assert claassen.replaces == "Ter vervanging van die gedrukt onder nr. 8"
    assert claassen.dossier_title == ("Wijziging van een aantal wetten op het terrein van het Ministerie van "
                                      "Volksgezondheid, Welzijn en Sport (Verzamelwet VWS 2024)")
    ceder = read_motion(MOTIONS / "d7a5dc6c-3636-4acd-8630-96c14e97dcce.pdf")
    assert ceder.dossier_title == "Raad Algemene Zaken en Raad Buitenlandse Zaken"  # wrapped over two lines


def test_the_bundled_motions_are_the_shared_ones_byte_for_byte() -> None:
    bundled = {p.name: p.read_bytes() for p in BUNDLED.iterdir() if p.suffix != ".md"}
    shared = {p.name: p.read_bytes() for folder in (MOTIONS, XML) for p in folder.iterdir()
              if p.name in GOLDEN}
    assert bundled == shared


def test_a_motion_without_dossier_and_number_is_refused_by_name(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "motie.txt").write_text("MOTIE VAN HET LID CEDER\nDe Kamer,\ngehoord de beraadslaging,\n"
                                      "verzoekt de regering iets te doen,\nen gaat over tot de orde van de dag.\n"
                                      "Ceder\n", encoding="utf-8")
    shutil.copy(MOTIONS / "d7a5dc6c-3636-4acd-8630-96c14e97dcce.pdf", folder / "ceder.pdf")
    report = ingest([folder], store, jobs=1)
    assert report.motions == {"new": 1}
    assert [f.name for f in report.failures] == ["in/motie.txt"]
    assert "dossier and number" in report.failures[0].reason


def test_the_demo_shows_the_bundled_motions_and_no_folder_error() -> None:
    from typer.testing import CliRunner

    from overleg.cli import app

    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0
    assert "motie kst-21501-02-3121: MOTIE VAN HET LID CEDER\n  Voorgesteld 10 april 2025; Ceder;" in result.output
    assert "is a folder" not in result.output
