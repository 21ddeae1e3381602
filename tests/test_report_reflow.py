"""The seed report re-flowed three ways must read the same as the layout lines it came from.

Layout is a hint only: (a) every paragraph joined into one line, (b) paragraphs re-wrapped at
another width, (c) page furniture removed (whitespace-only lines, link-target URL lines, runs of
blank lines), (d) the notes moved to the end must give the same items, groups and
footnotes. Phrases are compared after the checker's normalisation with spaces dropped, since a
hyphenated line end may be re-joined with or without a space.
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from overleg.model import Document
from overleg.readers import read
from overleg.readers.source import Source

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "overleg" / "examples" / "kst-21501-02-3349.txt"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", ROOT / "tests" / "golden" / "score_parse.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NORM: Callable[[str | None], str] = _checker().norm


def _runs(text: str) -> list[list[str]]:
    """Runs of non-blank lines (whitespace-only lines count as blank)."""
    runs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            runs[-1].append(line.strip())
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-") and out[-2:-1].isalnum():
            out += line
        else:
            out += " " + line
    return out


def joined_paragraphs(text: str) -> str:
    return "\n\n".join(_join(run) for run in _runs(text)) + "\n"


def rewrapped(text: str, width: int = 100) -> str:
    return "\n\n".join(
        textwrap.fill(_join(run), width=width, break_long_words=False, break_on_hyphens=False) for run in _runs(text)
    ) + "\n"


def without_furniture(text: str) -> str:
    kept = [line for line in text.split("\n") if (line.strip() and not re.match(r"\s*https?://", line))
            or not line]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line for line in kept)) + "\n"


def notes_at_the_end(text: str) -> str:
    """As a conversion from HTML prints them: the notes after the text, one paragraph each, no
    link-target lines. Note blocks are recognised by the seed's known note texts."""
    starts = {f"{n.number} {n.text.split()[0]}" for n in _read(text, "seed.txt").footnotes if n.text}
    body: list[str] = []
    notes: list[str] = []
    for run in _runs(text):
        if re.match(r"https?://", run[0]):
            continue
        (notes if " ".join(run[0].split()[:2]) in starts else body).append(_join(run))
    return "\n\n".join(body + notes) + "\n"


def _read(text: str, name: str) -> Document:
    return read(Source(name, text.encode("utf-8")))


def _squash(text: str | None) -> str:
    return NORM(text).replace(" ", "")


def _shape(doc: Document) -> dict[str, object]:
    return {
        "items": [
            (i.number, NORM(i.faction), NORM(i.topic), _squash(i.question)[:60], _squash(i.question)[-60:],
             _squash(i.answer)[:60], _squash(i.answer)[-60:])
            for i in doc.items
        ],
        "factions": [NORM(f.name) for f in doc.factions],
        "footnotes": [(f.number, _squash(f.text)) for f in doc.footnotes],
    }


@pytest.fixture(scope="module")
def original() -> dict[str, object]:
    return _shape(_read(SEED.read_text(encoding="utf-8"), SEED.name))


VARIANTS = [joined_paragraphs, rewrapped, without_furniture, notes_at_the_end]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda f: f.__name__)
def test_reflowed_seed_reads_as_the_layout_lines(variant: Callable[[str], str], original: dict[str, object]) -> None:
    text = variant(SEED.read_text(encoding="utf-8"))
    assert text != SEED.read_text(encoding="utf-8")
    shape = _shape(_read(text, f"{variant.__name__}.txt"))
    assert shape["factions"] == original["factions"]
    assert shape["footnotes"] == original["footnotes"]
    assert len(shape["items"]) == len(original["items"])  # type: ignore[arg-type]
    for got, want in zip(shape["items"], original["items"], strict=True):  # type: ignore[call-overload]
        assert got == want


def test_the_variants_really_change_the_layout() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert max(len(line) for line in joined_paragraphs(text).split("\n")) > 500
    assert {len(line) for line in rewrapped(text).split("\n") if " " in line} - set(range(101)) <= {
        len(line) for line in rewrapped(text).split("\n") if "http" in line}
    assert "https://" not in without_furniture(text)
