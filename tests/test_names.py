"""One register of names for the corpus (issue 17, point 4): parties, ministries, committees and
persons resolved at the document's date, so that every count has one name per group, ministry
and committee; the facet counts of a search add up to its hits."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_support import EXAMPLES, migrated_store
from overleg.cli import app
from overleg.corpus import names
from overleg.corpus.analytics.entities import build_corpus_view
from overleg.corpus.document_rules import answering_ministry, asker_parties, date_asked, group_shares
from overleg.corpus.ingest.pipeline import ingest
from overleg.corpus.ingest.save import save_and_index
from overleg.corpus.search.analysis import fold
from overleg.corpus.search.entries import facet_values
from overleg.corpus.search.facet_names import filter_value, printed_names
from overleg.corpus.search.facets import FacetCount, search_with_counts
from overleg.corpus.search.filters import SearchFilters
from overleg.errors import PermissionDenied
from overleg.model import Asker, Committee, Document, DocumentType, Faction, Item
from overleg.service import Credentials, Service
from overleg.store import Store
from overleg.vocabulary.registers import ParliamentaryGroup, group_at, ministry_at, seed

REGISTER = seed()
DAY_2022 = dt.date(2022, 5, 10)
DAY_2024 = dt.date(2024, 5, 10)


def _ministry(office: str, day: dt.date | None) -> str | None:
    found = ministry_at(REGISTER.ministries, REGISTER.persons, office, day)
    return found.key if found else None


# -- the register's rules ------------------------------------------------------------------------

@pytest.mark.parametrize("printed", ["PvdD", "Partij voor de Dieren", "partij voor de dieren", "PvdD-fractie",
                                     "de fractie van de Partij voor de Dieren"])
def test_every_spelling_of_the_partij_voor_de_dieren_is_one_group(printed: str) -> None:
    assert names.group(printed, DAY_2024).shown == "PvdD"


@pytest.mark.parametrize(("printed", "day", "group"), [
    ("GroenLinks", DAY_2022, "GL"), ("PvdA", DAY_2022, "PvdA"), ("GroenLinks-PvdA", DAY_2024, "GroenLinks-PvdA"),
    ("GL-PvdA", DAY_2024, "GroenLinks-PvdA"),
    # printed after the two groups became one: the group of the time is the successor
    ("GroenLinks", DAY_2024, "GroenLinks-PvdA"), ("PvdA", DAY_2024, "GroenLinks-PvdA"),
    ("GroenLinks", dt.date(2023, 12, 5), "GL"), ("GroenLinks", dt.date(2023, 12, 6), "GroenLinks-PvdA"),
])
def test_groenlinks_and_the_pvda_count_per_group_of_the_time(printed: str, day: dt.date, group: str) -> None:
    assert names.group(printed, day).shown == group


def test_a_group_of_an_earlier_time_links_to_its_successor_and_an_old_group_still_resolves() -> None:
    gl = names.group("GroenLinks", DAY_2022)
    assert gl.resolved and gl.succeeded_by == ("GroenLinks-PvdA",)
    old = group_at(REGISTER.groups, "Gereformeerd Politiek Verbond", dt.date(1998, 1, 1))
    assert old is not None and old.key == "GPV" and not old.active and old.succeeded_by == ("CU",)


def test_a_name_the_register_does_not_know_is_kept_as_printed_and_listed_as_unresolved() -> None:
    unknown = names.group("Partij van de Toekomst", DAY_2024)
    assert not unknown.resolved and unknown.shown == "Partij van de Toekomst"
    listed = names.unresolved([unknown, names.group("PvdD", DAY_2024), unknown])
    assert [(u.kind, u.printed, u.documents) for u in listed] == [("group", "Partij van de Toekomst", 2)]


@pytest.mark.parametrize("office", [
    "Minister Bruins Slot (Buitenlandse Zaken)", "Minister Bruins Slot (BZ)", "Minister Bruins Slot (BuZa)",
    "De Minister van Buitenlandse Zaken, H.G.J. Bruins Slot", "minister van Buitenlandse Zaken",
    "Minister Bruins Slot",  # no portfolio: the post she held that day
])
def test_every_signatory_form_of_the_minister_of_foreign_affairs_is_buitenlandse_zaken(office: str) -> None:
    assert _ministry(office, dt.date(2024, 6, 3)) == "BZ"


def test_a_person_without_a_portfolio_is_read_by_the_post_held_that_day() -> None:
    assert _ministry("Minister Bruins Slot", dt.date(2023, 3, 1)) == "BZK"  # before 5 September 2023
    assert _ministry("Minister Bruins Slot", dt.date(2030, 1, 1)) is None  # no post then: not guessed


def test_a_staatssecretaris_with_a_portfolio_after_a_dash_is_of_the_ministry() -> None:
    assert _ministry("de staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", DAY_2024) == "FIN"
    assert _ministry("Staatssecretaris Van Huffelen (Binnenlandse Zaken en Koninkrijksrelaties)", DAY_2024) == "BZK"


@pytest.mark.parametrize(("office", "day", "key"), [
    ("Minister van Economische Zaken en Klimaat", dt.date(2023, 3, 1), "EZK"),
    ("Minister voor Klimaat en Energie", dt.date(2023, 3, 1), "EZK"),
    # split in two: the old name keeps its own entry, whose successors are known
    ("Minister van Economische Zaken en Klimaat", dt.date(2025, 1, 1), "EZK"),
    ("Minister Hermans (Klimaat en Groene Groei)", dt.date(2024, 7, 17), "KGG"),
    ("Minister van Economische Zaken", dt.date(2025, 1, 1), "EZ"),
    ("Minister van Landbouw, Natuur en Voedselkwaliteit", dt.date(2023, 10, 18), "LNV"),
    ("Minister Van der Wal-Zeggelink (Natuur en Stikstof)", dt.date(2023, 9, 14), "LNV"),
    ("LNV", dt.date(2025, 1, 1), "LVVN"),  # one successor: the ministry of the time
    ("Minister van Veiligheid en Justitie", dt.date(2015, 1, 1), "VenJ"),
    ("Minister van Veiligheid en Justitie", dt.date(2019, 1, 1), "JenV"),
    ("Minister van Justitie", dt.date(2009, 6, 1), "JUS"),  # a document before 2010 still resolves
    ("Minister van Justitie", dt.date(2020, 6, 1), "JenV"),  # followed through VenJ to JenV
    ("Minister van Verkeer en Waterstaat", dt.date(2008, 6, 1), "VenW"),
    ("Minister De Jonge (Volkshuisvesting en Ruimtelijke Ordening)", dt.date(2024, 2, 20), "BZK"),
    ("Minister van Volkshuisvesting en Ruimtelijke Ordening", dt.date(2025, 1, 1), "VRO"),
])
def test_a_reorganisation_maps_an_old_name_to_the_ministry_of_the_time(office: str, day: dt.date, key: str) -> None:
    assert _ministry(office, day) == key


def test_ezk_knows_its_successors() -> None:
    ezk = names.ministry("Economische Zaken en Klimaat", dt.date(2023, 1, 1))
    assert ezk.shown == "Economische Zaken en Klimaat" and ezk.succeeded_by == ("Economische Zaken",
                                                                               "Klimaat en Groene Groei")


def test_an_asker_printed_without_a_party_has_the_group_the_person_sat_in_that_day() -> None:
    assert asker_parties([Asker("Klaver")], dt.date(2023, 6, 1)) == ("GL",)
    assert asker_parties([Asker("Klaver")], DAY_2024) == ("GroenLinks-PvdA",)
    assert asker_parties([Asker("Onbekend Kamerlid")], DAY_2024) == ()


def test_two_spellings_of_one_faction_in_a_report_are_one_share() -> None:
    shares = group_shares([_Faction("PvdD", 2), _Faction("Partij voor de Dieren", 3), _Faction("SP", 1)], [],
                          6, 6, DAY_2024)
    assert [(s.name, s.items) for s in shares] == [("PvdD", 5), ("SP", 1)]


class _Faction:
    def __init__(self, name: str, items: int) -> None:
        self.name, self.items, self.answered = name, items, items


def test_a_filter_on_a_register_name_matches_its_entry_exactly() -> None:
    assert filter_value("group", "Partij van de Arbeid") == "pvda"
    assert filter_value("group", "GL-PvdA") == "groenlinks-pvda"
    assert filter_value("ministry", "De Minister van Buitenlandse Zaken, H.G.J. Bruins Slot") == "buitenlandse zaken"
    assert filter_value("group", "Partij van de Toekomst") is None  # unknown: a substring, as before


def test_every_name_of_every_entry_resolves_to_that_entry_alone() -> None:
    for g in REGISTER.groups:
        for printed in g.names():
            found = group_at(REGISTER.groups, printed, None)
            assert found is not None and found.key == g.key, printed
    for m in REGISTER.ministries:
        for printed in (m.name, *m.abbreviations, *(p.title for p in m.posts)):
            ministry = ministry_at(REGISTER.ministries, REGISTER.persons, printed, m.end or m.start)
            assert ministry is not None and ministry.key == m.key, printed


def test_every_person_of_the_register_has_a_source_and_known_groups_and_ministries() -> None:
    groups = {g.key for g in REGISTER.groups}
    ministries = {m.key: m for m in REGISTER.ministries}
    for person in REGISTER.persons:
        assert person.source and person.memberships, person.key
        for held in person.memberships:
            if held.post is None:
                assert held.of in groups, (person.key, held.of)
            else:
                assert held.of in ministries and held.post in {p.title for p in ministries[held.of].posts}, person.key


# -- the corpus: facets that add up ---------------------------------------------------------------

def _generated() -> list[Document]:
    """Documents that print one group or ministry in several ways (and one the register lacks)."""
    def questions(n: int, asker: Asker, office: str, sent: dt.date) -> Document:
        return Document(DocumentType.SCHRIFTELIJKE_VRAGEN, title=f"Vragen over de zuivelsector {n}",
                        askers=(asker,), answered_by=(office,), questions_sent_on=sent,
                        answered_on=sent + dt.timedelta(days=30),
                        items=tuple(Item(i, f"Kent u het bericht over de zuivelsector {n}-{i}?", "Ja.")
                                    for i in (1, 2)))
    docs = [
        questions(1, Asker("Wassenberg", "PvdD"), "Minister Bruins Slot (BZ)", dt.date(2024, 1, 8)),
        questions(2, Asker("Wassenberg", "Partij voor de Dieren"), "De Minister van Buitenlandse Zaken, "
                  "H.G.J. Bruins Slot", dt.date(2024, 2, 8)),
        questions(3, Asker("Klaver", "GroenLinks"), "Minister van Economische Zaken en Klimaat", dt.date(2022, 3, 1)),
        questions(4, Asker("Klaver", "GL-PvdA"), "Minister Hermans (Klimaat en Groene Groei)", dt.date(2024, 9, 2)),
        questions(5, Asker("Mutluer", "PvDA"), "de staatssecretaris van Financiën - Fiscaliteit en Belastingdienst",
                  dt.date(2023, 10, 10)),
        questions(6, Asker("Nieuwkomer", "Partij van de Toekomst"), "Minister van Financiën", dt.date(2024, 3, 1)),
    ]
    report = Document(DocumentType.VERSLAG, title="Verslag over de zuivelsector",
                      date=dt.date(2024, 4, 2), addressee="minister van Buitenlandse Zaken",
                      committee=Committee("Vaste commissie van Buitenlandse Zaken"),
                      factions=(Faction("Partij voor de Dieren"), Faction("GroenLinks-PvdA")),
                      items=(Item(1, "De leden van de PvdD-fractie vragen naar de zuivelsector.", "Zo.",
                                  faction="Partij voor de Dieren"),
                             Item(2, "De leden van de fractie GroenLinks-PvdA vragen naar de zuivelsector.",
                                  faction="GroenLinks-PvdA")))
    return [*docs, report]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("names")) as opened:
        assert ingest([EXAMPLES], opened, jobs=1).ok
        for doc in _generated():
            save_and_index(opened, doc)
        yield opened


def _expected_values(store: Store, document_id: str, item: int | None) -> dict[str, set[str]]:
    """A hit's values per facet, from the stored document and the register (not from the index)."""
    doc = store.documents.get(document_id)
    day = date_asked(doc)
    faction = next((i.faction for i in doc.items if i.number == item), None) if item is not None else None
    groups = {names.group(faction, day).shown} if faction else set()
    groups |= set(asker_parties(doc.askers, day))
    ministry = answering_ministry(doc)
    committee = names.committee(doc.committee.name, day).shown if doc.committee and doc.committee.name else None
    return {"group": groups, "ministry": {ministry} if ministry else set(),
            "committee": {committee} if committee else set()}


