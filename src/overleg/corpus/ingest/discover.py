"""Which sources an ingest reads: files and folders (walked recursively, sorted; hidden files and
a folder's own README and SOURCES notes left out), each file one unit of work, a JSON Lines file
one unit per ``JSONL_CHUNK`` lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from overleg.corpus.ingest.report import Failure

JSONL_CHUNK = 20
SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".doc", ".json", ".jsonl", ".xml"}


@dataclass(frozen=True)
class Unit:
    """Work for one reader call: a file, or lines ``[start, stop)`` of a JSON Lines file."""

    path: Path
    name: str
    lines: tuple[int, int] | None = None


def discover(paths: Iterable[Path]) -> tuple[list[Unit], list[Failure]]:
    """Units to read, in a stable order (folders walked recursively, sorted; hidden files skipped),
    and the paths that do not exist."""
    units: list[Unit] = []
    missing: list[Failure] = []
    for root in paths:
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _is_document(p)
                           and not any(part.startswith(".") for part in p.relative_to(root).parts))
            units += [u for p in files for u in _units(p, f"{root.name}/{p.relative_to(root).as_posix()}")]
        elif root.is_file():
            units += _units(root, root.name)
        else:
            missing.append(Failure(str(root), "no such file or folder"))
    return units, missing


def _is_document(path: Path) -> bool:
    """In a folder: files of a readable kind, leaving out the folder's own README and SOURCES notes."""
    return path.suffix.lower() in SUFFIXES and not path.name.upper().startswith(("README", "SOURCES"))


def _units(path: Path, name: str) -> list[Unit]:
    if path.suffix.lower() != ".jsonl":
        return [Unit(path, name)]
    with path.open("rb") as f:
        count = sum(1 for _ in f)
    return [Unit(path, name, (start, min(start + JSONL_CHUNK, count))) for start in range(0, count, JSONL_CHUNK)]
