"""The group's editor in-process, on SQLite and PostgreSQL: passages with topics, footnotes,
papers and motions saved as a draft, reordered, previewed in print order, handed in and
withdrawn; bad input refused in Dutch with what was typed kept; other groups get a 404."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api_helpers import client_for, migrated_store
from db_support import database
from overleg.store import Store
from web_support import log_in, seed_intake, session_token

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
EDITOR = "/werkruimte/so-1/inbreng/Klein"


def NOW() -> dt.datetime:
    return START + dt.timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with database(request.param, tmp_path) as url:
        opened = migrated_store(url)
        seed_intake(opened, START)
        yield opened
        opened.close()


def _as(store: Store, username: str) -> TestClient:
    client = client_for(store, clock=NOW)
    log_in(client, username)
    return client


def _version(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found is not None
    return found.group(1)


TWO = {"aantal": "2", "inleiding": "De leden van de fractie Klein hebben vragen.",
       "v0-id": "", "v0-onderwerp": "Dijken", "v0-tekst": "Hoe hoog zijn de dijken?", "v0-noten": "1",
       "v0-n0-tekst": "Zie het rapport", "v0-n0-url": "https://example.org/rapport", "v0-stukken": "21501-02, nr. 3349",
       "v0-moties": "Bamenga: 21501-02, nr. 3350",
       "v1-id": "", "v1-onderwerp": "Sluizen", "v1-tekst": "Wie beheert de sluizen?", "v1-noten": "0",
       "v1-stukken": "", "v1-moties": ""}


def _save(client: TestClient, **extra: str) -> object:
    page = client.get(EDITOR).text
    return client.post(EDITOR, data={**TWO, "csrf": session_token(client, EDITOR), "version": _version(page), **extra},
                       follow_redirects=False)


def test_topics_footnotes_papers_and_motions_are_saved_as_a_draft_and_previewed_in_print_order(store: Store) -> None:
    with _as(store, "member-klein") as client:
        done = _save(client, do="omlaag-1")  # move the first passage down, in the same post
        assert done.status_code == 303, done.text[-1500:]  # type: ignore[attr-defined]
        page = client.get(EDITOR).text
        assert "Concept, niet ingediend" in page
        assert page.index("Wie beheert de sluizen?") < page.index("Hoe hoog zijn de dijken?")
        preview = client.get(EDITOR + "/voorbeeld").text
        assert preview.index("Sluizen") < preview.index("Wie beheert de sluizen?") < preview.index("Dijken") \
            < preview.index("Hoe hoog zijn de dijken?")
        assert "https://example.org/rapport" in preview and "3349" in preview
        assert "De leden van de fractie Klein hebben vragen." in preview


def test_a_draft_does_not_count_until_handed_in_and_can_be_withdrawn(store: Store) -> None:
    with _as(store, "member-klein") as client:
        _save(client)
        confirm = client.get(EDITOR + "/indienen").text
        assert "Na indienen telt uw inbreng mee; u kunt hem tot" in confirm
        done = client.post(EDITOR + "/indienen", data={"csrf": session_token(client, EDITOR),
                                                      "version": _version(confirm)}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].endswith("?gedaan=ingediend")
        page = client.get(EDITOR).text
        assert "Ingediend op 2 maart 2026, 11.00 uur" in page
        retract = client.post(EDITOR + "/intrekken", data={"csrf": session_token(client, EDITOR),
                                                          "version": _version(page)}, follow_redirects=False)
        assert retract.status_code == 303
        assert "Concept, niet ingediend" in client.get(EDITOR).text
    with _as(store, "griffier") as clerk:
        overview = clerk.get("/werkruimte/so-1").text
        assert ">concept</a>" in overview and ">ingediend</a>" in overview  # Klein, Groot
        assert clerk.get(EDITOR).status_code == 200  # the clerk reads the editor


def test_a_javascript_footnote_address_is_refused_in_dutch_with_what_was_typed_kept(store: Store) -> None:
    with _as(store, "member-klein") as client:
        bad = _save(client, **{"v0-n0-url": "javascript:alert(1)"})
        assert bad.status_code == 400  # type: ignore[attr-defined]
        text = bad.text  # type: ignore[attr-defined]
        assert "<title>Fout:" in text and 'class="foutsamenvatting"' in text
        assert 'href="#vraag-1-noot-1-url"' in text and "https://, http:// of mailto:" in text
        assert "Wie beheert de sluizen?" in text and "javascript:alert(1)" in text
        assert "Nog niets opgeslagen" in client.get(EDITOR).text


def test_adding_a_passage_without_javascript_saves_and_returns_with_an_empty_one(store: Store) -> None:
    with _as(store, "member-klein") as client:
        done = _save(client, do="vraag-erbij")
        assert done.headers["location"].endswith("?erbij=vraag")  # type: ignore[attr-defined]
        page = client.get(done.headers["location"]).text  # type: ignore[attr-defined]
        assert "<legend>Vraag 3</legend>" in page and 'id="vraag-3-onderwerp"' in page
        assert re.search(r'id="vraag-3-onderwerp"[^>]*autofocus', page)


def test_a_post_without_the_session_token_is_refused(store: Store) -> None:
    with _as(store, "member-klein") as client:
        page = client.get(EDITOR).text
        forged = client.post(EDITOR, data={**TWO, "csrf": "verzonnen", "version": _version(page)})
        assert forged.status_code == 403
        assert client.post(EDITOR + "/indienen", data={"csrf": "verzonnen", "version": "0"}).status_code == 403
        assert "Nog niets opgeslagen" in client.get(EDITOR).text


@pytest.mark.parametrize("username", ["member-groot", "ambtenaar"])
def test_another_groups_member_and_the_ministry_get_404_on_the_editor(store: Store, username: str) -> None:
    with _as(store, "member-klein") as client:
        _save(client)
    with _as(store, username) as other:
        assert other.get(EDITOR).status_code == 404
        assert other.get(EDITOR + "/voorbeeld").status_code == 404
        assert "Hoe hoog" not in other.get(EDITOR + "/voorbeeld").text
        assert other.post(EDITOR, data={**TWO, "csrf": session_token(other), "version": "1"}).status_code == 404


def test_the_consultation_page_links_to_the_editor_instead_of_a_form(store: Store) -> None:
    with _as(store, "member-klein") as client:
        page = client.get("/werkruimte/so-1").text
        assert f'href="{EDITOR}"' in page and 'name="passages"' not in page
