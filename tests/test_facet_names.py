"""Facet values are kept folded in the index; the search page shows them as documents print them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_support import EXAMPLES, migrated_store
from overleg import read
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.facet_names import printed_names
from overleg.store import Store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("names")) as opened:
        assert ingest([EXAMPLES], opened, jobs=1).ok
        yield opened


def test_every_group_ministry_and_committee_of_the_seed_gets_its_printed_name_back(store: Store) -> None:
    seed = read(EXAMPLES / "kst-21501-02-3349.txt")
    printed = [("group", f.name) for f in seed.factions]
    printed += [("ministry", name) for name in (seed.addressee, *seed.addressees, *seed.answered_by) if name]
    if seed.committee and seed.committee.name:
        printed.append(("committee", seed.committee.name))
    assert any(name != fold(name) for _, name in printed)  # the test means something: case is lost in folding
    found = printed_names(store, [(facet, fold(name)) for facet, name in printed])
    spellings: dict[tuple[str, str], set[str]] = {}
    for facet, name in printed:
        spellings.setdefault((facet, fold(name)), set()).add(name)
    assert set(found) == set(spellings)
    for (facet, value), name in found.items():
        # as some document prints it (any document holding the value may be the one asked)
        assert fold(name) == value
        assert name != value or value in spellings[(facet, value)]


def test_a_value_no_document_prints_is_shown_as_it_is(store: Store) -> None:
    assert printed_names(store, [("group", "geen-partij"), ("asker", "d66")]) == {
        ("group", "geen-partij"): "geen-partij", ("asker", "d66"): "d66"}


def test_a_party_of_written_questions_is_a_group_with_its_printed_name(store: Store, tmp_path: Path) -> None:
    parties = {a.party for p in sorted(EXAMPLES.glob("ah-tk-*")) for a in read(p).askers if a.party}
    assert parties
    found = printed_names(store, [("group", fold(party)) for party in parties])
    assert set(found.values()) <= parties | {fold(p) for p in parties}
    assert any(found[("group", fold(p))] == p for p in parties)
