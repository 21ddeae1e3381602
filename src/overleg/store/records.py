"""What goes into the store and comes out of it: frozen dataclasses, never rows or dicts.

Two records are the procedure's own and only used here: ``StoredEvent`` (an event as the codec
writes it; the store assigns its ``seq``) and ``RoleKind`` (what a membership lets a user do).
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from overleg.model import Document
from overleg.procedure.actors import RoleKind as RoleKind
from overleg.procedure.codec import StoredEvent as StoredEvent

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Who wrote a document version (``documents.origin``): a paper read from a file or synced from a
# public source, or the report a committee published through the procedure (``published_by``).
INGESTED = "ingested"
PUBLISHED = "published:"


def published_by(committee: str) -> str:
    """The origin of a report the committee published through the procedure."""
    return PUBLISHED + committee


@dataclass(frozen=True)
class GroupCheck:
    """An edit to one group's contribution: the group's version the edit was based on.

    The append is refused (``StaleContribution``) unless the group is still at ``expected``;
    on success the group's version becomes ``expected + 1``.
    """

    group: str
    expected: int


@dataclass(frozen=True)
class Change:
    """What one command does to a consultation: the events to append and the state after them."""

    events: tuple[StoredEvent, ...]
    snapshot_json: str
    state: str
    # what else belongs to the same transaction (a published report, a reserved report number):
    # run after the events are appended; an error there rolls the events back too
    alongside: Callable[[Connection], object] | None = None


@dataclass(frozen=True)
class ConsultationSnapshot:
    """The current state of a consultation as last appended: ``version`` is the seq of its last event."""

    consultation_id: str
    state: str
    version: int
    snapshot_json: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class SourceRead:
    """A source a document was read from: its name (path, URL or ``file.jsonl:LINE``), its
    format ("docx"; None when not known) and the sha256 of its bytes ('' when not known);
    ``metadata``: what the publisher says of it, as JSON (an Open Data ``Document`` record's
    fields, ``connectors/opendata.py``), None when nothing is known."""

    name: str
    format: str | None = None
    bytes_hash: str = ""
    metadata: str | None = None


@dataclass(frozen=True)
class DocumentSource:
    """A source a stored document was read from (``DocumentRepository.sources``): when it was
    first and last read, and the document's version when it was first read from it.
    ``metadata``: the publisher's record of it as JSON (``SourceRead``), from the latest read that
    had one; None when there was none (a file, or a source listed before revision 0014)."""

    name: str
    format: str | None
    bytes_hash: str
    first_read_at: dt.datetime
    last_read_at: dt.datetime
    version: int
    metadata: str | None = None


@dataclass(frozen=True)
class DocumentToSave:
    """A document ready to be saved (``documents.to_save``): its id by the store's rule, its
    content hash and its stored record (``record``: the exchange JSON, packed), computed
    without a database (in ingest's reader processes) so that ``DocumentRepository.save_many``
    only writes. ``origin``: ``INGESTED``, or ``published_by(committee)`` with the publishing
    ``consultation_id`` (which must hold the id's reservation)."""

    id: str
    document: Document
    content_hash: str
    record: bytes
    source_name: str | None = None
    reason: str | None = None
    origin: str = INGESTED
    consultation_id: str | None = None
    source: SourceRead | None = None  # what it was read from (listed with the document; None: nothing)
    # every id it is found again by (``identity.alias_keys``, ``id`` first): a document stored
    # under one of them is this one, whichever copy came first (``documents.py``)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SavedDocument:
    """The outcome of saving a document: ``created`` for a new id, ``changed`` for a new version;
    ``refused``: why nothing was saved (the id belongs to another owner), when the caller asked
    for refusals to be returned rather than raised."""

    id: str
    version: int
    created: bool
    changed: bool
    refused: str | None = None


@dataclass(frozen=True)
class Reservation:
    """A report number taken by a consultation when its report was established: only that
    consultation's publication (of its committee) writes versions of the document."""

    document_id: str
    committee: str
    consultation_id: str
    reserved_at: dt.datetime


@dataclass(frozen=True)
class DocumentVersion:
    """One stored version of a document, without its content."""

    id: str
    version: int
    type: str
    title: str | None
    content_hash: str
    source_name: str | None
    created_at: dt.datetime
    reason: str | None = None
    origin: str = INGESTED

    @property
    def published_here(self) -> bool:
        """A report a committee published through the procedure, not a paper read from a source."""
        return self.origin.startswith(PUBLISHED)


@dataclass(frozen=True)
class User:
    id: str
    username: str
    display_name: str
    created_at: dt.datetime
    disabled: bool = False
    email: str | None = None  # revision 0009: where notification mails go (None: none are sent)


@dataclass(frozen=True)
class Membership:
    """A role in a scope: clerk/chair of a committee, member/staff of a group, official of a
    ministry; holding in the consultations of ``committee`` only (None: of every committee)."""

    user_id: str
    role: RoleKind
    scope: str
    committee: str | None = None


@dataclass(frozen=True)
class TokenInfo:
    """A bearer token as it may be shown: its id, never its secret."""

    id: str
    user_id: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked: bool


@dataclass(frozen=True)
class NewToken:
    """A token just issued: ``token`` is the secret, shown once; the store keeps only its hash."""

    token: str
    info: TokenInfo


@dataclass(frozen=True)
class AccountEvent:
    """One entry of the accounts' audit log: what happened, by whom (``actor``, None for the
    public), to whom (``subject``), from which client address, when; ``detail`` in words."""

    what: str
    at: dt.datetime
    actor: str | None = None
    subject: str | None = None
    address: str | None = None
    detail: str = ""
    id: int | None = None  # assigned by the store


@dataclass(frozen=True)
class NewSession:
    """A session just started: ``session_id`` goes into the cookie; the store keeps only its hash."""

    session_id: str
    csrf_token: str
    user_id: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Session:
    """A live session found by its cookie value."""

    user: User
    csrf_token: str
    expires_at: dt.datetime

    def csrf_ok(self, token: str | None) -> bool:
        """Whether a form's CSRF token is this session's (compared in constant time)."""
        return token is not None and hmac.compare_digest(token.encode(), self.csrf_token.encode())


@dataclass(frozen=True)
class IntegrityReport:
    """The outcome of ``Store.integrity_check``: ``problems`` empty means all is well."""

    problems: tuple[str, ...]
    checked: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class PoolUsage:
    """A process's pool of database connections: its size, how many are lent out now, and how
    many beyond the size it opened (up to the engine's ``max_overflow``)."""

    size: int
    checked_out: int
    overflow: int
