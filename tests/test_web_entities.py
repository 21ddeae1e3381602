"""The pages per group, member, ministry and committee, /cijfers and /toezeggingen (TestClient),
over the bundled examples ingested, on SQLite and PostgreSQL. Expected values are computed here
from the stored documents, not by the code under test."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for
from corpus_support import EXAMPLES, SEED, migrated_store
from overleg.corpus import names
from overleg.corpus.analytics import entities
from overleg.corpus.document_rules import ministry_of
from overleg.corpus.ingest.pipeline import ingest
from overleg.model import Document, DocumentType
from overleg.store import Store
from overleg.writers import slug
from web_support import SEED_ID

OVERVIEWS = {"group": "/fracties", "member": "/leden", "ministry": "/ministeries", "committee": "/commissies"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path_factory.mktemp("entities")) as store:
        report = ingest([EXAMPLES], store, jobs=1)
        assert report.ok, report.summary()
        yield store


@pytest.fixture(scope="module")
def client(stored: Store) -> Iterator[TestClient]:
    with client_for(stored) as c:
        yield c


@pytest.fixture(scope="module")
def documents(stored: Store) -> dict[str, Document]:
    return {d.id: stored.documents.get(d.id) for d in stored.documents.list(limit=1000)}


def _ministry(doc: Document) -> str | None:
    """The register's ministry of the time (tests/test_names.py checks the register's rules)."""
    day = doc.answered_on or doc.date or doc.questions_sent_on
    for office in (*doc.answered_by, doc.addressee, *doc.addressees):
        if office and ministry_of(office):
            found = names.ministry(office, day)
            return found.shown if found.resolved else ministry_of(office)
    return None


def expected_questions(documents: dict[str, Document]) -> dict[str, Counter[str]]:
    """Per kind, the number of questions of each name (by slug), counted from the documents."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in documents.values():
        day = doc.questions_sent_on or doc.date or doc.answered_on
        parties = {names.group(a.party, day).shown for a in doc.askers if a.party}
        for item in doc.items:
            faction = names.group(item.faction, day).shown if item.faction else None
            for group in {faction, *parties} - {None}:
                found["group"][slug(str(group))] += 1
            for asker in {names.member(a.name, day).shown for a in doc.askers}:
                found["member"][slug(asker)] += 1
        ministry = _ministry(doc)
        if ministry:
            found["ministry"][slug(ministry)] += len(doc.items)
        if doc.committee and doc.committee.name:
            found["committee"][slug(names.committee(doc.committee.name, doc.date).shown)] += len(doc.items)
    return found


def all_items(client: TestClient, path: str) -> list[dict[str, Any]]:
    first = client.get(path + ".json").json()
    items = list(first["items"])
    for n in range(2, first["pages"] + 1):
        items += client.get(f"{path}.json?pagina={n}").json()["items"]
    return items


def all_commitments(client: TestClient, query: str) -> list[dict[str, Any]]:
    first = client.get(f"/toezeggingen.json?{query}").json()
    rows = list(first["commitments"])
    for n in range(2, first["pages"] + 1):
        rows += client.get(f"/toezeggingen.json?{query}&pagina={n}").json()["commitments"]
    return rows


@pytest.mark.parametrize("kind", list(OVERVIEWS))
def test_each_overview_lists_what_the_examples_contain_with_its_count(
        client: TestClient, documents: dict[str, Document], kind: str) -> None:
    expected = expected_questions(documents)[kind]
    assert expected, f"the examples have no {kind}"
    twin = client.get(OVERVIEWS[kind] + ".json").json()
    assert {e["slug"]: e["questions"] for e in twin["entities"]} == dict(expected)
    page = client.get(OVERVIEWS[kind])
    assert page.status_code == 200
    for e in twin["entities"]:
        assert f'<a href="{OVERVIEWS[kind]}/{e["slug"]}">' in page.text


