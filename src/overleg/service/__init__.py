"""The service layer: the one place that combines the store, the procedure, readers and writers.

    service = Service(store)
    actor = service.accounts.actor(user)                   # roles from the store's memberships
    service.consultations.execute(actor, "c1", command)    # decide -> apply -> append, one transaction
    service.consultations.get(actor, "c1")                 # the view the actor may read
    service.documents.render(actor, "kst-21501-02-3349", "html")

The REST API (``overleg.api``) and the CLI (``overleg consultation ...``) both call it; neither
touches the store or the procedure directly. See docs/api.md.
"""

from overleg.service.accounts import Accounts, Credentials
from overleg.service.commands import COMMANDS, command_from_json
from overleg.service.consultations import Consultations, LogEntry
from overleg.service.core import Service
from overleg.service.documents import Documents, Rendered

__all__ = [
    "COMMANDS",
    "Accounts",
    "Consultations",
    "Credentials",
    "Documents",
    "LogEntry",
    "Rendered",
    "Service",
    "command_from_json",
]
