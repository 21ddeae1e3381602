"""``overleg motions sync``: the Kamer's decision and the votes for every stored motion.

For each stored motion record with a dossier and number, the motion's Zaak is asked of Open Data
(``opendata_votes.fetch``: Zaak by Kamerstukdossier and Volgnummer, Besluit and Stemming
expanded); the Zaak of that dossier and Volgnummer gives the decision and the votes, stored
with the motion (``MotionRepository.set_outcome``). A motion the service does not know yet, or on
which nothing was decided, is counted and left as it was; a malformed entry is skipped and
counted; a request that fails for good is reported for that motion and the others go on.
Running it again stores the same decision again: the votes are replaced, never added to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from overleg.connectors.http import PoliteClient
from overleg.connectors.opendata import BASE_URL, Malformed
from overleg.connectors.opendata_votes import ZaakVotes, fetch
from overleg.errors import FetchError
from overleg.store.core import Store
from overleg.store.motions import MotionRepository


@dataclass
class MotionSyncReport:
    """What a sync did: motions asked about, decisions stored, motions Open Data does not have
    (or has nothing decided on), entries skipped as malformed, and failures per motion."""

    checked: int = 0
    decided: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.checked} motions checked, {len(self.decided)} with a decision, "
                 f"{len(self.undecided)} without one yet, {len(self.not_found)} not in Open Data, "
                 f"{self.skipped} malformed entries skipped, {len(self.failures)} failed"]
        lines += [f"  failed: {motion_id}: {reason}" for motion_id, reason in self.failures]
        return "\n".join(lines)


def _same_paper(found: ZaakVotes, dossier: str, number: str) -> bool:
    """The Zaak is the motion's own (a server may ignore part of the filter)."""
    return (found.dossier or "").replace(" ", "").lower() == dossier.replace(" ", "").lower() \
        and found.number == number.lstrip("0")


def sync_motions(store: Store, client: PoliteClient, *, base: str = BASE_URL, ids: Sequence[str] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> MotionSyncReport:
    """Fetch and store the decision and votes of the stored motions (``ids``: only these)."""
    repo = MotionRepository(store.engine)
    motions = repo.list(ids=list(ids) if ids is not None else None)
    report = MotionSyncReport()
    for done, motion in enumerate(motions, start=1):
        record = motion.record
        if not (record.dossier and record.number):
            continue
        report.checked += 1
        try:
            found = fetch(client, record.dossier, record.number, base)
        except FetchError as e:
            report.failures.append((motion.id, str(e)))
            continue
        report.skipped += sum(1 for f in found if isinstance(f, Malformed))
        zaken = [f for f in found if isinstance(f, ZaakVotes) and _same_paper(f, record.dossier, record.number)]
        report.skipped += sum(z.skipped for z in zaken)
        decided = next((z for z in zaken if z.outcome is not None), None)
        if not zaken:
            report.not_found.append(motion.id)
        elif decided is None or decided.outcome is None:
            report.undecided.append(motion.id)
        else:
            repo.set_outcome(motion.id, decided.outcome, decided.votes)
            report.decided.append(motion.id)
        if progress is not None:
            progress(done, len(motions))
    return report
