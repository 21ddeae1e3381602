"""The few access rules of the corpus side, named once (the procedure keeps its own table in
``overleg.procedure.access``).

Everything stored in the corpus is public: documents, search, statistics, feeds. Looking after
the corpus (ingest, sync, export, index maintenance, running the alerts) is the operator's or an
administrator's; saved searches and follows belong to the logged-in user who made them.
"""

from __future__ import annotations

from overleg.errors import NotAuthenticated, PermissionDenied
from overleg.service.accounts import Credentials


def anyone(who: Credentials) -> None:
    """Public reads: the public, every user and the operator may."""


def administrator(who: Credentials, doing: str) -> None:
    """The operator and administrators only."""
    if not who.is_admin:
        raise PermissionDenied(f"Alleen een beheerder mag {doing}.")


def user_id(who: Credentials) -> str:
    """The id of the logged-in user; NotAuthenticated for the public."""
    if who.user is None:
        raise NotAuthenticated("Log in (POST /api/login) of stuur een bearer-token mee.")
    return who.user.id
