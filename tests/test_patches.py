"""Patch files fix broken sources before parsing, and refuse to apply where they do not fit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import overleg
from overleg.errors import UnreadableInput
from overleg.readers import prepare
from overleg.readers.source import Source

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "overleg" / "examples"
SEED = EXAMPLES / "kst-21501-02-3349.txt"


def _write_patch(folder: Path, data: bytes, body: str) -> None:
    sha = hashlib.sha256(data).hexdigest()
    (folder / "fix.patch").write_text(f"# sha256: {sha}\n# why: test\n{body}", encoding="utf-8")


def test_a_patch_for_the_source_changes_what_is_read(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    lines = prepare(Source("seed", data)).lines
    n = lines.index("Klaver ") if "Klaver " in lines else lines.index("Klaver")
    _write_patch(tmp_path, data, f"@@ -{n + 1},1 +{n + 1},1 @@\n-{lines[n]}\n+Van Dijk\n")
    doc = overleg.read(data, name="seed", patches=[tmp_path])
    assert doc.committee is not None and doc.committee.chair == "Van Dijk"


def test_a_patch_that_does_not_fit_names_the_patch_file(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    _write_patch(tmp_path, data, "@@ -3,1 +3,1 @@\n-no such line\n+x\n")
    with pytest.raises(UnreadableInput, match=r"fix\.patch"):
        overleg.read(data, name="seed", patches=[tmp_path])


def test_a_patch_for_another_source_leaves_this_one_alone(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    _write_patch(tmp_path, b"other bytes", "@@ -1,1 +1,1 @@\n-x\n+y\n")
    assert overleg.read(data, name="seed", patches=[tmp_path]).committee == overleg.read(SEED).committee
