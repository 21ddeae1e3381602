"""One document per real document: identity from what is printed, sources listed, exports that
re-ingest to nothing (model/identity.py, store/documents.py, corpus/ingest, connectors/export.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_support import EXAMPLES, migrated_store
from db_support import database, save_before_0022
from overleg import exchange
from overleg.connectors.export import export
from overleg.connectors.names import ExportFormat
from overleg.corpus.analytics import figures as analytics
from overleg.corpus.ingest.pipeline import ingest
from overleg.model import Document, DocumentId, DocumentType, Item
from overleg.model.identity import content_key, normalised, printed_identifiers, store_id
from overleg.readers import read
from overleg.store import Store, migrate, open_store
from overleg.store.documents import to_save

FIXTURES = Path(__file__).parent / "fixtures" / "official"
LETTERS = sorted(EXAMPLES.glob("jenv-beantw-*.docx"))
# what each bundled letter prints: the Zaak of the Kamer's letter it answers ("uw brief van ...,
# nr. 2023Z14759") or, where it answers none by Zaak number, its own kenmerk ("Ons kenmerk")
LETTER_IDS = {
    "jenv-beantw-2023Z14759.docx": "zaak-2023Z14759",
    "jenv-beantw-2023Z16994.docx": "zaak-2023Z16994",
    "jenv-beantw-2023Z19677.docx": "zaak-2023Z19677",
    "jenv-beantw-2024Z11859.docx": "zaak-2024Z11859",
    "jenv-beantw-kenmerk-5293107.docx": "kenmerk-5401166",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def letter(*answers: str | None, identifiers: tuple[str, ...] = ()) -> Document:
    return Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, identifiers=identifiers,
                    items=tuple(Item(n, f"Vraag {n}: kent u het bericht?", a) for n, a in enumerate(answers, start=1)))


# -- the rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.name)
def test_a_ministry_letter_is_known_by_what_its_head_prints_not_by_its_file_name(path: Path) -> None:
    doc = read(path.read_bytes(), "antwoord.docx")
    assert store_id(doc) == LETTER_IDS[path.name]


def test_the_official_id_comes_before_every_printed_number() -> None:
    doc = replace(letter("Ja."), id=DocumentId("ah-tk-20232024-1076"), identifiers=("zaak-2023Z14759",))
    assert store_id(doc) == "ah-tk-20232024-1076"


def test_a_tk_document_number_comes_before_a_zaak_and_a_zaak_before_a_kenmerk() -> None:
    assert store_id(letter("Ja.", identifiers=("kenmerk-5401166", "zaak-2023Z14759", "tkdoc-2024D12345"))) \
        == "tkdoc-2024D12345"
    assert store_id(letter("Ja.", identifiers=("kenmerk-5401166", "zaak-2023Z14759"))) == "zaak-2023Z14759"
    assert store_id(letter("Ja.", identifiers=("kenmerk-5401166",))) == "kenmerk-5401166"


def test_the_questions_and_a_notice_of_a_zaak_are_not_the_same_document_as_its_answers() -> None:
    assert store_id(letter(None, identifiers=("zaak-2023Z14759",))) == "zaak-2023Z14759-vragen"
    assert store_id(letter(identifiers=("zaak-2023Z14759",))) == "zaak-2023Z14759-mededeling"


def test_a_document_without_any_printed_number_is_known_by_its_content() -> None:
    assert store_id(letter("Ja.")) == "inhoud-" + content_key(letter("Ja."))[:16]


def test_printed_numbers_are_found_in_a_letter_head_with_its_line_breaks() -> None:
    head = "Ons kenmerk\n4980892\n\nIn antwoord op uw brief van 7 september 2023, nr.\n2023Z14759, deel ik u mede"
    assert printed_identifiers(head) == ("zaak-2023Z14759", "kenmerk-4980892")
    assert printed_identifiers("Documentnummer: 2024D12345") == ("tkdoc-2024D12345",)


def test_a_zaak_number_a_question_mentions_is_not_the_documents_own() -> None:
    assert printed_identifiers("Vraag 1\nKent u de antwoorden op de vragen 2023Z14759?") == ()


# -- the content key --------------------------------------------------------------------------------

words = st.lists(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8), min_size=1, max_size=8)
spaces = st.lists(st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", " \n "]), min_size=9, max_size=9)


@given(words, spaces, spaces)
def test_whitespace_and_line_breaks_do_not_change_the_content_key(ws: list[str], one: list[str],
                                                                   other: list[str]) -> None:
    def spaced(gaps: list[str]) -> str:
        return gaps[0] + "".join(w + gap for w, gap in zip(ws, gaps[1:], strict=False))

    assert content_key(letter(spaced(one))) == content_key(letter(spaced(other)))


@given(words, st.text(min_size=1, max_size=10).filter(lambda t: normalised(t) != ""))
def test_a_changed_answer_changes_the_content_key(ws: list[str], added: str) -> None:
    answer = " ".join(ws)
    assert content_key(letter(answer)) != content_key(letter(answer + " " + added))


def test_case_and_accents_do_not_change_the_content_key_but_a_changed_question_does() -> None:
    assert content_key(letter("Yeşilgöz antwoordt: JA.")) == content_key(letter("yesilgoz antwoordt: ja."))
    changed = replace(letter("Ja."), items=(Item(1, "Vraag 1: kent u het andere bericht?", "Ja."),))
    assert content_key(changed) != content_key(letter("Ja."))


def test_the_kamers_own_questions_are_known_by_the_zaak_printed_above_their_heading() -> None:
    doc = read(Path(__file__).parent / "fixtures" / "genres" / "tk-schriftelijke-vragen.txt")
    assert doc.identifiers == ("zaak-2024Z09876",)
    assert store_id(doc) == "zaak-2024Z09876-vragen"  # the questions of the Zaak whose answer is zaak-2024Z09876
    assert printed_identifiers("Vragen van het lid A\n(ingezonden 3 juni 2024).\n1\nKent u\n2\n3\n4\n2024Z09876") == ()


def test_two_notices_without_a_printed_number_are_two_documents_and_one_notice_read_twice_is_one() -> None:
    def notice(subject: str, reason: str) -> Document:
        return Document(type=DocumentType.MEDEDELING_UITSTEL, subject=subject, opening=(reason,))
    first = notice("het bericht over de dijken", "De vragen kunnen niet binnen drie weken worden beantwoord.")
    other = notice("het bericht over de wegen", "De vragen kunnen niet binnen drie weken worden beantwoord.")
    assert store_id(first) != store_id(other)
    again = notice("het  bericht over de DIJKEN", "De vragen kunnen niet binnen drie\nweken worden beantwoord.")
    assert store_id(again) == store_id(first)


def test_an_exported_store_id_is_recomputed_when_read_not_taken_for_an_official_id() -> None:
    doc = letter("Ja.", identifiers=("zaak-2023Z14759",))
    line = json.dumps({**exchange.to_dict(doc), "id": "zaak-2023Z14759"})
    assert exchange.from_json(line) == doc


# -- the store ------------------------------------------------------------------------------------


def copies(tmp_path: Path) -> list[Path]:
    """The bundled letters in two folders and one more copy under another name."""
    first, second = tmp_path / "map-a", tmp_path / "map-b" / "sub"
    for folder in (first, second):
        folder.mkdir(parents=True)
        for path in LETTERS:
            shutil.copy(path, folder / path.name)
    copy = tmp_path / "Kopie van antwoord.docx"
    shutil.copy(LETTERS[0], copy)
    return [first, second, copy]


def jenv_answers(store: Store) -> int:
    table = analytics.answer_times(analytics.load_corpus(store))
    return next(int(row[1]) for row in table.rows if row[0] == "Justitie en Veiligheid")  # type: ignore[arg-type]


def test_the_same_letters_from_two_folders_a_copy_and_an_export_are_one_document_each(
        store: Store, tmp_path: Path) -> None:
    first = ingest(copies(tmp_path), store, jobs=1)
    assert first.ok, first.summary()
    assert (first.new_documents, first.other_readings) == (len(LETTERS), [])
    assert sorted(v.id for v in store.documents.list()) == sorted(LETTER_IDS.values())
    assert export(store.documents, ExportFormat.JSONL, tmp_path / "export") == len(LETTERS)
    again = ingest([tmp_path / "export" / "documents.jsonl", *copies(tmp_path / "nog-een-keer")], store, jobs=1)
    assert again.ok, again.summary()
    assert (again.new_documents, again.new_versions) == (0, 0)
    assert sorted(v.id for v in store.documents.list()) == sorted(LETTER_IDS.values())


def test_answer_times_count_each_jenv_letter_once_however_often_it_was_ingested(
        store: Store, tmp_path: Path) -> None:
    once = ingest([EXAMPLES], store, jobs=2)
    assert once.ok, once.summary()
    counted_once = jenv_answers(store)
    ingest(copies(tmp_path), store, jobs=1)
    export(store.documents, ExportFormat.JSONL, tmp_path / "export")
    ingest([tmp_path / "export" / "documents.jsonl"], store, jobs=1)
    assert jenv_answers(store) == counted_once == 4


def test_every_source_of_a_letter_is_listed_with_its_format_and_the_hash_of_its_bytes(
        store: Store, tmp_path: Path) -> None:
    ingest(copies(tmp_path), store, jobs=1)
    sources = store.documents.sources(LETTER_IDS[LETTERS[0].name])
    assert sorted(Path(s.name).name for s in sources) == sorted([LETTERS[0].name] * 2 + ["Kopie van antwoord.docx"])
    assert {(s.format, s.bytes_hash, s.version) for s in sources} == {
        ("docx", hashlib.sha256(LETTERS[0].read_bytes()).hexdigest(), 1)}


def test_a_document_read_from_two_formats_is_one_document_listing_both_sources(store: Store, tmp_path: Path) -> None:
    pdf, xml = EXAMPLES / "ah-tk-20232024-1076.pdf", FIXTURES / "ah-tk-20232024-1076.xml"
    report = ingest([pdf, xml], store, jobs=1)
    assert report.ok, report.summary()
    assert [v.id for v in store.documents.list()] == ["ah-tk-20232024-1076"]
    assert sorted(s.format or "" for s in store.documents.sources("ah-tk-20232024-1076")) == ["pdf", "xml"]


def test_a_second_source_that_reads_differently_is_listed_and_named_not_saved_as_a_version(
        store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(exchange.to_json(letter("Ja.", identifiers=("zaak-2023Z14759",))))
    (tmp_path / "b.json").write_text(exchange.to_json(letter("Nee.", identifiers=("zaak-2023Z14759",))))
    report = ingest([tmp_path / "a.json", tmp_path / "b.json"], store, jobs=1)
    assert report.ok, report.summary()
    assert [r.name for r in report.other_readings] == ["b.json"]
    assert "read differently" in report.summary()
    assert [v.version for v in store.documents.versions("zaak-2023Z14759")] == [1]
    assert store.documents.get("zaak-2023Z14759").items[0].answer == "Ja."
    assert len(store.documents.sources("zaak-2023Z14759")) == 2


def test_an_export_writes_the_stored_id_of_every_document_never_null(store: Store, tmp_path: Path) -> None:
    ingest([*LETTERS, EXAMPLES / "ah-tk-20232024-1076.pdf"], store, jobs=1)
    export(store.documents, ExportFormat.JSONL, tmp_path)
    lines = (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    written = [json.loads(line)["id"] for line in lines]
    assert None not in written
    assert sorted(written) == sorted([*LETTER_IDS.values(), "ah-tk-20232024-1076"])


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migration_lists_the_source_of_every_version_stored_before_it(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        migrate.upgrade(url, "0009")
        store = open_store(url)
        try:
            with store.engine.begin() as conn:  # a version as the store before revision 0010 wrote it
                save_before_0022(conn, replace(to_save(letter("Ja."), "in/antwoord.docx"), source=None, aliases=(),
                                               id="local-5550fc0e9462ea94"))
            store.upgrade()
            (source,) = store.documents.sources("local-5550fc0e9462ea94")
        finally:
            store.close()
    assert (source.name, source.format, source.bytes_hash, source.version) == ("in/antwoord.docx", None, "", 1)


# -- the sources on the API and the page ---------------------------------------------------------


def test_the_api_and_the_page_list_every_source_of_a_document(store: Store, tmp_path: Path) -> None:
    from api_helpers import client_for

    ingest(copies(tmp_path), store, jobs=1)
    doc_id = LETTER_IDS[LETTERS[1].name]
    client = client_for(store)
    listed = client.get(f"/api/documents/{doc_id}/sources")
    assert listed.status_code == 200
    # named as ingest names a file: the folder given, then the path inside it
    assert sorted(s["name"] for s in listed.json()) == [f"map-a/{LETTERS[1].name}", f"sub/{LETTERS[1].name}"]
    assert {(s["format"], s["version"]) for s in listed.json()} == {("docx", 1)}
    assert client.get("/api/documents/zaak-2000Z00000/sources").status_code == 404
    assert client.get(f"/documents/{doc_id}.json").json()["read_from"] == [
        {"format": "Word", "sources": 2, "date": listed.json()[0]["first_read_at"][:10]}]
    assert "Ingelezen uit: Word (2 bestanden)." in client.get(f"/documents/{doc_id}").text
