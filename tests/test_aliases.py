"""One document per real document across its identifiers (issue 16, point 1): the TK's copy of a
ministry letter prints its own DocumentNummer and the Zaak, the ministry's Word file the Zaak
and the kenmerk; whichever comes first, the other is the same document with its source listed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from corpus_support import EXAMPLES, migrated_store
from db_support import database, save_before_0022
from overleg import exchange
from overleg.corpus.ingest.pipeline import ingest
from overleg.model import Document, DocumentId
from overleg.model.identity import alias_keys, store_id
from overleg.readers import read
from overleg.store import Store, migrate, open_store
from overleg.store.documents import to_save

LETTER = EXAMPLES / "jenv-beantw-2023Z14759.docx"
ZAAK, TK_NUMBER = "zaak-2023Z14759", "tkdoc-2023D39037"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def ministry_copy() -> Document:
    """The ministry's Word file as read: it prints the Zaak it answers and its own kenmerk."""
    return read(LETTER.read_bytes(), LETTER.name)


def tk_copy(ministry: Document) -> Document:
    """The Kamer's copy of the same letter: its own DocumentNummer and the Zaak, no kenmerk, and
    read a little differently (a title the Kamer gives it)."""
    return replace(ministry, identifiers=(TK_NUMBER, ZAAK), title="Antwoord op vragen van het lid")


def written(tmp_path: Path, name: str, doc: Document) -> Path:
    path = tmp_path / name
    path.write_text(exchange.to_json(doc), encoding="utf-8")
    return path


def test_the_two_copies_of_the_letter_start_from_different_ids_and_share_the_zaak(ministry_copy: Document) -> None:
    assert ZAAK in ministry_copy.identifiers and not any(i.startswith("tkdoc-") for i in ministry_copy.identifiers)
    assert (store_id(ministry_copy), store_id(tk_copy(ministry_copy))) == (ZAAK, TK_NUMBER)
    assert set(alias_keys(ministry_copy)) & set(alias_keys(tk_copy(ministry_copy))) == {ZAAK}


def test_the_aliases_of_a_document_begin_with_its_store_id_and_keep_what_it_is_of_its_zaak(
        ministry_copy: Document) -> None:
    questions = replace(ministry_copy, items=tuple(replace(i, answer=None) for i in ministry_copy.items))
    assert alias_keys(ministry_copy)[0] == store_id(ministry_copy)
    assert ZAAK + "-vragen" in alias_keys(questions) and ZAAK not in alias_keys(questions)


@pytest.mark.parametrize("tk_first", [True, False], ids=["tk-copy-first", "ministry-file-first"])
@pytest.mark.parametrize("runs", [1, 2], ids=["one-run", "two-runs"])
def test_the_tk_copy_and_the_ministry_file_are_one_document_with_both_sources_whichever_comes_first(
        store: Store, tmp_path: Path, ministry_copy: Document, tk_first: bool, runs: int) -> None:
    files = [written(tmp_path, "tk-kopie.json", tk_copy(ministry_copy)),
             written(tmp_path, "ministerie.json", ministry_copy)]
    if not tk_first:
        files.reverse()
    reports = [ingest(files, store, jobs=1)] if runs == 1 else [ingest([f], store, jobs=1) for f in files]
    assert all(r.ok for r in reports), [r.summary() for r in reports]
    first_id = TK_NUMBER if tk_first else ZAAK
    assert [v.id for v in store.documents.list()] == [first_id]
    assert sorted(Path(s.name).name for s in store.documents.sources(first_id)) == ["ministerie.json",
                                                                                    "tk-kopie.json"]
    assert {TK_NUMBER, ZAAK, "kenmerk-4980892"} <= set(store.documents.identifiers(first_id))
    assert sum(r.new_documents for r in reports) == 1


def test_ingesting_both_copies_again_adds_no_document(store: Store, tmp_path: Path, ministry_copy: Document) -> None:
    files = [written(tmp_path, "tk-kopie.json", tk_copy(ministry_copy)),
             written(tmp_path, "ministerie.json", ministry_copy)]
    ingest(files, store, jobs=1)
    again = ingest(files, store, jobs=1)
    assert again.ok, again.summary()
    assert (again.new_documents, len(store.documents.list())) == (0, 1)


def test_a_copy_saved_alone_finds_the_stored_document_by_a_shared_identifier(
        store: Store, ministry_copy: Document) -> None:
    first = store.documents.save(tk_copy(ministry_copy), "tk-kopie.json")
    second = store.documents.save(ministry_copy, "ministerie.docx")
    assert (first.id, second.id, second.created) == (TK_NUMBER, TK_NUMBER, False)
    assert store.documents.owners([ZAAK, "kenmerk-4980892", "zaak-2000Z00000"]) == {
        ZAAK: TK_NUMBER, "kenmerk-4980892": TK_NUMBER}