@pytest.mark.parametrize("query", ["zuivelsector", "minister", "kabinet", "bericht"])
def test_facet_counts_add_up_to_the_hits_with_one_name_per_register_entry(store: Store, query: str) -> None:
    hits, more, counts = search_with_counts(store, query, SearchFilters(), limit=5000)
    assert counts is not None and not more and not counts.bounded and counts.hits == len(hits)
    per_hit = [_expected_values(store, h.document_id, h.item) for h in hits]
    for facet, found in (("group", counts.group), ("ministry", counts.ministry), ("committee", counts.committee)):
        shown = printed_names(store, [(facet, f.value) for f in found])
        expected = Counter(name for values in per_hit for name in values[facet])
        assert {shown[(facet, f.value)]: f.count for f in found} == dict(expected), facet
        # the counts add up: to the hits with a value, each counted once per register entry
        assert sum(f.count for f in found) == sum(len(v[facet]) for v in per_hit)
        single = [v for v in per_hit if len(v[facet]) <= 1]
        assert sum(len(v[facet]) for v in single) == sum(expected[n] for n in expected) - sum(
            len(v[facet]) for v in per_hit if len(v[facet]) > 1)
        _one_value_per_entry(facet, found)
    # every hit has exactly one ministry: the ministry counts add up to the hits
    assert sum(f.count for f in counts.ministry) == counts.hits