def test_a_group_page_lists_its_questions_newest_first_linking_to_the_exact_items(
        client: TestClient, documents: dict[str, Document]) -> None:
    seed = documents[SEED_ID]
    faction = next(f.name for f in seed.factions)
    items = all_items(client, f"/fracties/{slug(faction)}")
    mine = [i for i in items if i["document_id"] == SEED_ID]
    assert [i["number"] for i in mine] == [i.number for i in seed.items if i.faction == faction]
    dates = [i["date"] or "" for i in items]
    assert dates == sorted(dates, reverse=True)
    report = client.get(f"/documents/{SEED_ID}").text
    for i in mine:
        assert i["href"] == f"/documents/{SEED_ID}#vraag-{i['number']}"
        anchor = i["href"].split("#")[1]
        at = report.index(f'id="{anchor}"')
        assert i["question"][:40].split()[0] in report[at:at + 3000]
        assert i["answer_href"] == f"/documents/{SEED_ID}#antwoord-{i['number']}"
        assert f'id="antwoord-{i["number"]}"' in report
    pages = client.get(f"/fracties/{slug(faction)}.json").json()["pages"]
    html = "".join(client.get(f"/fracties/{slug(faction)}?pagina={n}").text for n in range(1, pages + 1))
    for i in mine:
        assert f'<a href="{i["href"]}">' in html and f'<a href="{i["answer_href"]}">' in html


def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(client: TestClient) -> None:
    twin = client.get("/fracties.json").json()
    biggest = max(twin["entities"], key=lambda e: e["questions"])
    path = f"/fracties/{biggest['slug']}"
    assert client.get(f"{path}.json?pagina=abc").json()["page"] == 1
    last = client.get(f"{path}.json?pagina=99999").json()
    assert last["page"] == last["pages"] and last["items"]
    if last["pages"] > 1:
        two = client.get(f"{path}?pagina=2").text
        assert 'rel="prev"' in two


def test_a_ministry_page_shows_the_median_answer_time_computed_from_the_stored_dates(
        client: TestClient, documents: dict[str, Document]) -> None:
    days: dict[str, list[int]] = defaultdict(list)
    for doc in documents.values():
        if doc.type is DocumentType.SCHRIFTELIJKE_VRAGEN and doc.questions_sent_on and doc.answered_on:
            days[slug(_ministry(doc) or "")].append((doc.answered_on - doc.questions_sent_on).days)
    assert len(days) >= 5
    for key, values in days.items():
        twin = client.get(f"/ministeries/{key}.json").json()
        assert twin["ministry"]["answered"] == len(values)
        assert twin["ministry"]["median_days"] == statistics.median(values)
        late = sum(1 for d in values if d > 21)
        assert twin["ministry"]["later_than_term"] == late
        page = client.get(f"/ministeries/{key}").text
        shown = f"{statistics.median(values):g}".replace(".", ",")
        assert f"<strong>{shown} dagen</strong>" in page
        assert 'role="img"' in page


def test_a_ministry_page_links_to_its_commitments_and_feed_and_the_feed_lists_its_documents(
        client: TestClient, documents: dict[str, Document]) -> None:
    seed = documents[SEED_ID]
    key = slug(_ministry(seed) or "")
    twin = client.get(f"/ministeries/{key}.json").json()
    assert twin["ministry"]["commitments"] >= len(seed.commitments) > 0
    page = client.get(f"/ministeries/{key}").text
    assert f'href="/toezeggingen?ministerie={key}"' in page
    assert f'href="{twin["feed"]}"' in page
    feed = client.get(twin["feed"])
    assert feed.status_code == 200 and "atom" in feed.headers["content-type"]
    assert SEED_ID in feed.text


def test_members_link_to_their_group_and_groups_to_their_members(
        client: TestClient, documents: dict[str, Document]) -> None:
    doc, asker = next((d, a) for d in documents.values() for a in d.askers if a.party)
    assert asker.party is not None
    party = names.group(asker.party, doc.questions_sent_on or doc.date).shown  # the register's group of the time
    member = client.get(f"/leden/{slug(asker.name)}.json").json()
    assert {"kind": "group", "kind_name": "Fractie", "kind_plural": "Fracties", "name": party,
            "href": f"/fracties/{slug(party)}"} in member["related"]
    group = client.get(f"/fracties/{slug(party)}").text
    assert f'<a href="/leden/{slug(asker.name)}">' in group


