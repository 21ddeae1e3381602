"""Facet values are kept folded in the index; the search page shows them by the register's name, or as
documents print them when the register does not know them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_support import EXAMPLES, migrated_store
from overleg import read
from overleg.corpus import names
from overleg.corpus.document_rules import answering_ministry
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.facet_names import printed_names
from overleg.store import Store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("names")) as opened:
        assert ingest([EXAMPLES], opened, jobs=1).ok
        yield opened


def test_every_group_ministry_and_committee_of_the_seed_is_shown_by_its_register_name(store: Store) -> None:
    seed = read(EXAMPLES / "kst-21501-02-3349.txt")
    wanted = [("group", fold(names.group(f.name, seed.date).shown)) for f in seed.factions]
    assert seed.committee is not None and seed.committee.name
    wanted += [("ministry", fold(str(answering_ministry(seed)))), ("committee", fold(seed.committee.name))]
    found = printed_names(store, wanted)
    assert found[("group", "pvdd")] == "PvdD"  # printed "Partij voor de Dieren"
    assert found[("ministry", "buitenlandse zaken")] == "Buitenlandse Zaken"
    assert ("committee", "vaste commissie voor buitenlandse zaken") in found
    assert found[("committee", "vaste commissie voor buitenlandse zaken")] == "vaste commissie voor Buitenlandse Zaken"
    for (_facet, value), name in found.items():
        assert fold(name) == value


def test_a_name_the_register_does_not_know_is_shown_as_a_document_prints_it(store: Store) -> None:
    # the Algemene Rekenkamer answers the lists of questions: no ministry of the register
    assert printed_names(store, [("ministry", "algemene rekenkamer")]) == {
        ("ministry", "algemene rekenkamer"): "Algemene Rekenkamer"}


def test_a_value_no_document_prints_is_shown_as_it_is(store: Store) -> None:
    assert printed_names(store, [("group", "geen-partij"), ("asker", "d66")]) == {
        ("group", "geen-partij"): "geen-partij", ("asker", "d66"): "d66"}


def test_a_party_of_written_questions_is_a_group_with_its_register_name(store: Store, tmp_path: Path) -> None:
    parties = {a.party for p in sorted(EXAMPLES.glob("ah-tk-*")) for a in read(p).askers if a.party}
    assert "ChristenUnie" in parties  # printed in full, the register's key is CU
    found = printed_names(store, [("group", fold(names.group(party, None).shown)) for party in parties])
    assert set(found.values()) <= {g.key for g in names.register().groups}
    assert found[("group", "cu")] == "CU"