def _one_value_per_entry(facet: str, found: tuple[FacetCount, ...]) -> None:
    keys = [names.of(facet, f.value, None).key for f in found]
    resolved = [k for k in keys if k is not None]
    assert len(resolved) == len(set(resolved)), (facet, found)


def test_the_generated_spellings_are_one_value_each(store: Store) -> None:
    _, _, counts = search_with_counts(store, "zuivelsector", SearchFilters(), limit=500)
    assert counts is not None
    groups = {f.value: f.count for f in counts.group}
    # a hit is an item or a title: questions 1 and 2 (PvdD, Partij voor de Dieren) have 3 hits
    # each, the report's PvdD item one
    assert groups["pvdd"] == 7 and "partij voor de dieren" not in groups
    assert groups["gl"] == 3 and groups["groenlinks-pvda"] == 4 and groups["pvda"] == 3
    assert groups["partij van de toekomst"] == 3  # not in the register: kept as printed
    ministries = {f.value: f.count for f in counts.ministry}
    assert ministries["buitenlandse zaken"] == 9 and ministries["economische zaken en klimaat"] == 3
    committees = {f.value: f.count for f in counts.committee}
    assert committees == {"vaste commissie voor buitenlandse zaken": 3}


def test_a_filter_by_any_spelling_finds_the_same_hits_as_the_facet_says(store: Store) -> None:
    found = {}
    for typed in ("PvdD", "Partij voor de Dieren", "pvdd"):
        hits, _, _ = search_with_counts(store, "zuivelsector", SearchFilters(group=typed), limit=500, counts=False)
        found[typed] = {(h.document_id, h.item) for h in hits}
    assert len(found["PvdD"]) == 7 and found["PvdD"] == found["Partij voor de Dieren"] == found["pvdd"]
    pvda, _, _ = search_with_counts(store, "zuivelsector", SearchFilters(group="PvdA"), limit=500, counts=False)
    assert len(pvda) == 3  # not the GroenLinks-PvdA hits


