"""Marking a commitment fulfilled, or open again, with a reason (docs/analytics.md, "Marking a
commitment").

Who may mark (checked here, for the web UI, the REST API and the command line alike):

- an administrator, and the operator on the command line;
- a clerk (griffier) of any committee: the committee staff keep the Kamer's register of
  commitments, and an answer to written questions names no committee to narrow it to;
- an official of the ministry that made the commitment (the answering ministry,
  ``corpus.document_rules.answering_ministry``), matched through the register of ministries:
  the official reports what the ministry delivered.

Everyone else, the public included, may read the marks. A mark needs a reason (at most
``MAX_REASON`` characters); marks are only ever added, so the history stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from overleg.corpus.analytics.figures import load_corpus
from overleg.errors import NotFound, PermissionDenied, ValidationFailed
from overleg.procedure.actors import RoleKind
from overleg.service.access import anyone
from overleg.service.accounts import Credentials
from overleg.service.registers import Registers
from overleg.store import Store
from overleg.store.commitment_marks import MARK_STATUSES, CommitmentMark, CommitmentMarkRepository

MAX_REASON = 2000
OPERATOR_NAME = "operator"  # who marked, on the command line
MAY_MARK = ("Alleen een beheerder, een griffier of een ambtenaar van het ministerie dat de toezegging deed "
            "mag een toezegging markeren.")


class Commitments:
    def __init__(self, store: Store, clock: Callable[[], dt.datetime], registers: Registers) -> None:
        self._store = store
        self._clock = clock
        self._registers = registers
        self._marks = CommitmentMarkRepository(store.engine)

    def mark(self, who: Credentials, document_id: str, position: int, status: str, reason: str) -> CommitmentMark:
        """Mark commitment ``position`` (1-based) of the stored document ``document_id``
        ``fulfilled``, or ``open`` again, with a reason; returns the mark as recorded."""
        ministry = self._ministry_of(document_id, position)
        if not self.may_mark(who, ministry):
            raise PermissionDenied(MAY_MARK)
        if status not in MARK_STATUSES:
            raise ValidationFailed("Kies de status ‘nagekomen’ (fulfilled) of ‘open’.", field="status")
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationFailed("Geef een reden: waarmee is de toezegging nagekomen, of waarom is ze weer open?",
                                   field="reason")
        if len(reason) > MAX_REASON:
            raise ValidationFailed(f"De reden is te lang: ten hoogste {MAX_REASON} tekens.", field="reason")
        marked_by = who.user.username if who.user is not None else OPERATOR_NAME
        return self._marks.add(document_id, position, status, reason, marked_by, self._clock())

    def may_mark(self, who: Credentials, ministry: str | None) -> bool:
        """Whether ``who`` may mark a commitment of ``ministry`` (module docstring)."""
        if who.is_admin or who.clerk_of():
            return True
        if ministry is None:
            return False
        wanted = self._registers.key_of(RoleKind.OFFICIAL, ministry) or ministry
        return any(m.role is RoleKind.OFFICIAL and (self._registers.key_of(RoleKind.OFFICIAL, m.scope) or m.scope)
                   == wanted for m in who.memberships)

    def history(self, who: Credentials, document_id: str, position: int) -> tuple[CommitmentMark, ...]:
        """Every mark of one commitment, oldest first (public)."""
        anyone(who)
        return self._marks.history(document_id, position)

    def latest_marks(self, who: Credentials) -> dict[tuple[str, int], CommitmentMark]:
        """The latest mark of every marked commitment (public)."""
        anyone(who)
        return self._marks.latest()

    def _ministry_of(self, document_id: str, position: int) -> str | None:
        stored = next((s for s in load_corpus(self._store) if s.id == document_id), None)
        if stored is None:
            raise NotFound(f"Er is geen opgeslagen document {document_id!r}.")
        count = len(stored.facts.commitments)
        if not 1 <= position <= count:
            raise NotFound(f"Document {document_id} heeft geen toezegging {position}"
                           f" (het heeft er {count}).")
        return stored.facts.ministry
