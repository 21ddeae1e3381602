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


def test_the_command_line_applies_the_patch_folders_of_the_settings(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from overleg.cli import app

    data = SEED.read_bytes()
    lines = prepare(Source("seed", data)).lines
    n = lines.index("Klaver ") if "Klaver " in lines else lines.index("Klaver")
    folder = tmp_path / "patches"
    folder.mkdir()
    _write_patch(folder, data, f"@@ -{n + 1},1 +{n + 1},1 @@\n-{lines[n]}\n+Van Dijk\n")
    source = tmp_path / "seed.txt"
    source.write_bytes(data)
    runner = CliRunner()
    patched = runner.invoke(app, ["parse", str(source)], env={"OVERLEG_PATCHES": str(folder)})
    plain = runner.invoke(app, ["parse", str(source)], env={"OVERLEG_PATCHES": ""})
    assert patched.exit_code == 0 and plain.exit_code == 0, patched.output
    assert json.loads(patched.stdout)["committee"]["chair"] == "Van Dijk"
    assert json.loads(plain.stdout)["committee"]["chair"] != "Van Dijk"
    url = f"sqlite:///{tmp_path / 'o.db'}"
    ingested = runner.invoke(app, ["ingest", str(source), "--database", url, "--quiet", "--jobs", "2"],
                             env={"OVERLEG_PATCHES": str(folder)})
    assert ingested.exit_code == 0, ingested.output
    exported = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(tmp_path / "dump"), "--database", url])
    assert exported.exit_code == 0, exported.output
    stored = json.loads((tmp_path / "dump" / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert stored["committee"]["chair"] == "Van Dijk"