def test_entity_pages_have_one_page_per_register_entry_with_the_names_it_was_printed_as(store: Store) -> None:
    view = build_corpus_view(store, dt.date(2026, 3, 1))
    pvdd = view.entity("group", "pvdd")
    assert pvdd is not None and pvdd.in_register and pvdd.name == "PvdD"
    assert {"PvdD", "Partij voor de Dieren"} <= set(pvdd.printed_as)
    assert view.entity("group", "partij-voor-de-dieren") is None
    gl = view.entity("group", "gl")
    assert gl is not None and [s.name for s in gl.succeeded_by] == ["GroenLinks-PvdA"]
    bz = view.entity("ministry", "buitenlandse-zaken")
    assert bz is not None and bz.in_register and bz.name == "Buitenlandse Zaken"
    unknown = view.entity("group", "partij-van-de-toekomst")
    assert unknown is not None and not unknown.in_register
    assert view.entity("ministry", "natuur-en-stikstof") is None  # a post, of the ministry LNV
    assert view.entity("ministry", "landbouw-natuur-en-voedselkwaliteit") is not None


def test_entity_pages_list_each_person_once_however_printed(store: Store) -> None:
    view = build_corpus_view(store, dt.date(2026, 3, 1))
    nispen = view.entity("member", "van-nispen")
    assert nispen is not None and nispen.documents == 2 and nispen.in_register
    related = {r.name for r in nispen.related if r.kind == "group"}
    assert related == {"SP"}


