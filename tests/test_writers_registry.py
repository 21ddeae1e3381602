"""The writer registry behind ``overleg.write`` and ``overleg convert``."""

from __future__ import annotations

from pathlib import Path

import pytest

import overleg
from overleg.errors import UnsupportedFormat
from overleg.writers import PLANNED, WRITERS, formats
from sample_documents import seed_like

DOCS = Path(__file__).resolve().parents[1] / "docs" / "writers.md"


@pytest.mark.parametrize("name", formats())
def test_every_format_writes_text_or_bytes_as_its_row_says(name: str) -> None:
    out = overleg.write(seed_like(), name)
    assert isinstance(out, bytes) == WRITERS[name].binary
    assert out


def test_format_names_are_case_insensitive() -> None:
    assert overleg.write(seed_like(), " CSV ") == overleg.write(seed_like(), "csv")


@pytest.mark.parametrize("name", sorted(PLANNED))
def test_planned_formats_are_announced_as_not_available_yet(name: str) -> None:
    with pytest.raises(UnsupportedFormat, match="not available yet"):
        overleg.write(seed_like(), name)


def test_an_unknown_format_is_an_unsupported_format_error() -> None:
    with pytest.raises(UnsupportedFormat, match="unknown output format"):
        overleg.write(seed_like(), "yaml")


@pytest.mark.parametrize("name", [*formats(), *PLANNED])
def test_the_writer_docs_mention_every_format(name: str) -> None:
    assert f"`{name}`" in DOCS.read_text(encoding="utf-8")