def test_the_questions_of_a_zaak_stay_a_document_apart_from_its_answers(
        store: Store, tmp_path: Path, ministry_copy: Document) -> None:
    questions = replace(ministry_copy, identifiers=(ZAAK,),
                        items=tuple(replace(i, answer=None) for i in ministry_copy.items))
    report = ingest([written(tmp_path, "vragen.json", questions), written(tmp_path, "antwoord.json", ministry_copy)],
                    store, jobs=1)
    assert report.ok, report.summary()
    assert sorted(v.id for v in store.documents.list()) == [ZAAK, ZAAK + "-vragen"]


def test_an_official_id_is_never_taken_over_by_an_alias(store: Store, ministry_copy: Document) -> None:
    store.documents.save(ministry_copy, "ministerie.docx")
    published = replace(tk_copy(ministry_copy), id=DocumentId("ah-tk-20232024-1076"))
    assert store.documents.save(published).id == "ah-tk-20232024-1076"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migration_lists_the_printed_identifiers_of_every_stored_document(
        kind: str, tmp_path: Path, ministry_copy: Document) -> None:
    with database(kind, tmp_path) as url:
        migrate.upgrade(url, "0010")
        store = open_store(url)
        try:
            with store.engine.begin() as conn:  # as the store before revision 0011 wrote it
                save_before_0022(conn, replace(to_save(tk_copy(ministry_copy)), aliases=()))
            store.upgrade()
            listed = store.documents.identifiers(TK_NUMBER)
            later = store.documents.save(ministry_copy, "ministerie.docx")
        finally:
            store.close()
    assert listed == (TK_NUMBER, ZAAK)
    assert later.id == TK_NUMBER


# -- Tweede Kamer numbers cited resolve to the document printing them (issue 16, point 3) ---------

AANHANGSEL = "ah-tk-20232024-302"  # cites "(2023D39037)" in its second answer (test_links.ADDED)


@pytest.fixture
def cited(store: Store, tmp_path: Path, ministry_copy: Document) -> Store:
    """The bundled Aanhangsel 302 and seed with test_links' real sentences, the ministry's file
    of the letter (stored first: ``zaak-2023Z14759``), the TK's copy of it (so the letter prints
    2023D39037 too) and a letter of questions citing the Zaak."""
    from test_links import corpus_folder

    asking = replace(ministry_copy, identifiers=("kenmerk-1111111",), items=(
        replace(ministry_copy.items[0], question="Kent u de antwoorden op de eerdere vragen (2023Z14759)?",
                answer="Ja."),))
    report = ingest([corpus_folder(tmp_path), written(tmp_path, "ministerie.json", ministry_copy),
                     written(tmp_path, "tk-kopie.json", tk_copy(ministry_copy)),
                     written(tmp_path, "vragen.json", asking)], store, jobs=1)
    assert report.ok and report.new_documents == 5, report.summary()
    return store


def test_a_cited_tk_document_number_links_to_the_stored_letter_whatever_its_store_id(cited: Store) -> None:
    from overleg.corpus import links

    papers = {p.id: p for p in links.links_of(cited, AANHANGSEL).cites}
    assert TK_NUMBER not in papers and "2023D39037" not in papers
    # its footnote 1 (cited in item 1) and the sentence test_links adds to answer 2 print the number
    assert (papers[ZAAK].stored, papers[ZAAK].url, papers[ZAAK].where) == (True, f"/documents/{ZAAK}", (1, 2))


def test_the_letter_is_cited_by_whoever_cites_its_document_number_or_its_zaak(cited: Store) -> None:
    from overleg.corpus import links

    found = links.links_of(cited, ZAAK)
    assert sorted(p.id for p in found.cited_by) == sorted([AANHANGSEL, "kenmerk-1111111"])
    assert links.links_of(cited, "2023D39037") == found  # asked by its number, the same document


def test_the_api_the_command_line_and_the_page_show_the_letter_cited_by_its_numbers(cited: Store) -> None:
    from typer.testing import CliRunner

    from api_helpers import client_for
    from overleg.cli import app

    with client_for(cited) as client:
        body = client.get(f"/api/documents/{ZAAK}/links").json()
        assert sorted(p["id"] for p in body["cited_by"]) == sorted([AANHANGSEL, "kenmerk-1111111"])
        assert {p["id"] for p in client.get(f"/api/documents/{AANHANGSEL}/links").json()["cites"] if p["stored"]} \
            >= {ZAAK}
        page = client.get(f"/documents/{ZAAK}.json").json()
        assert {c["id"] for c in page["cited_by"]} == {AANHANGSEL, "kenmerk-1111111"}
    text = CliRunner().invoke(app, ["links", ZAAK, "--database", str(cited.engine.url)])
    assert text.exit_code == 0, text.output
    assert "Aangehaald in (2):" in text.output and AANHANGSEL in text.output
