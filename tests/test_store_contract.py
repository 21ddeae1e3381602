"""The store contract: one suite, run against SQLite (a temporary file) and PostgreSQL.

PostgreSQL databases come from db_support.py: found at $OVERLEG_TEST_POSTGRES (an admin URL),
else 127.0.0.1:5432 as user postgres, then root (trust auth). Each test gets its own database,
created with CREATE DATABASE and dropped WITH (FORCE) afterwards. When PostgreSQL cannot be
reached its tests are skipped, except on CI (CI=true), where they fail and say why.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from db_support import postgres_database, snapshot_json
from overleg.errors import Conflict, NotFound, StaleContribution, StaleVersion, StoreNotMigrated
from overleg.model import Document, DocumentId, DocumentType, Item
from overleg.procedure import RoleKind as Role
from overleg.store import Change, ConsultationSnapshot, GroupCheck, Store, StoredEvent, open_store
from overleg.store.migrate import current_revision, head_revision, is_up_to_date, upgrade
from overleg.store.schema import document_items, is_portable_name, metadata, sync_states
from overleg.store.timeutil import as_utc
from overleg.store.users import fast_hasher


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def store(empty_url: str) -> Iterator[Store]:
    """A migrated store with the fast password hasher."""
    opened = open_store(empty_url, hasher=fast_hasher())
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()


def report(title: str, answers: tuple[str | None, ...] = ("Ja.", "Nee.")) -> Document:
    items = tuple(Item(number=n, question=f"Vraag {n}?", answer=a, faction="VVD", topic="Algemeen")
                  for n, a in enumerate(answers, start=1))
    return Document(type=DocumentType.VERSLAG, id=DocumentId("kst-21501-02-3349"), title=title, items=items)


def event(kind: str = "PassageAdded", n: int = 0, actor: str | None = "u1") -> StoredEvent:
    return StoredEvent(type=kind, payload_json=json.dumps({"n": n}), actor_id=actor,
                       at=dt.datetime(2026, 11, 27, 12, 0, n % 60, 1234, tzinfo=dt.UTC))


# -- migrations ---------------------------------------------------------------------------------

def test_migrations_bring_an_empty_database_to_the_head_revision(empty_url: str) -> None:
    assert current_revision(empty_url) is None
    assert not is_up_to_date(empty_url)
    assert upgrade(empty_url) == head_revision()
    assert is_up_to_date(empty_url)
    assert upgrade(empty_url) == head_revision()  # a second upgrade is a no-op


def test_two_upgrades_at_once_both_succeed(empty_url: str) -> None:
    revisions: list[str] = []
    _run_threads(lambda k: revisions.append(upgrade(empty_url)), 2)
    assert revisions == [head_revision(), head_revision()]


def test_migrated_schema_matches_the_tables_the_repositories_use(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": is_portable_name})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_schema_comparison_leaves_out_the_partial_index_of_the_newest_entries_but_not_other_indexes() -> None:
    assert not is_portable_name("ix_search_entries_tsv_after_1867602", "index")
    assert is_portable_name("ix_search_entries_document_id", "index")


def test_opening_an_unmigrated_store_with_require_migrated_names_the_upgrade_command(empty_url: str) -> None:
    with pytest.raises(StoreNotMigrated, match="overleg db upgrade") as raised:
        open_store(empty_url, require_migrated=True)
    assert raised.value.status == 503
    assert "secret" not in str(raised.value)


# -- documents ----------------------------------------------------------------------------------

def test_saving_the_same_document_twice_keeps_one_version(store: Store) -> None:
    first = store.documents.save(report("Verslag"), "seed.txt")
    again = store.documents.save(report("Verslag"), "seed.txt")
    assert (first.id, first.version, first.created, first.changed) == ("kst-21501-02-3349", 1, True, True)
    assert (again.version, again.created, again.changed) == (1, False, False)
    assert len(store.documents.versions("kst-21501-02-3349")) == 1


def test_changed_content_becomes_a_new_version_and_old_versions_stay_readable(store: Store) -> None:
    store.documents.save(report("Verslag"), "seed.txt")
    saved = store.documents.save(report("Verslag", answers=("Ja.", "Misschien.")), "seed-v2.txt", reason="erratum")
    assert (saved.version, saved.created, saved.changed) == (2, False, True)
    assert store.documents.get("kst-21501-02-3349") == report("Verslag", answers=("Ja.", "Misschien."))
    assert store.documents.get("kst-21501-02-3349", version=1) == report("Verslag")
    versions = store.documents.versions("kst-21501-02-3349")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].content_hash != versions[1].content_hash
    assert [(v.source_name, v.reason) for v in versions] == [("seed.txt", None), ("seed-v2.txt", "erratum")]
    assert [(d.id, d.version) for d in store.documents.list()] == [("kst-21501-02-3349", 2)]


def test_recent_lists_the_latest_version_of_each_document_most_recently_stored_first(store: Store) -> None:
    store.documents.save(report("Verslag"), "a")
    anonymous = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, items=(Item(1, "Waarom?", "Daarom."),))
    other = store.documents.save(anonymous, "antwoord.docx")
    store.documents.save(report("Verslag, verbeterd"), "b")
    assert [(d.id, d.version) for d in store.documents.recent()] == [("kst-21501-02-3349", 2), (other.id, 1)]
    assert [d.id for d in store.documents.recent(limit=1)] == ["kst-21501-02-3349"]


def test_document_items_are_copied_for_each_version(store: Store) -> None:
    store.documents.save(report("Verslag"), "a")
    store.documents.save(report("Verslag", answers=("Ja.", "Nee.", "Soms.")), "b")
    with store.engine.connect() as conn:
        rows = conn.execute(select(document_items.c.document_version, func.count())
                            .group_by(document_items.c.document_version)
                            .order_by(document_items.c.document_version)).all()
    assert [tuple(r) for r in rows] == [(1, 2), (2, 3)]


def test_a_document_without_canonical_id_is_stored_under_its_content_whatever_its_source_name(store: Store) -> None:
    anonymous = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, items=(Item(1, "Waarom?", "Daarom."),))
    saved = store.documents.save(anonymous, "antwoord.docx")
    assert saved.id.startswith("inhoud-")
    again = store.documents.save(anonymous, "kopie/antwoord (1).docx")
    assert (again.id, again.changed) == (saved.id, False)
    assert [s.name for s in store.documents.sources(saved.id)] == ["antwoord.docx", "kopie/antwoord (1).docx"]
    assert store.documents.get(saved.id) == anonymous
    assert [d.type for d in store.documents.list(type="schriftelijke-vragen")] == ["schriftelijke-vragen"]
    assert store.documents.list(type="verslag-schriftelijk-overleg") == ()


def test_concurrent_saves_of_one_document_make_one_version_per_distinct_content(store: Store) -> None:
    _run_threads(lambda k: store.documents.save(report("Verslag"), f"copy {k}"), 10)
    assert [v.version for v in store.documents.versions("kst-21501-02-3349")] == [1]
    _run_threads(lambda k: store.documents.save(report(f"Verslag {k}"), f"edit {k}"), 10)
    versions = store.documents.versions("kst-21501-02-3349")
    assert [v.version for v in versions] == list(range(1, 12))
    assert {store.documents.get("kst-21501-02-3349", v.version).title for v in versions[1:]} == {
        f"Verslag {k}" for k in range(10)}


def test_the_stored_json_is_served_as_is(store: Store) -> None:
    store.documents.save(report("Verslag"), "a")
    assert json.loads(store.documents.get_json("kst-21501-02-3349"))["title"] == "Verslag"


def test_a_missing_document_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.documents.get("kst-1-1")
    store.documents.save(report("Verslag"), "a")
    with pytest.raises(NotFound):
        store.documents.get("kst-21501-02-3349", version=7)


# -- events -------------------------------------------------------------------------------------

def test_appended_events_read_back_in_order_with_their_seq_and_time(store: Store) -> None:
    assert store.events.append("c1", 0, [event(n=1), event(n=2)], '{"s": 1}', "draft") == 2
    assert store.events.append("c1", 2, [event("IntakeOpened", 3, actor=None)], '{"s": 2}', "intake-open") == 3
    log = store.events.read("c1")
    assert [(e.seq, e.type, json.loads(e.payload_json)["n"]) for e in log] == [
        (1, "PassageAdded", 1), (2, "PassageAdded", 2), (3, "IntakeOpened", 3)]
    assert log[0].at == event(n=1).at and log[0].at.tzinfo is not None
    assert log[2].actor_id is None
    assert [e.seq for e in store.events.read("c1", after_seq=2)] == [3]
    snapshot = store.events.snapshot("c1")
    assert snapshot is not None
    assert (snapshot.state, snapshot.version, snapshot.snapshot_json) == ("intake-open", 3, '{"s": 2}')


def test_a_stale_append_is_refused_with_the_current_version_and_changes_nothing(store: Store) -> None:
    store.events.append("c1", 0, [event(n=1)], "{}", "draft")
    store.events.append("c1", 1, [event(n=2)], '{"v": 2}', "draft")
    with pytest.raises(StaleVersion) as raised:
        store.events.append("c1", 1, [event(n=99)], '{"v": "lost"}', "sent")
    assert (raised.value.expected, raised.value.current, raised.value.status) == (1, 2, 409)
    assert [e.seq for e in store.events.read("c1")] == [1, 2]
    snapshot = store.events.snapshot("c1")
    assert snapshot is not None and (snapshot.state, snapshot.snapshot_json) == ("draft", '{"v": 2}')


def test_creating_the_same_consultation_twice_is_stale(store: Store) -> None:
    store.events.append("c1", 0, [event(n=1)], "{}", "draft")
    with pytest.raises(StaleVersion):
        store.events.append("c1", 0, [event(n=1)], "{}", "draft")
    with pytest.raises(StaleVersion):
        store.events.append("c2", 4, [event(n=1)], "{}", "draft")
    assert store.events.snapshot("c2") is None
    assert store.events.read("c2") == ()


def test_of_twenty_clients_creating_one_consultation_exactly_one_succeeds(store: Store) -> None:
    outcomes: list[str] = []

    def client(k: int) -> None:
        try:
            store.events.append("new", 0, [event("Drafted", k)], json.dumps({"by": k}), "draft")
            outcomes.append(f"created {k}")
        except StaleVersion:
            outcomes.append("stale")

    _run_threads(client, 20)
    created = [o for o in outcomes if o.startswith("created")]
    assert len(created) == 1 and len(outcomes) == 20
    log = store.events.read("new")
    assert len(log) == 1 and f"created {json.loads(log[0].payload_json)['n']}" == created[0]


def test_a_group_edit_based_on_an_old_group_version_is_refused(store: Store) -> None:
    store.events.append("c1", 0, [event(n=1)], "{}", "draft", group=GroupCheck("VVD", 0))
    store.events.append("c1", 1, [event(n=2)], "{}", "draft", group=GroupCheck("D66", 0))
    with pytest.raises(StaleContribution) as raised:
        store.events.append("c1", 2, [event(n=3)], "{}", "draft", group=GroupCheck("VVD", 0))
    assert (raised.value.group, raised.value.current, raised.value.status) == ("VVD", 1, 409)
    assert store.events.current_seq("c1") == 2
    assert (store.events.group_version("c1", "VVD"), store.events.group_version("c1", "CDA")) == (1, 0)


def test_the_database_refuses_to_change_or_delete_events_and_document_versions(store: Store) -> None:
    store.events.append("c1", 0, [event(n=1)], "{}", "draft")
    store.documents.save(report("Verslag"), "a")
    for statement in ("UPDATE consultation_events SET type = 'X'", "DELETE FROM consultation_events",
                      "UPDATE documents SET title = 'X'", "DELETE FROM document_items"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert [e.type for e in store.events.read("c1")] == ["PassageAdded"]


def test_concurrent_appends_to_distinct_consultations_all_land(store: Store) -> None:
    def client(k: int) -> None:
        for n in range(5):
            store.events.append(f"c{k}", n, [event(n=n)], snapshot_json(f"c{k}", n + 1), "draft")

    _run_threads(client, 20)
    assert store.events.count() == 100
    assert all(c.version == 5 for c in store.events.consultations())
    assert store.integrity_check().ok


def test_concurrent_appends_to_one_consultation_keep_every_acknowledged_write_and_nothing_else(store: Store) -> None:
    store.events.append("c", 0, [event(n=0)], "{}", "draft")
    acknowledged: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        for attempt in range(6):
            mark = f"{k}-{attempt}"
            seq = store.events.current_seq("c")
            try:
                edit = StoredEvent("Edited", json.dumps({"mark": mark}), f"u{k}", dt.datetime.now(dt.UTC))
                store.events.append("c", seq, [edit], json.dumps({"last": mark}), "draft")
            except StaleVersion:
                with lock:
                    refused.append(mark)
            else:
                with lock:
                    acknowledged.append(mark)

    _run_threads(client, 20)
    logged = [json.loads(e.payload_json)["mark"] for e in store.events.read("c", after_seq=1)]
    assert sorted(logged) == sorted(acknowledged)  # every acknowledged write, once, and no refused one
    assert len(acknowledged) + len(refused) == 120
    assert [e.seq for e in store.events.read("c")] == list(range(1, len(acknowledged) + 2))
    snapshot = store.events.snapshot("c")
    assert snapshot is not None and json.loads(snapshot.snapshot_json)["last"] == logged[-1]


def test_groups_submitting_at_the_same_moment_all_land_when_the_service_retries(store: Store) -> None:
    store.events.append("c", 0, [event(n=0)], "{}", "intake-open")

    def group(k: int) -> None:
        while True:  # what the service does: re-apply the command on a consultation-level conflict
            seq = store.events.current_seq("c")
            try:
                store.events.append("c", seq, [event("ContributionSubmitted", k, actor=f"g{k}")], "{}",
                                    "intake-open", group=GroupCheck(f"group {k}", 0))
                return
            except StaleContribution:
                raise
            except StaleVersion:
                continue

    _run_threads(group, 20)
    submitted = sorted(json.loads(e.payload_json)["n"] for e in store.events.read("c", after_seq=1))
    assert submitted == list(range(20))
    assert all(store.events.group_version("c", f"group {k}") == 1 for k in range(20))


def test_update_reapplies_a_command_to_the_newer_state_until_it_lands(store: Store) -> None:
    def add(k: int) -> Callable[[ConsultationSnapshot | None], Change]:
        def step(current: ConsultationSnapshot | None) -> Change:
            names = json.loads(current.snapshot_json) if current else []
            return Change((event("ContributionSubmitted", k, actor=f"g{k}"),), json.dumps([*names, k]), "intake-open")
        return step

    _run_threads(lambda k: store.events.update("c", add(k), group=GroupCheck(f"group {k}", 0)), 20)
    snapshot = store.events.snapshot("c")
    assert snapshot is not None and sorted(json.loads(snapshot.snapshot_json)) == list(range(20))
    assert snapshot.version == 20
    with pytest.raises(StaleContribution):
        store.events.update("c", add(3), group=GroupCheck("group 3", 0))


def test_update_locked_runs_each_step_once_while_writers_take_turns(store: Store) -> None:
    runs: list[int] = []

    def add(k: int) -> Callable[[ConsultationSnapshot | None], Change]:
        def step(current: ConsultationSnapshot | None) -> Change:
            runs.append(k)
            names = json.loads(current.snapshot_json) if current else []
            return Change((event("ContributionSubmitted", k, actor=f"g{k}"),), json.dumps([*names, k]), "intake-open")
        return step

    store.events.update_locked("c", add(-1))
    _run_threads(lambda k: store.events.update_locked("c", add(k)), 20)
    snapshot = store.events.snapshot("c")
    assert snapshot is not None and sorted(json.loads(snapshot.snapshot_json)) == list(range(-1, 20))
    assert snapshot.version == 21
    assert sorted(runs) == list(range(-1, 20))  # no step ran twice: nobody lost a race


def _run_threads(target: object, count: int) -> None:
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            target(k)  # type: ignore[operator]
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors[:3]
    assert not any(t.is_alive() for t in threads)


# -- users, tokens, sessions --------------------------------------------------------------------

def test_a_user_without_a_password_cannot_log_in_but_uses_issued_tokens(store: Store) -> None:
    robot = store.users.create_user("robot", None)
    assert store.users.verify_password("robot", "") is None
    assert store.users.verify_password("robot", "!no-password") is None
    token = store.users.create_api_token(robot.id)
    assert store.users.user_for_token(token) == robot
    assert store.users.count() == 1


def test_a_user_logs_in_with_the_right_password_only(store: Store) -> None:
    anna = store.users.create_user("anna", "correct horse", "Anna de Griffier")
    assert store.users.verify_password("anna", "correct horse") == anna
    assert store.users.verify_password("anna", "wrong") is None
    assert store.users.verify_password("nobody", "correct horse") is None
    with store.engine.connect() as conn:
        stored = str(conn.execute(text("SELECT password_hash FROM users")).scalar())
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    store.users.set_disabled(anna.id)
    assert store.users.verify_password("anna", "correct horse") is None


def test_a_username_can_be_taken_only_once(store: Store) -> None:
    store.users.create_user("anna", "pw")
    with pytest.raises(Conflict):
        store.users.create_user("anna", "other")


def test_memberships_are_kept_once_per_role_and_scope(store: Store) -> None:
    anna = store.users.create_user("anna", "pw")
    bert = store.users.create_user("bert", "pw")
    store.users.add_membership(anna.id, Role.CLERK, "Europese Zaken")
    store.users.add_membership(anna.id, "clerk", "Europese Zaken")
    store.users.add_membership(anna.id, Role.MEMBER, "VVD")
    store.users.add_membership(bert.id, Role.MEMBER, "VVD")
    assert [(m.role, m.scope) for m in store.users.memberships(anna.id)] == [
        (Role.CLERK, "Europese Zaken"), (Role.MEMBER, "VVD")]
    assert [u.username for u in store.users.members(Role.MEMBER, "VVD")] == ["anna", "bert"]
    with pytest.raises(ValueError):
        store.users.add_membership(anna.id, "king", "NL")
    with pytest.raises(NotFound):
        store.users.add_membership("no-such-user", Role.STAFF, "VVD")


def test_an_api_token_is_shown_once_stored_hashed_and_stops_working_when_revoked(store: Store) -> None:
    anna = store.users.create_user("anna", "pw")
    token = store.users.create_api_token(anna.id, "replay")
    assert store.users.user_for_token(token) == anna
    assert store.users.user_for_token(token + "x") is None
    with store.engine.connect() as conn:
        hashes = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert token not in hashes and len(hashes) == 1
    assert store.users.revoke_token(token)
    assert not store.users.revoke_token(token)
    assert store.users.user_for_token(token) is None


def test_a_session_carries_its_csrf_token_until_it_ends_or_expires(store: Store) -> None:
    anna = store.users.create_user("anna", "pw")
    new = store.users.create_session(anna.id)
    found = store.users.session(new.session_id)
    assert found is not None and found.user == anna
    assert found.csrf_ok(new.csrf_token) and not found.csrf_ok("forged") and not found.csrf_ok(None)
    store.users.end_session(new.session_id)
    assert store.users.session(new.session_id) is None
    expired = store.users.create_session(anna.id, lifetime=dt.timedelta(seconds=-1))
    assert store.users.session(expired.session_id) is None
    assert store.users.session("never-issued") is None


# -- integrity ----------------------------------------------------------------------------------

def test_the_integrity_check_passes_on_a_store_in_use(store: Store) -> None:
    from overleg.corpus.ingest.save import save_and_index

    save_and_index(store, report("Verslag"), "a")
    store.events.append("c1", 0, [event(n=1), event(n=2)], snapshot_json("c1", 2), "draft")
    store.users.create_user("anna", "pw")
    result = store.integrity_check()
    assert result.ok, result.problems
    assert "event sequences" in result.checked


def test_the_integrity_check_finds_a_gap_in_an_event_log(store: Store) -> None:
    store.events.append("c1", 0, [event(n=1)], "{}", "draft")
    with store.engine.begin() as conn:  # an insert behind the store's back: the log skips seq 2
        conn.execute(text("INSERT INTO consultation_events (consultation_id, seq, type, payload_json, at) "
                          "VALUES ('c1', 3, 'X', '{}', :at)"), {"at": dt.datetime(2026, 1, 1)})
    problems = store.integrity_check().problems
    assert any("c1" in p and "1..2" in p for p in problems), problems
    assert any("snapshot at version 1, log at 3" in p for p in problems), problems


def test_the_integrity_check_reports_an_unmigrated_store(empty_url: str) -> None:
    with open_store(empty_url) as unmigrated:
        assert not unmigrated.integrity_check().ok


# -- sync states ---------------------------------------------------------------------------------

def test_a_saved_sync_state_loads_back_and_a_source_never_saved_has_none(store: Store) -> None:
    at = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
    store.sync_states.save("tk", '{"source": "tk", "cursor": "2025-08-12T10:00:00+02:00"}', at)
    assert store.sync_states.load("tk") == '{"source": "tk", "cursor": "2025-08-12T10:00:00+02:00"}'
    assert store.sync_states.load("ob") is None


def test_saving_a_sync_state_again_replaces_it_and_leaves_other_sources_alone(store: Store) -> None:
    at = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
    store.sync_states.save("tk", "first", at)
    store.sync_states.save("ob", "other", at)
    store.sync_states.save("tk", "second", at + dt.timedelta(minutes=5))
    assert (store.sync_states.load("tk"), store.sync_states.load("ob")) == ("second", "other")
    with store.engine.connect() as conn:
        rows = conn.execute(select(sync_states.c.source, sync_states.c.updated_at)
                            .order_by(sync_states.c.source)).all()
    assert [r.source for r in rows] == ["ob", "tk"]  # one row per source
    assert as_utc(rows[1].updated_at) == at + dt.timedelta(minutes=5)


def test_two_first_saves_of_one_source_at_once_both_succeed_and_one_wins(store: Store) -> None:
    at = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
    _run_threads(lambda k: store.sync_states.save("tk", f"state {k}", at), 4)
    assert store.sync_states.load("tk") in {f"state {k}" for k in range(4)}


# -- opening a new SQLite file from two connections at once ---------------------------------------

class _LockedCursor:
    """A cursor whose database is locked for the first ``locked`` statements (then it runs them)."""

    def __init__(self, locked: int, error: str = "database is locked") -> None:
        self.locked = locked
        self.error = error
        self.ran: list[str] = []

    def execute(self, sql: str) -> None:
        if self.locked:
            self.locked -= 1
            raise sqlite3.OperationalError(self.error)
        self.ran.append(sql)


def test_switching_a_new_file_to_wal_is_tried_again_while_another_connection_holds_the_lock() -> None:
    from overleg.store.engine import _switch_to_wal

    cursor = _LockedCursor(locked=2)
    _switch_to_wal(cursor)
    assert cursor.ran == ["PRAGMA journal_mode=WAL"]
    broken = _LockedCursor(locked=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):  # any other error at once
        _switch_to_wal(broken)
