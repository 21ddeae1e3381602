"""Persistence: documents, consultation event logs with snapshots, users and access.

SQLite by default (``./overleg.db``), PostgreSQL by URL (the ``url`` argument, which the
interfaces take from the settings). See docs/store.md for the schema and the durability choices.

    store = open_store("sqlite:///tmp/x.db")
    store.upgrade()
    store.documents.save(doc, "seed.txt")
    store.events.append("c1", 0, events, snapshot_json, "draft")
"""

from overleg.store.backup import BackupMade, StoreRestored
from overleg.store.core import Store, open_store
from overleg.store.engine import resolve_url
from overleg.store.migrate import Migration, current_revision, head_revision, is_known, is_up_to_date, upgrade
from overleg.store.records import (
    INGESTED,
    AccountEvent,
    Change,
    ConsultationSnapshot,
    DocumentSource,
    DocumentVersion,
    GroupCheck,
    IntegrityReport,
    Membership,
    NewSession,
    NewToken,
    PoolUsage,
    Reservation,
    RoleKind,
    SavedDocument,
    Session,
    StoredEvent,
    TokenInfo,
    User,
    published_by,
)

__all__ = [
    "INGESTED",
    "AccountEvent",
    "BackupMade",
    "Change",
    "ConsultationSnapshot",
    "DocumentSource",
    "DocumentVersion",
    "GroupCheck",
    "IntegrityReport",
    "Membership",
    "Migration",
    "NewSession",
    "NewToken",
    "PoolUsage",
    "Reservation",
    "RoleKind",
    "SavedDocument",
    "Session",
    "Store",
    "StoreRestored",
    "StoredEvent",
    "TokenInfo",
    "User",
    "current_revision",
    "head_revision",
    "is_known",
    "is_up_to_date",
    "open_store",
    "published_by",
    "resolve_url",
    "upgrade",
]