def test_the_commitments_tracker_lists_the_seed_reports_commitments_with_links_and_due_moments(
        client: TestClient, documents: dict[str, Document]) -> None:
    seed = documents[SEED_ID]
    twin = client.get("/toezeggingen.json").json()
    assert twin["total"] == sum(len(d.commitments) for d in documents.values())
    rows = []
    for n in range(1, twin["pages"] + 1):
        rows += client.get(f"/toezeggingen.json?pagina={n}").json()["commitments"]
    from_seed = [r for r in rows if r["document_id"] == SEED_ID]
    assert [r["text"] for r in sorted(from_seed, key=lambda r: r["position"])] == [c.text for c in seed.commitments]
    report = client.get(f"/documents/{SEED_ID}").text
    for row, made in zip(sorted(from_seed, key=lambda r: r["position"]), seed.commitments, strict=True):
        assert row["due"] == made.due
        assert row["due_by"] == (made.due_by.isoformat() if made.due_by else None)
        if made.item is not None:
            assert row["item_href"] == f"/documents/{SEED_ID}#antwoord-{made.item}"
            assert f'id="antwoord-{made.item}"' in report
        assert row["status"] in ("open", "overdue", "fulfilled")
    page = client.get("/toezeggingen").text
    first = from_seed[0]
    if first in twin["commitments"]:
        assert f'href="{first["item_href"] or first["href"]}"' in page


def test_commitments_filter_by_ministry_and_status_and_sort_by_due_date(client: TestClient) -> None:
    everything = client.get("/toezeggingen.json").json()
    for m in everything["ministries"]:
        only = client.get(f"/toezeggingen.json?ministerie={m['slug']}").json()
        assert only["total"] >= 1
        assert all(r["ministry_href"] == f"/ministeries/{m['slug']}" for r in only["commitments"])
    for status, code in (("open", "open"), ("verlopen", "overdue"), ("nagekomen", "fulfilled")):
        only = client.get(f"/toezeggingen.json?status={status}").json()
        assert all(r["status"] == code for r in only["commitments"])
    counts = [client.get(f"/toezeggingen.json?status={s}").json()["total"] for s in ("open", "verlopen", "nagekomen")]
    assert sum(counts) == everything["total"]
    due = [r["due_by"] for r in all_commitments(client, "sorteer=eerst")]
    known = [d for d in due if d]
    assert known and due[:len(known)] == sorted(known)
    late_first = [r["due_by"] for r in all_commitments(client, "sorteer=laatst")]
    assert late_first[:len(known)] == sorted(known, reverse=True)
    odd = client.get("/toezeggingen?ministerie=%3Cgeen%3E&status=raar")
    assert odd.status_code == 200 and 'role="status"' in odd.text and "&lt;geen&gt;" in odd.text


@pytest.mark.parametrize("path", ["/fracties/geen-fractie", "/leden/niemand", "/ministeries/van-niets",
                                  "/commissies/geen-commissie", "/leden/%3Cscript%3E"])
def test_unknown_slugs_get_a_kind_404_page_and_a_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "niet gevonden" in page.text and '<a href="/">' in page.text and "<script>" not in page.text
    twin = client.get(path + ".json")
    assert twin.status_code == 404 and twin.json()["status"] == 404


def test_the_figures_page_shows_the_three_charts_and_its_twin_the_numbers(
        client: TestClient, documents: dict[str, Document]) -> None:
    page = client.get("/cijfers").text
    assert page.count('role="img"') >= 3
    assert page.count("<h1>") == 1
    twin = client.get("/cijfers.json").json()
    answered = [d for d in documents.values() if d.type is DocumentType.SCHRIFTELIJKE_VRAGEN
                and d.questions_sent_on and d.answered_on]
    assert twin["overall"]["answered"] == len(answered)
    assert sum(r["answered"] for r in twin["answer_times"]) == len(answered)
    assert sum(twin["commitments"].values()) == sum(len(d.commitments) for d in documents.values())


@pytest.mark.parametrize("path", ["/fracties", "/leden", "/ministeries", "/commissies", "/cijfers", "/toezeggingen",
                                  "/schriftelijke-vragen"])
def test_the_header_links_every_overview_page(client: TestClient, path: str) -> None:
    home = client.get("/").text
    assert f'<a href="{path}">' in home


