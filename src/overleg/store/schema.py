"""The tables the repositories read and write (SQLAlchemy Core).

The migrations in ``overleg/store/migrations/versions`` create these tables; a contract test
compares the migrated database with this metadata, so the two cannot drift apart. Types are
portable: JSON is Text, times are UTC, booleans are Boolean; the same schema runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("title", Text),
    Column("content_hash", String(64), nullable=False),
    Column("source_name", Text),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # revision 0007: who wrote the version, "ingested" or "published:<committee>" (records.INGESTED)
    Column("origin", Text, nullable=False, server_default="ingested"),
    # revision 0022: the compact exchange JSON, zlib-compressed (documents.pack_record), instead of
    # the JSON as text (``exchange_json``)
    Column("exchange_zlib", LargeBinary, nullable=False),
    PrimaryKeyConstraint("id", "version", name="pk_documents"),
    Index("ix_documents_created_at", "created_at"),  # revision 0005: the home page's most recent documents
)

# revision 0010: every source a document was read from (docs/store.md, "One document, its sources")
document_sources = Table(
    "document_sources",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("source_name", Text, nullable=False),  # the path, URL or ``file.jsonl:LINE`` as given
    Column("format", String(32)),  # pdf, docx, text, markdown, json, xml, html (None: not known)
    Column("bytes_hash", String(64), nullable=False),  # sha256 of the bytes read ('' when not known)
    Column("first_read_at", DateTime(timezone=True), nullable=False),
    Column("last_read_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),  # the document's version when first read from it
    # revision 0014: the publisher's record of the source as JSON (an Open Data Document's fields:
    # DocumentNummer, Zaak, dossier, Volgnummer, committee, ...); NULL for files and older rows
    Column("metadata_json", Text),
    PrimaryKeyConstraint("document_id", "source_name", "bytes_hash", name="pk_document_sources"),
)

# revision 0011: every id a document is found by, its own and its aliases (docs/store.md,
# "One document, its identifiers"): the TK's DocumentNummer, the Zaak, the kenmerk it prints
document_identifiers = Table(
    "document_identifiers",
    metadata,
    Column("identifier", String(200), nullable=False),  # ``zaak-2023Z14759``, ``tkdoc-2023D39037``, a store id
    Column("document_id", String(200), nullable=False),
    PrimaryKeyConstraint("identifier", name="pk_document_identifiers"),
    Index("ix_document_identifiers_document_id", "document_id"),
)

document_items = Table(
    "document_items",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("document_version", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    # revision 0022: faction, topic, question and answer dropped (the record and the search
    # entries hold them; nothing read them here)
    PrimaryKeyConstraint("document_id", "document_version", "position", name="pk_document_items"),
    ForeignKeyConstraint(["document_id", "document_version"], ["documents.id", "documents.version"],
                         name="fk_document_items_document"),
)

consultations = Table(
    "consultations",
    metadata,
    Column("id", String(200), nullable=False),
    Column("state", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot_json", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("id", name="pk_consultations"),
)

consultation_events = Table(
    "consultation_events",
    metadata,
    Column("consultation_id", String(200), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(100), nullable=False),
    Column("payload_json", Text, nullable=False),
    Column("actor_id", String(200)),
    Column("at", DateTime(timezone=True), nullable=False),
    # the primary key is the UNIQUE(consultation_id, seq) that makes a lost race fail loudly
    PrimaryKeyConstraint("consultation_id", "seq", name="pk_consultation_events"),
    ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_consultation_events_consultation"),
)

contribution_versions = Table(
    "contribution_versions",
    metadata,
    Column("consultation_id", String(200), nullable=False),
    Column("group_name", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    PrimaryKeyConstraint("consultation_id", "group_name", name="pk_contribution_versions"),
    ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_contribution_versions_consultation"),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), nullable=False),
    Column("username", String(200), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False),
    # revision 0009: the address notifications go to, and the kinds of mail the user turned off
    Column("email", Text),
    Column("mail_off", Text, nullable=False, server_default=""),
    PrimaryKeyConstraint("id", name="pk_users"),
    UniqueConstraint("username", name="uq_users_username"),
)

EVERY_COMMITTEE = "*"  # memberships.committee of a role that holds in every committee (a primary key has no NULL)

memberships = Table(
    "memberships",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("scope", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # revision 0006: the committee whose consultations the role holds in (EVERY_COMMITTEE: all)
    Column("committee", String(200), nullable=False),
    PrimaryKeyConstraint("user_id", "role", "scope", "committee", name="pk_memberships"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_memberships_user"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False),
    # revision 0006: an id to list and revoke a token by (never the secret), and its end
    Column("id", String(32), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("token_hash", name="pk_api_tokens"),
    UniqueConstraint("id", name="uq_api_tokens_id"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("csrf_token", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("id_hash", name="pk_sessions"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user"),
)

# -- revision 0002: the corpus (search index, links, motions, commitments) ----------------------
# Derived from the latest version of each document and rebuilt from it when a version changes;
# unlike the documents themselves these tables are not append-only.

search_documents = Table(
    "search_documents",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("title", Text),
    Column("date", Date),
    Column("has_commitment", Boolean, nullable=False),
    PrimaryKeyConstraint("document_id", name="pk_search_documents"),
)

search_facets = Table(
    "search_facets",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("facet", String(32), nullable=False),
    Column("value", String(300), nullable=False),
    PrimaryKeyConstraint("document_id", "facet", "value", name="pk_search_facets"),
    Index("ix_search_facets_facet_value", "facet", "value"),
)

search_entries = Table(
    "search_entries",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("document_id", String(200), nullable=False),
    Column("item", Integer),
    Column("kind", String(16), nullable=False),
    Column("faction", String(300)),
    Column("referral_only", Boolean, nullable=False),
    Column("has_commitment", Boolean, nullable=False),
    Column("body", Text, nullable=False),
    # revision 0022: ``stemmed`` (analysis.analyse of the body) dropped: phrases and snippets
    # analyse the few bodies they read
    PrimaryKeyConstraint("id", name="pk_search_entries"),
    Index("ix_search_entries_document_id", "document_id"),
    # revision 0015: an id is never given twice (store.postings.new_entry_ids says why)
    sqlite_autoincrement=True,
)

document_links = Table(
    "document_links",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("item", Integer),
    Column("kind", String(16), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("target_item", Integer),
    PrimaryKeyConstraint("document_id", "position", name="pk_document_links"),
    Index("ix_document_links_target_id", "target_id"),
)

motions = Table(
    "motions",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("motion_key", String(300), nullable=False),
    Column("name", Text, nullable=False),
    Column("refs", Text, nullable=False),
    Column("items", Text, nullable=False),
    PrimaryKeyConstraint("document_id", "position", name="pk_motions"),
    Index("ix_motions_motion_key", "motion_key"),
)

commitments = Table(
    "commitments",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("item", Integer),
    Column("text", Text, nullable=False),
    Column("due", Text),
    Column("due_by", Date),
    Column("ministry", Text),
    PrimaryKeyConstraint("document_id", "position", name="pk_commitments"),
)


# -- revision 0015: the postings of every term, for ranking every match (store.postings) ----------

search_postings = Table(
    "search_postings",
    metadata,
    Column("term", String(200), nullable=False),
    Column("segment", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("ids", LargeBinary, nullable=False),
    Column("tfs", LargeBinary, nullable=False),
    PrimaryKeyConstraint("term", "segment", name="pk_search_postings"),
)

search_terms = Table(
    "search_terms",
    metadata,
    Column("term", String(200), nullable=False),
    Column("df", Integer, nullable=False),
    PrimaryKeyConstraint("term", name="pk_search_terms"),
)

search_entry_stats = Table(
    "search_entry_stats",
    metadata,
    Column("segment", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("ids", LargeBinary, nullable=False),
    Column("lengths", LargeBinary, nullable=False),
    Column("kinds", LargeBinary, nullable=False),
    Column("days", LargeBinary, nullable=False),
    Column("genres", LargeBinary),  # revision 0020
    PrimaryKeyConstraint("segment", name="pk_search_entry_stats"),
)


# -- revision 0020: the heads of large posting segments (store.heads) ------------------------------

search_heads = Table(
    "search_heads",
    metadata,
    Column("term", String(200), nullable=False),
    Column("segment", Integer, nullable=False),
    Column("params", String(200), nullable=False),
    Column("count", Integer, nullable=False),
    Column("reference", Float, nullable=False),
    Column("bounds", LargeBinary, nullable=False),
    Column("ids", LargeBinary, nullable=False),
    Column("tfs", LargeBinary, nullable=False),
    PrimaryKeyConstraint("term", "segment", name="pk_search_heads"),
)

# revision 0021: one row, its number raised by every write to the corpus tables (store.generation)
search_generation = Table(
    "search_generation",
    metadata,
    Column("id", Integer, nullable=False),
    Column("generation", BigInteger, nullable=False),
    PrimaryKeyConstraint("id", name="pk_search_generation"),
)


def is_portable_name(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """For schema comparisons (Alembic ``include_name``): leave out the database-specific
    full-text index of revisions 0002 to 0014 (SQLite's FTS5 table and its shadow tables;
    PostgreSQL's generated ``tsv`` column, its GIN indexes), which the portable metadata cannot
    describe; revision 0015 drops it for the portable postings tables."""
    if type_ == "table":
        return not (name or "").startswith("search_fts")
    if type_ == "index":
        return not (name == "ix_search_entries_tsv" or (name or "").startswith("ix_search_entries_tsv_after_"))
    if type_ == "column":
        return name != "tsv"
    return True


# -- revision 0003: alerts (saved searches, follows, notifications already sent) -------------------

def _delivery_columns() -> list[Column[object]]:
    return [Column("email", Text), Column("webhook_url", Text), Column("webhook_secret", Text),
            Column("created_at", DateTime(timezone=True), nullable=False)]


saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("filters_json", Text, nullable=False),
    *_delivery_columns(),
    PrimaryKeyConstraint("id", name="pk_saved_searches"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_saved_searches_user"),
)

follows = Table(
    "follows",
    metadata,
    Column("id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("target_kind", String(32), nullable=False),
    Column("target", String(300), nullable=False),
    *_delivery_columns(),
    PrimaryKeyConstraint("id", name="pk_follows"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_follows_user"),
)

notifications_sent = Table(
    "notifications_sent",
    metadata,
    Column("subscription_id", String(64), nullable=False),
    Column("key", String(400), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("subscription_id", "key", "channel", name="pk_notifications_sent"),
)

# -- revision 0004: what analytics needs of each indexed document (overleg.corpus.facts) ----------

document_facts = Table(
    "document_facts",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("facts_json", Text, nullable=False),
    PrimaryKeyConstraint("document_id", name="pk_document_facts"),
)

# -- revision 0006: login throttling and the accounts' audit log ----------------------------------

# One row per failed login and key (a digest of the account's name, or of the client's address):
# the throttle counts the rows of a key within the window. In the store, so that every server
# process counts the same attempts.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("key", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("id", name="pk_login_failures"),
    Index("ix_login_failures_key_at", "key", "at"),
    Index("ix_login_failures_at", "at"),
)

# What happened to accounts: logins (failed, throttled), tokens issued and revoked, users created,
# deactivated and reactivated, roles granted, passwords set. Append-only.
account_events = Table(
    "account_events",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("what", String(32), nullable=False),
    Column("actor", String(200)),
    Column("subject", String(200)),
    Column("address", String(64)),
    Column("detail", Text, nullable=False),
    PrimaryKeyConstraint("id", name="pk_account_events"),
    Index("ix_account_events_subject", "subject"),
)

# -- revision 0007: report numbers, reserved by the consultation that established the report -------

report_numbers = Table(
    "report_numbers",
    metadata,
    Column("document_id", String(200), nullable=False),
    Column("committee", Text, nullable=False),
    Column("consultation_id", String(200), nullable=False),
    Column("reserved_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("document_id", name="pk_report_numbers"),
    UniqueConstraint("consultation_id", name="uq_report_numbers_consultation"),
    ForeignKeyConstraint(["consultation_id"], ["consultations.id"], name="fk_report_numbers_consultation"),
)

# -- revision 0008: the registers of ministries (with their posts) and parliamentary groups --------
# Consultations and roles store the keys; an administrator edits the registers in the browser.

ministries = Table(
    "ministries",
    metadata,
    Column("key", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("earlier_names_json", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("key", name="pk_ministries"),
)

ministry_posts = Table(
    "ministry_posts",
    metadata,
    Column("ministry_key", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("person", Text),
    Column("active", Boolean, nullable=False),
    PrimaryKeyConstraint("ministry_key", "position", name="pk_ministry_posts"),
    ForeignKeyConstraint(["ministry_key"], ["ministries.key"], name="fk_ministry_posts_ministry"),
)

parliamentary_groups = Table(
    "parliamentary_groups",
    metadata,
    Column("key", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("seats", Integer, nullable=False),
    Column("aliases_json", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("key", name="pk_parliamentary_groups"),
)

# -- revision 0009: invitations, the outbox of mails, notifications in the web UI (store/mail.py) ----

invitations = Table(
    "invitations",
    metadata,
    Column("token_hash", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("purpose", String(16), nullable=False),  # "invite" or "reset"
    Column("inviter", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("token_hash", name="pk_invitations"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_invitations_user"),
    Index("ix_invitations_user_id", "user_id"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("message_id", String(300), nullable=False),
    Column("about_url", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    # revision 0017: a sender's claim on the mail until this moment (None: unclaimed), so that two
    # processes delivering at once send it once (store.mail.claim)
    Column("claimed_until", DateTime(timezone=True)),
    PrimaryKeyConstraint("id", name="pk_outbox"),
    UniqueConstraint("message_id", name="uq_outbox_message_id"),
    Index("ix_outbox_sent_at", "sent_at"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("user_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("link", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("id", name="pk_notifications"),
    ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notifications_user"),
    Index("ix_notifications_user_id", "user_id", "read_at"),
)

notification_keys = Table(
    "notification_keys",
    metadata,
    Column("key", String(400), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("key", name="pk_notification_keys"),
)

# --- revision 0012: motions as records, with the Kamer's decision and the votes per group ---

motion_records = Table(
    "motion_records",
    metadata,
    Column("id", String(200), nullable=False),
    Column("dossier", String(64)),
    Column("number", String(32)),
    Column("title", Text),
    Column("dossier_title", Text),
    Column("date", Date),
    Column("date_text", Text),
    Column("submitters_json", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("considerations_json", Text, nullable=False),
    Column("requests_json", Text, nullable=False),
    Column("replaces", Text),
    Column("source_name", Text),
    Column("content_hash", String(64), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("decision", Text),
    Column("decision_kind", String(200)),
    Column("vote_kind", String(200)),
    Column("decided_on", Date),
    Column("zaak", String(32)),
    Column("result", String(32)),
    Column("synced_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("id", name="pk_motion_records"),
    Index("ix_motion_records_dossier", "dossier"),
)

motion_votes = Table(
    "motion_votes",
    metadata,
    Column("motion_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("group_name", String(200), nullable=False),
    Column("seats", Integer),
    Column("choice", String(64), nullable=False),
    Column("member", String(200)),
    PrimaryKeyConstraint("motion_id", "position", name="pk_motion_votes"),
    ForeignKeyConstraint(["motion_id"], ["motion_records.id"], name="fk_motion_votes_motion"),
)


# -- revision 0013: users marking a commitment fulfilled or open again, with a reason ---------------
# Append-only: the latest mark of a commitment (document, position) decides (store/commitment_marks.py).

commitment_marks = Table(
    "commitment_marks",
    metadata,
    Column("id", Integer, nullable=False, autoincrement=True),
    Column("document_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("marked_by", String(200), nullable=False),
    Column("marked_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("id", name="pk_commitment_marks"),
    Index("ix_commitment_marks_commitment", "document_id", "position"),
)


# -- revision 0016: the corpus vocabulary for "Bedoelde u ...?" ---------------------------
# Every surface word of the searchable texts, folded (lower case, no diacritics), with the number
# of texts holding it: kept by the indexer (corpus/search/suggest.py), read by spelling suggestions.

search_words = Table(
    "search_words",
    metadata,
    Column("word", String(64), nullable=False),
    Column("entries", Integer, nullable=False),
    PrimaryKeyConstraint("word", name="pk_search_words"),
    Index("ix_search_words_entries", "entries"),
)


# -- revision 0018: leases on scheduled jobs (store.leases) --------------------------------------

job_leases = Table(
    "job_leases",
    metadata,
    Column("job", String(64), nullable=False),
    Column("holder", String(200)),
    Column("until", DateTime(timezone=True)),
    Column("last_run_at", DateTime(timezone=True)),
    Column("runs", Integer, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("last_error", Text),
    PrimaryKeyConstraint("job", name="pk_job_leases"),
)


# -- revision 0019: the resumable state of `overleg sync` per source (store.sync_states) ---------

sync_states = Table(
    "sync_states",
    metadata,
    Column("source", String(64), nullable=False),
    Column("state_json", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("source", name="pk_sync_states"),
)