def test_the_unresolved_names_of_the_bundled_examples_are_few_and_listed(tmp_path: Path) -> None:
    from overleg import read
    printed: list[names.Name] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name == "SOURCES.md" or not path.is_file():  # moties/: motions, not question documents
            continue
        doc = read(path)
        day = date_asked(doc)
        printed += [names.party_of(a.name, a.party, day) or names.group("?", day) for a in doc.askers]
        printed += [names.ministry(o, doc.answered_on or day) for o in (*doc.answered_by, *doc.addressees) if o]
        printed += [names.group(f.name, day) for f in doc.factions]
        if doc.committee and doc.committee.name:
            printed.append(names.committee(doc.committee.name, day))
    unresolved = names.unresolved(printed)
    # the Algemene Rekenkamer is a college of state, not a ministry: kept as printed, listed
    assert [(u.kind, u.printed) for u in unresolved] == [("ministry", "Algemene Rekenkamer")]
    assert sum(1 for n in printed if n.resolved) >= 80


# -- after a change to the register: re-index, and the names it lacks -----------------------------

def test_reindex_rewrites_facet_values_indexed_before_the_register(store: Store) -> None:
    from sqlalchemy import update

    from overleg.store.engine import write
    from overleg.store.generation import new_generation
    from overleg.store.schema import search_facets

    with write(store.engine) as conn:  # as an index written before the register would hold it
        conn.execute(update(search_facets).where(search_facets.c.value == "pvdd")
                     .values(value="partij voor de dieren"))
        new_generation(conn)  # as every write to the corpus tables does (kept search pages: store.generation)
    stale = {f.value for f in _group_counts(store)}
    assert "partij voor de dieren" in stale
    indexed = Service(store).corpus.reindex(Credentials.operator())
    assert indexed == len(store.documents.list(limit=1000))
    fresh = {f.value for f in _group_counts(store)}
    assert "pvdd" in fresh and "partij voor de dieren" not in fresh


def _group_counts(store: Store) -> tuple[FacetCount, ...]:
    _, _, counts = search_with_counts(store, "zuivelsector", SearchFilters(), limit=500)
    assert counts is not None
    return counts.group


def test_only_an_administrator_may_reindex_or_list_the_unresolved_names(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        Service(store).corpus.reindex(Credentials.public())
    with pytest.raises(PermissionDenied):
        Service(store).corpus.unresolved_names(Credentials.public())


def test_the_names_command_lists_what_the_register_does_not_know(store: Store) -> None:
    result = CliRunner().invoke(app, ["db", "names", "--json", "--database", store.url])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    unresolved = {(u["kind"], u["printed"]): u["documents"] for u in found["unresolved"]}
    assert unresolved == {("ministry", "Algemene Rekenkamer"): 4, ("group", "Partij van de Toekomst"): 1}
    assert found["names"] > 60
    plain = CliRunner().invoke(app, ["db", "names", "--database", store.url])
    assert plain.exit_code == 0 and "5 not in the register" in plain.output.splitlines()[0]
    assert "Partij van de Toekomst" in plain.output


def test_a_feed_of_a_group_or_ministry_in_any_spelling_lists_the_same_documents(store: Store) -> None:
    from overleg.corpus.alerts.feeds import facet_entries

    def ids(kind: str, value: str) -> set[str]:
        return {e.key for e in facet_entries(store, kind, value, "https://overleg.example")}

    pvdd = ids("group", "PvdD")
    assert len(pvdd) == 5  # two generated questions, the generated report, Wassenberg's questions, the seed report
    assert pvdd == ids("group", "Partij voor de Dieren") == ids("group", "de fractie van de PvdD")
    assert not ids("group", "PvdA") & ids("group", "GroenLinks-PvdA")
    bz = ids("ministry", "Minister Bruins Slot (BZ)")
    assert bz == ids("ministry", "Buitenlandse Zaken") and len(bz) >= 5


@given(st.sampled_from([g for g in REGISTER.groups if g.active]), st.data())
def test_any_spelling_of_an_active_group_among_the_askers_is_that_groups_one_facet_value(
        group: ParliamentaryGroup, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(group.names()))
    cased = data.draw(st.sampled_from([name.upper(), name.lower(), name.title(), name]))
    around = data.draw(st.sampled_from(["{}", "{}-fractie", "de fractie van {}", " {} ", "{}."]))
    printed = around.format(cased)
    doc = Document(DocumentType.SCHRIFTELIJKE_VRAGEN, questions_sent_on=dt.date(2026, 1, 5),
                   askers=(Asker("Iemand", printed), Asker("Ander", group.key)),
                   items=(Item(1, "Vraag?"),))
    parties = [v for f, v in facet_values(doc) if f == "party"]
    assert parties == [fold(group.key)], (printed, parties)
