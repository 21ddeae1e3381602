"""What an ingest run did: counts of new documents, new versions, unchanged and indexed ones, the
ids it saw, every source that failed with its reason, and every further source of a document
that read differently from its first (``IngestReport.summary``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Failure:
    """A source (a path, or ``file.jsonl:LINE``) that could not be ingested, and why."""

    name: str
    reason: str


@dataclass
class IngestReport:
    new_documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    indexed: int = 0
    # motion records (PDF, Word, official XML motions): new, changed, unchanged
    motions: dict[str, int] = field(default_factory=dict)
    motion_ids: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # sources of a document read earlier in the run that read differently (kept as sources only)
    other_readings: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        lines = [f"{self.new_documents} new documents, {self.new_versions} new versions, "
                 f"{self.unchanged} unchanged, {self.indexed} indexed, {len(self.failures)} failed"]
        if self.motions:
            lines.append(f"  motions: {self.motions.get('new', 0)} new, {self.motions.get('changed', 0)} changed, "
                         f"{self.motions.get('unchanged', 0)} unchanged")
        lines += [f"  failed: {f.name}: {f.reason}" for f in self.failures]
        lines += [f"  read differently: {f.name}: {f.reason}" for f in self.other_readings]
        return "\n".join(lines)