def test_the_view_is_built_once_per_store_change(tmp_path: Any) -> None:
    with migrated_store("sqlite", tmp_path) as store:
        assert ingest([SEED], store, jobs=1).ok
        today = dt.date(2026, 11, 27)
        first = entities.corpus_view(store, today)
        assert entities.corpus_view(store, today) is first
        assert entities.corpus_view(store, today + dt.timedelta(days=1)) is not first
        assert ingest([EXAMPLES / "ah-tk-20232024-1292.pdf"], store, jobs=1).ok
        after = entities.corpus_view(store, today)
        assert after is not first and after.documents == first.documents + 1
        assert re.fullmatch(r"[a-z0-9-]+", next(iter(after.entities["member"])))


def _entity_with(per_quarter: tuple[tuple[str, int], ...], per_year: tuple[tuple[str, int], ...]) -> entities.Entity:
    return entities.Entity("group", "x", "X", 0, 0, 0, (), per_quarter, per_year)


def test_quiet_periods_count_zero_and_a_long_span_is_counted_per_year() -> None:
    from overleg.web.entity_pages import per_period

    period, rows = per_period(_entity_with((("2024-Q3", 2), ("2025-Q2", 5)), (("2024", 2), ("2025", 5))))
    assert period == "quarter"
    assert rows == [{"period": p, "questions": n} for p, n in
                    (("2024-Q3", 2), ("2024-Q4", 0), ("2025-Q1", 0), ("2025-Q2", 5))]
    period, rows = per_period(_entity_with((("2020-Q1", 1), ("2024-Q4", 3)), (("2020", 1), ("2024", 3))))
    assert period == "year"
    assert [r["questions"] for r in rows] == [1, 0, 0, 0, 3]
    assert per_period(_entity_with((), ())) == ("quarter", [])


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_second_item_with_the_same_number_links_to_its_own_anchor_and_text(kind: str, tmp_path: Any) -> None:
    from overleg.corpus.ingest.save import save_and_index
    from overleg.model import Asker, Item

    doc = Document(type=DocumentType.SCHRIFTELIJKE_VRAGEN, title="Twee keer vraag drie", date=dt.date(2024, 5, 1),
                   askers=(Asker("Tweemaal Lid", "Testpartij"),),
                   items=(Item(3, "De eerste vraag drie over dijken?", "Ja."),
                          Item(3, "De tweede vraag drie over duinen?", "Nee.")))
    with migrated_store(kind, tmp_path) as store:
        saved = save_and_index(store, doc, doc_id="test-twee-keer-drie")
        with client_for(store) as client:
            items = client.get("/leden/tweemaal-lid.json").json()["items"]
            report = client.get(f"/documents/{saved.id}").text
    assert [(i["href"], i["question"]) for i in items] == [
        (f"/documents/{saved.id}#vraag-3", "De eerste vraag drie over dijken?"),
        (f"/documents/{saved.id}#vraag-3-2", "De tweede vraag drie over duinen?")]
    for i in items:
        at = report.index(f'id="{i["href"].split("#")[1]}"')
        assert i["question"] in report[at:at + 2000]


def _excerpt(text: str) -> str:
    plain = " ".join(text.split())
    return plain if len(plain) <= entities.EXCERPT_CHARS else plain[:entities.EXCERPT_CHARS].rstrip() + "…"


def expected_items(documents: dict[str, Document], kind: str, key: str) -> list[tuple[Any, ...]]:
    """The entity's items as its pages should list them, from the stored documents: newest document
    first, in document order, with the HTML writer's anchors (``-2`` for a repeated number)."""
    from overleg.corpus.document_rules import date_asked as document_date

    found = []
    for doc_id, doc in sorted(documents.items(), key=lambda d: (document_date(d[1]) or dt.date.min, d[0]),
                              reverse=True):
        day = document_date(doc)
        party = any(slug(names.group(a.party, day).shown) == key for a in doc.askers if a.party)
        seen: Counter[int] = Counter()
        promised = {c.item for c in doc.commitments}
        for item in doc.items:
            seen[item.number] += 1
            suffix = "" if seen[item.number] == 1 else f"-{seen[item.number]}"
            faction = names.group(item.faction, day).shown if item.faction else None
            committee = names.committee(doc.committee.name, doc.date).shown if doc.committee and \
                doc.committee.name else None
            mine = {"group": party or bool(faction and slug(faction) == key),
                    "member": any(slug(names.member(a.name, day).shown) == key for a in doc.askers),
                    "ministry": slug(_ministry(doc) or "") == key,
                    "committee": bool(committee and slug(committee) == key)}
            if mine[kind]:
                found.append((f"/documents/{doc_id}#vraag-{item.number}{suffix}",
                              f"/documents/{doc_id}#antwoord-{item.number}{suffix}" if item.answer else None,
                              item.number, bool(item.answer), item.referral_only, item.number in promised,
                              faction, _excerpt(item.question)))
    return found


