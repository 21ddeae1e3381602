"""Ingest into SQLite and PostgreSQL: idempotent, versioned, failures reported; links across documents."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from corpus_support import EXAMPLES, SEED, migrated_store
from db_support import database
from overleg import exchange
from overleg.cli import app
from overleg.corpus import links
from overleg.corpus.document_rules import answering_ministry
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.index import CORPUS_TABLES
from overleg.corpus.search.ranking import search
from overleg.model import Commitment, Document, DocumentId, DocumentType, Item, Motion
from overleg.store import Store
from overleg.store.engine import read
from overleg.store.schema import document_items, documents, search_entries


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def question(number: int, text: str, answer: str | None = None, **kw: object) -> Item:
    return Item(number=number, question=text, answer=answer, **kw)  # type: ignore[arg-type]


def written_questions() -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, id=DocumentId("ah-tk-20232024-1893"),
                    title="Vragen over de sanctiebrief", subject_refs=(DocumentId("kst-36180-190"),),
                    items=(question(1, "Kent u de brief over sancties?", "Ja, die ken ik.",
                                    question_refs=(DocumentId("kst-36180-190"),)),))


def later_report(answer: str = "Het kabinet informeert de Kamer voor de zomer.") -> Document:
    return Document(
        type=DocumentType.VERSLAG, id=DocumentId("kst-21501-02-3400"), title="Verslag over sancties",
        items=(question(1, "De leden vragen naar de sanctiebrief.", answer,
                        question_refs=(DocumentId("kst-36180-190"), DocumentId("ah-tk-20232024-1893"))),
               question(2, "Zie ook vraag 1.", "Zie het antwoord op vraag 1.", cross_refs=(1,), referral_only=True)),
        motions=(Motion("Piri", (DocumentId("kst-21501-02-2833"),), (1,)),),
        commitments=(Commitment(1, answer, "voor de zomer"),),
    )


def write_folder(folder: Path, docs: list[Document]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / f"{doc.id}.json").write_text(exchange.to_json(doc))
    return folder


def contents(store: Store) -> dict[str, object]:
    """Every table ingest writes, as comparable values (ids included; times left out)."""
    with read(store.engine) as conn:
        found: dict[str, object] = {
            "documents": conn.execute(select(documents.c.id, documents.c.version, documents.c.content_hash)
                                      .order_by(documents.c.id, documents.c.version)).all(),
            "items": conn.execute(select(func.count()).select_from(document_items)).scalar(),
        }
        for table in CORPUS_TABLES:
            found[table.name] = sorted(tuple(map(str, row)) for row in conn.execute(select(table)))
    return found


def test_ingesting_the_same_folder_twice_leaves_the_store_as_it_was(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("kst-21501-02-3349.txt", "jenv-beantw-2023Z14759.docx", "ah-tk-20232024-302.embedded-md.md"):
        shutil.copy(EXAMPLES / name, folder / name)
    lines = "\n".join(exchange.to_json(d, indent=None) for d in (written_questions(), later_report()))
    (folder / "more.jsonl").write_text(lines + "\n")
    first = ingest([folder], store, jobs=2)
    before = contents(store)
    again = ingest([folder], store, jobs=2)
    assert first.ok and again.ok
    assert (first.new_documents, again.new_documents, again.new_versions, again.indexed) == (5, 0, 0, 0)
    assert again.unchanged == 5 and sorted(again.ids) == sorted(first.ids)
    assert contents(store) == before


def test_a_changed_document_becomes_a_new_version_and_search_follows_it(store: Store, tmp_path: Path) -> None:
    ingest([write_folder(tmp_path / "a", [later_report()])], store, jobs=1)
    report = ingest([write_folder(tmp_path / "b", [later_report("Het kabinet stuurt een brief in december.")])],
                    store, jobs=1)
    assert (report.new_documents, report.new_versions, report.indexed) == (0, 1, 1)
    assert [v.version for v in store.documents.versions("kst-21501-02-3400")] == [1, 2]
    assert search(store, "december") and not search(store, "zomer")
    with read(store.engine) as conn:
        stale = conn.execute(select(func.count()).select_from(search_entries)
                             .where(search_entries.c.body.contains("zomer"))).scalar()
    assert stale == 0


def test_a_failing_file_is_reported_and_the_others_land(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf at all")
    (folder / "lines.jsonl").write_text(exchange.to_json(written_questions(), indent=None) + "\n{not json\n")
    with database("sqlite", tmp_path) as url:
        result = CliRunner().invoke(app, ["ingest", str(folder), "--database", url, "--jobs", "1", "--quiet"])
        assert result.exit_code == 1
        assert "in/broken.pdf" in result.output and "in/lines.jsonl:2" in result.output
        assert "2 new documents" in result.output
        landed = CliRunner().invoke(app, ["search", "Rafah", "--json", "--database", url])
        assert '"kst-21501-02-3349"' in landed.stdout


def test_a_missing_path_is_a_failure_of_its_own(store: Store, tmp_path: Path) -> None:
    report = ingest([tmp_path / "nowhere", write_folder(tmp_path / "a", [written_questions()])], store, jobs=1)
    assert [f.name for f in report.failures] == [str(tmp_path / "nowhere")]
    assert report.new_documents == 1


def test_citations_resolve_both_ways_and_a_question_and_report_citing_one_paper_are_related(
        store: Store, tmp_path: Path) -> None:
    ingest([write_folder(tmp_path / "a", [written_questions(), later_report()])], store, jobs=1)
    cited = links.cites(store, "kst-21501-02-3400")
    assert ("ah-tk-20232024-1893", True) in {(c.target_id, c.resolved) for c in cited}
    assert ("kst-36180-190", False) in {(c.target_id, c.resolved) for c in cited}
    assert [(c.kind, c.item, c.target_item) for c in cited if c.kind == "cross"] == [("cross", 2, 1)]
    assert [(c.document_id, c.item) for c in links.cited_by(store, "ah-tk-20232024-1893")] == [
        ("kst-21501-02-3400", 1)]
    related = links.related(store, "ah-tk-20232024-1893")
    assert [r.document_id for r in related] == ["kst-21501-02-3400"]
    assert "kst-36180-190" in related[0].via


def test_motions_and_commitments_are_listed_with_their_sources(store: Store, tmp_path: Path) -> None:
    ingest([write_folder(tmp_path / "a", [later_report()])], store, jobs=1)
    [motion] = links.list_motions(store)
    assert (motion.motion_key, motion.name, motion.sources) == ("kst-21501-02-2833", "Piri",
                                                                (("kst-21501-02-3400", (1,)),))
    [promise] = links.list_commitments(store)
    assert (promise.document_id, promise.item, promise.due) == ("kst-21501-02-3400", 1, "voor de zomer")


def test_commitments_are_listed_under_the_ministry_analytics_counts_them_for(store: Store, tmp_path: Path) -> None:
    addressed = replace(later_report(), addressee="minister van Buitenlandse Zaken",
                        answered_by=("Minister Bruins Slot (BZ)",))
    ingest([write_folder(tmp_path / "a", [addressed])], store, jobs=1)
    [promise] = links.list_commitments(store)
    assert promise.ministry == answering_ministry(addressed) == "Buitenlandse Zaken"
    found = links.list_commitments(store, ministry="buitenlandse zaken")
    assert [p.document_id for p in found] == [promise.document_id]


def test_an_ingest_leaves_sqlites_write_ahead_log_empty_and_search_still_finds_what_it_wrote(tmp_path: Path) -> None:
    with database("sqlite", tmp_path) as url:
        from overleg.store import open_store

        store = open_store(url)
        try:
            store.upgrade()
            assert ingest([EXAMPLES], store, jobs=1).ok
            log = Path(str(store.engine.url.database) + "-wal")
            assert log.exists() and log.stat().st_size == 0
            assert search(store, "Rafah")
        finally:
            store.close()
