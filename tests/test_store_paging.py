"""Paging the accounts' log and the outbox "before id N" takes any whole number, on both stores:
a number past PostgreSQL's 32-bit ids means "from the newest", never a refused query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api_helpers import migrated_store
from db_support import database
from overleg.store import AccountEvent

AT = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_log_and_the_outbox_page_before_any_whole_number(kind: str, tmp_path: Path) -> None:
    with database(kind, tmp_path) as url:
        store = migrated_store(url)
        try:
            for n in range(3):
                store.users.record_account_event(AccountEvent(what=f"stap-{n}", at=AT))
            newest = [e.what for e in store.users.account_events()]
            assert newest == ["stap-2", "stap-1", "stap-0"]
            for huge in (2**31, 2**40, 10**18):
                assert [e.what for e in store.users.account_events(before=huge)] == newest
                assert store.mail.outbox(before=huge) == store.mail.outbox()
            ids = [e.id for e in store.users.account_events()]
            assert ids[0] is not None and [e.what for e in store.users.account_events(before=ids[0])] == newest[1:]
            assert store.users.account_events(before=0) == () and store.users.account_events(before=-(2**40)) == ()
            assert store.mail.outbox(before=-(2**40)) == ()
        finally:
            store.close()
