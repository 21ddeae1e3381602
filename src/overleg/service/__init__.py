"""The service layer: the one door to the store. Every read and write of the command line, the
REST API and the web UI is a method of one of its parts, which takes who is asking
(``Credentials``: a user, the public, or the command line's operator) and checks access there.

    service = Service.open(settings)                       # or Service(store) in tests
    who = service.accounts.credentials(user)               # roles from the store's memberships
    service.consultations.execute(who.actor, "c1", command)  # decide -> apply -> append, one transaction
    service.consultations.get(who.actor, "c1")             # the view the actor may read
    service.documents.rendered("kst-21501-02-3349", "html")
    service.search.search(who, "Rafah", SearchFilters(group="D66"))
    service.analytics.table(who, "answer-times")
    service.corpus.ingest(Credentials.operator(), [Path("folder")])

The parts: ``accounts``, ``consultations``, ``documents`` (stored papers and rendering),
``corpus`` (ingest, sync, export, index upkeep, the newest papers, links), ``search``,
``analytics`` (figures and the entity view), ``feeds``, ``alerts``, ``database`` (schema and
integrity), ``registers`` (ministries and parliamentary groups, and the resolver of their
names). The types the interfaces need from below are re-exported here, so that nothing
above the service imports the store or the corpus. See docs/architecture.md.
"""

from overleg.connectors.names import ExportFormat, SourceName
from overleg.connectors.sync import Entry as SyncEntry
from overleg.connectors.sync import Outcome as SyncOutcome
from overleg.connectors.sync import Summary
from overleg.corpus.alerts.notifications import AlertReport, Subscription
from overleg.corpus.analytics.entities import CommitmentView, CorpusView, Entity, ItemRef, MinistryFigures
from overleg.corpus.analytics.figures import TERM_DAYS
from overleg.corpus.analytics.table import Table
from overleg.corpus.ingest.report import IngestReport
from overleg.corpus.links import DocumentLink, DocumentLinks, LinkedPaper
from overleg.corpus.recent import ListedDocument
from overleg.corpus.search.facets import FacetCount, FacetCounts
from overleg.corpus.search.filters import SearchFilters
from overleg.corpus.search.hits import MARK, Hit
from overleg.corpus.search.query import MAX_QUERY_CHARS
from overleg.corpus.search.ranking import MAX_OFFSET  # the API's deepest offset
from overleg.corpus.search.similar import SimilarQuestion
from overleg.service.accounts import ADMIN_SCOPE, Accounts, Credentials, Grant
from overleg.service.commands import COMMANDS, command_from_json
from overleg.service.commitments import MAX_REASON, Commitments
from overleg.service.consultations import Consultations, LogEntry
from overleg.service.core import Service
from overleg.service.database import Database, Readiness, SchemaStatus
from overleg.service.documents import Documents, Rendered, render_document
from overleg.service.invitations import IssuedLink, LinkRefused, Listed
from overleg.service.mail_texts import MAIL_KINDS
from overleg.service.notifications import JobReport, Notifications
from overleg.service.registers import Registers
from overleg.service.search import SORTS, SearchResults
from overleg.store import AccountEvent, DocumentSource, DocumentVersion, IntegrityReport, PoolUsage, TokenInfo, User
from overleg.store.commitment_marks import CommitmentMark
from overleg.store.leases import JobLease
from overleg.vocabulary.registers import Ministry, ParliamentaryGroup, Post

__all__ = [
    "ADMIN_SCOPE",
    "COMMANDS",
    "MAIL_KINDS",
    "MARK",
    "MAX_OFFSET",
    "MAX_QUERY_CHARS",
    "MAX_REASON",
    "SORTS",
    "TERM_DAYS",
    "AccountEvent",
    "Accounts",
    "AlertReport",
    "CommitmentMark",
    "CommitmentView",
    "Commitments",
    "Consultations",
    "CorpusView",
    "Credentials",
    "Database",
    "DocumentLink",
    "DocumentLinks",
    "DocumentSource",
    "DocumentVersion",
    "Documents",
    "Entity",
    "ExportFormat",
    "FacetCount",
    "FacetCounts",
    "Grant",
    "Hit",
    "IngestReport",
    "IntegrityReport",
    "IssuedLink",
    "ItemRef",
    "JobLease",
    "JobReport",
    "LinkRefused",
    "LinkedPaper",
    "Listed",
    "ListedDocument",
    "LogEntry",
    "Ministry",
    "MinistryFigures",
    "Notifications",
    "ParliamentaryGroup",
    "PoolUsage",
    "Post",
    "Readiness",
    "Registers",
    "Rendered",
    "SchemaStatus",
    "SearchFilters",
    "SearchResults",
    "Service",
    "SimilarQuestion",
    "SourceName",
    "Subscription",
    "Summary",
    "SyncEntry",
    "SyncOutcome",
    "Table",
    "TokenInfo",
    "User",
    "command_from_json",
    "render_document",
]
