"""The command line as a user meets it: `python -m overleg ...` in a subprocess.

Bad input gives exactly one line on stderr that names the file, exit status 2, never a
traceback. Reader-specific results (the seed's items) are the golden tests' business; here the
good inputs are exchange JSON files, which every build reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from overleg import exchange
from overleg.model import Document, DocumentId, DocumentType, Item, Problem

ROOT = Path(__file__).resolve().parent.parent
MOTIONS = ROOT / "tests" / "fixtures" / "motions"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def overleg(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "overleg", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd or ROOT,
        timeout=120,
    )


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "boodschappen: brood, kaas")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path


RECIPE = (
    "Appeltaart\n\nIngrediënten\n- 250 g bloem\n- 150 g boter\n- 1 kg appels (Goudrenetten)\n\n"
    "Bereiding\nVerwarm de oven voor op 180 °C. Meng de bloem met de boter en het suiker.\n"
    "Vraag je bakker om advies als het deeg te plakkerig is.\n"
)

BAD_INPUTS: dict[str, Callable[[Path], Path]] = {
    "empty file": lambda tmp: _write(tmp / "leeg.txt", b""),
    "only whitespace": lambda tmp: _write(tmp / "spaties.txt", b"  \n\t\n  "),
    "binary garbage": lambda tmp: _write(tmp / "rommel.bin", bytes(range(256)) * 8),
    "a zip that is not docx": lambda tmp: _zip(tmp / "archief.zip"),
    "a zip named docx": lambda tmp: _zip(tmp / "verslag.docx"),
    "a damaged zip": lambda tmp: _write(tmp / "kapot.docx", b"PK\x03\x04" + b"\x00" * 60),
    "an old word file (synthetic)": lambda tmp: _write(tmp / "oud.doc", OLE2 + b"\x00" * 504),
    "an old word file (a real motion)": lambda tmp: MOTIONS / "ca71487f-866a-43aa-a9d5-ec3e2c3a236c.doc",
    "a recipe": lambda tmp: _write(tmp / "recept.txt", RECIPE.encode("utf-8")),
    "a motion as text": lambda tmp: MOTIONS / "kst-21501-02-3121.motion.txt",
    "a motion as pdf": lambda tmp: MOTIONS / "d7a5dc6c-3636-4acd-8630-96c14e97dcce.pdf",
    "a motion as word": lambda tmp: MOTIONS / "0787ced2-629a-4d32-ab8f-4b97a7680248.docx",
    "a pdf that is only a header": lambda tmp: _write(tmp / "half.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    "json that is not the exchange format": lambda tmp: _write(tmp / "data.json", b'{"type": "motie", "id": 5}'),
    "json that is not even json": lambda tmp: _write(tmp / "kapot.json", b'{"type": "verslag-'),
    "a missing file": lambda tmp: tmp / "bestaat-niet.pdf",
    "a folder": lambda tmp: tmp,
    "a name with spaces and accents": lambda tmp: _write(tmp / "vragen café één.txt", b""),
}


def _assert_one_line_naming(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0], lines[0]


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_parse_of_bad_input_gives_one_line_naming_the_file_and_exit_status_2(kind: str, tmp_path: Path) -> None:
    path = BAD_INPUTS[kind](tmp_path)
    result = overleg("parse", path)
    assert result.returncode == 2, result.stderr
    _assert_one_line_naming(result, path)
    assert result.stdout == ""


@pytest.mark.parametrize("kind", ["empty file", "binary garbage", "a recipe", "a missing file", "a folder"])
def test_check_of_bad_input_gives_one_line_naming_the_file_and_exit_status_2(kind: str, tmp_path: Path) -> None:
    path = BAD_INPUTS[kind](tmp_path)
    result = overleg("check", path)
    assert result.returncode == 2, result.stderr
    _assert_one_line_naming(result, path)


def test_the_messages_say_what_was_wrong(tmp_path: Path) -> None:
    expectations = {
        "empty file": "empty",
        "a zip that is not docx": "zip",
        "an old word file (synthetic)": ".doc",
        "a missing file": "no such file",
        "a folder": "folder",
        "a motion as text": "motion",
    }
    for kind, words in expectations.items():
        result = overleg("parse", BAD_INPUTS[kind](tmp_path))
        assert words in result.stderr.lower(), (kind, result.stderr)


DOC = Document(
    type=DocumentType.SCHRIFTELIJKE_VRAGEN,
    id=DocumentId("ah-tk-20232024-1076"),
    subject="het afgelasten van diverse Sinterklaasintochten",
    items=(Item(1, "Bent u bekend met het bericht “Intocht afgelast”?", "Ja."), Item(2, "Waarom?", None)),
)
WITH_PROBLEMS = replace(
    DOC,
    id=DocumentId("ah-tk-20232024-1178"),
    problems=(
        Problem("unanswered", "question 2 has no answer", "item 2"),
        Problem("footnote-without-text", "footnote 17 has a marker but no text", None),
    ),
)


def _exchange_file(path: Path, doc: Document) -> Path:
    path.write_text(exchange.to_json(doc), encoding="utf-8")
    return path


def test_parse_of_one_file_prints_its_exchange_json(tmp_path: Path) -> None:
    result = overleg("parse", _exchange_file(tmp_path / "a.json", DOC))
    assert result.returncode == 0, result.stderr
    assert exchange.from_json(result.stdout) == DOC


def test_parse_of_several_files_prints_json_lines_in_order(tmp_path: Path) -> None:
    files = [_exchange_file(tmp_path / "a.json", DOC), _exchange_file(tmp_path / "b.json", WITH_PROBLEMS)]
    result = overleg("parse", *files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [exchange.from_dict(json.loads(line)) for line in lines] == [DOC, WITH_PROBLEMS]


def test_parse_goes_on_after_a_bad_file_and_exits_2(tmp_path: Path) -> None:
    good = _exchange_file(tmp_path / "a.json", DOC)
    bad = _write(tmp_path / "leeg.txt", b"")
    result = overleg("parse", bad, good)
    assert result.returncode == 2
    _assert_one_line_naming(result, bad)
    assert [exchange.from_dict(json.loads(line)) for line in result.stdout.splitlines()] == [DOC]


def test_parse_summary_names_the_document_and_counts(tmp_path: Path) -> None:
    result = overleg("parse", "--format", "summary", _exchange_file(tmp_path / "a.json", WITH_PROBLEMS))
    assert result.returncode == 0, result.stderr
    assert "ah-tk-20232024-1178" in result.stdout
    assert "2 items (1 answered)" in result.stdout
    assert "2 problems" in result.stdout


def test_parse_strict_fails_with_status_1_when_the_reader_reported_problems(tmp_path: Path) -> None:
    assert overleg("parse", "--strict", _exchange_file(tmp_path / "a.json", DOC)).returncode == 0
    result = overleg("parse", "--strict", _exchange_file(tmp_path / "b.json", WITH_PROBLEMS))
    assert result.returncode == 1
    assert "problems" in result.stderr


def test_check_lists_every_problem_with_its_place_and_exits_1(tmp_path: Path) -> None:
    path = _exchange_file(tmp_path / "b.json", WITH_PROBLEMS)
    result = overleg("check", path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: item 2: unanswered: question 2 has no answer"
    assert lines[1] == f"{path}: footnote-without-text: footnote 17 has a marker but no text"
    assert lines[-1] == f"{path}: 2 items, 2 problems"


def test_check_of_a_document_without_problems_exits_0(tmp_path: Path) -> None:
    path = _exchange_file(tmp_path / "a.json", DOC)
    result = overleg("check", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: 2 items, 0 problems"


def test_without_arguments_overleg_shows_its_commands() -> None:
    result = overleg()
    assert "Traceback" not in result.stderr
    for command in ("parse", "check", "demo", "bench"):
        assert command in result.stdout + result.stderr
