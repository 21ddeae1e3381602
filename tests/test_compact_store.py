"""Revision 0022: each text stored once, the store of record compressed (issue 18, the store's size).

A store written before it keeps every version to the byte through the upgrade and back down;
the records stay append-only; a record is a fraction of its JSON.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from db_support import database, save_before_0022
from overleg import exchange
from overleg.model import Document
from overleg.readers import read
from overleg.store import migrate, open_store
from overleg.store.documents import pack_record, to_save, unpack_record
from overleg.store.engine import write

SEED = Path(__file__).parent.parent / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"
KINDS = ["sqlite", "postgresql"]


def _versions() -> tuple[Document, Document]:
    first = read(SEED)
    items = (*first.items[:-1], replace(first.items[-1], answer="Een later antwoord, met «aanhalingstekens» en één é."))
    return first, replace(first, items=items)


def _columns(engine: sa.Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


@pytest.mark.parametrize("kind", KINDS)
def test_the_upgrade_keeps_every_stored_version_to_the_byte_and_stores_each_text_once(
        kind: str, tmp_path: Path) -> None:
    first, second = _versions()
    saved = [to_save(first, "seed.txt"), to_save(second, "seed.txt")]
    with database(kind, tmp_path) as url:
        migrate.upgrade(url, "0021")
        store = open_store(url)
        try:
            with store.engine.begin() as conn:  # as the store before revision 0022 wrote them
                for version, one in enumerate(saved, start=1):
                    save_before_0022(conn, one, version)
                conn.execute(sa.text("INSERT INTO search_entries (document_id, item, kind, referral_only, "
                                     "has_commitment, body, stemmed) VALUES ('kst-21501-02-3349', 1, 'question', "
                                     "false, false, 'Rafah', 'rafah')"))
            store.upgrade()
            assert [store.documents.get_json(one.id, v) for v, one in enumerate(saved, start=1)] == [
                unpack_record(one.record) for one in saved]
            first_id = saved[0].id
            assert store.documents.get(first_id, 2) == second
            assert "exchange_json" not in _columns(store.engine, "documents")
            assert _columns(store.engine, "document_items") == {"document_id", "document_version", "position", "number"}
            assert "stemmed" not in _columns(store.engine, "search_entries")
            with store.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM document_items")).scalar() == 2 * len(first.items)
            with pytest.raises(sa.exc.DBAPIError, match="append-only"), write(store.engine) as conn:
                conn.execute(sa.text("UPDATE documents SET title = 'X' WHERE id = :id"), {"id": first_id})
        finally:
            store.close()


@pytest.mark.parametrize("kind", KINDS)
def test_a_downgrade_gives_back_the_json_and_the_item_texts_and_the_upgrade_again_the_records(
        kind: str, tmp_path: Path) -> None:
    first, second = _versions()
    with database(kind, tmp_path) as url:
        store = open_store(url)
        try:
            store.upgrade()
            doc_id = store.documents.save(first, "seed.txt").id
            store.documents.save(second, "seed.txt")
            before = [store.documents.get_json(doc_id, v) for v in (1, 2)]
            with write(store.engine) as conn:
                config = migrate._config()
                config.attributes["connection"] = conn
                command.downgrade(config, "0021")
            with store.engine.connect() as conn:
                texts = conn.execute(sa.text("SELECT exchange_json FROM documents ORDER BY version")).scalars().all()
                items = conn.execute(sa.text("SELECT question, answer FROM document_items WHERE document_version = 2 "
                                             "ORDER BY position")).all()
            assert texts == before
            assert [(i.question, i.answer) for i in items] == [(i.question, i.answer) for i in second.items]
            store.upgrade()
            assert [store.documents.get_json(doc_id, v) for v in (1, 2)] == before
        finally:
            store.close()


def test_a_record_is_a_fraction_of_its_json_and_unpacks_to_it() -> None:
    doc = read(SEED)
    text = exchange.to_json(doc, indent=None)
    record = pack_record(text)
    assert unpack_record(record) == text
    assert len(record) < len(text.encode("utf-8")) / 2
    assert to_save(doc).record == pack_record(json.dumps(exchange.to_dict(doc), ensure_ascii=False, indent=None))