@pytest.mark.parametrize("kind", list(OVERVIEWS))
def test_the_pages_of_the_biggest_entity_list_each_of_its_items_once_as_the_stored_documents_have_them(
        client: TestClient, documents: dict[str, Document], kind: str) -> None:
    biggest = max(client.get(OVERVIEWS[kind] + ".json").json()["entities"], key=lambda e: e["questions"])
    path = f"{OVERVIEWS[kind]}/{biggest['slug']}"
    if kind == "group":
        assert client.get(path + ".json").json()["pages"] >= 3
    items = all_items(client, path)
    assert [(i["href"], i["answer_href"], i["number"], i["answered"], i["referral_only"], i["commitment"],
             i["faction"], i["question"]) for i in items] == expected_items(documents, kind, biggest["slug"])
    assert len({i["href"] for i in items}) == len(items) == biggest["questions"]


def test_a_document_without_a_stored_title_is_listed_under_its_pages_title_not_its_id(
        client: TestClient, documents: dict[str, Document]) -> None:
    seed = documents[SEED_ID]
    assert not seed.title and not seed.subject  # the case: nothing to show but the id, before
    shown = client.get(f"/documents/{SEED_ID}.json").json()["title"]
    assert shown != SEED_ID
    twin = client.get("/toezeggingen.json").json()
    rows = []
    for n in range(1, twin["pages"] + 1):
        rows += client.get(f"/toezeggingen.json?pagina={n}").json()["commitments"]
    assert {r["title"] for r in rows if r["document_id"] == SEED_ID} == {shown}
    group = client.get("/fracties.json").json()["entities"][0]
    items = client.get(f"{group['href']}.json").json()["items"]
    assert all(i["title"] != i["document_id"] for i in items)


def test_a_group_page_is_one_per_register_entry_with_the_names_it_was_printed_as(client: TestClient) -> None:
    pvdd = client.get("/fracties/pvdd.json").json()
    assert pvdd["name"] == "PvdD" and pvdd["in_register"]
    assert {"PvdD", "Partij voor de Dieren"} <= set(pvdd["printed_as"])  # a question's party, a report's faction
    assert client.get("/fracties/partij-voor-de-dieren.json").status_code == 404
    page = client.get("/fracties/pvdd").text
    assert "<dt>Gedrukt als</dt>" in page and "Partij voor de Dieren" in page


def test_a_group_of_an_earlier_time_links_to_its_successor(client: TestClient) -> None:
    gl = client.get("/fracties/gl.json").json()  # GroenLinks, on questions of 2023
    assert gl["succeeded_by"] == [{"name": "GroenLinks-PvdA", "href": "/fracties/groenlinks-pvda"}]
    assert '<dt>Opgevolgd door</dt><dd><a href="/fracties/groenlinks-pvda">GroenLinks-PvdA</a></dd>' in \
        client.get("/fracties/gl").text


def test_a_ministry_the_register_does_not_know_is_shown_as_printed_and_said_so(client: TestClient) -> None:
    rekenkamer = client.get("/ministeries/algemene-rekenkamer.json").json()
    assert rekenkamer["name"] == "Algemene Rekenkamer" and not rekenkamer["in_register"]
    assert "niet in het register van namen" in client.get("/ministeries/algemene-rekenkamer").text


def test_a_page_printed_only_by_its_own_name_lists_no_other_names(client: TestClient) -> None:
    vvd = client.get("/fracties/vvd.json").json()  # the examples print only "VVD"
    assert vvd["printed_as"] == [] and "<dt>Gedrukt als</dt>" not in client.get("/fracties/vvd").text
